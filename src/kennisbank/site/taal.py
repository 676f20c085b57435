"""Which language the site shows a vocabulary in, and how foreign text is marked.

The interface of the site is Dutch (`<html lang="nl">`). `_kader.yaml` `taal` (default `nl`)
chooses which of a concept's labels and texts is shown; any text shown in another language
than the page's carries its own `lang` (WCAG 3.1.2), so a screen reader pronounces a German
label as German. A text without language tag (`und`) is left unmarked: we do not know it.
Notations (skos:notation) order concepts when they have them, the way a classification is
read.
"""

from __future__ import annotations

import re

from kennisbank.content.schema import LangList, LangText
from kennisbank.core.text import fold
from kennisbank.site.markup import attr, text

PAGE_LANG = "nl"
NO_LANG = "und"


class Taal:
    def __init__(self, taal: str):
        self.taal = taal or PAGE_LANG
        # The display language first; then text without a tag, Dutch (the page), English,
        # and any other language in a fixed order (never whichever the file had first).
        self.order = list(dict.fromkeys((self.taal, NO_LANG, PAGE_LANG, "en")))

    def pick(self, value: LangText) -> tuple[str, str]:
        """(language, text) to show of a text value."""
        for lang in self.order:
            if value.get(lang):
                return lang, value[lang]
        for lang in sorted(value):
            if value[lang]:
                return lang, value[lang]
        return NO_LANG, ""

    def pick_list(self, values: LangList) -> tuple[str, list[str]]:
        for lang in [*self.order, *sorted(values)]:
            if values.get(lang):
                return lang, values[lang]
        return NO_LANG, []

    @staticmethod
    def foreign(lang: str) -> bool:
        return lang not in (PAGE_LANG, NO_LANG)

    def inline(self, lang: str, value: str) -> str:
        """Inert Markdown text, in a `<span lang>` when it is not in the page's language."""
        shown = text(value)
        return f'<span lang="{attr(lang)}">{shown}</span>' if self.foreign(lang) else shown

    def raw(self, lang: str, value: str) -> str:
        """Inside raw HTML (no Markdown): only escaped, with its lang when foreign."""
        from kennisbank.site.markup import plain

        shown = plain(value)
        return f'<span lang="{attr(lang)}">{shown}</span>' if self.foreign(lang) else shown

    def block_attrs(self, lang: str, classes: str = "") -> str:
        """An attr_list line for the block above it ('' when nothing to set)."""
        parts = [classes] if classes else []
        if self.foreign(lang):
            parts.append(f'lang="{attr(lang)}"')
        return "{: " + " ".join(parts) + " }" if parts else ""

    def paragraphs(self, lang: str, value: str) -> str:
        """A block of content, each paragraph inert text marked with its language."""
        mark = self.block_attrs(lang)
        return "\n\n".join(text(line) + (f"\n{mark}" if mark else "")
                           for line in value.split("\n") if line.strip())


def _natural(notation: str) -> tuple[tuple[int, int | str], ...]:
    """'1.10' after '1.9': digit runs compare as numbers."""
    return tuple((0, int(part)) if part.isdigit() else (1, part.casefold())
                 for part in re.findall(r"\d+|\D+", notation))


def order_key(notaties: list[str], term: str) -> tuple[int, tuple[tuple[int, int | str], ...],
                                                       str]:
    """Concepts with a notation first, in notation order; the rest by term."""
    if notaties:
        return (0, _natural(min(notaties, key=_natural)), fold(term))
    return (1, (), fold(term))
