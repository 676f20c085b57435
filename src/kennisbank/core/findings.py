"""One shape for every finding, and the one error type the CLI turns into a message."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from kennisbank.core.terminal import visible


class Level(StrEnum):
    FOUT = "fout"
    WAARSCHUWING = "waarschuwing"
    # Only `kennisbank tekst` reports hints: a term found in a text, nothing to repair.
    HINT = "hint"


class Pos(NamedTuple):
    """A place in a content file: path relative to the root, 1-based line and column.

    A NamedTuple because the loader makes one per value: ten times cheaper than a frozen
    dataclass, which matters at 10,000 files."""

    path: str
    line: int = 1
    column: int = 1


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    line: int
    column: int
    level: Level
    code: str
    message: str

    @classmethod
    def at(cls, pos: Pos, level: Level, code: str, message: str) -> Finding:
        return cls(pos.path, pos.line, pos.column, level, code, message)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)

    def format(self) -> str:
        """One line for a terminal: the path and the message may hold anything a file name or
        a value holds, so every control character in them is shown as an escape."""
        return (f"{visible(self.path, one_line=True)}:{self.line}:{self.column}: {self.level} "
                f"[{self.code}] {visible(self.message, one_line=True)}")

    def as_dict(self) -> dict[str, str | int]:
        return {
            "pad": self.path,
            "regel": self.line,
            "kolom": self.column,
            "niveau": str(self.level),
            "code": self.code,
            "melding": self.message,
        }


def count(findings: list[Finding], level: Level) -> int:
    return sum(1 for f in findings if f.level is level)


def summary(findings: list[Finding]) -> str:
    errors, warnings = count(findings, Level.FOUT), count(findings, Level.WAARSCHUWING)
    if not errors and not warnings:
        return "geen fouten, geen waarschuwingen"
    return f"{dutch_number(errors)} {'fout' if errors == 1 else 'fouten'}, " + (
        f"{dutch_number(warnings)} {'waarschuwing' if warnings == 1 else 'waarschuwingen'}"
    )


# Per code, this many places are printed unless everything is asked for (`--alle`): an
# import of 7,679 concepts then fits a screen instead of printing 30,859 lines.
PLACES_PER_CODE = 5
_LEVEL_ORDER = {Level.FOUT: 0, Level.WAARSCHUWING: 1, Level.HINT: 2}


def dutch_number(n: int) -> str:
    """12345 → '12.345', as a Dutch reader writes it."""
    return f"{n:,}".replace(",", ".")


def report_lines(findings: list[Finding], everything: bool = False,
                 places: int = PLACES_PER_CODE) -> list[str]:
    """The findings as terminal lines: errors first, then warnings, each code together (codes
    in alphabetical order, places in the order given); per code the first `places` and one
    line saying how many more there are, unless `everything`."""
    groups: dict[tuple[int, str], list[Finding]] = {}
    for finding in findings:
        groups.setdefault((_LEVEL_ORDER[finding.level], finding.code), []).append(finding)
    lines: list[str] = []
    for key in sorted(groups):
        group = groups[key]
        shown = group if everything else group[:places]
        lines.extend(finding.format() for finding in shown)
        if len(group) > len(shown):
            more = len(group) - len(shown)
            lines.append(f"  … en nog {dutch_number(more)} × {group[0].level} [{group[0].code}] "
                         f"({dutch_number(len(group))} in totaal; --alle toont ze allemaal)")
    return lines


_ERRNO_DUTCH = {
    errno.ENOENT: "bestaat niet (of een map op het pad ontbreekt)",
    errno.EACCES: "geen toestemming",
    errno.EPERM: "geen toestemming",
    errno.EROFS: "het bestandssysteem is alleen-lezen",
    errno.ENOSPC: "de schijf is vol",
    errno.EISDIR: "het is een map",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.ENAMETOOLONG: "de naam is te lang",
    errno.ELOOP: "te veel symbolische koppelingen",
    errno.EEXIST: "bestaat al",
}


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in Dutch (the system's English text for rare errors)."""
    return _ERRNO_DUTCH.get(exc.errno or 0) or exc.strerror or str(exc)


class KennisbankError(Exception):
    """The one user-facing error: carries findings or a plain message, never a traceback."""

    def __init__(self, message: str, findings: list[Finding] | None = None, exit_code: int = 1):
        super().__init__(message)
        self.message = message
        self.findings = findings or []
        self.exit_code = exit_code
