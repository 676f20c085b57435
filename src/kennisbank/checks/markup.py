"""Markup that runs a script, embeds another document or sends the reader elsewhere, found in
HTML as a browser would read it: what a hand-written page or an SVG in docs/ may not hold.

Deliberately a search over the whole text, not a parse: an HTML parser that disagrees with the
browser in one corner (`<!-->`, the raw text of `<noscript>` or `<xmp>`, foreign content) is a
way around a parse. A search also finds what sits in a comment, an attribute value or an
escaped example in a code block: that is refused too and can be written another way.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

# Elements that run a script, embed another document, or change where links, forms and the
# page itself go (a <meta http-equiv="refresh"> sends the reader elsewhere; the CSP does not
# cover navigation).
ELEMENTS = ("script", "iframe", "frame", "frameset", "object", "embed", "applet", "portal",
            "base", "meta")
# A tag name ends at whitespace, "/" or ">"; anything else after it (a digit, "-") is refused
# too, which costs nothing.
_ELEMENT = re.compile(rf"<(?:{'|'.join(ELEMENTS)})(?![a-z])|<\?xml-stylesheet", re.I)
# An attribute name starts after whitespace, "/", or the quote that closed the previous value.
_HANDLER = re.compile(r"(?<=[\s/\"'])(on[a-z]+)\s*=", re.I)
_FORM_TARGET = re.compile(r"(?<=[\s/\"'])((?:form)?action)\s*=", re.I)
# A browser drops tabs and line breaks anywhere in a URL, and character references are read
# before that: `jav&#x09;ascript&colon;` is a javascript: URL.
_SCRIPT_URL = re.compile(r"(?:java|vb)script:", re.I)
_URL_NOISE = re.compile(r"[\t\n\r]")


@dataclass(frozen=True)
class Danger:
    """One piece of markup that may not be there: what was found, a pattern that finds it in
    the source the HTML came from, and why it is refused (Dutch)."""

    value: str
    needle: re.Pattern[str]
    why: str


def dangers(markup: str) -> Iterator[Danger]:
    """Every kind of refused markup in `markup` (HTML or SVG), the first place of each."""
    element = _ELEMENT.search(markup)
    if element:
        name = element.group()[1:]
        yield Danger(_snippet(markup, element.start()),
                     re.compile(re.escape(element.group()), re.I),
                     "dit element voert een script uit, haalt een ander document in de pagina "
                     "of stuurt de lezer door" if name.lower() != "?xml-stylesheet" else
                     "een stylesheet-instructie kan een XSLT-bestand een script laten maken")
    handler = _HANDLER.search(markup)
    if handler:
        yield Danger(_snippet(markup, handler.start()),
                     re.compile(rf"{handler.group(1)}\s*=", re.I),
                     "een attribuut dat met 'on' begint voert een script uit")
    target = _FORM_TARGET.search(markup)
    if target:
        yield Danger(_snippet(markup, target.start()),
                     re.compile(rf"{target.group(1)}\s*=", re.I),
                     "een formulier mag niet naar een ander adres versturen")
    decoded = _URL_NOISE.sub("", html.unescape(markup))
    url = _SCRIPT_URL.search(decoded)
    if url:
        yield Danger(_snippet(decoded, url.start()),
                     re.compile(r"(?:java|vb)\s*script|&#|&colon;", re.I),
                     "een adres dat met javascript: of vbscript: begint voert een script uit")


def _snippet(text: str, start: int, width: int = 60) -> str:
    """The found markup as the message shows it: from where it starts, at most one tag."""
    end = text.find(">", start)
    end = len(text) if end < 0 else end + 1
    return text[start:min(end, start + width)]
