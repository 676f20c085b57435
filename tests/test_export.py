"""SKOS export: the mapping of each key, NL-SBB conformance, formats and determinism."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SKOS

from conftest import DATA, REPO
from kennisbank.checks.pipeline import check
from kennisbank.skos.mapping import ADMS, ADMS_STATUS, ONTRADEN, serialize, to_graph

PROFILE = REPO / "standards" / "nl-sbb" / "skos-ap-nl.ttl"
B = "https://example.org/id/begrip/"
SCHEME = URIRef("https://example.org/id/begrippenkader/testkader")


def _graph(root: Path) -> Graph:
    inhoud, findings = check(root)
    assert not [f for f in findings if f.level == "fout"]
    return to_graph(inhoud)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return _graph(DATA / "skos-volledig")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(PROFILE)


def _shacl_results(data: Graph, shapes: Graph) -> list[tuple[str, str, str]]:
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True)
    sh = "http://www.w3.org/ns/shacl#"
    return sorted((str(report.value(r, URIRef(sh + "resultSeverity"))),
                   str(report.value(r, URIRef(sh + "focusNode"))),
                   str(report.value(r, URIRef(sh + "resultMessage"))))
                  for r in report.subjects(RDF.type, URIRef(sh + "ValidationResult")))


def test_fixture_export_conforms_to_nl_sbb(graph: Graph, shapes: Graph) -> None:
    results = _shacl_results(graph, shapes)
    assert [r for r in results if not r[0].endswith("Info")] == []


@pytest.mark.slow  # the repository's whole content through SHACL
def test_project_content_conforms_to_nl_sbb(shapes: Graph) -> None:
    if not any((REPO / "begrippen").glob("*.yaml")):
        pytest.skip("no project content yet")
    results = _shacl_results(_graph(REPO), shapes)
    assert [r for r in results if not r[0].endswith("Info")] == []


def test_labels_texts_and_notes(graph: Graph) -> None:
    herstel = URIRef(B + "herstel")
    assert (herstel, RDF.type, SKOS.Concept) in graph
    assert (herstel, SKOS.inScheme, SCHEME) in graph
    assert set(graph.objects(herstel, SKOS.prefLabel)) == {Literal("herstel", lang="nl"),
                                                           Literal("redress", lang="en")}
    assert set(graph.objects(herstel, RDFS.label)) == set(graph.objects(herstel, SKOS.prefLabel))
    assert set(graph.objects(herstel, SKOS.altLabel)) == {Literal("herstel bieden", lang="nl")}
    assert set(graph.objects(herstel, SKOS.hiddenLabel)) == {
        Literal("herstelmaatregelen", lang="nl"), Literal("redress schemes", lang="en")}
    assert len(set(graph.objects(herstel, SKOS.definition))) == 2
    # Ontraden termen: our own property, never a label SKOS tools would find the concept by.
    assert set(graph.objects(herstel, ONTRADEN)) == {
        Literal("schadeloosstelling", lang="nl"), Literal("compensation scheme", lang="en")}
    assert (herstel, RDFS.comment,
            Literal("Herstel is alles wat de overheid doet om schade goed te maken.", lang="nl")) \
        in graph
    assert (herstel, SKOS.scopeNote, Literal("Herstel is meer dan geld.", lang="nl")) in graph
    assert (herstel, SKOS.example, Literal("De hersteloperatie toeslagen.", lang="nl")) in graph


def test_sources_are_documents(graph: Graph) -> None:
    sources = list(graph.objects(URIRef(B + "herstel"), DCTERMS.source))
    assert len(sources) == 2
    pages = {graph.value(s, FOAF.page) for s in sources}
    assert URIRef("https://www.nationaleombudsman.nl/publicaties/onderzoeken/"
                  "herstel-bieden-een-vak-apart") in pages
    for source in sources:
        assert (source, RDF.type, FOAF.Document) in graph
        assert graph.value(source, DCTERMS.title) is not None
    citations = {graph.value(s, DCTERMS.bibliographicCitation) for s in sources}
    assert Literal("Kamerstuk 33047, nr. 42") in citations  # plain xsd:string, per NL-SBB


def test_hierarchy_relations_and_top_concepts(graph: Graph) -> None:
    herstel, erkenning, excuses = (URIRef(B + i) for i in ("herstel", "erkenning", "excuses"))
    assert (erkenning, SKOS.broader, herstel) in graph
    assert (herstel, SKOS.narrower, erkenning) in graph  # derived, never written by hand
    assert (erkenning, SKOS.related, excuses) in graph
    assert (excuses, SKOS.related, erkenning) in graph  # symmetric
    assert set(graph.objects(SCHEME, SKOS.hasTopConcept)) == {
        herstel, excuses, URIRef(B + "spijtbetuiging")}
    assert (herstel, SKOS.topConceptOf, SCHEME) in graph
    assert (erkenning, SKOS.topConceptOf, SCHEME) not in graph


def test_scheme_and_collections(graph: Graph) -> None:
    assert (SCHEME, RDF.type, SKOS.ConceptScheme) in graph
    assert (SCHEME, DCTERMS.title, Literal("Test scheme", lang="en")) in graph
    assert (SCHEME, OWL.versionInfo, Literal("1.10")) in graph
    assert (SCHEME, DCTERMS.license,
            URIRef("https://creativecommons.org/publicdomain/zero/1.0/")) in graph
    publisher = graph.value(SCHEME, DCTERMS.publisher)
    assert graph.value(publisher, FOAF.name) == Literal("Testorganisatie", lang="nl")
    kern = URIRef("https://example.org/id/collectie/kern")
    assert (kern, RDF.type, SKOS.Collection) in graph
    assert set(graph.objects(kern, SKOS.member)) == {URIRef(B + "herstel"),
                                                      URIRef(B + "erkenning")}


def test_status_and_deprecation(graph: Graph) -> None:
    oud = URIRef(B + "spijtbetuiging")
    assert (oud, OWL.deprecated, Literal(True)) in graph
    assert (oud, DCTERMS.isReplacedBy, URIRef(B + "excuses")) in graph
    assert (oud, ADMS.status, ADMS_STATUS.Deprecated) in graph
    assert (URIRef(B + "herstel"), ADMS.status, ADMS_STATUS.Completed) in graph
    assert (URIRef(B + "excuses"), OWL.deprecated, None) not in graph


def test_mapping_targets_are_typed_concepts_with_label_and_definition(shapes: Graph) -> None:
    graph = _graph(DATA / "geldig")
    target = URIRef("https://example.com/andere/herstel")
    assert (URIRef(B + "herstel"), SKOS.closeMatch, target) in graph
    assert (target, RDF.type, SKOS.Concept) in graph
    # from vocabulaires/andere.ttl, so consumers see what the target is
    assert set(graph.objects(target, SKOS.prefLabel)) == {Literal("herstel", lang="nl"),
                                                         Literal("redress", lang="en")}
    assert (target, SKOS.definition, Literal(
        "Het goedmaken van schade door een bestuursorgaan.", lang="nl")) in graph
    # The relation shapes hold: no violation about the target. (The profile still warns that
    # the target is neither a top concept nor has a broader one: andere.ttl itself places it
    # nowhere, and the export says no more than the source; see the NL-SBB test below.)
    results = _shacl_results(graph, shapes)
    assert [r for r in results if r[0].endswith("Violation") and str(target) in r[1]] == []


SBB = "http://begrippen.nlbegrip.nl/sbb/id/concept/"
SBB_SCHEME = URIRef("http://begrippen.nlbegrip.nl/id/begrippenkader/nlbegrip")


def test_mapping_to_the_real_nl_sbb_vocabulary_conforms_without_warnings(
        tmp_path: Path, shapes: Graph) -> None:
    # Issue 29: linking to NL-SBB's own concepts made the profile warn (shape Concept, SPARQL
    # constraint OrphanConcept: "geen topbegrip maar heeft ook geen bovenliggende ...") for
    # every target, because the export typed it skos:Concept without its place in its own
    # scheme. Now the export states that place as the source does: one target a top concept
    # of the NL-SBB scheme, the other ('begrippenlijst') under its broader 'begrippenkader'.
    root = tmp_path / "project"
    shutil.copytree(DATA / "skos-volledig", root)
    shutil.copytree(REPO / "vocabulaires", root / "vocabulaires")
    for ident, relation, target in (("herstel", "relatedMatch", "Concept"),
                                    ("erkenning", "broadMatch", "Glossary")):
        path = root / "begrippen" / f"{ident}.yaml"
        path.write_text(path.read_text(encoding="utf-8")
                        + f"koppelingen:\n  {relation}: [{SBB}{target}]\n", encoding="utf-8")
    graph = _graph(root)
    glossary, scheme_concept = URIRef(SBB + "Glossary"), URIRef(SBB + "ConceptScheme")
    assert (URIRef(B + "erkenning"), SKOS.broadMatch, glossary) in graph
    assert (glossary, SKOS.broader, scheme_concept) in graph
    assert (glossary, SKOS.topConceptOf, None) not in graph
    assert (scheme_concept, SKOS.topConceptOf, SBB_SCHEME) in graph
    assert (URIRef(SBB + "Concept"), SKOS.topConceptOf, SBB_SCHEME) in graph
    assert (glossary, SKOS.inScheme, SBB_SCHEME) in graph
    assert (SBB_SCHEME, RDF.type, SKOS.ConceptScheme) in graph
    assert (SBB_SCHEME, DCTERMS.title, Literal("Begrippenkader nlbegrip", lang="nl")) in graph
    assert (scheme_concept, SKOS.definition, None) in graph
    # nothing else of NL-SBB's 43 concepts: only targets and what places them
    named = {s for s in graph.subjects(RDF.type, SKOS.Concept) if str(s).startswith(SBB)}
    assert named == {glossary, scheme_concept, URIRef(SBB + "Concept")}
    results = _shacl_results(graph, shapes)
    assert [r for r in results if not r[0].endswith("Info")] == []


def _with_foreign_target(tmp_path: Path, profiel: str) -> Path:
    """`geldig` with an extra closeMatch to an IRI of no vocabulary in vocabulaires/."""
    root = tmp_path / profiel
    shutil.copytree(DATA / "geldig", root)
    kader = root / "begrippen" / "_kader.yaml"
    kader.write_text(kader.read_text(encoding="utf-8") + f"profiel: {profiel}\n",
                     encoding="utf-8")
    herstel = root / "begrippen" / "herstel.yaml"
    herstel.write_text(herstel.read_text(encoding="utf-8").replace(
        "    - https://example.com/andere/herstel\n",
        "    - https://example.com/andere/herstel\n    - https://elders.example/id/herstel\n"),
        encoding="utf-8")
    return root


FOREIGN = URIRef("https://elders.example/id/herstel")


def test_foreign_mapping_target_is_an_error_under_nl_sbb(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    root = _with_foreign_target(tmp_path, "nl-sbb")
    inhoud, findings = check(root)
    found = [(f.level, f.code) for f in findings if str(FOREIGN) in f.message]
    assert found == [("fout", "koppeling-buiten-vocabulaires")]
    code, _, err = run_cli("export", "--root", str(root), "--format", "turtle",
                           "-o", str(tmp_path / "uit.ttl"))
    assert code == 1 and "koppeling-buiten-vocabulaires" in err


def test_foreign_mapping_target_is_a_warning_under_skos_and_stays_untyped(
        tmp_path: Path, shapes: Graph) -> None:
    root = _with_foreign_target(tmp_path, "skos")
    inhoud, findings = check(root)
    found = [(f.level, f.code) for f in findings if str(FOREIGN) in f.message]
    assert found == [("waarschuwing", "koppeling-buiten-vocabulaires")]
    graph = to_graph(inhoud)
    assert (URIRef(B + "herstel"), SKOS.closeMatch, FOREIGN) in graph
    # Nothing is said about the foreign IRI itself: no type, label or definition invented.
    assert list(graph.predicate_objects(FOREIGN)) == []
    # The target known from vocabulaires/ is still typed and described.
    known = URIRef("https://example.com/andere/herstel")
    assert (known, RDF.type, SKOS.Concept) in graph
    assert (known, SKOS.prefLabel, Literal("herstel", lang="nl")) in graph


@pytest.mark.parametrize("fmt", ["jsonld", "rdfxml", "ntriples"])
def test_formats_parse_back_isomorphic(graph: Graph, fmt: str) -> None:
    parse_as = {"jsonld": "json-ld", "rdfxml": "xml", "ntriples": "nt"}[fmt]
    turtle = Graph().parse(data=serialize(graph, "turtle"), format="turtle")
    other = Graph().parse(data=serialize(graph, fmt), format=parse_as)
    assert isomorphic(turtle, other)
    assert isomorphic(turtle, graph)


@pytest.mark.parametrize("fmt", ["turtle", "jsonld", "rdfxml", "ntriples"])
def test_byte_identical_whatever_the_file_order(tmp_path: Path, run_cli, fmt: str) -> None:  # type: ignore[no-untyped-def]
    source = DATA / "skos-volledig"
    files = [p for p in source.rglob("*") if p.is_file()]
    outputs = []
    for attempt in range(3):
        root = tmp_path / f"kopie{attempt}"
        random.Random(attempt).shuffle(files)  # creation order decides directory order
        for path in files:
            target = root / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        out = tmp_path / f"export{attempt}"
        assert run_cli("export", "--root", str(root), "--format", fmt, "-o", str(out))[0] == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


def test_export_refuses_invalid_content(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "kader.ttl"
    code, stdout, err = run_cli("export", "--root", str(DATA / "onbekend-begrip"),
                                "--format", "turtle", "-o", str(out))
    assert code == 1 and stdout == ""
    assert "[onbekend-begrip]" in err
    assert not out.exists()


def test_export_writes_the_leidraad_as_json(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "leidraad.json"
    code, _, _ = run_cli("export", "--root", str(DATA / "geldig"), "--format", "leidraad",
                         "-o", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert code == 0 and data["start"] == "begin"
    begin = data["stappen"][0]
    assert begin["checklist"] == ["Leg het signaal vast."]
    assert begin["begrippen"] == [{"id": "erkenning", "voorkeursterm": "erkenning",
                                   "iri": "https://example.org/id/begrip/erkenning"}]
    assert {"antwoord": "Nee", "einde": "Er is geen hersteltraject nodig."} in begin["uitkomsten"]


def test_writers_never_write_a_control_character_malformed() -> None:
    """Turtle and N-Triples escape control characters (\\uXXXX, read back as the same text);
    RDF/XML cannot hold them at all, so its writer refuses instead of writing a file that is
    not well-formed (the check refuses such values first: issue 24); a lone surrogate is
    refused by every writer."""
    import xml.dom.minidom

    subject, predicate = URIRef("http://x.org/a"), SKOS.prefLabel
    value = Literal("a\x01b\x1bc\x7fd\te\r\nf\"g\\", lang="nl")
    triples = [(subject, predicate, value)]
    for fmt, name in (("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")):
        data = serialize(triples, fmt)
        assert b"\x01" not in data and b"\x1b" not in data, fmt
        assert set(Graph().parse(data=data, format=name).objects(subject, predicate)) == \
            {value}, fmt
    with pytest.raises(ValueError, match="U\\+0001"):
        serialize(triples, "rdfxml")
    clean = [(subject, predicate, Literal("a\tb\r\nc <&> ]]>", lang="nl"))]
    xml.dom.minidom.parseString(serialize(clean, "rdfxml"))  # noqa: S318 (our own output)
    for fmt in ("turtle", "ntriples", "jsonld", "rdfxml"):
        with pytest.raises(ValueError, match="U\\+D800"):
            serialize([(subject, predicate, Literal("a\ud800b"))], fmt)
