"""The tenth attack (issue 24, December 2026): each finding reproduced as a test of what
should happen, marked xfail(strict=True) with the finding's id until it is fixed (then the
mark goes and the test guards the fix); what held and is cheap to keep is a plain guard.

Every case runs the real CLI in a subprocess on a fresh project made by `kennisbank init` in
a temporary folder, with a time limit, and the real engine."""

from __future__ import annotations

from pathlib import Path

import pytest

# The CLI runner and the freshly initialised project of the fourth round.
from test_attack_round4 import _cli, _no_traceback, project  # noqa: F401, F811 (a fixture)
from test_attack_round8 import _serve_while
from test_hostile_git import run_git

# -- Held: attributes through attr_list (enabled in every configuration) -----------------
# The reviewed and the default configuration enable attr_list and md_in_html, which let a page
# set any attribute on the element before it; `check` reads the rendered HTML, so an event
# handler or a script address set that way is refused like one written as HTML (with the
# file, line and column), whatever its case or entity encoding, and `build` stops.

ATTRIBUTES = {
    "kop": '# Aanval { onclick="alert(1)" }\n',
    "alinea": 'Tekst\n{: onmouseover="alert(2)" }\n',
    "hoofdletters": "[a](https://x.nl){ ONCLICK=alert(3) }\n",
    "href": '[b](https://x.nl){ href="java&#x73;cript:alert(4)" }\n',
    "spatie": '[c](https://x.nl){ href=" javascript:alert(5)" }\n',
    "tab": '<a href="jav&#x09;ascript:alert(6)">d</a>\n',
    "srcset": '![e](x.png){ srcset="javascript:alert(7)" }\n',
}


@pytest.mark.parametrize("how", sorted(ATTRIBUTES))
def test_attributes_set_through_attr_list_are_refused(
        project: Path, tmp_path: Path, how: str) -> None:  # noqa: F811
    page = project / "docs" / "aanval.md"
    page.parent.mkdir(exist_ok=True)
    page.write_text("# Pagina\n\n" + ATTRIBUTES[how], encoding="utf-8")
    built = _cli("build", "--root", str(project), cwd=tmp_path)
    _no_traceback(built)
    said = built.stdout + built.stderr
    assert built.returncode == 1, said
    assert "docs/aanval.md:" in said and "[onveilige-html]" in said, said
    assert not (project / "site").exists()


# -- R10-1 (high): R9-1 again, through the approval taken after the check ----------------
# R9-1's fix lets Zensical read only the configuration files `site.safeyaml.approved` found
# when kennisbank last checked. But in the Zensical preview (`site.serve.Preview.regenerate`)
# that fingerprint is taken *after* `check` has finished, while `check` compares the reviewed
# code (`content.reviewed.unreviewed_code`, inside `content.load.load`) near its start, before
# the vocabularies are read and the rules run. A configuration file that arrives in between
# is approved unchecked; a changed set of approved files restarts the engine (`start_engine`,
# which approves again and INHERITs zensical.yml whenever it exists). A pull request controls
# that interval by itself: `git checkout` writes files in path order, so a concept
# (begrippen/, watched: the check starts), a large vocabulary (vocabulaires/, read after the
# reviewed code: the check takes seconds), a large top-level file (`vulsel.bin`, not watched:
# git takes a moment to write it) and only then `zensical.yml` with `plugins: [macros]` and a
# `main.py`. One branch switch while `kennisbank serve --engine zensical` runs executes the
# pull request's code, although `check` refuses that same branch (ongekeurde-code).

MAIN_PY = "import pathlib\npathlib.Path({marker!r}).touch()\n"
VOCABULARY = ("naam: Groot\nuitgever: X\nbron: https://x.example.org/\n"
              "licentie: https://creativecommons.org/licenses/by/4.0/\nopgehaald: 2026-12-06\n"
              "bestand: groot.ttl\n")


def _vocabulary(concepts: int) -> str:
    lines = ["@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
             '<https://x.example.org/s> a skos:ConceptScheme ; skos:prefLabel "Groot"@nl .']
    lines += [f"<https://x.example.org/c{i}> a skos:Concept ; skos:inScheme "
              f'<https://x.example.org/s> ; skos:prefLabel "begrip {i}"@nl ; '
              f'skos:definition "Een definitie {i}."@nl .' for i in range(concepts)]
    return "\n".join(lines) + "\n"


@pytest.mark.server
@pytest.mark.slow
def test_r10_1_a_configuration_arriving_during_the_check_is_not_approved(
        project: Path, tmp_path: Path) -> None:  # noqa: F811
    marker = tmp_path / "UITGEVOERD"
    run_git(project, "init", "-q", "-b", "main")
    run_git(project, "add", "-A")
    run_git(project, "commit", "-q", "-m", "begin")
    run_git(project, "checkout", "-q", "-b", "pull-request")
    concept = project / "begrippen" / "voorbeeldbegrip.yaml"
    concept.write_text(concept.read_text(encoding="utf-8").replace(
        "eruitziet.", "eruitziet, anders.", 1), encoding="utf-8")
    (project / "vocabulaires").mkdir(exist_ok=True)
    (project / "vocabulaires" / "groot.yaml").write_text(VOCABULARY, encoding="utf-8")
    (project / "vocabulaires" / "groot.ttl").write_text(_vocabulary(20_000), encoding="utf-8")
    with (project / "vulsel.bin").open("wb") as filler:  # zeros: small in git
        filler.truncate(300 * 1024 * 1024)
    (project / "main.py").write_text(MAIN_PY.format(marker=str(marker)), encoding="utf-8")
    (project / "zensical.yml").write_text(
        "INHERIT: .kennisbank-zensical.yml\nplugins:\n  - macros\n", encoding="utf-8")
    run_git(project, "add", "-A")
    run_git(project, "commit", "-q", "-m", "een bijdrage")
    check = _cli("check", "--root", str(project), cwd=tmp_path)
    assert check.returncode == 1 and "zensical.yml" in check.stdout + check.stderr
    run_git(project, "checkout", "-q", "main")

    def switch() -> None:
        run_git(project, "checkout", "-q", "pull-request")

    said = _serve_while(project, tmp_path, "zensical", switch, marker, 40)
    assert "Traceback" not in said.split("Build started")[0]
    assert not marker.exists(), "de pull request voerde code uit (macros, zensical.yml)"
