"""Zensical's cache kept valid from one `kennisbank build --engine zensical` to the next.

Zensical keeps every rendered page in `.cache/` under a key of the page's Markdown and the
configuration (so the build goes into the same staging folder each time, see `site.build`).
The term links are not in that key: they come from the term-data file. When that changes,
the pages that mention a changed concept are dropped from the cache (an entry names its
source page), so Zensical renders those again and takes the rest from the cache. A record
beside the entries says which term data the cache was rendered with; without one, or with
entries in a form we do not recognise, the build is a clean one.

The cache is in the project folder, so a pull request could commit entries holding finished
HTML that no check reads. The record therefore starts with a token that only this machine
knows (kept outside the project, under the user's cache folder, per project path): a cache
whose record lacks it was not written here, and the build is a clean one. A `.cache` that
is a symbolic link, or holds one, is never trusted either (the link is removed first, so
Zensical writes into a plain folder of the project) and means a clean build; the record is
written through `core.safewrite`, never through a link.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
from pathlib import Path

from kennisbank.core.findings import KennisbankError
from kennisbank.core.safewrite import write_file
from kennisbank.site import termchanges, termlinks
from kennisbank.site.markup import Output

CACHE = ".cache"
RECORD = "kennisbank-termen.json"  # not a number: Zensical's entries are named by one
_ORIGIN = re.compile(rb'^\{"data":\{"origin":\{"Source":("(?:[^"\\]|\\.)*")\}')


def local_token(root: Path) -> bytes | None:
    """This machine's token for the project at `root` (made on first use), or None when
    the user's cache folder cannot hold one (every build is then a clean one)."""
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kennisbank"
    except RuntimeError:  # no home folder to be found: no token, clean builds
        return None
    name = hashlib.sha256(str(root.resolve()).encode("utf-8")).hexdigest()
    path = base / f"zensical-{name}"
    try:
        if not path.is_file():
            base.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_file(path, secrets.token_hex(32).encode("ascii"))
        token = path.read_bytes().strip()
    except (OSError, KennisbankError):  # e.g. a link there: no token, clean builds
        return None
    return token if len(token) == 64 else None


def _entries(cache: Path) -> dict[str, list[int]]:
    """Zensical's entries (named by a number) with their size and modification time."""
    if not cache.is_dir() or cache.is_symlink():
        return {}
    found = {}
    for path in cache.iterdir():
        if path.name.isdigit():
            info = path.lstat()
            found[path.name] = [info.st_size, info.st_mtime_ns]
    return found


def _read_record(record: Path, token: bytes | None) -> tuple[dict[str, list[int]], bytes] | None:
    """The sealed entries and the term data of a record this machine wrote, else None."""
    if token is None or not record.is_file() or record.is_symlink():
        return None
    head, _, rest = record.read_bytes().partition(b"\n")
    seal, _, terms = rest.partition(b"\n")
    if head != token:
        return None
    try:
        sealed = json.loads(seal)
    except ValueError:
        return None
    return (sealed, terms) if isinstance(sealed, dict) else None


def _write_record(cache: Path, token: bytes | None, sealed: dict[str, list[int]],
                  terms: bytes) -> None:
    write_file(cache / RECORD, (token or b"") + b"\n" + json.dumps(sealed, sort_keys=True)
               .encode() + b"\n" + terms, cache.parent)


def _untrusted(cache: Path) -> bool:
    """Make `.cache` a plain folder holding no links, and say whether it was not one.

    A link in its place is removed (only the link: a pull request can commit `.cache ->
    cachedata` with entries of its own there, and Zensical would follow it), and so is a
    link among its entries (Zensical could write through it or read what it points to).
    Anything else that is no regular file means the build is a clean one too."""
    if cache.is_symlink():
        cache.unlink()
        return True
    if not cache.exists():
        return False
    if not cache.is_dir():
        raise KennisbankError(f"{CACHE} in {cache.parent} is geen map maar een bestand (of een "
                              "named pipe of apparaat); Zensical bewaart daar zijn cache "
                              "(verwachtte een gewone map of niets): verwijder het")
    odd = False
    for entry in os.scandir(cache):
        if entry.is_symlink():
            os.unlink(entry.path)
            odd = True
        elif not entry.is_file(follow_symlinks=False):
            odd = True
    return odd


def prepare(root: Path, output: Output) -> int | None:
    """Make root's cache fit the term data in `output`: the number of pages dropped from
    it, or None when the build must be a clean one. A cache is used only when this machine
    wrote it (the record's token) and every entry is as it was sealed after the last build
    (size and modification time): an entry a checkout brought in, or changed, means a clean
    build."""
    cache = root / CACHE
    token = local_token(root)
    new = output.data(termlinks.DATA_FILE)
    untrusted = _untrusted(cache)
    current = _entries(cache)
    found = _read_record(cache / RECORD, token)
    dropped: int | None = 0
    if untrusted or current and (found is None or any(found[0].get(name) != stat
                                                      for name, stat in current.items())):
        dropped = None  # not a plain folder, not written here, or changed since: clean
    elif current and found is not None and found[1] != new:
        pages = termchanges.pages_with_changed_terms(
            found[1], new, termchanges.markdown_pages(root / "docs", output))
        dropped = _drop([cache / name for name in current], pages) if pages else 0
    _write_record(cache, token, {}, new)  # sealed again only after a build that succeeds
    return dropped


def seal(root: Path) -> None:
    """After a successful build: record every entry as this build left it."""
    cache = root / CACHE
    token = local_token(root)
    found = _read_record(cache / RECORD, token)
    if token is not None and found is not None:
        _write_record(cache, token, _entries(cache), found[1])


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
