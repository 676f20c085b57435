from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DATA


def test_json_format_lists_every_finding(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("check", "--root", str(DATA / "onbekende-sleutel"), "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert report["fouten"] == 3 and report["waarschuwingen"] == 0
    first = report["bevindingen"][0]
    assert first == {"pad": "begrippen/herstel.yaml", "regel": 1, "kolom": 1, "niveau": "fout",
                     "code": "ontbrekende-sleutel",
                     "melding": "verplichte sleutel 'definitie' ontbreekt"}


def test_clean_content_exits_zero_even_with_strict(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("check", "--root", str(DATA / "geldig"), "--strict")
    assert code == 0
    assert out == "geen fouten, geen waarschuwingen (4 begrippen, 3 stappen)\n"


@pytest.mark.parametrize("args", [
    ("check", "--root", "/bestaat/niet"),
    ("controleer",),
    ("check", "--format", "xml"),
    (),
])
def test_usage_errors_exit_two(run_cli, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli(*args)
    assert code == 2
    assert out == ""
    assert "kennisbank" in err


def test_root_defaults_to_current_directory(run_cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(DATA / "onbekend-begrip")
    code, out, _ = run_cli("check")
    assert code == 1
    assert "[onbekend-begrip]" in out


def test_missing_begrippen_folder_is_reported(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("check", "--root", str(tmp_path))
    assert code == 1
    assert out.startswith("begrippen:1:1: fout [ontbrekende-map]")


def test_broken_file_does_not_cascade_into_unknown_ids(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = DATA / "geldig"
    for path in source.rglob("*"):
        if path.is_file():
            target = tmp_path / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    (tmp_path / "begrippen" / "herstel.yaml").write_text("voorkeursterm: [\n", encoding="utf-8")
    code, out, _ = run_cli("check", "--root", str(tmp_path))
    assert code == 1
    assert [line.split(" [")[1].split("]")[0] for line in out.splitlines()[:-1]] == ["yaml-syntax"]
