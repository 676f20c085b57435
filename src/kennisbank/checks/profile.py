"""The rule set (`profiel`): under `skos` an error only for what SKOS forbids or what cannot be
written, a warning for what NL-SBB or a SKOS convention asks, and this programme's house rules
not applied at all."""

from __future__ import annotations

import dataclasses

from kennisbank.content.model import Inhoud
from kennisbank.core.findings import Finding, Level


def is_skos(inhoud: Inhoud) -> bool:
    """True when the kader states `profiel: skos` (only SKOS's own rules are errors)."""
    return inhoud.kader is not None and inhoud.kader.profiel == "skos"


# The house rules of Erkenning & Herstel: how this programme wants its own begrippenkader
# written and published. Neither SKOS nor NL-SBB asks any of it, so under `profiel: skos`
# (another organisation's vocabulary) they are not applied at all, not even as warnings.
HOUSE_RULES: dict[str, str] = {
    "geen-bronnen": "every concept names a source",
    "geen-uitleg": "every concept has a plain-language (B1) explanation",
    "wees-begrip": "every concept hangs somewhere (broader, narrower, related, collection)",
    "term-zonder-relatie": "a definition using another concept's term relates to it",
    "genus-niet-breder": "the genus a definition starts with is a broader concept",
    "ongebruikt-begrip": "every concept's terms occur in the leidraad, a definition or a page",
    "ontraden-term-aanbevolen": "an ontraden term (our kb:ontradenTerm) is nobody's term",
    "vervangen-zonder-verouderd": "vervangen_door only with status verouderd",
    "gepubliceerd-begrip-weg": "a released concept's file never disappears",
    "versie-tag": "versie follows the release tags vX.Y.Z",
}


# Under `profiel: skos` these findings are warnings: NL-SBB asks for them, or a SKOS
# convention that is no integrity condition, or they can be written in every format but
# one. (code, a word the message must contain, or "" for any)
WARNINGS_UNDER_SKOS = (
    # NL-SBB: a definition, a scheme title and a voorkeursterm for every concept.
    ("ontbrekende-sleutel", "'definitie'"), ("ontbrekende-sleutel", "'titel'"),
    ("ontbrekende-sleutel", "'voorkeursterm'"),
    # NL-SBB: every mapping target known (label, definition) from vocabulaires/.
    ("koppeling-buiten-vocabulaires", ""), ("onbekende-koppeling", ""),
    # SKOS conventions, not integrity conditions: one concept per prefLabel in a scheme
    # (S14 is per concept), mappings only to other schemes, and exactMatch taken at its
    # word (two concepts matching the same external concept happens in real thesauri; the
    # other side is not ours).
    ("dubbele-voorkeursterm", ""), ("alternatieve-term-is-voorkeursterm", "de voorkeursterm van"),
    ("koppeling-naar-eigen-kader", ""), ("gelijkgestelde-begrippen", ""),
    ("dubbele-exacte-koppeling", ""),
    # Turtle, JSON-LD and N-Triples can write it; only RDF/XML cannot.
    ("onschrijfbare-rdf", ""),
    # Direction marks belong in Hebrew and Arabic labels; in our terms they hide look-alikes.
    ("ongeldig-teken", "richtingsteken"),
)


def apply_profile(inhoud: Inhoud, findings: list[Finding]) -> list[Finding]:
    if not is_skos(inhoud):
        return findings
    return [dataclasses.replace(f, level=Level.WAARSCHUWING)
            if f.level is Level.FOUT and any(f.code == code and word in f.message
                                             for code, word in WARNINGS_UNDER_SKOS) else f
            for f in findings if f.code not in HOUSE_RULES]
