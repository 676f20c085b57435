"""The built site, asserted on its HTML: a real `kennisbank build` into a temporary folder."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from conftest import REPO
from search_support import label_rows_in

CONCEPTS = ("aanvullende-schade", "erkenning", "excuses", "herstel", "spijtbetuiging")


@pytest.fixture(scope="module")
def site(fixture_sites: Any) -> Path:
    """The fixture site as MkDocs built it (once per session, conftest.py; read only)."""
    return Path(fixture_sites.site("mkdocs"))


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
    index = json.loads(_html(site, "zoeken/labels.json"))
    herstel = [n for n, b in enumerate(index["begrippen"]) if b[0] == "herstel"][0]
    rows = label_rows_in(site)
    labels = {(row[0], row[2]) for row in rows if row[1] == herstel}
    assert {("herstel", 0), ("herstel bieden", 1), ("rechtzetting", 3)} <= labels
    assert "rechtzetting" not in json.dumps([r for r in rows if len(r) > 3])
    page = _html(site, "begrippen/herstel/index.html")
    assert re.search(r'<p class="kb-zoektermen" hidden>[^<]*rechtzetting', page)
    assert "md-tag" not in page
    assert not (site / "search").exists()  # Material's search plugin is not used


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
    assert '<link rel="alternate describedby" type="text/turtle" href="../herstel.ttl">' in page
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


STEPS = ("signaal", "vaststellen", "besluit", "leren")


def test_every_step_has_a_page_whose_outcomes_lead_somewhere(site: Path) -> None:
    for ident in STEPS:
        page = _html(site, f"leidraad/{ident}/index.html")
        assert 'class="kb-stap"' in page and 'class="kb-vraag"' in page
        outcomes = re.findall(r'data-uitkomst="\d+"[^>]*>.*?</li>', page, re.S)
        assert outcomes
        for outcome in outcomes:
            link = re.search(r'→ <a href="\.\./([a-z0-9-]+)/">', outcome)
            if link:
                assert (site / "leidraad" / link.group(1) / "index.html").is_file()
            else:
                assert '<span class="kb-einde">Einde: ' in outcome
        for href in re.findall(r'href="(\.\./[^"#]*)"', page):
            target = (site / "leidraad" / ident / href).resolve()
            assert target.exists() or (target / "index.html").exists(), (ident, href)


def test_step_numbers_follow_the_route(site: Path) -> None:
    assert "<h1" in _html(site, "leidraad/signaal/index.html")
    assert "Stap 1: Signaal onderkennen" in _html(site, "leidraad/signaal/index.html")
    assert "Stap 3: Besluiten" in _html(site, "leidraad/besluit/index.html")
    assert "Parallel spoor: Leren en vastleggen" in _html(site, "leidraad/leren/index.html")


def test_flowchart_has_a_node_per_step_and_an_edge_per_outcome(site: Path) -> None:
    import html

    page = _html(site, "leidraad/index.html")
    source = html.unescape(re.search(r'<pre class="kb-stroomschema-bron" hidden>(.*?)</pre>',
                                     page, re.S).group(1))
    nodes = re.findall(r'^  (n\d+)\["', source, re.M)
    assert len(nodes) == len(STEPS)
    edges = re.findall(r"^  n\d+ -->", source, re.M)
    assert len(edges) == 2 + 2 + 2 + 1  # one per outcome
    links = json.loads(html.unescape(re.search(r'data-links="([^"]*)"', page).group(1)))
    assert sorted(links.values()) == sorted(f"{s}/" for s in STEPS)
    # the same route as an accessible list
    assert page.count('<li data-stap="') == len(STEPS)


def test_step_content_is_escaped(site: Path) -> None:
    page = _html(site, "leidraad/signaal/index.html")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    overview = _html(site, "leidraad/index.html")
    assert "<b>voordat</b>" not in overview and "&lt;b&gt;voordat&lt;/b&gt;" in overview


def test_leidraad_json_for_other_tools(site: Path) -> None:
    data = json.loads(_html(site, "downloads/leidraad.json"))
    assert data["start"] == "signaal" and data["versie"] == "1.0"
    first = data["stappen"][0]
    assert first["id"] == "signaal" and first["nummer"] == 1
    assert first["checklist"][0] == "Leg vast wie het signaal afgaf en wanneer."
    assert first["uitkomsten"][0] == {"antwoord": "Ja, onderzoeken", "volgende": "vaststellen"}
    assert first["begrippen"] == [{"id": "erkenning", "voorkeursterm": "erkenning",
                                   "iri": "https://example.org/id/begrip/erkenning"}]
    assert data["stappen"][-1]["parallel"] is True and data["stappen"][-1]["nummer"] is None


def test_concept_pages_list_the_steps_that_use_them(site: Path) -> None:
    page = _html(site, "begrippen/herstel/index.html")
    assert '<a href="../../leidraad/vaststellen/">Stap 2: Vaststellen wat er gebeurde</a>' in page


def test_dossier_is_a_printable_blank_form_without_javascript(site: Path) -> None:
    page = _html(site, "leidraad/dossier/index.html")
    for label in ("Stap 1: Signaal onderkennen", "Stap 3: Besluiten", "Parallel spoor"):
        assert label in page
    assert "☐ Leg vast wie het signaal afgaf en wanneer" in page


def test_mappings_show_the_other_concept_by_label_and_definition(site: Path) -> None:
    page = _html(site, "begrippen/spijtbetuiging/index.html")
    section = page[page.index('id="in-andere-begrippenkaders"'):]
    assert ('Komt grotendeels overeen met <a href="https://example.com/andere/spijt">'
            "spijt &lt;b&gt;betuigen&lt;/b&gt;</a> in "
            '<a href="../../vocabulaires/uwv/">Begrippen UWV (proef)</a>: '
            "Uitspreken dat het de organisatie spijt.") in section


def test_each_vocabulary_has_a_page_with_the_links_into_it(site: Path) -> None:
    page = _html(site, "vocabulaires/uwv/index.html")
    assert "Begrippen UWV (proef)" in page and "1 november 2026" in page
    assert '<a href="../../begrippen/spijtbetuiging/">spijtbetuiging</a>' in page
    assert "komt grotendeels overeen met" in page
    index = _html(site, "vocabulaires/index.html")
    assert '<a href="uwv/">Begrippen UWV (proef)</a>: 2 begrippen, 1 koppeling' in index


def test_steps_are_numbered_after_every_step_that_leads_to_them() -> None:
    from kennisbank.content.model import Leidraad, Stap, Uitkomst
    from kennisbank.site.pages.leidraad import route_order

    def stap(*targets: str) -> Stap:
        return Stap(titel={"nl": "t"}, vraag={"nl": "v"}, uitkomsten=[
            Uitkomst(antwoord={"nl": "a"}, volgende=t) if t else
            Uitkomst(antwoord={"nl": "a"}, einde={"nl": "klaar"}) for t in targets])

    # a skips ahead to c; b leads to c; d loops back to c; p is a parallel track
    stappen = {"a": stap("c", "b"), "b": stap("c"), "c": stap("d", ""), "d": stap("c", ""),
               "p": stap("")}
    assert route_order(Leidraad(titel={"nl": "L"}, start="a"), stappen) == \
        ["a", "b", "c", "d", "p"]


def test_every_page_carries_the_content_security_policy_and_runs_no_inline_script(
        site: Path) -> None:
    """One missed escape must not become a script: every page has the policy, and nothing
    the policy would refuse is on any page (so it can be strict)."""
    from html.parser import HTMLParser

    from kennisbank.site.security import CSP_META

    class Scan(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.policies: list[str] = []
            self.problems: list[str] = []
            self._inline = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            values = dict(attrs)
            if tag == "meta" and (values.get("http-equiv") or "").lower() == \
                    "content-security-policy":
                self.policies.append(values.get("content") or "")
            handlers = [name for name, _ in attrs if name.startswith("on")]
            if handlers:
                self.problems.append(f"<{tag} {handlers[0]}=...>")
            if tag == "script" and "src" not in values:
                kind = values.get("type") or "text/javascript"
                self._inline = kind not in ("application/json", "application/ld+json")
            for name in ("href", "src", "action"):
                if (values.get(name) or "").strip().lower().startswith("javascript:"):
                    self.problems.append(f"<{tag} {name}=javascript:...>")

        def handle_data(self, data: str) -> None:
            if self._inline and data.strip():
                self.problems.append(f"inline script: {data.strip()[:60]}")

        def handle_endtag(self, tag: str) -> None:
            if tag == "script":
                self._inline = False

    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30
    for path in pages:
        scan = Scan()
        scan.feed(path.read_text(encoding="utf-8"))
        rel = path.relative_to(site).as_posix()
        assert scan.policies == [CSP_META], rel
        assert scan.problems == [], rel


def test_vendored_readmes_are_no_pages() -> None:
    """docs/assets/vendor/**/*.md are excluded from the site (exclude_docs), so no concept's
    "Op pagina's" may link them (Zensical refuses such a link)."""
    from kennisbank.content.load import read_pages

    pages = read_pages(REPO / "docs", [])
    assert pages and "visie.md" in pages
    assert not [rel for rel in pages if rel.startswith("assets/")]
