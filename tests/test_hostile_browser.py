"""Script payloads in every text field of a concept, a leidraad step, the leidraad, the kader
and a vocabulary, built into a real site and opened in real headless Chromium: every page
is visited, every term link hovered and focused, the leidraad answered and the dossier
opened. Nothing may run and nothing may be injected: no element a payload would create
exists, no Content-Security-Policy refusal is reported (a refusal means an escape was
missed and only the policy stopped it), no dialog opens."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from conftest import DATA
from site_fixtures import build_project, serve
from test_browser import watch

PAYLOADS = [
    '<img src=x onerror="window.__xss=1">',
    '"><svg onload="window.__xss=2">',
    "'><script>window.__xss=3</script>",
    "</title></textarea></script><img src=x onerror=window.__xss=4>",
    '&lt;img src=x onerror="window.__xss=5"&gt;',
    "[klik](javascript:window.__xss=6)",
    '{: onclick="window.__xss=7" }',
    '"]; click n0 call alert(8); n9["',
    "<!-- <img src=x onerror=window.__xss=9> -->",
    "\u200f<b onmouseover=window.__xss=10>omgekeerd</b>",
]
TEXT_KEYS = {"definitie", "uitleg", "toelichting", "alternatieve_termen", "zoektermen",
             "voorbeelden", "titel", "citatie", "naam", "uitgever", "vraag", "checklist",
             "antwoord", "einde", "inleiding"}
# check refuses direction controls in terms (a right-to-left override made a second "herstel"
# in A–Z) and the overrides and isolates (U+202A–U+202E, U+2066–U+2069) in every text, so the
# bidi payload carries the right-to-left mark U+200F, which texts other than terms may hold.
TERM_KEYS = {"voorkeursterm", "alternatieve_termen", "zoektermen"}
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
INJECTED = ("img[src='x'], svg[onload], script:not([src]):not([type]), [onerror], [onload], "
            "[onclick], [onmouseover], a[href^='javascript']")


def _term_payload(payloads: Iterator[str]) -> str:
    """The next payload a term may hold (check refuses direction controls in terms:
    tests/test_hostile_site.py)."""
    payload = next(payloads)
    while BIDI.search(payload):
        payload = next(payloads)
    return payload


def _poison(value: Any, key: str, payloads: Iterator[str]) -> Any:
    """Every text under a text key gets a payload (ids, URLs and language tags stay valid)."""
    if isinstance(value, dict):
        return {k: _poison(v, k if k in TEXT_KEYS or len(k) > 3 else key, payloads)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v, key, payloads) for v in value]
    if isinstance(value, str) and key in TEXT_KEYS:
        payload = _term_payload(payloads) if key in TERM_KEYS else next(payloads)
        return f"{payload} {value}"  # first, so it is in every tooltip too
    return value


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    content = tmp_path_factory.mktemp("inhoud")
    shutil.copytree(DATA / "site", content, dirs_exist_ok=True)
    payloads = itertools.cycle(PAYLOADS)
    for path in sorted(content.glob("*/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.parent.name == "begrippen" and path.name != "_kader.yaml":
            term = data["voorkeursterm"]
            data["voorkeursterm"] = {"nl": term if isinstance(term, str) else term["nl"],
                                     "en": f"term {_term_payload(payloads)}"}
        data = _poison(data, "", payloads)
        if path.name == "_kader.yaml":
            data["uitleg"] = f"Kader {next(payloads)}"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    vocabulary = content / "vocabulaires" / "uwv.jsonld"
    graph = json.loads(vocabulary.read_text(encoding="utf-8"))
    for node in graph["@graph"]:
        for key in ("skos:prefLabel", "skos:definition"):
            for literal in node.get(key, []):
                literal["@value"] += " " + next(payloads)
    vocabulary.write_text(json.dumps(graph), encoding="utf-8")
    site = build_project(content, tmp_path_factory.mktemp("project"))
    yield from serve(site)


PAGES = ["", "begrippen/", "begrippen/erkenning/", "begrippen/herstel/", "begrippen/excuses/",
         "begrippen/spijtbetuiging/", "begrippen/collectie/kern/", "begrippen/collecties/",
         "begrippen/hierarchie/", "vocabulaires/", "vocabulaires/uwv/", "downloads/",
         "leidraad/", "leidraad/signaal/", "leidraad/vaststellen/", "leidraad/dossier/",
         "visie/", "id/begrip/erkenning/", "downloads/begrippenkader/", "id/collectie/kern/"]


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    external, refused = watch(page)
    yield page
    context.close()
    assert dialogs == [], f"a payload opened a dialog: {dialogs}"
    assert refused == [], f"an escape was missed; only the CSP stopped it: {refused}"
    assert external == [], f"requests to other hosts: {external}"


def _assert_nothing_ran(page: Page, where: str) -> None:
    assert page.evaluate("window.__xss") is None, where
    assert page.locator(INJECTED).count() == 0, \
        f"{where}: {page.locator(INJECTED).first.evaluate('e => e.outerHTML')}"


@pytest.mark.parametrize("path", PAGES)
def test_no_payload_runs_on_any_page(page: Page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    if path == "leidraad/":
        page.locator(".kb-stroomschema svg").first.wait_for(timeout=10_000)
    terms = page.locator("a.kb-term")
    for i in range(terms.count()):
        term = terms.nth(i)
        if term.is_visible():
            term.hover()
            term.focus()
            # Material has turned the title into a tooltip and shows it: the payload in it
            # has been put on the page, so had it become markup it would be there now
            expect(term).to_have_attribute("aria-describedby", re.compile(r"\S"))
            tooltip = term.get_attribute("aria-describedby") or ""
            expect(page.locator(f"[id='{tooltip}']")).to_be_visible()
    _assert_nothing_ran(page, path)
    if path not in ("begrippen/hierarchie/", "downloads/"):  # only Dutch terms there
        assert "__xss" in page.content(), "the payloads are on the page, as text"


def test_the_dossier_shows_payloads_as_text(page: Page, base_url: str) -> None:
    page.goto(base_url + "leidraad/signaal/")
    page.locator(".kb-stap input[type=checkbox]").first.check()
    page.locator(".kb-stap input[type=radio]").first.check()
    page.locator(".kb-stap textarea").first.fill(PAYLOADS[0])
    page.locator(".kb-stap textarea").first.blur()
    page.get_by_role("status").filter(has_text="Opgeslagen").wait_for()
    page.goto(base_url + "leidraad/dossier/")
    page.wait_for_load_state("networkidle")
    _assert_nothing_ran(page, "dossier")
    assert "__xss" in page.locator("[data-kb-dossier]").inner_text()
