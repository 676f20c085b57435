"""Real public SKOS vocabularies (tests/data/echt/*/, source and licence in SOURCE.md):
import → check (no errors) → export contains every input triple, and no adms:status that
the input lacked; a site builds from one of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph
from rdflib.namespace import RDF, SKOS

from kennisbank.checks.pipeline import check
from kennisbank.core.findings import Level
from kennisbank.skos.importer import import_file, parse
from kennisbank.skos.mapping import ADMS, serialize, to_triples

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
    # Known gap: a concept with owl:deprecated true is imported as 'status: verouderd' and
    # exported with adms:status Deprecated as well (a status derived from the source's own
    # deprecation, not invented from nothing).
    from rdflib.namespace import OWL
    had_status = set(source.subjects(ADMS.status)) | set(source.subjects(OWL.deprecated))
    for concept in exported.subjects(RDF.type, SKOS.Concept):
        if concept not in had_status:
            assert (concept, ADMS.status, None) not in exported, concept


def test_a_site_builds_from_a_real_vocabulary(tmp_path: Path) -> None:
    from kennisbank.site.generate import generate

    folders, _ = import_file(ECHT / "skosmos-test" / "test.ttl", tmp_path / "out")
    inhoud, findings = check(folders[0])
    assert not [f for f in findings if f.level is Level.FOUT]
    output, _ = generate(inhoud, tmp_path / "docs")
    pages = sorted((tmp_path / "docs" / "begrippen").glob("*.md"))
    assert len(pages) > 10


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
