"""Real public SKOS vocabularies (tests/data/echt/*/, source and licence in SOURCE.md):
import → check (no errors) → export contains every input triple and nothing the source did
not say (but what SKOS's own axioms say with it); top concepts, the scheme IRI and statuses
as in the source; a site builds from them without raw markup."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from kennisbank.checks.pipeline import check
from kennisbank.core.findings import Level
from kennisbank.skos.importer import import_file, parse
from kennisbank.skos.mapping import (
    ADMS,
    ADMS_STATUS,
    BROADER,
    MAIN,
    concept_iris,
    scheme_iri,
    schemes_of,
    serialize,
    site_top_concepts,
    stated_status,
    to_triples,
)

ECHT = Path(__file__).parent / "data" / "echt"
FILES = sorted(p for folder in ECHT.iterdir() for p in folder.iterdir()
               if p.name != "SOURCE.md")


def test_at_least_five_real_files_with_their_source() -> None:
    assert len(FILES) >= 5
    for path in FILES:
        source = (path.parent / "SOURCE.md").read_text(encoding="utf-8")
        assert "commit" in source.lower() and "licen" in source.lower()


def _ground(graph: Graph) -> set[tuple[object, object, object]]:
    return {t for t in graph if not any(isinstance(x, BNode) for x in t)}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.parent.name)
def test_import_check_export_keeps_every_triple(path: Path, tmp_path: Path) -> None:
    source = parse(path)
    folders, _ = import_file(path, tmp_path / "out")
    exported = Graph()
    for folder in folders:
        inhoud, findings = check(folder)
        errors = [f.format() for f in findings if f.level is Level.FOUT]
        assert errors == [], errors
        for fmt, rdflib_fmt in (("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")):
            data = serialize(to_triples(inhoud), fmt)
            part = Graph().parse(data=data, format=rdflib_fmt)
            if fmt == "turtle":
                exported += part
    missing = _ground(source) - _ground(exported)
    assert not missing, sorted(missing, key=str)[:5]
    # Blank-node triples: as many, with the same predicates (exact structure is checked by
    # the isomorphism tests of the writers).
    def bnode_predicates(g: Graph) -> list[str]:
        return sorted(str(p) for s, p, o in g if isinstance(s, BNode) or isinstance(o, BNode))
    assert set(bnode_predicates(source)) <= set(bnode_predicates(exported))
    assert bnode_predicates(exported) == bnode_predicates(source)
    added = sorted((t for t in _ground(exported) - _ground(source)
                    if not _said_by_skos(source, t)), key=str)
    assert not added, added[:5]


INVERSE = {SKOS.broader: SKOS.narrower, SKOS.related: SKOS.related,
           SKOS.topConceptOf: SKOS.hasTopConcept,
           **dict(BROADER.values())}
INVERSE.update({up: down for down, up in list(INVERSE.items())})
SEMANTIC = {SKOS.broader, SKOS.narrower, SKOS.related, SKOS.broaderTransitive,
            SKOS.narrowerTransitive, SKOS.semanticRelation,
            *(p for pair in BROADER.values() for p in pair)}


def _said_by_skos(source: Graph, triple: tuple[Any, Any, Any]) -> bool:
    """True for a triple the source says through SKOS's own axioms: the inverse of a stated
    relation, skos:inScheme of a top concept (skos:topConceptOf is a sub-property of it),
    the class of a skos:inScheme object (its range) and skos:Concept for a resource in a
    semantic relation (IMKA's `klimaatscenario` has a broader concept but no rdf:type). One
    known gap: a concept with owl:deprecated true becomes `status: verouderd` and gets
    adms:status Deprecated too."""
    s, p, o = triple
    if p in INVERSE and (o, INVERSE[p], s) in source:
        return True
    if p == SKOS.inScheme and ((s, SKOS.topConceptOf, o) in source or
                               (o, SKOS.hasTopConcept, s) in source):
        return True
    if p == RDF.type and o == SKOS.ConceptScheme and (None, SKOS.inScheme, s) in source:
        return True
    if p == RDF.type and o == SKOS.Concept and any(
            (s, r, None) in source or (None, r, s) in source for r in SEMANTIC):
        return True  # S19, S20: the domain and range of skos:semanticRelation
    return p == ADMS.status and o == ADMS_STATUS.Deprecated and \
        (s, OWL.deprecated, Literal(True)) in source and (s, ADMS.status, None) not in source


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.parent.name)
def test_top_concepts_and_scheme_iri_as_in_the_source(path: Path, tmp_path: Path) -> None:
    source = parse(path)
    folders, _ = import_file(path, tmp_path / "out")
    named = set(source.objects(None, SKOS.inScheme)) | \
        set(source.subjects(RDF.type, SKOS.ConceptScheme))
    declared = set(source.subject_objects(SKOS.topConceptOf)) | \
        {(c, s) for s, c in source.subject_objects(SKOS.hasTopConcept)}
    for folder in folders:
        inhoud, _ = check(folder)
        assert inhoud.kader is not None and inhoud.kader.geimporteerd
        scheme = scheme_iri(inhoud.kader)
        assert scheme in named  # never a minted IRI
        exported = to_triples(inhoud)
        # every scheme's top concepts as declared (a file may hold several schemes)
        assert {(c, s) for c, p, s in exported if p == SKOS.topConceptOf} <= declared
        tops = {c for c, p, s in exported if p == SKOS.topConceptOf and s == scheme}
        assert tops == {c for c, s in declared if s == scheme and
                        (c, SKOS.topConceptOf, scheme) in exported}
        assert {(c, scheme) for c in tops} <= declared
        # the site shows the declared ones, or derives them when the source declares none
        iris = concept_iris(inhoud)
        shown = {iris[i] for i in site_top_concepts(inhoud)}
        several = bool(inhoud.kader.kaders)
        # (derived: no broader concept of any kind, ISO 25964 kinds included; with several
        # schemes only the main scheme's concepts)
        assert shown == tops if tops else shown == {
            iris[i] for i, b in inhoud.begrippen.items()
            if not any(getattr(b, key) for key in BROADER)
            and (not several or MAIN in schemes_of(b))}
        labels = [o for s, p, o in exported if s == scheme and p == SKOS.prefLabel]
        assert len({o.language for o in labels}) == len(labels)  # S14


def test_top_concepts_figures(tmp_path: Path) -> None:
    """Declared 1 (of 8 without broader), none (300 without broader): so many in the export."""
    for name, file, expected in (("skosmos-test", "test.ttl", 1),
                                 ("openskos-iso639", "iso-639-3-clavas.rdf", 0)):
        folders, _ = import_file(ECHT / name / file, tmp_path / name)
        inhoud, _ = check(folders[0])
        exported = to_triples(inhoud)
        assert len({c for c, p, _ in exported if p == SKOS.topConceptOf}) == expected
        assert not [t for t in exported if t[1] == SKOS.hasTopConcept and expected == 0]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.parent.name)
def test_no_status_where_the_source_has_none(path: Path, tmp_path: Path) -> None:
    from kennisbank.site.searchindex import label_download

    source = parse(path)
    had_status = set(source.subjects(ADMS.status)) | set(source.subjects(OWL.deprecated))
    folders, _ = import_file(path, tmp_path / "out")
    for folder in folders:
        inhoud, _ = check(folder)
        iris = concept_iris(inhoud)
        for row in json.loads(label_download(inhoud))["termen"]:
            if URIRef(row["iri"]) not in had_status:
                assert row["status"] is None, row
        # (a status outside ADMS's three stays in overige_rdf: the concept then has none)
        for ident, b in inhoud.begrippen.items():
            if iris[ident] not in had_status:
                assert not stated_status(b, inhoud.kader), ident


def test_a_site_builds_from_a_real_vocabulary(tmp_path: Path) -> None:
    from kennisbank.site.generate import generate

    folders, _ = import_file(ECHT / "skosmos-test" / "test.ttl", tmp_path / "out")
    inhoud, findings = check(folders[0])
    assert not [f for f in findings if f.level is Level.FOUT]
    output, _ = generate(inhoud, tmp_path / "docs")
    pages = sorted((tmp_path / "docs" / "begrippen").glob("*.md"))
    assert len(pages) > 10
    # One declared top concept and one more concept without a broader one: the hierarchy
    # starts from the declared one and shows the other apart; the scheme page lists only it.
    # The five typed concepts in no scheme (ta124-ta128) have a section of their own.
    hierarchy = (tmp_path / "docs" / "begrippen" / "hierarchie.md").read_text(encoding="utf-8")
    head, rest = hierarchy.split("## Zonder topbegrip")
    rest, outside = rest.split("## Zonder begrippenkader")
    assert len(re.findall(r"^- ", head, re.M)) == 1 and len(re.findall(r"^- ", rest, re.M)) == 1
    assert sorted(re.findall(r"\]\((ta\d+)\.md\)", outside)) == [
        "ta124", "ta125", "ta126", "ta127", "ta128"]
    scheme = next(p for p in (tmp_path / "docs").rglob("*.md")
                  if "## Topbegrippen" in p.read_text(encoding="utf-8"))
    section = scheme.read_text(encoding="utf-8").split("## Topbegrippen")[1].split("##")[0]
    assert section.count("\n- ") == 1


@pytest.fixture(scope="module")
def systematik_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real site build (check → generate → mkdocs build --strict) of SkoHub's German
    classification, imported unedited. One concept gets, on top, a literal dct:source with
    markup in it (none of the real files has a source given as text)."""
    from site_fixtures import build_project

    tmp = tmp_path_factory.mktemp("systematik")
    import_file(ECHT / "skohub-systematik" / "systematik.ttl", tmp / "inhoud")
    concept = tmp / "inhoud" / "begrippen" / "n001.yaml"
    concept.write_text(concept.read_text(encoding="utf-8") + (
        "overige_rdf: |\n  <https://w3id.org/kim/hochschulfaechersystematik/n001>\n"
        '    <http://purl.org/dc/terms/source> "Destatis <b>2019</b> & Co"@de ,\n'
        '    "Bron zonder taal" .\n'), encoding="utf-8")
    return build_project(tmp / "inhoud", tmp / "project")


def _page(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def test_kader_language_comes_from_the_source(systematik_site: Path) -> None:
    kader = (systematik_site.parent / "begrippen" / "_kader.yaml").read_text(encoding="utf-8")
    assert "taal: de\n" in kader  # most prefLabels are German


def test_real_vocabulary_page_shows_the_display_language_marked(systematik_site: Path) -> None:
    page = _page(systematik_site, "begrippen/n001")
    assert '<html lang="nl"' in page
    # the German label (the kader's taal), not the English or Ukrainian one, in an <h1 lang>
    assert re.search(r'<h1 [^>]*lang="de"[^>]*>Ägyptologie', page), page[:3000]
    # the other languages are listed, each with its own lang
    assert '<span lang="en">Egyptology</span>' in page
    assert '<span lang="uk">Єгиптологія</span>' in page
    # links to other concepts carry the language of their label
    assert re.search(r'<a href="../n13/"><span lang="de">[^<]+</span></a>', page)
    # no status notice: the source states none, so the site claims no (non-)adoption
    assert "Status:" not in page


def test_notations_shown_and_used_for_ordering(systematik_site: Path) -> None:
    page = _page(systematik_site, "begrippen/n001")
    assert '<p class="kb-notatie">Notatie: <code>001</code></p>' in page
    hierarchy = _page(systematik_site, "begrippen/hierarchie")
    tops = re.findall(r"<li><code>(\d+)</code> <a href=\"../n\d+/\"><span lang=\"de\">",
                      hierarchy)
    assert len(tops) > 300
    # the top level (one-digit notations) in notation order, not alphabetically
    first_level = [n for n in tops if len(n) == 1]
    assert first_level == sorted(first_level, key=int) and len(first_level) >= 8


def test_a_to_z_in_the_display_language(systematik_site: Path) -> None:
    page = _page(systematik_site, "begrippen")
    assert '<a href="n001/"><span lang="de">Ägyptologie</span></a>' in page
    assert ">Egyptology<" not in page  # English is not mixed into the German list


def test_literal_sources_shown_escaped_with_their_language(systematik_site: Path) -> None:
    page = _page(systematik_site, "begrippen/n001")
    bronnen = page[page.index('id="bronnen"'):]
    assert '<span lang="de">Destatis &lt;b&gt;2019&lt;/b&gt; &amp; Co</span>' in bronnen
    assert "<b>2019</b>" not in page
    assert "<li>Bron zonder taal</li>" in bronnen


def test_no_raw_markup_on_any_page(systematik_site: Path) -> None:
    """339 of its 340 concepts have no definition: no attribute line shows as text."""
    pages = sorted(systematik_site.rglob("*.html"))
    assert len(pages) > 340
    raw = [str(p.relative_to(systematik_site)) for p in pages  # a code example may say it
           if "{:" in re.sub(r"<code>.*?</code>", "", p.read_text(encoding="utf-8"), flags=re.S)]
    assert raw == []


def test_search_index_has_no_status_the_source_lacks(systematik_site: Path) -> None:
    index = json.loads((systematik_site / "zoeken" / "labels.json").read_text(encoding="utf-8"))
    assert len(index["begrippen"]) == 340
    assert all(len(row) == 2 for row in index["begrippen"])  # id and term, no status
    termen = json.loads((systematik_site / "downloads" / "termen.json").read_text(
        encoding="utf-8"))
    assert {row["status"] for row in termen["termen"]} == {None}


def test_hierarchy_and_scheme_page_show_the_declared_top_concepts(systematik_site: Path) -> None:
    kader = (systematik_site.parent / "begrippen" / "_kader.yaml").read_text(encoding="utf-8")
    assert "geimporteerd: true\n" in kader and "topbegrippen:\n" in kader
    scheme = next(p for p in systematik_site.rglob("*.html")
                  if 'id="topbegrippen"' in p.read_text(encoding="utf-8"))
    text = scheme.read_text(encoding="utf-8")
    tops = text[text.index('id="topbegrippen"'):]
    tops = tops[:tops.index("</ul>")]
    assert tops.count("<li>") == 8
