"""Writing a file without ever writing through a symbolic link: every file kennisbank writes
in a project (and every file it writes elsewhere) goes through here; and `read_inside`, the
read that follows no link either.

git checks a committed symbolic link out as a link, so any name in a project may be one that
a pull request put there (`.kennisbank-mkdocs.yml -> ~/.bashrc`). A plain open() follows it.
Here the new content goes into a temporary file of a fresh, random name, created with
O_CREAT|O_EXCL|O_NOFOLLOW in the target's own folder, and a rename puts it in place: a rename
replaces a link itself, never what it points to. Inside a project the folders from the
project down to the file are opened one by one with O_NOFOLLOW, so a linked folder
(`docs/begrippen -> /elders`) stops the write too; and a link or anything but a regular file
standing where kennisbank writes is a Dutch error naming it, with nothing written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from kennisbank.core.findings import KennisbankError

_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC
_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_MAX_NAME = 200  # of the target's name kept in the temporary name (NAME_MAX is 255 bytes)
_TEMPORARY = re.compile(r"\..+\.[0-9a-f]{12}\.tmp", re.S)


def is_temporary(name: str) -> bool:
    """True for the name of a temporary file of `write_file` (one a killed process left)."""
    return _TEMPORARY.fullmatch(name) is not None


def write_file(target: Path, data: bytes | Path, root: Path | None = None,
               replace_link: bool = False) -> None:
    """Write `data` (bytes, or a file whose content is copied) to `target`: all or nothing,
    never through a symbolic link.

    `root`: the project `target` lies in. The folders from `root` down to the target are then
    created where missing and must be plain folders, no links, and a link at the target is an
    error. Without it (a path the user chose, such as `export -o`), the user's own links in
    the folders are followed and a link at the target is replaced by the file when
    `replace_link`, else an error. The temporary file never follows a link in either case."""
    with _folder(target, root) as (folder, shown):
        _refuse_odd_target(folder, target.name, shown, replace_link)
        _write_in(folder, target.name, data)


def write_if_changed(target: Path, data: bytes, root: Path | None = None) -> bool:
    """As `write_file` (inside `root`), but only when the regular file there does not hold
    `data` already (a watching engine would build again): True when it wrote."""
    with _folder(target, root) as (folder, shown):
        _refuse_odd_target(folder, target.name, shown, replace_link=False)
        if _holds(folder, target.name, data):
            return False
        _write_in(folder, target.name, data)
    return True


@contextlib.contextmanager
def lock_file(root: Path, name: str) -> Iterator[BinaryIO]:
    """The file `root/name` opened for a lock (created when missing), never through a link:
    a link or anything but a regular file there is an error naming it."""
    with _folder(root / name, root) as (folder, shown):
        try:
            fd = os.open(name, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
                         | os.O_NONBLOCK, 0o666, dir_fd=folder)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO):
                _refuse_odd_target(folder, name, shown, replace_link=False)
            raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise _odd(shown, "geen gewoon bestand")
    with os.fdopen(fd, "r+b") as handle:
        yield handle


@contextlib.contextmanager
def _folder(target: Path, root: Path | None) -> Iterator[tuple[int, str]]:
    """The target's folder, open (and the path to show in a message)."""
    if root is None:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target.parent, _FOLDER)
        shown = str(target)
    else:
        parts = PurePosixPath(target.relative_to(root).as_posix()).parts
        shown = "/".join(parts)
        fd = _open_inside(root, parts[:-1])
    try:
        yield fd, shown
    finally:
        os.close(fd)


def _open_inside(root: Path, parts: tuple[str, ...]) -> int:
    """Open root's folder `parts` one step at a time, none of them followed when it is a link,
    creating those that are missing."""
    fd = os.open(root, _FOLDER)  # the project itself: the user named it
    try:
        for n, part in enumerate(parts):
            if part in ("", ".", ".."):
                raise KennisbankError(f"kennisbank schrijft niet buiten het project: "
                                      f"{'/'.join(parts)!r}")
            with contextlib.suppress(FileExistsError):  # never follows a link either
                os.mkdir(part, 0o777, dir_fd=fd)
            inner = _open_step(fd, part, parts[:n + 1])
            os.close(fd)
            fd = inner
    except BaseException:
        os.close(fd)
        raise
    return fd


def _open_step(fd: int, part: str, so_far: tuple[str, ...]) -> int:
    try:
        return os.open(part, _FOLDER | os.O_NOFOLLOW, dir_fd=fd)
    except OSError as exc:
        if exc.errno not in (errno.ELOOP, errno.ENOTDIR):
            raise
        raise _odd_folder(fd, part, "/".join(so_far)) from exc


def _odd_folder(fd: int, part: str, shown: str) -> KennisbankError:
    info = os.stat(part, dir_fd=fd, follow_symlinks=False)
    if stat.S_ISLNK(info.st_mode):
        return _link(shown, os.readlink(part, dir_fd=fd), "map")
    return KennisbankError(f"kennisbank schrijft in de map {shown}, maar dat is geen map; "
                           "verwijder of hernoem het (er is niets geschreven)")


def _refuse_odd_target(folder: int, name: str, shown: str, replace_link: bool) -> None:
    try:
        info = os.stat(name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        if not replace_link:
            raise _link(shown, os.readlink(name, dir_fd=folder), "bestand")
    elif stat.S_ISDIR(info.st_mode):
        raise _odd(shown, "een map")
    elif not stat.S_ISREG(info.st_mode):
        raise _odd(shown, "geen gewoon bestand (maar bijvoorbeeld een named pipe of apparaat)")


def _link(shown: str, points_to: str, what: str) -> KennisbankError:
    folder = what == "map"
    return KennisbankError(
        f"kennisbank schrijft {'in de map ' if folder else ''}{shown}, maar daar staat een "
        f"symbolische koppeling naar {points_to!r}; kennisbank schrijft nooit door een "
        f"koppeling heen (verwachtte {'een gewone map' if folder else 'een gewoon bestand'} "
        "of niets): verwijder de koppeling, er is niets geschreven")


def _odd(shown: str, what: str) -> KennisbankError:
    return KennisbankError(f"kennisbank schrijft {shown}, maar dat is {what} (verwachtte een "
                           "gewoon bestand of niets): verwijder of hernoem het, er is niets "
                           "geschreven")


def read_inside(root: Path, target: Path) -> bytes | None:
    """A regular file's bytes inside root, read with no link followed on the way (the
    folders from root down, and the file itself): None for anything else (a link, a device,
    a file that is gone, a path outside root)."""
    try:
        parts = PurePosixPath(target.relative_to(root).as_posix()).parts
    except ValueError:
        return None
    if not parts or any(part in ("", ".", "..") for part in parts):
        return None
    try:
        fd = os.open(root, _FOLDER)
    except OSError:
        return None
    try:
        for part in parts[:-1]:
            inner = os.open(part, _FOLDER | os.O_NOFOLLOW, dir_fd=fd)
            os.close(fd)
            fd = inner
        file = os.open(parts[-1], os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC,
                       dir_fd=fd)
    except OSError:
        return None
    finally:
        os.close(fd)
    with os.fdopen(file, "rb") as handle:
        return handle.read() if stat.S_ISREG(os.fstat(handle.fileno()).st_mode) else None


def _holds(folder: int, name: str, data: bytes) -> bool:
    """True when `name` in `folder` is a regular file holding exactly `data` (read without
    following a link)."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC,
                     dir_fd=folder)
    except OSError:
        return False
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        return stat.S_ISREG(info.st_mode) and info.st_size == len(data) and \
            handle.read() == data


def _write_in(folder: int, name: str, data: bytes | Path) -> None:
    """The content in a new file of a random name beside `name`, then renamed onto it."""
    tmp = f".{name[:_MAX_NAME]}.{secrets.token_hex(6)}.tmp"
    fd = os.open(tmp, _NEW, 0o666, dir_fd=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, Path):  # a copy, streamed: never the whole file in memory
                with data.open("rb") as source:
                    shutil.copyfileobj(source, handle, 1 << 20)
            else:
                handle.write(data)
        os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=folder)
        raise
