"""The fourteenth attack (issue 24, December 2026): the fixes of round 13 (the approval of
configuration files, MkDocs reading configurations, templates, theme files and docs/ only as
checked or recorded) attacked under `kennisbank serve --engine mkdocs` and `kennisbank
build`. Each finding is reproduced as a test of what should happen, marked xfail(strict=True)
with the finding's id until it is fixed (then the mark goes and the test guards the fix);
what held and is cheap to keep is a plain guard.

Every case runs the real CLI in a subprocess on a fresh project made by `kennisbank init` in
a temporary folder, with a time limit and the real engine; the pull request is a real git
branch, brought in with git (`checkout`, `pull`)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from branch_switch import build_switching

# The CLI runner and the freshly initialised project of the fourth round.
from test_attack_round4 import _cli, project  # noqa: F401, F811 (a fixture)
from test_attack_round13 import FILLER, HOOK, WORDS, _concepts, _serve_until
from test_hostile_git import run_git

# Every case starts `kennisbank serve` or a real build and takes over 5 s.
pytestmark = [pytest.mark.server, pytest.mark.slow]


# -- R14-1 (high): a linked mkdocs.yml arriving during the first check loads an approved,
# unreviewed configuration file -------------------------------------------------------------
# R13-1's fix approves the configuration files that were the same before and after the first
# check (`safeyaml.approved`: every .yml, .yaml and .toml at the project's top that is a
# regular file) and MkDocs' loader (`ApprovedLoader`) reads a file only when the SHA-256 of
# the bytes it parses is the one approved for the file's *real path*, and a reviewed name
# (mkdocs.yml, zensical.yml) only as recorded, judged by the *real path's* name. Two gaps
# meet: a symbolic link is no regular file, so one that arrives during the check does not
# make the approval unsteady; and a link `mkdocs.yml -> instellingen.yml` is judged as
# `instellingen.yml`, which is no reviewed name but is approved, because every .yml at the
# top is approved as the check found it, and `check` reads no such file. `MkDocsPreview.run`
# then loads `project.mkdocs_config(root)` (mkdocs.yml: `is_file()` follows the link) right
# after the first check, with no `unreviewed_code` in between, and MkDocs imports the
# `hooks:` the approved file names.
# `check` does see a link at the top (`committed_links`, right after loading the content),
# so the link must arrive after that and before the check ends: the rules and the history
# (`published_rules` reads every commit). The pull request makes that last seconds on its
# own with a long history of tiny commits (150,000 cost a few megabytes). As in R13-1 its
# first version carries a content error (serve waits, "niet gestart"), `instellingen.yml`
# with `hooks: [haak.py]` and `haak.py` (both pass `check`); the "fix" it pushes next
# repairs the concept, adds a file of zeros and, last in git's path order, the link. One
# `git pull` under `kennisbank serve --engine mkdocs` runs haak.py, although `check`
# refuses the branch (the link at the top).

HISTORY = 150_000  # tiny commits: `check` reads the history after it looked for links


def _long_history(repo: Path, commits: int) -> None:
    """`commits` commits on the checked-out branch, each rewriting one of 50 valid concepts
    (git fast-import: seconds, a few megabytes)."""
    stream = ["reset refs/heads/pull-request\nfrom refs/heads/pull-request^0\n"]
    for i in range(commits):
        data = (f"voorkeursterm: geschiedenis{WORDS[i % 50 % 20]}{i % 50}\ndefinitie: >-\n"
                f"  Begrip uit versie {i} van de geschiedenis.\nstatus: ontwerp\n")
        stream.append(f"commit refs/heads/pull-request\ncommitter A <a@example.org> "
                      f"{1_700_000_000 + i} +0000\ndata 1\nc\nM 100644 inline "
                      f"begrippen/h{i % 50:03d}.yaml\ndata {len(data.encode())}\n{data}\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo,  # noqa: S607
                   input="".join(stream).encode(), check=True, capture_output=True)
    run_git(repo, "checkout", "-q", "-f", "pull-request")


def test_r14_1_a_linked_configuration_arriving_during_the_first_check_is_not_loaded(
        project: Path, tmp_path: Path) -> None:  # noqa: F811
    marker = tmp_path / "UITGEVOERD"
    run_git(project, "init", "-q", "-b", "main")
    run_git(project, "add", "-A")
    run_git(project, "commit", "-q", "-m", "begin")
    fork = tmp_path / "fork"
    run_git(tmp_path, "clone", "-q", str(project), str(fork))
    run_git(fork, "checkout", "-q", "-b", "pull-request")
    _long_history(fork, HISTORY)
    broken = fork / "begrippen" / "aaa.yaml"
    broken.write_text("voorkeursterm: kapot\nstatus: ontwerp\n", encoding="utf-8")
    # A configuration nobody reviews (no reviewed name) and its hook: `check` passes both.
    (fork / "instellingen.yml").write_text("site_name: Aanval\nhooks:\n- haak.py\n",
                                           encoding="utf-8")
    (fork / "haak.py").write_text(HOOK.format(marker=str(marker)), encoding="utf-8")
    run_git(fork, "add", "-A")
    run_git(fork, "commit", "-q", "-m", "een bijdrage")
    run_git(project, "fetch", "-q", str(fork), "pull-request:pull-request")
    run_git(project, "checkout", "-q", "pull-request")
    # The "fix": the repaired concept (the check starts), a file of zeros, then the link.
    broken.write_text("voorkeursterm: heel\ndefinitie: >-\n  Begrip dat weer heel is.\n"
                      "status: ontwerp\n", encoding="utf-8")
    with (fork / "l-vulsel.bin").open("wb") as filler:
        filler.truncate(FILLER)
    (fork / "mkdocs.yml").symlink_to("instellingen.yml")
    run_git(fork, "add", "-A")
    run_git(fork, "commit", "-q", "-m", "hersteld")
    check = _cli("check", "--root", str(fork), cwd=tmp_path)
    assert check.returncode == 1 and "mkdocs.yml" in check.stdout, check.stdout

    def pull() -> None:
        run_git(project, "pull", "-q", "--ff-only", str(fork), "pull-request")
        assert (project / "mkdocs.yml").is_symlink()

    said = _serve_until(project, tmp_path, "mkdocs", (b"niet gestart",), pull, marker, 60)
    assert _cli("check", "--root", str(project), cwd=tmp_path).returncode == 1
    assert not marker.exists(), f"de pull request voerde code uit (hooks):\n{said[-3000:]}"


# -- R14-2 (medium): `kennisbank build` loads a configuration that arrived after its check --
# `build` checks (the reviewed code included), then writes the default configurations and
# generates the pages (seconds in a real project), and only then does the engine read its
# configuration: MkDocs in this process with the safe loader alone (`protect_mkdocs()` with
# no approval: `load_config(project.mkdocs_config(root))`, which takes mkdocs.yml as soon as
# it exists), Zensical through `python -m kennisbank.site.safeyaml` without
# KENNISBANK_CONFIGS. Neither compares the configuration it reads with the record, as the
# MkDocs preview does since R13-1 and templates are compared since R13-3 ("in build and
# preview"). So a branch switched while `kennisbank build` generates brings in a mkdocs.yml
# with `hooks:` (or a zensical.yml with `plugins: [macros]` and a main.py) that the engine
# loads, running the pull request's code, although `check` refuses that branch
# (ongekeurde-code). Medium, not high: the person building must switch branches during the
# build themselves (the pull request only makes the interval longer, with more concepts).

CONFIG = {
    "mkdocs": ("mkdocs.yml", "INHERIT: .kennisbank-mkdocs.yml\nhooks:\n- haak.py\n",
               "haak.py"),
    "zensical": ("zensical.yml", "INHERIT: .kennisbank-zensical.yml\nplugins:\n- macros\n",
                 "main.py"),
}


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_r14_2_a_configuration_arriving_during_a_build_is_not_loaded(
        project: Path, tmp_path: Path, engine: str) -> None:  # noqa: F811
    marker = tmp_path / "UITGEVOERD"
    _concepts(project / "begrippen", 800)
    run_git(project, "init", "-q", "-b", "main")
    run_git(project, "add", "-A")
    run_git(project, "commit", "-q", "-m", "begin")
    run_git(project, "checkout", "-q", "-b", "pull-request")
    name, text, code = CONFIG[engine]
    (project / name).write_text(text, encoding="utf-8")
    (project / code).write_text(HOOK.format(marker=str(marker)), encoding="utf-8")
    run_git(project, "add", "-A")
    run_git(project, "commit", "-q", "-m", "een bijdrage")
    check = _cli("check", "--root", str(project), cwd=tmp_path)
    assert check.returncode == 1 and "ongekeurde-code" in check.stdout, check.stdout
    run_git(project, "checkout", "-q", "main")
    # A first build on main, so the default configurations the branch's file INHERITs exist
    # whenever the switch lands (build writes them only while the project lacks its own).
    first = _cli("build", "--root", str(project), "--engine", engine, cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    said = build_switching(project, tmp_path, engine)  # after the check, in the generation
    assert "controle" in said and (project / name).is_file(), said
    assert not marker.exists(), f"de pull request voerde code uit:\n{said[-3000:]}"
