"""The recovery team's hand-over, in real headless Chromium on both builds of the fixture site,
at phone (390 px) and desktop (1366 px) width: every answered step is in the dossier (also
off the route now chosen), times are local with their zone, a dossier file opened twice
updates the one already there, two tabs typing in one field are told so, the step controls
wait for the script, and the flowchart fits a phone. axe finds nothing on each page."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from browser_support import strict_page
from test_browser import axe_violations
from test_shared_vectors import DOSSIERS

STORE = "kennisbank:leidraad:dossiers"
OPEN = re.compile("^Open een dossier")
WIDTHS = [390, 1366]


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def width(request: pytest.FixtureRequest) -> int:
    return int(request.param)


@pytest.fixture
def context(browser: Browser, width: int) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam",
                                  accept_downloads=True,
                                  viewport={"width": width, "height": 844 if width < 600 else 900})
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    yield from strict_page(context)


def dossier(zaak: str, ident: str, **fields: Any) -> dict[str, Any]:
    d: dict[str, Any] = copy.deepcopy(DOSSIERS["basis"])
    del d["geexporteerd"]
    d.update(zaak=zaak, id=ident, **fields)
    return d


def seed(page: Page, base_url: str, dossiers: list[dict[str, Any]]) -> None:
    text = json.dumps({"formaatversie": 1, "actief": dossiers[0]["id"] if dossiers else "",
                       "dossiers": {d["id"]: d for d in dossiers}})
    page.goto(base_url + "leidraad/dossier/")
    page.evaluate("([k, v]) => { localStorage.clear(); localStorage.setItem(k, v); }",
                  [STORE, text])
    page.reload()


def stored(page: Page) -> Any:
    return json.loads(page.evaluate(f"() => localStorage.getItem({json.dumps(STORE)})"))


def download(page: Page, button: str) -> str:
    with page.expect_download() as info:
        page.get_by_role("button", name=button, exact=True).click()
    return Path(info.value.path()).read_text(encoding="utf-8")


def answer(page: Page, base_url: str, step: str, outcome: str, who: str, why: str) -> None:
    page.goto(base_url + f"leidraad/{step}/")
    page.get_by_label(outcome).check()
    page.get_by_label("Wie besliste (naam of rol)").fill(who)
    page.get_by_label("Waarom: besluit en motivering").fill(why)
    page.get_by_label("Waarom: besluit en motivering").blur()
    page.get_by_role("status").filter(has_text="Opgeslagen").wait_for()


# -- 1. every answered step is in the hand-over -------------------------------------------

def test_a_team_that_starts_mid_route_finds_every_answer_in_the_hand_over(
        page: Page, base_url: str) -> None:
    """Starting at step 3 (the start step unanswered): the route taken is only step 1, yet
    step 3's decision is on the dossier page, in print and in the Markdown, marked as off the
    route; the overview and the dossier agree on what is done."""
    answer(page, base_url, "besluit", "Ja", "Directeur Bakker", "Besloten zonder stap 1.")
    page.goto(base_url + "leidraad/dossier/")
    dossier_box = page.locator("[data-kb-dossier]")
    section = page.locator("section.kb-dossier-stap", has=page.locator("#kb-stap-besluit"))
    expect(section).to_contain_text("Stap 3: Besluiten (buiten de gekozen route)")
    expect(section).to_contain_text("Besloten zonder stap 1.")
    expect(section).to_contain_text("Directeur Bakker")
    expect(section).to_contain_text("Uitkomst: Ja")
    expect(dossier_box.locator("nav")).to_contain_text("buiten de gekozen route · afgerond")
    expect(dossier_box).to_contain_text("1 beantwoorde stap ligt buiten de gekozen route")
    assert axe_violations(page) == []
    page.emulate_media(media="print")
    expect(section).to_be_visible()
    page.emulate_media(media="screen")
    text = download(page, "Download als Markdown")
    assert "## Stap 3: Besluiten (buiten de gekozen route)" in text
    assert "Besloten zonder stap 1." in text and "Directeur Bakker" in text
    assert "**Uitkomst:** Ja → einde" in text
    # the start step, not answered, is on the route and still open
    assert "## Stap 1: Signaal onderkennen\n" in text
    page.goto(base_url + "leidraad/")
    expect(page.locator("[data-kb-status='besluit']")).to_contain_text("afgerond")


def test_an_answer_left_behind_by_a_changed_outcome_stays_in_the_hand_over(
        page: Page, base_url: str) -> None:
    answer(page, base_url, "signaal", "Ja, onderzoeken", "Teamleider", "Eerst onderzoeken.")
    answer(page, base_url, "vaststellen", "Het was een eenmalige fout", "Analist",
           "Feiten verzameld.")
    answer(page, base_url, "signaal", "Nee: beredeneerd afsluiten", "Teamleider",
           "Toch afsluiten.")
    page.goto(base_url + "leidraad/dossier/")
    section = page.locator("section.kb-dossier-stap", has=page.locator("#kb-stap-vaststellen"))
    expect(section).to_contain_text("buiten de gekozen route")
    expect(section).to_contain_text("Feiten verzameld.")
    assert "Feiten verzameld." in download(page, "Download als Markdown")


# -- 2. local time with its zone ----------------------------------------------------------

def test_times_are_local_with_their_zone_and_iso_in_the_json(page: Page, base_url: str) -> None:
    d = dossier("Zaak Tijd", "t1", aangemaakt="2026-12-06T19:53:00.000Z",
                bijgewerkt="2026-07-06T19:53:00.000Z")
    d["geschiedenis"][0]["tijd"] = "2026-12-06T19:53:10.000Z"
    seed(page, base_url, [d])
    facts = page.locator("[data-kb-dossier] .kb-dossier-feiten").first
    expect(facts).to_contain_text("6 december 2026 20:53 (CET)")
    expect(facts).to_contain_text("6 juli 2026 21:53 (CEST)")
    history = page.locator(".kb-geschiedenis tbody tr").first
    expect(history).to_contain_text("6 december 2026 20:53 (CET)")
    assert "19:53" not in page.locator("[data-kb-dossier]").inner_text()
    assert axe_violations(page) == []
    text = download(page, "Download als Markdown")
    assert "- Aangemaakt: 6 december 2026 20:53 (CET)" in text
    assert "- 6 december 2026 20:53 (CET) · dossier" in text
    assert not re.search(r"\d\d:\d\d:\d\d(\.\d+)?Z", text), "an ISO time in the Markdown"
    body = json.loads(download(page, "Download als JSON"))
    assert body["aangemaakt"] == "2026-12-06T19:53:00.000Z"
    assert body["geschiedenis"][0]["tijd"] == "2026-12-06T19:53:10.000Z"


# -- 3. the same file twice; two tabs typing in one field ---------------------------------

def test_opening_the_same_file_twice_offers_to_update_it(page: Page, base_url: str,
                                                         tmp_path: Path) -> None:
    answer(page, base_url, "signaal", "Ja, onderzoeken", "Teamleider", "Eerst onderzoeken.")
    page.goto(base_url + "leidraad/dossier/")
    body = json.loads(download(page, "Download als JSON"))
    ident = body["id"]
    # the file goes on elsewhere: a tick and a new motivering
    body["stappen"]["signaal"]["acties"].append(
        {"nummer": 2, "tekst": "Informeer de leiding <script>alert('x')</script>.",
         "afgevinkt": "2026-03-04"})
    body["stappen"]["signaal"]["motivering"] = "Elders aangevuld."
    body["geschiedenis"].append({"tijd": "2099-01-01T10:00:00.000Z", "stap": "signaal",
                                 "wat": "motivering", "oud": "Eerst onderzoeken.",
                                 "nieuw": "Elders aangevuld."})
    body["bijgewerkt"] = "2099-01-01T10:00:00.000Z"
    saved = tmp_path / "dossier.json"
    saved.write_text(json.dumps(body), encoding="utf-8")
    page.get_by_label(OPEN).set_input_files(saved)
    offer = page.locator("[data-kb-bijwerken]")
    expect(offer).to_contain_text("1 stap gewijzigd (Stap 1: Signaal onderkennen)")
    expect(offer).to_contain_text("1 actie afgevinkt die hier nog open staat")
    expect(offer).to_contain_text("1 nieuwe regel in de geschiedenis")
    expect(page.locator("[data-kb-beheer-status]")).to_contain_text("Er is nog niets veranderd")
    assert len(stored(page)["dossiers"]) == 1
    assert axe_violations(page) == []
    page.get_by_role("button", name="Bijwerken", exact=True).click()
    expect(page.locator("[data-kb-beheer-status]")).to_contain_text("is bijgewerkt uit")
    store = stored(page)
    assert list(store["dossiers"]) == [ident]
    d = store["dossiers"][ident]
    assert d["stappen"]["signaal"]["motivering"] == "Elders aangevuld."
    whats = [h["wat"] for h in d["geschiedenis"]]
    assert whats.count("motivering") == 2 and whats[-1] == "bijgewerkt uit bestand"
    expect(page.locator("[data-kb-dossier]")).to_contain_text("Elders aangevuld.")
    # the same file once more, now as a new dossier next to it
    page.get_by_label(OPEN).set_input_files(saved)
    expect(offer).to_contain_text("niets dat niet al in dit dossier staat")
    page.get_by_role("button", name="Als nieuw dossier openen").click()
    expect(page.locator("[data-kb-beheer-status]")).to_contain_text("geopend als nieuw dossier")
    assert len(stored(page)["dossiers"]) == 2
    expect(offer).to_have_count(0)


@pytest.mark.parametrize("keep", ["Mijn tekst houden", "De andere tekst houden"])
def test_two_tabs_typing_one_motivering_are_told_and_choose(context: BrowserContext,
                                                            base_url: str, keep: str) -> None:
    first, second = context.new_page(), context.new_page()
    answer(first, base_url, "signaal", "Ja, onderzoeken", "Teamleider", "Begin.")
    second.goto(base_url + "leidraad/signaal/")
    first.goto(base_url + "leidraad/signaal/")
    mine = second.get_by_label("Waarom: besluit en motivering")
    mine.click()  # the second tab starts typing ...
    mine.press("End")
    mine.type(" Tweede")
    theirs = first.get_by_label("Waarom: besluit en motivering")
    expect(theirs).to_have_value("Begin. Tweede")
    theirs.fill("Eerste tabblad schrijft dit.")  # ... the first overwrites it meanwhile
    theirs.blur()
    first.get_by_role("status").filter(has_text="Opgeslagen").wait_for()
    mine.type(" tab.")  # the second tab, still typing, has not read that
    alert = second.locator("[data-kb-conflict='motivering']")
    expect(alert).to_contain_text("Intussen elders gewijzigd")
    expect(alert).to_contain_text("Eerste tabblad schrijft dit.")
    assert axe_violations(second) == []
    stored_now = stored(first)
    [d] = stored_now["dossiers"].values()
    assert d["stappen"]["signaal"]["motivering"] == "Eerste tabblad schrijft dit."
    second.get_by_role("button", name=keep).click()
    expect(alert).to_have_count(0)
    expected = "Begin. Tweede tab." if keep == "Mijn tekst houden" else \
        "Eerste tabblad schrijft dit."
    expect(mine).to_have_value(expected)
    expect(theirs).to_have_value(expected)
    [d] = stored(first)["dossiers"].values()
    assert d["stappen"]["signaal"]["motivering"] == expected


# -- 4. the controls wait for the script ----------------------------------------------------

def test_a_tick_right_after_the_script_is_ready_survives_leaving_at_once(
        page: Page, base_url: str) -> None:
    held: list[Route] = []
    page.route("**/assets/leidraad.js*", lambda route: held.append(route), times=1)
    page.goto(base_url + "leidraad/signaal/", wait_until="commit")
    hint = page.locator("[data-kb-laden]")
    expect(hint).to_be_visible()
    box = page.get_by_label("Bepaal wie eigenaar is van het signaal.")
    expect(box).to_be_hidden()  # not to be ticked while nothing can store the tick
    for _ in range(200):  # until the held request has reached the handler (events, no sleep)
        if held:
            break
        page.wait_for_timeout(25)
    held[0].continue_()
    expect(hint).to_be_hidden()
    assert axe_violations(page) == []
    box.check()
    page.locator(".kb-stapnav").get_by_role("link", name="Overzicht").click()  # leaving at once
    page.wait_for_url("**/leidraad/")
    page.goto(base_url + "leidraad/signaal/")
    expect(page.get_by_label("Bepaal wie eigenaar is van het signaal.")).to_be_checked()


# -- 5. the flowchart on a phone ----------------------------------------------------------

def test_the_flowchart_can_be_fitted_to_the_screen(page: Page, base_url: str,
                                                   width: int) -> None:
    page.goto(base_url + "leidraad/")
    svg = page.locator(".kb-stroomschema-figuur svg")
    svg.wait_for(timeout=15_000)
    region = page.locator(".kb-stroomschema-figuur")
    page.get_by_role("button", name="Passend maken").click()
    page.wait_for_function("() => document.querySelector('.kb-stroomschema-figuur svg')"
                           ".getAttribute('data-kb-schaal') !== '1' || innerWidth > 1300")
    fits = region.evaluate("e => [e.scrollWidth <= e.clientWidth + 1, "
                           "e.scrollHeight <= e.clientHeight + 1, "
                           "e.getBoundingClientRect().height <= innerHeight]")
    assert fits == [True, True, True], fits
    # every step is still a link, and the whole chart is on the screen
    expect(svg.locator("a")).to_have_count(4)
    shown = svg.evaluate("s => s.getBoundingClientRect().width <= innerWidth")
    assert shown
    assert axe_violations(page) == []
    page.get_by_role("button", name="Ware grootte").click()
    assert svg.get_attribute("data-kb-schaal") == "1"


def test_the_route_as_a_list_is_one_tap_from_the_chart(page: Page, base_url: str,
                                                        width: int) -> None:
    """The chart starts readable (natural size) at every width; on a phone the text above it
    leads to the route as a list, the phone-sized view, in one tap under both engines."""
    page.goto(base_url + "leidraad/")
    svg = page.locator(".kb-stroomschema-figuur svg")
    svg.wait_for(timeout=15_000)
    page.wait_for_function("() => document.querySelector('.kb-stroomschema-figuur svg')"
                           ".hasAttribute('data-kb-schaal')")
    assert float(svg.get_attribute("data-kb-schaal") or "0") == 1
    page.locator("a.kb-naar-lijst").click()
    page.wait_for_function("() => location.hash === '#de-route-als-lijst'")
    heading = page.locator("#de-route-als-lijst")
    assert heading.evaluate("h => h.getBoundingClientRect().top < innerHeight")
    expect(page.locator("ol.kb-route > li").first).to_be_in_viewport()
    # Every step of the route with its branches: the list is the whole chart in words.
    assert page.locator("ol.kb-route > li").count() == svg.locator("a").count()
    assert axe_violations(page) == []


def test_a_decision_date_is_recorded_with_the_decision_not_with_a_tick(
        page: Page, base_url: str) -> None:
    """A ticked action is no decision: the hand-over showed 'Datum <today>' with no outcome
    chosen. The date on the form is recorded once an outcome is chosen."""
    page.goto(base_url + "leidraad/signaal/")
    page.get_by_label("Bepaal wie eigenaar is van het signaal.").check()
    page.wait_for_function(f"() => localStorage.getItem({json.dumps(STORE)}) !== null")
    step = next(iter(stored(page)["dossiers"].values()))["stappen"]["signaal"]
    assert not step.get("datum"), step
    page.get_by_label("Ja, onderzoeken").check()
    page.wait_for_function(
        f"() => JSON.stringify(JSON.parse(localStorage.getItem({json.dumps(STORE)})))"
        ".includes('\"datum\":\"20')")
    step = next(iter(stored(page)["dossiers"].values()))["stappen"]["signaal"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", step["datum"]), step
