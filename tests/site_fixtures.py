"""A real site build (check → generate → mkdocs build --strict) and a local HTTP server."""

from __future__ import annotations

import collections
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

from kennisbank.site.files import OWNED

REPO = Path(__file__).parent.parent

# Every build this test session made, by (content folder, engine): the summary at the end of
# the run prints it, so a fixture that builds the same site twice shows up.
BUILDS: collections.Counter[tuple[str, str]] = collections.Counter()


def copy_project(content: Path, target: Path) -> Path:
    """Copy content plus the repository's site set-up (configuration, hand-written pages,
    theme overrides) into target: a project `kennisbank build` or `serve` can work on."""
    shutil.copytree(content, target, dirs_exist_ok=True)
    for name in ("mkdocs.yml", "zensical.yml", "gekeurde-code.sha256"):
        shutil.copy(REPO / name, target / name)
    for folder in ("docs", "overrides"):
        shutil.copytree(REPO / folder, target / folder, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(*OWNED, ".kennisbank-*"))
    return target


def build_project(content: Path, target: Path, engine: str = "mkdocs") -> Path:
    """Copy content plus the repository's site set-up into target and build it in-process."""
    from kennisbank.cli.main import main

    copy_project(content, target)
    BUILDS[(_name(content), engine)] += 1
    assert main(["build", "--root", str(target), "--engine", engine]) == 0
    return target / "site"


def _name(content: Path) -> str:
    for base in (REPO / "tests" / "data", REPO):
        try:
            return content.resolve().relative_to(base.resolve()).as_posix() or "repository"
        except ValueError:
            continue
    return f"a copy: {content.name}"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def serve(root: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        thread.join()
