"""MkDocs hook for `mkdocs serve`: regenerate the pages when content changes.

`kennisbank build` does not depend on this file: it generates first, then builds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kennisbank.findings import Level
from kennisbank.site import generate
from kennisbank.validate import check

# Set by `kennisbank build`, which has generated the pages already.
ALREADY_GENERATED = False


def on_pre_build(config: Any, **_: Any) -> None:
    if ALREADY_GENERATED:
        return
    root = Path(config["config_file_path"]).parent
    inhoud, findings = check(root)
    errors = [f for f in findings if f.level is Level.FOUT]
    for finding in errors:
        print(finding.format())
    if not errors:
        generate(inhoud, Path(config["docs_dir"]))
