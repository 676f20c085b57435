"""SKOS import: every input triple survives import → export; our own content survives
export → import; all RDF syntaxes; one project for a file with several schemes."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import graph_diff, to_isomorphic

from conftest import DATA, REPO
from kennisbank.content.load import load
from kennisbank.skos.mapping import scheme_iri

FIXTURES = sorted((DATA / "import").glob("*.ttl"))
EXAMPLE = REPO / "standards" / "nl-sbb" / "nl-sbb-thesaurus.example.ttl"


def _folders(out: Path) -> list[Path]:
    return sorted(p.parent for p in out.rglob("begrippen") if p.is_dir())


def _exported(run_cli, out: Path, tmp_path: Path) -> Graph:  # type: ignore[no-untyped-def]
    graph = Graph()
    for n, folder in enumerate(_folders(out)):
        target = tmp_path / f"export-{n}.ttl"
        code, _, err = run_cli("export", "--root", str(folder), "--format", "turtle",
                               "-o", str(target))
        assert code == 0, err
        graph.parse(target)
    return graph


@pytest.mark.parametrize("source", [*FIXTURES, EXAMPLE], ids=lambda p: p.name)
def test_import_then_export_keeps_every_triple(source: Path, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "kader"
    code, stdout, _ = run_cli("import", str(source), "--out", str(out))
    assert code == 0, stdout
    original = Graph().parse(source)
    _, missing, _ = graph_diff(to_isomorphic(original),
                               to_isomorphic(_exported(run_cli, out, tmp_path)))
    assert sorted(missing) == []


def test_example_concepts_land_in_their_keys(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "nlsbb"
    run_cli("import", str(EXAMPLE), "--out", str(out))
    inhoud, _ = load(out)
    assert len(inhoud.begrippen) == 43
    concept = inhoud.begrippen["concept"]
    assert concept.voorkeursterm == {"en": "concept", "nl": "begrip"}
    assert concept.naam == {"und": "concept"}  # an rdfs:label without language tag
    assert concept.uri == "http://begrippen.nlbegrip.nl/sbb/id/concept/Concept"
    assert {b.uri for b in concept.bronnen} >= {"http://www.w3.org/2004/02/skos/core#"}
    assert inhoud.kader is not None
    assert inhoud.kader.uri == "http://begrippen.nlbegrip.nl/id/begrippenkader/nlbegrip"
    assert "dcat:Dataset" in inhoud.kader.overige_rdf


def test_multilingual_notes_and_iso_relations(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "talen"
    run_cli("import", str(DATA / "import" / "meertalig.ttl"), "--out", str(out))
    inhoud, _ = load(out)
    voertuig, fiets = inhoud.begrippen["voertuig"], inhoud.begrippen["fiets"]
    assert voertuig.voorkeursterm == {"en": "vehicle", "fy": "fiertúch", "nl": "voertuig"}
    assert voertuig.notaties == ["V01"]
    assert voertuig.notities == {"nl": ["Algemene notitie"], "und": ["Notitie zonder taal"]}
    assert voertuig.redactionele_notities == {"nl": ["Nog afstemmen met de RDW."]}
    assert fiets.breder == ["voertuig"]  # written only as skos:narrower on voertuig
    assert fiets.breder_generiek == ["voertuig"] and fiets.breder_partitief == ["verkeer"]
    assert inhoud.begrippen["snelweg-a2"].breder_instantie == ["verkeer"]
    assert inhoud.begrippen["snelweg-a2"].uri == "https://voorbeeld.nl/id/begrip/Snelweg_A2"


def test_two_schemes_give_one_project(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "twee"
    code, stdout, _ = run_cli("import", str(DATA / "import" / "twee-kaders.ttl"), "--out",
                              str(out))
    assert code == 0, stdout
    assert _folders(out) == [out]
    inhoud, _ = load(out)
    assert inhoud.kader is not None
    assert scheme_iri(inhoud.kader) == URIRef("https://a.example/id/begrippenkader/eerste")
    assert list(inhoud.kader.kaders) == ["tweede"]
    assert inhoud.kader.kaders["tweede"].uri == "https://b.example/id/begrippenkader/tweede"
    x, y = inhoud.begrippen["x"], inhoud.begrippen["y"]
    assert (x.kaders, x.buiten_hoofdkader) == ([], False)
    assert (y.kaders, y.buiten_hoofdkader) == (["tweede"], True)
    # a mapping between the file's two schemes: a key, to the other concept's IRI
    assert x.koppelingen.exactMatch == ["https://b.example/id/begrip/y"]


@pytest.mark.parametrize("fmt", ["json-ld", "xml", "nt"])
def test_every_rdf_syntax_gives_the_same_content(tmp_path: Path, run_cli, fmt: str) -> None:  # type: ignore[no-untyped-def]
    source = DATA / "import" / "collecties.ttl"
    converted = tmp_path / f"collecties.{ {'json-ld': 'jsonld', 'xml': 'rdf', 'nt': 'nt'}[fmt] }"
    Graph().parse(source).serialize(converted, format=fmt)
    run_cli("import", str(source), "--out", str(tmp_path / "uit-turtle"))
    run_cli("import", str(converted), "--out", str(tmp_path / "uit-ander"))
    # Equal content; only the prefixes in 'overige_rdf' follow the input's syntax.
    assert _normalised(tmp_path / "uit-ander") == _normalised(tmp_path / "uit-turtle")


def _triples(turtle: str) -> list[str]:
    graph = Graph().parse(data=turtle, format="turtle")
    return sorted(graph.serialize(format="nt").splitlines())


def _normalised(root: Path) -> dict[str, Any]:
    inhoud, _ = load(root)
    related: dict[str, set[str]] = {}
    for b in inhoud.begrippen.values():
        for target in b.gerelateerd:
            related.setdefault(b.id, set()).add(target)
            related.setdefault(target, set()).add(b.id)
    result: dict[str, Any] = {}
    for ident, b in inhoud.begrippen.items():
        fields = dataclasses.asdict(b)
        del fields["locs"]
        fields["overige_rdf"] = _triples(b.overige_rdf)
        fields["gerelateerd"] = sorted(related.get(ident, set()))
        fields["bronnen"] = sorted(map(repr, fields["bronnen"]))
        for key in ("breder", "collecties"):
            fields[key] = sorted(fields[key])
        result[ident] = fields
    assert inhoud.kader is not None
    kader = dataclasses.asdict(inhoud.kader)
    del kader["locs"]
    kader["overige_rdf"] = _triples(inhoud.kader.overige_rdf)
    result["_kader"] = kader
    return result


def test_our_content_survives_export_then_import(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    source = DATA / "skos-volledig"
    exported = tmp_path / "kader.ttl"
    code, _, _ = run_cli("export", "--root", str(source), "--format", "turtle", "-o", str(exported))
    assert code == 0
    assert run_cli("import", str(exported), "--out", str(tmp_path / "terug"))[0] == 0
    back, original = _normalised(tmp_path / "terug"), _normalised(source)
    # What our export derives (rdfs:label per concept, the scheme's title, labels and
    # languages, the top concepts) is, to the importer, what the source said: it comes back
    # as `naam`, `topbegrippen` and the kader's overige_rdf, and is exported as it was.
    for ident, b in back.items():
        if ident != "_kader" and b["naam"] == b["voorkeursterm"]:
            b["naam"] = original[ident]["naam"]
    for key in ("geimporteerd", "topbegrippen", "overige_rdf"):
        back["_kader"][key] = original["_kader"][key]
    assert back == original
    again = tmp_path / "opnieuw.ttl"
    assert run_cli("export", "--root", str(tmp_path / "terug"), "--format", "turtle", "-o",
                   str(again))[0] == 0
    from rdflib.compare import to_isomorphic

    assert to_isomorphic(Graph().parse(again)) == to_isomorphic(Graph().parse(exported))


def test_lossy_drops_and_lists_what_has_no_key(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("import", str(DATA / "import" / "bronnen.ttl"), "--out",
                           str(tmp_path / "k"), "--lossy")
    assert code == 0
    dropped = [line for line in out.splitlines() if line.startswith("weggelaten: ")]
    assert any("2026-02-10" in line for line in dropped)
    assert "overige_rdf" not in (tmp_path / "k" / "begrippen" / "herstel.yaml").read_text()


def test_import_is_deterministic(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    for name in ("een", "twee"):
        run_cli("import", str(EXAMPLE), "--out", str(tmp_path / name))
    first, second = ({p.relative_to(tmp_path / name): p.read_bytes()
                      for p in (tmp_path / name).rglob("*.yaml")} for name in ("een", "twee"))
    assert first == second


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_the_project_folder_has_the_mode_of_a_new_folder(tmp_path: Path, run_cli,  # type: ignore[no-untyped-def]
                                                          umask: int) -> None:
    """Not mkdtemp's 0700: a site built in the project must be readable by a web server's
    worker (tests/test_own_iris.py serves one in place with nginx)."""
    import os

    old = os.umask(umask)
    try:
        code, _, _ = run_cli("import", str(EXAMPLE), "--out", str(tmp_path / "p"))
        (tmp_path / "gewoon").mkdir()
    finally:
        os.umask(old)
    assert code == 0
    mode = (tmp_path / "p").stat().st_mode & 0o777
    assert mode == (tmp_path / "gewoon").stat().st_mode & 0o777 == 0o777 & ~umask
    assert (tmp_path / "p" / "begrippen").stat().st_mode & 0o777 == mode


def test_import_refuses_a_non_empty_folder_and_non_rdf(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "bezet").mkdir()
    (tmp_path / "bezet" / "iets.txt").write_text("x")
    code, _, err = run_cli("import", str(EXAMPLE), "--out", str(tmp_path / "bezet"))
    assert code == 1 and "niet leeg" in err
    bad = tmp_path / "kapot.ttl"
    bad.write_text("dit is geen turtle <", encoding="utf-8")
    code, _, err = run_cli("import", str(bad), "--out", str(tmp_path / "leeg"))
    assert code == 1 and f"{bad}:1:1: geen geldige Turtle: verwachtte" in err
    assert not (tmp_path / "leeg").exists()


def test_the_yaml_order_knows_every_key_of_the_format() -> None:
    """The importer writes keys in this order; a key missing from it would come last (never
    lost), but belongs in its place."""
    from kennisbank.content.fields import Record
    from kennisbank.content.model import Begrip, Kader
    from kennisbank.content.yamlwrite import BEGRIP_ORDER, KADER_ORDER, dump

    assert set(Record(Begrip).fields) <= set(BEGRIP_ORDER)
    assert set(Record(Kader).fields) <= set(KADER_ORDER)
    assert dump({"onbekend": "x", "voorkeursterm": "y"}, BEGRIP_ORDER).splitlines() == [
        "voorkeursterm: y", "onbekend: x"]
