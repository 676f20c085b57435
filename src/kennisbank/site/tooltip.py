"""The short text of a concept shown where its term is linked: the first sentence of the
definition. Plain Python, no Markdown: the search index and the generator use it too."""

from __future__ import annotations

import html
import re


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
    # Only the first `limit` characters can hold the sentence end that counts (two more to
    # see what follows it): a long text costs no more than a short one.
    end = _sentence_end(text[:limit + 2])
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
