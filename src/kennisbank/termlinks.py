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
import posixpath
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
_CONCEPT_PAGE = re.compile(r"(?:^|/)begrippen/([a-z0-9-]+)\.md$")


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
    `innerHTML`, so the attribute must hold HTML that shows the text; `_Linker` escapes it
    a second time for the attribute itself. Without JavaScript the browser's own tooltip shows
    the attribute as it is, so an '&' in a definition then reads '&amp;' there.
    """
    return html.escape(short_definition(definitie, limit), quote=False)


# Abbreviations that end in a full stop without ending the sentence ("bijv. een ...").
_ABBREVIATIONS = frozenset({"bijv", "bv", "o.a", "e.d", "enz", "etc", "m.b.t", "t.a.v", "i.v.m",
                            "d.w.z", "z.g", "zgn", "vgl", "resp", "art", "nr", "jo", "ca",
                            "mr", "dr", "drs", "ir", "prof", "min", "e.a", "m.n", "t.o.v"})
_SENTENCE_END = re.compile(r"[.!?][)'\"’”]*(?=\s+[^\s]|$)")
_LAST_WORD = re.compile(r"([\w.]+)\.$")


def _sentence_end(text: str) -> int | None:
    """Where the first sentence of `text` ends (after its full stop), if it does: a full stop
    after an abbreviation or before a small letter or a digit ends nothing."""
    for end in _SENTENCE_END.finditer(text):
        stop = end.start()
        rest = text[end.end():].lstrip()
        if text[stop] == "." and rest and not rest[0].isupper() and rest[0] not in "'\"‘“(":
            continue
        word = _LAST_WORD.search(text[:stop + 1])
        if text[stop] == "." and word and word.group(1).casefold() in _ABBREVIATIONS:
            continue
        return end.end()
    return None


def short_definition(definitie: str, limit: int = 200) -> str:
    """The first sentence of a definition as plain text; when that is longer than `limit`
    characters, as many whole words as fit, followed by '…' (a word is cut only when it is
    longer than `limit` on its own)."""
    text = " ".join(definitie.split())
    end = _sentence_end(text)
    if end is not None and end <= limit:
        return text[:end]
    if len(text) <= limit:
        return text
    budget = limit - 1  # room for the ellipsis
    cut = text[:budget]
    if text[budget] != " ":  # drop the word that does not fit (unless it is the only one)
        space = cut.rfind(" ")
        cut = cut[:space] if space > 0 else cut
    words = cut
    return words.rstrip(" ,;:–-([{'\"‘“") + "…"


class _Linker(Treeprocessor):
    def __init__(self, md: Markdown, terms: Terms):
        super().__init__(md)
        self.terms = terms
        self.linked: set[str] = set()
        self.explicit: dict[int | None, set[str]] = {}
        self.own: str | None = None

    def run(self, root: ElementTree.Element) -> None:
        self.own = self._page_concept()
        self.explicit = self._explicit_links(root)
        self.linked = set(self.explicit.get(None, ()))
        self._element(root)

    def _page_concept(self) -> str | None:
        """The concept whose page this is: MkDocs' link processor knows the page's file."""
        match = _CONCEPT_PAGE.search(self._page_file())
        return match.group(1) if match else None

    def _page_file(self) -> str:
        relpath: Any = self.md.treeprocessors["relpath"] if "relpath" in \
            self.md.treeprocessors else None
        return getattr(getattr(relpath, "file", None), "src_uri", "") or ""

    def _explicit_links(self, root: ElementTree.Element) -> dict[int | None, set[str]]:
        """The concepts each section (by its heading, None before the first) already links
        to with a link of its own, as a collection page does for every member: a term link
        would be a second link to the same page."""
        page = self._page_file()
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
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        if _TERMS is not None:
            # After inline patterns (20) and attr_list (8), before MkDocs' link resolution (0).
            md.treeprocessors.register(_Linker(md, _TERMS), "kennisbank_termlinks", 6)


def makeExtension(**kwargs: Any) -> TermLinksExtension:  # noqa: N802 (Python-Markdown's name)
    return TermLinksExtension(**kwargs)
