"""The display language, notations and ISO 25964 broader kinds in real Chromium, under both
engines, on a phone (390 px) and a desktop (1366 px), with axe:

- SkoHub's German classification (`taal: de`, imported unedited): the search shows German
  terms marked `lang="de"`, and an English label that found a concept is named marked
  `lang="en"`;
- OpenSKOS's ISO 639-3 list: typing a code puts the concept with that notation first, in
  the header search and the term finder;
- this repository's own content: broader kinds on concept pages and in the hierarchy."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from browser_support import axe_violations, watch
from conftest import DATA
from site_fixtures import build_project, serve

pytestmark = pytest.mark.slow  # four builds of imported vocabularies

ECHT = DATA / "echt"
VOCABULARIES = {"systematik": ECHT / "skohub-systematik" / "systematik.ttl",
                "iso639": ECHT / "openskos-iso639" / "iso-639-3-clavas.rdf"}
ENGINES = ["mkdocs", "zensical"]
WIDTHS = [390, 1366]


class _Built:
    """Each imported vocabulary built once per engine on first use, and served."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.urls: dict[tuple[str, str], str] = {}
        self.servers: list[Iterator[str]] = []

    def content(self, name: str) -> Path:
        from kennisbank.skos.importer import import_file

        folder = self.root / name / "inhoud"
        if not folder.exists():
            import_file(VOCABULARIES[name], folder)
        return folder

    def url(self, name: str, engine: str) -> str:
        if (name, engine) not in self.urls:
            site = build_project(self.content(name), self.root / name / engine, engine)
            server = serve(site)
            self.servers.append(server)
            self.urls[name, engine] = next(server)
        return self.urls[name, engine]

    def close(self) -> None:
        for server in self.servers:
            next(server, None)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Built]:
    sites = _Built(tmp_path_factory.mktemp("weergave"))
    yield sites
    sites.close()


def _open_search(browser: Browser, url: str, width: int) -> tuple[Page, Any]:
    """A page at `url` with the header search box opened as a reader would: tapped behind
    its icon on a phone, clicked on a desktop."""
    context = browser.new_context(viewport={"width": width, "height": 844}, locale="nl-NL",
                                  has_touch=width < 960)
    page = context.new_page()
    page.goto(url)
    box = page.get_by_role("combobox", name="Zoeken")
    if width < 960:
        page.locator(".md-header label.md-header__button[for=__search]").tap()
    else:
        box.click()
    expect(box).to_be_focused()
    return page, box


def _search(page: Page, box: Any, query: str) -> Any:
    box.fill("")
    box.press_sequentially(query)
    results = page.locator("#kb-zoekresultaten")
    expect(results).to_have_attribute("data-zoekvraag", query)
    return results.get_by_role("option")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("engine", ENGINES)
def test_german_site_searches_in_german_marked_as_german(browser: Browser, built: _Built,
                                                         engine: str, width: int) -> None:
    page, box = _open_search(browser, built.url("systematik", engine), width)
    external, refused = watch(page)
    options = _search(page, box, "Physik")
    first = options.first
    expect(first.locator(".kb-resultaat__term > span")).to_have_text("Physik")
    expect(first.locator(".kb-resultaat__term > span")).to_have_attribute("lang", "de")
    # every term shown is German and says so; the English labels are not mixed in
    terms = page.locator("#kb-zoekresultaten .kb-resultaat__term > span")
    assert terms.count() >= 2
    assert {terms.nth(i).get_attribute("lang") for i in range(terms.count())} == {"de"}
    assert "Physics" not in page.locator("#kb-zoekresultaten").inner_text()
    # found by its English label: the German term, and the English one named as English
    options = _search(page, box, "Egyptology")
    first = options.first
    expect(first.locator(".kb-resultaat__term > span")).to_have_text("Ägyptologie")
    via = first.locator(".kb-resultaat__meta span[lang]")
    expect(via).to_have_text("Egyptology")
    expect(via).to_have_attribute("lang", "en")
    expect(first.locator(".kb-resultaat__meta")).to_contain_text("gevonden via ‘Egyptology’")
    expect(first).to_be_in_viewport()
    assert axe_violations(page) == []
    first.tap() if width < 960 else first.click()
    page.wait_for_url("**/begrippen/n001/")
    expect(page.locator("h1")).to_have_attribute("lang", "de")
    assert external == [] and refused == []
    page.context.close()


def _iso_id(built: _Built, code: str) -> str:
    """The id of the concept whose notation is `code`, from the imported files."""
    for path in sorted((built.content("iso639") / "begrippen").glob("*.yaml")):
        if re.search(rf"^notaties:\n- {code}$", path.read_text(encoding="utf-8"), re.M):
            return path.stem
    raise AssertionError(code)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("engine", ENGINES)
def test_a_language_code_finds_its_language_first(browser: Browser, built: _Built,
                                                  engine: str, width: int) -> None:
    """'kel' is the notation of one 'Kela'; another 'Kela' (kcl) and 'Keliko' start with
    the same letters. The code's concept comes first, its notation named."""
    url = built.url("iso639", engine)
    kel, kcl = _iso_id(built, "kel"), _iso_id(built, "kcl")
    page, box = _open_search(browser, url, width)
    external, refused = watch(page)
    options = _search(page, box, "kel")
    first = options.first
    assert (first.get_attribute("href") or "").endswith(f"/begrippen/{kel}/")
    expect(first.locator(".kb-resultaat__term")).to_have_text("Kela")
    expect(first.locator(".kb-resultaat__meta")).to_contain_text("notatie ‘kel’")
    hrefs = [o.get_attribute("href") or "" for o in options.all()]
    assert any(h.endswith(f"/begrippen/{kcl}/") for h in hrefs[1:])  # the other Kela later
    options = _search(page, box, "KCL")
    assert (options.first.get_attribute("href") or "").endswith(f"/begrippen/{kcl}/")
    expect(options.first).to_be_in_viewport()
    assert axe_violations(page) == []
    # the term finder of A–Z, which also shows the codes in its list
    page.goto(url + "begrippen/")
    expect(page.locator(f'li:has(a[href="{kel}/"]) code').first).to_have_text("kel")
    finder = page.get_by_role("combobox", name="Zoek een term")
    finder.press_sequentially("kel")
    option = page.get_by_role("listbox", name="Gevonden termen").get_by_role("option").first
    expect(option).to_have_text(re.compile(r"^kel → Kela"))
    assert (option.get_attribute("href") or "").endswith(f"/begrippen/{kel}/")
    assert axe_violations(page) == []
    assert external == [] and refused == []
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("engine", ENGINES)
def test_broader_kinds_on_our_own_pages(browser: Browser, real_sites: Any, engine: str,
                                        width: int) -> None:
    url = real_sites.url(engine)
    context = browser.new_context(viewport={"width": width, "height": 844}, locale="nl-NL")
    page = context.new_page()
    external, refused = watch(page)
    page.goto(url + "begrippen/commissie-hamer/")
    relations = page.locator("#relaties + div")
    expect(relations).to_contain_text("Is een exemplaar van: commissie")
    expect(relations.get_by_role("link", name="commissie", exact=True)).to_be_visible()
    assert axe_violations(page) == []
    page.goto(url + "begrippen/commissie/")
    exemplaren = page.locator("#relaties + div li", has_text="Exemplaren:")
    expect(exemplaren.get_by_role("link", name="Commissie Toeslagen en Uithuisplaatsingen")) \
        .to_be_visible()
    expect(page.locator("#relaties + div")).not_to_contain_text("Smaller:")
    page.goto(url + "begrippen/hierarchie/")
    link = page.get_by_role("link", name="Commissie Toeslagen en Uithuisplaatsingen",
                            exact=True).first
    label = link.locator("xpath=..").locator(":scope > .kb-relatiesoort")  # in its own <li>
    expect(label).to_have_text("exemplaar")
    expect(label).to_be_visible()
    assert page.locator(".kb-relatiesoort").count() >= 80
    assert axe_violations(page) == []
    assert external == [] and refused == []
    context.close()
