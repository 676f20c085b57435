"""What every rule shares: the rule type, the relation keys, and findings at a position."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from kennisbank.content.model import Begrip, Inhoud
from kennisbank.content.schema import Loc
from kennisbank.core.findings import Finding, Level, Pos

Rule = Callable[[Inhoud], Iterator[Finding]]


RELATION_KEYS = ("breder", "gerelateerd", "breder_generiek", "breder_partitief",
                 "breder_instantie")


def at(locs: dict[str, Loc], where: str, path: str) -> Pos:
    line, column = locs.get(where) or locs.get("") or (1, 1)
    return Pos(path, line, column)


def error(pos: Pos, code: str, message: str) -> Finding:
    return Finding.at(pos, Level.FOUT, code, message)


def warning(pos: Pos, code: str, message: str) -> Finding:
    return Finding.at(pos, Level.WAARSCHUWING, code, message)


def begrip_path(begrip: Begrip) -> str:
    return f"begrippen/{begrip.id}.yaml"


BROADER_KEYS = ("breder", "breder_generiek", "breder_partitief", "breder_instantie")


def broader_of(b: Begrip) -> Iterator[tuple[str, int, str]]:
    """(key, index, id) of every broader concept, of whatever kind."""
    for name in BROADER_KEYS:
        for i, target in enumerate(getattr(b, name)):
            yield name, i, target
