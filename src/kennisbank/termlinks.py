"""Term links: a Python-Markdown extension that links the concepts' terms in every page.

Listed under `markdown_extensions` in mkdocs.yml (a Markdown extension, not a MkDocs plugin:
MkDocs and its successor Zensical both run Python-Markdown extensions). It links the first
occurrence of each concept per section (between headings) to the concept page, with the
short definition as `title` (Material's `content.tooltips` shows it on hover and keyboard
focus; Material inserts that attribute's value as HTML, so the text is escaped once more
for it, see `tooltip`). It leaves alone headings, links, code, form labels, the hidden
search terms, the page's own concept, and anything inside an element with class `kb-geen-links`.

The term index comes from the validated model: `site.generate` hands it over with `use`
before MkDocs renders (in `kennisbank build` and in `mkdocs serve` through the hook). Without
it (a plain `mkdocs build` without the hook) the extension links nothing.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from kennisbank.termen import TermIndex

SKIP_TAGS = frozenset({"a", "code", "pre", "kbd", "samp", "script", "style", "h1", "h2", "h3",
                       "h4", "h5", "h6", "label", "legend", "button", "textarea", "select",
                       "abbr", "svg", "title", "dt"})
SKIP_CLASSES = frozenset({"kb-geen-links", "kb-zoektermen", "kb-gegevens", "kb-route",
                          "md-button", "headerlink"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Python-Markdown keeps inline raw HTML out of the tree as \x02wzxhzdk:N\x03 placeholders.
_PLACEHOLDER = re.compile("\x02[^\x03]*\x03")
_CONCEPT_PAGE = re.compile(r"begrippen/([a-z0-9-]+)\.md$")


@dataclass
class Terms:
    index: TermIndex
    tooltips: dict[str, str]
    folder: str = "begrippen"


_TERMS: Terms | None = None


def use(terms: Terms | None) -> None:
    """Set the terms that pages rendered from now on are linked with (None: no links)."""
    global _TERMS
    _TERMS = terms


def tooltip(definitie: str, limit: int = 200) -> str:
    """The value of a term link's `title`: the first sentence of the definition (at most
    `limit` characters), HTML-escaped.

    Material's `content.tooltips` reads the attribute and appends it to the tooltip with
    `innerHTML`, so the attribute must hold HTML that shows the text; ElementTree escapes it
    a second time for the attribute itself. Without JavaScript the browser's own tooltip shows
    the attribute as it is, so an '&' in a definition then reads '&amp;' there.
    """
    return html.escape(short_definition(definitie, limit), quote=False)


def short_definition(definitie: str, limit: int = 200) -> str:
    """The first sentence of a definition, at most `limit` characters, as plain text."""
    text = " ".join(definitie.split())
    first = re.match(r"(.+?[.!?])(\s|$)", text)
    if first and len(first.group(1)) <= limit:
        return first.group(1)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class _Linker(Treeprocessor):
    def __init__(self, md: Markdown, terms: Terms):
        super().__init__(md)
        self.terms = terms
        self.linked: set[str] = set()
        self.own: str | None = None

    def run(self, root: ElementTree.Element) -> None:
        self.linked = set()
        self.own = self._page_concept()
        self._element(root)

    def _page_concept(self) -> str | None:
        """The concept whose page this is: MkDocs' link processor knows the page's file."""
        relpath: Any = self.md.treeprocessors["relpath"] if "relpath" in \
            self.md.treeprocessors else None
        src = getattr(getattr(relpath, "file", None), "src_uri", "")
        match = _CONCEPT_PAGE.search(src or "")
        return match.group(1) if match else None

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
                self.linked = set()  # a new section: link each concept again once
            if not self._skip(child):
                self._element(child)
            if child.tail:
                anchors, child.tail = self._link(child.tail)
                for n, anchor in enumerate(anchors):
                    element.insert(i + 1 + n, anchor)
                i += len(anchors)
            i += 1

    def _link(self, text: str) -> tuple[list[ElementTree.Element], str]:
        """Split `text` into leading text and anchors whose tails hold the text after them."""
        guarded = [m.span() for m in _PLACEHOLDER.finditer(text)]
        anchors: list[ElementTree.Element] = []
        lead, last = text, 0
        for match in self.terms.index.find(text):
            if match.ident == self.own or match.ident in self.linked:
                continue
            if any(a < match.end and match.start < b for a, b in guarded):
                continue
            self.linked.add(match.ident)
            anchor = ElementTree.Element("a", {
                "href": f"/{self.terms.folder}/{match.ident}.md", "class": "kb-term",
                "title": self.terms.tooltips.get(match.ident, "")})
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
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        if _TERMS is not None:
            # After inline patterns (20) and attr_list (8), before MkDocs' link resolution (0).
            md.treeprocessors.register(_Linker(md, _TERMS), "kennisbank_termlinks", 6)


def makeExtension(**kwargs: Any) -> TermLinksExtension:  # noqa: N802 (Python-Markdown's name)
    return TermLinksExtension(**kwargs)
