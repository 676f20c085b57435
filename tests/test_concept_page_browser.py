"""A concept page a civil servant can cite, in real headless Chromium on both builds of the
repository's own content, at phone (390 px) and desktop (1366 px) width: the address and a
ready-made citation right under the definition, each copied by a button; a long 'Gebruikt
in' list closed with its size; a concept printed on one A4 page. axe finds nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from test_browser import axe_violations

REPO = Path(__file__).parent.parent
WIDTHS = [390, 1366]


@pytest.fixture(params=["mkdocs", "zensical"])
def site_url(request: pytest.FixtureRequest, real_sites: Any) -> str:
    return str(real_sites.url(request.param))


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def phone_or_desktop(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    width = int(request.param)
    context = browser.new_context(locale="nl-NL", viewport={
        "width": width, "height": 844 if width < 600 else 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    yield page
    context.close()



def test_the_citation_sits_right_under_the_definition(phone_or_desktop: Page,
                                                      site_url: str) -> None:
    page = phone_or_desktop
    page.goto(site_url + "begrippen/gedupeerde/")
    definition = page.locator(".kb-definitie")
    cite = page.locator(".kb-citeer")
    # Next to each other in the page, before every other section.
    assert definition.evaluate("d => d.nextElementSibling.classList.contains('kb-citeer')")
    iri = cite.locator("code.kb-iri").inner_text()
    assert iri.endswith("/id/begrip/gedupeerde")
    citation = cite.locator(".kb-citatie").inner_text()
    assert citation.startswith("‘gedupeerde’, in: ") and citation.endswith(f". {iri}")
    assert "versie " in citation
    # Within the first two screens even on a phone (it was 7.5 screens down).
    top = cite.evaluate("c => c.getBoundingClientRect().top + scrollY")
    assert top < 2 * page.viewport_size["height"]  # type: ignore[index]
    button = cite.locator("button[data-gekopieerd='Citaat gekopieerd']")
    expect(button).to_have_text("Kopieer citaat")
    button.click()
    expect(button).to_have_text("Citaat gekopieerd")
    assert page.evaluate("navigator.clipboard.readText()") == citation
    cite.get_by_role("button", name="Kopieer IRI").click()
    assert page.evaluate("navigator.clipboard.readText()") == iri
    # WCAG 2.5.8: each button a target of at least 24 by 24 CSS pixels.
    for box in cite.locator("button").evaluate_all(
            "bs => bs.map(b => b.getBoundingClientRect())"
            ".map(r => [r.width, r.height])"):
        assert box[0] >= 24 and box[1] >= 24, box
    # Interface text: no term links inside.
    assert cite.locator("a").count() == 0
    assert axe_violations(page) == []


def test_a_long_list_of_uses_starts_closed(phone_or_desktop: Page, site_url: str) -> None:
    page = phone_or_desktop
    page.goto(site_url + "begrippen/gedupeerde/")
    details = page.locator("details.kb-gebruikt")
    expect(details).to_have_count(1)
    summary = details.locator("summary")
    count = int(re.search(r"\d+", summary.inner_text()).group())  # type: ignore[union-attr]
    assert count > 10
    links = details.locator("li a")
    expect(links.first).to_be_hidden()
    summary.click()
    expect(links.first).to_be_visible()
    assert links.count() == count
    assert axe_violations(page) == []


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


# The most used concept and the four longest files: the hardest to fit.
LONGEST = sorted((REPO / "begrippen").glob("[!_]*.yaml"), key=lambda p: p.stat().st_size)


@pytest.mark.parametrize("concept", ["gedupeerde", *(p.stem for p in LONGEST[-4:])])
def test_a_concept_prints_on_one_a4_page(browser: Browser, site_url: str, concept: str) -> None:
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.goto(site_url + f"begrippen/{concept}/")
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    context.close()
    assert _pages(pdf) == 1
