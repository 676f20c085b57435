"""The built site, asserted on its HTML: a real `kennisbank build` into a temporary folder."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph

from conftest import DATA
from site_fixtures import build_project

CONCEPTS = ("aanvullende-schade", "erkenning", "excuses", "herstel", "spijtbetuiging")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_project(DATA / "site", tmp_path_factory.mktemp("project"))


def _html(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


@pytest.mark.parametrize("ident", CONCEPTS)
def test_every_concept_has_a_page_with_its_definition(site: Path, ident: str) -> None:
    page = _html(site, f"begrippen/{ident}/index.html")
    assert 'class="kb-definitie"' in page
    assert '<html lang="nl"' in page
    # every relative link on the page resolves to a file of the site
    for href in re.findall(r'href="(\.\./[^"#]*)"', page):
        target = (site / "begrippen" / ident / href).resolve()
        assert target.exists() or (target / "index.html").exists(), href


def test_relations_link_both_ways(site: Path) -> None:
    herstel = _html(site, "begrippen/herstel/index.html")
    assert '<a href="../erkenning/">erkenning</a>' in herstel  # narrower, derived
    excuses = _html(site, "begrippen/excuses/index.html")
    assert '<a href="../erkenning/">erkenning</a>' in excuses  # related, symmetric


def test_status_notices(site: Path) -> None:
    assert "Status: Ontwerp" in _html(site, "begrippen/erkenning/index.html")
    oud = _html(site, "begrippen/spijtbetuiging/index.html")
    assert "Status: Verouderd" in oud and '<a href="../excuses/">excuses</a>' in oud
    assert "Status:" not in _html(site, "begrippen/herstel/index.html")


def test_a_to_z_lists_all_terms(site: Path) -> None:
    page = _html(site, "begrippen/index.html")
    for term in ("aanvullende schade", "erkenning", "excuses", "herstel", "spijtbetuiging"):
        assert f">{term}</a>" in page
    assert "<em>herstel bieden</em> → <a href=\"herstel/\">herstel</a>" in page
    assert 'href="#letter-a"' in page and 'id="letter-a"' in page


def test_search_index_holds_synonyms_but_the_page_hides_them(site: Path) -> None:
    index = json.loads(_html(site, "search/search_index.json"))
    herstel = " ".join(d["text"] for d in index["docs"] if d["location"].startswith(
        "begrippen/herstel/"))
    assert "rechtzetting" in herstel and "herstel bieden" in herstel
    page = _html(site, "begrippen/herstel/index.html")
    assert re.search(r'<p class="kb-zoektermen" hidden>[^<]*rechtzetting', page)


def test_content_is_escaped_never_executed(site: Path) -> None:
    page = _html(site, "begrippen/excuses/index.html")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page or \
        "&lt;script&gt;alert('x')&lt;/script&gt;" in page
    assert 'href="javascript:' not in page
    assert "*sterretjes*" in page  # Markdown in content stays literal text


def test_nothing_is_loaded_from_another_host(site: Path) -> None:
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for url in re.findall(r'(?:src|srcset)="([^"]+)"', html):
            assert not re.match(r"(https?:)?//", url), (path, url)
        for tag in re.findall(r"<link\b[^>]*>", html):
            if 'rel="stylesheet"' in tag or "preload" in tag or "preconnect" in tag:
                assert not re.search(r'href="(https?:)?//', tag), (path, tag)
    for path in site.rglob("*.css"):
        assert not re.search(r"@import\s+url\(\s*['\"]?(https?:)?//", path.read_text("utf-8"))


def test_iri_redirects_and_rdf_downloads(site: Path) -> None:
    redirect = _html(site, "id/begrip/herstel/index.html")
    assert 'http-equiv="refresh" content="0; url=../../../begrippen/herstel/"' in redirect
    assert '<link rel="canonical"' in redirect
    page = _html(site, "begrippen/herstel/index.html")
    assert '<link rel="alternate" type="text/turtle" href="../herstel.ttl">' in page
    assert "https://example.org/id/begrip/herstel" in page
    embedded = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert embedded and len(Graph().parse(data=embedded.group(1), format="json-ld")) > 10
    assert len(Graph().parse(site / "begrippen" / "herstel.ttl")) > 10
    for ext, fmt in (("ttl", "turtle"), ("jsonld", "json-ld"), ("rdf", "xml"), ("nt", "nt")):
        assert len(Graph().parse(site / "downloads" / f"begrippenkader.{ext}", format=fmt)) > 50


def test_collections_and_hierarchy(site: Path) -> None:
    kern = _html(site, "begrippen/collectie/kern/index.html")
    assert '<a href="../../herstel/">herstel</a>' in kern
    hierarchy = _html(site, "begrippen/hierarchie/index.html")
    assert re.search(r'herstel</a>\s*<ul>\s*<li><a href="../aanvullende-schade/">', hierarchy)
