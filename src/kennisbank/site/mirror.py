"""The Zensical preview's own folder: what Zensical reads and writes while `kennisbank serve
--engine zensical` runs, and nothing of the project a branch can change under it.

`zensical serve` watches its docs_dir and renders or copies whatever arrives there, and builds
into its site_dir and `.cache/` beside its configuration. Pointed at the project, a branch
switched during the preview got a file copied before `check` had seen it (a `docs/` link's
target, a script and the page that loads it: issue 24, R8-3, R13-4) and replaced the
gitignored `site/` with a committed link that Zensical wrote through (R13-2). So Zensical's
configuration lives in a folder of the preview's own inside the project, made with a random
name (`tempfile.mkdtemp`, mode 0700, removed on stop) that no branch can know:

- its `docs/` is Zensical's docs_dir, a mirror of the project's docs/ that only this module
  writes, after a check passed: the generator's files as it wrote them (from memory, never
  read back), and every hand-written file that check accepted, copied only when it is still a
  regular file (opened without following a link, folder by folder) of a kind check allows,
  and, when check read it, only when its bytes read now are the text check judged. Anything
  else waits for the next check. Only what changed is written, in one burst; what went is
  removed;
- its `site/` and `.cache/` are Zensical's (site_dir and the cache beside the configuration);
- its `thema/` is the theme's custom_dir: the project's `overrides/` as gekeurde-code.sha256
  records it, file by file, read without following a link (R15-1: Zensical's templates
  follow a link with `{% include %}`, and it watches the folder itself);
- the term-link data file is read from the mirror (`termlinks.DATA_ENV`), and the file whose
  change makes Zensical render every page again is in this folder too.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import io
import os
import shutil
import stat
import tempfile
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from kennisbank.checks.pages import INERT_SUFFIXES
from kennisbank.content.model import Inhoud
from kennisbank.core.safewrite import read_inside, write_file
from kennisbank.site.files import drop_outputs
from kennisbank.site.markup import Content, payload
from kennisbank.site.safeyaml import ConfigLoader

PREFIX = ".kennisbank-voorvertoning-"
CONFIG = ".kennisbank-voorvertoning.yml"  # Zensical's configuration, in the folder
SIGNAL = "kennisbank-labels"  # watched: written when every page must be rendered again
THEME = "thema"  # the copy of the project's theme folder (custom_dir), in the folder
_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC  # a pipe does not block


class Mirror:
    """The preview's folder (`folder`), its docs/ kept equal to what the last check accepted."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=root))
        self.docs = self.folder / "docs"
        self.docs.mkdir(mode=0o700)
        self.config = self.folder / CONFIG
        self.theme: str | None = None  # the project's custom_dir, relative to it
        # What the mirror holds per path under docs/: ("g", content) for a generated file,
        # ("t", text) for one check read, ("s", stat key) for one check judged by its name.
        self.held: dict[str, tuple[str, Any]] = {}

    def configure(self, inherit: Path) -> bytes:
        """Write Zensical's configuration (on top of the project's `inherit`) and the
        watched file; the configuration's bytes."""
        lines = [f"INHERIT: ../{inherit.name}", "docs_dir: docs", "site_dir: site",
                 "watch:", f"  - {SIGNAL}"]
        theme = self.theme = theme_folder(inherit)
        if in_project(theme):  # a copy of the project's, as recorded (sync keeps it so)
            lines += ["theme:", f"  custom_dir: {THEME}"]
            self.sync_theme()
        elif theme is not None:  # one outside the project, as Zensical would find it
            lines += ["theme:", f"  custom_dir: {_quoted(os.path.join('..', theme))}"]
        data = ("\n".join(lines) + "\n").encode("utf-8")
        write_file(self.folder / SIGNAL, b"0\n", self.folder)
        write_file(self.config, data, self.folder)
        return data

    def sync_theme(self) -> None:
        """The theme folder's copy, as recorded (`theme_copy`); says what it left out."""
        if not in_project(self.theme):
            return
        left = theme_copy(self.root, str(self.theme), self.folder / THEME)
        if left:
            print(f"niet in de voorvertoning: {', '.join(left[:5])} (niet zoals gekeurd in "
                  "gekeurde-code.sha256; kennisbank check)", flush=True)

    def signal(self, stamp: str) -> None:
        write_file(self.folder / SIGNAL, f"{stamp}\n".encode(), self.folder)

    def sync(self, generated: dict[str, Content], inhoud: Inhoud | None) -> int:
        """Make docs/ hold `generated` (as written) and the hand-written files `inhoud` (the
        last check's) accepted, as far as they are still what it accepted; the number of
        files written or removed."""
        checked: dict[str, str | None] = {**(inhoud.bestanden if inhoud else {}),
                                          **((inhoud.paginas or {}) if inhoud else {})}
        burst: list[tuple[str, bytes | Path, tuple[str, Any]]] = []
        for rel, content in generated.items():
            kept = self.held.get(rel)
            if kept is None or kept[0] != "g" or not (kept[1] is content or kept[1] == content):
                burst.append((rel, payload(content), ("g", content)))
        for rel, text in checked.items():
            if rel not in generated:
                found = self._accepted(rel, text)
                if found is not None:
                    burst.append((rel, *found))
        for rel, data, key in burst:
            write_file(self.docs / rel, data, self.folder)
            self.held[rel] = key
        self.sync_theme()  # after a passed check, as recorded
        gone = sorted(self.held.keys() - generated.keys() - checked.keys(), reverse=True)
        for rel in gone:
            (self.docs / rel).unlink(missing_ok=True)
            del self.held[rel]
            _prune(self.docs, PurePosixPath(rel).parent)
        # Zensical keeps the built copy of a file that went; a page that went restarts it
        # (serve), any other file (a search shard a new word made) just goes from site/ too.
        drop_outputs(self.folder / "site", {rel for rel in gone if not rel.endswith(".md")})
        return len(burst) + len(gone)

    def _accepted(self, rel: str, text: str | None) -> tuple[bytes, tuple[str, Any]] | None:
        """The bytes of docs/rel to copy, with the key to keep; None when the mirror holds
        them already or the file is no longer what check accepted (the next check decides)."""
        kept = self.held.get(rel)
        if text is not None and kept == ("t", text):
            return None
        if text is None and PurePosixPath(rel).suffix.lower() not in INERT_SUFFIXES:
            return None  # check judged it by a name it allows only for read files
        found = read_plain(self.root / "docs", rel)
        if found is None:
            return None
        data, info = found
        if text is None:
            key = ("s", (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns))
            return None if kept == key else (data, key)
        return (data, ("t", text)) if as_checked(data) == text else None

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def read_plain(docs: Path, rel: str) -> tuple[bytes, os.stat_result] | None:
    """The bytes of the regular file docs/rel and its status, each folder on the way and the
    file itself opened without following a symbolic link; None when one is a link, the file
    is no regular file, or it cannot be read."""
    parts = PurePosixPath(rel).parts
    fds: list[int] = []
    try:
        fds.append(os.open(docs, _FOLDER))
        for part in parts[:-1]:
            fds.append(os.open(part, _FOLDER, dir_fd=fds[-1]))
        fds.append(os.open(parts[-1], _FILE, dir_fd=fds[-1]))
        info = os.fstat(fds[-1])
        if not stat.S_ISREG(info.st_mode):
            return None
        with os.fdopen(os.dup(fds[-1]), "rb") as file:
            return file.read(), info
    except OSError:
        return None
    finally:
        for fd in fds:
            os.close(fd)


def theme_copy(root: Path, theme: str, target: Path) -> list[str]:
    """Make `target` hold the project's theme folder `theme` (its custom_dir, relative to
    root) as gekeurde-code.sha256 records it: every recorded file under it whose bytes, read
    without following a link, are the recorded ones; nothing else (issue 24, R15-1: Zensical
    renders templates with `{% include %}`, which follows a link, and watches the folder, so
    it must never read the project's own). The files left out, for a message."""
    from kennisbank.content.reviewed import recorded  # (site -> content)

    top = PurePosixPath(os.path.normpath(theme))
    record = recorded(root)
    left: list[str] = []
    wanted: set[str] = set()
    for rel, digest in sorted(record.items()):
        inner = PurePosixPath(rel)
        if top.parts != inner.parts[:len(top.parts)] or len(inner.parts) == len(top.parts):
            continue
        data = read_inside(root, root / rel)
        if data is None or hashlib.sha256(data).hexdigest() != digest:
            left.append(rel)
            continue
        name = PurePosixPath(*inner.parts[len(top.parts):]).as_posix()
        wanted.add(name)
        existing = read_plain(target, name)
        if existing is None or existing[0] != data:
            # From target's own folder down, no link followed: not `target` itself either.
            write_file(target / name, data, target.parent)
    _keep_only(target, wanted)
    return left


def _keep_only(target: Path, wanted: set[str]) -> None:
    """Remove from target what is not `wanted` (links too), never following a link."""
    try:
        fd = os.open(target, _FOLDER)
    except FileNotFoundError:
        return
    try:
        for folder, dirs, names, dir_fd in os.fwalk(".", dir_fd=fd, topdown=False):
            base = PurePosixPath(os.path.normpath(folder))
            for name in names:
                if (base / name).as_posix() not in wanted:
                    os.unlink(name, dir_fd=dir_fd)
            for name in dirs:
                if stat.S_ISLNK(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode):
                    os.unlink(name, dir_fd=dir_fd)  # a link to a folder: never entered
                    continue
                with contextlib.suppress(OSError):  # not empty: it holds wanted files
                    os.rmdir(name, dir_fd=dir_fd)
    finally:
        os.close(fd)


def in_project(theme: str | None) -> bool:
    """Whether a custom_dir names a folder inside the project (a relative path, no `..`)."""
    if theme is None:
        return False
    top = PurePosixPath(os.path.normpath(theme))
    return not top.is_absolute() and ".." not in top.parts and top.parts != ()


def as_checked(data: bytes) -> str:
    """The text `check` reads from these bytes (`Path.read_text(encoding="utf-8",
    errors="replace")`: universal newlines)."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    wrapper = io.IncrementalNewlineDecoder(decoder, translate=True)
    return wrapper.decode(data, final=True)


def theme_folder(config: Path) -> str | None:
    """theme.custom_dir as the configuration chain from `config` sets it (the first file that
    sets it wins, as in Zensical's merge), relative to the project; None when none does."""
    seen: set[Path] = set()
    path = config
    while path.is_file() and path.resolve() not in seen:
        seen.add(path.resolve())
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_AnyTags)  # noqa: S506 (safe)
        except (OSError, yaml.YAMLError, UnicodeDecodeError):
            return None
        if not isinstance(data, dict):
            return None
        theme = data.get("theme")
        if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
            return str(theme["custom_dir"])
        inherit = data.get("INHERIT")
        if not isinstance(inherit, str):
            return None
        path = path.parent / inherit
    return None


class _AnyTags(ConfigLoader):
    """The safe loader that reads every tag (`!ENV`, `!relative`) as nothing."""


_AnyTags.add_multi_constructor("!", lambda loader, suffix, node: None)


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _prune(docs: Path, folder: PurePosixPath) -> None:
    """Remove the empty folders from `folder` up to docs/."""
    while folder.parts:
        try:
            (docs / folder).rmdir()
        except OSError:
            return
        folder = folder.parent
