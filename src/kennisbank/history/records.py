"""The content files as history sees them: which record a path holds, a blob parsed into that
record, the meaning of a record (what a change must touch to count), and the State of the
content at one point."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

from kennisbank.content.fields import Record
from kennisbank.content.model import BEGRIP, KADER, LEIDRAAD, STAP, Begrip, Inhoud, Kader, Stap
from kennisbank.content.schema import ID_RE, Ctx, Missing
from kennisbank.content.yamlsource import parse_document
from kennisbank.core.findings import Finding, Level

KADER_PATH, LEIDRAAD_PATH = "begrippen/_kader.yaml", "leidraad/_leidraad.yaml"


@dataclass
class State:
    """The content at one point: parsed records by id (unreadable files left out)."""

    kader: Kader | None = None
    begrippen: dict[str, Begrip] = field(default_factory=dict)
    stappen: dict[str, Stap] = field(default_factory=dict)
    leidraad_versie: str = ""


def place_record(state: State, path: str, record: Any) -> None:
    folder, name = path.split("/", 1)
    ident = name[:-5]
    if path == KADER_PATH:
        state.kader = record
    elif path == LEIDRAAD_PATH:
        state.leidraad_versie = record.versie
    elif folder == "begrippen":
        record.id = ident
        state.begrippen[ident] = record
    else:
        record.id = ident
        state.stappen[ident] = record


def record_type(path: str) -> Record | None:
    if path == KADER_PATH:
        return KADER
    if path == LEIDRAAD_PATH:
        return LEIDRAAD
    # fullmatch: `$` would also match before a final newline ("begrippen/a.yaml\n")
    match = re.fullmatch(r"(begrippen|leidraad)/([^/]+)\.yaml", path)
    if match is None or not ID_RE.fullmatch(match.group(2)):
        return None
    return BEGRIP if match.group(1) == "begrippen" else STAP


def parse_blob(data: bytes | None, path: str) -> Any:
    record_kind = record_type(path)
    if data is None or record_kind is None:
        return None
    findings: list[Finding] = []
    node = parse_document(data, path, findings)
    if node is None:
        return None
    value = record_kind.parse(node, Ctx(path, findings), "")
    if isinstance(value, Missing) or any(f.level is Level.FOUT for f in findings):
        return None
    return value


def meaning(record: Any) -> dict[str, Any]:
    """The fields of a record that carry meaning: everything but positions and the id."""
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)
            if f.name not in ("locs", "id")}


def same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    return meaning(a) == meaning(b)


def changed_fields(old: Any, new: Any) -> list[str]:
    before, after = meaning(old), meaning(new)
    return [name for name in after if before.get(name) != after[name]]


def current_state(inhoud: Inhoud) -> State:
    return State(inhoud.kader, dict(inhoud.begrippen), dict(inhoud.stappen),
                 inhoud.leidraad.versie if inhoud.leidraad else "")
