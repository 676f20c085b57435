"""Golden cases: each tests/data/<case>/ has verwacht.txt with the exact expected output.

verwacht.txt: first line `exit N`, optionally followed by `args: ...` for extra CLI args,
then the exact findings and the summary line. A folder may hold several expectations
(verwacht.txt, verwacht-strict.txt, ...).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import DATA

EXPECTATIONS = sorted(DATA.glob("*/verwacht*.txt"))


def _digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("expectation", EXPECTATIONS,
                         ids=[f"{p.parent.name}/{p.stem}" for p in EXPECTATIONS])
def test_case(expectation: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    lines = expectation.read_text(encoding="utf-8").splitlines()
    exit_line, rest = lines[0], lines[1:]
    args: list[str] = []
    if rest and rest[0].startswith("args:"):
        args = rest[0].removeprefix("args:").split()
        rest = rest[1:]
    root = expectation.parent
    before = _digest(root)
    code, out, _ = run_cli("check", "--root", str(root), *args)
    assert out.splitlines() == rest
    assert f"exit {code}" == exit_line
    assert _digest(root) == before, "check must never modify content files"


def test_every_case_has_an_expectation() -> None:
    for folder in DATA.iterdir():
        if folder.is_dir() and (folder / "begrippen").exists():
            assert list(folder.glob("verwacht*.txt")), f"{folder.name} has no verwacht.txt"
