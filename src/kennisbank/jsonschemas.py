"""JSON Schemas for editors, generated from the model declaration (see `schema.key`)."""

from __future__ import annotations

import json
from typing import Any

from kennisbank.model import BEGRIP, KADER, LEIDRAAD, STAP, VOCABULAIRE
from kennisbank.schema import Record

BASE_ID = "https://begrippen.erkenningenherstel.nl/schema/"

SCHEMAS: dict[str, tuple[Record, str]] = {
    "begrip": (BEGRIP, "Een begrip: begrippen/<id>.yaml"),
    "kader": (KADER, "Het begrippenkader: begrippen/_kader.yaml"),
    "stap": (STAP, "Een stap van de leidraad: leidraad/<id>.yaml"),
    "leidraad": (LEIDRAAD, "De leidraad: leidraad/_leidraad.yaml"),
    "vocabulaire": (VOCABULAIRE, "Een ander begrippenkader: vocabulaires/<id>.yaml"),
}


# Schemas of the site's downloads (not of content files).
DOWNLOADS = {"termen": "De termen van het begrippenkader: downloads/termen.json"}


def json_schema(name: str) -> dict[str, Any]:
    if name in DOWNLOADS:
        from kennisbank.searchindex import label_schema

        return {"$schema": "https://json-schema.org/draft/2020-12/schema",
                "$id": f"{BASE_ID}{name}.schema.json", "title": DOWNLOADS[name],
                **label_schema()}
    record, title = SCHEMAS[name]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{BASE_ID}{name}.schema.json",
        "title": title,
        **record.json_schema(),
    }


def rendered(name: str) -> str:
    return json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n"


def _type_name(type_: Any) -> str:
    from kennisbank import schema as s

    if isinstance(type_, s.Text):
        return "tekst of taaltabel"
    if isinstance(type_, s.TextList):
        return "lijst van teksten (of per taal)"
    if isinstance(type_, s.Enum):
        return " / ".join(type_.values)
    if isinstance(type_, s.Bool):
        return "true / false"
    if isinstance(type_, s.ListOf):
        return f"lijst van {_type_name(type_.item)}"
    if isinstance(type_, s.MapOf):
        return f"id → {_type_name(type_.item)}"
    if isinstance(type_, s.Record):
        return "mapping"
    if type_ is s.ID:
        return "id"
    if type_ is s.URL:
        return "http(s)-adres"
    return "tekst"


def format_reference() -> str:
    """The content format as Markdown tables, generated from the model (for the README)."""
    from kennisbank import model

    lines = []
    records = [("begrippen/&lt;id&gt;.yaml", model.Begrip), ("bronnen[]", model.Bron),
               ("koppelingen", model.Koppelingen), ("begrippen/_kader.yaml", model.Kader),
               ("collecties.&lt;id&gt;", model.Collectie),
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


BEGIN, END = "<!-- formaat:begin -->", "<!-- formaat:einde -->"


def with_format_reference(readme: str) -> str:
    """`readme` with the generated format reference between its two markers."""
    head, _, rest = readme.partition(BEGIN)
    _, _, tail = rest.partition(END)
    if not rest:
        return readme
    return f"{head}{BEGIN}\n{format_reference()}{END}{tail}"
