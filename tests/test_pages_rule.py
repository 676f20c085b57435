"""A hand-written page's front matter that the theme prints raw (the second attack on round
two: a `description` that closed its attribute and ran a script before the policy)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import DATA

PAYLOAD = '"><script>window.PWNED=1</script><meta name="x" content="'


@pytest.mark.parametrize("front, column", [
    (f"description: '{PAYLOAD}'", 15),
    ('author: "Jan <b>de</b> Vries"', 14),
    ('description: "Zij zei \\"ja\\""', 24),
])
def test_a_raw_front_matter_value_with_markup_is_refused(
        run_cli, tmp_path: Path, front: str, column: int) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "inhoud"
    shutil.copytree(DATA / "geldig", root)
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "pagina.md").write_text(f"---\n{front}\n---\n# Een pagina\n",
                                              encoding="utf-8")
    code, out, _ = run_cli("check", "--root", str(root))
    assert code == 1
    assert f"docs/pagina.md:2:{column}: fout [onveilige-paginagegevens]" in out


@pytest.mark.parametrize("front", ["description: Erkenning & Herstel in het kort",
                                   "description: 'Wat de leidraad is; en wat niet'",
                                   "title: 'Een <titel>'"])
def test_ordinary_front_matter_passes(run_cli, tmp_path: Path, front: str) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "inhoud"
    shutil.copytree(DATA / "geldig", root)
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "pagina.md").write_text(f"---\n{front}\n---\n# Een pagina\n",
                                              encoding="utf-8")
    code, out, _ = run_cli("check", "--root", str(root))
    assert "onveilige-paginagegevens" not in out
