"""The shared vectors in tests/data/gedeeld/, run against the site's scripts in headless
Chromium on the built fixture site (both engines): zoeken.js (window.kennisbankZoeken) must give
what Python gives, and leidraad.js (window.kennisbankLeidraad.dossierProblem) must judge every
dossier document as the JSON Schema does. test_shared_vectors.py runs the same files in Python.
"""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import Page

from test_shared_vectors import CASES, SHARED, TEKST, dossier_text


def _zoeken(page: Page, base_url: str) -> Page:  # noqa: F811
    page.goto(base_url)
    page.wait_for_function("() => window.kennisbankZoeken && window.kennisbankLeidraad")
    return page


def test_normalise_is_search_key(page: Page, base_url: str) -> None:  # noqa: F811
    vectors = TEKST["normaliseren"]
    got = _zoeken(page, base_url).evaluate(
        "inputs => inputs.map(window.kennisbankZoeken.normalise)", [v["invoer"] for v in vectors])
    wrong = [(v["invoer"], v["search_key"], js) for v, js in zip(vectors, got, strict=True)
             if js != v["search_key"]]
    assert wrong == []


def test_stem_and_shard(page: Page, base_url: str) -> None:  # noqa: F811
    _zoeken(page, base_url)
    stems = page.evaluate("words => words.map(w => window.kennisbankZoeken.stem(w))",
                          [v["woord"] for v in TEKST["stammen"]])
    assert [(v["woord"], s) for v, s in zip(TEKST["stammen"], stems, strict=True)] == \
        [(v["woord"], v["stam"]) for v in TEKST["stammen"]]
    shards = page.evaluate("vs => vs.map(v => window.kennisbankZoeken.shard(v[0], v[1]))",
                           [[v["stam"], v.get("lengte", 2)] for v in TEKST["shards"]])
    assert [(v["stam"], s) for v, s in zip(TEKST["shards"], shards, strict=True)] == \
        [(v["stam"], v["shard"]) for v in TEKST["shards"]]


def test_typo_allowance(page: Page, base_url: str) -> None:  # noqa: F811
    queries = [v["zoekvraag"] for v in TEKST["typfouten"]]
    got = _zoeken(page, base_url).evaluate(
        "qs => qs.map(q => window.kennisbankZoeken.allowance(q))", queries)
    assert list(zip(queries, got, strict=True)) == \
        [(v["zoekvraag"], v["typfouten"]) for v in TEKST["typfouten"]]


def test_every_plural_goes_back_to_its_singular(page: Page, base_url: str) -> None:  # noqa: F811
    """For every form Python generates, singulars() of the normalised form offers the
    normalised singular; the forms the vectors list as 'niet_terug' do not, by design."""
    entries = [(v["meervouden"], v["enkelvoud"], v.get("niet_terug", []))
               for v in TEKST["meervouden"] + TEKST["labels"]]
    forms = [form for plural, _, _ in entries for form in plural]
    found = _zoeken(page, base_url).evaluate(
        "forms => forms.map(f => window.kennisbankZoeken.singulars("
        "window.kennisbankZoeken.normalise(f)))", forms)
    by_form = dict(zip(forms, found, strict=True))
    wrong = []
    for plural, singular, not_back in entries:
        for form in plural:
            if (singular in by_form[form]) == (form in not_back):
                wrong.append((form, singular, by_form[form]))
    assert wrong == []


def test_the_dossier_check_agrees_with_the_schema(page: Page, base_url: str) -> None:  # noqa: F811
    texts = [dossier_text(case) for case in CASES]
    problems: list[Any] = _zoeken(page, base_url + "leidraad/dossier/").evaluate("""texts =>
        texts.map(text => {
            let value;
            try { value = JSON.parse(text); } catch (e) { return "het is geen geldige JSON"; }
            return window.kennisbankLeidraad.dossierProblem(value);
        })""", texts)
    wrong = [(case["naam"], case["geldig"], problem)
             for case, problem in zip(CASES, problems, strict=True)
             if (problem is None) != case["geldig"]]
    assert wrong == []
    # the check says why, in words a reader can act on
    assert all(isinstance(p, str) and p for p in problems if p is not None)


def test_question_words_are_dropped(page: Page, base_url: str) -> None:  # noqa: F811
    """tests/data/gedeeld/zoekvragen.json: 'wat is een gedupeerde' searches 'gedupeerde'."""
    vectors = json.loads((SHARED / "zoekvragen.json").read_text(encoding="utf-8"))["vragen"]
    got = _zoeken(page, base_url).evaluate(
        "inputs => inputs.map(i => window.kennisbankZoeken.question("
        "window.kennisbankZoeken.normalise(i)))", [v["invoer"] for v in vectors])
    wrong = [(v["invoer"], v["zoekt"], js) for v, js in zip(vectors, got, strict=True)
             if js != v["zoekt"]]
    assert wrong == []
