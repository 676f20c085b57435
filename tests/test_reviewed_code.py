"""site.reviewedcode: MkDocs parses a template, and puts a theme file into the site, from
inside the project only as gekeurde-code.sha256 records it, compared as it is read (issue 24,
R13-3). Real Jinja and MkDocs objects; the attack itself is in test_attack_round13.py."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from kennisbank.site.reviewedcode import Reviewed, ReviewedTemplates

TEMPLATE = "<p>{{ 6 * 7 }}</p>\n"


def _record(root: Path, *names: str) -> None:
    (root / "gekeurde-code.sha256").write_text("".join(
        f"{hashlib.sha256((root / name).read_bytes()).hexdigest()}  {name}\n" for name in names),
        encoding="utf-8")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "overrides" / "assets").mkdir(parents=True)
    (tmp_path / "overrides" / "main.html").write_text(TEMPLATE, encoding="utf-8")
    (tmp_path / "overrides" / "assets" / "eigen.js").write_text("1;\n", encoding="utf-8")
    _record(tmp_path, "overrides/main.html", "overrides/assets/eigen.js")
    (tmp_path / "docs").mkdir()
    return tmp_path


def _env(root: Path, installed: Path) -> Environment:
    return Environment(loader=ReviewedTemplates([str(root / "overrides"), str(installed)], root),
                       autoescape=True)


def test_a_recorded_template_renders_and_one_changed_since_is_refused(
        root: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    installed = tmp_path_factory.mktemp("thema")
    (installed / "base.html").write_text("{{ 1 + 1 }}", encoding="utf-8")
    assert _env(root, installed).get_template("main.html").render() == "<p>42</p>"
    assert _env(root, installed).get_template("base.html").render() == "2"  # not ours
    (root / "overrides" / "main.html").write_text(
        "{{ lipsum.__globals__.os.getcwd() }}", encoding="utf-8")
    with pytest.raises(PluginError, match="overrides/main.html is niet zoals gekeurd"):
        _env(root, installed).get_template("main.html")


def test_a_new_template_in_the_project_is_refused(root: Path, tmp_path: Path) -> None:
    (root / "overrides" / "404.html").write_text("<p>weg</p>", encoding="utf-8")
    with pytest.raises(PluginError, match="overrides/404.html"):
        _env(root, tmp_path).get_template("404.html")


def _files(root: Path) -> tuple[Files, MkDocsConfig]:
    config = MkDocsConfig()
    config.load_dict({"site_name": "Proef", "docs_dir": str(root / "docs"),
                      "site_dir": str(root / "site")})
    theme_file = File("assets/eigen.js", str(root / "overrides"), str(root / "site"), True)
    return Files([theme_file]), config


def test_a_recorded_theme_file_goes_into_the_site_as_the_bytes_compared(root: Path) -> None:
    files, config = _files(root)
    Reviewed(root).on_files(files, config)
    (root / "overrides" / "assets" / "eigen.js").write_text("lek();\n", encoding="utf-8")
    assert files.get_file_from_path("assets/eigen.js").content_bytes == b"1;\n"  # type: ignore[union-attr]


@pytest.mark.parametrize("change", ["changed", "link"])
def test_a_theme_file_not_as_recorded_stops_the_build(root: Path, tmp_path: Path,
                                                      change: str) -> None:
    script = root / "overrides" / "assets" / "eigen.js"
    if change == "changed":
        script.write_text("lek();\n", encoding="utf-8")
    else:  # a link to a file with the recorded bytes: never read through
        (tmp_path / "elders.js").write_bytes(script.read_bytes())
        script.unlink()
        script.symlink_to(tmp_path / "elders.js")
    files, config = _files(root)
    with pytest.raises(PluginError, match="overrides/assets/eigen.js"):
        Reviewed(root).on_files(files, config)


def _docs_files(root: Path, *names: str) -> tuple[Files, MkDocsConfig]:
    """The files as MkDocs lists docs/ (it follows linked folders)."""
    config = MkDocsConfig()
    config.load_dict({"site_name": "Proef", "docs_dir": str(root / "docs"),
                      "site_dir": str(root / "site")})
    return Files([File(name, str(root / "docs"), str(root / "site"), True)
                  for name in names]), config


@pytest.mark.parametrize("where", ["file", "folder"])
def test_a_docs_file_arriving_as_a_link_after_the_check_is_never_read(
        root: Path, tmp_path_factory: pytest.TempPathFactory, where: str) -> None:
    secret = tmp_path_factory.mktemp("thuis") / "id_ed25519"
    secret.write_text("GEHEIM", encoding="utf-8")
    (root / "docs" / "gewoon.txt").write_text("openbaar", encoding="utf-8")
    if where == "file":
        (root / "docs" / "sleutel.txt").symlink_to(secret)
    else:
        (root / "docs" / "map").symlink_to(secret.parent, target_is_directory=True)
    linked_name = "sleutel.txt" if where == "file" else "map/id_ed25519"
    files, config = _docs_files(root, "gewoon.txt", linked_name)
    Reviewed(root).on_files(files, config)
    plain = files.get_file_from_path("gewoon.txt")
    assert plain is not None
    plain.copy_file()
    assert (root / "site" / "gewoon.txt").read_text(encoding="utf-8") == "openbaar"
    linked = files.get_file_from_path(linked_name)
    assert linked is not None
    with pytest.raises(PluginError, match="geen gewoon bestand"):
        linked.copy_file()
    assert "GEHEIM" not in "".join(p.read_text(encoding="utf-8")
                                   for p in (root / "site").rglob("*") if p.is_file())


def test_a_page_that_is_a_link_is_never_read(root: Path, tmp_path: Path) -> None:
    from mkdocs.structure.pages import Page

    (tmp_path / "geheim.md").write_text("# GEHEIM\n", encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Welkom\n", encoding="utf-8")
    (root / "docs" / "lek.md").symlink_to(tmp_path / "geheim.md")
    files, config = _docs_files(root, "index.md", "lek.md")
    plugin = Reviewed(root)
    plugin.on_files(files, config)
    index, lek = (files.get_file_from_path(name) for name in ("index.md", "lek.md"))
    assert index is not None and lek is not None
    assert plugin.on_page_read_source(Page(None, index, config), config) == "# Welkom\n"
    with pytest.raises(PluginError, match="docs/lek.md is geen gewoon bestand"):
        plugin.on_page_read_source(Page(None, lek, config), config)
