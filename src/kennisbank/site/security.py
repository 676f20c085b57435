"""The site's Content-Security-Policy: one policy for the `<meta>` in every page and for the
header in the server configurations; and the Referrer-Policy the server configurations send.

No page runs an inline script or an event-handler attribute (the theme's small inline
scripts are replaced by files in `overrides/`), so `script-src 'self'` needs no hashes and
one missed escape in content is text, not a script. 'self' admits every script the site
serves, so `kennisbank check` makes sure the site serves only kennisbank's own
(checks/pages.py: SHIPPED_SCRIPTS, no markup that runs or loads something in a page, no HTML
or XML file in docs/). Narrowing script-src further was weighed and left: a path in a
source needs the host, which the site does not know (previews, loopback tests, any host an
organisation chooses), and browsers ignore the path after a redirect; a hash of an external
script needs an `integrity` attribute on every script element, which neither engine's
`extra_javascript` nor the theme's own script tags write. Styles allow 'unsafe-inline' because
the theme and Mermaid set `style` attributes; styles cannot run script.

`unsafe_pages` checks a finished build before it replaces site/: the templates (the theme's,
a project's `overrides/`) and the configuration are code that no `check` can judge (MkDocs'
Jinja is not sandboxed), so what they produced is checked instead: every page must start its
<head> with this policy and hold no script but files and data blocks.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator
from pathlib import Path

# Directives a <meta> cannot carry (frame-ancestors) are only in the header form.
_DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)

CSP_META = "; ".join(f"{name} {value}" for name, value in _DIRECTIVES)
CSP_HEADER = CSP_META + "; frame-ancestors 'self'"

# Other sites learn at most our origin, never the page a reader came from (and nothing over
# plain HTTP).
REFERRER_POLICY = "strict-origin-when-cross-origin"


# The start of every page: doctype, <html>, <head>, at most <meta charset>, then the policy.
# Nothing else may come first: a <meta> policy covers only what follows it.
_HEAD = re.compile(
    r"\A\ufeff?\s*(?:<!doctype html>\s*)?<html(?:\s[^<>]*)?>\s*<head>\s*"
    r"(?:<meta charset=\"utf-8\">\s*)?"
    r"<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"<>]*)\">", re.I)
# Every place a browser may start a script element, wherever it stands (in a comment or an
# attribute too: a false alarm stops a build, a missed script would run).
_SCRIPT = re.compile(r"<script(?=[\s/>])", re.I)
_TAG = re.compile(r"""<script((?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)"""
                  r"\s*/?>", re.I)
_ATTR = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
# In an SVG: a script element, an event-handler attribute, a javascript: address or HTML
# inside it (foreignObject).
_DOCUMENT_SCRIPT = re.compile(r"<script(?=[\s/>])|\son[a-z]+\s*=|javascript:|<foreignObject",
                              re.I)
# Script elements that hold data, not code: JSON-LD and the theme's configuration.
DATA_TYPES = frozenset({"application/ld+json", "application/json"})
_SCRIPT_SRC = re.compile(r"(?:\.\./|\./|/(?!/))*[A-Za-z0-9_./-]+\.m?js(?:\?[A-Za-z0-9=&._-]*)?")


def site_entries(site_dir: Path) -> list[tuple[str, str]]:
    """Everything under a built site as (relative path, kind), sorted by path: kind 'dir'
    for a folder, 'link' for a symbolic link (a linked folder is not entered),
    'file' for anything else. One walk of the directory entries, no further system call
    per file (a pathlib glob per suffix walked the tree again each time)."""
    found: list[tuple[str, str]] = []
    todo = [""]
    while todo:
        rel = todo.pop()
        with os.scandir(site_dir / rel if rel else site_dir) as scan:
            for entry in scan:
                name = f"{rel}/{entry.name}" if rel else entry.name
                if entry.is_symlink():
                    found.append((name, "link"))
                elif entry.is_dir(follow_symlinks=False):
                    found.append((name, "dir"))
                    todo.append(name)
                else:
                    found.append((name, "file"))
    # As paths sort, folder by folder: NUL (in no name) below every character in place of
    # the slash orders the strings as their lists of parts, without making the lists.
    found.sort(key=lambda item: item[0].replace("/", "\0"))
    return found


def unsafe_pages(site_dir: Path,
                 entries: list[tuple[str, str]] | None = None) -> Iterator[str]:
    """What makes a built page unsafe, one Dutch sentence per page ('<path>: ...'): the
    Content-Security-Policy <meta> missing, changed or not first in <head>, or a script
    element that is no `.js` file of the site itself and no JSON data block. `entries`:
    `site_entries(site_dir)` when the caller has them."""
    files = [rel for rel, kind in (site_entries(site_dir) if entries is None else entries)
             if kind != "dir"]  # a link is read as the browser would get it: followed
    for shown in [rel for rel in files if rel.endswith(".html")]:
        text = (site_dir / shown).read_text(encoding="utf-8", errors="replace")
        head = _HEAD.match(text)
        if head is None or html.unescape(head.group(1)) != CSP_META:
            yield (f"{shown}: de pagina begint haar <head> niet met de Content-Security-Policy "
                   f"van kennisbank (verwachtte als eerste <meta http-equiv=\"Content-Security-"
                   f"Policy\" content=\"{CSP_META}\">)")
            continue
        for found in _SCRIPT.finditer(text):
            problem = _script_problem(text, found.start())
            if problem:
                line = text.count("\n", 0, found.start()) + 1
                yield (f"{shown}:{line}: {problem} (verwachtte alleen <script src=\"….js\"> "
                       "van de site zelf of een gegevensblok als application/ld+json)")
                break
    # Images and data a browser may open as a document of the site: no script of any kind
    # (check refuses them in docs/ already; this is what a build actually publishes).
    for shown in [rel for rel in files if rel.endswith((".svg", ".xml"))]:
        text = (site_dir / shown).read_text(encoding="utf-8", errors="replace")
        danger = (_DOCUMENT_SCRIPT if shown.endswith(".svg") else _SCRIPT).search(text)
        if danger:
            line = text.count("\n", 0, danger.start()) + 1
            yield (f"{shown}:{line}: {danger.group(0)!r} in een "
                   "bestand dat een browser als document van de site kan openen (verwachtte "
                   "geen script, gebeurtenisattribuut of javascript:-adres)")


def _script_problem(text: str, start: int) -> str | None:
    tag = _TAG.match(text, start)
    if tag is None:
        return "een <script> die niet als gewone tag te lezen is"
    attrs = {m.group(1).lower(): html.unescape(next((v for v in m.groups()[1:] if v is not None),
                                                    ""))
             for m in _ATTR.finditer(tag.group(1))}
    if "src" in attrs:
        if not _SCRIPT_SRC.fullmatch(attrs["src"]):
            return f"een script van {attrs['src']!r}, geen .js-bestand van de site zelf"
        return None
    if attrs.get("type", "").strip().lower() in DATA_TYPES:
        return None
    return "een script in de pagina zelf (inline)"
