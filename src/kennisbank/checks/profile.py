"""The rule set (`profiel`): under `skos` an error only for what SKOS forbids or what cannot be
written, a warning for what NL-SBB or a SKOS convention asks, and this programme's house rules
not applied at all; under `erkenning-en-herstel` the programme's editorial rules on top of
`nl-sbb`."""

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

# The programme's own editorial rules: how Erkenning & Herstel writes a definition, an uitleg,
# a source and a step of its leidraad. Applied only under `profiel: erkenning-en-herstel`
# (the programme's own kader): a kader of `kennisbank init`, an import or another project
# (`nl-sbb`, `skos`) gets none of them. The tests of our content (tests/test_content.py) ask
# the check for them, so an editor's pull request fails with these Dutch findings.
PROGRAMME_RULES: dict[str, str] = {
    # checks/huisstijl.py: definitions in NL-SBB form, uitleg in plain language, terms
    "definitie-herhaalt-term": "a definition starts with its genus, not with 'Een X is'",
    "definitie-is-term": "a definition is more than its own term",
    "definitie-te-kort": "a definition has at least 8 words",
    "definitie-te-lang": "a definition has at most 40 words",
    "voorbeeld-in-definitie": "examples belong in voorbeelden, not in the definition",
    "jaartal-in-definitie": "dates belong in toelichting, not in the definition",
    "zin-te-lang": "an uitleg sentence has at most 20 words (B1)",
    "afkorting-niet-voluit": "an abbreviation in uitleg is written out at its first use",
    "ontbrekende-taal": "every concept has a Dutch and an English voorkeursterm",
    "engelse-term-wisselt": "one English word for one Dutch word across the terms",
    "bekende-vertaalfout": "no English label the reviewers rejected",
    "breder-zonder-soort": "every breder link states its one ISO 25964 kind",
    # checks/bronregels.py: sources
    "bron-zonder-vindplaats": "a source has a url or a citatie",
    "bron-is-kopie": "no source cites a mirror or AI summary of an official paper",
    "secundaire-bron": "a source not from an official publisher is marked secundair",
    "nieuws-als-persbericht": "only an official publisher issues a persbericht",
    "geen-officiele-bron": "a concept rests on an official source or says why not",
    "vastgesteld-zonder-primaire-bron": "an adopted concept cites a primary source",
    # checks/stappen.py: the leidraad's steps
    "onvolledige-stap": "a step has toelichting, checklist and bronnen",
    "checklist-zonder-rol": "every checklist item names who does it",
    "rol-niet-beschreven": "the leidraad's introduction describes every role",
    "antwoord-zonder-gevolg": "a step whose answers all lead to one place says why",
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


def is_programme(inhoud: Inhoud) -> bool:
    """True when the kader states `profiel: erkenning-en-herstel` (the programme's own rules)."""
    return inhoud.kader is not None and inhoud.kader.profiel == "erkenning-en-herstel"


def apply_profile(inhoud: Inhoud, findings: list[Finding]) -> list[Finding]:
    if not is_programme(inhoud):
        findings = [f for f in findings if f.code not in PROGRAMME_RULES]
    if not is_skos(inhoud):
        return findings
    return [dataclasses.replace(f, level=Level.WAARSCHUWING)
            if f.level is Level.FOUT and any(f.code == code and word in f.message
                                             for code, word in WARNINGS_UNDER_SKOS) else f
            for f in findings if f.code not in HOUSE_RULES]
