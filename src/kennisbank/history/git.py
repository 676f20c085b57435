"""The content's history from git: versions per file, dates per concept, releases.

One `git log` process reads the first-parent history of the whole repository (every commit,
so a tag on a commit that touches no content is still seen), one `git cat-file --batch`
reads the blobs of the content files' versions. A commit "changes the meaning" of a file
when the parsed record differs from the previous version's, so a commit that only
reformats YAML (indentation, quoting, comments, key order) does not count.

History is read only when the content root is the top folder of a git work tree (tags
belong to a repository); without git, outside a repository, or in a subfolder the history
is simply absent. In a shallow clone the oldest visible commit's date is not a creation
date, so `created` is unknown for what it holds."""

from __future__ import annotations

import hashlib
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kennisbank.content.model import Inhoud
from kennisbank.core.findings import KennisbankError
from kennisbank.history.records import (
    KADER_PATH,
    LEIDRAAD_PATH,
    State,
    parse_blob,
    place_record,
    record_type,
    same,
)

# A release is a tag v + X.Y.Z in ASCII digits without leading zeros (as in SemVer): `v01.0.0`
# or a tag with other digits (Arabic-Indic, full-width) is no second name for one version.
_NUMBER = r"(0|[1-9][0-9]*)"
VERSION_RE = re.compile(rf"{_NUMBER}\.{_NUMBER}\.{_NUMBER}")
TAG_RE = re.compile(rf"v{_NUMBER}\.{_NUMBER}\.{_NUMBER}")


@dataclass(frozen=True)
class Commit:
    index: int  # position on the first-parent line, oldest first
    sha: str
    timestamp: str  # committer date, strict ISO 8601 (RFC 3339) with the committer's offset
    boundary: bool  # the oldest commit of a shallow clone: its date is no creation date

    @property
    def date(self) -> str:
        return self.timestamp[:10]


@dataclass(frozen=True)
class Release:
    version: str  # "1.2.0"
    tag: str  # "v1.2.0"
    commit: Commit

    @property
    def key(self) -> tuple[int, ...]:
        return version_key(self.version)


def version_key(version: str) -> tuple[int, ...]:
    match = VERSION_RE.fullmatch(version)
    return tuple(int(part) for part in match.groups()) if match else ()


@dataclass
class Geschiedenis:
    """What git knows about the content; `reason` says why it knows nothing."""

    commits: list[Commit] = field(default_factory=list)
    releases: list[Release] = field(default_factory=list)  # oldest version first
    # path → [(commit index, blob sha or None for a deletion)], oldest first
    versions: dict[str, list[tuple[int, str | None]]] = field(default_factory=dict)
    shallow: bool = False
    reason: str = ""
    root: Path | None = None
    git_dir: Path | None = None  # where a build may cache what a release's tag fixes
    _blobs: dict[str, bytes] = field(default_factory=dict, repr=False)
    _parsed: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)
    _meaning: dict[str, list[tuple[Commit, Any]]] = field(default_factory=dict, repr=False)
    working: dict[str, Any] = field(default_factory=dict, repr=False)  # path → record

    @property
    def available(self) -> bool:
        return bool(self.commits)

    @property
    def newest(self) -> Release | None:
        return self.releases[-1] if self.releases else None

    # -- blobs and meaning ---------------------------------------------------------------

    def _load_blobs(self) -> None:
        if self._blobs or self.root is None:
            return
        wanted = sorted({blob for entries in self.versions.values() for _, blob in entries
                         if blob is not None})
        if wanted:
            self._blobs = cat_blobs(self.root, wanted)

    def record(self, path: str, blob: str) -> Any:
        """The parsed record of one version of a file (None if it cannot be read)."""
        key = (path, blob)
        if key not in self._parsed:
            working = self.working.get(path)
            if working is not None and working[0] == blob:
                self._parsed[key] = working[1]
            else:
                self._load_blobs()
                self._parsed[key] = parse_blob(self._blobs.get(blob), path)
        return self._parsed[key]

    def meaning_versions(self, path: str) -> list[tuple[Commit, Any]]:
        """The versions of a file that changed its meaning: (commit, record or None when the
        file was deleted), oldest first. Unreadable versions are skipped."""
        if path in self._meaning:
            return self._meaning[path]
        result: list[tuple[Commit, Any]] = []
        previous: Any = None
        for index, blob in self.versions.get(path, []):
            record = self.record(path, blob) if blob is not None else None
            if blob is not None and record is None:
                continue  # a version that cannot be read: as if it did not happen
            if result and same(previous, record):
                continue
            if not result and record is None:
                continue
            result.append((self.commits[index], record))
            previous = record
        self._meaning[path] = result
        return result

    def dates(self, path: str, current: Any) -> tuple[str | None, str | None]:
        """(created, modified) as YYYY-MM-DD for the file with `current` as its content
        now; None where unknown (no history, a shallow boundary, an uncommitted change)."""
        versions = self.meaning_versions(path)
        if not versions:
            return None, None
        start = next((i for i in range(len(versions) - 1, -1, -1) if versions[i][1] is None),
                     -1) + 1  # after a deletion the file was created anew
        first = versions[start][0] if start < len(versions) else None
        created = first.date if first is not None and not first.boundary else None
        last_commit, last = versions[-1]
        if last is None or not same(last, current):
            return created, None  # deleted in git, or changed and not yet committed
        modified = None if last_commit.boundary else last_commit.date
        return created, modified

    def state_at(self, index: int) -> State:
        """The content as committed at the commit with this index."""
        state = State()
        for path, entries in self.versions.items():
            blob = None
            for i, b in entries:
                if i > index:
                    break
                blob = b
            if blob is None:
                continue
            record = self.record(path, blob)
            if record is None:
                continue
            place_record(state, path, record)
        return state


def run_git(root: Path, *args: str, data: bytes | None = None) -> bytes:
    # A user's configuration must not change what is read: no signatures, and the root
    # commit's files listed (log.showRoot=false would hide what the first commit added).
    result = subprocess.run(["git", "-c", "log.showSignature=false",  # noqa: S603,S607
                             "-c", "log.showRoot=true", *args],
                            cwd=root, input=data, capture_output=True, check=True)
    return result.stdout


def blob_hash(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()  # noqa: S324


def cat_blobs(root: Path, shas: list[str]) -> dict[str, bytes]:
    """The contents of these blobs, from one `git cat-file --batch`."""
    out = run_git(root, "cat-file", "--batch", data="".join(s + "\n" for s in shas).encode())
    blobs: dict[str, bytes] = {}
    pos = 0
    for sha in shas:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] == b"missing":
            continue
        size = int(header[2])
        blobs[sha] = out[pos:pos + size]
        pos += size + 1
    return blobs


def read(root: Path, inhoud: Inhoud | None = None) -> Geschiedenis:
    """The history of the content in `root` (empty, with a reason, when there is none)."""
    try:
        info = run_git(root, "rev-parse", "--is-shallow-repository", "--show-prefix",
                    "--git-common-dir").decode("utf-8", errors="surrogateescape")
    except (OSError, subprocess.CalledProcessError):
        return Geschiedenis(reason="geen git-geschiedenis (geen git of geen repository)")
    lines = info.split("\n")
    shallow, prefix = lines[0].strip() == "true", lines[1].strip() if len(lines) > 1 else ""
    git_dir = lines[2].strip() if len(lines) > 2 else ""
    if prefix:
        return Geschiedenis(reason="de inhoudsmap is niet de bovenste map van de repository")
    try:
        log = run_git(root, "log", "--first-parent", "-m", "--raw",
                   "--no-abbrev", "-z", "--no-renames", "--relative", "--no-color",
                   LOG_FORMAT, "--")
    except subprocess.CalledProcessError:
        return Geschiedenis(reason="nog geen commits")
    hist = parse_log(log, shallow)
    hist.root = root
    hist.git_dir = root / git_dir if git_dir else None
    if inhoud is not None:
        hist.working = working_records(root, inhoud)
    return hist


# Every field ends in NUL, and so does every path of the raw output (-z): a path can hold any
# byte but NUL, so the output is read by counting fields, never by looking for a byte that a
# file name could contain. A commit starts with the marker field, then its four fields; a
# change is a metadata field (":mode mode blob blob status") followed by exactly one path.
COMMIT_MARK = b"C"
LOG_FORMAT = "--format=C%x00%H%x00%P%x00%cI%x00%D%x00"
SHA_RE = re.compile(r"(?:[0-9a-f]{40}|[0-9a-f]{64})")
PARENTS_RE = re.compile(r"(?:(?:[0-9a-f]{40}|[0-9a-f]{64})(?: |$))*")
TIMESTAMP_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
                          r"(?:Z|[+-][0-9]{2}:[0-9]{2})")
META_RE = re.compile(rb":[0-7]{6} [0-7]{6} [0-9a-f]+ [0-9a-f]+ [A-Z][0-9]*")


class GitOutputError(KennisbankError):
    """`git log` said something this reader does not expect (never seen from a real git)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"onverwachte uitvoer van git log ({what}); de geschiedenis is niet "
                         "gelezen")


def _split_log(log: bytes) -> list[tuple[list[str], list[tuple[bytes, bytes]]]]:
    """[(commit fields, [(metadata, path)])], newest first, as `git log` gives them."""
    fields = log.split(b"\0")
    commits: list[tuple[list[str], list[tuple[bytes, bytes]]]] = []
    i, end = 0, len(fields)
    while i < end:
        token = fields[i].lstrip(b"\n")
        if token == COMMIT_MARK:
            if i + 4 >= end:
                raise GitOutputError("een commit zonder al zijn velden")
            header = [f.decode("utf-8", errors="replace") for f in fields[i + 1:i + 5]]
            commits.append((header, []))
            i += 5
        elif token.startswith(b":"):
            if not commits or i + 1 >= end:
                raise GitOutputError("een wijziging zonder commit of zonder pad")
            commits[-1][1].append((token, fields[i + 1]))  # the path, whatever it holds
            i += 2
        elif token:
            raise GitOutputError(f"veld {token[:40]!r}")
        else:
            i += 1
    return commits


def parse_log(log: bytes, shallow: bool) -> Geschiedenis:
    hist = Geschiedenis(shallow=shallow)
    commits = _split_log(log)
    commits.reverse()  # git log gives the newest first
    for index, ((sha, parents, timestamp, refs), changes) in enumerate(commits):
        if not (SHA_RE.fullmatch(sha) and PARENTS_RE.fullmatch(parents)
                and TIMESTAMP_RE.fullmatch(timestamp)):
            raise GitOutputError(f"commit {sha[:64]!r}")
        commit = Commit(index, sha, timestamp, boundary=shallow and not parents.strip())
        hist.commits.append(commit)
        for ref in refs.split(", "):
            tag = ref.removeprefix("tag: ") if ref.startswith("tag: ") else ""
            match = TAG_RE.fullmatch(tag)
            if match:
                hist.releases.append(Release(tag[1:], tag, commit))
        for meta, raw_path in changes:
            if not META_RE.fullmatch(meta):
                raise GitOutputError(f"wijziging {meta[:80]!r}")
            try:
                path = raw_path.decode("utf-8")
            except UnicodeDecodeError:
                continue  # not UTF-8: no content file (their names are ASCII ids)
            if record_type(path) is None:
                continue
            _, new_mode, _, new_blob, status = meta.decode("ascii").split(" ")
            entries = hist.versions.setdefault(path, [])
            if status.startswith("D") or not new_mode.startswith("100"):
                if entries and entries[-1][1] is not None:
                    entries.append((index, None))
            else:
                entries.append((index, new_blob))
    hist.releases.sort(key=lambda r: r.key)
    return hist


def working_records(root: Path, inhoud: Inhoud) -> dict[str, tuple[str, Any]]:
    """path → (blob hash of the file on disk, its parsed record), for what the loader read."""
    result: dict[str, tuple[str, Any]] = {}

    def add(path: str, record: Any) -> None:
        try:
            data = (root / path).read_bytes()
        except OSError:
            return
        result[path] = (blob_hash(data), record)

    if inhoud.kader is not None:
        add(KADER_PATH, inhoud.kader)
    if inhoud.leidraad is not None:
        add(LEIDRAAD_PATH, inhoud.leidraad)
    for ident, b in inhoud.begrippen.items():
        add(f"begrippen/{ident}.yaml", b)
    for ident, s in inhoud.stappen.items():
        add(f"leidraad/{ident}.yaml", s)
    return result


def until(hist: Geschiedenis, index: int) -> Geschiedenis:
    """The history as it stood at the commit with this index (for a release's export)."""
    view = Geschiedenis(commits=hist.commits[:index + 1],
                        releases=[r for r in hist.releases if r.commit.index <= index],
                        versions={path: [(i, b) for i, b in entries if i <= index]
                                  for path, entries in hist.versions.items()},
                        shallow=hist.shallow, root=hist.root)
    view._blobs, view._parsed = hist._blobs, hist._parsed  # shared caches
    hist._load_blobs()
    view._blobs = hist._blobs
    return view
