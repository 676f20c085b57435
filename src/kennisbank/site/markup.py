"""Content as safe Markdown and HTML: every value from YAML passes through here.

Content is untrusted: HTML is escaped, Markdown syntax is neutralised, and only http(s)
URLs become links.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from kennisbank.content.model import Bron
from kennisbank.content.schema import LangList, LangText

# A hyphen inside a word (ex-toeslagpartner) is no Markdown syntax and stays as it is:
# escaped, Python-Markdown would put a placeholder between the two words, and a term
# link would find "toeslagpartner" on its own instead of "ex-toeslagpartner".
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+.!|~>]|(?<!\w)-|-(?!\w))")


# An '&' that starts a character reference ('&lt;', '&#60;') would be read as one; any other
# '&' is text to Python-Markdown, which escapes it in its output.
_ENTITY_START = re.compile(r"&(?=(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)", re.I)


def text(value: str) -> str:
    """Content as inert text inside Markdown: HTML escaped, Markdown syntax neutralised.

    A bare '&' stays as it is (Python-Markdown writes it as '&amp;'): escaped here, it would
    reach the term linker as a placeholder for raw HTML, and 'programma Erkenning & Herstel'
    would be linked as 'erkenning' and 'herstel' instead of as the programme."""
    escaped = _ENTITY_START.sub("&amp;", value).replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", escaped).replace("\n", " ")


def paragraphs(value: str) -> str:
    """A block of content: each line of the YAML text (a blank line in a folded block) its
    own Markdown paragraph, each one inert text."""
    return "\n\n".join(text(line) for line in value.split("\n") if line.strip())


def plain(value: str) -> str:
    """Content inside a raw HTML block (Markdown does not run there): only HTML-escaped."""
    return html.escape(value, quote=False)


def meta(value: str) -> str:
    """A front-matter value. Material inserts page.meta.title and .description into the
    HTML unescaped, so they are escaped here (and quoted as JSON, which is valid YAML)."""
    return json.dumps(html.escape(" ".join(value.split()), quote=True), ensure_ascii=False)


def attr(value: str) -> str:
    return html.escape(value, quote=True)


def nl(value: LangText | str) -> str:
    """The Dutch text of a value (or the first language there is)."""
    if isinstance(value, str):
        return value
    return value.get("nl") or next(iter(value.values()), "")


def nl_list(values: LangList) -> list[str]:
    return values.get("nl") or next(iter(values.values()), [])


def safe_url(url: str) -> str | None:
    """Only http(s) URLs become links; anything else is shown as text."""
    return url if re.match(r"https?://[^\s<>\"]+$", url) else None


def script_json(data: str) -> str:
    """JSON safe inside <script>: '<', '>' and '&' only occur in JSON strings, where their
    \\u escapes mean the same, so no content can end or disturb the script element."""
    return data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def source(titel: LangText, url: str, citatie: str) -> str:
    label = text(nl(titel)) or text(url)
    target = safe_url(url) if url else None
    shown = f"[{label}]({target})" if target else label
    return shown + (f". {text(citatie)}" if citatie else "")


def labelled(label: str, url: str) -> str:
    """The label as a link to `url` when that is an http(s) URL, else as text."""
    target = safe_url(url)
    return f"[{text(label)}]({target})" if target else text(label)


def no_links(lines: list[str]) -> list[str]:
    """Markdown lines in a passage the term linker leaves alone: interface text ('Download dit
    begrip als …'), lists of labels, another organisation's definition."""
    return ['<div class="kb-geen-links" markdown="1">', "", *lines, "", "</div>", ""]


def sources(bronnen: list[Bron]) -> list[str]:
    """The 'Bronnen' section: titles and citations are names, not prose, so no term links."""
    if not bronnen:
        return []
    return ["## Bronnen", "", '<div class="kb-bronnen kb-geen-links" markdown="1">', "",
            *[f"- {source(b.titel, b.url or b.uri, b.citatie)}" for b in bronnen],
            "", "</div>", ""]


def external(iri: str) -> str:
    target = safe_url(iri)
    return f"[{text(iri)}]({target})" if target else f"`{iri}`"


@dataclass
class Output:
    """What the generator writes, by path under docs/: the bytes, or for a big file that
    already exists elsewhere (a release's download in the release cache) the path to copy
    it from, so that the build never holds every release in memory."""

    files: dict[str, bytes | Path] = field(default_factory=dict)

    def add(self, rel: str, content: str | bytes) -> None:
        self.files[rel] = content.encode("utf-8") if isinstance(content, str) else content

    def add_copy(self, rel: str, source: Path) -> None:
        self.files[rel] = source

    def data(self, rel: str) -> bytes:
        """The bytes of a file written in memory (pages and data files; never a copy)."""
        content = self.files[rel]
        if isinstance(content, Path):
            raise TypeError(f"{rel} is a copy of {content}, not bytes in memory")
        return content
