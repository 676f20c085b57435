"""The engine's layout, enforced (dev/architecture.md): every module belongs to a layer, imports
only from its own layer or a lower one, and no modules import each other in a circle. Imports
inside functions and under TYPE_CHECKING count: they are how a hidden cycle hides.
Also the size limits that keep modules readable."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "kennisbank"

# Bottom to top. A module may import from its own layer and the layers before it.
LAYERS = ("core", "rdf", "content", "skos", "history", "checks", "site", "cli")
# Modules outside the subpackages and what they stand for.
TOP = {"kennisbank": "core", "kennisbank.__main__": "cli"}
MAX_MODULE_LINES = 450
MAX_CLASS_LINES = 300


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    if module in TOP:
        return TOP[module]
    return module.split(".")[1]


def imports(path: Path, known: set[str]) -> set[str]:
    """Every kennisbank module that `path` imports, wherever the import statement is."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from kennisbank.site import termlinks` imports the module kennisbank.site.termlinks
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name.startswith("kennisbank"):
                found.add(name)
    return found


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports(path, known) - {name} for name, path in mods.items()}


def test_every_module_is_in_a_layer() -> None:
    for name in modules():
        assert layer(name) in LAYERS, f"{name}: no layer (add its package to LAYERS)"


def test_no_module_imports_from_a_higher_layer() -> None:
    upward = [f"{name} ({layer(name)}) imports {target} ({layer(target)})"
              for name, targets in graph().items() for target in sorted(targets)
              if target != "kennisbank"
              and LAYERS.index(layer(target)) > LAYERS.index(layer(name))]
    assert upward == []


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle() -> None:
    # A package's __init__ importing nothing keeps packages out of this on their own.
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_a_hidden_cycle(tmp_path: Path) -> None:
    """The check itself: a function-level import that closes a circle is found."""
    (tmp_path / "a.py").write_text("from kennisbank.b import x\n", encoding="utf-8")
    (tmp_path / "b.py").write_text("def f():\n    from kennisbank.a import y\n",
                                   encoding="utf-8")
    known = {"kennisbank.a", "kennisbank.b"}
    edges = {"kennisbank.a": imports(tmp_path / "a.py", known),
             "kennisbank.b": imports(tmp_path / "b.py", known)}
    assert cycles(edges) == [["kennisbank.a", "kennisbank.b"]]


@pytest.mark.parametrize("name", sorted(modules()))
def test_module_and_class_sizes(name: str) -> None:
    path = modules()[name]
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= MAX_MODULE_LINES, f"{name}: split it"
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            size = (node.end_lineno or node.lineno) - node.lineno + 1
            assert size <= MAX_CLASS_LINES, f"{name}.{node.name}: {size} lines"


def test_every_module_is_described_in_the_architecture_doc() -> None:
    doc = (PACKAGE.parents[1] / "dev" / "architecture.md").read_text(encoding="utf-8")
    missing = [str(path.relative_to(PACKAGE)) for path in sorted(PACKAGE.rglob("*.py"))
               if path.name != "__init__.py" and path.parent != PACKAGE
               and f"`{path.relative_to(PACKAGE).as_posix()}`" not in doc]
    assert missing == []


def test_no_module_imports_a_private_name_of_another() -> None:
    """A name that starts with `_` is its module's own: another module that needs it gets a
    public name (or the two belong together)."""
    private = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kennisbank"):
                private += [f"{name}: {node.module}.{alias.name}" for alias in node.names
                            if alias.name.startswith("_")]
    assert private == []
