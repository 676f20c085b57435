"""Several schemes in one project, and concepts in none (issue 27, "nothing hidden"): one import
of a file with several skos:ConceptScheme gives one project and one site; every typed concept
of the source gets a page; every relation between two schemes of the file is a link on both
concepts' pages; every scheme has a page listing what the source puts in it; and the export
says what the source said (the round trip itself: tests/test_real_vocabularies.py and
tests/test_import.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from conftest import DATA
from kennisbank.checks.pipeline import check
from kennisbank.content.model import Inhoud
from kennisbank.core.findings import Level
from kennisbank.site.generate import generate
from kennisbank.site.pages.kaders import Kaders
from kennisbank.skos.importer import import_file, parse
from kennisbank.skos.mapping import (
    MAIN,
    concept_iris,
    nevenkader_iri,
    scheme_iri,
    schemes_of,
    to_triples,
)

ECHT = DATA / "echt"
REAL = sorted(p for folder in ECHT.iterdir() for p in folder.iterdir() if p.name != "SOURCE.md")
MULTI = [DATA / "import" / "twee-kaders.ttl",
         ECHT / "skohub-twee-schemas" / "twoConceptSchemesOneFile.ttl",
         ECHT / "skosmos-microthesauri" / "test-concept-schemes.ttl",
         ECHT / "mim-begrippen" / "begrippen.ttl"]
MATCHES = [SKOS[m] for m in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch",
                             "relatedMatch")]
RELATIONS = [SKOS.broader, SKOS.narrower, SKOS.related, *MATCHES]


def _imported(path: Path, tmp_path: Path) -> tuple[Inhoud, Path]:
    [folder], _ = import_file(path, tmp_path / "inhoud")
    inhoud, findings = check(folder)
    assert not [f.format() for f in findings if f.level is Level.FOUT]
    generate(inhoud, tmp_path / "docs")
    return inhoud, tmp_path / "docs"


def _homes(source: Graph, concept: URIRef) -> set[URIRef]:
    schemes = set(source.subjects(RDF.type, SKOS.ConceptScheme))
    return {h for h in (*source.objects(concept, SKOS.inScheme),
                        *source.objects(concept, SKOS.topConceptOf),
                        *source.subjects(SKOS.hasTopConcept, concept)) if h in schemes}


@pytest.mark.parametrize("path", [*REAL, *MULTI[:1]], ids=lambda p: p.parent.name)
def test_every_concept_of_the_source_has_a_page(path: Path, tmp_path: Path) -> None:
    source = parse(path)
    inhoud, docs = _imported(path, tmp_path)
    pages = {str(iri): docs / "begrippen" / f"{ident}.md"
             for ident, iri in concept_iris(inhoud).items()}
    mapped = {o for m in MATCHES for o in source.objects(None, m)}
    typed = {c for c in source.subjects(RDF.type, SKOS.Concept) if isinstance(c, URIRef)}
    # Every typed concept, but another vocabulary's concept that is only a mapping target.
    wanted = {str(c) for c in typed if _homes(source, c) or c not in mapped}
    assert wanted and wanted <= set(pages)
    assert all(pages[iri].is_file() for iri in wanted)
    # And nothing the source does not call a concept of its own.
    assert set(pages) <= {str(c) for c in typed} | {
        str(s) for s in source.subjects(SKOS.prefLabel)}


@pytest.mark.parametrize("path", MULTI, ids=lambda p: p.name)
def test_one_import_one_project_with_every_scheme(path: Path, tmp_path: Path) -> None:
    source = parse(path)
    inhoud, docs = _imported(path, tmp_path)
    assert inhoud.kader is not None
    iris = concept_iris(inhoud)
    declared = set(source.subjects(RDF.type, SKOS.ConceptScheme))
    ours = {MAIN: scheme_iri(inhoud.kader)} | {
        ident: nevenkader_iri(inhoud.kader, ident) for ident in inhoud.kader.kaders}
    assert set(ours.values()) == declared and len(declared) >= 2
    for ident, scheme in ours.items():
        # the concepts the source puts in the scheme, and no other
        expected = {c for c in iris.values() if scheme in _homes(source, c)}
        assert {iris[i] for i, b in inhoud.begrippen.items() if ident in schemes_of(b)} == \
            expected
        page = docs / Kaders.href(ident, "")
        listed = page.read_text(encoding="utf-8").split("## Begrippen")[1].split("## ")[0]
        prefix = "../begrippen/" if ident == MAIN else "../../begrippen/"
        assert sorted(re.findall(r"\]\(" + re.escape(prefix) + r"([a-z0-9-]+)\.md\)",
                                 listed)) == sorted(i for i in iris if iris[i] in expected)
    outside = {c for c in iris.values() if not _homes(source, c)}
    no_scheme = docs / "begrippen" / "zonder-kader.md"
    assert no_scheme.is_file() == bool(outside)
    # the A-Z list, in the navigation, links every scheme's page
    a_to_z = (docs / "begrippen" / "index.md").read_text(encoding="utf-8")
    for ident in ours:
        assert f"]({Kaders.href(ident, '../')})" in a_to_z


def test_figures_per_scheme(tmp_path: Path) -> None:
    """The Skosmos micro-thesauri: the thesaurus holds four concepts, each micro-thesaurus
    the ones the source puts in it, the domains scheme two."""
    inhoud, _ = _imported(MULTI[2], tmp_path)
    assert inhoud.kader is not None
    counts = {ident: sum(1 for b in inhoud.begrippen.values() if ident in schemes_of(b))
              for ident in [MAIN, *inhoud.kader.kaders]}
    assert counts == {MAIN: 4, "domains": 2, "mt1": 2, "mt2": 1, "mt3": 1}


@pytest.mark.parametrize("path", MULTI, ids=lambda p: p.name)
def test_relations_between_schemes_are_links_on_both_pages(path: Path, tmp_path: Path) -> None:
    source = parse(path)
    inhoud, docs = _imported(path, tmp_path)
    ids = {iri: ident for ident, iri in concept_iris(inhoud).items()}
    crossing = [(ids[s], ids[o]) for p in RELATIONS for s, o in source.subject_objects(p)
                if s in ids and o in ids and not _homes(source, s) & _homes(source, o)]
    if path == MULTI[0]:
        # x exactMatch y, z broader x, z related v, v narrowMatch y, w closeMatch z
        assert len(crossing) == 5
    for a, b in crossing:
        for here, there in ((a, b), (b, a)):
            page = (docs / "begrippen" / f"{here}.md").read_text(encoding="utf-8")
            relaties = page.split("## Relaties")[1].split("\n## ")[0]
            assert f"]({there}.md)" in relaties, (here, there)
            # not as an external mapping
            assert "## In andere begrippenkaders" not in page or \
                f"/{there}" not in page.split("## In andere begrippenkaders")[1]


def test_export_of_a_multi_scheme_project_says_what_the_source_said(tmp_path: Path) -> None:
    source = parse(MULTI[0])
    inhoud, _ = _imported(MULTI[0], tmp_path)
    exported = to_triples(inhoud)
    w = URIRef("https://a.example/id/begrip/w")
    assert not [t for t in exported if t[0] == w and t[1] == SKOS.inScheme]  # in no scheme
    for s, p, o in exported:
        if p in MATCHES:  # mappings exactly as stated: no inverse added
            assert (s, p, o) in source
    assert {(s, o) for s, p, o in exported if p == SKOS.inScheme} == \
        {(s, o) for s, o in source.subject_objects(SKOS.inScheme)}


@pytest.mark.parametrize("path", MULTI, ids=lambda p: p.name)
def test_every_scheme_iri_has_its_page_and_documents(path: Path, tmp_path: Path) -> None:
    """iris.json (read by serverconfig) names every scheme of the file, not only the main
    one; each other scheme's documents describe that scheme, its fallback page is written."""
    from kennisbank.site.iripaths import MAP_FILE, read_map

    source = parse(path)
    inhoud, docs = _imported(path, tmp_path)
    assert inhoud.kader is not None
    entries = {e.iri: e for e in read_map((docs / MAP_FILE).read_text(encoding="utf-8"))
               if e.kind == "begrippenkader"}
    declared = {str(s) for s in source.subjects(RDF.type, SKOS.ConceptScheme)}
    assert set(entries) == declared
    for ident in inhoud.kader.kaders:
        entry = entries[str(nevenkader_iri(inhoud.kader, ident))]
        assert entry.page == Kaders.href(ident, "").removesuffix(".md") + "/"
        assert entry.formats == ("turtle", "jsonld", "rdfxml")
        graph = Graph().parse(docs / f"{entry.data}.ttl", format="turtle")
        assert set(graph.subjects(RDF.type, SKOS.ConceptScheme)) == {URIRef(entry.iri)}
        assert (docs / "id" / "begrippenkader" / ident / "index.html").is_file()
