"""Rules on the hand-written pages in docs/: what the theme prints without escaping."""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from kennisbank.content.model import Inhoud
from kennisbank.core.findings import Finding, Level

# Front-matter keys whose values the theme (Material, and our overrides/main.html) puts raw
# into the page: a quote or an angle bracket ends an attribute or element and starts markup
# of the author's choosing.
RAW_KEYS = frozenset({"description", "author", "title", "subtitle", "status", "icon",
                      "revision_date", "kennisbank_begrip"})
UNSAFE = re.compile(r"[\"<>]")
# As MkDocs reads front matter (mkdocs.utils.meta.YAML_RE): a byte-order mark, `---` with
# trailing spaces, and `---` or `...` to close it.
_FRONT_MATTER = re.compile(r"\A\ufeff?-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)


def raw_front_matter(inhoud: Inhoud) -> Iterator[Finding]:
    """A value the theme prints raw that holds `"`, `<` or `>`, read the way YAML reads it
    (block scalars, escapes, quoted keys); anchors and aliases are refused outright."""
    for rel, text in sorted((inhoud.paginas or {}).items()):
        front = _FRONT_MATTER.match(text)
        if front is None:
            continue
        path = f"docs/{rel}"
        try:
            tokens = list(yaml.scan(front.group(1), Loader=yaml.SafeLoader))
            if any(isinstance(t, (yaml.AnchorToken, yaml.AliasToken)) for t in tokens):
                yield Finding(path, 2, 1, Level.FOUT, "onveilige-paginagegevens",
                              "de gegevens bovenaan de pagina gebruiken een anker of alias "
                              "(& of *); schrijf elke waarde voluit")
                continue
            root = yaml.compose(front.group(1), Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            continue  # the engine reports a broken front matter itself
        if isinstance(root, yaml.MappingNode):
            yield from _raw_values(path, root)


def _raw_values(path: str, root: yaml.MappingNode) -> Iterator[Finding]:
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "<<":  # a merge key's pairs
            merged = value.value if isinstance(value, yaml.SequenceNode) else [value]
            for mapping in merged:
                if isinstance(mapping, yaml.MappingNode):
                    yield from _raw_values(path, mapping)
            continue
        if not (isinstance(key, yaml.ScalarNode) and key.value in RAW_KEYS):
            continue
        todo: list[yaml.Node] = [value]
        while todo:
            node = todo.pop()
            if isinstance(node, yaml.ScalarNode):
                bad = UNSAFE.search(node.value)
                if bad:
                    mark = node.start_mark
                    yield Finding(path, mark.line + 2, mark.column + 1, Level.FOUT,
                                  "onveilige-paginagegevens",
                                  f"{key.value!r} bevat {bad.group()!r}; het thema zet deze "
                                  "waarde onbewerkt in de pagina, waar dit teken een eigen "
                                  "stuk HTML begint (verwachtte tekst zonder \", < en >)")
                    break
            elif isinstance(node, yaml.MappingNode):
                todo += [v for _, v in node.value]
            elif isinstance(node, yaml.SequenceNode):
                todo += node.value
