"""Content written as YAML the way an editor would write it: keys in the order of the format,
empty values left out, texts in the style that survives a round trip."""

from __future__ import annotations

from typing import Any

import yaml


def _compact(value: Any) -> Any:
    """Drop empty values; write {'nl': x} as plain x, the way people write the format."""
    if isinstance(value, dict):
        items = {k: _compact(v) for k, v in value.items()}
        items = {k: v for k, v in items.items() if v not in ({}, [], "", None)}
        if set(items) == {"nl"} and isinstance(items["nl"], (str, list)):
            return items["nl"]
        return items
    if isinstance(value, list):
        return [_compact(v) for v in value]
    return value


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # A block scalar cannot end in a line break that survives reading (check drops the one
    # the block adds), so such a text is written double-quoted, with '\n' escapes.
    style = ('"' if value.endswith("\n") or "\r" in value else "|") if "\n" in value \
        else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)

BEGRIP_ORDER = ("voorkeursterm", "definitie", "alternatieve_termen", "zoektermen",
                "ontraden_termen", "uitleg",
                "toelichting", "voorbeelden", "bronnen", "breder", "gerelateerd", "collecties",
                "koppelingen", "status", "vervangen_door", "notaties", "breder_generiek",
                "breder_partitief", "breder_instantie", "notities", "redactionele_notities",
                "wijzigingsnotities", "historische_notities", "naam", "kaders",
                "buiten_hoofdkader", "uri", "overige_rdf")
KADER_ORDER = ("titel", "uitleg", "basis_uri", "profiel", "geimporteerd", "taal", "uitgever",
               "licentie", "contact", "versie", "topbegrippen", "collecties", "uri",
               "kaders", "overige_rdf")


def dump(data: dict[str, Any], order: tuple[str, ...]) -> str:
    """`data` as YAML, its keys in the format's `order`; a key the order does not know comes
    last rather than being lost."""
    ordered = {k: data[k] for k in order if k in data}
    ordered.update((k, v) for k, v in data.items() if k not in ordered)
    return yaml.dump(_compact(ordered), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=100, default_flow_style=False)
