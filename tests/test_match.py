"""`kennisbank match`: ranking of proposals and writing accepted ones into concept files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import DATA
from kennisbank.checks.pipeline import check
from kennisbank.content.vocabulaires import concepts, parse_rdf
from kennisbank.skos.match import AGREE, _evidence, add_mapping, agreement, candidates

ANDER = DATA / "match" / "ander.ttl"
X = "https://example.org/ander/begrip/"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The termlinks content with ander.ttl added to vocabulaires/, as dev/match.md says."""
    shutil.copytree(DATA / "termlinks", tmp_path, dirs_exist_ok=True)
    (tmp_path / "vocabulaires").mkdir()
    shutil.copy(ANDER, tmp_path / "vocabulaires" / "ander.ttl")
    (tmp_path / "vocabulaires" / "ander.yaml").write_text(
        "naam: Ander kader\nbron: https://example.org/ander.ttl\nopgehaald: 2026-11-01\n"
        "bestand: ander.ttl\n", encoding="utf-8")
    return tmp_path


def _ranked() -> list[tuple[str, str, str, str]]:
    inhoud, _ = check(DATA / "termlinks")
    found = candidates(inhoud, concepts(parse_rdf(ANDER), "ander"))
    return [(c.ours, c.iri.removeprefix(X), c.relation, c.reason) for c in found]


def test_ranking_label_and_definition_then_synonym_and_word_form_then_definitions() -> None:
    ranked = _ranked()
    assert ranked[:4] == [
        ("schade", "schade", "exactMatch", "zelfde voorkeursterm en definitie"),
        ("vaststellingsovereenkomst", "beeindiging", "closeMatch",
         "synoniem, definitie ontbreekt"),
        ("loket", "loketten", "closeMatch", "woordvorm, definitie ontbreekt"),
        ("loket", "loket", "closeMatch", "zelfde voorkeursterm, andere definitie")]
    overlap = [r for r in ranked if r[3] == "overlap in definitie"]
    assert ("gedupeerde", "benadeelde", "relatedMatch", "overlap in definitie") in overlap
    assert not any(r[1] == "subsidie" for r in ranked)  # nothing in common


def test_exact_match_needs_the_label_and_the_definition() -> None:
    inhoud, _ = check(DATA / "termlinks")
    found = candidates(inhoud, concepts(parse_rdf(ANDER), "ander"))
    exact = [(c.ours, c.iri.removeprefix(X)) for c in found if c.relation == "exactMatch"]
    assert exact == [("schade", "schade")]
    homonym = next(c for c in found if (c.ours, c.iri) == ("loket", f"{X}loket"))
    assert homonym.relation == "closeMatch" and homonym.score < 0.6  # below any synonym
    assert agreement("Schade is nadeel dat iemand lijdt.",
                     "Schade is elk nadeel dat iemand lijdt.") >= AGREE  # type: ignore[operator]
    assert agreement("Een loket is een plek waar een gedupeerde terechtkan.",
                     "Een opening in een muur waardoor kaartjes worden verkocht.") == 0
    assert agreement("iets", "") is None


@pytest.mark.parametrize(("kinds", "agree", "expected"), [
    (("pref", "pref"), 0.6, (1.0, "exactMatch")),
    (("pref", "pref"), 0.3, (0.85, "closeMatch")),
    (("pref", "pref"), None, (0.75, "closeMatch")),
    (("pref", "pref"), 0.1, (0.55, "closeMatch")),
    (("alt", "pref"), 0.3, (0.9, "closeMatch")),
    (("pref", "alt"), None, (0.75, "closeMatch")),
    (("alt", "alt"), 0.0, (0.6, "closeMatch")),
    (("form", "pref"), 0.3, (0.8, "closeMatch")),
    (("pref", "form"), None, (0.65, "closeMatch")),
    (("form", "alt"), 0.1, (0.5, "closeMatch")),
])
def test_label_evidence_is_weighed_with_the_definitions(
        kinds: tuple[str, str], agree: float | None, expected: tuple[float, str]) -> None:
    assert _evidence(*kinds, agree)[:2] == expected


def test_definition_only_proposals_are_hidden_unless_asked(run_cli) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run_cli("match", str(ANDER), "--root", str(DATA / "termlinks"))
    assert "benadeelde" not in out and "overlap in definitie" not in out
    assert out.splitlines()[-1] == (
        "4 voorstellen voor 6 begrippen in ander.ttl; 3 die alleen op woorden in de "
        "definities berusten verborgen (--definities toont ze)")
    _, out, _ = run_cli("match", str(ANDER), "--root", str(DATA / "termlinks"), "--definities")
    assert f"{X}benadeelde" in out and "overlap in definitie" in out
    assert out.splitlines()[-1] == "7 voorstellen voor 6 begrippen in ander.ttl"


def test_the_table_shows_both_definitions_under_each_proposal(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("match", str(ANDER), "--root", str(DATA / "termlinks"),
                           "--limit", "4")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == ["begrip", "relatie", "hun", "IRI", "hun", "term", "score",
                                "waarom"]
    assert lines[1].split()[:3] == ["schade", "exactMatch", f"{X}schade"]
    ours, theirs = (part.strip() for part in lines[2].split(" | "))
    assert ours == "ons: Schade is nadeel dat iemand lijdt."
    assert theirs == "hun: Schade is elk nadeel dat iemand lijdt."
    beeindiging = lines.index(next(line for line in lines if line.startswith("vaststellings")))
    assert lines[beeindiging + 1].split(" | ")[1].strip() == "hun: (geen definitie)"
    homonym = next(i for i, line in enumerate(lines) if line.split()[:1] == ["loket"]
                   and f"{X}loket " in line + " ")
    assert "kaartjes" in lines[homonym + 1] + lines[homonym + 2]
    assert lines[-1].startswith("4 voorstellen voor 6 begrippen")


def test_write_adds_only_exact_matches_by_default(project: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    before = {p.name: p.read_text(encoding="utf-8") for p in (project / "begrippen").iterdir()}
    code, out, _ = run_cli("match", str(project / "vocabulaires" / "ander.ttl"),
                           "--root", str(project), "--write")
    assert code == 0
    assert "1 koppelingen geschreven in 1 bestanden" in out
    schade = (project / "begrippen" / "schade.yaml").read_text(encoding="utf-8")
    assert schade == before["schade.yaml"] + (
        f"koppelingen:\n  exactMatch:\n    - {X}schade\n")
    for name, text in before.items():
        if name != "schade.yaml":  # the homonym 'loket' is not written
            assert (project / "begrippen" / name).read_text(encoding="utf-8") == text
    _, findings = check(project)
    assert [f.format() for f in findings] == []


@pytest.mark.parametrize(("threshold", "definities", "written"), [
    ("0.9", False, {"schade"}),
    ("0.7", False, {"schade", "vaststellingsovereenkomst"}),
    ("0.6", False, {"schade", "vaststellingsovereenkomst", "loket"}),
    ("0.4", False, {"schade", "vaststellingsovereenkomst", "loket"}),
    ("0.4", True, {"schade", "vaststellingsovereenkomst", "loket", "gedupeerde"}),
])
def test_write_never_writes_below_the_threshold(project: Path, run_cli, threshold: str,  # type: ignore[no-untyped-def]
                                                definities: bool, written: set[str]) -> None:
    inhoud, _ = check(project)
    scores = {(c.ours, c.iri): c.score for c in
              candidates(inhoud, concepts(parse_rdf(ANDER), "ander"))}
    code, out, _ = run_cli("match", str(project / "vocabulaires" / "ander.ttl"),
                           "--root", str(project), "--write", "--drempel", threshold,
                           *(["--definities"] if definities else []))
    assert code == 0, out
    inhoud, findings = check(project)
    assert [f.format() for f in findings] == []
    links = {(ident, iri) for ident, b in inhoud.begrippen.items()
             for _, _, iri in b.koppelingen.items()}
    assert {ident for ident, _ in links} == written
    assert all(scores[link] >= float(threshold) for link in links)
    assert f"{len(links)} koppelingen geschreven" in out
    if threshold == "0.6":  # the word form at 0.65, not the homonym at 0.55
        assert inhoud.begrippen["loket"].koppelingen.closeMatch == [f"{X}loketten"]


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
