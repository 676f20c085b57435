"""The site's own search on the real content, typed into the real boxes in headless Chromium.

The header search (docs/assets/zoeken.js over the index of src/kennisbank/searchindex.py),
the term finder on A–Z and home, and every page type without console errors or failed
requests. The browser and page fixtures are in conftest.py, the axe helper in browser_support.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from kennisbank.content.load import load
from site_fixtures import serve
from test_browser import axe_violations


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def real_site(request: pytest.FixtureRequest, real_sites: Any) -> Path:
    """The repository's own content, built as `make site` (and `make site ENGINE=zensical`)
    builds it, once per session (conftest.py): every test here runs against both engines."""
    return Path(real_sites.site(request.param)).parent


@pytest.fixture(scope="module")
def base_url(real_site: Path) -> Iterator[str]:
    yield from serve(real_site / "site")


def _results(page: Page, base_url: str, query: str) -> list[tuple[str, str]]:
    """(href, text) of every result after typing `query` into the header search box."""
    page.goto(base_url)
    box = page.get_by_role("combobox", name="Zoeken")
    box.click()
    box.press_sequentially(query)
    expect(page.locator("#kb-zoekresultaten")).to_have_attribute("data-zoekvraag", query)
    options = page.locator("#kb-zoekresultaten [role=option]")
    return [(o.get_attribute("href") or "", o.inner_text()) for o in options.all()]


def _concept(href: str) -> str:
    found = re.search(r"/begrippen/([a-z0-9-]+)/$", href)
    return found.group(1) if found else href


# (query, expected concept, must be first): exact terms and abbreviations first, whatever
# the case or accents; plurals, synonyms, hidden zoektermen, typos and definition words in
# the top three.
QUERIES = [
    ("herstel", "herstel", True),
    ("erkenning", "erkenning", True),
    ("Erkenning", "erkenning", True),
    ("UHT", "uitvoeringsorganisatie-herstel-toeslagen", True),
    ("uht", "uitvoeringsorganisatie-herstel-toeslagen", True),
    ("VSO", "vaststellingsovereenkomst", True),
    ("IMG", "instituut-mijnbouwschade-groningen", True),
    ("immateriele schade", "immateriele-schade", True),
    ("verontschuldigingen", "excuses", True),
    ("compensatie", "financiele-compensatie", True),
    ("gedupeerden", "gedupeerde", False),
    ("hersteltrajecten", "hersteltraject", False),
    ("gedupeerdheid", "gedupeerde", False),
    ("erkening", "erkenning", False),
    ("schadevergoding", "schadevergoeding", False),
    # A typo at the start or the end is found too (the typo files by first and last letter).
    ("rkenning", "erkenning", False),
    ("erkenninh", "erkenning", False),
    ("schadevergoedign", "schadevergoeding", False),
    ("kwijtschelding", "schuldenaanpak", False),
    # Questions as people type them: the question words go, the term stays.
    ("wat is een gedupeerde", "gedupeerde", True),
    ("Wat is een gedupeerde?", "gedupeerde", True),
    ("wat is de UHT", "uitvoeringsorganisatie-herstel-toeslagen", True),
    ("wat betekent erkenning", "erkenning", True),
    ("betekenis van herstel", "herstel", True),
    ("definitie vaststellingsovereenkomst", "vaststellingsovereenkomst", True),
    ("wat houdt een VSO in", "vaststellingsovereenkomst", True),
    ("wat zijn gedupeerden", "gedupeerde", False),
    # English terms find their concept as a Dutch alternatieve term does.
    ("person harmed", "gedupeerde", True),
    ("harmed", "gedupeerde", False),
    ("recognition", "erkenning", True),
    ("redress", "herstel", True),
    ("apology", "excuses", True),
    ("settlement agreement", "vaststellingsovereenkomst", True),
    ("non-material damage", "immateriele-schade", True),
    ("damages", "schadevergoeding", True),
    # Words readers use that are not our terms: zoektermen lead to the concept (issue 25).
    ("schadeloosstelling", "schadevergoeding", True),
    ("victim", "gedupeerde", True),
    ("toeslagenouder", "gedupeerde-ouder", True),
]


@pytest.mark.parametrize(("query", "expected", "first"), QUERIES)
def test_search_ranks_the_concept(page: Page, base_url: str, query: str, expected: str,
                                  first: bool) -> None:
    found = [_concept(href) for href, _ in _results(page, base_url, query)]
    top = found[:1] if first else found[:3]
    assert expected in top, f"{query}: {found[:5]}"
    assert len(found) == len(set(found)), "a concept appears once"


def _fetched(page: Page) -> list[str]:
    """The search files (under zoeken/) the page asks for, in order, as they are asked."""
    names: list[str] = []
    page.on("request", lambda r: names.append(r.url.rsplit("/zoeken/", 1)[1])
            if "/zoeken/" in r.url else None)
    return names


def test_a_search_fetches_only_the_shards_it_needs(page: Page, base_url: str) -> None:
    """The label index is split (src/kennisbank/site/searchlabels.py): a word fetches the
    manifest and the one label shard of its first letters; a typo also the keys and words of
    about its length (two typos either way for eight letters or more) that start with its
    first letter or end with its last, which carry the labels they find: no more shards;
    never the whole index. Each query is pasted (one input event), so no search for its
    first letters runs in between."""
    fetched = _fetched(page)

    def pasted(query: str) -> list[str]:
        page.goto(base_url)
        box = page.get_by_role("combobox", name="Zoeken")
        box.click()
        box.fill(query)
        expect(page.locator("#kb-zoekresultaten")).to_have_attribute("data-zoekvraag", query)
        return [_concept(o.get_attribute("href") or "")
                for o in page.locator("#kb-zoekresultaten [role=option]").all()]

    assert pasted("vso")[:1] == ["vaststellingsovereenkomst"]
    labels = [name for name in fetched if name.startswith("labels-")]
    assert fetched.count("labels.json") == 1 and len(labels) == 1, fetched
    assert "vso".startswith(labels[0].removeprefix("labels-").removesuffix(".json")), labels
    assert not [name for name in fetched if name.startswith("woorden-")], fetched
    fetched.clear()
    assert "schadevergoeding" in pasted("schadevergoding")[:3]
    typos = [re.fullmatch(r"woorden-([be])(.)-(\d+)\.json", name) for name in fetched
             if name.startswith("woorden-")]
    assert typos and all(typos) and len(typos) <= 4, fetched
    assert {(m[1], m[2]) for m in typos if m} == {("b", "s"), ("e", "g")}, fetched
    assert all(int(m[3]) <= 15 + 2 for m in typos if m), fetched  # 15 letters, 2 typos
    shards = [name for name in fetched if name.startswith("labels-")]
    assert len(shards) == 1, shards  # the query's own: what a typo finds needs no shard
    assert "schadevergoding".startswith(shards[0][len("labels-"):-len(".json")]), shards
    fetched.clear()
    pasted("vso 2024")  # three letters: a number is no misspelt word, so no typo files
    assert not [name for name in fetched if name.startswith("woorden-")], fetched


def _visible_text(site: Path, href: str, base_url: str) -> str:
    """The text a reader sees on a page of the built site: no scripts, no hidden parts."""
    rel = href.removeprefix(base_url).split("#")[0]
    source = (site / rel / "index.html").read_text(encoding="utf-8")
    source = re.sub(r"<script\b.*?</script>|<style\b.*?</style>", " ", source, flags=re.S)
    source = re.sub(r"<(p|div|span)[^>]*\bhidden\b[^>]*>.*?</\1>", " ", source, flags=re.S)
    # Tags become spaces and runs of white space one: a term link splits 'erkenning en
    # herstel' into '<a>erkenning</a> en <a>herstel</a>', which a reader sees as one phrase.
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", source)).split())


def test_results_never_show_a_hidden_zoekterm(page: Page, base_url: str,
                                              real_site: Path) -> None:
    inhoud, _ = load(real_site)
    hidden = {term for b in inhoud.begrippen.values() for terms in b.zoektermen.values()
              for term in terms}
    assert len(hidden) > 50
    checked = 0
    for query, _, _ in QUERIES:
        for href, shown in _results(page, base_url, query):
            visible = None
            for term in hidden:
                pattern = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.I)
                if pattern.search(shown):
                    visible = visible or _visible_text(real_site / "site", href, base_url)
                    assert pattern.search(visible), f"{query}: {term!r} shown for {href}"
            checked += 1
    assert checked > 100


@pytest.mark.parametrize("width", [390, 1366])
def test_a_question_on_a_phone_and_a_desktop(browser: Browser, base_url: str,
                                             width: int) -> None:
    """Tap (390 px) or click (1366 px) the header search, ask a question, open the answer;
    the term finder answers the same question."""
    # A phone's browser widens the page to its widest content (is_mobile): results that
    # overflow would push everything off the screen (WCAG 1.4.10 reflow).
    context = browser.new_context(viewport={"width": width, "height": 844}, locale="nl-NL",
                                  has_touch=width < 960, is_mobile=width < 960)
    page = context.new_page()
    page.goto(base_url)
    box = page.get_by_role("combobox", name="Zoeken")
    if width < 960:
        page.locator(".md-header label.md-header__button[for=__search]").tap()
    else:
        box.click()
    expect(box).to_be_focused()
    box.press_sequentially("wat is een gedupeerde")
    first = page.get_by_role("listbox", name="Zoekresultaten").get_by_role("option").first
    expect(first).to_be_in_viewport()
    expect(first.locator("h2")).to_have_text("gedupeerde")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    expect(page.locator(".md-search__form button[type=reset]")).to_be_in_viewport()
    assert axe_violations(page) == []
    first.tap() if width < 960 else first.click()
    page.wait_for_url("**/begrippen/gedupeerde/")
    page.goto(base_url + "begrippen/")
    finder = page.get_by_role("combobox", name="Zoek een term")
    finder.press_sequentially("Wat is een gedupeerde?")
    option = page.get_by_role("listbox", name="Gevonden termen").get_by_role("option").first
    expect(option).to_be_visible()
    expect(option).to_contain_text("gedupeerde")
    context.close()


def test_header_search_by_keyboard(page: Page, base_url: str) -> None:
    page.goto(base_url + "visie/")
    page.keyboard.press("/")
    box = page.get_by_role("combobox", name="Zoeken")
    expect(box).to_be_focused()
    page.keyboard.type("vso")
    expect(page.locator("#kb-zoekstatus")).to_have_text(re.compile("gevonden"))
    expect(box).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    active = page.locator("#" + (box.get_attribute("aria-activedescendant") or "none"))
    expect(active).to_have_attribute("aria-selected", "true")
    assert "gevonden via ‘VSO’" in active.inner_text()
    # Every concept of the real site is 'ontwerp': a status that tells nothing is not shown.
    assert "status:" not in page.get_by_role("listbox", name="Zoekresultaten").inner_text()
    assert axe_violations(page) == []
    page.keyboard.press("Enter")
    page.wait_for_url("**/begrippen/vaststellingsovereenkomst/")


def test_search_messages_in_dutch(page: Page, base_url: str) -> None:
    assert len(_results(page, base_url, "xqzwv")) == 0
    expect(page.locator("#kb-zoekstatus")).to_have_text(re.compile("^Geen resultaten gevonden"))
    _results(page, base_url, "IMG")
    counted = re.compile(r"^\d+ resulta(at|ten) gevonden")
    expect(page.locator("#kb-zoekstatus")).to_have_text(counted)


@pytest.mark.parametrize("path", ["begrippen/", ""])
def test_term_finder_keyboard_only(page: Page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    finder = page.get_by_role("combobox", name="Zoek een term")
    for _ in range(300):
        page.keyboard.press("Tab")
        if finder.evaluate("e => e === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reaches the term finder")
    page.keyboard.type("vaststellingsovereen")
    listbox = page.get_by_role("listbox", name="Gevonden termen")
    expect(listbox).to_be_visible()
    page.keyboard.press("ArrowDown")
    option = page.locator("#" + (finder.get_attribute("aria-activedescendant") or "none"))
    expect(option).to_have_attribute("aria-selected", "true")
    assert "vaststellingsovereenkomst" in option.inner_text()
    assert axe_violations(page) == []
    page.keyboard.press("Enter")
    page.wait_for_url("**/begrippen/vaststellingsovereenkomst/")


def test_the_chosen_option_stays_when_more_results_arrive(page: Page, base_url: str) -> None:
    """Label results come first, the full-text ones after: an option chosen with the arrow
    keys in between stays chosen (holding the text shards back makes 'in between' last)."""
    held: list[Route] = []
    page.route("**/zoeken/tekst-*.json", lambda route: held.append(route))
    page.goto(base_url)
    finder = page.get_by_role("combobox", name="Zoeken")
    finder.click()
    finder.press_sequentially("vaststellingsovereen")
    first = page.get_by_role("listbox", name="Zoekresultaten").get_by_role("option").first
    expect(first).to_contain_text("vaststellingsovereenkomst")
    page.keyboard.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")
    assert held, "the full text was not asked for"
    for route in list(held):
        route.continue_()
    page.route("**/zoeken/tekst-*.json", lambda route: route.continue_())  # later shards
    expect(page.get_by_role("listbox", name="Zoekresultaten")).to_have_attribute(
        "data-zoekvraag", "vaststellingsovereen")
    chosen = page.locator("#" + (finder.get_attribute("aria-activedescendant") or "none"))
    expect(chosen).to_have_attribute("aria-selected", "true")
    assert "vaststellingsovereenkomst" in chosen.inner_text()


def test_term_finder_names_the_term_it_found_by(page: Page, base_url: str) -> None:
    page.goto(base_url + "begrippen/")
    finder = page.get_by_role("combobox", name="Zoek een term")
    finder.click()
    finder.press_sequentially("cws")
    first = page.get_by_role("option").first
    expect(first).to_have_text(re.compile("CWS → Commissie Werkelijke Schade"))


def test_without_javascript_the_a_to_z_list_remains(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "begrippen/")
    assert page.get_by_role("link", name="vaststellingsovereenkomst").first.is_visible()
    assert not page.locator(".kb-zoeken").is_visible()
    assert page.get_by_role("heading", name="0–9 en overige").count() == 1
    context.close()


PAGES = ["", "begrippen/", "begrippen/herstel/", "leidraad/signaal-onderkennen/",
         "leidraad/dossier/",
         "leidraad/", "visie/"]


@pytest.mark.parametrize("path", [*PAGES, "zoeken"])
def test_no_console_error_or_failed_request(page: Page, base_url: str, path: str) -> None:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("requestfailed", lambda r: problems.append(f"failed {r.url}"))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
            if r.status >= 400 else None)
    if path == "zoeken":
        _results(page, base_url, "kwijtschelding")
        _results(page, base_url, "gedupeerde ouders")
    else:
        page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    assert problems == []


def test_interface_in_dutch(page: Page, base_url: str, real_site: Path) -> None:
    page.goto(base_url + "begrippen/herstel/")
    assert "Made with" not in page.locator("footer").inner_text()
    assert page.locator("nav[aria-label=Header]").count() == 0
    assert page.locator("nav[aria-label=Paginakop]").count() == 1
    # Machines still find the concept's RDF through its alternate links.
    types = page.locator("link[rel~=alternate]").evaluate_all("ls => ls.map(l => l.type)")
    assert {"text/turtle", "application/ld+json"} <= set(types)
    page.goto(base_url + "404.html")
    expect(page.locator("h1")).to_have_text("Pagina niet gevonden")
    sitemap = (real_site / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "vendor" not in sitemap
    assert not (real_site / "site/assets/vendor/mermaid/README.md").exists()
