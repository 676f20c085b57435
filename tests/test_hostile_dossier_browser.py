"""Hostile dossiers, second round, in real headless Chromium on both builds of the fixture site:
a crafted file, a dossier stored by an earlier script, step ids that are names every JavaScript
object already has, files and dossiers too large for the browser's storage, a history of
30,000 lines and a Markdown hand-over that tries to forge structure. In every case nothing
runs, no dossier that was there is lost, and the team reads in Dutch what happened."""

from __future__ import annotations

import copy
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import markdown as python_markdown
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from browser_support import strict_page
from conftest import DATA, ENGINES, REPO
from site_fixtures import build_project, serve
from test_browser import axe_violations
from test_shared_vectors import DOSSIERS

STORE = "kennisbank:leidraad:dossiers"
ASIDE = "kennisbank:leidraad:apart:"
BASIS: dict[str, Any] = DOSSIERS["basis"]
SCHEMA = json.loads((REPO / "schemas" / "dossier.schema.json").read_text(encoding="utf-8"))
INJECTED = ("img[src='x'], script:not([src]):not([type]), [onerror], [onload], [onclick], "
            "a[href^='javascript']")
OPEN = re.compile("^Open een dossier")


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="nl-NL", accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    yield from strict_page(context)


def dossier(zaak: str, ident: str, **fields: Any) -> dict[str, Any]:
    d = copy.deepcopy(BASIS)
    del d["geexporteerd"]
    d.update(zaak=zaak, id=ident, **fields)
    return d


def seed(page: Page, base_url: str, dossiers: list[dict[str, Any]],
         extra: dict[str, str] | None = None) -> str:
    """Put dossiers (and other keys) in the browser's storage as an earlier visit left them;
    returns the stored text."""
    text = json.dumps({"formaatversie": 1, "actief": dossiers[0]["id"] if dossiers else "",
                       "dossiers": {d["id"]: d for d in dossiers}})
    page.goto(base_url + "leidraad/dossier/")
    page.evaluate("([k, v, extra]) => { localStorage.clear(); localStorage.setItem(k, v);"
                  " Object.entries(extra).forEach(([a, b]) => localStorage.setItem(a, b)); }",
                  [STORE, text, extra or {}])
    return text


def stored(page: Page) -> Any:
    return json.loads(page.evaluate(f"() => localStorage.getItem({json.dumps(STORE)})"))


def asides(page: Page) -> dict[str, dict[str, Any]]:
    found: dict[str, str] = page.evaluate(
        f"() => Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith("
        f"{json.dumps(ASIDE)})).map(k => [k, localStorage.getItem(k)]))")
    return {k: json.loads(v) for k, v in found.items()}


def assert_store_valid(page: Page, zaken: set[str]) -> None:
    """Every stored dossier is one the schema accepts, and these (at least) are there."""
    store = stored(page)
    for d in store["dossiers"].values():
        jsonschema.validate(d, SCHEMA)
    assert zaken <= {d["zaak"] for d in store["dossiers"].values()}


def options(page: Page) -> list[str]:
    return page.locator("[data-kb-kies] option").all_inner_texts()


def open_file(page: Page, name: str, content: bytes | Path) -> None:
    chooser = page.get_by_label(OPEN)
    if isinstance(content, Path):
        chooser.set_input_files(content)
    else:
        chooser.set_input_files({"name": name, "mimeType": "application/json", "buffer": content})


def download(page: Page, name: str) -> str:
    with page.expect_download() as info:
        page.get_by_role("button", name=name, exact=True).click()
    return Path(info.value.path()).read_text(encoding="utf-8")


def assert_nothing_ran(page: Page) -> None:
    assert page.evaluate("window.__xss") is None
    assert page.locator(INJECTED).count() == 0


STATUS = "[data-kb-beheer-status]"
BANNER = "[data-kb-melding]"
NOT_ALLOWED = "staat lokale opslag niet toe"


# -- one bad dossier -------------------------------------------------------------------------

def test_a_file_with_an_infinite_number_is_refused_and_nothing_changes(page: Page,
                                                                      base_url: str) -> None:
    """The case from the report: "nummer": 1e999 in a downloaded dossier."""
    before = seed(page, base_url, [dossier("Zaak Alfa", "a1"), dossier("Zaak Beta", "b1")])
    page.reload()
    body = json.dumps(dossier("Zaak Oneindig", "x"), indent=2).replace('"nummer": 0',
                                                                        '"nummer": 1e999', 1)
    assert "1e999" in body
    open_file(page, "oneindig.json", body.encode())
    status = page.locator(STATUS)
    expect(status).to_contain_text("“oneindig.json” is niet geopend: stap 'signaal': actie 1")
    expect(status).to_contain_text("Er is niets veranderd.")
    assert page.evaluate(f"() => localStorage.getItem({json.dumps(STORE)})") == before
    page.reload()
    assert options(page) == ["Zaak Alfa (Ministerie X, Team G)", "Zaak Beta (Ministerie X, Team G)"]
    expect(page.locator(BANNER)).to_be_hidden()


def test_one_unreadable_stored_dossier_is_set_aside_alone(page: Page, base_url: str,
                                                          tmp_path: Path) -> None:
    """What the earlier script stored after such a file (the number saved as null) costs only
    that dossier: it is set aside on its own and can be downloaded, repaired and opened."""
    broken = dossier("Zaak Kapot", "k1")
    broken["stappen"]["signaal"]["acties"][0]["nummer"] = None
    seed(page, base_url, [dossier("Zaak Alfa", "a1"), broken, dossier("Zaak Beta", "b1")])
    page.goto(base_url + "leidraad/signaal/")
    banner = page.locator(BANNER)
    expect(banner).to_contain_text("niet gelezen konden worden")
    expect(banner).to_contain_text("dossier “Zaak Kapot”: stap 'signaal': actie 1 heeft niet")
    expect(page.locator("[data-kb-dossierbalk]")).to_contain_text("Zaak Alfa")
    assert_store_valid(page, {"Zaak Alfa", "Zaak Beta"})
    assert len(stored(page)["dossiers"]) == 2
    (entry,) = asides(page).values()
    assert json.loads(entry["waarde"]) == broken
    page.goto(base_url + "leidraad/dossier/")
    assert options(page) == ["Zaak Alfa (Ministerie X, Team G)", "Zaak Beta (Ministerie X, Team G)"]
    assert axe_violations(page) == []
    # the set-aside dossier comes back as it was, as a file
    saved = download(page, "Download apart gezette gegevens 1")
    assert json.loads(saved) == broken
    # trying again says why it still cannot be read, and changes nothing
    page.get_by_role("button", name="Probeer opnieuw: apart gezette gegevens 1").click()
    expect(banner).to_contain_text("nog steeds niet te lezen")
    assert len(asides(page)) == 1
    # repaired, it opens as a dossier next to the others
    repaired = json.loads(saved)
    repaired["stappen"]["signaal"]["acties"][0]["nummer"] = 0
    path = tmp_path / "hersteld.json"
    path.write_text(json.dumps(repaired), encoding="utf-8")
    open_file(page, "hersteld.json", path)
    expect(page.locator(STATUS)).to_contain_text("“hersteld.json” is geopend als nieuw dossier "
                                                 "“Zaak Kapot”")
    page.get_by_role("button", name="Verwijder apart gezette gegevens 1").click()
    expect(banner).to_be_hidden()
    page.reload()
    assert len(options(page)) == 3
    assert_store_valid(page, {"Zaak Alfa", "Zaak Beta", "Zaak Kapot"})
    expect(banner).to_be_hidden()


def test_a_store_set_aside_whole_by_the_earlier_script_can_be_taken_back(page: Page,
                                                                          base_url: str) -> None:
    """The earlier script set the whole store aside for one bad dossier; trying it again takes
    back every good dossier and leaves only the bad one aside, on its own."""
    broken = dossier("Zaak Kapot", "k1")
    broken["stappen"]["signaal"]["acties"][0]["nummer"] = None
    whole = json.dumps({"formaatversie": 1, "actief": "a1",
                        "dossiers": {"a1": dossier("Zaak Alfa", "a1"), "k1": broken}})
    old_key = ASIDE + "2026-03-03T09:00:00.000Z"
    seed(page, base_url, [dossier("Zaak Beta", "b1")],
         {old_key: json.dumps({"reden": "stap 'signaal': actie 1 heeft niet de velden nummer, "
                               "tekst en afgevinkt", "waarde": whole})})
    page.reload()
    banner = page.locator(BANNER)
    expect(banner).to_contain_text("Apart gezet op 2026-03-03 09:00")
    page.get_by_role("button", name="Probeer opnieuw: apart gezette gegevens 1").click()
    expect(banner).to_contain_text("Dossier “Zaak Alfa” is weer opgenomen")
    expect(banner).to_contain_text("Eén dossier kon niet worden gelezen en staat nu apart")
    assert sorted(options(page)) == ["Zaak Alfa (Ministerie X, Team G)",
                                     "Zaak Beta (Ministerie X, Team G)"]
    left = asides(page)
    assert old_key not in left
    (entry,) = left.values()
    assert json.loads(entry["waarde"]) == broken
    history = page.locator(".kb-geschiedenis").inner_text()
    assert "weer opgenomen uit apart gezette gegevens" in history
    assert_store_valid(page, {"Zaak Alfa", "Zaak Beta"})


def test_set_aside_data_is_never_overwritten(page: Page, base_url: str) -> None:
    """With the clock standing still, every set-aside still gets a key of its own, and one
    set aside earlier stays as it was."""
    page.clock.set_fixed_time("2026-03-03T09:00:00Z")
    bad = []
    for n in range(3):
        d = dossier(f"Zaak Kapot {n}", f"k{n}")
        d["stappen"]["signaal"]["uitkomst"] = -1
        bad.append(d)
    earlier = ASIDE + "2026-03-03T09:00:00.000Z"
    seed(page, base_url, [dossier("Zaak Alfa", "a1"), *bad], {earlier: "vroeger apart gezet"})
    page.reload()
    expect(page.locator(BANNER)).to_contain_text("stonden 4 sets gegevens")
    for text in ("{kapot", "[1, 2"):
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [STORE, text])
        page.reload()
    found: dict[str, str] = page.evaluate(
        f"() => Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith("
        f"{json.dumps(ASIDE)})).map(k => [k, localStorage.getItem(k)]))")
    assert len(found) == 6
    assert found[earlier] == "vroeger apart gezet"
    entries = [json.loads(v) for k, v in found.items() if k != earlier]
    assert sorted(e["zaak"] for e in entries if "zaak" in e) == [
        "Zaak Kapot 0", "Zaak Kapot 1", "Zaak Kapot 2"]
    assert {"{kapot", "[1, 2"} <= {e["waarde"] for e in entries}
    expect(page.locator(BANNER)).to_contain_text("stonden 6 sets gegevens")


# -- step ids that every object already has -------------------------------------------------

OBJECT_STEPS = ["constructor", "prototype", "hasownproperty", "valueof", "tostring"]


@pytest.fixture(scope="module", params=ENGINES)
def object_url(request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture site with tests/data/objectnamen's leidraad: its step ids are
    constructor, prototype, hasownproperty, valueof and tostring (each passes the id rule)."""
    content = tmp_path_factory.mktemp("objectnamen")
    shutil.copytree(DATA / "site", content, dirs_exist_ok=True)
    shutil.rmtree(content / "leidraad")
    shutil.copytree(DATA / "objectnamen" / "leidraad", content / "leidraad")
    site = build_project(content, tmp_path_factory.mktemp("project"), request.param)
    yield from serve(site)


ANSWERS = {
    "constructor": ("Leg vast wie het signaal afgaf en wanneer.", "Ja, onderzoeken"),
    "prototype": ("Laat een feitenonderzoek doen.", "Er is een klemmende situatie"),
    "hasownproperty": ("Leg het besluit vast.", "Ja"),
    "valueof": ("Betaal de tegemoetkoming uit.", "Ja, uitgevoerd"),
    "tostring": ("Schakel een herstelpartner in.", "Lessen vastgelegd"),
}


def test_step_ids_named_like_object_members_keep_their_answers(page: Page, object_url: str,
                                                               tmp_path: Path) -> None:
    for step, (item, outcome) in ANSWERS.items():
        page.goto(object_url + f"leidraad/{step}/")
        page.get_by_label(item).check()
        page.get_by_label(outcome, exact=True).check()
        page.get_by_label("Wie besliste (naam of rol)").fill(f"Wie bij {step}")
        page.get_by_label("Waarom: besluit en motivering").fill(f"Motivering bij {step}.")
        page.get_by_label("Waarom: besluit en motivering").blur()
        expect(page.locator(".kb-opgeslagen")).to_contain_text("Opgeslagen in dossier")
    for step, (item, outcome) in ANSWERS.items():
        page.goto(object_url + f"leidraad/{step}/")
        expect(page.get_by_label(item)).to_be_checked()
        expect(page.get_by_label(outcome, exact=True)).to_be_checked()
        expect(page.get_by_label("Waarom: besluit en motivering")).to_have_value(
            f"Motivering bij {step}.")
        expect(page.locator("[data-kb-stand]")).to_contain_text("Stand van deze stap: afgerond")
    page.goto(object_url + "leidraad/dossier/")
    text = page.locator("[data-kb-dossier]").inner_text()
    for step in OBJECT_STEPS:
        assert f"Motivering bij {step}." in text and f"Wie bij {step}" in text, step
    record = json.loads(download(page, "Download als JSON"))
    jsonschema.validate(record, SCHEMA)
    assert sorted(record["stappen"]) == sorted(OBJECT_STEPS)
    # keys a file can hold besides: '__proto__', 'toString', 'hasOwnProperty' (steps that are
    # not in this leidraad) are kept, shown and downloaded again
    extra = ["__proto__", "toString", "hasOwnProperty"]
    for key in extra:
        step = copy.deepcopy(record["stappen"]["constructor"])
        step["motivering"] = f"Bewaard onder {key}."
        record["stappen"][key] = step
    record["zaak"] = "Zaak Objectnamen"
    path = tmp_path / "objectnamen.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    open_file(page, "objectnamen.json", path)
    # The file holds the id of the dossier already in this browser: the page offers to update it.
    page.get_by_role("button", name="Als nieuw dossier openen").click()
    expect(page.locator(STATUS)).to_contain_text("geopend als nieuw dossier “Zaak Objectnamen”")
    page.reload()
    text = page.locator("[data-kb-dossier]").inner_text()
    for key in extra:
        assert f"Stap '{key}' (niet meer in deze versie)" in text, key
        assert f"Bewaard onder {key}." in text, key
    again = json.loads(download(page, "Download als JSON"))
    assert sorted(again["stappen"]) == sorted(OBJECT_STEPS + extra)
    assert again["stappen"]["__proto__"]["motivering"] == "Bewaard onder __proto__."
    page.goto(object_url + "leidraad/constructor/")
    expect(page.get_by_label("Waarom: besluit en motivering")).to_have_value(
        "Motivering bij constructor.")


def test_a_file_with_proto_keys_cannot_reach_the_prototype(page: Page, base_url: str) -> None:
    """'__proto__' in a file is a key like any other: it gives no dossier its fields, and what
    the schema does not know is not stored."""
    seed(page, base_url, [dossier("Zaak Alfa", "a1")])
    page.reload()
    sneaky = {"__proto__": dossier("Zaak Proto", "p1")}
    open_file(page, "proto.json", json.dumps(sneaky).encode())
    expect(page.locator(STATUS)).to_contain_text("is niet geopend: het veld 'formaat'")
    nested = dossier("Zaak Genest", "g1")
    nested["__proto__"] = {"isAdmin": True, "stappen": {}}
    nested["leidraad"]["__proto__"] = {"x": 1}
    nested["stappen"]["signaal"]["__proto__"] = {"uitkomst": 5}
    open_file(page, "genest.json", json.dumps(nested).encode())
    expect(page.locator(STATUS)).to_contain_text("geopend als nieuw dossier “Zaak Genest”")
    expect(page.locator(STATUS)).to_contain_text(
        "Velden die het dossierformaat niet kent, zijn niet overgenomen.")
    assert page.evaluate("() => ({}).isAdmin") is None
    new = [d for d in stored(page)["dossiers"].values() if d["zaak"] == "Zaak Genest"][0]
    assert "__proto__" not in new and "__proto__" not in new["stappen"]["signaal"]
    assert_store_valid(page, {"Zaak Alfa", "Zaak Genest"})


# -- too large --------------------------------------------------------------------------------

@pytest.mark.parametrize(("megabytes", "message"), [
    (12, "een dossierbestand mag hoogstens 10,0 MB zijn"),
    (50, "een dossierbestand mag hoogstens 10,0 MB zijn"),
    (4.6, "het dossier is te groot om in deze browser te bewaren (4,6 miljoen tekens"),
])
def test_a_dossier_too_large_is_refused_with_the_reason(page: Page, base_url: str,
                                                        tmp_path: Path, megabytes: float,
                                                        message: str) -> None:
    before = seed(page, base_url, [dossier("Zaak Alfa", "a1")])
    page.reload()
    big = dossier("Zaak Groot", "g1")
    big["stappen"]["signaal"]["motivering"] = "x" * int(megabytes * 1_000_000)
    path = tmp_path / "groot.json"
    path.write_text(json.dumps(big), encoding="utf-8")
    open_file(page, "groot.json", path)
    status = page.locator(STATUS)
    expect(status).to_contain_text("“groot.json” is niet geopend")
    expect(status).to_contain_text(message)
    if megabytes > 10:
        size = f"{path.stat().st_size / 1e6:.1f}".replace(".", ",")
        expect(status).to_contain_text(f"het bestand is {size} MB")
    expect(status).to_contain_text("Er is niets veranderd.")
    assert page.evaluate(f"() => localStorage.getItem({json.dumps(STORE)})") == before
    page.reload()
    assert options(page) == ["Zaak Alfa (Ministerie X, Team G)"]
    assert NOT_ALLOWED not in page.locator("body").inner_text()


FILL = """limit => { let lo = 0, hi = limit;
  while (hi - lo > 1) { const m = Math.floor((lo + hi) / 2);
    try { localStorage.setItem('andere-site-gegevens', 'x'.repeat(m)); lo = m; }
    catch (e) { hi = m; } }
  localStorage.setItem('andere-site-gegevens', 'x'.repeat(lo)); return lo; }"""


def test_a_full_storage_is_named_and_the_stored_dossiers_stay(page: Page, base_url: str) -> None:
    before = seed(page, base_url, [dossier("Zaak Alfa", "a1")])
    page.evaluate("() => localStorage.setItem('andere-site-gegevens', 'x'.repeat(4400000))")
    page.reload()
    big = dossier("Zaak Groot", "g1")
    big["stappen"]["signaal"]["motivering"] = "x" * 1_500_000
    open_file(page, "groot.json", json.dumps(big).encode())
    status = page.locator(STATUS)
    expect(status).to_contain_text("“groot.json” is niet geopend: de opslag van deze browser is "
                                   "vol (dit dossier neemt 1,5 miljoen tekens in)")
    expect(status).to_contain_text("de dossiers die er al stonden, staan er nog")
    assert options(page) == ["Zaak Alfa (Ministerie X, Team G)"]
    assert page.evaluate(f"() => localStorage.getItem({json.dumps(STORE)})") == before
    page.reload()
    assert options(page) == ["Zaak Alfa (Ministerie X, Team G)"]
    assert NOT_ALLOWED not in page.locator("body").inner_text()
    # full to the last character: a tick is not stored, and the page says why
    page.goto(base_url + "leidraad/signaal/")
    page.evaluate(FILL, 6_000_000)
    page.get_by_label("Informeer de leiding", exact=False).click()  # not check(): it will not stay
    expect(page.locator(".kb-opgeslagen")).to_contain_text(
        "Niet opgeslagen: de opslag van deze browser is vol. "
        "De eerder opgeslagen stand is ongewijzigd.")
    expect(page.get_by_label("Informeer de leiding", exact=False)).not_to_be_checked()
    assert page.evaluate(f"() => localStorage.getItem({json.dumps(STORE)})") == before
    assert NOT_ALLOWED not in page.locator("body").inner_text()


# -- a long history -------------------------------------------------------------------------

PAINTED = "new Promise(r => requestAnimationFrame(() => setTimeout(() => r(performance.now()))))"


def test_a_history_of_30000_lines_is_drawn_a_page_at_a_time(page: Page, base_url: str,
                                                            tmp_path: Path) -> None:
    """Before: 4 s to open such a dossier and 5 to 14 s on every later visit of the dossier
    page (every line a table row). Now 200 lines at a time; the downloads hold them all."""
    seed(page, base_url, [dossier("Zaak Alfa", "a1")])
    page.reload()
    long = dossier("Zaak Lang", "l1")
    long["geschiedenis"] = [{"tijd": "2026-03-03T09:13:02.310Z", "stap": "signaal",
                             "wat": f"regel {n}", "oud": "Ja, onderzoeken",
                             "nieuw": "Nee: beredeneerd afsluiten"} for n in range(1, 30_001)]
    path = tmp_path / "lang.json"
    path.write_text(json.dumps(long, indent=2), encoding="utf-8")
    page.evaluate("() => { window.__kbOpen = null; document.addEventListener('change', () => {"
                  " const t0 = performance.now(); new MutationObserver((_, o) => { o.disconnect();"
                  " requestAnimationFrame(() => setTimeout(() => {"
                  " window.__kbOpen = performance.now() - t0; })); }).observe("
                  "document.querySelector('[data-kb-beheer-status]'), {childList: true});"
                  " }, true); }")
    open_file(page, "lang.json", path)
    expect(page.locator(STATUS)).to_contain_text("geopend als nieuw dossier “Zaak Lang”")
    page.wait_for_function("() => window.__kbOpen !== null")
    opened = page.evaluate("() => window.__kbOpen")
    assert opened < 3000, f"opening took {opened:.0f} ms"
    page.reload()
    painted = page.evaluate(PAINTED)
    assert painted < 3000, f"the dossier page took {painted:.0f} ms"
    rows = page.locator(".kb-geschiedenis tbody tr")
    expect(rows).to_have_count(200)
    pages = page.locator(".kb-geschiedenis-paginas")
    expect(pages).to_contain_text("Regels 29.802 tot en met 30.001 van 30.001")
    assert "geopend uit bestand" in rows.last.inner_text()
    page.get_by_role("button", name="Eerdere regels").click()
    expect(pages).to_contain_text("Regels 29.602 tot en met 29.801 van 30.001")
    assert "\tregel 29602\t" in rows.first.inner_text()
    page.get_by_role("button", name="Latere regels").click()
    expect(pages).to_contain_text("Regels 29.802 tot en met 30.001")
    assert axe_violations(page) == []
    hand_over = download(page, "Download als Markdown")
    assert hand_over.count("· regel ") == 30_000
    assert len(json.loads(download(page, "Download als JSON"))["geschiedenis"]) == 30_001
    page.goto(base_url + "leidraad/signaal/")
    assert page.evaluate(PAINTED) < 3000


# -- the Markdown hand-over -----------------------------------------------------------------

FORGERY = "\n".join([
    "Reden.", "", "## Besluit: akkoord van de minister", "- [x] Alles afgevinkt",
    "* [x] Ook dit", "> Goedgekeurd door de minister", '<img src=x onerror="window.__xss=1">',
    "    ingesprongen code", "1. eerste punt", "---", "===", "| a | b |", "|---|---|",
    "[klik](javascript:window.__xss=2)", "<script>window.__xss=3</script>", "```", "omheind",
    "```", "&lt;b&gt;entiteit&lt;/b&gt;", "# Kop", "   ### Kop na spaties", "\\- [x] escape",
])


def test_the_markdown_hand_over_cannot_be_given_structure(page: Page, base_url: str) -> None:
    seed(page, base_url, [dossier("Zaak Alfa", "a1")])
    page.reload()
    forged = dossier("Zaak Vervalst\n# Kop in de zaak", "v1", organisatie="Org\n- [x] punt",
                     team="<b>Team</b>")
    forged["stappen"]["signaal"]["motivering"] = FORGERY
    forged["stappen"]["signaal"]["wie"] = "Wie\n## Kop"
    forged["geschiedenis"][1]["nieuw"] = FORGERY
    forged["geschiedenis"][1]["wat"] = "wat\n- [x] regel"
    open_file(page, "vervalst.json", json.dumps(forged).encode())
    expect(page.locator(STATUS)).to_contain_text("geopend als nieuw dossier")
    assert_nothing_ran(page)
    assert "- [x] Alles afgevinkt" in page.locator("[data-kb-dossier]").inner_text()  # as text
    hand_over = download(page, "Download als Markdown")
    lines = hand_over.split("\n")
    headings = [line for line in lines if re.match(r" {0,3}#", line)]
    assert [h.split(":")[0] for h in headings] == [
        "# Dossier", "## Stap 1", "## Stap 2", "## Geschiedenis"], headings
    ticked = [line for line in lines if re.match(r"\s*[-*+] \[[xX]\]", line)]
    assert ticked and all(t.startswith("- [x] Leg vast") or t.startswith("- [x] Bepaal")
                          or t.startswith("- [x] Laat") for t in ticked), ticked
    for line in lines:
        assert not re.match(r"\s*(>|<|\||```|-{3}|={3}|\d+[.)] |    \S)", line), line
    assert "<img" not in hand_over and "<script" not in hand_over and "<b>" not in hand_over
    assert "[klik](" not in hand_over  # the brackets escaped: no link
    # a Markdown renderer makes no element of it either: the text is there, as text
    html = python_markdown.markdown(hand_over, extensions=["tables", "fenced_code"])
    for tag in ("<img", "<script", "<blockquote", "<table", "<pre", "<hr", "<h3", "<ol", "<b>",
                "<a "):
        assert tag not in html, tag
    assert len(re.findall("<h1>", html)) == 1 and len(re.findall("<h2>", html)) == 3
    assert "&lt;img src=x onerror=" in html and "Alles afgevinkt" in html
    assert not re.search(r"<li>\s*(\[[xX]\]\s*)?(Alles|Ook)", html)  # only as a line's text
