"""The shipped JSON Schemas are generated from the model and agree with the checker."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import DATA, REPO
from kennisbank.content.jsonschemas import SCHEMAS, json_schema, rendered, with_format_reference


@pytest.mark.parametrize("name", SCHEMAS)
def test_shipped_schema_is_up_to_date(name: str) -> None:
    shipped = (REPO / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert shipped == rendered(name), "run `make schemas` and commit the result"


def _kind(path: Path) -> str:
    if path.name == "_kader.yaml":
        return "kader"
    if path.name == "_leidraad.yaml":
        return "leidraad"
    return "begrip" if path.parent.name == "begrippen" else "stap"


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("*/*.yaml") if p.parent.name in ("begrippen", "leidraad"))


@pytest.mark.parametrize("path", _files(DATA / "geldig"), ids=lambda p: p.name)
def test_valid_fixture_passes_the_schema(path: Path) -> None:
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), json_schema(_kind(path)))


@pytest.mark.parametrize("case", ["onbekende-sleutel", "ontbrekende-sleutel", "verkeerd-type",
                                  "ongeldige-url", "ongeldige-taalcode", "uitkomst-doel"])
def test_schema_rejects_what_check_rejects(case: str) -> None:
    errors = []
    for path in _files(DATA / case):
        schema = json_schema(_kind(path))
        errors += list(jsonschema.Draft202012Validator(schema).iter_errors(
            yaml.safe_load(path.read_text(encoding="utf-8"))))
    assert errors


def test_readme_format_reference_is_up_to_date() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert readme == with_format_reference(readme), "run `make schemas` and commit the result"
    assert "| `voorkeursterm` | ja |" in readme
