"""A hand-written page's front matter that the theme prints raw (the second attack on round
two: a `description` that closed its attribute and ran a script before the policy)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import DATA

PAYLOAD = '"><script>window.PWNED=1</script><meta name="x" content="'


# The column is where the YAML value starts. The later cases are the third attack's ways around
# a line-based rule: a block scalar, YAML escapes, a quoted key, a title, our own keys.
@pytest.mark.parametrize("front, line, column", [
    (f"description: '{PAYLOAD}'", 2, 14),
    ('author: "Jan <b>de</b> Vries"', 2, 9),
    ('description: "Zij zei \\"ja\\""', 2, 14),
    (f"description: |\n  {PAYLOAD}", 2, 14),
    ('description: "\\x22\\x3e\\x3cscript\\x3e"', 2, 14),
    (f"\"description\": '{PAYLOAD}'", 2, 16),
    ("title: 'Een <titel>'", 2, 8),
    ("kennisbank_begrip: {turtle: '\"><script src=x></script>', jsonld: x}", 2, 29),
])
def test_a_raw_front_matter_value_with_markup_is_refused(
        run_cli, tmp_path: Path, front: str, line: int, column: int) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "inhoud"
    shutil.copytree(DATA / "geldig", root)
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "pagina.md").write_text(f"---\n{front}\n---\n# Een pagina\n",
                                              encoding="utf-8")
    code, out, _ = run_cli("check", "--root", str(root))
    assert code == 1
    assert f"docs/pagina.md:{line}:{column}: fout [onveilige-paginagegevens]" in out


@pytest.mark.parametrize("front", ["description: Erkenning & Herstel in het kort",
                                   "description: 'Wat de leidraad is; en wat niet'",
                                   "title: Een gewone titel"])
def test_ordinary_front_matter_passes(run_cli, tmp_path: Path, front: str) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "inhoud"
    shutil.copytree(DATA / "geldig", root)
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "pagina.md").write_text(f"---\n{front}\n---\n# Een pagina\n",
                                              encoding="utf-8")
    code, out, _ = run_cli("check", "--root", str(root))
    assert "onveilige-paginagegevens" not in out


@pytest.mark.parametrize("front", [
    "x: &kwaad 'tekst'\nauthor: *kwaad",                 # an anchor and an alias
    "<<: {description: '\"><script src=x></script>'}",  # a merge key's values count
])
def test_anchors_aliases_and_merge_keys_are_read(run_cli, tmp_path: Path, front: str) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "inhoud"
    shutil.copytree(DATA / "geldig", root)
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "pagina.md").write_text(f"---\n{front}\n---\n# Een pagina\n",
                                              encoding="utf-8")
    code, out, _ = run_cli("check", "--root", str(root))
    assert code == 1 and "onveilige-paginagegevens" in out


@pytest.mark.parametrize("opening, closing", [("\ufeff---", "---"), ("---  ", "..."),
                                              ("---", "...")])
def test_the_front_matter_is_found_as_mkdocs_finds_it(
        run_cli, tmp_path: Path, opening: str, closing: str) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "inhoud"
    shutil.copytree(DATA / "geldig", root)
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "pagina.md").write_text(
        f"{opening}\ndescription: '{PAYLOAD}'\n{closing}\n# Een pagina\n", encoding="utf-8")
    code, out, _ = run_cli("check", "--root", str(root))
    assert code == 1 and "onveilige-paginagegevens" in out
