"""Reading one YAML file safely: bytes → UTF-8 text → a PyYAML node tree with positions.

Nothing is constructed from tags; tags, anchors and aliases are refused as the parser meets
them (so an alias bomb never expands); file size and nesting depth are limited.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from kennisbank.core.findings import Finding, Level, Pos, os_reason

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
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)

        def dispose(self) -> None:
            pass


_RESOLVER = _Resolver()
EventParser = _Parser  # libyaml's event parser (content.records reads its events directly)
# Plain scalars that are no text to us: the nulls and the merge key (a tag of its own).
NOT_TEXT = frozenset((*_NULLS, "<<"))
BOOLS = _BOOLS
# Limits that keep a hostile file from exhausting memory or the stack. Our format nests
# five levels deep; no hand-written content file comes near a megabyte (an imported kader
# with much RDF of its own might).
MAX_DEPTH = 32
MAX_FILE_BYTES = 4 * 1024 * 1024
SEQ_TAG, MAP_TAG = _YAML + "seq", _YAML + "map"


class _RefusedError(Exception):
    def __init__(self, finding: Finding):
        super().__init__(finding.message)
        self.finding = finding


def _compose(text: str, rel: str, findings: list[Finding]) -> yaml.Node | None:
    """The node tree of the single document in `text`, composed from the parser's events.

    Our own composer rather than PyYAML's: it is iterative (libyaml's recursive composer
    crashes the process on deep nesting), it refuses anchors, aliases and tags as it meets
    them (so an alias bomb never expands), and it costs the same as composing in C and then
    walking the tree. Scalars, most of the events, take the shortest way: the implicit tag
    from one dictionary, the node built without a call to its constructor.
    """
    parser = _Parser(text)
    get_event = parser.get_event
    # The open collections, innermost last, and beside each its pending mapping key (None
    # while it waits for one), or _IN_SEQUENCE for a sequence.
    open_nodes: list[Any] = []
    pending: list[Any] = []
    root: yaml.Node | None = None
    documents = 0
    tagged = False
    try:
        while True:
            event: Any = get_event()
            kind = type(event)
            node: Any
            if kind is _SCALAR_EVENT:
                if event.anchor is not None:
                    raise _RefusedError(_at(event, rel, "yaml-alias", _NO_ANCHORS))
                value = event.value
                tag = event.tag
                if tag is None or tag == "!":
                    tag = _IMPLICIT.get(value, STR_TAG) if event.implicit[0] else STR_TAG
                node = _new(_SCALAR_NODE)
                node.tag, node.value, node.style = tag, value, event.style
                node.start_mark, node.end_mark = event.start_mark, event.end_mark
                if tag not in STANDARD_TAGS:
                    tagged |= _bad_tag(node, rel, findings)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                _refuse_anchor(event, rel)
                if len(open_nodes) >= MAX_DEPTH:
                    raise _RefusedError(_at(event, rel, "te-diep-genest", f"de waarden zijn hier "
                                   f"meer dan {MAX_DEPTH} niveaus diep genest; het formaat "
                                   "kent hooguit vijf niveaus"))
                mapping = kind is yaml.MappingStartEvent
                tag = event.tag if event.tag not in (None, "!") else (MAP_TAG if mapping
                                                                      else SEQ_TAG)
                node = (yaml.MappingNode if mapping else yaml.SequenceNode)(
                    tag, [], event.start_mark, event.end_mark, event.flow_style)
                tagged |= _bad_tag(node, rel, findings)
                open_nodes.append(node)
                pending.append(None if mapping else _IN_SEQUENCE)
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                node = open_nodes.pop()
                pending.pop()
                node.end_mark = event.end_mark
            elif kind is yaml.AliasEvent:
                raise _RefusedError(_at(event, rel, "yaml-alias", _NO_ANCHORS))
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _RefusedError(_at(event, rel, "yaml-syntax", "YAML-fout: het bestand "
                                   "bevat meer dan één YAML-document ('---')"))
                continue
            elif kind is yaml.StreamEndEvent:
                return None if tagged else root
            else:
                continue
            if not open_nodes:
                root = node
                continue
            key = pending[-1]
            if key is _IN_SEQUENCE:
                open_nodes[-1].value.append(node)
            elif key is None:
                pending[-1] = node
            else:
                open_nodes[-1].value.append((key, node))
                pending[-1] = None
    except _RefusedError as refused:
        findings.append(refused.finding)
        return None
    finally:
        parser.dispose()


_SCALAR_EVENT, _SCALAR_NODE = yaml.ScalarEvent, yaml.ScalarNode
_new = object.__new__
_IN_SEQUENCE = object()
# The tag of a plain scalar (what _Resolver.resolve gives): only null, bool and merge differ
# from text.
_IMPLICIT = {**dict.fromkeys(_NULLS, NULL_TAG), **dict.fromkeys(_BOOLS, BOOL_TAG),
             "<<": MERGE_TAG}


_NO_ANCHORS = "ankers en aliassen (&naam, *naam) zijn niet toegestaan; schrijf de waarde uit"


def _at(event: Any, rel: str, code: str, message: str) -> Finding:
    mark = event.start_mark
    return Finding(rel, mark.line + 1, mark.column + 1, Level.FOUT, code, message)


def _refuse_anchor(event: Any, rel: str) -> None:
    if event.anchor is not None:
        raise _RefusedError(_at(event, rel, "yaml-alias", _NO_ANCHORS))


def _bad_tag(node: yaml.Node, rel: str, findings: list[Finding]) -> bool:
    """A finding for a tag other than the standard ones (which includes merge keys)."""
    if node.tag in STANDARD_TAGS:
        return False
    tag = node.tag.replace(_YAML, "!!")
    findings.append(Finding.at(pos_of(node, rel), Level.FOUT, "yaml-tag",
        f"YAML-tag {tag!r} is niet toegestaan; gebruik gewone tekst, lijsten en mappings"))
    return True


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
    data = read_content(path, rel, findings)
    return None if data is None else parse_document(data, rel, findings)


def read_content(path: Path, rel: str, findings: list[Finding]) -> bytes | None:
    """The bytes of the content file `path`, or None after a finding (unreadable, too big)."""
    try:
        data = _read_bounded(path)
    except OSError as exc:
        findings.append(Finding(rel, 1, 1, Level.FOUT, "onleesbaar-bestand",
                                f"kan het bestand niet lezen: {os_reason(exc)}"))
        return None
    if isinstance(data, int):
        findings.append(Finding(rel, 1, 1, Level.FOUT, "bestand-te-groot",
            f"het bestand is {data:,} bytes; een inhoudsbestand mag hooguit "
            f"{MAX_FILE_BYTES:,} bytes zijn".replace(",", ".")))
        return None
    return data


def read_bytes(path: Path) -> bytes | None:
    """The bytes of a content file, or None when it cannot be read or is too big (reading
    it as a document then says why)."""
    try:
        data = _read_bounded(path)
    except OSError:
        return None
    return None if isinstance(data, int) else data


def _read_bounded(path: Path) -> bytes | int:
    """The bytes of `path`, or its size when it holds more than MAX_FILE_BYTES: never more
    than that is read, and a content file costs an open, two reads and a close."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        chunks = []
        total = 0
        while chunk := os.read(fd, _CHUNK):
            total += len(chunk)
            if total > MAX_FILE_BYTES:
                return max(os.fstat(fd).st_size, total)
            chunks.append(chunk)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    finally:
        os.close(fd)


_CHUNK = 1 << 16


def parse_document(data: bytes, rel: str, findings: list[Finding]) -> yaml.Node | None:
    """The root node of the single YAML document in `data` (a file's bytes, or a blob from
    git history), or None after findings."""
    text = _decode(data, rel, findings)
    if text is None:
        return None
    before = len(findings)
    try:
        node = _compose(text, rel, findings)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        findings.append(Finding(rel, line, column, Level.FOUT, "yaml-syntax",
                                "YAML-fout: " + _dutch_problem(exc.problem or str(exc))))
        return None
    except yaml.YAMLError as exc:
        findings.append(Finding(rel, 1, 1, Level.FOUT, "yaml-syntax", f"YAML-fout: {exc}"))
        return None
    if len(findings) > before:  # refused: a tag, an anchor, too deep
        return None
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG):
        findings.append(Finding(rel, 1, 1, Level.FOUT, "leeg-bestand",
                                "het bestand is leeg; verwachtte sleutels zoals in de voorbeelden"))
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
