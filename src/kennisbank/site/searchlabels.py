"""The label index of the site's search, split so that a query fetches only what it needs.

`zoeken/labels.json` is a small manifest (the concepts' ids, terms and statuses, the other
pages, the names of the shards below); the labels themselves are in shards that zoeken.js
fetches by the first letters of the query:

- `zoeken/labels-<xx>.json`: sorted entries `[suffix, start, doc, kind, shown?, lang?]`.
  Every label gives one entry for its whole normalised key (start 0) and, except a
  notation, one for the rest of the key from each later word on (start: where that word
  begins), so a prefix look-up finds both the labels that start with the query and those
  with a word that starts so. An entry lives in the shard named by the first two
  characters of its suffix (`shard`); a shard bigger than `SHARD_BYTES` is split by one
  more character, again and again, so the names are the leaves of a trie.
- `zoeken/woorden-<n>.json`: every distinct key and every word of a key (notations left
  out) that is n UTF-16 code units long, sorted: the candidates for a typo. A query within
  d typos of a string differs from it in length by at most d, so a typo search fetches
  2d + 1 of these files and then the shards of the strings it found.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

SHARD_BYTES = 48_000  # a label shard over this many bytes is split by one more character
MAX_DEPTH = 32
NOTATION = 6  # searchindex.NOTATION: found whole or by its start, never by a word or typo


def shard(value: str, length: int = 2) -> str:
    """The shard of a stem or key: its first `length` characters, other characters than
    a-z0-9 as _, padded with _ (zoeken.js: `shard`)."""
    return "".join(c if c.isascii() and c.isalnum() else "_"
                   for c in value[:length]).ljust(length, "_")


def utf16_len(value: str) -> int:
    """The length as zoeken.js counts it (`string.length`): in UTF-16 code units."""
    return len(value.encode("utf-16-le")) // 2


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def entries(rows: Iterable[list[Any]]) -> list[list[Any]]:
    """The shard entries of label rows `[key, doc, kind, shown?, lang?]`, sorted."""
    found: list[list[Any]] = []
    for key, *rest in rows:
        found.append([key, 0, *rest])
        if rest[1] == NOTATION:
            continue
        for at, char in enumerate(key):
            if char == " ":
                found.append([key[at + 1:], utf16_len(key[:at + 1]), *rest])
    found.sort(key=lambda e: (e[0], e[1], e[2], e[3]))
    return found


def _split(group: list[list[Any]], depth: int, out: dict[str, list[list[Any]]]) -> None:
    by_name: dict[str, list[list[Any]]] = {}
    for entry in group:
        by_name.setdefault(shard(entry[0], depth), []).append(entry)
    for name, part in by_name.items():
        longer = any(len(entry[0]) > depth for entry in part)  # one more character tells apart
        if depth < MAX_DEPTH and longer and len(_json(part)) > SHARD_BYTES:
            _split(part, depth + 1, out)
        else:
            out[name] = part


def shards(rows: Iterable[list[Any]]) -> dict[str, list[list[Any]]]:
    """The label shards by name: the leaves of a trie of the entries' first characters."""
    out: dict[str, list[list[Any]]] = {}
    _split(entries(rows), 2, out)
    return dict(sorted(out.items()))


def vocabulary(rows: Iterable[list[Any]]) -> dict[int, list[str]]:
    """The typo candidates by length: every key and every word of a key, notations left out."""
    by_length: dict[int, set[str]] = {}
    for key, _, kind, *_ in rows:
        if kind == NOTATION:
            continue
        words = key.split(" ")
        for value in {key, *words} if len(words) > 1 else {key}:
            by_length.setdefault(utf16_len(value), set()).add(value)
    return {length: sorted(values) for length, values in sorted(by_length.items())}


def write(rows: list[list[Any]], manifest: dict[str, Any]) -> dict[str, bytes]:
    """The files of the label index: the manifest (with the names of the shards and the
    lengths of the vocabulary added), the shards and the vocabulary files."""
    parts = shards(rows)
    words = vocabulary(rows)
    files = {f"zoeken/labels-{name}.json": _json(part) for name, part in parts.items()}
    files.update({f"zoeken/woorden-{length}.json": _json(values)
                  for length, values in words.items()})
    files["zoeken/labels.json"] = _json({**manifest, "delen": list(parts),
                                         "lengtes": list(words)})
    return files
