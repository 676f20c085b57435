"""`kennisbank check` imports rdflib only when the content holds RDF to parse (a vocabulary
in vocabulaires/, `overige_rdf`): for a project without, start-up stays without its import
time (about half of the check's start-up). Measured with `python -X importtime` on the real
console command in a fresh process."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import DATA


def _imported(root: Path) -> set[str]:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "kennisbank", "check",
                           "--root", str(root)], capture_output=True, text=True, check=False,
                          timeout=120)
    assert done.returncode in (0, 1), done.stderr[-2000:]
    return {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines()
            if line.startswith("import time:") and line.count("|") == 2}


def test_a_project_without_rdf_does_not_import_rdflib(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(DATA / "geldig", root)
    assert "rdflib" in _imported(root)  # its vocabulary needs parsing
    shutil.rmtree(root / "vocabulaires")
    assert not any("overige_rdf" in p.read_text(encoding="utf-8")
                   for p in root.rglob("*.yaml"))
    modules = _imported(root)
    assert "kennisbank.checks.pipeline" in modules
    assert not {m for m in modules if m.split(".")[0] == "rdflib"}


def test_overige_rdf_imports_rdflib_for_its_check(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(DATA / "geldig", root)
    shutil.rmtree(root / "vocabulaires")
    concept = root / "begrippen" / "herstel.yaml"
    concept.write_text(concept.read_text(encoding="utf-8") + "overige_rdf: |\n  <a:b> <a:c> "
                       "<a:d> .\n", encoding="utf-8")
    assert "rdflib" in _imported(root)
