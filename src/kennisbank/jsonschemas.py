"""JSON Schemas for editors, generated from the model declaration (see `schema.key`)."""

from __future__ import annotations

import json
from typing import Any

from kennisbank.model import BEGRIP, KADER, LEIDRAAD, STAP
from kennisbank.schema import Record

BASE_ID = "https://begrippen.erkenningenherstel.nl/schema/"

SCHEMAS: dict[str, tuple[Record, str]] = {
    "begrip": (BEGRIP, "Een begrip: begrippen/<id>.yaml"),
    "kader": (KADER, "Het begrippenkader: begrippen/_kader.yaml"),
    "stap": (STAP, "Een stap van de leidraad: leidraad/<id>.yaml"),
    "leidraad": (LEIDRAAD, "De leidraad: leidraad/_leidraad.yaml"),
}


def json_schema(name: str) -> dict[str, Any]:
    record, title = SCHEMAS[name]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{BASE_ID}{name}.schema.json",
        "title": title,
        **record.json_schema(),
    }


def rendered(name: str) -> str:
    return json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n"
