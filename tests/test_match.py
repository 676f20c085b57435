"""`kennisbank match`: ranking of proposals and writing accepted ones into concept files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import DATA
from kennisbank.match import add_mapping, candidates
from kennisbank.validate import check
from kennisbank.vocabulaires import concepts, parse_rdf

ANDER = DATA / "match" / "ander.ttl"
X = "https://example.org/ander/begrip/"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The termlinks content with ander.ttl added to vocabulaires/, as the README says."""
    shutil.copytree(DATA / "termlinks", tmp_path, dirs_exist_ok=True)
    (tmp_path / "vocabulaires").mkdir()
    shutil.copy(ANDER, tmp_path / "vocabulaires" / "ander.ttl")
    (tmp_path / "vocabulaires" / "ander.yaml").write_text(
        "naam: Ander kader\nbron: https://example.org/ander.ttl\nopgehaald: 2026-11-01\n"
        "bestand: ander.ttl\n", encoding="utf-8")
    return tmp_path


def test_ranking_exact_label_then_synonym_and_word_form_then_definitions() -> None:
    inhoud, _ = check(DATA / "termlinks")
    found = candidates(inhoud, concepts(parse_rdf(ANDER), "ander"))
    ranked = [(c.ours, c.iri.removeprefix(X), c.relation, c.reason) for c in found]
    assert ranked[0] == ("schade", "schade", "exactMatch", "zelfde voorkeursterm")
    assert ranked[1:3] == [
        ("vaststellingsovereenkomst", "beeindiging", "closeMatch", "synoniem"),
        ("loket", "loketten", "closeMatch", "woordvorm")]
    overlap = [r for r in ranked if r[3] == "overlap in definitie"]
    assert ("gedupeerde", "benadeelde", "relatedMatch", "overlap in definitie") in overlap
    assert all(c.score < 0.5 for c in found if c.reason == "overlap in definitie")
    assert not any(r[1] == "subsidie" for r in ranked)  # nothing in common


def test_write_adds_only_exact_label_matches_by_default(project: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    before = {p.name: p.read_text(encoding="utf-8") for p in (project / "begrippen").iterdir()}
    code, out, _ = run_cli("match", str(project / "vocabulaires" / "ander.ttl"),
                           "--root", str(project), "--write")
    assert code == 0
    assert "1 koppelingen geschreven in 1 bestanden" in out
    schade = (project / "begrippen" / "schade.yaml").read_text(encoding="utf-8")
    assert schade == before["schade.yaml"] + (
        f"koppelingen:\n  exactMatch:\n    - {X}schade\n")
    for name, text in before.items():
        if name != "schade.yaml":
            assert (project / "begrippen" / name).read_text(encoding="utf-8") == text
    _, findings = check(project)
    assert [f.format() for f in findings] == []


def test_write_with_a_threshold_adds_close_matches(project: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("match", str(project / "vocabulaires" / "ander.ttl"),
                           "--root", str(project), "--write", "--drempel", "0.8")
    assert code == 0 and "3 koppelingen geschreven in 3 bestanden" in out
    inhoud, findings = check(project)
    assert [f.format() for f in findings] == []
    assert inhoud.begrippen["loket"].koppelingen.closeMatch == [f"{X}loketten"]
    assert inhoud.begrippen["vaststellingsovereenkomst"].koppelingen.closeMatch == \
        [f"{X}beeindiging"]


def test_table_lists_the_proposals(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("match", str(ANDER), "--root", str(DATA / "termlinks"),
                           "--limit", "2")
    lines = out.splitlines()
    assert lines[0].split() == ["begrip", "relatie", "hun", "IRI", "hun", "term", "score",
                                "waarom"]
    assert lines[1].split()[:3] == ["schade", "exactMatch", f"{X}schade"]
    assert lines[-1].endswith("; de beste 2 getoond")


@pytest.mark.parametrize(("before", "after"), [
    ("a: 1\n", "a: 1\nkoppelingen:\n  closeMatch:\n    - X\n"),
    ("a: 1\nkoppelingen:\n  closeMatch: [Y]\nb: 2\n",
     "a: 1\nkoppelingen:\n  closeMatch: [Y, X]\nb: 2\n"),
    ("koppelingen:\n  closeMatch:\n    - Y\n  exactMatch:\n    - Z\nb: 2\n",
     "koppelingen:\n  closeMatch:\n    - Y\n    - X\n  exactMatch:\n    - Z\nb: 2\n"),
    ("koppelingen:\n    exactMatch:\n      - Z\n", "koppelingen:\n    exactMatch:\n      - Z\n"
     "    closeMatch:\n      - X\n"),
])
def test_add_mapping_keeps_the_file_as_written(before: str, after: str) -> None:
    assert add_mapping(before, "closeMatch", "X") == after


def test_add_mapping_leaves_layouts_it_cannot_edit_safely() -> None:
    assert add_mapping("koppelingen: {closeMatch: [Y]}\n", "closeMatch", "X") is None
