"""The content format, declared once.

Each content key is a dataclass field whose metadata holds its value type, whether it is
required, its documentation and the RDF property it maps to (see `key`). From that one
declaration come the parsing of YAML nodes (with positions and Dutch findings), the JSON
Schema for editors and the format reference in the README.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import yaml

from kennisbank.content.yamlsource import NULL_TAG, kind_of, pos_of
from kennisbank.core.findings import Finding, Level, Pos

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)
# Well-formed BCP 47 (RFC 5646) language tags. Primary subtags of 4-8 letters are reserved
# and never assigned, so they are refused (they catch typos like 'engels').
LANG_PATTERN = (
    r"^[a-zA-Z]{2,3}(?:-[a-zA-Z]{3}){0,3}"
    r"(?:-[a-zA-Z]{4})?(?:-(?:[a-zA-Z]{2}|[0-9]{3}))?"
    r"(?:-(?:[a-zA-Z0-9]{5,8}|[0-9][a-zA-Z0-9]{3}))*"
    r"(?:-[0-9a-wyzA-WYZ](?:-[a-zA-Z0-9]{2,8})+)*(?:-x(?:-[a-zA-Z0-9]{1,8})+)?$"
)
LANG_RE = re.compile(LANG_PATTERN)
DEFAULT_LANG = "nl"

# (line, column) of a value, keyed by its dotted place: 'breder.0', 'voorkeursterm.en'.
# Kept as plain tuples (the file path lives on the record) so records pickle small.
Loc = tuple[int, int]
LangText = dict[str, str]
LangList = dict[str, list[str]]


class Missing:
    """Marker for a value that could not be parsed (a finding was already reported)."""


MISSING = Missing()


def suggest(value: str, options: list[str] | set[str] | dict[str, Any]) -> str:
    """' (bedoelde je 'x'?)' when a close option exists, else ''."""
    match = difflib.get_close_matches(value, list(options), n=1, cutoff=0.6)
    return f"; bedoelde je {match[0]!r}?" if match else ""


@dataclass
class Ctx:
    """Parsing state for one file: where findings go and where each value was found."""

    rel: str
    findings: list[Finding]
    locs: dict[str, Loc] = field(default_factory=dict)

    def pos(self, node: yaml.Node) -> Pos:
        return pos_of(node, self.rel)

    def mark(self, where: str, node: yaml.Node) -> None:
        start = node.start_mark
        # Interned keys are shared between records, so a worker's results pickle small.
        self.locs[sys.intern(where)] = (start.line + 1, start.column + 1)

    def error(self, node: yaml.Node, code: str, message: str) -> Missing:
        self.findings.append(Finding.at(self.pos(node), Level.FOUT, code, message))
        return MISSING


def _name(where: str) -> str:
    """'bronnen.0.url' → 'bronnen[1].url' for messages (1-based, as people count)."""
    parts: list[str] = []
    for part in where.split("."):
        if part.isdigit() and parts:
            parts[-1] += f"[{int(part) + 1}]"
        else:
            parts.append(part)
    return ".".join(parts)


# Texts longer than this are refused: no definition or explanation comes near it, and
# unbounded texts make the term matching and the site build slow (quadratic in places).
MAX_TEXT = 20_000
MAX_TERM = 300
MAX_ID = 100
# Characters no text may hold: control characters other than tab and line breaks (they make
# RDF/XML not well-formed, and \x02/\x03 are Python-Markdown's own placeholders), lone
# surrogates (not encodable) and the noncharacters U+FFFE/U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def forbidden_character(value: str) -> str | None:
    """'U+0001 (teken 5)' for the first character that no text may hold, else None."""
    found = _FORBIDDEN.search(value)
    if found is None:
        return None
    return f"U+{ord(found.group()):04X} (teken {found.start() + 1})"


def _text(node: yaml.Node, ctx: Ctx, where: str, limit: int = MAX_TEXT) -> str | Missing:
    """A non-empty scalar, as written: `versie: 1.10` stays '1.10', `titel: no` stays 'no'."""
    if not isinstance(node, yaml.ScalarNode):
        return ctx.error(node, "verkeerd-type",
                         f"{_name(where)!r} moet een tekst zijn, maar is een {kind_of(node)}")
    value: str = node.value
    if node.tag == NULL_TAG or not value.strip():
        return ctx.error(node, "lege-waarde", f"{_name(where)!r} is leeg; verwachtte een tekst")
    if len(value) > limit:
        return ctx.error(node, "te-lang", f"{_name(where)!r} is {len(value):,} tekens lang; "
                         f"hooguit {limit:,} zijn toegestaan".replace(",", "."))
    bad = forbidden_character(value)
    if bad:
        return ctx.error(node, "ongeldig-teken", f"{_name(where)!r} bevat het stuurteken "
                         f"{bad}; verwijder het (zulke tekens zijn onzichtbaar en breken "
                         "RDF-bestanden)")
    # Kept exactly as written (imports must round-trip), except the line break that a
    # block scalar ('>' or '|') adds at its end.
    return value.rstrip("\n") if node.style in (">", "|") else value


def pairs(node: yaml.MappingNode, ctx: Ctx) -> list[tuple[yaml.Node, yaml.Node]]:
    """The key/value pairs of a mapping; a repeated key is a finding (PyYAML would silently
    keep the last value and lose the first)."""
    result: list[tuple[yaml.Node, yaml.Node]] = []
    first: dict[str, int] = {}
    for key_node, value_node in node.value:
        name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if isinstance(name, str) and name in first:
            ctx.error(key_node, "dubbele-sleutel", f"de sleutel {name!r} komt twee keer voor "
                      f"(eerder op regel {first[name]}); de ene waarde zou de andere ongemerkt "
                      "vervangen")
            continue
        if isinstance(name, str):
            first[name] = key_node.start_mark.line + 1
        result.append((key_node, value_node))
    return result


class Type:
    """A value type: parses a node (reporting findings) and describes itself as JSON Schema."""

    expected: ClassVar[str] = "een waarde"

    def parse(self, node: yaml.Node, ctx: Ctx, where: str) -> Any:
        raise NotImplementedError

    def empty(self) -> Any:
        return None

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError


class Str(Type):
    expected = "een tekst"

    def __init__(self, check: Callable[[str], str | None] | None = None,
                 code: str = "ongeldige-waarde", schema: dict[str, Any] | None = None,
                 limit: int = MAX_TEXT):
        self.check, self.code, self.schema, self.limit = check, code, schema or {}, limit

    def parse(self, node: yaml.Node, ctx: Ctx, where: str) -> str | Missing:
        ctx.mark(where, node)
        value = _text(node, ctx, where, self.limit)
        if isinstance(value, str) and self.check:
            problem = self.check(value)
            if problem:
                return ctx.error(node, self.code, f"{_name(where)!r}: {problem}")
        return value

    def empty(self) -> str:
        return ""

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1, "maxLength": self.limit, **self.schema}


def check_id(value: str) -> str | None:
    if ID_RE.fullmatch(value):
        return None
    return (f"{value!r} is geen geldige id; verwachtte kleine letters a-z, cijfers en '-' "
            f"(bijvoorbeeld {slugify(value)!r})")


# No spaces and none of the characters an IRI may not hold (RFC 3987): <>"{}|\^`
_URL_RE = re.compile(r"https?://[^\s/?#@<>\"{}|\\^`]+(?:[/?#][^\s<>\"{}|\\^`]*)?")


def check_url(value: str) -> str | None:
    if _URL_RE.fullmatch(value):
        return None
    if re.match(r"https?://", value):
        return (f"{value!r} bevat tekens die niet in een adres mogen (spaties of "
                "<>\"{}|\\^`); codeer ze, bijvoorbeeld een spatie als %20")
    return f"{value!r} is geen http(s)-adres; verwachtte een adres dat begint met https://"


def slugify(value: str) -> str:
    import unicodedata

    ascii_ = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    return slug or "begrip"


ID = Str(check_id, "ongeldige-id", {"pattern": ID_PATTERN}, limit=MAX_ID)
URL = Str(check_url, "ongeldige-url", {"format": "uri", "pattern": "^https?://"})
# A version may be written unquoted (versie: 1.10); the checker keeps it as written.
VERSION = Str(schema={"type": ["string", "number"]})


class Enum(Type):
    def __init__(self, *values: str, default: str):
        self.values, self.default = values, default

    def parse(self, node: yaml.Node, ctx: Ctx, where: str) -> str | Missing:
        ctx.mark(where, node)
        value = _text(node, ctx, where)
        if isinstance(value, str) and value not in self.values:
            options = ", ".join(repr(v) for v in self.values)
            return ctx.error(node, "ongeldige-waarde", f"{_name(where)!r} is {value!r}, maar "
                             f"moet een van {options} zijn{suggest(value, list(self.values))}")
        return value

    def empty(self) -> str:
        return self.default

    def json_schema(self) -> dict[str, Any]:
        return {"enum": list(self.values), "default": self.default}


class Bool(Type):
    def parse(self, node: yaml.Node, ctx: Ctx, where: str) -> bool | Missing:
        ctx.mark(where, node)
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
            return node.value.lower() in ("true", "yes", "on", "y")
        return ctx.error(node, "verkeerd-type",
                         f"{_name(where)!r} moet true of false zijn, maar is een {kind_of(node)}")

    def empty(self) -> bool:
        return False

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean", "default": False}


def _lang_key(key: yaml.Node, ctx: Ctx, where: str) -> str | Missing:
    if not isinstance(key, yaml.ScalarNode) or not LANG_RE.fullmatch(key.value):
        shown = key.value if isinstance(key, yaml.ScalarNode) else kind_of(key)
        return ctx.error(key, "ongeldige-taalcode", f"{shown!r} in {_name(where)!r} is geen "
                         "taalcode (BCP 47); verwachtte bijvoorbeeld 'nl', 'en' of 'fy'")
    lang: str = key.value
    return lang


class Text(Type):
    """Dutch text, or a mapping from BCP 47 language tag to text. Parsed as {lang: text}."""

    expected = "een tekst of een taaltabel zoals {nl: ..., en: ...}"

    def __init__(self, limit: int = MAX_TEXT):
        self.limit = limit

    def parse(self, node: yaml.Node, ctx: Ctx, where: str) -> LangText | Missing:
        ctx.mark(where, node)
        if isinstance(node, yaml.MappingNode):
            result: LangText = {}
            for key, value in pairs(node, ctx):
                lang = _lang_key(key, ctx, where)
                text = _text(value, ctx, f"{where}.{getattr(key, 'value', '?')}", self.limit)
                if isinstance(lang, str) and isinstance(text, str):
                    ctx.mark(f"{where}.{lang}", value)
                    result[lang] = text
            if not node.value:
                return ctx.error(node, "lege-waarde", f"{_name(where)!r} is een lege taaltabel")
            return result
        if isinstance(node, yaml.ScalarNode):
            text = _text(node, ctx, where, self.limit)
        else:
            text = ctx.error(node, "verkeerd-type", f"{_name(where)!r} moet {self.expected} "
                             f"zijn, maar is een {kind_of(node)}")
        if isinstance(text, str):
            ctx.mark(f"{where}.{DEFAULT_LANG}", node)
            return {DEFAULT_LANG: text}
        return text

    def empty(self) -> LangText:
        return {}

    def json_schema(self) -> dict[str, Any]:
        text = {"type": "string", "minLength": 1, "maxLength": self.limit}
        return {"anyOf": [
            text,
            {"type": "object", "minProperties": 1, "propertyNames": {"pattern": LANG_PATTERN},
             "additionalProperties": text},
        ]}


class TextList(Type):
    """A list of Dutch texts, or a mapping from language tag to a list. Parsed as {lang: [..]}."""

    expected = "een lijst van teksten of een taaltabel met lijsten"

    def __init__(self, limit: int = MAX_TEXT):
        self.limit = limit

    def _items(self, node: yaml.Node, ctx: Ctx, where: str, lang: str,
               shown: str) -> list[str] | Missing:
        if not isinstance(node, yaml.SequenceNode):
            return ctx.error(node, "verkeerd-type", f"{_name(shown)!r} moet een lijst zijn "
                             f"('- ...' per regel), maar is een {kind_of(node)}")
        items = []
        for i, item in enumerate(node.value):
            text = _text(item, ctx, f"{shown}.{i}", self.limit)
            if isinstance(text, str):
                ctx.mark(f"{where}.{lang}.{i}", item)
                items.append(text)
        return items

    def parse(self, node: yaml.Node, ctx: Ctx, where: str) -> LangList | Missing:
        ctx.mark(where, node)
        if isinstance(node, yaml.MappingNode):
            result: LangList = {}
            for key, value in pairs(node, ctx):
                lang = _lang_key(key, ctx, where)
                items = self._items(value, ctx, where, lang if isinstance(lang, str) else "?",
                                    f"{where}.{getattr(key, 'value', '?')}")
                if isinstance(lang, str) and isinstance(items, list):
                    result[lang] = items
            return result
        items = self._items(node, ctx, where, DEFAULT_LANG, where)
        return {DEFAULT_LANG: items} if isinstance(items, list) else items

    def empty(self) -> LangList:
        return {}

    def json_schema(self) -> dict[str, Any]:
        items = {"type": "array", "items": {"type": "string", "minLength": 1,
                                            "maxLength": self.limit}}
        return {"anyOf": [items, {"type": "object", "propertyNames": {"pattern": LANG_PATTERN},
                                  "additionalProperties": items}]}


class ListOf(Type):
    def __init__(self, item: Type):
        self.item = item

    def parse(self, node: yaml.Node, ctx: Ctx, where: str) -> list[Any] | Missing:
        ctx.mark(where, node)
        if not isinstance(node, yaml.SequenceNode):
            return ctx.error(node, "verkeerd-type", f"{_name(where)!r} moet een lijst zijn "
                             f"('- ...' per regel), maar is een {kind_of(node)}")
        parsed = (self.item.parse(item, ctx, f"{where}.{i}") for i, item in enumerate(node.value))
        return [value for value in parsed if not isinstance(value, Missing)]

    def empty(self) -> list[Any]:
        return []

    def json_schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self.item.json_schema()}


class MapOf(Type):
    """A mapping from id to a record, e.g. the collecties of the kader."""

    def __init__(self, item: Type):
        self.item = item

    def parse(self, node: yaml.Node, ctx: Ctx, where: str) -> dict[str, Any] | Missing:
        ctx.mark(where, node)
        if not isinstance(node, yaml.MappingNode):
            return ctx.error(node, "verkeerd-type", f"{_name(where)!r} moet een mapping "
                             f"(id: ...) zijn, maar is een {kind_of(node)}")
        result = {}
        for key, value in pairs(node, ctx):
            name = ID.parse(key, ctx, f"{where}.{getattr(key, 'value', '?')}")
            item = self.item.parse(value, ctx, f"{where}.{getattr(key, 'value', '?')}")
            if isinstance(name, str) and not isinstance(item, Missing):
                result[name] = item
        return result

    def empty(self) -> dict[str, Any]:
        return {}

    def json_schema(self) -> dict[str, Any]:
        return {"type": "object", "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": self.item.json_schema()}


def key(type_: Type, doc: str, *, required: bool = False, rdf: str | None = None) -> Any:
    """Declare a content key: its type, whether it is required, its docs and RDF property."""
    return field(default_factory=type_.empty,
                 metadata={"type": type_, "doc": doc, "required": required, "rdf": rdf})


def content_fields(cls: type) -> list[dataclasses.Field[Any]]:
    return [f for f in dataclasses.fields(cls) if "type" in f.metadata]


class Record(Type):
    """A mapping with the keys declared on a dataclass (see `key`)."""

    def __init__(self, cls: type, check: Callable[[Any, yaml.Node, Ctx, str], None] | None = None,
                 extra_schema: dict[str, Any] | None = None):
        self.cls, self.check, self.extra_schema = cls, check, extra_schema or {}
        self.fields = {f.name: f for f in content_fields(cls)}

    def parse(self, node: yaml.Node, ctx: Ctx, where: str) -> Any:
        ctx.mark(where, node)
        if not isinstance(node, yaml.MappingNode):
            return ctx.error(node, "verkeerd-type", f"{_name(where) or 'het bestand'!r} moet "
                             f"een mapping (sleutel: waarde) zijn, maar is een {kind_of(node)}")
        values: dict[str, Any] = {}
        prefix = f"{where}." if where else ""
        for key_node, value_node in pairs(node, ctx):
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            spec = self.fields.get(name) if isinstance(name, str) else None
            if spec is None:
                shown = name if name is not None else kind_of(key_node)
                hint = suggest(str(shown), self.fields) or \
                    f"; toegestaan: {', '.join(self.fields)}"
                ctx.error(key_node, "onbekende-sleutel", f"onbekende sleutel {shown!r}{hint}")
                continue
            value = spec.metadata["type"].parse(value_node, ctx, prefix + spec.name)
            if not isinstance(value, Missing):
                values[spec.name] = value
        for spec in self.fields.values():
            if spec.metadata["required"] and spec.name not in values and not any(
                    isinstance(k, yaml.ScalarNode) and k.value == spec.name for k, _ in node.value):
                ctx.error(node, "ontbrekende-sleutel", f"verplichte sleutel {spec.name!r} "
                          f"ontbreekt{' in ' + repr(_name(where)) if where else ''}")
        record = self.cls(**values)
        if self.check:
            self.check(record, node, ctx, where)
        return record

    def empty(self) -> Any:
        return self.cls()

    def json_schema(self) -> dict[str, Any]:
        properties = {}
        for spec in self.fields.values():
            schema = dict(spec.metadata["type"].json_schema())
            doc = spec.metadata["doc"]
            if spec.metadata["rdf"]:
                doc += f" ({spec.metadata['rdf']})"
            properties[spec.name] = {"description": doc, **schema}
        result: dict[str, Any] = {"type": "object", "properties": properties,
                                  "additionalProperties": False}
        required = [n for n, s in self.fields.items() if s.metadata["required"]]
        if required:
            result["required"] = required
        if self.cls.__doc__:
            result["description"] = " ".join(self.cls.__doc__.split())
        return {**result, **self.extra_schema}
