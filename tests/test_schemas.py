"""The shipped JSON Schemas are generated from the model and agree with the checker."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import DATA, REPO
from kennisbank.content.fields import Record
from kennisbank.content.jsonschemas import SCHEMAS, json_schema, rendered
from kennisbank.content.model import Begrip, Kader, Stap
from kennisbank.site.pages.reference import PAGE, format_page


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


def test_format_reference_is_a_page_for_editors() -> None:
    """The reference is generated into the site (formaat/), linked from the editors' page
    and the navigation, and holds every key of the main records with what it requires."""
    page = format_page()
    assert PAGE.startswith("formaat/")
    assert "| `voorkeursterm` | ja |" in page
    for record in (Begrip, Kader, Stap):
        for key in Record(record).fields:
            assert f"| `{key}` |" in page, key
    assert "formaat/index.md" in (REPO / "docs" / "redactie.md").read_text(encoding="utf-8")
    assert "formaat/index.md" in (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "README" not in page
