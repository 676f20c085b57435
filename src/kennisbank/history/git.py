"""The content's history from git: versions per file, dates per concept, releases.

One `git log` process reads the first-parent history of the whole repository (every commit,
so a tag on a commit that touches no content is still seen), one `git cat-file --batch`
reads the blobs of the content files' versions. A commit "changes the meaning" of a file
when the parsed record differs from the previous version's, so a commit that only
reformats YAML (indentation, quoting, comments, key order) does not count.

History is read only when the content root is the top folder of a git work tree (tags
belong to a repository); without git, outside a repository, or in a subfolder the history
is simply absent. In a shallow clone the oldest visible commit's date is not a creation
date, so `created` is unknown for what it holds.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kennisbank.content.model import BEGRIP, KADER, LEIDRAAD, STAP, Begrip, Inhoud, Kader, Stap
from kennisbank.content.schema import ID_RE, Ctx, Missing, Record
from kennisbank.content.yamlsource import parse_document
from kennisbank.core.findings import Finding, KennisbankError, Level

TAG_RE = re.compile(r"^v(\d+)\.(\d+)\.(\d+)$")
VERSION_RE = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
KADER_PATH, LEIDRAAD_PATH = "begrippen/_kader.yaml", "leidraad/_leidraad.yaml"


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
    match = VERSION_RE.match(version)
    return tuple(int(part) for part in match.groups()) if match else ()


@dataclass
class State:
    """The content at one point: parsed records by id (unreadable files left out)."""

    kader: Kader | None = None
    begrippen: dict[str, Begrip] = field(default_factory=dict)
    stappen: dict[str, Stap] = field(default_factory=dict)
    leidraad_versie: str = ""


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
            _place(state, path, record)
        return state


def _place(state: State, path: str, record: Any) -> None:
    folder, name = path.split("/", 1)
    ident = name[:-5]
    if path == KADER_PATH:
        state.kader = record
    elif path == LEIDRAAD_PATH:
        state.leidraad_versie = record.versie
    elif folder == "begrippen":
        record.id = ident
        state.begrippen[ident] = record
    else:
        record.id = ident
        state.stappen[ident] = record


def record_type(path: str) -> Record | None:
    if path == KADER_PATH:
        return KADER
    if path == LEIDRAAD_PATH:
        return LEIDRAAD
    match = re.match(r"^(begrippen|leidraad)/([^/]+)\.yaml$", path)
    if match is None or not ID_RE.match(match.group(2)):
        return None
    return BEGRIP if match.group(1) == "begrippen" else STAP


def parse_blob(data: bytes | None, path: str) -> Any:
    record_kind = record_type(path)
    if data is None or record_kind is None:
        return None
    findings: list[Finding] = []
    node = parse_document(data, path, findings)
    if node is None:
        return None
    value = record_kind.parse(node, Ctx(path, findings), "")
    if isinstance(value, Missing) or any(f.level is Level.FOUT for f in findings):
        return None
    return value


def meaning(record: Any) -> dict[str, Any]:
    """The fields of a record that carry meaning: everything but positions and the id."""
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)
            if f.name not in ("locs", "id")}


def same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    return meaning(a) == meaning(b)


def changed_fields(old: Any, new: Any) -> list[str]:
    before, after = meaning(old), meaning(new)
    return [name for name in after if before.get(name) != after[name]]


# -- git -----------------------------------------------------------------------------------


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes:
    result = subprocess.run(["git", "-c", "log.showSignature=false", *args],  # noqa: S603,S607
                            cwd=root, input=data, capture_output=True, check=True)
    return result.stdout


def blob_hash(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()  # noqa: S324


def cat_blobs(root: Path, shas: list[str]) -> dict[str, bytes]:
    """The contents of these blobs, from one `git cat-file --batch`."""
    out = _git(root, "cat-file", "--batch", data="".join(s + "\n" for s in shas).encode())
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
        info = _git(root, "rev-parse", "--is-shallow-repository", "--show-prefix",
                    "--git-common-dir").decode()
    except (OSError, subprocess.CalledProcessError):
        return Geschiedenis(reason="geen git-geschiedenis (geen git of geen repository)")
    lines = info.split("\n")
    shallow, prefix = lines[0].strip() == "true", lines[1].strip() if len(lines) > 1 else ""
    git_dir = lines[2].strip() if len(lines) > 2 else ""
    if prefix:
        return Geschiedenis(reason="de inhoudsmap is niet de bovenste map van de repository")
    try:
        log = _git(root, "log", "--first-parent", "-m", "--raw", "--no-abbrev", "-z",
                   "--no-renames", "--relative", "--no-color",
                   "--format=%x01%H%x1f%P%x1f%cI%x1f%D", "--")
    except subprocess.CalledProcessError:
        return Geschiedenis(reason="nog geen commits")
    hist = parse_log(log, shallow)
    hist.root = root
    hist.git_dir = root / git_dir if git_dir else None
    if inhoud is not None:
        hist.working = working_records(root, inhoud)
    return hist


def parse_log(log: bytes, shallow: bool) -> Geschiedenis:
    hist = Geschiedenis(shallow=shallow)
    chunks = log.decode("utf-8", errors="replace").split("\x01")[1:]
    chunks.reverse()  # git log gives the newest first
    for index, chunk in enumerate(chunks):
        header, _, raw = chunk.partition("\0")
        sha, parents, timestamp, refs = (header.split("\x1f") + ["", "", ""])[:4]
        commit = Commit(index, sha, timestamp, boundary=shallow and not parents.strip())
        hist.commits.append(commit)
        for ref in refs.split(", "):
            tag = ref.removeprefix("tag: ") if ref.startswith("tag: ") else ""
            match = TAG_RE.match(tag)
            if match:
                hist.releases.append(Release(tag[1:], tag, commit))
        parts = raw.lstrip("\n").split("\0")
        for meta, path in zip(parts[::2], parts[1::2], strict=False):
            fields = meta.split()
            if len(fields) < 5 or record_type(path) is None:
                continue
            new_mode, new_blob, status = fields[1], fields[3], fields[4]
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


def current_state(inhoud: Inhoud) -> State:
    return State(inhoud.kader, dict(inhoud.begrippen), dict(inhoud.stappen),
                 inhoud.leidraad.versie if inhoud.leidraad else "")


def state_at_ref(root: Path, ref: str) -> State:
    """The content as committed at a git ref (`kennisbank diff`): one ls-tree, one cat-file."""
    listing = _git(root, "ls-tree", "-r", "-z", "--full-tree", ref, "--", "begrippen",
                   "leidraad")
    entries: list[tuple[str, str]] = []
    for item in listing.decode("utf-8", errors="replace").split("\0"):
        meta, _, path = item.partition("\t")
        fields = meta.split()
        if len(fields) == 3 and fields[1] == "blob" and record_type(path) is not None:
            entries.append((path, fields[2]))
    blobs = cat_blobs(root, sorted({sha for _, sha in entries})) if entries else {}
    state = State()
    for path, sha in sorted(entries):
        record = parse_blob(blobs.get(sha), path)
        if record is not None:
            _place(state, path, record)
    return state


# -- the check -----------------------------------------------------------------------------


def attach(root: Path, inhoud: Inhoud) -> Geschiedenis:
    hist = read(root, inhoud)
    inhoud.geschiedenis = hist
    return hist


def published_rules(root: Path, inhoud: Inhoud) -> list[Finding]:
    """Compare with the newest release: published concepts never disappear, and the kader's
    versie keeps up with the tags. Reads the history and attaches it to `inhoud`."""
    hist = attach(root, inhoud)
    newest = hist.newest
    if newest is None:
        return []
    findings: list[Finding] = []
    released = hist.state_at(newest.commit.index)
    present = set(inhoud.begrippen) | inhoud.onleesbaar
    added = [i for i in inhoud.begrippen if i not in released.begrippen]
    for ident in sorted(set(released.begrippen) - present):
        old = released.begrippen[ident]
        renamed = [i for i in added if same(inhoud.begrippen[i], old) or
                   inhoud.begrippen[i].voorkeursterm == old.voorkeursterm]
        what = (f"het id van {ident!r} is gewijzigd in {renamed[0]!r}" if renamed else
                f"begrip {ident!r} is verwijderd")
        findings.append(Finding(f"begrippen/{ident}.yaml", 1, 1, Level.FOUT,
            "gepubliceerd-begrip-weg", f"{what}, maar het staat in versie {newest.version} "
            f"({newest.tag}) en zijn IRI moet blijven werken; verwijder geen gepubliceerd "
            "begrip; zet status op verouderd met vervangen_door"))
    kader = inhoud.kader
    if kader is not None and kader.versie:
        line, column = kader.locs.get("versie", (1, 1))
        head_tags = [r for r in hist.releases if r.commit.index == len(hist.commits) - 1]
        if not version_key(kader.versie):
            findings.append(Finding(KADER_PATH, line, column, Level.FOUT, "versie-tag",
                f"versie {kader.versie!r} heeft niet de vorm X.Y.Z van de releases "
                f"(nieuwste: {newest.tag})"))
        elif head_tags and kader.versie not in {r.version for r in head_tags}:
            findings.append(Finding(KADER_PATH, line, column, Level.FOUT, "versie-tag",
                f"deze commit heeft tag {head_tags[-1].tag}, maar versie is "
                f"{kader.versie!r}; verwachtte {head_tags[-1].version!r}"))
        elif version_key(kader.versie) < newest.key:
            findings.append(Finding(KADER_PATH, line, column, Level.FOUT, "versie-tag",
                f"versie {kader.versie!r} is ouder dan de nieuwste release {newest.tag}; "
                f"verwachtte {newest.version} of hoger"))
    return findings


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


def release_inhoud(hist: Geschiedenis, release: Release, current: Inhoud) -> Inhoud | None:
    """The content of a release as an Inhoud to export (None when it cannot be exported:
    no kader, or errors by today's rules)."""
    from kennisbank.checks.rules import validate

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


# -- comparing two states --------------------------------------------------------------------


def _nl(value: dict[str, str]) -> str:
    return value.get("nl") or next(iter(value.values()), "")


@dataclass
class Wijziging:
    id: str
    term: str
    velden: list[str] = field(default_factory=list)
    definitie_oud: str = ""
    definitie_nieuw: str = ""
    vervangen_door: str = ""

    def as_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {"id": self.id, "term": self.term}
        if self.velden:
            result["velden"] = self.velden
        if "definitie" in self.velden:
            result["definitie"] = {"oud": self.definitie_oud, "nieuw": self.definitie_nieuw}
        if self.vervangen_door:
            result["vervangen_door"] = self.vervangen_door
        return result


@dataclass
class Wijzigingen:
    nieuw: list[Wijziging] = field(default_factory=list)
    gewijzigd: list[Wijziging] = field(default_factory=list)
    verouderd: list[Wijziging] = field(default_factory=list)
    verwijderd: list[Wijziging] = field(default_factory=list)
    stappen: dict[str, list[str]] = field(default_factory=dict)  # nieuw/gewijzigd/verwijderd
    versie: tuple[str, str] = ("", "")

    def __bool__(self) -> bool:
        return bool(self.nieuw or self.gewijzigd or self.verouderd or self.verwijderd
                    or any(self.stappen.values()))

    def as_dict(self) -> dict[str, Any]:
        return {"versie": {"oud": self.versie[0], "nieuw": self.versie[1]},
                "begrippen": {kind: [w.as_dict() for w in getattr(self, kind)]
                              for kind in ("nieuw", "gewijzigd", "verouderd", "verwijderd")},
                "stappen": self.stappen}


def compare(old: State, new: State) -> Wijzigingen:
    """What changed from `old` to `new`: concepts added, changed (which fields), deprecated
    (with replacement) and removed, steps added, changed and removed."""
    result = Wijzigingen(versie=(old.kader.versie if old.kader else "",
                                 new.kader.versie if new.kader else ""))
    for ident in sorted(new.begrippen):
        b = new.begrippen[ident]
        term = _nl(b.voorkeursterm)
        before = old.begrippen.get(ident)
        if before is None:
            result.nieuw.append(Wijziging(ident, term, definitie_nieuw=_nl(b.definitie)))
            continue
        fields = changed_fields(before, b)
        if not fields:
            continue
        change = Wijziging(ident, term, fields, _nl(before.definitie), _nl(b.definitie),
                           b.vervangen_door)
        if b.status == "verouderd" and before.status != "verouderd":
            result.verouderd.append(change)
        else:
            result.gewijzigd.append(change)
    for ident in sorted(set(old.begrippen) - set(new.begrippen)):
        b = old.begrippen[ident]
        result.verwijderd.append(Wijziging(ident, _nl(b.voorkeursterm),
                                           definitie_oud=_nl(b.definitie)))
    result.stappen = {
        "nieuw": sorted(set(new.stappen) - set(old.stappen)),
        "gewijzigd": sorted(i for i in set(new.stappen) & set(old.stappen)
                            if not same(old.stappen[i], new.stappen[i])),
        "verwijderd": sorted(set(old.stappen) - set(new.stappen))}
    return result


def diff_text(changes: Wijzigingen, old: str, new: str) -> str:
    """The changes in Dutch for a reviewer (`kennisbank diff`)."""
    lines = [f"Wijzigingen van {old} naar {new}:"]
    if changes.versie[0] != changes.versie[1]:
        lines.append(f"versie: {changes.versie[0] or '(geen)'} → {changes.versie[1] or '(geen)'}")
    for kind, title in (("nieuw", "Nieuwe begrippen"), ("gewijzigd", "Gewijzigde begrippen"),
                        ("verouderd", "Verouderde begrippen"),
                        ("verwijderd", "Verwijderde begrippen")):
        items: list[Wijziging] = getattr(changes, kind)
        if not items:
            continue
        lines += ["", f"{title} ({len(items)}):"]
        for w in items:
            line = f"  {w.id} ({w.term})"
            if w.velden:
                line += ": " + ", ".join(w.velden)
            if kind == "verouderd":
                line += (f"; vervangen door {w.vervangen_door}" if w.vervangen_door
                         else "; zonder vervanger")
            lines.append(line)
            if "definitie" in w.velden:
                lines += [f"    oud:   {w.definitie_oud}", f"    nieuw: {w.definitie_nieuw}"]
            if kind == "verwijderd":
                lines.append("    let op: een gepubliceerd begrip hoort niet te verdwijnen; "
                             "zet status op verouderd met vervangen_door")
    names = {"nieuw": "nieuw", "gewijzigd": "gewijzigd", "verwijderd": "verwijderd"}
    steps = [f"{names[k]}: {', '.join(v)}" for k, v in changes.stappen.items() if v]
    if steps:
        lines += ["", "Stappen van de leidraad:", *[f"  {s}" for s in steps]]
    counts = (f"{len(changes.nieuw)} nieuw, {len(changes.gewijzigd)} gewijzigd, "
              f"{len(changes.verouderd)} verouderd, {len(changes.verwijderd)} verwijderd")
    lines += ["", f"Begrippen: {counts}" if changes else "Geen wijzigingen in de betekenis."]
    return "\n".join(lines) + "\n"


def source_state(root: Path, source: str) -> State:
    """`kennisbank diff`'s argument: a folder with begrippen/, else a git ref in `root`."""
    folder = Path(source)
    if not folder.is_absolute():
        folder = Path.cwd() / folder
    if (folder / "begrippen").is_dir():
        from kennisbank.content.load import load

        inhoud, _ = load(folder)
        return current_state(inhoud)
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{source}^{{commit}}")
    except (OSError, subprocess.CalledProcessError) as exc:
        raise KennisbankError(f"kennisbank: {source!r} is geen map met begrippen/ en geen "
                              f"git-ref (tag, branch of commit) in {root}", exit_code=2) from exc
    return state_at_ref(root, source)
