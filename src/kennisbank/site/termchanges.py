"""Which pages' term links change when the term data changes: the pages that mention a
concept (by any of its labels, before or after the change) whose labels or tooltip changed.

Only those need rendering again; the rest of the site is as it was. `kennisbank serve` tells
MkDocs to render them, and `kennisbank build` drops them from Zensical's cache.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from kennisbank.content.model import Begrip
from kennisbank.content.termen import TermIndex
from kennisbank.site import termlinks
from kennisbank.site.files import OWNED
from kennisbank.site.markup import Output


def changed_concepts(old: dict[str, Any], new: dict[str, Any]) -> set[str]:
    """The concepts whose labels or tooltip differ between two term-data files (parsed)."""
    return {ident for ident in set(old["begrippen"]) | set(new["begrippen"])
            if old["begrippen"].get(ident) != new["begrippen"].get(ident)
            or old["tooltips"].get(ident) != new["tooltips"].get(ident)}


def labels_changed(old_text: str | bytes, new_text: str | bytes) -> bool:
    """Whether any concept's labels differ (links appear, go or point elsewhere)."""
    return bool(json.loads(old_text)["begrippen"] != json.loads(new_text)["begrippen"])


def pages_with_changed_terms(old_text: str | bytes, new_text: str | bytes,
                             pages: Iterable[tuple[str, str, str]]) -> set[str]:
    """The pages (relative to docs/) among `pages` (page, text, case-folded text) that
    mention a changed concept."""
    old, new = json.loads(old_text), json.loads(new_text)
    ids = changed_concepts(old, new)
    if not ids:
        return set()
    indexes = [_index({i: data["begrippen"][i] for i in ids if i in data["begrippen"]})
               for data in (old, new)]
    # A page that holds none of the few terms (and their word forms), whatever the case and
    # the separators, cannot mention one: one regular expression over the folded text says
    # so much faster than the word-by-word scan, which then runs on the few pages left.
    terms = sorted({words for index in indexes for words, _ in index.terms}, key=len,
                   reverse=True)
    if not terms:
        return set()
    maybe = re.compile(r"(?<!\w)(?:" + "|".join(r"\W+".join(map(re.escape, words))
                                                 for words in terms) + r")(?!\w)")
    return {rel for rel, text, folded in pages if maybe.search(folded)
            and any(index.concepts_in(text) for index in indexes)}


def markdown_pages(docs: Path, output: Output) -> Iterator[tuple[str, str, str]]:
    """Every Markdown page of the site (page, text, case-folded text): the generated ones
    from memory, the hand-written ones from disk."""
    return PageTexts().pages(docs, output)


class PageTexts:
    """The Markdown pages' texts and their case-folded forms, kept from one save of a preview
    to the next: only a page whose bytes changed (a hand-written one: its size or time) is
    decoded and folded again. At 1,000 concepts that was most of the time to find the pages
    whose term links change."""

    def __init__(self) -> None:
        self.known: dict[str, tuple[object, str, str]] = {}

    def pages(self, docs: Path, output: Output) -> Iterator[tuple[str, str, str]]:
        known: dict[str, tuple[object, str, str]] = {}
        for rel, key, read in _sources(docs, output):
            entry = self.known.get(rel)
            if entry is None or not (entry[0] is key or entry[0] == key):
                text = read()
                entry = (key, text, text.casefold())
            known[rel] = entry
            yield rel, entry[1], entry[2]
        self.known = known


def _sources(docs: Path, output: Output) -> Iterator[tuple[str, object, Callable[[], str]]]:
    """(page, what identifies its text, how to read it) for every Markdown page."""
    for rel, content in output.files.items():
        if rel.endswith(".md"):
            yield rel, content, functools.partial(_output_text, output, rel)
    # The hand-written pages: docs/ without the generator's folders (never walked into).
    for folder, dirs, names in os.walk(docs):
        here = Path(folder)
        if here == docs:
            dirs[:] = [d for d in dirs if d not in OWNED]
        for name in names:
            if not name.endswith(".md"):
                continue
            path = here / name
            rel = path.relative_to(docs).as_posix()
            if rel in output.files:
                continue
            try:
                info = path.stat()
            except OSError:
                continue
            yield (rel, (info.st_mtime_ns, info.st_size, info.st_ino),
                   functools.partial(_read, path))


def _output_text(output: Output, rel: str) -> str:
    return output.data(rel).decode("utf-8", errors="replace")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _index(labels: dict[str, dict[str, Any]]) -> TermIndex:
    return TermIndex({ident: Begrip(**{key: value.get(key, {}) for key in termlinks.LABEL_KEYS},
                                    definitie={}, id=ident) for ident, value in labels.items()})
