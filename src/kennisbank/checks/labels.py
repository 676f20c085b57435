"""Rules on terms as labels: one voorkeursterm per concept and language across the kader, an
alternatieve term is nobody's voorkeursterm, no term holds a direction control."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kennisbank.checks.common import (
    at,  # carve
    begrip_path,  # carve
    error,  # carve
)
from kennisbank.content.iris import places_of
from kennisbank.content.model import Begrip, Inhoud
from kennisbank.content.schema import bidi_character
from kennisbank.core.findings import Finding
from kennisbank.core.text import fold


def labels(inhoud: Inhoud) -> Iterator[Finding]:
    """Unique voorkeurstermen per language; no alternatieve term equal to a voorkeursterm."""
    # Per scheme: two schemes of one project may each have their own 'water'. A concept in
    # no scheme counts with the others in none (None).
    pref: dict[tuple[str | None, str, str], Begrip] = {}
    for ident in sorted(inhoud.begrippen):
        b = inhoud.begrippen[ident]
        for lang, term in b.voorkeursterm.items():
            found = next((f for f in (pref.setdefault((s, lang, fold(term)), b)
                                      for s in places_of(b)) if f is not b), b)
            if found is not b:
                yield error(at(b.locs, f"voorkeursterm.{lang}", begrip_path(b)),
                             "dubbele-voorkeursterm", f"voorkeursterm {term!r} ({lang}) is ook "
                             f"de voorkeursterm van {found.id!r}; elk begrip heeft een eigen "
                             "voorkeursterm")
    for ident in sorted(inhoud.begrippen):
        b = inhoud.begrippen[ident]
        for lang, terms in b.alternatieve_termen.items():
            for i, term in enumerate(terms):
                owner = next((o for s in places_of(b)
                              if (o := pref.get((s, lang, fold(term)))) is not None), None)
                if owner is None:
                    continue
                pos = at(b.locs, f"alternatieve_termen.{lang}.{i}", begrip_path(b))
                whose = "de eigen voorkeursterm" if owner is b else \
                    f"de voorkeursterm van {owner.id!r}"
                yield error(pos, "alternatieve-term-is-voorkeursterm",
                             f"alternatieve term {term!r} is {whose}; verwijder hem of kies "
                             "een andere relatie")


def direction_controls(inhoud: Inhoud) -> Iterator[Finding]:
    """No term holds a character that changes the direction of the text (U+202E and the
    like): such a term looks like another word, or like a second copy of an existing one."""
    for ident in sorted(inhoud.begrippen):
        b = inhoud.begrippen[ident]
        if bidi_character(_all_text(b)) is None:  # most concepts: one search, no places made
            continue
        found = [(f"voorkeursterm.{lang}", term) for lang, term in b.voorkeursterm.items()]
        for name in ("alternatieve_termen", "zoektermen"):
            found += [(f"{name}.{lang}.{i}", term)
                      for lang, terms in getattr(b, name).items() for i, term in enumerate(terms)]
        for where, term in found:
            bad = bidi_character(term)
            if bad:
                yield error(at(b.locs, where, begrip_path(b)), "ongeldig-teken",
                            f"term {term!r} bevat het richtingsteken {bad}; het is onzichtbaar "
                            "en laat de term er anders uitzien dan hij is; verwijder het")
        yield from _reordering_texts(b)


# Fields of prose: a right-to-left mark (U+200E, U+200F, U+061C) belongs in Arabic or Hebrew
# text, but an override, embedding or isolate makes the site show a sentence in another order
# than the file a reviewer read (R12-2).
PROSE = ("definitie", "uitleg", "toelichting", "naam", "voorbeelden", "notities",
         "redactionele_notities", "wijzigingsnotities", "historische_notities")
_REORDERING = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _all_text(b: Begrip) -> str:
    """Every term and prose text of a concept in one string (the characters refused in prose
    are among those refused in terms)."""
    parts = [*b.voorkeursterm.values()]
    for name in ("alternatieve_termen", "zoektermen"):
        for terms in getattr(b, name).values():
            parts += terms
    for name in PROSE:
        for value in getattr(b, name).values():
            if isinstance(value, str):
                parts.append(value)
            else:
                parts += value
    return "\n".join(parts)


def _reordering_texts(b: Begrip) -> Iterator[Finding]:
    for name in PROSE:
        for lang, value in getattr(b, name).items():
            texts = [(f"{name}.{lang}", value)] if isinstance(value, str) else \
                [(f"{name}.{lang}.{i}", text) for i, text in enumerate(value)]
            for where, text in texts:
                found = _REORDERING.search(text)
                if found:
                    yield error(at(b.locs, where, begrip_path(b)), "ongeldig-teken",
                                f"{name} bevat het richtingsteken U+{ord(found.group()):04X} "
                                f"(teken {found.start() + 1}); het is onzichtbaar en laat de "
                                "zin op de site in een andere volgorde zien dan in het "
                                "bestand; verwachtte tekst zonder richtingstekens (U+202A–"
                                "U+202E, U+2066–U+2069)")
