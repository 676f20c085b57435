"""The Zensical preview's mirror of docs/ (site.mirror): it holds what the generator wrote, as
written, and the hand-written files only as the last check accepted them; whatever arrives
in docs/ after that check (another file, other bytes, a link, a linked folder) waits for the
next check. Each case runs the real check on a project made by `kennisbank init`."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kennisbank.checks.pipeline import check
from kennisbank.cli.main import main
from kennisbank.content.model import Inhoud
from kennisbank.core.findings import Level
from kennisbank.site import mirror
from kennisbank.site.markup import Packed

REPOSITORY = Path(__file__).resolve().parents[1]


@pytest.fixture
def root(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["init", str(tmp_path / "p"), "--titel", "Spiegel", "--basis-uri",
                 "https://begrippen.example.org/id/begrip/", "--uitgever", "X"]) == 0
    capsys.readouterr()
    docs = tmp_path / "p" / "docs"
    (docs / "hulp").mkdir(parents=True)
    (docs / "welkom.md").write_bytes(b"# Welkom\r\n\r\nEen pagina.\r\n")
    (docs / "hulp" / "vragen.md").write_text("# Vragen\n", encoding="utf-8")
    (docs / "hulp" / "plaatje.png").write_bytes(b"\x89PNG eerste")
    return tmp_path / "p"


@pytest.fixture
def spiegel(root: Path) -> Iterator[mirror.Mirror]:
    made = mirror.Mirror(root)
    yield made
    made.remove()


def _checked(root: Path) -> Inhoud:
    inhoud, findings = check(root)
    assert [f for f in findings if f.level is Level.FOUT] == []
    return inhoud


def _held(spiegel: mirror.Mirror) -> dict[str, bytes]:
    return {path.relative_to(spiegel.docs).as_posix(): path.read_bytes()
            for path in spiegel.docs.rglob("*") if path.is_file()}


def test_the_mirror_holds_the_generated_files_as_written_and_the_checked_ones(
        root: Path, spiegel: mirror.Mirror) -> None:
    inhoud = _checked(root)
    # A generated file is taken from memory: what docs/ holds there now does not count.
    (root / "docs" / "begrippen").mkdir()
    (root / "docs" / "begrippen" / "a.md").write_text("# Anders\n", encoding="utf-8")
    generated = {"begrippen/a.md": b"# A\n", "index.md": Packed(b"# Thuis\n")}
    assert spiegel.sync(generated, inhoud) == 5
    assert _held(spiegel) == {"begrippen/a.md": b"# A\n", "index.md": b"# Thuis\n",
                              "welkom.md": b"# Welkom\r\n\r\nEen pagina.\r\n",
                              "hulp/vragen.md": b"# Vragen\n",
                              "hulp/plaatje.png": b"\x89PNG eerste"}
    assert spiegel.folder.stat().st_mode & 0o777 == 0o700
    assert spiegel.sync(generated, inhoud) == 0  # nothing changed: nothing written


def test_what_arrives_after_the_check_waits_for_the_next_one(
        root: Path, spiegel: mirror.Mirror, tmp_path: Path) -> None:
    docs = root / "docs"
    secret = tmp_path / "geheim"
    secret.write_text("GEHEIM\n", encoding="utf-8")
    spiegel.sync({}, _checked(root))
    before = _held(spiegel)
    inhoud = _checked(root)
    # After the check: new bytes, a link in a checked file's place, a linked folder, a new
    # page, a script.
    (docs / "welkom.md").write_text('# Welkom\n\n<script src="lek.js"></script>\n',
                                    encoding="utf-8")
    (docs / "hulp" / "vragen.md").unlink()
    (docs / "hulp" / "vragen.md").symlink_to(secret)
    (docs / "nieuw.md").write_text("# Nieuw\n", encoding="utf-8")
    (docs / "lek.js").write_text("fetch('/x')\n", encoding="utf-8")
    os.rename(docs / "hulp", tmp_path / "hulp")
    (tmp_path / "hulp" / "plaatje.png").write_bytes(b"\x89PNG tweede")
    (docs / "hulp").symlink_to(tmp_path / "hulp")
    assert spiegel.sync({}, inhoud) == 0
    assert _held(spiegel) == before
    # The next check refuses the links and the script: the mirror keeps what it had.
    _, findings = check(root)
    assert {f.code for f in findings if f.level is Level.FOUT} >= {"onleesbaar-bestand",
                                                                     "onveilig-bestand"}


def test_a_checked_change_is_mirrored_and_a_removed_file_goes(
        root: Path, spiegel: mirror.Mirror) -> None:
    docs = root / "docs"
    spiegel.sync({"begrippen/a.md": b"# A\n"}, _checked(root))
    (docs / "welkom.md").write_text("# Welkom terug\n", encoding="utf-8")
    (docs / "hulp" / "plaatje.png").write_bytes(b"\x89PNG tweede, langer")
    (docs / "hulp" / "vragen.md").unlink()
    assert spiegel.sync({}, _checked(root)) == 4
    held = _held(spiegel)
    assert held == {"welkom.md": b"# Welkom terug\n", "hulp/plaatje.png": b"\x89PNG tweede, langer"}
    assert not (spiegel.docs / "begrippen").exists()  # an emptied folder goes too


def test_bytes_are_compared_with_the_text_check_read() -> None:
    assert mirror.as_checked(b"a\r\nb\rc\xff\n") == "a\nb\nc\ufffd\n"
    assert mirror.as_checked("één".encode()) == "één"


def test_the_theme_folder_is_found_along_the_configuration_chain(tmp_path: Path) -> None:
    assert mirror.theme_folder(REPOSITORY / "zensical.yml") == "overrides"
    (tmp_path / "a.yml").write_text("INHERIT: b.yml\nsite_name: !ENV [X, 'x']\n",
                                    encoding="utf-8")
    (tmp_path / "b.yml").write_text("theme:\n  custom_dir: thema\n", encoding="utf-8")
    assert mirror.theme_folder(tmp_path / "a.yml") == "thema"
    (tmp_path / "b.yml").write_text("INHERIT: a.yml\n", encoding="utf-8")  # a ring
    assert mirror.theme_folder(tmp_path / "a.yml") is None


def test_the_theme_copy_holds_only_the_recorded_bytes_read_without_a_link(
        tmp_path: Path) -> None:
    import hashlib

    root = tmp_path / "p"
    (root / "overrides" / "partials").mkdir(parents=True)
    files = {"overrides/main.html": b"{% extends 'base.html' %}\n",
             "overrides/partials/kop.html": b"<header></header>\n",
             "overrides/gewijzigd.html": b"<p>gekeurd</p>\n",
             "overrides/koppeling.html": b"<p>gekeurd</p>\n"}
    for rel, data in files.items():
        (root / rel).write_bytes(data)
    (root / "gekeurde-code.sha256").write_text("".join(
        f"{hashlib.sha256(data).hexdigest()}  {rel}\n" for rel, data in files.items()),
        encoding="utf-8")
    (root / "overrides" / "gewijzigd.html").write_bytes(b"{% include 'sleutel.txt' %}")
    (tmp_path / "elders.html").write_bytes(files["overrides/koppeling.html"])
    (root / "overrides" / "koppeling.html").unlink()
    (root / "overrides" / "koppeling.html").symlink_to(tmp_path / "elders.html")
    (root / "overrides" / "sleutel.txt").symlink_to(tmp_path / "elders.html")  # not recorded
    target = root / ".kopie"
    target.mkdir()
    (target / "oud.html").write_bytes(b"weg")
    outside = tmp_path / "buiten"
    outside.mkdir()
    (outside / "blijft.txt").write_bytes(b"blijft")
    (target / "map").symlink_to(outside, target_is_directory=True)  # removed, never entered
    left = mirror.theme_copy(root, "overrides", target)
    assert left == ["overrides/gewijzigd.html", "overrides/koppeling.html"]
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")
                  if p.is_file()) == ["main.html", "partials/kop.html"]
    assert (target / "partials" / "kop.html").read_bytes() == b"<header></header>\n"
    assert not any(p.is_symlink() for p in target.rglob("*"))
    assert (outside / "blijft.txt").read_bytes() == b"blijft"


def test_the_theme_copy_is_never_written_through_a_link_in_its_place(tmp_path: Path) -> None:
    import hashlib

    from kennisbank.core.findings import KennisbankError

    root = tmp_path / "p"
    (root / "overrides").mkdir(parents=True)
    template = b"<p>gekeurd</p>\n"
    (root / "overrides" / "main.html").write_bytes(template)
    digest = hashlib.sha256(template).hexdigest()
    (root / "gekeurde-code.sha256").write_text(f"{digest}  overrides/main.html\n",
                                               encoding="utf-8")
    outside = tmp_path / "autostart"
    outside.mkdir()
    (root / ".kennisbank-thema").symlink_to(outside, target_is_directory=True)
    with pytest.raises(KennisbankError, match="koppeling"):
        mirror.theme_copy(root, "overrides", root / ".kennisbank-thema")
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize(("theme", "inside"), [("overrides", True), ("./thema/", True),
                                               ("../elders", False), ("/usr/x", False),
                                               (None, False), (".", False)])
def test_only_a_folder_inside_the_project_is_copied(theme: str | None, inside: bool) -> None:
    assert mirror.in_project(theme) is inside
