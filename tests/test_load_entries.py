"""Which files the loader reads, and how it refuses the others: the fast path over directory
entries (no system call for a regular file) must refuse exactly what resolving every path
refused: links out of the root, folders reached through a link, pipes, oversized files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import DATA
from kennisbank.content.load import load
from kennisbank.content.yamlsource import MAX_FILE_BYTES
from kennisbank.core.findings import Finding


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(DATA / "geldig", root)
    return root


def _found(root: Path) -> list[tuple[str, int, int, str, str]]:
    _, findings = load(root)
    return sorted((f.path, f.line, f.column, f.code, f.message) for f in findings)


def _codes(findings: list[tuple[str, int, int, str, str]]) -> list[tuple[str, str]]:
    return [(path, code) for path, _, _, code, _ in findings]


def test_a_folder_that_links_out_refuses_every_file_in_it(tmp_path: Path) -> None:
    root = _project(tmp_path)
    outside = tmp_path / "elders"
    shutil.move(root / "begrippen", outside)
    (root / "begrippen").symlink_to(outside, target_is_directory=True)
    found = _found(root)
    names = sorted(p.name for p in outside.glob("*.yaml") if not p.name.startswith("_"))
    refused = [f for f in found if f[3] == "onleesbaar-bestand"]
    assert [Path(f[0]).name for f in refused] == ["_kader.yaml", *names]
    for path, line, column, _, message in refused:
        assert (line, column) == (1, 1)
        target = outside / Path(path).name
        assert message == (f"het bestand is een symbolische koppeling naar {str(target)!r}, "
                           f"buiten {str(root.resolve())!r}; kennisbank leest alleen "
                           "bestanden binnen de inhoudsmap")


def test_a_folder_that_links_inside_the_root_is_read(tmp_path: Path) -> None:
    root = _project(tmp_path)
    before = _found(root)
    shutil.move(root / "begrippen", root / "echte-begrippen")
    (root / "begrippen").symlink_to(root / "echte-begrippen", target_is_directory=True)
    inhoud, _ = load(root)
    assert _found(root) == before
    assert inhoud.begrippen


def test_links_among_the_files_are_resolved_one_by_one(tmp_path: Path) -> None:
    root = _project(tmp_path)
    folder = root / "begrippen"
    first = sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("_"))[0]
    (root / "kopie.yaml").write_bytes(first.read_bytes())
    (folder / "binnen.yaml").symlink_to(root / "kopie.yaml")
    (folder / "nergens.yaml").symlink_to(root / "bestaat-niet.yaml")
    (folder / "kring.yaml").symlink_to(folder / "kring.yaml")
    (folder / "map.yaml").mkdir()
    (folder / "koppeling-naar-map.yaml").symlink_to(folder / "map.yaml",
                                                    target_is_directory=True)
    os.mkfifo(folder / "pijp.yaml")
    inhoud, findings = load(root)
    assert "binnen" in inhoud.begrippen
    refused = {f.path: f.message for f in findings if f.code == "onleesbaar-bestand"}
    dangling = ("het bestand is een symbolische koppeling die nergens heen wijst (of een kring "
                "van koppelingen)")
    assert refused == {
        "begrippen/nergens.yaml": dangling,
        "begrippen/kring.yaml": dangling,
        "begrippen/pijp.yaml": "het bestand is geen gewoon bestand (maar bijvoorbeeld een "
                               "named pipe of apparaat)",
    }
    assert {"nergens", "kring", "pijp"} <= inhoud.onleesbaar
    assert "map" not in inhoud.onleesbaar and "koppeling-naar-map" not in inhoud.onleesbaar


@pytest.mark.parametrize("extra", [1, 70_000])
def test_a_file_over_the_limit_is_refused_with_its_size(tmp_path: Path, extra: int) -> None:
    root = _project(tmp_path)
    size = MAX_FILE_BYTES + extra
    (root / "begrippen/groot.yaml").write_bytes(b"definitie: " + b"x" * (size - 11))
    _, findings = load(root)
    big = [f for f in findings if f.path == "begrippen/groot.yaml"]
    shown = f"{size:,}".replace(",", ".")
    limit = f"{MAX_FILE_BYTES:,}".replace(",", ".")
    assert big == [Finding("begrippen/groot.yaml", 1, 1, big[0].level, "bestand-te-groot",
                           f"het bestand is {shown} bytes; een inhoudsbestand mag hooguit "
                           f"{limit} bytes zijn")]


def test_a_file_at_the_limit_and_an_empty_file_are_read(tmp_path: Path) -> None:
    root = _project(tmp_path)
    text = b"definitie: x\n"
    (root / "begrippen/precies.yaml").write_bytes(text + b"#" * (MAX_FILE_BYTES - len(text)))
    (root / "begrippen/leeg.yaml").write_bytes(b"")
    found = _codes(_found(root))
    assert ("begrippen/precies.yaml", "bestand-te-groot") not in found
    assert ("begrippen/precies.yaml", "ontbrekende-sleutel") in found
    assert ("begrippen/leeg.yaml", "leeg-bestand") in found
