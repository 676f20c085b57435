"""Hostile content, issue 24's last decision: a contributor's script. `script-src 'self'`
admits every script the site itself serves, so nothing a pull request adds to docs/ may be a
script or load one (src/kennisbank/checks/pages.py, checks/markup.py).

Same shape as test_hostile.py (whose Project and Listener these cases use): the real CLI in
a subprocess on a copy of a small project, the exit code, the file named, no traceback,
nothing outside the project touched, no connection, a time limit. The many ways of writing
the same markup are in-process cases in test_pages_rule.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from kennisbank.checks.pages import MARKDOWN_EXTENSIONS, SHIPPED_SCRIPTS
from test_hostile import LIMIT, Listener, Project


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


@pytest.fixture
def project(tmp_path: Path, listener: Listener) -> Project:
    listener.connections = 0
    return Project(tmp_path, listener)


# The third attack's case: a page body loading a script the same pull request put in docs/.
EVIL_PAGE = "# Welkom\n\n<script src=\"../kwaad.js\"></script>\n"


CASES = [
    ("docs/welkom.md", EVIL_PAGE, ["docs/welkom.md:3:1", "[onveilige-html]", "<script"]),
    ("docs/kwaad.js", "window.PWNED = 1;\n", ["docs/kwaad.js:1:1", "[onveilig-bestand]",
                                              "'kwaad.js'"]),
    ("docs/assets/kwaad.js", "window.PWNED = 1;\n", ["docs/assets/kwaad.js",
                                                     "[onveilig-bestand]"]),
    ("docs/assets/vendor/x/kwaad.mjs", "export {};\n", ["docs/assets/vendor/x/kwaad.mjs",
                                                        "[onveilig-bestand]"]),
    ("docs/kwaad.html", "<script>window.PWNED = 1</script>\n",
     ["docs/kwaad.html", "[onveilig-bestand]", "'.html'"]),
    ("docs/kwaad.xml", '<html xmlns="http://www.w3.org/1999/xhtml"><script/></html>\n',
     ["docs/kwaad.xml", "[onveilig-bestand]", "'.xml'"]),
    ("docs/plaatje.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>\n',
     ["docs/plaatje.svg:1:41", "[onveilige-html]", "onload"]),
    ("docs/welkom.md", "---\ntemplate: redirect.html\nlocation: https://example.org/\n---\n",
     ["docs/welkom.md:2:1", "[onveilige-paginagegevens]", "'template'"]),
    ("docs/welkom.md", '<meta http-equiv="refresh" content="0;url=https://example.org/">\n',
     ["docs/welkom.md:1:1", "[onveilige-html]", "http-equiv"]),
]


@pytest.mark.parametrize("rel, content, named", [  # the first two fast, all with `make test`
    pytest.param(*case, marks=() if i < 2 else pytest.mark.slow) for i, case in enumerate(CASES)])
def test_check_and_build_refuse_a_contributed_script(
        project: Project, rel: str, content: str, named: list[str]) -> None:
    project.write(rel, content)
    run = project.run("check")
    project.assert_safe(run, 1, *named)
    assert run.seconds < LIMIT
    run = project.run("build")
    project.assert_safe(run, 1, named[0])
    assert run.seconds < LIMIT
    assert not (project.root / "site").exists()


@pytest.mark.parametrize("rel", ["docs/id/begrip/kwaad/index.html", "docs/begrippen/kwaad.md",
                                 "docs/zoeken/kwaad.js"])
def test_a_file_committed_into_a_generator_folder_is_checked_on_a_fresh_clone(
        project: Project, rel: str) -> None:
    """Before the first build there is no manifest, and the generator then keeps what it finds
    in its folders: such a file is checked like any other."""
    project.write(rel, "<script>window.PWNED = 1</script>\n")
    run = project.run("check")
    project.assert_safe(run, 1, rel)
    assert run.seconds < LIMIT


@pytest.mark.slow
def test_a_failed_build_keeps_the_previous_site(project: Project) -> None:
    run = project.run("build")
    project.assert_safe(run, 0)
    before = Project.snapshot(project.root / "site")
    project.write("docs/welkom.md", EVIL_PAGE)
    run = project.run("build")
    project.assert_safe(run, 1, "docs/welkom.md:3:1", "[onveilige-html]")
    assert Project.snapshot(project.root / "site") == before
    # After a build the manifest names the generator's files: they are not the editors'.
    run = project.run("check")
    project.assert_safe(run, 1, "docs/welkom.md")
    assert "docs/id/" not in run.out and "docs/begrippen/" not in run.out


def test_the_shipped_scripts_are_the_themes_scripts() -> None:
    """SHIPPED_SCRIPTS is every script of the engine's theme and no more; every script the
    configuration or a template loads is in it (and Mermaid, which leidraad.js loads); docs/
    and overrides/ hold none."""
    theme = REPO / "src" / "kennisbank" / "site" / "thema"
    present = {p.relative_to(theme).as_posix() for p in theme.rglob("*")
               if p.suffix in {".js", ".mjs", ".cjs"}}
    assert present == SHIPPED_SCRIPTS
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert set(config.get("extra_javascript", [])) <= SHIPPED_SCRIPTS
    templates = {m for folder in (theme, REPO / "overrides") for p in folder.rglob("*.html")
                 for m in re.findall(r"<script src=\"\{\{ '([^']+)'", p.read_text("utf-8"))}
    assert templates and templates <= SHIPPED_SCRIPTS
    for folder in (REPO / "docs", REPO / "overrides"):
        assert not [p for p in folder.rglob("*") if p.suffix in {".js", ".mjs", ".cjs"}]
    leidraad = (theme / "assets/leidraad.js").read_text(encoding="utf-8")
    assert "vendor/mermaid/mermaid.min.js" in leidraad


def test_the_rule_renders_pages_with_the_sites_markdown_extensions() -> None:
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"),  # noqa: S506
                       Loader=yaml.SafeLoader)
    named = {next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]}
    assert named - {"kennisbank.site.termlinks"} | {"toc", "tables", "fenced_code"} == \
        set(MARKDOWN_EXTENSIONS)
