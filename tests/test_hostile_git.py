"""Hostile content, second round: file names in the git history. A pull request can carry a file
with any name but NUL; the history reader must not take any part of a path for a commit, a
date, a tag or another file. Each case builds a small project whose history holds one hostile
name and runs the real CLI the way test_hostile.py does (exit code, no traceback, nothing
outside the project touched, no connection, a time limit), then checks that the releases,
dates, downloads and the Atom feed are exactly those the real commits and tags make."""

from __future__ import annotations

import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import test_hostile
from test_hostile import Project

# The fixtures of the first round: a copy of the site project beside a folder that must not
# change, and a socket that counts connections.
listener, site_project = test_hostile.listener, test_hostile.site_project

FORGED = b"0" * 40
DATES = ("2026-03-02T10:00:00+01:00", "2026-04-06T11:00:00+02:00",
         "2026-05-04T12:00:00+02:00", "2026-06-01T09:00:00+02:00")
RELEASES = {f"begrippenkader-{version}.{ext}" for version in ("1.0.0", "1.1.0")
            for ext in ("ttl", "jsonld", "rdf", "nt")}
# Each name as git stores it. A name that `check` refuses in the work tree (REMOVED) is
# committed and then removed again, so that only history holds it.
NAMES = {
    "soh-header": b"bijlagen/x\x01" + FORGED + b"\x1f\x1f2020-01-01T00:00:00+00:00\x1ftag: v9.9.9",
    "unit-separator": b"bijlagen/a\x1fb\x1fc\x1fd",
    "newline": b"bijlagen/regel\n\x01C\n",
    "content-file-plus-newline": b"begrippen/erkenning.yaml\n",
    "looks-like-a-commit": b"C",
    "looks-like-a-change": b":100644 100644 " + FORGED + b" " + FORGED + b" M",
    "tag": b"tag: v9.9.9",
    "decoration": b"bijlagen/HEAD -> main, tag: v9.9.9",
    "not-utf8": b"bijlagen/\xff\xfe\x01.txt",
    "not-utf8-content": b"begrippen/\xe9rkenning.yaml",
}
REMOVED = {NAMES["not-utf8-content"]}


def run_git(root: Path, *args: str, date: str | None = None) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",  # noqa: S607
                    *args], cwd=root, env=env, check=True, capture_output=True)


def _history_with(project: Project, name: bytes) -> None:
    """v1.0.0 on the first commit; the hostile file in the second (and gone in the third
    when it would look like content); v1.1.0 on the last, so that what the hostile commit
    holds is part of a release. These two are the only releases."""
    root = project.root
    kader = root / "begrippen/_kader.yaml"
    kader.write_text(kader.read_text(encoding="utf-8").replace('versie: "2.0"',
                                                                'versie: "1.0.0"'))
    run_git(root, "init", "-q", "-b", "main")
    run_git(root, "add", "-A")
    run_git(root, "commit", "-q", "-m", "eerste", date=DATES[0])
    run_git(root, "tag", "v1.0.0")
    path = os.path.join(os.fsencode(root), name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as file:
        file.write(b"voorkeursterm: vals\ndefinitie: Een vals begrip.\n")
    run_git(root, "add", "-A")
    run_git(root, "commit", "-q", "-m", "een bestand met een vreemde naam", date=DATES[1])
    if name in REMOVED:
        os.remove(path)
        run_git(root, "add", "-A")
        run_git(root, "commit", "-q", "-m", "weer weg", date=DATES[2])
    kader.write_text(kader.read_text(encoding="utf-8").replace('versie: "1.0.0"',
                                                                'versie: "1.1.0"'))
    run_git(root, "commit", "-q", "-am", "versie 1.1.0", date=DATES[3])
    run_git(root, "tag", "v1.1.0")


# The first case (the \x01 of the issue) stays in the fast set; each builds a site, so the rest
# run with `make test`.
@pytest.mark.parametrize("name", [
    pytest.param(name, id=key, marks=() if i == 0 else pytest.mark.slow)
    for i, (key, name) in enumerate(NAMES.items())])
def test_a_file_name_cannot_forge_history(site_project: Project, name: bytes) -> None:
    _history_with(site_project, name)
    root = site_project.root
    run = site_project.run("check")
    site_project.assert_safe(run, 0)
    run = site_project.run("build")
    site_project.assert_safe(run, 0)
    downloads = {p.name for p in (root / "docs/downloads").iterdir()
                 if p.name.startswith("begrippenkader-") and "laatste" not in p.name}
    assert downloads == RELEASES, downloads
    generated = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                          for folder in ("begrippen", "wijzigingen", "downloads")
                          for p in (root / "docs" / folder).rglob("*.md"))
    assert "9.9.9" not in generated
    assert "2020" not in generated
    assert "vals" not in generated
    assert "Laatst gewijzigd op 2 maart 2026" in (root / "docs/begrippen/herstel.md").read_text()
    feed = ET.parse(root / "docs/wijzigingen/feed.xml").getroot()  # noqa: S314 (our own file)
    atom = "{http://www.w3.org/2005/Atom}"
    updated = [e.text for e in feed.iter(f"{atom}updated")]
    assert updated and set(updated) <= {DATES[0]}, updated
    run = site_project.run("diff", "v1.0.0", "v1.1.0")
    site_project.assert_safe(run, 0, "v1.0.0")
    assert "vals" not in run.out and "erkenning." not in run.out


def test_releases_are_tags_in_ascii_digits_without_leading_zeros(site_project: Project) -> None:
    _history_with(site_project, b"bijlagen/gewoon.txt")
    for tag in ("v01.0.0", "v1.00.0", "v\u0661.\u0660.\u0660", "v\uff11.0.0", "v1.0.0-rc1"):
        run_git(site_project.root, "tag", tag)
    run = site_project.run("build")
    site_project.assert_safe(run, 0)
    page = (site_project.root / "docs/wijzigingen/index.md").read_text(encoding="utf-8")
    assert page.count("## Versie ") == 2, page
    downloads = {p.name for p in (site_project.root / "docs/downloads").iterdir()
                 if p.name.startswith("begrippenkader-") and "laatste" not in p.name}
    assert downloads == RELEASES, downloads
