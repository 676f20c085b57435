"""A site of its own (issue 27): `kennisbank init`, then `kennisbank build` with nothing from
this repository: the engine's theme, configuration and home page, written from the kader;
project files win where a project has them. The real vocabularies' builds are in
test_own_site_browser.py (with axe) and below, marked slow."""

from __future__ import annotations

import hashlib
import html
import re
import shutil
from pathlib import Path

import pytest

from kennisbank.cli.main import main
from kennisbank.site import project
from own_sites import (
    IMPORTS,
    INIT_ARGS,
    TITLE,
    build,
    foreign_text,
    import_project,
    init_project,
    raw_markup,
)

ENGINES = ["mkdocs", "zensical"]


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One project made by init, built by each engine (a copy per engine)."""
    base = tmp_path_factory.mktemp("init")
    made = init_project(base / "nieuw")
    sites = {}
    for engine in ENGINES:
        root = shutil.copytree(made, base / engine)
        sites[engine] = build(root, engine)
    return sites


def test_init_makes_a_checked_project_without_leidraad(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "nieuw"
    code, out, _ = run_cli("init", str(target), *INIT_ARGS)
    assert code == 0, out
    assert f"kennisbank build --root {target}" in out  # says what to do next
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")) == [
        ".gitignore", "begrippen", "begrippen/_kader.yaml", "begrippen/voorbeeldbegrip.yaml"]
    kader = (target / "begrippen/_kader.yaml").read_text(encoding="utf-8")
    assert f'titel: "{TITLE}"' in kader
    assert 'licentie: "https://creativecommons.org/licenses/by/4.0/"' in kader
    assert "email: \"begrippen@waterschap.example\"" in kader
    code, out, _ = run_cli("check", "--root", str(target))
    assert code == 0
    assert out.splitlines()[-1].startswith("0 fouten, ")


@pytest.mark.parametrize(("args", "said"), [
    ([], "dit ontbreekt: --titel, --basis-uri, --uitgever"),
    (["--titel", "T", "--basis-uri", "https://a.example/id", "--uitgever", "U"],
     "moet eindigen op '/'"),
    (["--titel", "T", "--basis-uri", "begrippen/", "--uitgever", "U"],
     "geen http(s)-adres"),
    (["--titel", " ", "--basis-uri", "https://a.example/id/", "--uitgever", "U"],
     "--titel is leeg"),
    (["--titel", "T", "--basis-uri", "https://a.example/id/", "--uitgever", "U",
      "--licentie", "vrij"], "geen adres en geen bekende licentie"),
    (["--titel", "T", "--basis-uri", "https://a.example/id/", "--uitgever", "U",
      "--email", "geen-adres"], "er is niets gemaakt"),
])
def test_init_refuses_wrong_options_and_makes_nothing(tmp_path: Path, run_cli,  # type: ignore[no-untyped-def]
                                                      args: list[str], said: str) -> None:
    target = tmp_path / "nieuw"
    code, out, err = run_cli("init", str(target), *args)
    assert code == 2
    assert said in err, err
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary folder left either


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "notities.txt").write_text("mijn werk\n", encoding="utf-8")
    code, _, err = run_cli("init", str(tmp_path), *INIT_ARGS)
    assert code == 2
    assert "bestaat al en is niet leeg" in err
    assert [p.name for p in tmp_path.iterdir()] == ["notities.txt"]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_site_is_the_projects_own(initialised: dict[str, Path], engine: str) -> None:
    site = initialised[engine]
    home = (site / "index.html").read_text(encoding="utf-8")
    concept = (site / "begrippen/voorbeeldbegrip/index.html").read_text(encoding="utf-8")
    for page in (home, concept):
        title = re.search(r"<title>(.*?)</title>", page, re.S)
        assert title is not None and TITLE in title.group(1)
        assert f'<span class="md-ellipsis">\n            {TITLE}\n' in page
        # The footer: publisher and licence from the kader.
        footer = page[page.index('class="md-copyright"'):]
        assert "Waterschap Voorbeeld" in footer[:600]
        assert '<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>' in footer
    assert "<h1 id=" in home and TITLE in home
    assert 'href="mailto:begrippen@waterschap.example"' in home
    assert foreign_text(site) == []
    assert raw_markup(site) == []
    # No leidraad anywhere: not in the navigation, no pages, no script, no flowchart library.
    assert not (site / "leidraad").exists()
    assert not (site / "assets/leidraad.js").exists()
    assert not (site / "assets/vendor/mermaid").exists()
    assert not (site / "formaat").exists()
    # Only assets: nothing of the theme folder that is no asset.
    assert not [p for p in site.rglob("*") if p.suffix in (".py", ".pyc", ".md")
                or p.name == "mkdocs_theme.yml"]
    for asset in ("kennisbank.css", "kennisbank.js", "zoeken.js", "tekstcheck.js"):
        assert (site / "assets" / asset).is_file()
    assert (site / "tekstcheck/index.html").is_file()


def _review(root: Path) -> None:
    """Record the project's templates and configuration as reviewed, as a maintainer does
    (`sha256sum ... > gekeurde-code.sha256`): without it, check refuses them."""
    files = sorted(p for p in [root / "mkdocs.yml", *(root / "overrides").rglob("*")]
                   if p.is_file())
    (root / "gekeurde-code.sha256").write_text("".join(
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(root).as_posix()}\n"
        for p in files), encoding="utf-8")


def test_project_files_overlay_the_defaults(tmp_path: Path) -> None:
    """An edited home page, an own template in overrides/ and an own asset in docs/assets/
    win; a default page that is removed comes back; the theme's files are untouched."""
    root = init_project(tmp_path / "p")
    build(root, "mkdocs")
    home = root / "docs/index.md"
    generated = home.read_text(encoding="utf-8")
    home.write_text(generated.replace("## Begrippen", "## Onze eigen startpagina"),
                    encoding="utf-8")
    (root / "overrides/partials").mkdir(parents=True)
    (root / "overrides/partials/copyright.html").write_text(
        '<div class="md-copyright">Eigen voettekst</div>\n', encoding="utf-8")
    _review(root)
    (root / "docs/assets").mkdir()
    (root / "docs/assets/zoeken.css").write_text("/* eigen */\n", encoding="utf-8")
    site = build(root, "mkdocs")
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "Onze eigen startpagina" in page
    footer = page[page.index("<footer"):]
    assert "Eigen voettekst" in footer and "CC BY 4.0" not in footer
    assert (site / "assets/zoeken.css").read_text(encoding="utf-8") == "/* eigen */\n"
    assert "Onze eigen startpagina" in home.read_text(encoding="utf-8")  # never overwritten
    home.unlink()
    build(root, "mkdocs")
    assert home.read_text(encoding="utf-8") == generated


def test_own_mkdocs_yml_wins_and_no_default_is_written(tmp_path: Path) -> None:
    root = init_project(tmp_path / "p")
    build(root, "mkdocs")
    config = (root / project.DEFAULT_MKDOCS).read_text(encoding="utf-8")
    (root / project.DEFAULT_MKDOCS).unlink()
    (root / "mkdocs.yml").write_text(config.replace(
        f"site_name: {TITLE}", "site_name: Eigen configuratie"), encoding="utf-8")
    _review(root)
    site = build(root, "mkdocs")
    assert "<title>Home - Eigen configuratie</title>" in (site / "index.html").read_text(
        encoding="utf-8")
    assert not (root / project.DEFAULT_MKDOCS).exists()


def test_default_configuration_escapes_the_kader(tmp_path: Path) -> None:
    """Both engines print site_name unescaped: a title with markup stays text."""
    root = tmp_path / "p"
    assert main(["init", str(root), "--titel", 'Kader <b>"vet"</b> & co',
                 "--basis-uri", "https://a.example/id/begrip/", "--uitgever", "<i>U</i>"]) == 0
    site = build(root, "mkdocs")
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "<b>" not in page and "<i>U</i>" not in page
    assert html.escape('Kader <b>"vet"</b> & co') in page


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", sorted(IMPORTS))
def test_an_imported_vocabulary_builds_into_a_site_of_its_own(
        tmp_path: Path, name: str, engine: str) -> None:
    root = import_project(name, tmp_path / name)
    site = build(root, engine)
    source, title = IMPORTS[name]
    page = (site / "index.html").read_text(encoding="utf-8")
    assert f"<title>Home - {html.escape(title)}</title>" in page
    assert foreign_text(site, source) == []
    assert raw_markup(site) == []
    assert not (site / "leidraad").exists()
