"""The composite value types of the format (text per language, lists, maps) and records: a
dataclass whose fields declare their type, documentation and SKOS property once. From them
come loading with positions, the JSON Schema for editors and the format reference."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from dataclasses import field
from typing import Any

import yaml

from kennisbank.content.schema import (
    DEFAULT_LANG,
    ID,
    ID_PATTERN,
    LANG_PATTERN,
    LANG_RE,
    MAX_TEXT,
    Ctx,
    LangList,
    LangText,
    Missing,
    Type,
    key_name,
    pairs,
    suggest,
    text_value,
)
from kennisbank.content.yamlsource import kind_of


def _lang_key(key: yaml.Node, ctx: Ctx, where: str) -> str | Missing:
    if not isinstance(key, yaml.ScalarNode) or not LANG_RE.fullmatch(key.value):
        shown = key.value if isinstance(key, yaml.ScalarNode) else kind_of(key)
        return ctx.error(key, "ongeldige-taalcode", f"{shown!r} in {key_name(where)!r} is geen "
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
                text = text_value(value, ctx, f"{where}.{getattr(key, 'value', '?')}", self.limit)
                if isinstance(lang, str) and isinstance(text, str):
                    ctx.mark(f"{where}.{lang}", value)
                    result[lang] = text
            if not node.value:
                return ctx.error(node, "lege-waarde", f"{key_name(where)!r} is een lege taaltabel")
            return result
        if isinstance(node, yaml.ScalarNode):
            text = text_value(node, ctx, where, self.limit)
        else:
            text = ctx.error(node, "verkeerd-type", f"{key_name(where)!r} moet {self.expected} "
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
            return ctx.error(node, "verkeerd-type", f"{key_name(shown)!r} moet een lijst zijn "
                             f"('- ...' per regel), maar is een {kind_of(node)}")
        items = []
        for i, item in enumerate(node.value):
            text = text_value(item, ctx, f"{shown}.{i}", self.limit)
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
            return ctx.error(node, "verkeerd-type", f"{key_name(where)!r} moet een lijst zijn "
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
            return ctx.error(node, "verkeerd-type", f"{key_name(where)!r} moet een mapping "
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
        self._types = {name: spec.metadata["type"] for name, spec in self.fields.items()}
        self._required = [name for name, spec in self.fields.items()
                          if spec.metadata["required"]]
        # The dotted places of the keys under each place this record is found at (one per
        # record for most: the file itself), made once instead of once per value.
        self._places: dict[str, dict[str, str]] = {}

    def parse(self, node: yaml.Node, ctx: Ctx, where: str) -> Any:
        ctx.mark(where, node)
        if not isinstance(node, yaml.MappingNode):
            return ctx.error(node, "verkeerd-type", f"{key_name(where) or 'het bestand'!r} moet "
                             f"een mapping (sleutel: waarde) zijn, maar is een {kind_of(node)}")
        values: dict[str, Any] = {}
        places = self._places.get(where)
        if places is None:
            prefix = f"{where}." if where else ""
            places = {name: sys.intern(prefix + name) for name in self.fields}
            if len(self._places) < 1024:  # places in lists ('bronnen.0') are many
                self._places[where] = places
        types = self._types
        for key_node, value_node in pairs(node, ctx):
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            key = name if isinstance(name, str) else ""  # no key is named ""
            type_ = types.get(key)
            if type_ is None:
                shown = name if name is not None else kind_of(key_node)
                hint = suggest(str(shown), self.fields) or \
                    f"; toegestaan: {', '.join(self.fields)}"
                ctx.error(key_node, "onbekende-sleutel", f"onbekende sleutel {shown!r}{hint}")
                continue
            value = type_.parse(value_node, ctx, places[key])
            if not isinstance(value, Missing):
                values[key] = value
        for name in self._required:
            if name not in values and not any(
                    isinstance(k, yaml.ScalarNode) and k.value == name for k, _ in node.value):
                ctx.error(node, "ontbrekende-sleutel", f"verplichte sleutel {name!r} "
                          f"ontbreekt{' in ' + repr(key_name(where)) if where else ''}")
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
