"""What the layout promises at run time: the lower layers and the search index import without
Python-Markdown or MkDocs (only the Markdown extension and the engines need them), and the
release cache's code fingerprint covers every subpackage."""

from __future__ import annotations

import subprocess
import sys

from kennisbank.site.releases import PACKAGE, code_files


def test_lower_layers_need_no_markdown_or_mkdocs() -> None:
    modules = ["kennisbank.core.text", "kennisbank.content.load", "kennisbank.skos.mapping",
               "kennisbank.checks.pipeline", "kennisbank.history.diff",
               "kennisbank.site.searchindex", "kennisbank.site.tooltip"]
    code = ("import sys\n"
            "for blocked in ('markdown', 'mkdocs', 'material'):\n"
            "    sys.modules[blocked] = None\n"
            f"for name in {modules!r}:\n"
            "    __import__(name)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr


def test_release_cache_fingerprint_reads_every_subpackage() -> None:
    names = {path.relative_to(PACKAGE).as_posix() for path in code_files()}
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert packages >= {"core", "rdf", "content", "skos", "history", "checks", "site", "cli"}
    for package in packages:
        assert any(name.startswith(f"{package}/") and name != f"{package}/__init__.py"
                   for name in names), package
    assert "site/pages/concept.py" in names  # nested two deep
