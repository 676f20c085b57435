"""Zensical's cache kept valid from one `kennisbank build --engine zensical` to the next.

Zensical keeps every rendered page in `.cache/` under a key of the page's Markdown and the
configuration (so the build goes into the same staging folder each time, see `site.build`).
The term links are not in that key: they come from the term-data file. When that changes,
the pages that mention a changed concept are dropped from the cache (an entry names its
source page), so Zensical renders those again and takes the rest from the cache. A record
beside the entries says which term data the cache was rendered with; without one, or with
entries in a form we do not recognise, the build is a clean one.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from kennisbank.site import termchanges, termlinks
from kennisbank.site.markup import Output

CACHE = ".cache"
RECORD = "kennisbank-termen.json"  # not a number: Zensical's entries are named by one
_ORIGIN = re.compile(rb'^\{"data":\{"origin":\{"Source":("(?:[^"\\]|\\.)*")\}')


def prepare(root: Path, output: Output) -> int | None:
    """Make root's cache fit the term data in `output`: the number of pages dropped from
    it, or None when the build must be a clean one."""
    cache = root / CACHE
    new = output.data(termlinks.DATA_FILE)
    record = cache / RECORD
    entries = [path for path in cache.iterdir() if path.name.isdigit()] \
        if cache.is_dir() else []
    old = record.read_bytes() if record.is_file() else None
    dropped: int | None = 0
    if entries and old is None:
        dropped = None
    elif entries and old != new:
        pages = termchanges.pages_with_changed_terms(
            old or b"", new, termchanges.markdown_pages(root / "docs", output))
        dropped = _drop(entries, pages) if pages else 0
    cache.mkdir(exist_ok=True)
    tmp = cache / f".{RECORD}.tmp"
    tmp.write_bytes(new)
    tmp.replace(record)
    return dropped


def _drop(entries: list[Path], pages: set[str]) -> int | None:
    """Remove the entries rendered from `pages`; None when no entry names its source."""
    known = dropped = 0
    for path in entries:
        with path.open("rb") as handle:
            match = _ORIGIN.match(handle.read(4096))
        if match is None:
            continue
        known += 1
        if json.loads(match.group(1)) in pages:
            path.unlink(missing_ok=True)
            dropped += 1
    return dropped if known else None
