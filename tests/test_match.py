"""`kennisbank match`: ranking of proposals and writing accepted ones into concept files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import DATA
from kennisbank.checks.pipeline import check
from kennisbank.content.vocabulaires import concepts, parse_rdf
from kennisbank.skos.match import (
    AGREE,
    Candidate,
    _evidence,
    add_mapping,
    agreement,
    candidates,
    tails,
)

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
    assert ranked[:6] == [
        ("schade", "schade", "exactMatch", "zelfde voorkeursterm en definitie"),
        ("vaststellingsovereenkomst", "beeindiging", "closeMatch",
         "zelfde alternatieve term, definitie ontbreekt"),
        ("aanvullende-schade", "schade", "broadMatch",
         "onze definitie noemt hun begrip als soort"),
        ("loket", "loketten", "closeMatch",
         "zelfde term in een andere woordvorm, definitie ontbreekt"),
        ("loket", "loket", "closeMatch", "zelfde voorkeursterm, andere definitie"),
        ("gedupeerde", "gedupeerde-ouder", "narrowMatch",
         "hun definitie noemt ons begrip als soort, andere definitie")]
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
    assert " ".join(out.split("\n\n")[-1].split()) == (
        "6 voorstellen voor 7 begrippen in ander.ttl; 3 die alleen op woorden in de "
        "definities berusten verborgen (--definities toont ze); schrijf er een met "
        "--accepteer ID of ID=RELATIE")
    _, out, _ = run_cli("match", str(ANDER), "--root", str(DATA / "termlinks"), "--definities")
    assert f"{X}benadeelde" in out and "overlap in definitie" in out
    assert " ".join(out.split("\n\n")[-1].split()).startswith(
        "9 voorstellen voor 7 begrippen in ander.ttl; schrijf")


def _blocks(out: str) -> list[list[str]]:
    return [block.splitlines() for block in out.split("\n\n") if block.strip()][:-1]


def test_each_proposal_shows_its_id_and_both_definitions(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("match", str(ANDER), "--root", str(DATA / "termlinks"),
                           "--limit", "4")
    assert code == 0
    blocks = _blocks(out)
    assert len(blocks) == 4
    first = blocks[0]
    schade = next(c for c in candidates(check(DATA / "termlinks")[0],
                                        concepts(parse_rdf(ANDER), "ander"))
                  if c.ours == "schade" and c.iri == f"{X}schade")
    assert first[0].split()[:4] == [schade.ident, "schade", "exactMatch", "Schade"]
    assert first[1].split() == ["IRI:", f"{X}schade"]
    ours, theirs = (part.strip() for part in first[2].split(" | "))
    assert ours.startswith("ons: Schade is nadeel") and theirs.startswith("hun: Schade is elk")
    beeindiging = next(b for b in blocks if b[0].split()[1] == "vaststellingsovereenkomst")
    assert any(line.endswith("| hun: (geen definitie)") for line in beeindiging)


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_output_fits_the_terminal(run_cli, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                  columns: int) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    _, out, _ = run_cli("match", str(ANDER), "--root", str(DATA / "termlinks"), "--definities")
    assert max(len(line) for line in out.splitlines()) <= columns
    assert "https://example.org/ander/begrip/benadeelde" in out.replace("\n         ", "")


def test_write_adds_only_exact_matches_by_default(project: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    before = {p.name: p.read_text(encoding="utf-8") for p in (project / "begrippen").iterdir()}
    code, out, _ = run_cli("match", str(project / "vocabulaires" / "ander.ttl"),
                           "--root", str(project), "--write")
    assert code == 0
    assert "1 koppeling geschreven in 1 bestand" in out
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
    ("0.6", False, {"schade", "vaststellingsovereenkomst", "loket", "aanvullende-schade"}),
    ("0.4", False, {"schade", "vaststellingsovereenkomst", "loket", "aanvullende-schade",
                    "gedupeerde"}),
    ("0.4", True, {"schade", "vaststellingsovereenkomst", "loket", "aanvullende-schade",
                   "gedupeerde"}),
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
    assert re.search(rf"{len(links)} koppeling(en)? geschreven", out)
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


@pytest.mark.parametrize(("kinds", "agree", "reason"), [
    (("pref", "alt"), 0.3, "onze voorkeursterm is hun alternatieve term"),
    (("alt", "pref"), 0.3, "onze alternatieve term is hun voorkeursterm"),
    (("alt", "alt"), 0.3, "zelfde alternatieve term"),
    (("form", "pref"), 0.3, "zelfde term in een andere woordvorm"),
    # A zoekterm is a search aid ('bezwaarschrift' on bezwaar), not a word form or synonym.
    (("hidden", "pref"), 0.3, "onze zoekterm is hun term"),
    (("pref", "hidden"), 0.3, "hun zoekterm is onze term"),
])
def test_the_reason_says_which_terms_met(kinds: tuple[str, str], agree: float,
                                         reason: str) -> None:
    score, relation, said = _evidence(*kinds, agree)
    assert said == reason
    assert relation == ("relatedMatch" if "hidden" in kinds else "closeMatch")


def test_one_concept_named_differently_is_an_exact_match() -> None:
    # Our voorkeursterm is their synonym and the definitions agree: the same concept.
    assert _evidence("pref", "alt", 0.8) == (
        0.95, "exactMatch", "onze voorkeursterm is hun alternatieve term, zelfde definitie")
    assert _evidence("alt", "alt", 0.8)[1] == "closeMatch"  # two synonyms prove less


def test_tails_are_the_possible_heads_of_a_term() -> None:
    assert "ouder" in set(tails("gedupeerde ouder"))
    assert "toeslag" in set(tails("kinderopvangtoeslag"))
    assert "gedupeerde ouder" not in set(tails("gedupeerde ouder"))
    assert all(len(t) >= 4 for t in tails("kinderopvangtoeslag"))
    assert "schade" not in set(tails("schade"))


def _vocabulary(tmp_path: Path, concepts_: str) -> Path:
    path = tmp_path / "hun.ttl"
    path.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                    "@prefix x: <https://example.org/hun/> .\n" + concepts_, encoding="utf-8")
    return path


def test_a_broader_concept_is_proposed_by_term_and_by_genus(tmp_path: Path) -> None:
    hun = _vocabulary(tmp_path, """
x:schade a skos:Concept ; skos:prefLabel "schade"@nl ;
    skos:definition "Nadeel in vermogen of anderszins."@nl .
x:afname a skos:Concept ; skos:prefLabel "loket"@nl ;
    skos:definition "Loket of balie."@nl .
x:vso a skos:Concept ; skos:prefLabel "overeenkomst"@nl .
""")
    inhoud, _ = check(DATA / "termlinks")
    found = {(c.ours, c.iri.rsplit("/", 1)[1]): (c.relation, c.reason)
             for c in candidates(inhoud, concepts(parse_rdf(hun), "hun"))}
    # 'aanvullende schade' ends in their 'schade'; 'Een vaststellingsovereenkomst is een
    # overeenkomst ...' names theirs as its genus.
    assert found[("aanvullende-schade", "schade")][0] == "broadMatch"
    assert found[("vaststellingsovereenkomst", "vso")] == (
        "broadMatch", "onze definitie noemt hun begrip als soort")
    # 'Loket of balie' lists two things: neither is a genus of theirs.
    assert ("loket", "afname") not in found or found[("loket", "afname")][0] != "narrowMatch"


# -- accepting by id, and review files ------------------------------------------------------

def _proposals(project: Path) -> dict[tuple[str, str], Candidate]:
    inhoud, _ = check(project)
    return {(c.ours, c.iri.removeprefix(X)): c
            for c in candidates(inhoud, concepts(parse_rdf(ANDER), "ander"))}


def test_accept_by_id_with_the_proposed_or_another_relation(project: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    found = _proposals(project)
    loket, schade = found[("loket", "loketten")], found[("aanvullende-schade", "schade")]
    code, out, _ = run_cli("match", str(ANDER), "--root", str(project),
                           "--accepteer", loket.ident, "--accepteer", f"{schade.ident}=related")
    assert code == 2  # 'related' is not a relation: nothing written
    assert "onbekende relatie 'related'" in out + _ and "niets geschreven" in out + _
    assert not check(project)[0].begrippen["loket"].koppelingen.closeMatch
    code, out, _ = run_cli("match", str(ANDER), "--root", str(project),
                           "--accepteer", loket.ident, "--accepteer", f"{schade.ident}=verwant")
    assert code == 0, out + _
    after = check(project)[0].begrippen
    assert after["loket"].koppelingen.closeMatch == [f"{X}loketten"]
    assert after["aanvullende-schade"].koppelingen.relatedMatch == [f"{X}schade"]
    assert "2 koppelingen geschreven in 2 bestanden" in out


def test_accept_names_every_unknown_id_at_once(project: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    before = {p.name: p.read_bytes() for p in (project / "begrippen").iterdir()}
    code, out, err = run_cli("match", str(ANDER), "--root", str(project),
                             "--accepteer", "abcdef0", "--accepteer", "1234567=exactMatch")
    assert code == 2
    assert "'abcdef0'" in out + err and "'1234567'" in out + err
    assert {p.name: p.read_bytes() for p in (project / "begrippen").iterdir()} == before


def test_review_csv_round_trip(project: Path, run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import csv
    review = tmp_path / "voorstellen.csv"
    code, out, _ = run_cli("match", str(ANDER), "--root", str(project), "--review", str(review))
    assert code == 0 and "ter beoordeling geschreven" in out
    data = review.read_bytes()
    assert data.startswith("\ufeff".encode()) and b"\r\n" in data  # opens in Excel as is
    rows = list(csv.reader(data.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0][0] == "id" and rows[0][-1] == "besluit"
    assert len(rows) == 1 + 6  # every visible proposal, not only --limit's
    found = _proposals(project)
    decide = {found[("loket", "loketten")].ident: "ja",
              found[("aanvullende-schade", "schade")].ident: "breder",
              found[("loket", "loket")].ident: "nee"}
    # A colleague moves the decision column to the front and fills it in.
    marked = [["besluit", *rows[0][:-1]]] + [[decide.get(r[0], ""), *r[:-1]] for r in rows[1:]]
    review.write_text("\n".join(";".join(f'"{c}"' for c in r) for r in marked), "utf-8")
    code, out, _ = run_cli("match", str(ANDER), "--root", str(project), "--besluiten",
                           str(review))
    assert code == 0, out
    after = check(project)[0].begrippen
    assert after["loket"].koppelingen.closeMatch == [f"{X}loketten"]
    assert after["aanvullende-schade"].koppelingen.broadMatch == [f"{X}schade"]
    assert "2 koppelingen geschreven" in out


def test_a_wrong_decision_names_file_line_and_column(project: Path, run_cli,  # type: ignore[no-untyped-def]
                                                    tmp_path: Path) -> None:
    review = tmp_path / "voorstellen.csv"
    run_cli("match", str(ANDER), "--root", str(project), "--review", str(review))
    lines = review.read_text("utf-8-sig").splitlines()
    lines[2] += "misschien"
    lines[3] = "0000000" + lines[3][7:] + "ja"
    review.write_text("\n".join(lines), "utf-8")
    code, out, err = run_cli("match", str(ANDER), "--root", str(project), "--besluiten",
                             str(review))
    text = out + err
    assert code == 2
    assert f"{review}:3:11: besluit 'misschien'" in text and "verwacht een relatie" in text
    assert f"{review}:4:11: geen voorstel met id '0000000'" in text
    assert "niets geschreven" in text


def test_review_csv_cannot_run_formulas(project: Path, run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hun = _vocabulary(tmp_path, 'x:s a skos:Concept ; skos:prefLabel "schade"@nl ;\n'
                      '  skos:definition "=HYPERLINK(\\"https://evil.example\\")"@nl .\n')
    review = tmp_path / "r.csv"
    run_cli("match", str(hun), "--root", str(project), "--review", str(review))
    import csv
    rows = list(csv.reader(review.read_text("utf-8-sig").splitlines(), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert "'=HYPERLINK(\"https://evil.example\")" in cells


def test_review_markdown_round_trip(project: Path, run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    review = tmp_path / "voorstellen.md"
    run_cli("match", str(ANDER), "--root", str(project), "--review", str(review))
    text = review.read_text("utf-8")
    found = _proposals(project)
    loket = found[("loket", "loketten")]
    assert f"- [ ] `{loket.ident}` closeMatch — **loket** (`loket`)" in text
    text = text.replace(f"- [ ] `{loket.ident}` closeMatch", f"- [x] `{loket.ident}` relatedMatch")
    review.write_text(text, "utf-8")
    code, out, _ = run_cli("match", str(ANDER), "--root", str(project), "--besluiten",
                           str(review))
    assert code == 0, out
    assert check(project)[0].begrippen["loket"].koppelingen.relatedMatch == [f"{X}loketten"]
    assert "1 koppeling geschreven" in out


def test_review_refuses_an_unknown_kind_of_file(project: Path, run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("match", str(ANDER), "--root", str(project), "--review",
                             str(tmp_path / "r.xlsx"))
    assert code == 2 and "verwacht .csv of .md" in out + err
    assert not (tmp_path / "r.xlsx").exists()


def _two_proposals() -> list:  # type: ignore[type-arg]
    from kennisbank.skos.match import Candidate

    return [Candidate(f"b{i}", "closeMatch", f"{X}c{i}", f"term {i}", 0.7, "gelijkende term",
                      "onze definitie", "hun definitie") for i in range(2)]


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_review_csv_saved_with_commas_or_tabs_is_read_by_its_header(
        tmp_path: Path, delimiter: str) -> None:
    from kennisbank.cli.matchreview import decisions

    review = tmp_path / "voorstellen.csv"
    first, second = _two_proposals()
    review.write_text(f"id{delimiter}onze term{delimiter}besluit\n"
                      f'{first.ident}{delimiter}"term; 0"{delimiter}ja\n'
                      f"{second.ident}{delimiter}term 1{delimiter}\n", "utf-8")
    assert [(c.ident, c.relation) for c in decisions(review, [first, second])] == [
        (first.ident, "closeMatch")]


def test_review_csv_header_must_name_its_delimiter_unambiguously(tmp_path: Path) -> None:
    from kennisbank.cli.matchreview import decisions
    from kennisbank.core.findings import KennisbankError

    review = tmp_path / "voorstellen.csv"
    # Read with ',' and with ';' alike this header holds 'id' and 'besluit'.
    review.write_text("id;besluit;x,id,besluit\nb;ja;x,b,ja\n", "utf-8")
    with pytest.raises(KennisbankError) as ambiguous:
        decisions(review, _two_proposals())
    assert f"{review}:1:1: de kopregel" in str(ambiguous.value)
    assert "meer dan een scheidingsteken" in str(ambiguous.value)
    review.write_text("id|besluit\nabc0000|ja\n", "utf-8")
    with pytest.raises(KennisbankError) as missing:
        decisions(review, _two_proposals())
    assert "mist de kolom 'id' of 'besluit'" in str(missing.value)


def test_review_csv_row_with_another_number_of_cells_is_refused(project: Path, run_cli,  # type: ignore[no-untyped-def]
                                                                tmp_path: Path) -> None:
    review = tmp_path / "voorstellen.csv"
    run_cli("match", str(ANDER), "--root", str(project), "--review", str(review))
    lines = review.read_text("utf-8-sig").splitlines()
    ident = lines[1].split(";")[0]
    lines[1] += ";ja"  # a twelfth cell: the decision landed one column too far
    lines[2] = ";".join(lines[2].split(";")[:5])  # five cells left
    review.write_text("\n".join(lines), "utf-8")
    before = {p.name: p.read_bytes() for p in (project / "begrippen").iterdir()}
    code, out, err = run_cli("match", str(ANDER), "--root", str(project), "--besluiten",
                             str(review))
    text = out + err
    assert code == 2
    assert f"{review}:2:12: de rij met id {ident!r} heeft 12 cellen; verwacht 11" in text
    assert f"{review}:3:6: de rij met id" in text and "heeft 5 cellen; verwacht 11" in text
    assert "niets geschreven" in text
    assert {p.name: p.read_bytes() for p in (project / "begrippen").iterdir()} == before
