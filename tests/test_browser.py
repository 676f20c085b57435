"""The built site in real headless Chromium (Debian's, driven by Playwright) with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from browser_support import ARGS, CHROMIUM, WCAG, axe_violations, watch  # noqa: F401 (shared)

# The fixtures (`browser`, `page`, and `base_url`: the fixture site as each engine built it,
# so every test here runs against both) are in conftest.py.


@pytest.mark.parametrize("path", ["", "begrippen/", "begrippen/herstel/",
                                  "begrippen/excuses/", "begrippen/collectie/kern/",
                                  "begrippen/hierarchie/", "downloads/",
                                  "downloads/begrippenkader/", "visie/",
                                  "toegankelijkheid/", "redactie/", "over/",
                                  "leidraad/signaal/", "leidraad/dossier/",
                                  "vocabulaires/uwv/", "begrippen/spijtbetuiging/"])
def test_no_axe_violations(page: Page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    assert axe_violations(page) == []


def _search(page: Page, base_url: str, query: str) -> Locator:
    """Type `query` into the search box; the first result once it is there."""
    page.goto(base_url)
    page.get_by_label("Zoeken").first.click()
    page.keyboard.type(query)
    first = page.locator(".md-search-result__item").first
    first.wait_for(timeout=10_000)
    return first


def test_search_finds_a_concept_by_its_hidden_synonym(page: Page, base_url: str) -> None:
    assert "herstel" in _search(page, base_url, "rechtzetting").inner_text()
    assert axe_violations(page) == []


def test_search_shows_synonyms_as_text(page: Page, base_url: str) -> None:
    first = _search(page, base_url, "sorry")
    assert "begrippen/excuses/" in (first.locator("a").first.get_attribute("href") or "")
    assert "<b>vet</b>" in first.inner_text()  # content shown as text, never markup
    assert first.locator("b").count() == 0


def test_search_ranks_the_concept_above_mentions(page: Page, base_url: str) -> None:
    first = _search(page, base_url, "erkenning")
    assert "begrippen/erkenning/" in (first.locator("a").first.get_attribute("href") or "")


def test_search_shows_a_status_only_where_it_tells_something(page: Page,
                                                            base_url: str) -> None:
    """The fixture's concepts differ in status: 'verouderd' shows on its result, and a
    status every concept shares would not (the real site, all 'ontwerp', shows none)."""
    first = _search(page, base_url, "spijtbetuiging")
    assert "status: verouderd" in first.inner_text()


def test_iri_redirect_lands_on_the_concept_page(page: Page, base_url: str) -> None:
    page.goto(base_url + "id/begrip/erkenning/")
    page.wait_for_url("**/begrippen/erkenning/")
    assert page.locator("h1").inner_text().startswith("erkenning")


def test_term_tooltip_shows_the_definition_on_keyboard_focus(page: Page, base_url: str) -> None:
    page.goto(base_url + "visie/")
    page.wait_for_load_state("networkidle")  # Material's script attaches the tooltips
    term = page.locator("a.kb-term").first
    for _ in range(80):
        page.keyboard.press("Tab")
        if term.evaluate("e => e === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reaches a term link")
    # Material adds the tooltip (and aria-describedby) just after the focus event.
    expect(term).to_have_attribute("aria-describedby", re.compile(r"\S"))
    tooltip_id = term.get_attribute("aria-describedby")
    tooltip = page.locator(f"#{tooltip_id}")
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text() == term.get_attribute("title") or tooltip.inner_text() in \
        "Erkenning is het openlijk benoemen van wat mensen is aangedaan."
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["begrippen/herstel/", "begrippen/"])
def test_prints_without_site_chrome(page: Page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer"):
        assert not page.locator(chrome).first.is_visible(), chrome
    assert page.locator("h1").is_visible()
    if path == "begrippen/herstel/":
        assert page.locator(".kb-definitie").is_visible()
        assert not page.get_by_role("button", name="Kopieer IRI").is_visible()
    else:
        assert not page.locator(".kb-letters").is_visible()
        assert page.get_by_role("link", name="aanvullende schade").is_visible()
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("path", ["", "leidraad/", "leidraad/dossier/", "begrippen/herstel/",
                                  "404.html"])
def test_pages_work_under_the_content_security_policy(page: Page, base_url: str,
                                                      path: str) -> None:
    """The policy refuses nothing the site itself needs (the fixture fails on a refusal):
    the theme's scripts, the flowchart and the tooltips run from files."""
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    if path == "leidraad/":
        page.locator(".kb-stroomschema svg").first.wait_for(timeout=10_000)
    assert page.evaluate("typeof __md_get") == "function"


@pytest.mark.parametrize("width", [390, 1366])
def test_header_search_opens_types_and_leads_to_a_result(browser: Browser, base_url: str,
                                                          width: int) -> None:
    """On a phone the box hides behind the header's search icon: tapping it must show the box
    under both engines (Zensical's own stylesheet hid it below 60em); on a desktop the box
    is in the header. Then type, see the results, open one."""
    context = browser.new_context(viewport={"width": width, "height": 844}, locale="nl-NL",
                                  has_touch=width < 960)
    page = context.new_page()
    external, refused = watch(page)
    page.goto(base_url)
    box = page.get_by_role("combobox", name="Zoeken")
    icon = page.locator(".md-header label.md-header__button[for=__search]")
    if width < 960:
        expect(box).not_to_be_in_viewport()
        expect(icon).to_be_visible()
        icon.tap()
    else:
        expect(icon).to_be_hidden()
        box.click()
    expect(box).to_be_in_viewport()
    expect(box).to_be_focused()
    inside = "([e, w]) => e.getBoundingClientRect().right <= w"  # once it has slid in
    page.wait_for_function(inside, arg=[box.element_handle(), width])
    box.press_sequentially("erkenning")
    results = page.locator("#kb-zoekresultaten")
    expect(results).to_have_attribute("data-zoekvraag", "erkenning")
    first = results.get_by_role("option").first
    expect(first).to_be_visible()
    expect(first).to_contain_text("erkenning")
    page.wait_for_function(inside, arg=[first.element_handle(), width])
    assert axe_violations(page) == []
    if width < 960:
        first.tap()
    else:
        first.click()
    page.wait_for_url("**/begrippen/erkenning/")
    context.close()
    assert external == [] and refused == []
