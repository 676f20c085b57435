"""The content format, declared once.

Each content key is a dataclass field whose metadata holds its value type, whether it is
required, its documentation and the RDF property it maps to (see `key`). From that one
declaration come the parsing of YAML nodes (with positions and Dutch findings), the JSON
Schema for editors and the format reference in the README."""

from __future__ import annotations

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


def key_name(where: str) -> str:
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


# Characters no text may hold: C0 controls other than tab and line breaks (no XML 1.0
# document can hold them, and \x02/\x03 are Python-Markdown's own placeholders), lone
# surrogates (not encodable) and the noncharacters U+FFFE/U+FFFF.
# DEL and the C1 controls (U+007F-U+009F) are legal in XML 1.0 and Turtle and occur in real
# vocabularies: kept, and written as escapes (rdf.write); a surrogate or U+FFFE/U+FFFF is no
# character at all.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# Characters that change the direction text is shown in (embeddings, overrides, isolates
# and the invisible marks): a term holding U+202E shows as another word than it is, so
# 'herstel' could appear twice in A-Z. Refused in terms (checks.labels), which are names,
# never running text that might need them.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def bidi_character(value: str) -> str | None:
    """'U+202E (teken 1)' for the first direction control in `value`, else None."""
    found = _BIDI.search(value)
    if found is None:
        return None
    return f"U+{ord(found.group()):04X} (teken {found.start() + 1})"


def forbidden_character(value: str) -> str | None:
    """'U+0001 (teken 5)' for the first character that no text may hold, else None."""
    found = _FORBIDDEN.search(value)
    if found is None:
        return None
    return f"U+{ord(found.group()):04X} (teken {found.start() + 1})"


def text_value(node: yaml.Node, ctx: Ctx, where: str, limit: int = MAX_TEXT) -> str | Missing:
    """A non-empty scalar, as written: `versie: 1.10` stays '1.10', `titel: no` stays 'no'."""
    if not isinstance(node, yaml.ScalarNode):
        return ctx.error(node, "verkeerd-type",
                         f"{key_name(where)!r} moet een tekst zijn, maar is een {kind_of(node)}")
    value: str = node.value
    if node.tag == NULL_TAG or not value.strip():
        return ctx.error(node, "lege-waarde", f"{key_name(where)!r} is leeg; verwachtte een tekst")
    if len(value) > limit:
        return ctx.error(node, "te-lang", f"{key_name(where)!r} is {len(value):,} tekens lang; "
                         f"hooguit {limit:,} zijn toegestaan".replace(",", "."))
    bad = forbidden_character(value)
    if bad:
        return ctx.error(node, "ongeldig-teken", f"{key_name(where)!r} bevat het stuurteken "
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
        value = text_value(node, ctx, where, self.limit)
        if isinstance(value, str) and self.check:
            problem = self.check(value)
            if problem:
                return ctx.error(node, self.code, f"{key_name(where)!r}: {problem}")
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
        value = text_value(node, ctx, where)
        if isinstance(value, str) and value not in self.values:
            options = ", ".join(repr(v) for v in self.values)
            return ctx.error(node, "ongeldige-waarde", f"{key_name(where)!r} is {value!r}, maar "
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
                         f"{key_name(where)!r} moet true of false zijn, maar is een "
                         f"{kind_of(node)}")

    def empty(self) -> bool:
        return False

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean", "default": False}
