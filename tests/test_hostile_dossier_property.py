"""The dossier store survives any single hostile file. Hypothesis makes JSON files from a valid
dossier by one to three mutations (numbers JSON can write but JavaScript cannot keep, wrong
types, huge texts, deep nesting, '__proto__' and other names every object has, unknown and
missing keys, steps renamed) and each is opened through the page's own file input in
Chromium, next to two stored dossiers. Whether the file is opened or refused, both dossiers
are still there unchanged after a reload, everything stored is a dossier the schema accepts,
nothing had to be set aside, and no script error occurred."""

from __future__ import annotations

import copy
import json
import re
import sys
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser, expect
from playwright.sync_api import Error as PlaywrightError

from conftest import ENGINES, REPO
from test_shared_vectors import DOSSIERS, parse_strictly

STORE = "kennisbank:leidraad:dossiers"
ASIDE = "kennisbank:leidraad:apart:"
SCHEMA = json.loads((REPO / "schemas" / "dossier.schema.json").read_text(encoding="utf-8"))
BASIS: dict[str, Any] = DOSSIERS["basis"]

# JSON text a Python value cannot hold (or that json.dumps would not write as is)
RAW = ["1e999", "-1e999", "1" + "0" * 400, "-0", "0.5", "1e-400", "NaN", '"\\ud800 half"',
       "[" * 5000 + "]" * 5000, '{"a":' * 3000 + "1" + "}" * 3000]
NAMES = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf",
         "onbekend", "", "formaat", "stappen", "nummer"]


class Raw:
    def __init__(self, text: str) -> None:
        self.text = text


VALUES = st.one_of(
    st.sampled_from(RAW).map(Raw),
    st.none(), st.booleans(), st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=30),
    st.sampled_from([10_000, 300_000, 2_000_000]).map(lambda n: "x" * n),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.sampled_from(NAMES), st.integers() | st.none(), max_size=3),
    st.just({"__proto__": {"formaat": "kennisbank-leidraad-dossier", "formaatversie": 1}}),
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*path, i))
    return found


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        node = node[step]
    return node


@st.composite
def hostile_files(draw: st.DrawFn) -> str:
    document = copy.deepcopy(BASIS)
    raw: dict[str, str] = {}

    def value() -> Any:
        # A copy: st.just gives the same object every time, and the document is changed in
        # place (a second draw put it inside itself, and _paths recursed without end).
        v = copy.deepcopy(draw(VALUES))
        if isinstance(v, Raw):
            marker = f"@@ruw-{len(raw)}@@"
            raw[json.dumps(marker)] = v.text
            return marker
        return v

    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(document) if p]
        kind = draw(st.sampled_from(["zet", "voeg-toe", "weg", "stap-hernoemd"]))
        if kind == "zet":
            path = draw(st.sampled_from(paths))
            _at(document, path[:-1])[path[-1]] = value()
        elif kind == "voeg-toe":
            holders = [p for p in [(), *paths] if isinstance(_at(document, p), dict)]
            holder = _at(document, draw(st.sampled_from(holders)))
            holder[draw(st.sampled_from(NAMES))] = value()
        elif kind == "weg":
            path = draw(st.sampled_from(paths))
            del _at(document, path[:-1])[path[-1]]
        elif isinstance(document.get("stappen"), dict) and document["stappen"]:
            steps = document["stappen"]
            old = draw(st.sampled_from(sorted(steps)))
            steps[draw(st.sampled_from(NAMES))] = steps.pop(old)
    text = json.dumps(document, indent=draw(st.sampled_from([None, 2])))
    for marker, replacement in raw.items():
        text = text.replace(marker, replacement)
    return text


def _stored_dossier(zaak: str, ident: str) -> dict[str, Any]:
    d = copy.deepcopy(BASIS)
    del d["geexporteerd"]
    d.update(zaak=zaak, id=ident)
    return d


EXISTING = [_stored_dossier("Zaak Alfa", "a1"), _stored_dossier("Zaak Beta", "b1")]
EXISTING[1]["stappen"]["signaal"]["motivering"] = "Een ander besluit."


def _stored(page: Any) -> Any:
    return json.loads(page.evaluate(f"() => localStorage.getItem({json.dumps(STORE)})"))


def _asides(page: Any) -> list[str]:
    keys: list[str] = page.evaluate(
        f"() => Object.keys(localStorage).filter(k => k.startsWith({json.dumps(ASIDE)}))")
    return keys


# What the page says when it cannot set aside what it cannot read (leidraad.js, load()).
FULL = "De opslag van deze browser is vol"


def _stores(page: Any, value: str) -> bool:
    """Store `value` as an earlier script would have; False when the browser's storage
    cannot hold it at all (then no earlier script could have stored it either)."""
    try:
        page.evaluate("([k, v]) => { localStorage.clear(); localStorage.setItem(k, v); }",
                      [STORE, value])
    except PlaywrightError as exc:
        if "QuotaExceededError" not in str(exc):
            raise
        return False
    return True


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
@settings(max_examples=20, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.large_base_example])
@given(text=hostile_files())
def test_no_hostile_file_costs_a_stored_dossier(browser: Browser, fixture_sites: Any,
                                                engine: str, text: str) -> None:
    _survives(browser, fixture_sites, engine, text)


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("fields", [("formaatversie",), ("formaatversie", "zaak", "team")])
def test_a_stored_dossier_too_large_to_set_aside_stays_as_it_was(
        browser: Browser, fixture_sites: Any, engine: str, fields: tuple[str, ...]) -> None:
    """Found by the property test above (December 7): a stored dossier of two million
    characters that the schema refuses leaves no room in Chromium's storage to set it aside,
    so it stays where it was and the page says the storage is full; with three such fields no
    earlier script could have stored it at all."""
    document = copy.deepcopy(BASIS)
    for field in fields:
        document[field] = "x" * 2_000_000
    _survives(browser, fixture_sites, engine, json.dumps(document))


def _survives(browser: Browser, fixture_sites: Any, engine: str, text: str) -> None:
    """The file `text` opened next to two stored dossiers, then stored beside them as an
    earlier script might have: see the module's docstring."""
    url = fixture_sites.url(engine)
    context = browser.new_context(locale="nl-NL")
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url + "leidraad/dossier/")
        page.evaluate("([k, v]) => { localStorage.clear(); localStorage.setItem(k, v); }",
                      [STORE, json.dumps({"formaatversie": 1, "actief": "a1",
                                          "dossiers": {d["id"]: d for d in EXISTING}})])
        page.reload()
        page.get_by_label(re.compile("^Open een dossier")).set_input_files(
            {"name": "vijandig.json", "mimeType": "application/json", "buffer": text.encode(
                "utf-8", "surrogatepass")})
        status = page.locator("[data-kb-beheer-status]")
        expect(status).to_contain_text(re.compile("is geopend als nieuw dossier|is niet geopend"))
        opened = "is geopend als nieuw dossier" in status.inner_text()
        page.reload()
        store = _stored(page)
        for d in EXISTING:
            assert store["dossiers"][d["id"]] == d, d["zaak"]
        for d in store["dossiers"].values():
            jsonschema.validate(d, SCHEMA)
        # what the page said is true: an opened file is still there after the reload
        assert len(store["dossiers"]) == (3 if opened else 2)
        assert _asides(page) == []
        shown = page.locator("[data-kb-kies] option").all_inner_texts()
        assert {f"{d['zaak']} (Ministerie X, Team G)" for d in EXISTING} <= set(shown)
        assert "lokale opslag niet toe" not in page.locator("body").inner_text()
        # The same document as if an earlier script had stored it next to the two: they
        # stay, and it is either used (the schema accepts it) or set aside on its own.
        depth = sys.getrecursionlimit()
        sys.setrecursionlimit(max(depth, 50_000))  # the browser reads nesting 5,000 deep
        try:
            parse_strictly(text)
        except ValueError:
            pass  # not JSON: then no store could hold it
        else:
            sys.setrecursionlimit(depth)
            injected = ('{"formaatversie": 1, "actief": "a1", "dossiers": {'
                        + ", ".join(f'"{d["id"]}": {json.dumps(d)}' for d in EXISTING)
                        + f', "h1": {text}}}}}')
            if _stores(page, injected):  # else too large for any store: nothing to look at
                page.reload()
                if FULL in page.locator("body").inner_text():
                    # No room to set it aside: the stored value stays exactly as it was
                    # (nothing lost), the page works on in memory and says so.
                    assert page.evaluate(f"() => localStorage.getItem({json.dumps(STORE)})") \
                        == injected
                    assert _asides(page) == []
                else:
                    store = _stored(page)
                    for d in EXISTING:
                        assert store["dossiers"][d["id"]] == d, d["zaak"]
                    for d in store["dossiers"].values():
                        jsonschema.validate(d, SCHEMA)
                    assert len(store["dossiers"]) + len(_asides(page)) == 3
                shown = page.locator("[data-kb-kies] option").all_inner_texts()
                assert {f"{d['zaak']} (Ministerie X, Team G)" for d in EXISTING} <= set(shown)
        sys.setrecursionlimit(depth)
        assert page.evaluate("window.__xss") is None
        assert errors == []
    finally:
        context.close()
