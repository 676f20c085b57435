"""The sixteenth attack (issue 24, December 2026): the fixes of rounds 13, 14 and 15 (the
Zensical preview's private folder, its mirror of docs/ and its copy of the theme folder; the
approval of configuration files; `kennisbank build` reading only what its check saw, with
Zensical's theme folder copied as recorded into `.kennisbank-thema/`) attacked under
`kennisbank serve` and `kennisbank build`, with real git branches switched while they run.
Each finding is reproduced as a test of what should happen, marked xfail(strict=True) with
the finding's id until it is fixed (then the mark goes and the test guards the fix); what
held and is cheap to keep is a plain guard.

Every case runs the real CLI in a subprocess on a fresh project made by `kennisbank init` in
a temporary folder, with a time limit and the real engine; the pull request is a real git
branch, brought in with git (`checkout`)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from branch_switch import build_switching as _build

# The CLI runner and the freshly initialised project of the fourth round.
from test_attack_round4 import _cli, project  # noqa: F401, F811 (a fixture)
from test_attack_round13 import HOOK, _concepts, _serve_until
from test_attack_round15 import MAIN, PRIVATE, _reviewed_overrides
from test_hostile_git import run_git

# Every case runs a real build or preview and takes over 5 s.
pytestmark = [pytest.mark.server, pytest.mark.slow]


def _secret(tmp_path: Path) -> Path:
    secret = tmp_path / "geheim"
    secret.write_text(f"{PRIVATE}\n", encoding="utf-8")
    return secret


def _commit(project: Path, message: str, *ignored: str) -> None:  # noqa: F811
    """Commit everything, and the `ignored` paths although .gitignore names them."""
    run_git(project, "add", "-A")
    if ignored:
        run_git(project, "add", "-f", *ignored)
    run_git(project, "commit", "-q", "-m", message)


def _published(project: Path) -> list[Path]:  # noqa: F811
    """The files of site/ that carry the private file's text."""
    return [path for path in (project / "site").rglob("*")
            if path.is_file() and PRIVATE.encode() in path.read_bytes()]


# -- R16-1 (medium): `kennisbank build --engine zensical` publishes the target of a docs/
# link that arrived after its check ----------------------------------------------------------
# R13-4 was fixed for MkDocs (site.reviewedcode reads every page and file of docs/ once,
# following no link) and for the Zensical preview (the mirror), but `kennisbank build
# --engine zensical` lets Zensical read the project's own docs/: `build` checks, generates
# (seconds in a real project) and only then starts Zensical, which copies every static file
# of docs/ into the site following a symbolic link. A branch switched during the build brings
# `docs/sleutel.txt -> <a private file>`; the file's text lands in the new site/ (`_verify`
# looks at pages' CSP and scripts only) ready to be published, although `check` refuses that
# branch (a link in docs/). Medium, like R14-2 and R15-2: the person building must switch
# branches during the build themselves.

@pytest.mark.parametrize("engine", [
    "mkdocs",  # held: site.reviewedcode reads files of docs/ following no link
    pytest.param("zensical", marks=pytest.mark.xfail(
        strict=True, reason="R16-1: Zensical's build copies a docs/ link that arrived "
        "after the check"))])
def test_r16_1_a_docs_link_arriving_during_a_build_is_not_published(
        project: Path, tmp_path: Path, engine: str) -> None:  # noqa: F811
    secret = _secret(tmp_path)
    _concepts(project / "begrippen", 800)
    assert _cli("check", "--root", str(project), cwd=tmp_path).returncode == 0
    run_git(project, "init", "-q", "-b", "main")
    _commit(project, "begin")
    run_git(project, "checkout", "-q", "-b", "pull-request")
    docs = project / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "sleutel.txt").symlink_to(os.path.relpath(secret, docs))
    _commit(project, "een bijdrage")
    check = _cli("check", "--root", str(project), cwd=tmp_path)
    assert check.returncode == 1, check.stdout
    run_git(project, "checkout", "-q", "main")
    said = _build(project, tmp_path, engine)
    assert (docs / "sleutel.txt").is_symlink(), said
    if engine == "mkdocs":  # refused as read, site/ left as it was
        assert "geen gewoon bestand" in said, said
    published = _published(project)
    assert not published, f"een bestand buiten het project in de site: {published}\n" \
        f"{said[-2000:]}"


# -- R16-2 (medium): `kennisbank build --engine zensical` renders a template that git wrote
# into its theme copy `.kennisbank-thema/` after the copy was made --------------------------
# R15-2's fix gives Zensical a copy of the theme folder as recorded, in `.kennisbank-thema/`
# inside the project, made right before Zensical starts. The folder is ignored by the
# project's .gitignore (`/.kennisbank-*`), and git treats ignored files as expendable: a
# branch that commits `.kennisbank-thema/main.html` and `.kennisbank-thema/sleutel.txt ->
# <a private file>` (with `git add -f`) overwrites the copy when it is checked out, without a
# word. `check` does not look at `.kennisbank-thema/` at all, so it passes that branch. A
# build of the branch itself is safe (theme_copy rewrites main.html and removes the link
# first), but a branch switched between the copy and Zensical loading its templates (Zensical
# starts a Python process and reads every page first) puts the file's text into every page
# of the new site/ behind an intact CSP. Medium: the person building must switch branches
# during the build, as in R15-2; the window is narrower (after the copy, not after the check).

@pytest.mark.xfail(strict=True, reason="R16-2: git writes into .kennisbank-thema/ between "
                   "the copy and Zensical's read")
def test_r16_2_a_theme_copy_overwritten_by_git_during_a_build_is_not_rendered(
        project: Path, tmp_path: Path) -> None:  # noqa: F811
    secret = _secret(tmp_path)
    _concepts(project / "begrippen", 800)
    _reviewed_overrides(project, tmp_path)
    run_git(project, "checkout", "-q", "-b", "pull-request")
    copy = project / ".kennisbank-thema"
    copy.mkdir()
    (copy / "sleutel.txt").symlink_to(os.path.relpath(secret, copy))
    (copy / "main.html").write_text(
        MAIN + '{% block content %}<!-- {% include "sleutel.txt" %} -->{{ super() }}'
        '{% endblock %}\n', encoding="utf-8")
    _commit(project, "een bijdrage", ".kennisbank-thema")
    tracked = subprocess.run(["git", "ls-files", ".kennisbank-thema"], cwd=project,  # noqa: S607
                             capture_output=True, text=True, check=True).stdout
    assert "main.html" in tracked and "sleutel.txt" in tracked, tracked
    check = _cli("check", "--root", str(project), cwd=tmp_path)
    assert check.returncode == 0, check.stdout  # check does not look there
    run_git(project, "checkout", "-q", "main")
    assert not copy.exists()
    said = _build(project, tmp_path, "zensical", switch_when=project / ".site-nieuw.yml")
    assert (copy / "sleutel.txt").is_symlink(), said
    published = _published(project)
    assert not published, f"een bestand buiten het project in {len(published)} bestanden " \
        f"van de site:\n{said[-2000:]}"


def test_a_theme_copy_brought_by_the_branch_is_rewritten_before_zensical_builds(
        project: Path, tmp_path: Path) -> None:  # noqa: F811
    """Held: a build of a branch that commits its own `.kennisbank-thema/` renders the
    recorded template (theme_copy rewrites the copy and removes the link first)."""
    secret = _secret(tmp_path)
    _reviewed_overrides(project, tmp_path)
    copy = project / ".kennisbank-thema"
    copy.mkdir()
    (copy / "sleutel.txt").symlink_to(os.path.relpath(secret, copy))
    (copy / "partials").mkdir()
    (copy / "main.html").write_text(
        MAIN + '{% block content %}<!-- {% include "sleutel.txt" %} -->{{ super() }}'
        '{% endblock %}\n', encoding="utf-8")
    _commit(project, "een bijdrage", ".kennisbank-thema")
    built = _cli("build", "--root", str(project), "--engine", "zensical", cwd=tmp_path)
    assert built.returncode == 0, built.stdout + built.stderr
    assert not (copy / "sleutel.txt").exists()
    assert not _published(project)
    assert (project / "site" / "index.html").is_file()


# Held: kennisbank's own configuration files are ignored by the project's .gitignore
# (`/.kennisbank-*`), so git overwrites them without a word when a branch that commits them
# is checked out. One arriving after `build` wrote it (during the generation) is refused as
# the engine reads it: it is approved as written, never as read back (R14-2's fix).
OWN_CONFIG = {
    "mkdocs": (".kennisbank-mkdocs.yml", "hooks:\n- haak.py\n", "haak.py"),
    "zensical": (".kennisbank-zensical.yml", "plugins:\n- macros\n", "main.py"),
}


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_default_configuration_overwritten_by_git_during_a_build_is_not_loaded(
        project: Path, tmp_path: Path, engine: str) -> None:  # noqa: F811
    marker = tmp_path / "UITGEVOERD"
    _concepts(project / "begrippen", 800)
    run_git(project, "init", "-q", "-b", "main")
    first = _cli("build", "--root", str(project), "--engine", engine, cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    _commit(project, "begin")
    run_git(project, "checkout", "-q", "-b", "pull-request")
    name, extra, code = OWN_CONFIG[engine]
    config = project / name
    config.write_text(config.read_text(encoding="utf-8") + extra, encoding="utf-8")
    (project / code).write_text(HOOK.format(marker=str(marker)), encoding="utf-8")
    _commit(project, "een bijdrage", name)
    run_git(project, "checkout", "-q", "main")
    assert not config.exists()
    # The switch lands after build wrote its own files (right after the check) and before
    # the engine reads them: when the generation writes docs/begrippen/ again.
    shutil.rmtree(project / "docs" / "begrippen")
    said = _build(project, tmp_path, engine, switch_when=project / "docs" / "begrippen")
    assert extra in config.read_text(encoding="utf-8"), said
    assert "niet de configuratie" in said, said  # refused as read, not merely missed
    assert not marker.exists(), f"de pull request voerde code uit:\n{said[-3000:]}"


# Held, live under both previews (the MkDocs preview's R14 fixes had not been run live since
# round 14): a branch that commits kennisbank's own (ignored) configuration files with
# `hooks:` and `plugins: [macros]`, their code, and a new concept, checked out while the
# preview runs. Git overwrites both files; the engine may notice them before kennisbank's
# next check, and kennisbank's check of the new concept passes, rewrites its own files and
# (Zensical) restarts the engine: no code of the branch runs at any point.
@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_own_configuration_overwritten_by_git_in_a_preview_runs_no_code(
        project: Path, tmp_path: Path, engine: str) -> None:  # noqa: F811
    marker = tmp_path / "UITGEVOERD"
    _concepts(project / "begrippen", 20)
    run_git(project, "init", "-q", "-b", "main")
    first = _cli("build", "--root", str(project), "--engine", engine, cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    _commit(project, "begin")
    run_git(project, "checkout", "-q", "-b", "pull-request")
    for name, extra, code in OWN_CONFIG.values():
        config = project / name
        config.write_text(config.read_text(encoding="utf-8") + extra, encoding="utf-8")
        (project / code).write_text(HOOK.format(marker=str(marker)), encoding="utf-8")
    (project / "begrippen" / "nieuw.yaml").write_text(
        "voorkeursterm: nieuwterm\ndefinitie: >-\n  Begrip dat deze bijdrage toevoegt.\n"
        "status: ontwerp\n", encoding="utf-8")
    _commit(project, "een bijdrage", *(name for name, _, _ in OWN_CONFIG.values()))
    run_git(project, "checkout", "-q", "main")
    ready = (b"No issues found",) if engine == "zensical" else (b"Documentation built",)
    said = _serve_until(project, tmp_path, engine, ready,
                        lambda: _checkout(project), marker, 25)
    assert (project / "begrippen" / "nieuw.yaml").is_file(), said[-2000:]
    assert not marker.exists(), f"de pull request voerde code uit:\n{said[-3000:]}"
    assert "bijgewerkt" in said, said[-3000:]  # the new concept was checked and generated


def _checkout(project: Path) -> None:  # noqa: F811
    done = subprocess.run(["git", "checkout", "-q", "pull-request"], cwd=project,  # noqa: S607
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


# -- R16-3 (medium): `kennisbank build --engine zensical` publishes a cache entry that git
# wrote into `.cache/` after kennisbank judged the cache -----------------------------------
# Zensical takes every page it rendered before from `.cache/` (an entry per page, named by a
# key of its Markdown and the configuration, holding the finished HTML). `zensicalcache`
# trusts the cache only when its record carries this machine's token (a pull request cannot
# forge one), and `prepare` judges it before Zensical starts. But `.cache/` is ignored by the
# project's .gitignore (`/.cache/`), so git overwrites an entry without a word when a branch
# that commits one (`git add -f`) is checked out; the key is the same on every machine for
# the same page, so the branch can carry the entry of a page it leaves as it is (here the
# home page) with HTML of its own that no check reads. Switched between `prepare` and
# Zensical's read, the entry's HTML is in site/ (a `<meta http-equiv="refresh">` to another
# host passes `_verify`, which looks at the CSP and scripts only). Medium, as R16-1: the
# person building must switch branches during the build; nothing of the machine leaks, but
# unchecked HTML is published.

FORGED = "NIET-GECONTROLEERD-5c"


@pytest.mark.parametrize("during", [
    False,  # held: checked out before the build, the changed entry means a clean build
    pytest.param(True, marks=pytest.mark.xfail(
        strict=True, reason="R16-3: git overwrites a Zensical cache entry between its "
        "judgement and Zensical's read"))])
def test_r16_3_a_cache_entry_overwritten_by_git_is_not_published(
        project: Path, tmp_path: Path, during: bool) -> None:  # noqa: F811
    _concepts(project / "begrippen", 50)
    run_git(project, "init", "-q", "-b", "main")
    first = _cli("build", "--root", str(project), "--engine", "zensical", cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    _commit(project, "begin")
    cache = project / ".cache"
    entry = next(path for path in cache.iterdir()
                 if b'"origin":{"Source":"index.md"}' in path.read_bytes())
    data = entry.read_bytes()
    assert b'<h1 id=\\"aanval\\">' in data
    run_git(project, "checkout", "-q", "-b", "pull-request")
    entry.write_bytes(data.replace(
        b'<h1 id=\\"aanval\\">', b'<meta http-equiv=\\"refresh\\" content=\\"0;url=https://'
        b'aanvaller.example/\\"><h1 id=\\"aanval\\">' + FORGED.encode(), 1))
    _commit(project, "een bijdrage", str(entry.relative_to(project)))
    check = _cli("check", "--root", str(project), cwd=tmp_path)
    assert check.returncode == 0, check.stdout  # check does not look there
    run_git(project, "checkout", "-q", "main")
    # The reviewer built main before (git removed the entry the branch tracks): its cache
    # holds the entry as Zensical wrote it, sealed with this machine's token.
    again = _cli("build", "--root", str(project), "--engine", "zensical", cwd=tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    assert entry.read_bytes() == data
    if during:
        said = _build(project, tmp_path, "zensical", switch_when=project / ".site-nieuw.yml")
    else:
        run_git(project, "checkout", "-q", "pull-request")
        built = _cli("build", "--root", str(project), "--engine", "zensical", cwd=tmp_path)
        assert built.returncode == 0, built.stdout + built.stderr
        said = built.stdout
    assert FORGED.encode() in entry.read_bytes() or not during, said
    shown = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert FORGED not in shown, f"ongecontroleerde HTML in de site:\n{said[-2000:]}"
