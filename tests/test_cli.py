from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
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


def test_argparse_itself_is_left_alone(run_cli) -> None:  # type: ignore[no-untyped-def]
    """The Dutch texts come from our parser class; argparse's own module is not patched, so
    another program in the same process keeps English."""
    import argparse
    import gettext

    code, _, err = run_cli("controleer")
    assert code == 2 and "ongeldige keuze: 'controleer'" in err and "gebruik: " in err
    assert argparse._ is gettext.gettext  # type: ignore[attr-defined]
    assert argparse.ngettext is gettext.ngettext  # type: ignore[attr-defined]
    english = argparse.ArgumentParser(prog="ander")
    assert english.format_usage().startswith("usage: ")
    assert "show this help message and exit" in english.format_help()


@pytest.mark.parametrize("args, expected", [
    (("check", "--format", "xml"), "--format: ongeldige keuze: 'xml' (kies uit 'text', 'json')"),
    (("check", "--bogus"), "onbekende argumenten: --bogus"),
    (("match",), "dit ontbreekt: BESTAND"),
    (("match", "x.ttl", "--limit", "0"), "--limit: '0' is geen positief geheel getal"),
])
def test_usage_errors_are_dutch(run_cli, args, expected) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run_cli(*args)
    assert code == 2
    assert err.splitlines()[-1] == f"kennisbank: {expected}"


def test_help_is_dutch(run_cli) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit):
        run_cli("check", "--help")
    # capsys of the fixture holds what --help printed
    from kennisbank.cli.main import _parser

    text = _parser().format_help()
    assert text.startswith("gebruik: kennisbank") and "opties:" in text
    assert "toon deze hulp en stop" in text and "usage" not in text


@pytest.mark.parametrize("debug", ["", "1"])
def test_debug_switch_shows_the_traceback_behind_an_internal_error(
        run_cli, monkeypatch: pytest.MonkeyPatch, debug: str) -> None:  # type: ignore[no-untyped-def]
    from kennisbank.cli import main as cli

    def broken(args: object) -> int:
        raise ValueError("kapot")

    monkeypatch.setitem(cli.COMMANDS, "check", broken)
    monkeypatch.setenv("KENNISBANK_DEBUG", debug)
    code, _, err = run_cli("check", "--root", str(DATA / "geldig"))
    assert code == 1
    assert "kennisbank: interne fout (ValueError: kapot)" in err
    assert "KENNISBANK_DEBUG=1" in err
    assert ("Traceback (most recent call last)" in err) is (debug == "1")


@pytest.mark.parametrize(("case", "code"), [("onbekende-sleutel", 1), ("geldig", 0)])
def test_the_console_script_ends_with_all_its_output_and_its_exit_code(
        case: str, code: int) -> None:
    """`run` ends the process with os._exit (no freeing of the model): what it printed into
    a pipe still arrives whole, and the exit code is the command's. Buffered as a pipe is
    by default (PYTHONUNBUFFERED would hide a missing flush)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    done = subprocess.run([sys.executable, "-m", "kennisbank", "check", "--root",
                           str(DATA / case), "--format", "json"],
                          capture_output=True, text=True, check=False, env=env)
    assert done.returncode == code, done.stderr
    assert json.loads(done.stdout)["fouten"] == (3 if code else 0)
    assert done.stderr == ""


@pytest.mark.parametrize(("case", "code"), [("onbekende-sleutel", 1), ("geldig", 0)])
@pytest.mark.parametrize("closed", [">&-", ">&- 2>&-"])
def test_a_check_started_with_its_output_closed_gives_its_exit_code(
        case: str, code: int, closed: str) -> None:
    """A script may start kennisbank with standard output (and error) closed (`>&-`): the
    check still runs and its exit code says the result; no internal error."""
    command = (f"exec {shlex.quote(sys.executable)} -m kennisbank check --root "
               f"{shlex.quote(str(DATA / case))} {closed}")
    done = subprocess.run(["/bin/sh", "-c", command], capture_output=True, text=True,
                          check=False)
    assert done.returncode == code
    assert "interne fout" not in done.stderr
