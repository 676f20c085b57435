"""The eighth attack (issue 24, December 2026): each finding reproduced as a test of what
should happen, marked xfail(strict=True) with the finding's id until it is fixed (then the
mark goes and the test guards the fix).

Every case runs the real CLI in a subprocess on a fresh project made by `kennisbank init` in
a temporary folder, with a time limit, and the real engine; the pull request is a real git
branch checked out with git."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from server_support import free_port

# The CLI runner and the freshly initialised project of the fourth round.
from test_attack_round4 import _cli, _no_traceback, project  # noqa: F401, F811 (a fixture)
from test_hostile_git import run_git

# Every case starts `kennisbank serve` (conftest: the `server` mark) and takes over 5 s.
pytestmark = [pytest.mark.server, pytest.mark.slow]


def _serve_while(project: Path, tmp_path: Path, engine: str,  # noqa: F811
                 act: Callable[[], None], marker: Path, seconds: float,
                 port: int | None = None) -> str:
    """`kennisbank serve --engine <engine>` on a free loopback port; once the engine has
    built the site, `act()` (the reviewer switches branches); then until `marker` appears or
    `seconds` pass. What serve printed."""
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 (our own CLI)
            [sys.executable, "-m", "kennisbank", "serve", "--root", str(project), "--engine",
             engine, "--adres", f"127.0.0.1:{port or free_port()}"], cwd=tmp_path, stdout=out,
            stderr=subprocess.STDOUT, env={**os.environ, "NO_COLOR": "1"},
            start_new_session=True)
        try:
            deadline = time.monotonic() + 90
            ready = (b"No issues found", b"Build finished", b"Serving on")
            while time.monotonic() < deadline and process.poll() is None and \
                    not any(word in log.read_bytes() for word in ready):
                time.sleep(0.2)
            assert process.poll() is None, log.read_text(errors="replace")
            time.sleep(1)
            act()
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline and not marker.exists():
                time.sleep(0.2)
        finally:
            os.killpg(process.pid, 15)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
                process.wait(timeout=20)
    return log.read_text(encoding="utf-8", errors="replace")


# -- R8-1 (high): a branch switch during `kennisbank serve --engine zensical` runs code ----
# `serve` writes Zensical's preview configuration `.kennisbank-voorvertoning.yml` into the
# project (INHERIT: the default or own zensical.yml) and starts `zensical serve -f` on it.
# Zensical's Rust runtime watches that file and, when it changes, parses the configuration
# chain again with PyYAML's full `yaml.Loader` (zensical/config.py `_yaml_load`), which
# runs `!!python/object/apply:` tags. `init` writes `/.kennisbank-*` into .gitignore, and
# git overwrites an ignored file on checkout without a word. So a pull request that
# force-adds (`git add -f`) a `.kennisbank-voorvertoning.yml` holding
# `!!python/object/apply:os.system [...]` runs its command on the machine of a reviewer who
# keeps the preview running (`make serve`) and checks the pull request out. `check` plays no
# part: serve watches begrippen/, leidraad/, vocabulaires/ and docs/ only, and nothing
# reads the project's top level again while the engine runs. (The same file lying in a
# fresh checkout is harmless: serve writes it again before Zensical starts.) Zensical also
# parses the whole chain again when a file it watches changes: `.cache/kennisbank-labels`
# (gitignored, so a checkout overwrites it too) or any template in overrides/. So a pull
# request that changes mkdocs.yml (or the default `.kennisbank-mkdocs.yml`) together with a
# template, or with that signal file, runs the configuration's code in the same way.

PAYLOAD = "kb_x: !!python/object/apply:os.system [\"touch {marker}\"]\n"


def _own_config(project: Path, tmp_path: Path) -> None:  # noqa: F811
    """The project gets its own mkdocs.yml and a template, both recorded as reviewed."""
    built = _cli("build", "--root", str(project), cwd=tmp_path)
    assert built.returncode == 0, built.stdout + built.stderr
    (project / "mkdocs.yml").write_bytes((project / ".kennisbank-mkdocs.yml").read_bytes()
                                         .replace(b"name: kennisbank",
                                                  b"name: kennisbank\n  custom_dir: overrides"))
    (project / "overrides").mkdir()
    (project / "overrides" / "main.html").write_text('{% extends "base.html" %}\n',
                                                     encoding="utf-8")
    (project / "gekeurde-code.sha256").write_text("".join(
        f"{hashlib.sha256((project / name).read_bytes()).hexdigest()}  {name}\n"
        for name in ("mkdocs.yml", "overrides/main.html")), encoding="utf-8")
    assert _cli("check", "--root", str(project), cwd=tmp_path).returncode == 0


def _pull_request(project: Path, how: str, marker: Path) -> None:  # noqa: F811
    """The pull request's files, committed on a branch of their own (`git add -f` for the
    names .gitignore holds)."""
    payload = PAYLOAD.format(marker=marker)
    files = [".kennisbank-voorvertoning.yml"]
    if how == "voorvertoning":  # the preview's own configuration
        (project / ".kennisbank-voorvertoning.yml").write_text(
            "INHERIT: .kennisbank-zensical.yml\nwatch:\n  - .cache/kennisbank-labels\n"
            + payload, encoding="utf-8")
    elif how == "signaal":  # the configuration, and the file the preview watches
        config = project / ".kennisbank-mkdocs.yml"  # what the first build wrote
        config.write_text(config.read_text(encoding="utf-8") + payload, encoding="utf-8")
        (project / ".cache").mkdir(exist_ok=True)
        (project / ".cache" / "kennisbank-labels").write_text("1\n", encoding="utf-8")
        files = [".kennisbank-mkdocs.yml", ".cache/kennisbank-labels"]
    else:  # "sjabloon": the project's own mkdocs.yml, and a template (a theme change)
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8") + payload, encoding="utf-8")
        (project / "overrides" / "main.html").write_text(
            '{% extends "base.html" %}\n{# kleiner lettertype #}\n', encoding="utf-8")
        files = ["mkdocs.yml", "overrides/main.html"]
    run_git(project, "add", "-f", *files)
    run_git(project, "commit", "-q", "-m", "een bijdrage")


@pytest.mark.parametrize("how", ["voorvertoning", "signaal", "sjabloon"])
def test_r8_1_a_branch_switch_during_the_zensical_preview_runs_no_code(
        project: Path, tmp_path: Path, how: str) -> None:  # noqa: F811
    marker = tmp_path / "UITGEVOERD"
    if how == "sjabloon":
        _own_config(project, tmp_path)
    elif how == "signaal":  # a project that was built before (its default configuration)
        assert _cli("build", "--root", str(project), cwd=tmp_path).returncode == 0
    run_git(project, "init", "-q", "-b", "main")
    run_git(project, "add", "-A")
    run_git(project, "commit", "-q", "-m", "begin")
    run_git(project, "checkout", "-q", "-b", "pull-request")
    _pull_request(project, how, marker)
    run_git(project, "checkout", "-q", "main")
    check = _cli("check", "--root", str(project), cwd=tmp_path)
    assert check.returncode == 0 and not marker.exists()

    def switch() -> None:
        run_git(project, "checkout", "-q", "pull-request")

    said = _serve_while(project, tmp_path, "zensical", switch, marker, 30)
    assert "Traceback" not in said.split("Build started")[0]
    assert not marker.exists(), "een configuratie uit de pull request voerde een opdracht uit"


# -- R8-2 (medium): MkDocs preview reads a configuration changed after its check ------------
# A save that changes only text is generated page first (site.incremental, site.serve): the
# first rebuild runs `check`, the second part (`Preview._second`) and the background full
# generation (`Preview._complete`) build without it. MkDocsPreview.build loads the
# configuration afresh for every build (mkdocs' loader runs `!!python/object/apply:` tags),
# and a changed mkdocs.yml bumps no version (serve does not watch the project's top; MkDocs'
# own watcher on it only asks for a rebuild, which then takes the waiting part). So an
# unreviewed mkdocs.yml that arrives (a branch switch) in the second or so after a save is
# loaded, and runs its code, without `check` seeing it.

def test_r8_2_a_configuration_changed_after_the_check_is_not_loaded(
        project: Path, tmp_path: Path) -> None:  # noqa: F811
    marker = tmp_path / "UITGEVOERD"
    built = _cli("build", "--root", str(project), cwd=tmp_path)
    assert built.returncode == 0, built.stdout + built.stderr
    config = project / "mkdocs.yml"
    config.write_bytes((project / ".kennisbank-mkdocs.yml").read_bytes())
    (project / "gekeurde-code.sha256").write_text(
        f"{hashlib.sha256(config.read_bytes()).hexdigest()}  mkdocs.yml\n", encoding="utf-8")
    assert _cli("check", "--root", str(project), cwd=tmp_path).returncode == 0
    concept = project / "begrippen" / "voorbeeldbegrip.yaml"

    def save_then_switch() -> None:
        for n in range(6):  # a save, and a branch switch moments later
            concept.write_text(concept.read_text(encoding="utf-8").replace(
                "eruitziet.", f"eruitziet {n}.", 1).replace(f"eruitziet {n - 1}.",
                                                            f"eruitziet {n}.", 1),
                encoding="utf-8")
            time.sleep(0.15 + 0.1 * n)
            config.write_text(config.read_text(encoding="utf-8") + f"kb_{n}: !!python/object"
                              f"/apply:os.system [\"touch {marker}\"]\n", encoding="utf-8")
            time.sleep(3)
            if marker.exists():
                return
            config.write_bytes((project / ".kennisbank-mkdocs.yml").read_bytes())
            time.sleep(1)

    said = _serve_while(project, tmp_path, "mkdocs", save_then_switch, marker, 5)
    assert "Traceback" not in said
    assert not marker.exists(), "een ongekeurde configuratie werd geladen na de controle"


# -- R8-3 (low): the Zensical preview publishes a checked-out page before `check` reads it --
# Zensical's own process watches docs/ and renders a hand-written page (and copies a file)
# as soon as it changes; kennisbank's check runs beside it, not before it, and serve has no
# output check (R4, left). So after a branch switch the preview serves the pull request's
# `docs/aanval.js` and a page that loads it, which `check` refuses (`onveilig-bestand`,
# `onveilige-html`): the script runs in the reviewer's browser on the preview's loopback
# origin. Low: the preview holds nothing secret, and nothing is built or deployed.
# Fixed with R13-4: Zensical reads a mirror of docs/ written only after a passed check.

def test_r8_3_the_zensical_preview_serves_no_unchecked_script(
        project: Path, tmp_path: Path) -> None:  # noqa: F811
    run_git(project, "init", "-q", "-b", "main")
    run_git(project, "add", "-A")
    run_git(project, "commit", "-q", "-m", "begin")
    run_git(project, "checkout", "-q", "-b", "pull-request")
    (project / "docs").mkdir()
    (project / "docs" / "aanval.js").write_text("document.title = 'aanval';\n",
                                               encoding="utf-8")
    (project / "docs" / "welkom.md").write_text(
        '# Welkom\n\n<script src="../aanval.js"></script>\n', encoding="utf-8")
    run_git(project, "add", "docs")
    run_git(project, "commit", "-q", "-m", "een bijdrage")
    run_git(project, "checkout", "-q", "main")
    port = free_port()
    served: list[int] = []

    def switch_and_fetch() -> None:
        run_git(project, "checkout", "-q", "pull-request")
        time.sleep(8)
        for path in ("/aanval.js", "/welkom/"):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}",  # noqa: S310
                                            timeout=10) as answer:
                    served.append(answer.status)
            except urllib.error.HTTPError as exc:
                served.append(exc.code)

    said = _serve_while(project, tmp_path, "zensical", switch_and_fetch,
                        tmp_path / "nooit", 0, port)
    run_git(project, "checkout", "-q", "pull-request")
    check = _cli("check", "--root", str(project), cwd=tmp_path)
    _no_traceback(check)
    assert check.returncode == 1 and "docs/aanval.js" in check.stdout
    assert "Traceback" not in said
    assert 200 not in served, f"de voorvertoning serveerde ongecontroleerde bestanden: {served}"
