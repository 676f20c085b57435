"""Reading one YAML file safely: bytes → UTF-8 text → a PyYAML node tree with positions.

Nothing is constructed from tags, and aliases are refused (so an alias bomb never expands).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from kennisbank.findings import Finding, Level, Pos

_YAML = "tag:yaml.org,2002:"
STANDARD_TAGS = frozenset(
    _YAML + t for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)
NULL_TAG = _YAML + "null"
STR_TAG, BOOL_TAG, MERGE_TAG = _YAML + "str", _YAML + "bool", _YAML + "merge"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = frozenset("yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF"
                   .split())


class _Resolver(yaml.resolver.BaseResolver):
    """Implicit tags for plain scalars: only null and bool matter to us.

    Every text field keeps the scalar as written (so `versie: 1.10` stays '1.10'), which
    makes int/float/timestamp resolution pointless; skipping PyYAML's regex resolver
    roughly halves the time to compose a file.
    """

    def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            if value in _NULLS:
                return NULL_TAG
            if value in _BOOLS:
                return BOOL_TAG
            if value == "<<":
                return MERGE_TAG
            return STR_TAG
        return super().resolve(kind, value, implicit)  # type: ignore[no-any-return,no-untyped-call]


try:  # libyaml's parser is ~10x faster; the pure-Python one is the fallback.
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


class _Loader(_Parser, yaml.constructor.BaseConstructor, _Resolver):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        yaml.constructor.BaseConstructor.__init__(self)
        _Resolver.__init__(self)

# PyYAML/libyaml problems in Dutch; the English original follows in parentheses.
_PROBLEMS = (
    ("mapping values are not allowed", "hier mag geen ':' staan; zet tekst met ': ' erin "
     "tussen aanhalingstekens"),
    ("could not find expected ':'", "verwachtte een ':' na de sleutel"),
    ("did not find expected key", "verwachtte hier een sleutel; klopt de inspringing?"),
    ("did not find expected '-' indicator", "verwachtte hier een lijstitem ('- ...'); klopt "
     "de inspringing?"),
    ("found character that cannot start any token", "dit teken kan hier niet staan (tabs "
     "zijn niet toegestaan; gebruik spaties)"),
    ("found a tab character", "tabs zijn niet toegestaan voor inspringing; gebruik spaties"),
    ("found undefined alias", "onbekende alias"),
    ("found unexpected end of stream", "onverwacht einde van het bestand; is een "
     "aanhalingsteken of haakje niet gesloten?"),
    ("but found another document", "het bestand bevat meer dan één YAML-document ('---')"),
    ("expected a single document", "het bestand bevat meer dan één YAML-document ('---')"),
    ("did not find expected node content", "verwachtte hier een waarde"),
    ("found unknown escape character", "onbekende escape-reeks in een tekst tussen dubbele "
     "aanhalingstekens"),
    ("did not find expected ',' or ']'", "verwachtte ',' of ']' in deze lijst"),
    ("did not find expected ',' or '}'", "verwachtte ',' of '}' in deze mapping"),
    ("found unexpected ':'", "onverwachte ':'; zet de tekst tussen aanhalingstekens"),
    ("control characters are not allowed", "het bestand bevat een ongeldig stuurteken"),
)


def pos_of(node: yaml.Node, rel: str) -> Pos:
    mark = node.start_mark
    return Pos(rel, mark.line + 1, mark.column + 1)


def _dutch_problem(problem: str) -> str:
    for english, dutch in _PROBLEMS:
        if english in problem:
            return f"{dutch} ({problem})"
    return problem


def _decode(data: bytes, rel: str, findings: list[Finding]) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = data[exc.start : exc.start + 1].hex().upper()
        findings.append(Finding(rel, line, column, Level.FOUT, "geen-utf8",
            f"byte 0x{byte} is geen geldige UTF-8; sla het bestand op als UTF-8"))
        return None


def read_document(path: Path, rel: str, findings: list[Finding]) -> yaml.Node | None:
    """Return the root node of the single YAML document in `path`, or None after findings."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        findings.append(Finding(rel, 1, 1, Level.FOUT, "onleesbaar-bestand",
                                f"kan het bestand niet lezen: {exc.strerror}"))
        return None
    return parse_document(data, rel, findings)


def parse_document(data: bytes, rel: str, findings: list[Finding]) -> yaml.Node | None:
    """The root node of the single YAML document in `data` (a file's bytes, or a blob from
    git history), or None after findings."""
    text = _decode(data, rel, findings)
    if text is None:
        return None
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        findings.append(Finding(rel, line, column, Level.FOUT, "yaml-syntax",
                                "YAML-fout: " + _dutch_problem(exc.problem or str(exc))))
        return None
    except yaml.YAMLError as exc:
        findings.append(Finding(rel, 1, 1, Level.FOUT, "yaml-syntax", f"YAML-fout: {exc}"))
        return None
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG):
        findings.append(Finding(rel, 1, 1, Level.FOUT, "leeg-bestand",
                                "het bestand is leeg; verwachtte sleutels zoals in de voorbeelden"))
        return None
    if _MAYBE_ANCHOR_OR_TAG.search(text) and not _check_structure(node, rel, findings):
        return None
    if not isinstance(node, yaml.MappingNode):
        findings.append(Finding.at(pos_of(node, rel), Level.FOUT, "geen-mapping",
            f"het bestand moet een mapping (sleutel: waarde) zijn, maar is een {kind_of(node)}"))
        return None
    return node


def kind_of(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    if isinstance(node, yaml.SequenceNode):
        return "lijst"
    if node.tag == NULL_TAG:
        return "lege waarde"
    return f"tekst {node.value!r}"


# Anchors and tags start with '&' or '!' right after white space or a flow indicator. Files
# without such a spot cannot hold one, so the walk below is skipped for them; prose like
# "Erkenning & Herstel" or "Let op!" does not match.
_MAYBE_ANCHOR_OR_TAG = re.compile(r"(?<![^\s\[{,])[&!]\S")


def _check_structure(root: yaml.Node, rel: str, findings: list[Finding]) -> bool:
    """Refuse tags and aliases. Walks each node once: linear in file size.

    Duplicate keys are found where mappings are read (`schema.pairs`).
    """
    ok = True
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            # The composer hands out the anchored node again for every alias.
            findings.append(Finding.at(pos_of(node, rel), Level.FOUT, "yaml-alias",
                "ankers en aliassen (&naam, *naam) zijn niet toegestaan; schrijf de waarde uit"))
            return False
        seen.add(id(node))
        if node.tag not in STANDARD_TAGS:
            tag = node.tag.replace(_YAML, "!!")
            findings.append(Finding.at(pos_of(node, rel), Level.FOUT, "yaml-tag",
                f"YAML-tag {tag!r} is niet toegestaan; gebruik gewone tekst, lijsten en mappings"))
            ok = False
            continue
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(value)
                stack.append(key)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return ok
