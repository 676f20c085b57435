"""The labels of the site's search index read back from its shards
(src/kennisbank/site/searchlabels.py): one row `[key, doc, kind, shown?, lang?]` per label,
as the entries for whole keys (start 0) hold them, sorted by key."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def label_rows(files: Mapping[str, bytes | str]) -> list[list[Any]]:
    """The label rows of generated files by name (`Site(...).generate().files`)."""
    rows: list[list[Any]] = []
    for name, data in files.items():
        if name.startswith("zoeken/labels-"):
            rows.extend([key, *rest] for key, start, *rest in json.loads(data) if start == 0)
    return sorted(rows, key=lambda row: (row[0], row[1], row[2]))


def label_rows_in(site: Path) -> list[list[Any]]:
    """The label rows of a built site."""
    return label_rows({f"zoeken/{path.name}": path.read_bytes()
                       for path in (site / "zoeken").glob("labels-*.json")})
