"""The ninth attack (issue 24, December 2026): each finding reproduced as a test of what
should happen, marked xfail(strict=True) with the finding's id until it is fixed (then the
mark goes and the test guards the fix).

Every case runs the real CLI in a subprocess on a fresh project made by `kennisbank init` in
a temporary folder, with a time limit, and the real engine; the pull request is a real git
branch checked out with git."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

# The CLI runner and the freshly initialised project of the fourth round, and the preview
# runner of the eighth.
from test_attack_round4 import _cli, project  # noqa: F401, F811 (a fixture)
from test_attack_round8 import _serve_while
from test_hostile_git import run_git

# Every case starts `kennisbank serve` (conftest: the `server` mark) and takes over 5 s.
pytestmark = [pytest.mark.server, pytest.mark.slow]


# -- R9-1 (high): R8-1 again, with a configuration that needs no Python tag --------------
# R8-1's fix gives both engines PyYAML's safe loader, so no configuration can run code *as it
# is read*. But a configuration is code without any tag: Zensical ships the macros extension
# (zensical/extensions/macros.py), which a plain `plugins: [macros]` switches on; it then
# executes `main.py` from the project's top (its default `module_name`, loaded with
# `spec_from_file_location` + `exec_module`, sys.path and `-P` play no part) and renders every
# page as a Jinja template in a plain, unsandboxed `jinja2.Environment`. The preview's own
# configuration `.kennisbank-voorvertoning.yml` (and the default `.kennisbank-mkdocs.yml` the
# chain inherits) are not reviewed code (`gekeurde-code.sha256` covers mkdocs.yml,
# zensical.yml and overrides/ only), are gitignored (a checkout overwrites them without a
# word), and Zensical parses them again when they change. So the pull request of R8-1, with
# `plugins: [macros]` instead of `!!python/object/apply:` and a `main.py` beside begrippen/
# (which `check` passes), still runs its code on the machine of a reviewer who keeps
# `kennisbank serve --engine zensical` running and switches to the branch.

MAIN_PY = "import pathlib\npathlib.Path({marker!r}).touch()\n"


# Without any Python file: a hand-written page is a Jinja template under macros.
PAGE_JINJA = "# Welkom\n\n{{{{ lipsum.__globals__.os.popen('touch {marker}').read() }}}}\n"


def _pull_request_macros(project: Path, how: str, marker: Path) -> None:  # noqa: F811
    if how == "pagina":
        (project / "docs" / "welkom.md").write_text(PAGE_JINJA.format(marker=marker),
                                                    encoding="utf-8")
        files = ["docs/welkom.md"]
    else:
        (project / "main.py").write_text(MAIN_PY.format(marker=str(marker)),
                                         encoding="utf-8")
        files = ["main.py"]
    if how in ("voorvertoning", "pagina"):
        (project / ".kennisbank-voorvertoning.yml").write_text(
            "INHERIT: .kennisbank-zensical.yml\nwatch:\n  - .cache/kennisbank-labels\n"
            "plugins:\n  - macros\n", encoding="utf-8")
        files.append(".kennisbank-voorvertoning.yml")
    else:  # "signaal": the default configuration, and the file the preview watches
        config = project / ".kennisbank-mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace(
            "plugins: []", "plugins:\n- macros"), encoding="utf-8")
        assert "- macros" in config.read_text(encoding="utf-8")
        (project / ".cache").mkdir(exist_ok=True)
        (project / ".cache" / "kennisbank-labels").write_text("1\n", encoding="utf-8")
        files += [".kennisbank-mkdocs.yml", ".cache/kennisbank-labels"]
    run_git(project, "add", "-f", *files)
    run_git(project, "commit", "-q", "-m", "een bijdrage")


@pytest.mark.parametrize("how", ["voorvertoning", "signaal", "pagina"])
def test_r9_1_a_branch_switch_during_the_zensical_preview_enables_no_macros(
        project: Path, tmp_path: Path, how: str) -> None:  # noqa: F811
    marker = tmp_path / "UITGEVOERD"
    assert _cli("build", "--root", str(project), cwd=tmp_path).returncode == 0
    run_git(project, "init", "-q", "-b", "main")
    run_git(project, "add", "-A")
    run_git(project, "commit", "-q", "-m", "begin")
    run_git(project, "checkout", "-q", "-b", "pull-request")
    _pull_request_macros(project, how, marker)
    check = _cli("check", "--root", str(project), cwd=tmp_path)
    # main.py and the Jinja page pass check
    assert check.returncode == 0 and not marker.exists(), check.stdout
    run_git(project, "checkout", "-q", "main")

    def switch() -> None:
        run_git(project, "checkout", "-q", "pull-request")

    said = _serve_while(project, tmp_path, "zensical", switch, marker, 30)
    assert "Traceback" not in said.split("Build started")[0]
    assert not marker.exists(), "de pull request voerde code uit (macros)"


# -- R9-2 (medium): R8-2 again, through the default configuration -------------------------
# R8-2's fix checks the reviewed code (mkdocs.yml, zensical.yml, overrides/) before every
# MkDocs preview build. A project without its own mkdocs.yml (every `kennisbank init`
# project) builds from the default `.kennisbank-mkdocs.yml`, which that check does not cover:
# serve writes it again only in a regeneration that runs `check`, and the second part of a
# page-first save and the background full generation (`Preview._second`, `_complete`) do not.
# So a `.kennisbank-mkdocs.yml` with `hooks: [main.py]` (plain YAML; MkDocs imports the hook
# file) that arrives in the seconds after a save (a branch switch; gitignored, so git
# overwrites it without a word) is loaded, and main.py runs.

def test_r9_2_a_default_configuration_changed_after_the_check_is_not_loaded(
        project: Path, tmp_path: Path) -> None:  # noqa: F811
    marker = tmp_path / "UITGEVOERD"
    built = _cli("build", "--root", str(project), cwd=tmp_path)
    assert built.returncode == 0, built.stdout + built.stderr
    config = project / ".kennisbank-mkdocs.yml"
    default = config.read_bytes()
    (project / "main.py").write_text(MAIN_PY.format(marker=str(marker)), encoding="utf-8")
    concept = project / "begrippen" / "voorbeeldbegrip.yaml"

    def save_then_switch() -> None:
        for n in range(6):  # a save, and a branch switch moments later
            concept.write_text(concept.read_text(encoding="utf-8").replace(
                "eruitziet.", f"eruitziet {n}.", 1).replace(f"eruitziet {n - 1}.",
                                                            f"eruitziet {n}.", 1),
                encoding="utf-8")
            time.sleep(0.15 + 0.1 * n)
            config.write_bytes(default + b"hooks:\n- main.py\n")
            time.sleep(3)
            if marker.exists():
                return
            config.write_bytes(default)
            time.sleep(1)

    said = _serve_while(project, tmp_path, "mkdocs", save_then_switch, marker, 5)
    assert "Traceback" not in said
    assert not marker.exists(), "een ongekeurde standaardconfiguratie werd geladen"
