"""Hostile content in the site's own search, second round (issue 24), in headless Chromium
on both engines: a definition with '&' and a tag shows them once and literally (the index
holds plain text, the script inserts it as text), a hand-written page named 'javascript:…'
gives a result that links inside the site, and a page summary keeps its '_'."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from conftest import DATA, ENGINES
from site_fixtures import build_project, serve

DEFINITION = "Een organisatie binnen Erkenning & Herstel die <b>samen</b> met mensen herstel zoekt."
PAGE = ("---\ntitle: Javascriptpagina\n---\n# Javascriptpagina\n\nDeze pagina over "
        "herstelpartner_code en *nadruk* heeft een vreemde naam. Meer tekst.\n")


@pytest.fixture(scope="module", params=ENGINES)
def base_url(request: pytest.FixtureRequest,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    content = tmp_path_factory.mktemp("inhoud")
    shutil.copytree(DATA / "site", content, dirs_exist_ok=True)
    (content / "begrippen" / "herstelpartner.yaml").write_text(
        f"voorkeursterm: herstelpartner\ndefinitie: '{DEFINITION}'\nbreder: [herstel]\n",
        encoding="utf-8")
    (content / "docs").mkdir()
    (content / "docs" / "javascript:alert(1).md").write_text(PAGE, encoding="utf-8")
    site = build_project(content, tmp_path_factory.mktemp("project"), request.param)
    yield from serve(site)


def _search(page: Page, base_url: str, query: str) -> None:
    page.goto(base_url)
    box = page.get_by_role("combobox", name="Zoeken")
    box.click()
    box.press_sequentially(query)
    expect(page.locator("#kb-zoekresultaten")).to_have_attribute("data-zoekvraag", query)


def test_definition_with_ampersand_and_tag_shows_literally_once(page: Page,
                                                                base_url: str) -> None:
    _search(page, base_url, "herstelpartner")
    result = page.locator("#kb-zoekresultaten [role=option]").filter(
        has=page.locator(".kb-resultaat__term", has_text="herstelpartner")).first
    shown = result.locator(".kb-resultaat__definitie")
    expect(shown).to_have_text(DEFINITION)
    assert "&amp;" not in shown.inner_text() and shown.locator("b").count() == 0
    assert page.evaluate("document.querySelectorAll('#kb-zoekresultaten b').length") == 0


def test_page_named_javascript_links_inside_the_site(page: Page, base_url: str) -> None:
    _search(page, base_url, "Javascriptpagina")
    options = page.locator("#kb-zoekresultaten [role=option]")
    expect(options.first).to_contain_text("Javascriptpagina")
    hrefs = options.evaluate_all("os => os.map(o => o.href)")
    assert hrefs and all(href.startswith(base_url) for href in hrefs), hrefs
    found = options.filter(has_text="Javascriptpagina").first
    # The summary keeps the '_' of herstelpartner_code; emphasis loses only its markers.
    expect(found).to_contain_text("Deze pagina over herstelpartner_code en nadruk heeft")
    found.click()
    page.wait_for_url(base_url + "javascript%3Aalert(1)/")
    expect(page.locator("h1")).to_contain_text("Javascriptpagina")


def test_script_refuses_an_address_that_leaves_the_site(page: Page, base_url: str) -> None:
    """Even an index that holds 'javascript:…' (written by hand, an older engine) gives no
    such link: the script keeps only relative paths inside the site."""
    def labels(route):  # type: ignore[no-untyped-def]
        response = route.fetch()
        data = response.json()
        for row in data["paginas"]:
            if row[1] == "Javascriptpagina":
                row[0] = "javascript:window.__xss=1//"
            if row[1] == "Downloads":
                row[0] = "//example.org/"
        route.fulfill(response=response, json=data)

    page.route("**/zoeken/labels.json", labels)
    _search(page, base_url, "Javascriptpagina")
    expect(page.locator("#kb-zoekstatus")).to_contain_text("gevonden")
    hrefs = page.locator("#kb-zoekresultaten a").evaluate_all("os => os.map(o => o.href)")
    assert all(href.startswith(base_url) for href in hrefs), hrefs
    _search(page, base_url, "Downloads")
    hrefs = page.locator("#kb-zoekresultaten a").evaluate_all("os => os.map(o => o.href)")
    assert all(href.startswith(base_url) for href in hrefs), hrefs
    assert page.evaluate("window.__xss") is None

