"""Rules on terms in running text: a definition that uses another concept's term without a
relation, a concept used nowhere, a genus that is not broader."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kennisbank.content.model import Begrip, Inhoud
from kennisbank.content.termen import definition_from_genus, first_word
from kennisbank.core.findings import Finding
from kennisbank.core.text import fold

if TYPE_CHECKING:
    from kennisbank.content.termen import TermIndex
from kennisbank.checks.common import (
    RELATION_KEYS,
    at,
    begrip_path,
    broader_of,
    warning,
)


def terms(inhoud: Inhoud) -> Iterator[Finding]:
    """Hints from where the concepts' terms occur (one term index for both)."""
    from kennisbank.content.termen import TermIndex

    index = TermIndex.of(inhoud)
    yield from _terms_in_definitions(inhoud, index)
    yield from _unused(inhoud, index)


def _terms_in_definitions(inhoud: Inhoud, index: TermIndex) -> Iterator[Finding]:
    """A definition that uses another concept's term hints at a missing relation."""
    neighbours: dict[str, set[str]] = {ident: set() for ident in inhoud.begrippen}
    for b in inhoud.begrippen.values():
        for target in [*(t for name in RELATION_KEYS for t in getattr(b, name)),
                       *([b.vervangen_door] if b.vervangen_door else [])]:
            neighbours[b.id].add(target)
            neighbours.setdefault(target, set()).add(b.id)
    for ident in sorted(inhoud.begrippen):
        b = inhoud.begrippen[ident]
        text = b.definitie.get("nl", "")
        mine = neighbours[ident]
        reported: set[str] = set()
        for match in index.find(text):
            other = match.ident
            if other == ident or other in reported:
                continue
            # Two steps away counts as related: a definition of a kind of regeling may use
            # the terms of the regeling's own neighbours without a relation of its own.
            # (Neighbours are mutual: a common neighbour is a neighbour's neighbour.)
            if other in mine or not mine.isdisjoint(neighbours.get(other, ())):
                continue
            reported.add(other)
            yield warning(at(b.locs, "definitie.nl", begrip_path(b)), "term-zonder-relatie",
                           f"de definitie gebruikt {text[match.start:match.end]!r}, een term van "
                           f"begrip {other!r}, maar {other!r} staat niet in 'breder' of "
                           "'gerelateerd' (van een van beide kanten); voeg een relatie toe als "
                           "de begrippen samenhangen")


def _unused(inhoud: Inhoud, index: TermIndex) -> Iterator[Finding]:
    """A concept whose terms appear nowhere: not in the leidraad, another concept or a page.
    Only for a kader published with pages (a docs/ folder); a bare vocabulary has no prose."""
    if inhoud.paginas is None:
        return
    from kennisbank.content.termen import usage

    found = usage(inhoud, index)
    for ident in sorted(inhoud.begrippen):
        if not found.used(ident):
            b = inhoud.begrippen[ident]
            yield warning(at(b.locs, "", begrip_path(b)), "ongebruikt-begrip",
                           f"begrip {ident!r} komt nergens voor: niet in de leidraad, niet in "
                           "de tekst van een ander begrip en niet op een pagina in docs/")


def _ancestors(inhoud: Inhoud, b: Begrip) -> set[str]:
    seen: set[str] = set()
    todo = [t for _, _, t in broader_of(b)]
    while todo:
        ident = todo.pop()
        if ident not in seen and ident in inhoud.begrippen:
            seen.add(ident)
            todo.extend(t for _, _, t in broader_of(inhoud.begrippen[ident]))
    return seen


def genus_not_broader(inhoud: Inhoud) -> Iterator[Finding]:
    """A definition that starts with another concept's voorkeursterm names that concept as its
    genus: it should be a broader concept (directly or higher up)."""
    # A definition is looked up at its own word boundaries, longest first, only at the
    # lengths the terms with its first word have: one dictionary look-up per length, never a
    # scan of every term that shares the first word (40,000 terms starting with 'wet').
    owner: dict[tuple[str, str], str] = {}
    lengths: dict[tuple[str, str], set[int]] = {}
    folded: dict[str, list[str]] = {}  # id → its voorkeurstermen, normalised
    for key, b in inhoud.begrippen.items():
        own: list[str] = []
        folded[key] = own
        for lang, term in b.voorkeursterm.items():
            if normalised := fold(term):
                own.append(normalised)
                if (lang, normalised) not in owner or b.id < owner[lang, normalised]:
                    owner[lang, normalised] = b.id
                lengths.setdefault((lang, first_word(normalised)), set()).add(len(normalised))
    longest_first = {key: sorted(found, reverse=True) for key, found in lengths.items()}
    for ident in sorted(inhoud.begrippen):
        b = inhoud.begrippen[ident]
        for lang in sorted(b.definitie):
            own = [*folded[ident], *(normalised for t in b.alternatieve_termen.get(lang, [])
                                     if (normalised := fold(t)))]
            body = definition_from_genus(b.definitie[lang], own)
            genus = next(((body[:n], owner[lang, body[:n]])
                          for n in longest_first.get((lang, first_word(body)), [])
                          if n <= len(body) and not body[n:n + 1].isalnum()
                          and (lang, body[:n]) in owner), None)
            if genus is None or genus[1] == ident or genus[1] in _ancestors(inhoud, b):
                continue
            other = genus[1]
            term = inhoud.begrippen[other].voorkeursterm[lang]
            yield warning(at(b.locs, f"definitie.{lang}", begrip_path(b)),
                           "genus-niet-breder",
                           f"de definitie begint met {term!r}, de voorkeursterm van begrip "
                           f"{other!r}, maar {other!r} is geen breder begrip; zet {other!r} in "
                           "'breder' of begin de definitie met het bredere begrip dat wel geldt")
