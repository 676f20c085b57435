"""The editors' page 'Zo werk je aan de begrippen' (docs/redactie.md): its example passes the
check, its sample message is what the check says, every finding code the engine can report is
explained there, and it is linked from the README and the site's navigation."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from kennisbank.checks.pipeline import check
from kennisbank.content.model import check_email, check_form
from kennisbank.core.findings import Level

PAGE = REPO / "docs" / "redactie.md"
CODE = re.compile(r"^[a-z]+(?:-[a-z0-9]+)+$")
# The functions that report a finding with the code as a literal argument (Str and Enum
# declare the code of a value type).
REPORTERS = {"Finding", "Str", "_at", "_error", "_warning", "at", "error", "level"}


def engine_codes() -> set[str]:
    """Every finding code in src/kennisbank, read from the source (not a list kept by hand)."""
    codes: set[str] = set()
    for path in sorted((REPO / "src" / "kennisbank").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in REPORTERS:
                continue
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) \
                        and CODE.match(arg.value):
                    codes.add(arg.value)
    return codes


def _example() -> tuple[str, str]:
    page = PAGE.read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(# begrippen/([a-z0-9-]+\.yaml)\n.*?)```", page, re.S)
    assert block, "the page has a YAML example headed '# begrippen/<id>.yaml'"
    return block.group(2), block.group(1)  # the file as an editor copies it, comment included


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for folder in ("begrippen", "leidraad", "docs", "vocabulaires"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, tmp_path / folder,
                            ignore=shutil.ignore_patterns("begrippen", "leidraad", "downloads",
                                                          "id", "vocabulaires", "wijzigingen")
                            if folder == "docs" else None)
    for name in ("mkdocs.yml", "gekeurde-code.sha256"):  # the reviewed site set-up
        shutil.copy(REPO / name, tmp_path / name)
    return tmp_path


def test_the_example_concept_passes_the_check(project: Path) -> None:
    name, text = _example()
    (project / "begrippen" / name).write_text(text, encoding="utf-8")
    inhoud, findings = check(project)
    assert name.removesuffix(".yaml") in inhoud.begrippen
    assert [f.format() for f in findings if f.path == f"begrippen/{name}"] == []
    assert [f.format() for f in findings if f.level is Level.FOUT] == []


def test_a_definition_that_repeats_its_term_is_a_dutch_finding(project: Path) -> None:
    """Issue 25: the guide's earlier example ('Een excuusbrief is een brief ...') passed the
    check and failed only an English test assertion. Now the check itself says so, in Dutch,
    with the place and what to write instead."""
    name, text = _example()
    definition = re.search(r"^definitie: >-\n  (\S+)", text, re.M)
    assert definition and definition.group(1)[0].isupper()  # starts with the genus
    (project / "begrippen" / name).write_text(
        text.replace(definition.group(0),
                     f"definitie: >-\n  Een excuusbrief is een {definition.group(1).lower()}"),
        encoding="utf-8")
    _, findings = check(project)
    assert [f.format() for f in findings if f.path == f"begrippen/{name}"] == [
        f"begrippen/{name}:5:12: fout [definitie-herhaalt-term] de definitie begint met "
        "'Een excuusbrief is': de term zelf; verwacht dat ze met het bredere begrip begint, "
        "zodat de definitie de term in een zin kan vervangen (hier: 'Brief waarin de "
        "overheid' …)"]


def test_the_sample_message_is_what_the_check_says(project: Path) -> None:
    name, text = _example()
    page = PAGE.read_text(encoding="utf-8")
    sample = re.search(r"```text\n(begrippen/.*?)\n```", page, re.S)
    assert sample
    wrong = re.search(r"verwijst naar '([a-z-]+)'", sample.group(1))
    meant = re.search(r"bedoelde je '([a-z-]+)'", sample.group(1))
    assert wrong and meant
    (project / "begrippen" / name).write_text(
        text.replace(meant.group(1) + ",", wrong.group(1) + ","), encoding="utf-8")
    _, findings = check(project)
    assert [f.format() for f in findings if f.path == f"begrippen/{name}"] == [sample.group(1)]


def test_every_finding_code_of_the_engine_is_explained() -> None:
    codes = engine_codes()
    assert len(codes) > 50  # the scan finds the engine's codes, not nothing
    explained: dict[str, str] = {}
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) == 3:
            for code in re.findall(r"`([a-z0-9-]+)`", cells[0]):
                explained[code] = cells[2]
    assert sorted(codes - set(explained)) == []
    assert all(len(text.split()) >= 4 for text in explained.values())


def test_the_contact_example_is_valid() -> None:
    page = PAGE.read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(contact:\n.*?)```", page, re.S)
    assert block
    uncommented = re.sub(r"^  # (formulier:)", r"  \1", block.group(1), flags=re.M)
    contact = yaml.safe_load(uncommented)["contact"]
    assert check_email(contact["email"]) is None
    assert check_form(contact["formulier"]) is None
    kader = yaml.safe_load((REPO / "begrippen" / "_kader.yaml").read_text(encoding="utf-8"))
    assert contact["email"] == kader["contact"]["email"]


def test_linked_from_the_readme_and_the_navigation() -> None:
    assert "docs/redactie.md" in (REPO / "README.md").read_text(encoding="utf-8")
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s+- Zo werk je aan de begrippen: redactie\.md$", text, re.M)
