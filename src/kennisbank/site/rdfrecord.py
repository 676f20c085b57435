"""RDF documents of the previous build kept when their triples are the same (issue 26).

Writing every concept's Turtle, JSON-LD and RDF/XML and the whole scheme's downloads was
about half of the generator's work (some 9 of 22 s of CPU at 10,000 concepts), on every
build, for documents that had not changed. They follow from their triples alone (`rdf.write`
is deterministic), so a build keeps a document in docs/ when it is the one this machine wrote
for the same triples: the key of a group of documents is the SHA-256 of the triples'
N-Triples (sorted, so canonical) and of the writers' own code.

What was written is in a record under the user's cache folder (per docs/ path, like
`zensicalcache`'s token), not in the project, so no committed or generated file can say what
is kept. For every document it holds the file's identity after the build wrote or kept it:
inode, size, modification and change time, as git's index does. Any write changes the change
time (which no user can set), so a document edited, replaced or turned into a link since is
written again; so is everything when the record is missing, unreadable, of other code or of
another folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from pathlib import Path

from kennisbank.core.findings import KennisbankError
from kennisbank.core.safewrite import write_file
from kennisbank.rdf import write
from kennisbank.rdf.write import Triples, ntriples
from kennisbank.skos.mapping import PREFIX_IRIS

Identity = list[int]  # inode, size, modification and change time (ns)
Notes = dict[str, tuple[str, list[str]]]  # group: key, the documents written
Entry = tuple[str, dict[str, Identity]]  # key, each document's identity


def _code() -> str:
    """What the documents' bytes depend on besides their triples: the writers, the prefixes
    and the Python they run on."""
    digest = hashlib.sha256(Path(write.__file__).read_bytes())
    digest.update(sys.version.encode("utf-8"))  # json, re and xml.sax.saxutils write too
    digest.update(json.dumps(PREFIX_IRIS, sort_keys=True).encode("utf-8"))
    return digest.hexdigest()


def _of(info: os.stat_result) -> Identity | None:
    """A regular file's identity; None for anything else (a link, a folder)."""
    if not stat.S_ISREG(info.st_mode):
        return None
    return [info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def _identity(path: str) -> Identity | None:
    try:
        return _of(os.lstat(path))
    except OSError:
        return None


def record_path(docs: Path) -> Path | None:
    """Where the record for this docs/ folder is kept; None without a cache folder."""
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kennisbank"
    except RuntimeError:  # no home folder: nothing is kept
        return None
    name = hashlib.sha256(str(docs.resolve()).encode("utf-8")).hexdigest()
    return base / f"rdf-{name}.json"


class RdfRecord:
    """The record of one docs/ folder: `kept` before a group of documents is written,
    `note` after it was, `save` once docs/ holds the build's files. Without `docs` (the
    preview's generation in memory) nothing is ever kept."""

    def __init__(self, docs: Path | None) -> None:
        self.docs = docs
        self.path = record_path(docs) if docs is not None else None
        self.code = _code() if self.path is not None else ""
        self.entries: dict[str, Entry] = self._load()
        self.notes: Notes = {}
        self.unchanged: set[str] = set()  # groups `kept` found (their identities stand)
        self._folder = os.fspath(docs) if docs is not None else ""

    def _load(self) -> dict[str, Entry]:
        if self.path is None or self.docs is None:
            return {}
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
            with open(fd, "rb") as handle:
                data = json.loads(handle.read())
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("code") != self.code \
                or data.get("docs") != str(self.docs.resolve()) \
                or not isinstance(data.get("entries"), dict):
            return {}
        # [key, {document: identity}]; an entry of another shape is left out.
        return {name: (entry[0], entry[1]) for name, entry in data["entries"].items()
                if isinstance(entry, list) and len(entry) == 2
                and isinstance(entry[0], str) and isinstance(entry[1], dict)}

    def key(self, triples: Triples) -> str | None:
        """The key of the documents of these triples (None when nothing can be kept, or
        the triples cannot be written: then the writers say why, as before)."""
        if self.path is None:
            return None
        try:
            data = ntriples(triples)
        except ValueError:
            return None
        return hashlib.sha256(self.code.encode("ascii") + data).hexdigest()

    def kept(self, name: str, key: str | None, required: set[str],
             optional: frozenset[str] = frozenset()) -> dict[str, Path] | None:
        """The documents of group `name` in docs/ (path under docs/ → its path), when the
        record has them for this key, they are the `required` ones and perhaps some of the
        `optional` ones (nothing else is ever taken from a record), and each is still the
        file written then; else None."""
        entry = self.entries.get(name)
        if key is None or entry is None or entry[0] != key \
                or not required <= entry[1].keys() <= required | optional:
            return None
        for rel, identity in entry[1].items():
            if _identity(f"{self._folder}/{rel}") != identity:
                return None
        self.unchanged.add(name)
        return {rel: Path(f"{self._folder}/{rel}") for rel in entry[1]}

    def read(self, name: str, rel: str) -> bytes | None:
        """The bytes of a document `kept` found, when the file read is still the one
        recorded (checked on the open file: never through a link); else None."""
        entry = self.entries.get(name)
        if entry is None:
            return None
        try:
            fd = os.open(f"{self._folder}/{rel}", os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            return None
        with open(fd, "rb") as handle:
            recorded = entry[1].get(rel)
            if recorded is not None and _of(os.fstat(fd)) == recorded:
                data = handle.read()
                if _of(os.fstat(fd)) == recorded:  # and not written to while read
                    return data
        return None

    def note(self, name: str, key: str | None, rels: list[str]) -> None:
        """Group `name`'s documents for this key are these (as the build adds them)."""
        if key is not None:
            self.notes[name] = (key, rels)

    def save(self) -> None:
        """Record the documents noted, as docs/ now holds them (after `files.sync`), with
        the groups kept; a group of which a document is missing is left out. A kept group's
        files were not written (the same bytes): their identities are taken as found, and
        `kept` checks them again anyway. Nothing is written when nothing changed."""
        if self.path is None or self.docs is None:
            return
        entries: dict[str, Entry] = {}
        for name, (key, rels) in self.notes.items():
            if name in self.unchanged and self.entries[name][0] == key:
                entries[name] = self.entries[name]
                continue
            found = {rel: _identity(f"{self._folder}/{rel}") for rel in rels}
            files = {rel: identity for rel, identity in found.items() if identity is not None}
            if len(files) == len(found):
                entries[name] = (key, files)
        if entries == self.entries:
            return
        data = {"code": self.code, "docs": str(self.docs.resolve()), "entries": entries}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_file(self.path, json.dumps(data, sort_keys=True).encode("utf-8"))
        except (OSError, KennisbankError):  # e.g. a link there: nothing kept next time
            return
