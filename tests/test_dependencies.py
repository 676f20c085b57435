"""Declared dependencies match the code, and the lock is hash-checked.

Every third-party module that the engine imports (also inside functions) or runs with
`python -m` must be a runtime dependency in pyproject's [project] dependencies, not only an
extra; what tests/ and scripts/ import may also come from the extras. Every pinned line of
requirements.lock carries a sha256 hash, so `pip install --require-hashes` accepts it.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
LOCK = ROOT / "requirements.lock"

# Import names whose distribution is called differently; any other name is its own
# distribution (rdflib, mkdocs, watchdog, zensical, pytest, ...).
DISTRIBUTION = {
    "yaml": "PyYAML",
    "markdown": "Markdown",
    "material": "mkdocs-material",
    "pymdownx": "pymdown-extensions",
    "axe_playwright_python": "axe-playwright-python",
}
# Markdown extensions that Python-Markdown itself ships (mkdocs.yml markdown_extensions).
MARKDOWN_BUILTIN = {
    "abbr", "admonition", "attr_list", "codehilite", "def_list", "extra", "fenced_code",
    "footnotes", "legacy_attrs", "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists",
    "smarty", "tables", "toc", "wikilinks",
}
# mkdocs.yml `theme: name:` -> the distribution that provides the theme.
# `kennisbank` is the engine's own theme (src/kennisbank/site/thema/), which extends Material.
THEME = {"mkdocs": "mkdocs", "readthedocs": "mkdocs", "material": "mkdocs-material",
         "kennisbank": "mkdocs-material"}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    assert match, f"unreadable requirement in pyproject.toml: {requirement!r}"
    return normalise(match.group(1))


def declared() -> tuple[set[str], dict[str, set[str]]]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    runtime = {requirement_name(r) for r in project.get("dependencies", [])}
    extras = {extra: {requirement_name(r) for r in requirements}
              for extra, requirements in project.get("optional-dependencies", {}).items()}
    return runtime, extras


def distribution(module: str) -> str:
    return normalise(DISTRIBUTION.get(module, module))


def _python_m(node: ast.AST) -> Iterator[str]:
    """Modules run as a program: `[sys.executable, "-m", "zensical", ...]`."""
    if isinstance(node, ast.List | ast.Tuple):
        for flag, module in zip(node.elts, node.elts[1:], strict=False):
            if (isinstance(flag, ast.Constant) and flag.value == "-m"
                    and isinstance(module, ast.Constant) and isinstance(module.value, str)):
                yield module.value


def third_party(folder: Path, own: set[str]) -> dict[str, set[str]]:
    """Top-level third-party modules used in folder's .py files -> the files using them."""
    used: dict[str, set[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            names += list(_python_m(node))
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top == "__future__" or top in own:
                    continue
                used.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return used


def _local_modules(folder: Path) -> set[str]:
    return {path.stem for path in folder.glob("*.py")}


def _missing(used: dict[str, set[str]], allowed: set[str]) -> list[str]:
    return [f"{module} (distribution {distribution(module)}) used in {sorted(files)}"
            for module, files in sorted(used.items()) if distribution(module) not in allowed]


def test_the_engine_declares_every_module_it_imports_or_runs() -> None:
    runtime, _ = declared()
    used = third_party(ROOT / "src" / "kennisbank", own={"kennisbank"})
    assert {"yaml", "rdflib", "markdown", "mkdocs", "watchdog", "zensical"} <= set(used), used
    missing = _missing(used, runtime)
    assert not missing, "not in pyproject's [project] dependencies:\n" + "\n".join(missing)


def test_the_site_configuration_declares_its_theme_and_markdown_extensions() -> None:
    runtime, _ = declared()
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    theme = str(config["theme"]["name"] if isinstance(config["theme"], dict) else config["theme"])
    needed = {f"theme {theme}": normalise(THEME.get(theme, theme))}
    for entry in config.get("markdown_extensions", []):
        name = next(iter(entry)) if isinstance(entry, dict) else entry
        top = name.split(".")[0]
        if name in MARKDOWN_BUILTIN or top == "markdown":
            needed[name] = "markdown"
        elif top != "kennisbank":
            needed[name] = distribution(top)
    missing = {what: dist for what, dist in needed.items() if dist not in runtime}
    assert not missing, f"mkdocs.yml needs undeclared distributions: {missing}"


def test_tests_and_scripts_declare_what_they_import() -> None:
    runtime, extras = declared()
    allowed = runtime.union(*extras.values())
    for folder in ("tests", "scripts"):
        used = third_party(ROOT / folder, own={"kennisbank"} | _local_modules(ROOT / folder))
        missing = _missing(used, allowed)
        assert not missing, f"{folder}/ imports undeclared modules:\n" + "\n".join(missing)


def test_test_only_packages_are_no_runtime_dependencies() -> None:
    runtime, extras = declared()
    assert {"test", "dev"} <= set(extras)
    for package in ("pytest", "hypothesis", "pyshacl", "jsonschema", "playwright", "ruff", "mypy"):
        assert package not in runtime, f"{package} is for tests or development, not at run time"


def lock_entries() -> list[str]:
    """The lock's requirements, each with its continuation lines joined."""
    text = LOCK.read_text(encoding="utf-8").replace("\\\n", " ")
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_every_pin_in_the_lock_carries_a_hash() -> None:
    entries = lock_entries()
    pins = [entry for entry in entries if "==" in entry.split("--hash")[0]]
    assert len(pins) == len(entries), [entry for entry in entries if entry not in pins]
    unhashed = [pin.split()[0] for pin in pins
                if not re.search(r"--hash=sha256:[0-9a-f]{64}\b", pin)]
    assert not unhashed, f"lock lines without --hash=sha256: {unhashed}"


def test_the_lock_pins_every_declared_package_and_the_build_tools() -> None:
    runtime, extras = declared()
    pinned = {normalise(entry.split("==")[0]) for entry in lock_entries()}
    wanted = runtime.union(*extras.values()) | {"setuptools", "wheel"}
    assert not wanted - pinned, f"declared but not in requirements.lock: {wanted - pinned}"
