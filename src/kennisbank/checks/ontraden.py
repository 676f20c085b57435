"""The rule on `ontraden_termen`: a term the programme advises against is nobody's
voorkeursterm or alternatieve term."""

from __future__ import annotations

from collections.abc import Iterator

from kennisbank.checks.common import at, begrip_path, error
from kennisbank.content.model import Inhoud
from kennisbank.core.findings import Finding
from kennisbank.core.text import fold


def ontraden(inhoud: Inhoud) -> Iterator[Finding]:
    """An ontraden term that is a voorkeursterm or alternatieve term (of any concept, in the
    same language) would be advised against and recommended at once."""
    terms: dict[tuple[str, str], tuple[str, str]] = {}  # (lang, folded) → (kind, concept id)
    for ident in sorted(inhoud.begrippen, reverse=True):  # the first concept's claim wins
        b = inhoud.begrippen[ident]
        for lang, values in b.alternatieve_termen.items():
            for term in values:
                terms[(lang, fold(term))] = ("een alternatieve term", ident)
        for lang, term in b.voorkeursterm.items():
            terms[(lang, fold(term))] = ("de voorkeursterm", ident)
    for ident in sorted(inhoud.begrippen):
        b = inhoud.begrippen[ident]
        for lang, values in b.ontraden_termen.items():
            for i, term in enumerate(values):
                found = terms.get((lang, fold(term)))
                if found is None:
                    continue
                kind, owner = found
                whose = "van dit begrip zelf" if owner == ident else f"van {owner!r}"
                yield error(at(b.locs, f"ontraden_termen.{lang}.{i}", begrip_path(b)),
                            "ontraden-term-aanbevolen",
                            f"ontraden term {term!r} ({lang}) is ook {kind} {whose}; een "
                            "term kan niet tegelijk aangeraden en ontraden worden")
