"""The rule set (`profiel`): under `skos` what only NL-SBB demands is a warning, not an error."""

from __future__ import annotations

import dataclasses

from kennisbank.content.model import Inhoud
from kennisbank.core.findings import Finding, Level


def is_skos(inhoud: Inhoud) -> bool:
    """True when the kader states `profiel: skos` (only SKOS's own rules are errors)."""
    return inhoud.kader is not None and inhoud.kader.profiel == "skos"


# Under `profiel: skos` these findings are warnings: NL-SBB (or our own format) asks for
# them, SKOS does not. (code, a word the message must contain, or "" for any)
NL_SBB_ONLY = (("ontbrekende-sleutel", "'definitie'"), ("ontbrekende-sleutel", "'titel'"),
               ("ontbrekende-sleutel", "'voorkeursterm'"), ("onschrijfbare-rdf", ""),
               ("dubbele-voorkeursterm", ""),
               ("alternatieve-term-is-voorkeursterm", "de voorkeursterm van"),
               # exactMatch is transitive, but two concepts matching the same external
               # concept happens in real thesauri (COAR) and the other side is not ours.
               ("gelijkgestelde-begrippen", ""))


def apply_profile(inhoud: Inhoud, findings: list[Finding]) -> list[Finding]:
    if not is_skos(inhoud):
        return findings
    return [dataclasses.replace(f, level=Level.WAARSCHUWING)
            if f.level is Level.FOUT and any(f.code == code and word in f.message
                                             for code, word in NL_SBB_ONLY) else f
            for f in findings]
