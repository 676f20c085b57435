"""Term links: a Python-Markdown extension that links the concepts' terms in every page.

Listed under `markdown_extensions` in mkdocs.yml (a Markdown extension, not a MkDocs plugin:
MkDocs and its successor Zensical both run Python-Markdown extensions). It links the first
occurrence of each concept per section (between headings) to the concept page, with the
short definition as `title` (Material's `content.tooltips` shows it on hover and keyboard
focus; Material inserts that attribute's value as HTML, so the text is escaped once more
for it, see `tooltip`). It leaves alone headings, links, code, form labels, the hidden
search terms, the page's own concept, and anything inside an element with class `kb-geen-links`.

Where the term index comes from, first found wins (see `current`):
1. `use`: `kennisbank build` hands over the index it just built (same process);
2. the data file the generator writes (`docs/.kennisbank-termen.json`: every concept's labels
   and tooltip), re-read whenever it changes, so `mkdocs serve`, `zensical serve` or any other
   Python-Markdown pipeline links the same terms as the build;
3. the content itself: the `begrippen/` of the configured `root`, loaded with
   `kennisbank.content.load` (for a pipeline that runs without the generator).
Options: `root` (content root, default the current folder) and `data` (the data file, default
`<root>/docs/.kennisbank-termen.json`).
Links are relative to the page being rendered (its path from MkDocs' link processor or
Zensical's rendering context), so both engines turn them into page URLs; without a page
path they are `/begrippen/<id>.md` (MkDocs' `absolute_links: relative_to_docs`)."""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from kennisbank.content.model import Begrip, Inhoud
from kennisbank.content.termen import Match, TermIndex
from kennisbank.site.markup import nl
from kennisbank.site.tooltip import (
    tooltip,  # carve
)

SKIP_TAGS = frozenset({"a", "code", "pre", "kbd", "samp", "script", "style", "h1", "h2", "h3",
                       "h4", "h5", "h6", "label", "legend", "button", "textarea", "select",
                       "abbr", "svg", "title", "dt"})


SKIP_CLASSES = frozenset({"kb-geen-links", "kb-zoektermen", "kb-gegevens", "kb-route",
                          "md-button", "headerlink"})


HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


# Python-Markdown keeps inline raw HTML out of the tree as \x02wzxhzdk:N\x03 placeholders.
_PLACEHOLDER = re.compile("\x02[^\x03]*\x03")
_STASHED = re.compile("\x02wzxhzdk:([0-9]+)\x03")
_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[0-9a-zA-Z]+);")


_CONCEPT_PAGE = re.compile(r"begrippen/([a-z0-9-]+)\.md")


def _page_path(md: Markdown) -> str | None:
    """The source path of the page being rendered, relative to docs/ ('visie.md'), when the
    engine says: MkDocs through its link processor, Zensical through its rendering context."""
    relpath: Any = md.treeprocessors["relpath"] if "relpath" in md.treeprocessors else None
    src = getattr(getattr(relpath, "file", None), "src_uri", None)
    if src is None and "rendering_context" in md.preprocessors:
        page = getattr(md.preprocessors["rendering_context"], "page", None)
        src = getattr(page, "path", None)
    return str(src).replace(os.sep, "/").lstrip("/") if src else None


DATA_FILE = ".kennisbank-termen.json"  # in docs/; MkDocs and Zensical skip dot files
DATA_ENV = "KENNISBANK_TERMEN"  # the data file elsewhere (the Zensical preview's mirror)


DATA_FORMAT = "kennisbank-termlinks"


# The labels a term index is built from (termen.TermIndex reads these of every concept).
LABEL_KEYS = ("voorkeursterm", "alternatieve_termen", "zoektermen")


@dataclass
class Terms:
    index: TermIndex
    tooltips: dict[str, str]
    folder: str = "begrippen"

    @classmethod
    def of(cls, inhoud: Inhoud) -> Terms:
        """The terms of validated (or merely loaded) content."""
        return cls(TermIndex.of(inhoud), {ident: tooltip(nl(b.definitie))
                                          for ident, b in inhoud.begrippen.items()})


def data(begrippen: dict[str, Begrip], tooltips: dict[str, str]) -> str:
    """The data file: what a term index is built from, and the tooltips as the site has them."""
    return json.dumps({
        "formaat": DATA_FORMAT, "formaatversie": 1,
        "begrippen": {ident: {key: getattr(begrippen[ident], key) for key in LABEL_KEYS}
                      for ident in sorted(begrippen)},
        "tooltips": {ident: tooltips[ident] for ident in sorted(tooltips)},
    }, ensure_ascii=False, sort_keys=True, indent=0) + "\n"


def read_data(text: str) -> Terms:
    """Terms from the data file's text; ValueError when it is not one."""
    raw = json.loads(text)
    if not isinstance(raw, dict) or raw.get("formaat") != DATA_FORMAT \
            or raw.get("formaatversie") != 1:
        raise ValueError("not a kennisbank term-links data file")
    begrippen = {ident: Begrip(**{key: labels.get(key, {}) for key in LABEL_KEYS},
                               definitie={}, id=ident)
                 for ident, labels in raw["begrippen"].items()}
    return Terms(TermIndex(begrippen), dict(raw["tooltips"]))


_TERMS: Terms | None = None


_LOADED: dict[tuple[str, str], tuple[tuple[int, int] | None, float, Terms | None]] = {}


_LOCK = threading.Lock()


RECHECK = 1.0  # seconds between looks at the content files when loading from `root`


def use(terms: Terms | None) -> None:
    """Set the terms that pages rendered from now on are linked with (None: load them)."""
    global _TERMS
    _TERMS = terms


def current(root: str = ".", data_file: str = "") -> Terms | None:
    """The terms to link with: those handed over by `use`, else the data file's (re-read
    when its size or modification time changes), else those of the content in `root`
    (looked at again at most every RECHECK seconds). None when there are none."""
    if _TERMS is not None:
        return _TERMS
    data_file = data_file or os.environ.get(DATA_ENV, "")
    path = Path(data_file) if data_file else Path(root) / "docs" / DATA_FILE
    key = (str(Path(root).resolve()), str(path.resolve()))
    with _LOCK:  # Zensical renders pages on several threads
        try:
            stat = path.stat()
            signature: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            signature = None
        cached = _LOADED.get(key)
        if signature is not None:
            if cached is None or cached[0] != signature:
                _LOADED[key] = (signature, 0.0, read_data(path.read_text(encoding="utf-8")))
            return _LOADED[key][2]
        now = time.monotonic()
        if cached is None or cached[0] is not None or now - cached[1] > RECHECK:
            _LOADED[key] = (None, now, _from_content(Path(root)))
        return _LOADED[key][2]


def _from_content(root: Path) -> Terms | None:
    if not (root / "begrippen").is_dir():
        return None
    from kennisbank.content.load import load

    inhoud, _ = load(root)
    return Terms.of(inhoud)


class _Linker(Treeprocessor):
    def __init__(self, md: Markdown, terms: Terms):
        super().__init__(md)
        self.terms = terms
        self.linked: set[str] = set()
        self.explicit: dict[int | None, set[str]] = {}
        self.own: str | None = None
        self.page: str | None = None
        self.prefix = "/"

    def run(self, root: ElementTree.Element) -> None:
        self.page = _page_path(self.md)
        match = _CONCEPT_PAGE.fullmatch(self.page or "")
        self.own = match.group(1) if match else None
        self.prefix = "../" * self.page.count("/") if self.page is not None else "/"
        self.explicit = self._explicit_links(root)
        self.linked = set(self.explicit.get(None, ()))
        self._element(root)

    def _explicit_links(self, root: ElementTree.Element) -> dict[int | None, set[str]]:
        """The concepts each section (by its heading, None before the first) already links
        to with a link of its own, as a collection page does for every member: a term link
        would be a second link to the same page."""
        page = self.page or ""
        folder = posixpath.dirname(page)
        known = self.terms.tooltips
        found: dict[int | None, set[str]] = {}
        section: int | None = None
        for element in root.iter():
            if element.tag in HEADINGS:
                section = id(element)
            href = element.get("href") if element.tag == "a" else None
            if not href or "://" in href or href.startswith(("mailto:", "#")):
                continue
            path = href.split("#", 1)[0].split("?", 1)[0]
            if page:
                target = posixpath.normpath(posixpath.join(folder, path))
                match = _CONCEPT_PAGE.fullmatch(target)
                ident = match.group(1) if match else None
            else:  # no page known (another engine): a link to '<id>.md' of a known concept
                name = posixpath.basename(path)
                ident = name[:-3] if name.endswith(".md") else None
            if ident in known:
                found.setdefault(section, set()).add(ident)
        return found

    def _new_section(self, heading: ElementTree.Element) -> None:
        """A new section: link each concept again once, except those it links itself."""
        self.linked = set(self.explicit.get(id(heading), ()))

    def _skip(self, element: ElementTree.Element) -> bool:
        if element.tag in SKIP_TAGS or element.get("hidden") is not None:
            return True
        classes = element.get("class") or ""
        return not SKIP_CLASSES.isdisjoint(classes.split())

    def _element(self, element: ElementTree.Element) -> None:
        if element.text:
            anchors, element.text = self._link(element.text)
            for n, anchor in enumerate(anchors):
                element.insert(n, anchor)
            start = len(anchors)
        else:
            start = 0
        i = start
        while i < len(element):
            child = element[i]
            if child.tag in HEADINGS:
                self._new_section(child)
            if not self._skip(child):
                self._element(child)
            else:  # a heading inside a passage left alone still starts a section
                for heading in child.iter():
                    if heading.tag in HEADINGS and heading is not child:
                        self._new_section(heading)
            if child.tail:
                anchors, child.tail = self._link(child.tail)
                for n, anchor in enumerate(anchors):
                    element.insert(i + 1 + n, anchor)
                i += len(anchors)
            i += 1

    def _view(self, text: str) -> tuple[str, Sequence[int], list[tuple[int, int]]]:
        """The text as a reader sees it, for matching: a placeholder that stands for a
        character reference ('&amp;' in the Markdown) becomes its character, so a term
        holding '&' matches and its parts do not. Also where each character of the view comes
        from in `text` (one more at the end), and the spans of the other placeholders."""
        if "\x02" not in text:  # most texts: no placeholder, the view is the text
            return text, range(len(text) + 1), []
        stash = self.md.htmlStash.rawHtmlBlocks
        parts: list[str] = []
        origin: list[int] = []
        guarded: list[tuple[int, int]] = []
        last = 0
        for m in _PLACEHOLDER.finditer(text):
            parts.append(text[last:m.start()])
            origin.extend(range(last, m.start()))
            number = _STASHED.fullmatch(m.group())
            raw = stash[int(number.group(1))] if number and int(number.group(1)) < len(
                stash) else None
            if isinstance(raw, str) and _REFERENCE.fullmatch(raw):
                character = html.unescape(raw)
                parts.append(character)
                origin.extend([m.start()] * len(character))
            else:
                start = len(origin)
                parts.append(m.group())
                origin.extend(range(m.start(), m.end()))
                guarded.append((start, len(origin)))
            last = m.end()
        parts.append(text[last:])
        origin.extend(range(last, len(text) + 1))
        return "".join(parts), origin, guarded

    def _link(self, text: str) -> tuple[list[ElementTree.Element], str]:
        """Split `text` into leading text and anchors whose tails hold the text after them."""
        view, origin, guarded = self._view(text)
        anchors: list[ElementTree.Element] = []
        lead, last = text, 0
        for found in self.terms.index.find(view):
            if found.ident == self.own or found.ident in self.linked:
                continue
            if any(a < found.end and found.start < b for a, b in guarded):
                continue
            match = Match(origin[found.start], origin[found.end], found.ident)
            self.linked.add(match.ident)
            anchor = ElementTree.Element("a", {
                "href": f"{self.prefix}{self.terms.folder}/{match.ident}.md",
                "class": "kb-term",
                # Python-Markdown's serializer leaves anything that looks like an entity
                # ('&lt;') as it is, so the attribute is escaped here, completely.
                "title": html.escape(self.terms.tooltips.get(match.ident, ""), quote=True)})
            anchor.text = text[match.start:match.end]
            if anchors:
                anchors[-1].tail = text[last:match.start]
            else:
                lead = text[:match.start]
            anchors.append(anchor)
            last = match.end
        if anchors:
            anchors[-1].tail = text[last:]
        return anchors, lead


class TermLinksExtension(Extension):
    def __init__(self, **kwargs: Any):
        self.config = {"root": [".", "content root: holds begrippen/ and docs/"],
                       "data": ["", "the term-links data file (default "
                                f"<root>/docs/{DATA_FILE})"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        terms = current(self.getConfig("root"), self.getConfig("data"))
        if terms is not None:
            # After inline patterns (20) and attr_list (8), before MkDocs' link resolution (0).
            md.treeprocessors.register(_Linker(md, terms), "kennisbank_termlinks", 6)


def makeExtension(**kwargs: Any) -> TermLinksExtension:  # noqa: N802 (Python-Markdown's name)
    return TermLinksExtension(**kwargs)
