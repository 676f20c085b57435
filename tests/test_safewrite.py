"""core.safewrite, the one way kennisbank writes a file: never through a symbolic link, all or
nothing, and a Dutch error naming the place when a link or something odd stands there.

Each case puts a file that stands for the user's own (`buiten/.bashrc`) beside the project in
a temporary folder and checks it is as it was afterwards."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

from kennisbank.core.findings import KennisbankError
from kennisbank.core.safewrite import is_temporary, lock_file, write_file, write_if_changed

MINE = b"# mijn shell\n"


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "buiten" / ".bashrc"
    path.parent.mkdir()
    path.write_bytes(MINE)
    return path


@pytest.fixture
def root(tmp_path: Path) -> Path:
    path = tmp_path / "project"
    path.mkdir()
    return path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.tmp"))


def test_a_file_is_written_with_its_folders_and_no_temporary_file_stays(root: Path) -> None:
    write_file(root / "docs" / "begrippen" / "a.md", b"# A\n", root)
    assert (root / "docs" / "begrippen" / "a.md").read_bytes() == b"# A\n"
    write_file(root / "docs" / "begrippen" / "a.md", b"# B\n", root)
    assert (root / "docs" / "begrippen" / "a.md").read_bytes() == b"# B\n"
    assert _leftovers(root) == []
    mode = (root / "docs" / "begrippen" / "a.md").stat().st_mode & 0o777
    assert mode == 0o666 & ~_umask()  # as open() would make it: readable by a web server


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def test_a_link_at_the_target_is_refused_and_left_alone(root: Path, victim: Path) -> None:
    (root / ".kennisbank-mkdocs.yml").symlink_to(victim)
    with pytest.raises(KennisbankError) as caught:
        write_file(root / ".kennisbank-mkdocs.yml", b"site_name: x\n", root)
    message = caught.value.message
    assert ".kennisbank-mkdocs.yml" in message and str(victim) in message
    assert "symbolische koppeling" in message and "niets geschreven" in message
    assert victim.read_bytes() == MINE
    assert (root / ".kennisbank-mkdocs.yml").is_symlink()  # nothing changed
    assert _leftovers(root) == []


def test_a_dangling_link_at_the_target_creates_nothing(root: Path, victim: Path) -> None:
    (root / ".site.lock").symlink_to(victim.parent / "nieuw")
    with pytest.raises(KennisbankError, match="symbolische koppeling"):
        write_file(root / ".site.lock", b"", root)
    assert not (victim.parent / "nieuw").exists()


@pytest.mark.parametrize("linked", ["docs", "docs/begrippen", "docs/begrippen/collectie"])
def test_a_linked_folder_on_the_way_is_refused(root: Path, victim: Path, linked: str) -> None:
    (root / linked).parent.mkdir(parents=True, exist_ok=True)
    (root / linked).symlink_to(victim.parent, target_is_directory=True)
    target = root / "docs" / "begrippen" / "collectie" / ".bashrc"
    with pytest.raises(KennisbankError) as caught:
        write_file(target, b"echo overgenomen\n", root)
    assert f"in de map {linked}," in caught.value.message
    assert victim.read_bytes() == MINE
    assert sorted(p.name for p in victim.parent.iterdir()) == [".bashrc"]


def test_a_file_on_the_way_is_no_folder(root: Path) -> None:
    (root / "docs").write_bytes(b"")
    with pytest.raises(KennisbankError, match="docs, maar dat is geen map"):
        write_file(root / "docs" / "index.md", b"# Home\n", root)


def test_a_folder_or_a_named_pipe_at_the_target_is_refused(root: Path) -> None:
    (root / "map.yml").mkdir()
    os.mkfifo(root / "pijp.yml")
    with pytest.raises(KennisbankError, match="map.yml, maar dat is een map"):
        write_file(root / "map.yml", b"x", root)
    with pytest.raises(KennisbankError, match="pijp.yml, maar dat is geen gewoon bestand"):
        write_file(root / "pijp.yml", b"x", root)
    assert (root / "map.yml").is_dir() and not any((root / "map.yml").iterdir())


def test_a_link_at_the_old_fixed_temporary_name_is_never_used(root: Path,
                                                               victim: Path) -> None:
    # The writes of R6-1 went through `.<name>.tmp`; the temporary name is random now and
    # created with O_EXCL|O_NOFOLLOW, so such a link is simply not in the way.
    (root / "begrippen").mkdir()
    (root / "begrippen" / ".a.yaml.tmp").symlink_to(victim)
    write_file(root / "begrippen" / "a.yaml", b"voorkeursterm: a\n", root)
    assert (root / "begrippen" / "a.yaml").read_bytes() == b"voorkeursterm: a\n"
    assert not (root / "begrippen" / "a.yaml").is_symlink()
    assert victim.read_bytes() == MINE


def test_a_copy_is_streamed_from_its_source(root: Path, tmp_path: Path) -> None:
    source = tmp_path / "groot.ttl"
    source.write_bytes(b"x" * 3_000_000)
    write_file(root / "docs" / "downloads" / "groot.ttl", source, root)
    assert (root / "docs" / "downloads" / "groot.ttl").read_bytes() == source.read_bytes()


def test_a_failed_write_leaves_neither_the_file_nor_a_temporary_one(root: Path,
                                                                     tmp_path: Path) -> None:
    (root / "a.md").write_bytes(b"oud\n")
    with pytest.raises(FileNotFoundError):
        write_file(root / "a.md", tmp_path / "bestaat-niet", root)
    assert (root / "a.md").read_bytes() == b"oud\n"
    assert _leftovers(root) == []


def test_outside_a_project_a_link_at_the_target_is_replaced_not_written_through(
        tmp_path: Path, victim: Path) -> None:
    # `export -o uit.ttl` where uit.ttl is a link: the link becomes the file.
    out = tmp_path / "uit.ttl"
    out.symlink_to(victim)
    write_file(out, b"<a> <b> <c> .\n", replace_link=True)
    assert not out.is_symlink() and out.read_bytes() == b"<a> <b> <c> .\n"
    assert victim.read_bytes() == MINE
    out.unlink()
    out.symlink_to(victim)
    with pytest.raises(KennisbankError, match="symbolische koppeling"):
        write_file(out, b"x")  # without replace_link: refused
    assert victim.read_bytes() == MINE


def test_outside_a_project_the_users_own_folder_links_are_followed(tmp_path: Path) -> None:
    (tmp_path / "echt").mkdir()
    (tmp_path / "snelkoppeling").symlink_to(tmp_path / "echt", target_is_directory=True)
    write_file(tmp_path / "snelkoppeling" / "nieuw" / "uit.ttl", b"x")
    assert (tmp_path / "echt" / "nieuw" / "uit.ttl").read_bytes() == b"x"


def test_write_if_changed_leaves_an_equal_file_alone(root: Path, victim: Path) -> None:
    target = root / ".kennisbank-zensical.yml"
    assert write_if_changed(target, b"a: 1\n", root) is True
    before = target.stat().st_mtime_ns, target.stat().st_ino
    assert write_if_changed(target, b"a: 1\n", root) is False
    assert (target.stat().st_mtime_ns, target.stat().st_ino) == before
    assert write_if_changed(target, b"a: 2\n", root) is True
    target.unlink()
    target.symlink_to(victim)  # even when it points to the very same bytes
    victim.write_bytes(b"a: 2\n")
    with pytest.raises(KennisbankError, match="symbolische koppeling"):
        write_if_changed(target, b"a: 2\n", root)


def test_the_lock_is_a_regular_file_of_the_project(root: Path, victim: Path) -> None:
    with lock_file(root, ".site.lock") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with lock_file(root, ".site.lock") as other, pytest.raises(BlockingIOError):
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
    assert (root / ".site.lock").is_file()
    (root / ".site.lock").unlink()
    (root / ".site.lock").symlink_to(victim.parent / "nieuw-bestand")
    with pytest.raises(KennisbankError, match=r"\.site\.lock, maar daar staat een symbolische"):
        with lock_file(root, ".site.lock"):
            pass
    assert not (victim.parent / "nieuw-bestand").exists()
    (root / ".site.lock").unlink()
    os.mkfifo(root / ".site.lock")
    with pytest.raises(KennisbankError, match="geen gewoon bestand"):
        with lock_file(root, ".site.lock"):
            pass



def test_the_temporary_name_is_recognised_and_nothing_else() -> None:
    assert is_temporary(".a.md.0123456789ab.tmp")
    assert is_temporary("..kennisbank-termen.json.00ff00ff00ff.tmp")
    for name in ("a.md", ".a.md.tmp", ".a.md.0123456789AB.tmp", "a.md.0123456789ab.tmp",
                 ".a.md.0123456789ab.tmp.x"):
        assert not is_temporary(name), name
