"""The shared vectors in tests/data/gedeeld/, run against Python: what the engine and the site's
scripts must both answer (test_shared_vectors_browser.py runs the same files in Chromium).

- tekst.json: fold and search_key (zoeken.js: normalise), stem, shard, plurals and plural_forms
  (zoeken.js: singulars goes back from each plural).
- dossiers.json: dossier documents the JSON Schema and leidraad.js (dossierProblem) must judge
  alike.

Every mark (Unicode category M: accents, but also Devanagari and Thai vowel signs and
enclosing marks) is dropped on both sides, as zoeken.js does with the class `p{M}`.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from kennisbank.content.jsonschemas import json_schema
from kennisbank.core.text import fold, plural_forms, plurals, search_key
from kennisbank.site.searchindex import shard, stem
from kennisbank.site.searchlabels import MIN_LETTERS, allowance

SHARED = Path(__file__).parent / "data" / "gedeeld"
TEKST: dict[str, Any] = json.loads((SHARED / "tekst.json").read_text(encoding="utf-8"))
DOSSIERS: dict[str, Any] = json.loads((SHARED / "dossiers.json").read_text(encoding="utf-8"))
REPO = Path(__file__).parent.parent


def _set(document: Any, path: list[str | int], value: Any) -> None:
    for step in path[:-1]:
        document = document[step]
    document[path[-1]] = value


def dossier_text(case: dict[str, Any]) -> str:
    """The JSON text of a case, exactly as a file would hold it: both sides parse this."""
    if "json" in case:
        text: str = case["json"]
        return text
    document = copy.deepcopy(DOSSIERS["basis"])
    raw: dict[str, str] = {}
    for change in case["wijzig"]:
        if "weg" in change:
            path = change["weg"]
            parent = document
            for step in path[:-1]:
                parent = parent[step]
            del parent[path[-1]]
        elif "json" in change:  # a number such as 1e999: put in as text after dumping
            marker = f"@@ruw-{len(raw)}@@"
            raw[json.dumps(marker)] = change["json"]
            _set(document, change["zet"], marker)
        elif "herhaal" in change:
            part, times = change["herhaal"]
            _set(document, change["zet"], part * times)
        else:
            _set(document, change["zet"], change["waarde"])
    text = json.dumps(document, ensure_ascii=False, indent=2)
    for marker, value in raw.items():
        assert text.count(marker) == 1
        text = text.replace(marker, value)
    return text


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


def parse_strictly(text: str) -> Any:
    """JSON as the browser's JSON.parse reads it: NaN and Infinity are not JSON (1e999 is, and
    becomes infinity in both)."""
    return json.loads(text, parse_constant=_not_json)


CASES = DOSSIERS["gevallen"]


# -- text -----------------------------------------------------------------------------------


@pytest.mark.parametrize("vector", TEKST["normaliseren"], ids=lambda v: ascii(v["invoer"]))
def test_fold_and_search_key(vector: dict[str, str]) -> None:
    assert fold(vector["invoer"]) == vector["fold"]
    assert search_key(vector["invoer"]) == vector["search_key"]


@pytest.mark.parametrize("vector", TEKST["stammen"], ids=lambda v: ascii(v["woord"]))
def test_stem(vector: dict[str, str]) -> None:
    assert search_key(vector["woord"]) == vector["woord"], "stem gets normalised words"
    assert stem(vector["woord"]) == vector["stam"]


@pytest.mark.parametrize("vector", TEKST["shards"], ids=lambda v: ascii(v["stam"]))
def test_shard(vector: dict[str, str]) -> None:
    assert shard(vector["stam"], vector.get("lengte", 2)) == vector["shard"]


@pytest.mark.parametrize("vector", TEKST["meervouden"], ids=lambda v: ascii(v["woord"]))
def test_plurals(vector: dict[str, Any]) -> None:
    assert sorted(plurals(vector["woord"])) == vector["meervouden"]
    assert search_key(vector["woord"]) == vector["enkelvoud"]
    assert set(vector.get("niet_terug", [])) <= set(vector["meervouden"])


@pytest.mark.parametrize("vector", TEKST["labels"], ids=lambda v: ascii(v["label"]))
def test_plural_forms(vector: dict[str, Any]) -> None:
    assert sorted(plural_forms(vector["label"])) == vector["meervouden"]
    assert search_key(vector["label"]) == vector["enkelvoud"]


@pytest.mark.parametrize("vector", TEKST["typfouten"], ids=lambda v: ascii(v["zoekvraag"]))
def test_typo_allowance(vector: dict[str, Any]) -> None:
    assert search_key(vector["zoekvraag"]) == vector["zoekvraag"], "a normalised query"
    assert allowance(vector["zoekvraag"]) == vector["typfouten"]


def test_no_typo_candidate_is_dropped_that_a_query_could_reach() -> None:
    """A query of L letters with t typos allowed reaches only strings with L - t letters or
    more (each typo matches at most one of its letters to none): searchlabels leaves out the
    candidates with fewer than MIN_LETTERS, the least that any query reaches."""
    reach = [n - allowance("a" * n) for n in range(1, 64) if allowance("a" * n)]
    assert min(reach) == MIN_LETTERS


def test_the_vectors_cover_the_hard_cases() -> None:
    inputs = "".join(v["invoer"] for v in TEKST["normaliseren"])
    for hard in ("ß", "ĳ", "ﬁ", "\u200b", "\u200d", "\u00ad", "é", "ë", "ï", "&", "'", "’", "3"):
        assert hard in inputs, ascii(hard)
    assert any(v["invoer"].isupper() for v in TEKST["normaliseren"])


# -- dossiers -------------------------------------------------------------------------------


def test_the_schema_file_is_the_generated_schema() -> None:
    on_disk = json.loads((REPO / "schemas" / "dossier.schema.json").read_text(encoding="utf-8"))
    assert on_disk == json_schema("dossier")


def test_the_names_of_the_cases_are_unique() -> None:
    names = [case["naam"] for case in CASES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["naam"])
def test_dossier_against_the_schema(case: dict[str, Any]) -> None:
    validator = jsonschema.Draft202012Validator(json_schema("dossier"))
    try:
        document = parse_strictly(dossier_text(case))
    except ValueError:  # json.JSONDecodeError is a ValueError
        assert not case["geldig"], f"{case['naam']}: not JSON ({case['waarom']})"
        return
    errors = [e.message for e in validator.iter_errors(document)]
    if case["geldig"]:
        assert errors == [], f"{case['naam']}: {case['waarom']}"
    else:
        assert errors, f"{case['naam']} passes the schema: {case['waarom']}"
