"""Working through the leidraad in real headless Chromium: answers kept, cleared, in the
dossier; the keyboard alone is enough; axe finds nothing; the flowchart links every step."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page

from conftest import DATA
from site_fixtures import build_project, serve
from test_browser import axe_violations, browser  # noqa: F401  (the shared browser fixture)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_project(DATA / "site", tmp_path_factory.mktemp("project"))
    yield from serve(site)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context(locale="nl-NL", accept_downloads=True)
    page = context.new_page()
    external: list[str] = []
    page.on("request", lambda r: external.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    page.on("dialog", lambda dialog: dialog.accept())
    yield page
    context.close()
    assert external == [], f"requests to other hosts: {external}"


def _answer_first_step(page: Page, base_url: str) -> None:
    page.goto(base_url + "leidraad/signaal/")
    page.get_by_label("Leg vast wie het signaal afgaf en wanneer.").check()
    page.get_by_label("Bepaal wie eigenaar is van het signaal.").check()
    page.get_by_label("Ja, onderzoeken").check()
    page.get_by_label("Besluit en motivering").fill("Besloten in het MT van 3 maart.")
    page.get_by_role("status").filter(has_text="Opgeslagen").wait_for()


def test_answers_survive_a_reload(page: Page, base_url: str) -> None:
    _answer_first_step(page, base_url)
    page.reload()
    assert page.get_by_label("Leg vast wie het signaal afgaf en wanneer.").is_checked()
    assert page.get_by_label("Bepaal wie eigenaar is van het signaal.").is_checked()
    assert not page.get_by_label("Informeer de leiding").is_checked()
    assert page.get_by_label("Ja, onderzoeken").is_checked()
    assert page.get_by_label("Besluit en motivering").input_value() == \
        "Besloten in het MT van 3 maart."


def test_dossier_shows_the_route_taken(page: Page, base_url: str) -> None:
    _answer_first_step(page, base_url)
    page.goto(base_url + "leidraad/dossier/")
    dossier = page.locator("[data-kb-dossier]")
    text = dossier.inner_text()
    assert "Stap 1: Signaal onderkennen" in text
    assert "Ja, onderzoeken → Stap 2: Vaststellen wat er gebeurde" in text
    assert "✓ Leg vast wie het signaal afgaf en wanneer." in text
    assert "☐ Informeer de leiding <script>alert('x')</script>." in text  # shown as text
    assert "Besloten in het MT van 3 maart." in text
    assert "Stap 2: Vaststellen wat er gebeurde" in text  # the next step on the route
    assert "Stap 3" not in text  # not reached yet
    assert not page.locator("[data-kb-formulier]").is_visible()
    assert axe_violations(page) == []
    with page.expect_download() as info:
        page.get_by_role("button", name="Download als Markdown").click()
    markdown = Path(info.value.path()).read_text(encoding="utf-8")
    assert "- [x] Leg vast wie het signaal afgaf en wanneer." in markdown
    assert "**Uitkomst:** Ja, onderzoeken → Stap 2: Vaststellen wat er gebeurde" in markdown
    with page.expect_download() as info:
        page.get_by_role("button", name="Download als JSON").click()
    record = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert record["versie"] == "1.0" and record["route"][0]["notitie"] == \
        "Besloten in het MT van 3 maart."
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Afdrukken").is_visible()
    assert page.get_by_text("Besloten in het MT van 3 maart.").is_visible()


def test_a_finished_route_ends_in_the_dossier(page: Page, base_url: str) -> None:
    _answer_first_step(page, base_url)
    page.get_by_role("link", name="Stap 2: Vaststellen wat er gebeurde").first.click()
    page.get_by_label("Het was een eenmalige fout").check()
    page.get_by_role("link", name="Stap 3: Besluiten").first.click()
    page.get_by_label("Nee", exact=True).check()
    page.goto(base_url + "leidraad/")
    assert "2 stappen" not in page.locator("[data-kb-voortgang]").inner_text()
    assert "3 stappen op uw route afgerond" in page.locator("[data-kb-voortgang]").inner_text()
    page.goto(base_url + "leidraad/dossier/")
    assert "Geen hersteltraject: leg het besluit met respect uit" in \
        page.locator(".kb-dossier-einde").inner_text()


def test_clearing_removes_every_answer(page: Page, base_url: str) -> None:
    _answer_first_step(page, base_url)
    page.goto(base_url + "leidraad/")
    assert page.locator("[data-kb-voortgang]").is_visible()
    page.get_by_role("button", name="Wis mijn antwoorden").click()
    assert not page.locator("[data-kb-voortgang]").is_visible()
    page.goto(base_url + "leidraad/signaal/")
    assert not page.get_by_label("Leg vast wie het signaal afgaf en wanneer.").is_checked()
    assert not page.get_by_label("Ja, onderzoeken").is_checked()
    assert page.get_by_label("Besluit en motivering").input_value() == ""


def _tab_to(page: Page, target: Locator, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("e => e === document.activeElement"):
            return
    pytest.fail(f"Tab never reaches {target}")


def test_a_step_can_be_done_with_the_keyboard_alone(page: Page, base_url: str) -> None:
    page.goto(base_url + "leidraad/signaal/")
    first = page.get_by_label("Leg vast wie het signaal afgaf en wanneer.")
    _tab_to(page, first)  # from the top of the page
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # third action: left open
    page.keyboard.press("Tab")  # into the outcome group
    page.keyboard.press("Space")
    _tab_to(page, page.get_by_label("Besluit en motivering"), limit=5)  # past the links
    page.keyboard.type("Via het toetsenbord.")
    page.reload()
    assert first.is_checked()
    assert page.get_by_label("Bepaal wie eigenaar is van het signaal.").is_checked()
    assert page.get_by_label("Ja, onderzoeken").is_checked()
    assert page.get_by_label("Besluit en motivering").input_value() == "Via het toetsenbord."
    focus_ring = first.evaluate("e => { e.focus(); return getComputedStyle(e).outlineStyle; }")
    assert focus_ring != "none"


def test_flowchart_links_every_step_and_passes_axe(page: Page, base_url: str) -> None:
    page.goto(base_url + "leidraad/")
    figure = page.locator(".kb-stroomschema-figuur svg")
    figure.wait_for(timeout=15_000)
    hrefs = sorted(a.get_attribute("href") or "" for a in figure.locator("a").all())
    assert hrefs == ["besluit/", "leren/", "signaal/", "vaststellen/"]
    assert not page.locator(".kb-stroomschema-bron").is_visible()
    assert axe_violations(page) == []
    figure.locator("a[href='vaststellen/']").click()
    page.wait_for_url("**/leidraad/vaststellen/")


def test_without_javascript_every_page_is_readable(browser: Browser, base_url: str) -> None:  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "leidraad/")
    assert page.get_by_role("link", name="Stap 2: Vaststellen wat er gebeurde").first.is_visible()
    page.goto(base_url + "leidraad/dossier/")
    assert page.get_by_text("☐ Leg vast wie het signaal afgaf en wanneer.").is_visible()
    context.close()
