"""JSON Schemas for editors, generated from the model declaration (see `schema.key`)."""

from __future__ import annotations

import json
from typing import Any

from kennisbank.content.fields import ListOf, MapOf, Record, Text, TextList
from kennisbank.content.model import BEGRIP, KADER, LEIDRAAD, STAP, VOCABULAIRE
from kennisbank.content.schema import ID, URL, Bool, Enum, Str

# The largest integer a browser's JSON.parse keeps exactly (2**53 - 1): above it a number
# is rounded, or Infinity, so leidraad.js refuses it and the schema does too.
SAFE_INTEGER = 2**53 - 1
BASE_ID = "https://begrippen.erkenningenherstel.nl/schema/"

def _text(doc: str) -> dict[str, str]:
    return {"type": "string", "description": doc}


def _nullable(doc: str) -> dict[str, Any]:
    return {"type": ["string", "null"], "description": doc}


def _record(properties: dict[str, Any], doc: str) -> dict[str, Any]:
    return {"type": "object", "description": doc, "required": sorted(properties),
            "properties": properties}


# A dossier of the leidraad as leidraad.js stores it and downloads it ("Download als JSON")
# and opens it again. Hand-written here, next to the others, because it describes what the
# browser writes, not a content file; leidraad.js checks the same shape (dossierProblem).
DOSSIER: dict[str, Any] = {
    **_record({
        "formaat": {"const": "kennisbank-leidraad-dossier",
                    "description": "Vaste waarde: dit bestand is een dossier van de leidraad."},
        "formaatversie": {"const": 1, "description": "Versie van dit formaat; een andere "
                          "versie wordt geweigerd met een melding."},
        "id": _text("Kenmerk van het dossier in de browser (bij openen krijgt het een nieuw)."),
        "zaak": _text("Naam van de zaak."),
        "organisatie": _text("Organisatie die het dossier bijhoudt."),
        "team": _text("Team dat het dossier bijhoudt."),
        "aangemaakt": _text("Tijdstip van aanmaken (ISO 8601)."),
        "bijgewerkt": _text("Tijdstip van de laatste wijziging (ISO 8601)."),
        "leidraad": _record({"titel": _text("Titel van de leidraad."),
                             "versie": _text("Versie van de leidraad bij de laatste "
                                             "wijziging.")},
                            "De leidraad waarmee het dossier werd bijgehouden."),
        "stappen": {
            "type": "object",
            "description": "Antwoorden per stap-id (de bestandsnaam in leidraad/). Ook "
                           "stappen die niet meer in de leidraad staan, blijven bewaard.",
            "additionalProperties": {
                **_record({
                    "uitkomst": {"type": ["integer", "null"], "minimum": 0, "maximum": SAFE_INTEGER,
                                 "description": "Volgnummer (vanaf 0) van de gekozen "
                                                "uitkomst, of null."},
                    "antwoord": _text("Tekst van de gekozen uitkomst toen die werd gekozen "
                                      "(leeg als er geen is)."),
                    "wie": _text("Wie besliste (naam of rol)."),
                    "datum": _text("Datum van het besluit (JJJJ-MM-DD)."),
                    "motivering": _text("Waarom: besluit en motivering."),
                    "acties": {"type": "array", "description": "Afgevinkte acties.",
                               "items": _record({
                                   "nummer": {"type": "integer", "minimum": 0,
                                              "maximum": SAFE_INTEGER,
                                              "description": "Volgnummer in de checklist."},
                                   "tekst": _text("Tekst van de actie bij het afvinken."),
                                   "afgevinkt": _text("Datum van afvinken (JJJJ-MM-DD)."),
                               }, "Een afgevinkte actie.")},
                    "vingerafdruk": _text("Vingerafdruk van vraag, checklist en uitkomsten "
                                          "van de stap bij het antwoord (zie leidraad.json); "
                                          "wijkt die af, dan is de stap gewijzigd sinds het "
                                          "antwoord."),
                    "versie": _text("Versie van de leidraad bij het antwoord."),
                    "bijgewerkt": _text("Tijdstip van de laatste wijziging (ISO 8601)."),
                }, "Het antwoord op één stap."),
            },
        },
        "geschiedenis": {
            "type": "array",
            "description": "Elke wijziging, oudste eerst; regels worden alleen toegevoegd.",
            "items": _record({
                "tijd": _text("Tijdstip (ISO 8601)."),
                "stap": _text("Stap-id, of leeg voor het dossier zelf."),
                "wat": _text("Wat er veranderde."),
                "oud": _nullable("Waarde ervoor, of null."),
                "nieuw": _nullable("Waarde erna, of null."),
            }, "Eén wijziging."),
        },
    }, "Een dossier van de leidraad."),
}
DOSSIER["properties"]["geexporteerd"] = _text("Tijdstip van downloaden (alleen in een "
                                              "download; niet verplicht).")

SCHEMAS: dict[str, tuple[Record | dict[str, Any], str]] = {
    "begrip": (BEGRIP, "Een begrip: begrippen/<id>.yaml"),
    "kader": (KADER, "Het begrippenkader: begrippen/_kader.yaml"),
    "stap": (STAP, "Een stap van de leidraad: leidraad/<id>.yaml"),
    "leidraad": (LEIDRAAD, "De leidraad: leidraad/_leidraad.yaml"),
    "vocabulaire": (VOCABULAIRE, "Een ander begrippenkader: vocabulaires/<id>.yaml"),
    "dossier": (DOSSIER, "Een dossier van de leidraad: 'Download als JSON' op de "
                "dossierpagina"),
}


# Schemas of the site's downloads (not of content files).
DOWNLOADS = {"termen": "De termen van het begrippenkader: downloads/termen.json"}


def json_schema(name: str) -> dict[str, Any]:
    if name in DOWNLOADS:
        return {"$schema": "https://json-schema.org/draft/2020-12/schema",
                "$id": f"{BASE_ID}{name}.schema.json", "title": DOWNLOADS[name],
                **label_schema()}
    record, title = SCHEMAS[name]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{BASE_ID}{name}.schema.json",
        "title": title,
        **(record if isinstance(record, dict) else record.json_schema()),
    }


def rendered(name: str) -> str:
    return json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n"


def _type_name(type_: Any) -> str:
    if isinstance(type_, Text):
        return "tekst of taaltabel"
    if isinstance(type_, TextList):
        return "lijst van teksten (of per taal)"
    if isinstance(type_, Enum):
        return " / ".join(type_.values)
    if isinstance(type_, Bool):
        return "true / false"
    if isinstance(type_, ListOf):
        return f"lijst van {_type_name(type_.item)}"
    if isinstance(type_, MapOf):
        return f"id → {_type_name(type_.item)}"
    if isinstance(type_, Record):
        return "mapping"
    if type_ is ID:
        return "id"
    if type_ is URL:
        return "http(s)-adres"
    if isinstance(type_, Str) and type_.code == "ongeldig-e-mailadres":
        return "e-mailadres"
    return "tekst"


def format_reference() -> str:
    """The content format as Markdown tables, generated from the model (the site's page
    formaat/, for editors)."""
    from kennisbank.content import model

    lines = []
    records = [("begrippen/&lt;id&gt;.yaml", model.Begrip), ("bronnen[]", model.Bron),
               ("koppelingen", model.Koppelingen), ("begrippen/_kader.yaml", model.Kader),
               ("collecties.&lt;id&gt;", model.Collectie), ("contact", model.Contact),
               ("leidraad/&lt;id&gt;.yaml", model.Stap), ("uitkomsten[]", model.Uitkomst),
               ("leidraad/_leidraad.yaml", model.Leidraad), ("principes[]", model.Principe),
               ("vocabulaires/&lt;id&gt;.yaml", model.Vocabulaire)]
    for title, cls in records:
        lines += [f"**{title}**: {' '.join((cls.__doc__ or '').split())}", "",
                  "| sleutel | verplicht | waarde | RDF | betekenis |",
                  "| --- | --- | --- | --- | --- |"]
        for spec in Record(cls).fields.values():
            meta = spec.metadata
            lines.append(f"| `{spec.name}` | {'ja' if meta['required'] else ''} | "
                         f"{_type_name(meta['type'])} | {meta['rdf'] or ''} | {meta['doc']} |")
        lines.append("")
    return "\n".join(lines)


# The kinds of label in downloads/termen.json and the SKOS property of each.
KINDS = {"voorkeursterm": "skos:prefLabel", "alternatieve term": "skos:altLabel",
         "zoekterm": "skos:hiddenLabel"}


def label_schema() -> dict[str, Any]:
    """The JSON Schema of downloads/termen.json (a download of the site, not a content file)."""
    text = {"type": "string", "minLength": 1}
    return {
        "description": "De termen van het begrippenkader (downloads/termen.json): elke term "
                       "met taal, soort en het begrip waar hij bij hoort, om een term in een "
                       "IRI om te zetten.",
        "type": "object",
        "required": ["begrippenkader", "titel", "taal", "versie", "aantal_begrippen",
                     "termen"],
        "additionalProperties": False,
        "properties": {
            "$schema": {"type": "string"},
            "begrippenkader": {"type": ["string", "null"], "format": "iri",
                               "description": "IRI van het begrippenkader."},
            "titel": {"type": ["string", "null"], "description": "Titel van het "
                      "begrippenkader in de taal van de site."},
            "taal": {**text, "description": "BCP 47-taalcode van de taal waarin de site het "
                     "begrippenkader toont (taal in _kader.yaml)."},
            "versie": {"type": ["string", "null"]},
            "aantal_begrippen": {"type": "integer", "minimum": 0},
            "termen": {
                "type": "array",
                "description": "Alle termen, gesorteerd op sleutel.",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["label", "sleutel", "taal", "soort", "iri", "id",
                                 "voorkeursterm", "voorkeursterm_taal", "status", "pagina"],
                    "properties": {
                        "label": {**text, "description": "De term zoals hij is geschreven."},
                        "sleutel": {"type": "string", "description":
                                    "De term in kleine letters, zonder accenten, met alleen "
                                    "letters en cijfers gescheiden door één spatie: vergelijk "
                                    "een gezochte term in dezelfde vorm."},
                        "taal": {**text, "description": "BCP 47-taalcode."},
                        "soort": {"enum": list(KINDS), "description": "voorkeursterm "
                                  "(skos:prefLabel), alternatieve term (skos:altLabel) of "
                                  "zoekterm (skos:hiddenLabel: vindt het begrip, wordt niet "
                                  "getoond)."},
                        "iri": {**text, "format": "iri", "description": "IRI van het begrip."},
                        "id": {**text, "description": "Id van het begrip."},
                        "voorkeursterm": {**text, "description":
                                          "De voorkeursterm van het begrip in de taal van "
                                          "de site; in een andere taal als het begrip daarin "
                                          "geen voorkeursterm heeft."},
                        "voorkeursterm_taal": {"type": "string", "description":
                                               "BCP 47-taalcode van die voorkeursterm; "
                                               "'und' als de bron geen taal noemt."},
                        "status": {"enum": ["vastgesteld", "ontwerp", "verouderd", None],
                                   "description": "Status van het begrip; null als de bron "
                                   "er geen noemt (een geïmporteerd kader)."},
                        "pagina": {**text, "description":
                                   "Pagina van het begrip, ten opzichte van de site."},
                    },
                },
            },
        },
    }
