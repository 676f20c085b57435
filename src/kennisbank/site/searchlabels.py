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
- `zoeken/woorden-<side><c>-<n>.json`: the candidates for a typo (`typos`): every distinct
  key and every word of a key (notations left out), each with what it finds, so that a
  typo needs no label shard: `[string, whole, words]`, `whole` the labels whose whole key it
  is (`[doc, kind, shown?, lang?]`), `words` the labels with a longer key that holds it as
  one or more whole words (`[doc, kind, key length, shown?, lang?]`); when there are more
  than `MANY` of those (a word in every label, as 'term' in generated content), `words` is
  the number k of `zoeken/woorden-x<k>.json` that holds them, fetched only when a query
  comes within reach of the string. Each string is in two
  files: by its first character (side `b`) and by its last (side `e`), each side's strings
  by length (in UTF-16 code units, as zoeken.js counts), lengths n and up packed into one
  file until it holds `TYPO_BYTES`. A query within d typos of a string differs from it in
  length by at most d, and one typo leaves the first or the last character as it was, so a
  typo search fetches only the files of its own first and last character for the lengths
  within d of its own. Two typos, one at each end (`rkenninh`), are not found. Typos are
  counted in letters (zoeken.js: five letters allow one, eight two), and each edit matches
  at most one of the query's letters to no letter, so a string with fewer than
  `MIN_LETTERS` letters (a number, 'de') is never within reach and is no candidate.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

SHARD_BYTES = 48_000  # a label shard over this many bytes is split by one more character
TYPO_BYTES = 16_000  # a typo file takes lengths until it holds this many bytes
MANY = 1000  # a string in more longer keys than this has their labels in a file of its own
MIN_LETTERS = 4  # 5 letters - 1 typo (`allowance`): a candidate with fewer is never found
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


def allowance(query: str) -> int:
    """How many typos a normalised query may have (zoeken.js: `allowance`): counted in its
    letters, so that a number is never a misspelt word ('term 4321' has four)."""
    letters = sum(c.isalpha() for c in query)
    return 2 if letters >= 8 else 1 if letters >= 5 else 0


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


def typos(rows: Iterable[list[Any]]) -> dict[str, list[Any]]:
    """The typo candidates with what each finds, by string, sorted by length and string:
    `[string, whole, words]` (see the module docstring), notations left out."""
    found: dict[str, tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]] = {}
    keys = [row for row in rows if row[2] != NOTATION]
    for key, *_ in keys:
        found.setdefault(key, (set(), set()))
        words = key.split(" ")
        if len(words) > 1:
            for word in words:
                found.setdefault(word, (set(), set()))
    for key, doc, kind, *shown in keys:
        found[key][0].add((doc, kind, *shown))
        words = key.split(" ")
        length = utf16_len(key)
        for first in range(len(words)):  # every run of whole words but the key itself
            for last in range(first + 1, len(words) + 1):
                run = " ".join(words[first:last])
                if run in found and (first, last) != (0, len(words)):
                    found[run][1].add((doc, kind, length, *shown))
    out: dict[str, list[Any]] = {}
    for value in sorted(found, key=lambda v: (utf16_len(v), v)):
        if sum(c.isalpha() for c in value) < MIN_LETTERS:
            continue
        whole, words = (sorted(part, key=lambda p: (p[0], p[1], str(p[2:])))
                        for part in found[value])
        out[value] = [value, [list(p) for p in whole],
                      *([[list(p) for p in words]] if words else [])]
    return out


def typo_files(rows: Iterable[list[Any]]) -> tuple[dict[str, dict[int, list[Any]]],
                                                  list[list[Any]]]:
    """The typo files by side and character (`b` + first, `e` + last), each by the first
    length it holds: the entries of `typos` in order of length; and the long lists of
    words apart (`MANY`)."""
    sides: dict[str, dict[int, list[list[Any]]]] = {}
    apart: list[list[Any]] = []
    for value, entry in typos(rows).items():
        if len(entry) > 2 and len(entry[2]) > MANY:
            apart.append(entry[2])
            entry = [value, entry[1], len(apart) - 1]
        for side in ("b" + shard(value, 1), "e" + shard(value[-1:], 1)):
            sides.setdefault(side, {}).setdefault(utf16_len(value), []).append(entry)
    out: dict[str, dict[int, list[Any]]] = {}
    for side, by_length in sorted(sides.items()):
        files: dict[int, list[Any]] = {}
        size = TYPO_BYTES
        for length, entries in sorted(by_length.items()):
            if size >= TYPO_BYTES:  # this file is full: the next length starts one
                start, size = length, 0
                files[start] = []
            files[start].extend(entries)
            size += len(_json(entries))
        out[side] = files
    return out, apart


def write(rows: list[list[Any]], manifest: dict[str, Any]) -> dict[str, bytes]:
    """The files of the label index: the manifest (with the names of the shards and, per
    side and character, the first lengths of the typo files added), the shards and the
    typo files."""
    rows = list(rows)
    parts = shards(rows)
    sides, apart = typo_files(rows)
    files = {f"zoeken/labels-{name}.json": _json(part) for name, part in parts.items()}
    files.update({f"zoeken/woorden-{side}-{start}.json": _json(entries)
                  for side, by_start in sides.items() for start, entries in by_start.items()})
    files.update({f"zoeken/woorden-x{k}.json": _json(words) for k, words in enumerate(apart)})
    files["zoeken/labels.json"] = _json({**manifest, "delen": list(parts), "woorden": {
        side: list(by_start) for side, by_start in sides.items()}})
    return files
