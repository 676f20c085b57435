"""Records built straight from libyaml's events, in one pass: for the common shapes of a content
file the same record, with the same places, as composing the node tree and parsing it
(`fields`), at about half the cost. At anything unusual (anything that would be a finding, a
tag, an anchor or alias, a null, an unknown or repeated key, a value of another type, a
second document, a syntax error) it gives up, and the file is parsed the usual way, which
reports it: every finding and its message still has one source.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import yaml

from kennisbank.content.fields import ListOf, Record, Text, TextList
from kennisbank.content.schema import (
    DEFAULT_LANG,
    LANG_RE,
    MAX_TEXT,
    Bool,
    Ctx,
    Enum,
    Loc,
    Str,
    Type,
    forbidden_character,
)
from kennisbank.content.yamlsource import BOOLS, MAP_TAG, NOT_TEXT, STR_TAG, EventParser

# (first event of the value, get_event, dotted place, places found so far) → the value.
Builder = Callable[[Any, Callable[[], Any], str, dict[str, Loc]], Any]


class _GiveUpError(Exception):
    """Something the usual parse must see (and most likely report). Raised as a new
    instance each time: one shared instance would keep its last traceback, and with it
    the frames of the whole load and the model they made."""

_SCALAR, _MAP_START, _MAP_END = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQ_START, _SEQ_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_BLOCK = (">", "|")
_TRUE = ("true", "yes", "on", "y")
_intern = sys.intern


def build_record(data: bytes, record: Record) -> tuple[Any, dict[str, Loc]] | None:
    """The record in `data` (a content file's bytes) and the places of its values, or None
    when the file must be parsed the usual way."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    # With no such character in the file, only an escape in a double-quoted scalar can make
    # one: _text looks only at those.
    if forbidden_character(text):
        return None
    parser = EventParser(text)
    get = parser.get_event
    locs: dict[str, Loc] = {}
    try:
        if type(get()) is not yaml.StreamStartEvent or \
                type(get()) is not yaml.DocumentStartEvent:
            return None
        value = builder(record)(get(), get, "", locs)
        if type(get()) is not yaml.DocumentEndEvent or type(get()) is not yaml.StreamEndEvent:
            return None
    except (_GiveUpError, yaml.YAMLError):
        return None
    finally:
        parser.dispose()
    return value, locs


def _loc(event: Any) -> Loc:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1)


def _text(event: Any, limit: int) -> str:
    """What `schema.text_value` makes of a scalar it accepts without a finding (in a file
    that holds no forbidden character itself)."""
    if type(event) is not _SCALAR or event.anchor is not None or event.tag is not None:
        raise _GiveUpError
    value: str = event.value
    style = event.style
    if not value or value.isspace() or len(value) > limit or \
            event.implicit[0] and value in NOT_TEXT or \
            style == '"' and forbidden_character(value):
        raise _GiveUpError
    return value.rstrip("\n") if style in _BLOCK else value


def _key(event: Any) -> str:
    if type(event) is not _SCALAR or event.anchor is not None or event.tag is not None or \
            event.implicit[0] and event.value in NOT_TEXT:
        raise _GiveUpError
    name: str = event.value
    return name


def _start(event: Any, kind: Any) -> None:
    if type(event) is not kind or event.anchor is not None or event.tag is not None:
        raise _GiveUpError


_BUILDERS: dict[int, tuple[Type, Builder]] = {}


def builder(type_: Type) -> Builder:
    """The builder of a value type, made once."""
    made = _BUILDERS.get(id(type_))
    if made is None:
        made = _BUILDERS[id(type_)] = (type_, _make(type_))  # the type is kept: ids stay unique
    return made[1]


def _make(type_: Type) -> Builder:
    if isinstance(type_, Record):
        return _record(type_)
    if isinstance(type_, Text):
        return _text_builder(type_.limit)
    if isinstance(type_, TextList):
        return _text_list(type_.limit)
    if isinstance(type_, ListOf):
        return _list(builder(type_.item))
    if isinstance(type_, Enum):
        return _str(MAX_TEXT, None, frozenset(type_.values))
    if isinstance(type_, Str):
        return _str(type_.limit, type_.check, None)
    if isinstance(type_, Bool):
        return _bool
    return _unknown  # MapOf (only in _kader.yaml): parsed the usual way


def _unknown(event: Any, get: Callable[[], Any], where: str, locs: dict[str, Loc]) -> Any:
    raise _GiveUpError


def _bool(event: Any, get: Callable[[], Any], where: str, locs: dict[str, Loc]) -> bool:
    if type(event) is not _SCALAR or event.anchor is not None or event.tag is not None or \
            not event.implicit[0] or event.value not in BOOLS:
        raise _GiveUpError
    locs[_intern(where)] = _loc(event)
    return str(event.value).lower() in _TRUE


def _str(limit: int, check: Callable[[str], str | None] | None,
         values: frozenset[str] | None) -> Builder:
    def build(event: Any, get: Callable[[], Any], where: str, locs: dict[str, Loc]) -> str:
        value = _text(event, limit)
        if check is not None and check(value) or values is not None and value not in values:
            raise _GiveUpError
        locs[_intern(where)] = _loc(event)
        return value
    return build


def _text_builder(limit: int) -> Builder:
    def build(event: Any, get: Callable[[], Any], where: str,
              locs: dict[str, Loc]) -> dict[str, str]:
        if type(event) is _SCALAR:
            value = _text(event, limit)
            loc = _loc(event)
            locs[_intern(where)] = loc
            locs[_intern(f"{where}.{DEFAULT_LANG}")] = loc
            return {DEFAULT_LANG: value}
        _start(event, _MAP_START)
        locs[_intern(where)] = _loc(event)
        result: dict[str, str] = {}
        while type(event := get()) is not _MAP_END:
            lang = _key(event)
            if lang in result or not LANG_RE.fullmatch(lang):
                raise _GiveUpError
            event = get()
            result[lang] = _text(event, limit)
            locs[_intern(f"{where}.{lang}")] = _loc(event)
        if not result:
            raise _GiveUpError
        return result
    return build


def _text_list(limit: int) -> Builder:
    def items(get: Callable[[], Any], prefix: str, locs: dict[str, Loc]) -> list[str]:
        found: list[str] = []
        while type(event := get()) is not _SEQ_END:
            locs[_intern(f"{prefix}.{len(found)}")] = _loc(event)
            found.append(_text(event, limit))
        return found

    def build(event: Any, get: Callable[[], Any], where: str,
              locs: dict[str, Loc]) -> dict[str, list[str]]:
        if type(event) is _SEQ_START:
            _start(event, _SEQ_START)
            locs[_intern(where)] = _loc(event)
            return {DEFAULT_LANG: items(get, f"{where}.{DEFAULT_LANG}", locs)}
        _start(event, _MAP_START)
        locs[_intern(where)] = _loc(event)
        result: dict[str, list[str]] = {}
        while type(event := get()) is not _MAP_END:
            lang = _key(event)
            if lang in result or not LANG_RE.fullmatch(lang):
                raise _GiveUpError
            _start(get(), _SEQ_START)
            result[lang] = items(get, f"{where}.{lang}", locs)
        return result
    return build


def _list(item: Builder) -> Builder:
    def build(event: Any, get: Callable[[], Any], where: str,
              locs: dict[str, Loc]) -> list[Any]:
        _start(event, _SEQ_START)
        locs[_intern(where)] = _loc(event)
        found: list[Any] = []
        while type(event := get()) is not _SEQ_END:
            found.append(item(event, get, f"{where}.{len(found)}", locs))
        return found
    return build


def _record(record: Record) -> Builder:
    types = {name: spec.metadata["type"] for name, spec in record.fields.items()}
    required = [name for name, spec in record.fields.items() if spec.metadata["required"]]
    cls, check = record.cls, record.check
    places: dict[str, dict[str, str]] = {}  # where → the places of the keys under it
    builders: dict[str, Builder] = {}

    def build(event: Any, get: Callable[[], Any], where: str, locs: dict[str, Loc]) -> Any:
        if not builders:  # made on first use: a record may hold records
            builders.update((name, builder(type_)) for name, type_ in types.items())
        _start(event, _MAP_START)
        start = event
        locs[_intern(where)] = _loc(event)
        under = places.get(where)
        if under is None:
            prefix = f"{where}." if where else ""
            under = {name: _intern(prefix + name) for name in types}
            if len(places) < 1024:
                places[where] = under
        values: dict[str, Any] = {}
        while type(event := get()) is not _MAP_END:
            name = _key(event)
            build_value = builders.get(name)
            if build_value is None or name in values:
                raise _GiveUpError
            values[name] = build_value(get(), get, under[name], locs)
        for name in required:
            if name not in values:
                raise _GiveUpError
        value = cls(**values)
        if check is not None:
            # The record's own rule looks at the keys it was given; any finding is left to
            # the usual parse.
            node = yaml.MappingNode(MAP_TAG, [(yaml.ScalarNode(STR_TAG, name), None)
                                              for name in values], start.start_mark)
            ctx = Ctx("", [])
            check(value, node, ctx, where)
            if ctx.findings:
                raise _GiveUpError
        return value
    return build
