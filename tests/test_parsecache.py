"""The preview's parse cache (`content.parsecache`): a check with the cache gives exactly what
a fresh check gives, after every kind of edit, and parses again only what changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import DATA
from kennisbank.checks.pipeline import check
from kennisbank.content import load as loading
from kennisbank.content.parsecache import ParseCache


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DATA / "site", tmp_path / "project"))


def _same(root: Path, cache: ParseCache) -> None:
    cached, cached_findings = check(root, cache)
    fresh, fresh_findings = check(root)
    assert cached_findings == fresh_findings
    assert cached.begrippen == fresh.begrippen
    assert cached.stappen == fresh.stappen
    assert {i: b.locs for i, b in cached.begrippen.items()} == \
        {i: b.locs for i, b in fresh.begrippen.items()}


def _concept(root: Path) -> Path:
    return sorted(p for p in (root / "begrippen").glob("*.yaml")
                  if not p.name.startswith("_"))[0]


EDITS = {
    "definitie": lambda text: text.replace("definitie:", "definitie: Nieuw begin.", 1)
    if "definitie: >" not in text else text.replace("definitie: >-\n  ", "definitie: >-\n  X ", 1),
    "yaml-fout": lambda text: text + "\nstatus: [ontwerp\n",
    "onbekende-sleutel": lambda text: text + "\nonbekend: waarde\n",
    "zelfde-bytes": lambda text: text,
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_cached_check_equals_a_fresh_one_after_an_edit(project: Path, edit: str) -> None:
    cache = ParseCache()
    _same(project, cache)
    path = _concept(project)
    path.write_text(EDITS[edit](path.read_text(encoding="utf-8")), encoding="utf-8")
    _same(project, cache)
    _same(project, cache)  # and once more from the cache alone


def test_only_the_changed_file_is_parsed_again(project: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    cache = ParseCache()
    check(project, cache)
    parsed: list[str] = []
    real = loading._parse_item

    def counting(job: tuple[str, Path, str, bool]) -> object:
        parsed.append(job[2])
        return real(job)

    monkeypatch.setattr(loading, "_parse_item", counting)
    check(project, cache)
    assert parsed == []
    path = _concept(project)
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    check(project, cache)
    assert parsed == [path.relative_to(project).as_posix()]


def test_a_removed_or_added_file_is_seen(project: Path) -> None:
    cache = ParseCache()
    check(project, cache)
    path = _concept(project)
    copy = path.with_name("een-kopie.yaml")
    shutil.copy(path, copy)
    _same(project, cache)
    path.unlink()
    _same(project, cache)
    assert path.relative_to(project).as_posix() not in cache.items


def test_the_model_a_check_returns_is_its_own(project: Path) -> None:
    """What one check's caller does to its model never reaches the next check."""
    cache = ParseCache()
    first, _ = check(project, cache)
    ident = sorted(first.begrippen)[0]
    first.begrippen[ident].definitie["nl"] = "veranderd door de aanroeper"
    second, _ = check(project, cache)
    assert second.begrippen[ident].definitie["nl"] != "veranderd door de aanroeper"
    assert second.begrippen[ident] is not first.begrippen[ident]
