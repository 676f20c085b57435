"""Rules on the hand-written pages in docs/: what the theme prints without escaping."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kennisbank.content.model import Inhoud
from kennisbank.core.findings import Finding, Level

# The theme puts these front-matter values raw into an attribute of the page's head
# (`<meta name="description" content="...">`): a quote or an angle bracket ends the attribute
# and starts markup of the author's choosing.
RAW_KEYS = ("description", "author")
UNSAFE = re.compile(r"[\"<>]")
_FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.S)
_KEY = re.compile(r"^(\w+)\s*:\s*(.*)$")


def raw_front_matter(inhoud: Inhoud) -> Iterator[Finding]:
    """A `description` or `author` with `"`, `<` or `>` in a page's front matter."""
    for rel, text in sorted((inhoud.paginas or {}).items()):
        front = _FRONT_MATTER.match(text)
        if front is None:
            continue
        for number, line in enumerate(front.group(1).splitlines(), start=2):
            found = _KEY.match(line)
            if not found or found.group(1) not in RAW_KEYS:
                continue
            value, start = found.group(2).rstrip(), found.start(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value, start = value[1:-1], start + 1  # YAML's own quotes
            bad = UNSAFE.search(value)
            if bad:
                yield Finding(f"docs/{rel}", number, start + bad.start() + 1, Level.FOUT,
                              "onveilige-paginagegevens",
                              f"{found.group(1)!r} bevat {bad.group()!r}; het thema zet deze "
                              "waarde onbewerkt in de kop van de pagina, waar dit teken een "
                              "eigen stuk HTML begint (verwachtte tekst zonder \", < en >)")
