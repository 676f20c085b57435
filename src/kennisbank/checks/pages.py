"""Rules on the hand-written pages and other files in docs/: what the theme prints without
escaping, markup that runs or loads something, and which files the site may publish at all.

The Content-Security-Policy allows scripts from the site itself (`script-src 'self'`), so
what keeps a contributor's script out is that nothing a pull request adds to docs/ can be a
script or load one: no script file but the ones kennisbank ships (`SHIPPED_SCRIPTS`), no
`<script>`, event-handler attribute or `javascript:` URL in a page, no file a browser would
open as a document of the site's own (HTML, XML) and no SVG holding such markup.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import PurePosixPath

import yaml

from kennisbank.checks.markup import Danger, dangers
from kennisbank.content.load import GENERATED
from kennisbank.content.model import Inhoud
from kennisbank.core.findings import Finding, Level

# Front-matter keys whose values the theme (Material, and our overrides/main.html) puts raw
# into the page: a quote or an angle bracket ends an attribute or element and starts markup
# of the author's choosing.
RAW_KEYS = frozenset({"description", "author", "title", "subtitle", "status", "icon",
                      "revision_date", "git_revision_date_localized",
                      "git_creation_date_localized", "location", "kennisbank_begrip"})
# `template` makes the engine render the page with another of the theme's templates, such as
# Material's redirect.html, which sends the reader to the page's `location`.
REFUSED_KEYS = frozenset({"template"})
UNSAFE = re.compile(r"[\"<>]")
# As MkDocs reads front matter (mkdocs.utils.meta.YAML_RE): a byte-order mark, `---` with
# trailing spaces, and `---` or `...` to close it.
_FRONT_MATTER = re.compile(r"\A\ufeff?-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)


def raw_front_matter(inhoud: Inhoud) -> Iterator[Finding]:
    """A value the theme prints raw that holds `"`, `<` or `>`, read the way YAML reads it
    (block scalars, escapes, quoted keys); anchors and aliases are refused outright. Without
    YAML front matter MkDocs reads MultiMarkdown-style `Sleutel: waarde` lines at the top of
    the page as its data (keys lower-cased), so those are read too."""
    for rel, text in sorted((inhoud.paginas or {}).items()):
        path = f"docs/{rel}"
        front = _FRONT_MATTER.match(text)
        if front is None:
            yield from _multimarkdown_values(path, text)
            continue
        try:
            tokens = list(yaml.scan(front.group(1), Loader=yaml.SafeLoader))
            if any(isinstance(t, (yaml.AnchorToken, yaml.AliasToken)) for t in tokens):
                yield Finding(path, 2, 1, Level.FOUT, "onveilige-paginagegevens",
                              "de gegevens bovenaan de pagina gebruiken een anker of alias "
                              "(& of *); schrijf elke waarde voluit")
                continue
            root = yaml.compose(front.group(1), Loader=yaml.SafeLoader)
        except (yaml.YAMLError, RecursionError):
            # MkDocs then has no page data and renders the whole text as Markdown, which
            # page_markup searches.
            continue
        if isinstance(root, yaml.MappingNode):
            yield from _raw_values(path, root)


# mkdocs.utils.meta's MultiMarkdown data: a key line, or a continuation indented by 4.
_MMD_KEY = re.compile(r"[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_MMD_MORE = re.compile(r"(?:[ ]{4}|\t)\s*(?P<value>.*)")


def _multimarkdown_values(path: str, text: str) -> Iterator[Finding]:
    key = None
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    for number, line in enumerate(lines.split("\n"), 1):
        if not line.strip():
            return
        found = _MMD_KEY.match(line)
        if found:
            key = found.group("key").lower()
        else:
            found = _MMD_MORE.match(line)
            if not (found and key):
                return
        if key in REFUSED_KEYS:
            yield Finding(path, number, 1, Level.FOUT, "onveilige-paginagegevens",
                          f"{key!r} kiest een ander sjabloon van het thema (zoals een "
                          "doorverwijzing naar een ander adres); verwachtte geen "
                          f"{key!r} bovenaan een pagina in docs/")
        elif key in RAW_KEYS and (bad := UNSAFE.search(found.group("value"))):
            yield Finding(path, number, found.start("value") + 1, Level.FOUT,
                          "onveilige-paginagegevens",
                          f"{key!r} bevat {bad.group()!r}; het thema zet deze waarde "
                          "onbewerkt in de pagina, waar dit teken een eigen stuk HTML begint "
                          "(verwachtte tekst zonder \", < en >)")


def _raw_values(path: str, root: yaml.MappingNode) -> Iterator[Finding]:
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "<<":  # a merge key's pairs
            merged = value.value if isinstance(value, yaml.SequenceNode) else [value]
            for mapping in merged:
                if isinstance(mapping, yaml.MappingNode):
                    yield from _raw_values(path, mapping)
            continue
        if isinstance(key, yaml.ScalarNode) and key.value in REFUSED_KEYS:
            mark = key.start_mark
            yield Finding(path, mark.line + 2, mark.column + 1, Level.FOUT,
                          "onveilige-paginagegevens",
                          f"{key.value!r} kiest een ander sjabloon van het thema (zoals een "
                          "doorverwijzing naar een ander adres); verwachtte geen "
                          f"{key.value!r} bovenaan een pagina in docs/")
            continue
        if not (isinstance(key, yaml.ScalarNode) and key.value in RAW_KEYS):
            continue
        todo: list[yaml.Node] = [value]
        while todo:
            node = todo.pop()
            if isinstance(node, yaml.ScalarNode):
                bad = UNSAFE.search(node.value)
                if bad:
                    mark = node.start_mark
                    yield Finding(path, mark.line + 2, mark.column + 1, Level.FOUT,
                                  "onveilige-paginagegevens",
                                  f"{key.value!r} bevat {bad.group()!r}; het thema zet deze "
                                  "waarde onbewerkt in de pagina, waar dit teken een eigen "
                                  "stuk HTML begint (verwachtte tekst zonder \", < en >)")
                    break
            elif isinstance(node, yaml.MappingNode):
                todo += [v for _, v in node.value]
            elif isinstance(node, yaml.SequenceNode):
                todo += node.value


# Python-Markdown's extensions as MkDocs runs them for this site: its own defaults (toc,
# tables, fenced_code) and mkdocs.yml's `markdown_extensions` but the term links, whose
# output is escaped (a test keeps this list and mkdocs.yml in step).
MARKDOWN_EXTENSIONS = ("toc", "tables", "fenced_code", "admonition", "attr_list",
                       "md_in_html")
EXPECTED_MARKUP = ("verwachtte Markdown en HTML zonder <script>, zonder attributen die met "
                   "'on' beginnen, zonder javascript:-adressen, zonder <iframe>, <object>, "
                   "<embed>, <base> of <meta> en zonder formulier dat naar een ander adres "
                   "verstuurt")


def page_markup(inhoud: Inhoud) -> Iterator[Finding]:
    """A hand-written page whose HTML, as the engine renders it, runs or loads something:
    the page's Markdown rendered with the site's extensions, then searched (checks.markup)."""
    pages = dict(inhoud.paginas or {})
    pages.update((rel, text) for rel, text in inhoud.bestanden.items()
                 if rel.endswith(".md") and text is not None)
    for rel, text in sorted(pages.items()):
        rendered = _rendered(text)
        if rendered is None:
            yield Finding(f"docs/{rel}", 1, 1, Level.FOUT, "te-diep-genest",
                          "Markdown kan deze pagina niet omzetten: lijsten of citaten staan te "
                          "diep in elkaar (verwachtte hooguit enkele niveaus)")
            continue
        for danger in dangers(rendered):
            yield _markup_finding(f"docs/{rel}", text, 0, danger)


@functools.lru_cache(maxsize=512)
def _rendered(text: str) -> str | None:
    """A page's HTML as the engine renders it (None: nested too deep to render). Kept for
    the texts seen last: a preview checks the same pages after every save."""
    import markdown  # only here: the lower layers import without Python-Markdown

    # The whole text, front matter too: MkDocs renders it as Markdown when its YAML does not
    # load as a mapping (broken, a list, nested too deep).
    try:
        return str(markdown.markdown(text, extensions=list(MARKDOWN_EXTENSIONS)))
    except RecursionError:
        return None


# Scripts kennisbank itself brings, relative to docs/: the ones mkdocs.yml's
# `extra_javascript` and the theme overrides in overrides/ load, and Mermaid, which
# leidraad.js loads on the leidraad's overview (a test keeps this set and the repository in
# step). A new script is a change to this code, reviewed as code.
SHIPPED_SCRIPTS = frozenset({
    "assets/kennisbank.js", "assets/leidraad.js", "assets/zoeken.js", "assets/tekstcheck.js",
    "assets/thema-aankondiging.js", "assets/thema-basis.js", "assets/thema-inhoud.js",
    "assets/thema-palet.js", "assets/vendor/mermaid/mermaid.min.js"})
SCRIPT_SUFFIXES = frozenset({".js", ".mjs", ".cjs"})
# Files a browser shows as an image, a download or a style sheet, never as a document that
# runs scripts in the site's name. SVG and files without a suffix are read for markup
# instead (content.load.READ_AS_MARKUP); every other kind (.html, .xml, ...) is refused.
INERT_SUFFIXES = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico",
    ".pdf", ".txt", ".csv", ".docx", ".odt", ".xlsx", ".ods", ".pptx", ".odp", ".zip",
    ".ttl", ".nt", ".jsonld", ".json", ".css", ".woff", ".woff2",
    ".mp3", ".mp4", ".webm", ".ogg", ".vtt"})


def docs_files(inhoud: Inhoud) -> Iterator[Finding]:
    """Every file in docs/ but the pages: a script only when kennisbank ships it, an SVG or a
    file without a suffix without refused markup, and otherwise only inert kinds."""
    for rel, text in sorted(inhoud.bestanden.items()):
        suffix = PurePosixPath(rel).suffix.lower()
        path = f"docs/{rel}"
        if rel.endswith(".md") and text is not None or suffix in INERT_SUFFIXES:
            continue  # a page in a generator folder: page_markup reads it
        if suffix in SCRIPT_SUFFIXES:
            # The engine's scripts come with its theme (site/thema/assets/); a file of docs/
            # would add one or, under a shipped name, replace it.
            what = "vervangt een script van kennisbank" if rel in SHIPPED_SCRIPTS else \
                "is een script dat kennisbank niet meebrengt"
            yield Finding(path, 1, 1, Level.FOUT, "onveilig-bestand",
                          f"{PurePosixPath(rel).name!r} {what}; de site laadt alleen de "
                          "scripts die kennisbank in zijn thema meebrengt (verwachtte geen "
                          "script in docs/; vraag de ontwikkelaars als er een nodig is)")
        elif text is not None and (suffix == ".svg" or not suffix):
            for danger in dangers(text):
                yield _markup_finding(path, text, 0, danger)
        else:
            yield Finding(path, 1, 1, Level.FOUT, "onveilig-bestand",
                          f"een bestand van de soort {suffix or '(geen)'!r} opent een browser "
                          "als document van de site zelf, en dat kan een script uitvoeren "
                          "(verwachtte een pagina in Markdown (.md), een afbeelding (.png, "
                          ".jpg, .gif, .webp, .svg) of een download (zoals .pdf, .txt, .csv, "
                          ".docx, .odt))")


# Names at the top of docs/ that become the address of a generated page or folder: the
# generator's folders (content.load.GENERATED), each with an index page. `downloads.md` and
# `downloads/index.md` are both /downloads/: MkDocs keeps one of the two without a word,
# Zensical stops.
_GENERATED_FOLDED = {name.casefold(): name for name in GENERATED}


def generated_names(inhoud: Inhoud) -> Iterator[Finding]:
    """A hand-written page or file at the top of docs/ whose name is that of a generated page
    or folder (compared without case: on a file system that ignores case they are one)."""
    for rel in sorted({*(inhoud.paginas or {}), *inhoud.bestanden}):
        if "/" in rel:
            continue
        stem = rel[:-3] if rel.lower().endswith(".md") else rel
        name = _GENERATED_FOLDED.get(stem.casefold())
        if name is None:
            continue
        yield Finding(f"docs/{rel}", 1, 1, Level.FOUT, "gereserveerde-naam",
                      f"{rel!r} krijgt het adres /{name}/, dat kennisbank zelf maakt "
                      f"(docs/{name}/ wordt gegenereerd); de site kan maar één van de twee "
                      f"tonen (verwachtte een andere naam, niet {', '.join(GENERATED)})")


def _markup_finding(path: str, text: str, start: int, danger: Danger) -> Finding:
    """The finding at the first place in `text` (from `start`, the page body) where the
    danger's pattern occurs; the body's first line when it is not written there as such
    (attr_list's `{: ... }`, character references)."""
    found = danger.needle.search(text, start)
    at = found.start() if found else start
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return Finding(path, line, column, Level.FOUT, "onveilige-html",
                   f"{danger.value!r}: {danger.why} ({EXPECTED_MARKUP})")
