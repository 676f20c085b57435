"""`kennisbank build`: a real strict mkdocs build, and site/ untouched when anything fails."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import DATA, REPO
from kennisbank.site.files import OWNED


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(DATA / "geldig", tmp_path, dirs_exist_ok=True)
    for name in ("mkdocs.yml", "gekeurde-code.sha256"):  # the reviewed site set-up
        shutil.copy(REPO / name, tmp_path / name)
    for folder in ("docs", "overrides"):
        shutil.copytree(REPO / folder, tmp_path / folder, ignore=shutil.ignore_patterns(*OWNED))
    return tmp_path


def _old_site(root: Path) -> Path:
    marker = root / "site" / "vorige-build.txt"
    marker.parent.mkdir()
    marker.write_text("vorige site", encoding="utf-8")
    return marker


def test_build_writes_the_site(project: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    marker = _old_site(project)
    code, out, _ = run_cli("build", "--root", str(project))
    assert code == 0
    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="nl"' in html
    assert not marker.exists(), "the new site replaces the old one"
    assert "controle" in out and "site" in out
    assert not list(project.glob(".site-*")), "no temporary folders are left behind"


def test_invalid_content_leaves_the_old_site(project: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    marker = _old_site(project)
    (project / "begrippen" / "erkenning.yaml").write_text("voorkeursterm: erkenning\n",
                                                         encoding="utf-8")
    code, _, err = run_cli("build", "--root", str(project))
    assert code == 1
    assert "begrippen/erkenning.yaml:1:1: fout [ontbrekende-sleutel]" in err
    assert "site/ is niet veranderd" in err
    assert marker.read_text(encoding="utf-8") == "vorige site"


def test_failing_mkdocs_build_leaves_the_old_site(project: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    marker = _old_site(project)
    (project / "docs" / "index.md").write_text("[kapot](bestaat-niet.md)\n", encoding="utf-8")
    code, _, err = run_cli("build", "--root", str(project))
    assert code == 1
    assert "mkdocs build mislukt" in err
    assert marker.read_text(encoding="utf-8") == "vorige site"
    assert not list(project.glob(".site-*"))
