"""Releases as the site publishes them: a release's content rebuilt from git and checked by
today's rules, and a cache of their downloads, so that a build does not export every release
again.

A release is fixed by its tag: the content at the tagged commit, the history up to it and
the releases before it. The same key therefore always gives the same bytes, and a build
that finds them in the cache skips loading, checking and exporting that release. The key
also holds a fingerprint of this package's code and of rdflib's version (a new version of
kennisbank may export differently) and of the mapping targets' labels, which come from
today's local vocabularies.

The cache lives in the repository's git folder (`.git/kennisbank/releases/`): it belongs to
the repository, is never committed and never published. Without it (no git folder, not
writable) every release is exported as before; nothing fails.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kennisbank.checks.pipeline import validate
from kennisbank.content.model import Inhoud
from kennisbank.core.findings import Level
from kennisbank.history.git import until

if TYPE_CHECKING:
    from collections.abc import Mapping

    from kennisbank.content.model import ExternBegrip
    from kennisbank.history.git import Geschiedenis, Release

FOLDER = ("kennisbank", "releases")
NOT_EXPORTABLE = b"niet-exporteerbaar\n"  # the release has errors by today's rules


@functools.cache
def code_fingerprint() -> str:
    import rdflib

    digest = hashlib.sha256(rdflib.__version__.encode())
    package = PACKAGE
    for path in code_files():
        name = path.relative_to(package).as_posix()
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


PACKAGE = Path(__file__).resolve().parents[1]  # src/kennisbank


def code_files() -> list[Path]:
    """Every module of the engine, in every subpackage: a change to any of them may change
    what a release exports."""
    return sorted(PACKAGE.rglob("*.py"))


class ReleaseCache:
    def __init__(self, hist: Geschiedenis, extern: Mapping[str, ExternBegrip]) -> None:
        self.hist = hist
        self.folder = hist.git_dir.joinpath(*FOLDER) if hist.git_dir is not None else None
        self.extern = hashlib.sha256(
            repr(sorted((iri, repr(target)) for iri, target in extern.items())).encode()
        ).hexdigest()
        self.used: set[str] = set()
        self._digests: dict[int, Any] | None = None

    def key(self, release: Release) -> str:
        index = release.commit.index
        digest = self._commit_digests()[index].copy()
        for earlier in self.hist.releases:
            if earlier.commit.index <= index:
                digest.update(f"{earlier.tag} {earlier.commit.sha}\n".encode())
        return str(digest.hexdigest())

    def _commit_digests(self) -> dict[int, Any]:
        """The digest of the code, the targets and the commits up to each release's commit,
        in one pass over the commits (not one pass per release)."""
        if self._digests is None:
            wanted = {release.commit.index for release in self.hist.releases}
            digest = hashlib.sha256(f"{code_fingerprint()}\n{self.extern}\n".encode())
            self._digests = {}
            for commit in self.hist.commits[:max(wanted, default=-1) + 1]:
                digest.update(f"{commit.sha} {commit.timestamp} {commit.boundary}\n".encode())
                if commit.index in wanted:
                    self._digests[commit.index] = digest.copy()
        return self._digests

    def get(self, release: Release, names: list[str]) -> dict[str, Path] | None:
        """Where the cached files of a release are ({} when it cannot be exported), or
        None when they are not in the cache."""
        if self.folder is None:
            return None
        key = self.key(release)
        entry = self.folder / key
        try:
            status = (entry / "status").read_bytes()
        except OSError:
            return None
        if status == NOT_EXPORTABLE:
            self.used.add(key)
            return {}
        files = {name: entry / name for name in names}
        if status != b"ok\n" or not all(path.is_file() and not path.is_symlink()
                                         for path in files.values()):
            return None
        self.used.add(key)
        return files

    def put(self, release: Release, files: dict[str, bytes]) -> dict[str, Path] | None:
        """Store a release's files; where they are now (None when the cache cannot be
        written: the caller keeps the bytes)."""
        if self.folder is None:
            return None
        key = self.key(release)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".nieuw-", dir=self.folder))
            for name, data in files.items():
                (staging / name).write_bytes(data)
            (staging / "status").write_bytes(NOT_EXPORTABLE if not files else b"ok\n")
            try:
                os.rename(staging, self.folder / key)
            except OSError:  # another build put it there first: the same bytes
                _remove(staging)
        except OSError:
            return None  # a read-only repository: simply no cache
        return self.get(release, list(files))

    def prune(self) -> None:
        """Remove entries this build did not use (an older code version, a moved tag)."""
        if self.folder is None or not self.folder.is_dir():
            return
        for entry in self.folder.iterdir():
            if entry.name not in self.used and not entry.is_symlink() and entry.is_dir():
                _remove(entry)


def _remove(folder: Path) -> None:
    try:
        for child in folder.iterdir():
            child.unlink()
        folder.rmdir()
    except OSError:
        pass


def release_inhoud(hist: Geschiedenis, release: Release, current: Inhoud) -> Inhoud | None:
    """The content of a release as an Inhoud to export (None when it cannot be exported:
    no kader, or errors by today's rules)."""
    state = hist.state_at(release.commit.index)
    if state.kader is None:
        return None
    inhoud = Inhoud(kader=dataclasses.replace(state.kader, versie=release.version),
                    begrippen=dict(state.begrippen))
    inhoud.extern = current.extern  # mapping targets' labels: our local vocabularies
    if any(f.level is Level.FOUT for f in validate(inhoud)):
        return None
    inhoud.geschiedenis = until(hist, release.commit.index)
    return inhoud
