"""A project's own site: its mkdocs.yml, zensical.yml, docs/*.md and overrides/ where it has
them, the engine's neutral defaults where it does not (a configuration and a home page written
from the kader, the theme `kennisbank` in src/kennisbank/site/thema/).

Project files overlay the defaults file by file: a project's `mkdocs.yml` replaces the
configuration below, a page in its `docs/` replaces a default page, a template in its
`overrides/` (the theme's `custom_dir`) replaces the theme's template of the same name, and an
asset in its `docs/assets/` replaces the theme's asset. A default page is written into docs/
only while the project has no page of that name, or still has the very page kennisbank wrote
(a hash says which): once an editor changes it, it is the project's own.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import yaml

from kennisbank.content import load
from kennisbank.content.model import Inhoud, Kader
from kennisbank.core.safewrite import write_file, write_if_changed
from kennisbank.site import safeyaml, thema
from kennisbank.site.markup import Output, attr, plain, safe_url
from kennisbank.site.taal import Taal

THEME = Path(thema.__file__).parent
# The default pages' fixed text (package data beside the theme, not in it: the engines copy
# every file of a theme folder into the site).
PAGES = Path(__file__).parent / "paginas"
MKDOCS = "mkdocs.yml"
ZENSICAL = "zensical.yml"
# The configurations kennisbank writes for a project without its own (in the project root:
# both engines resolve docs_dir and custom_dir from the configuration's folder).
DEFAULT_MKDOCS = ".kennisbank-mkdocs.yml"
DEFAULT_ZENSICAL = ".kennisbank-zensical.yml"
# Default pages written into docs/, and the hashes of what was written (a dot file: no page).
RECORD = load.DEFAULT_PAGES
HOME, TEKSTCHECK = load.DEFAULT_PAGE_NAMES  # the pages a project may leave to the engine

# The leidraad's part of the theme, left out of a site without leidraad.
LEIDRAAD_ASSETS = ("assets/leidraad.js", "assets/vendor/mermaid")
LEIDRAAD_CSS = re.compile(r"/\* ---- Leidraad .*?---- end of the leidraad block ---- \*/\n",
                          re.S)
# Files of the theme folder that are no assets (MkDocs skips them; Zensical copies them).
_NOT_ASSETS = re.compile(r"(^|/)(__pycache__/|[^/]*\.pyc?$|mkdocs_theme\.yml$|[^/]*\.md$)",
                         re.I)

# Well-known licences by their address, for the footer and the home page.
LICENCES = {
    "creativecommons.org/publicdomain/zero/1.0": "CC0 1.0",
    "creativecommons.org/licenses/by/4.0": "CC BY 4.0",
    "creativecommons.org/licenses/by-sa/4.0": "CC BY-SA 4.0",
    "creativecommons.org/licenses/by/3.0": "CC BY 3.0",
    "creativecommons.org/licenses/by-nc/4.0": "CC BY-NC 4.0",
    "opendatacommons.org/licenses/odbl/1-0": "ODbL 1.0",
    "eupl.eu/1.2/nl": "EUPL 1.2",
    "joinup.ec.europa.eu/collection/eupl/eupl-text-eupl-12": "EUPL 1.2",
}


def own_config(root: Path) -> bool:
    """True when the project has its own mkdocs.yml (then it also names its own pages)."""
    return (root / MKDOCS).is_file()


def mkdocs_config(root: Path) -> Path:
    return root / MKDOCS if own_config(root) else root / DEFAULT_MKDOCS


def zensical_config(root: Path) -> Path:
    return root / ZENSICAL if (root / ZENSICAL).is_file() else root / DEFAULT_ZENSICAL


def licence_name(url: str) -> str:
    key = re.sub(r"^https?://(www\.)?", "", url).rstrip("/").removesuffix("/legalcode")
    return LICENCES.get(key.removesuffix("/deed.nl").removesuffix("/deed.en"), url)


def write_configs(root: Path, inhoud: Inhoud) -> dict[str, str]:
    """Write the default configuration(s) the project lacks; touch a file only when its
    content changes (a watching preview would otherwise build again). Never through a
    symbolic link: a committed `.kennisbank-mkdocs.yml -> ~/.bashrc` is an error.
    The files as written: real path → SHA-256 of the bytes (not read back)."""
    written = {}
    if not own_config(root):
        data = default_config(root, inhoud).encode("utf-8")
        write_if_changed(root / DEFAULT_MKDOCS, data, root)
        written[safeyaml.key(root / DEFAULT_MKDOCS)] = hashlib.sha256(data).hexdigest()
    if not (root / ZENSICAL).is_file():
        data = zensical_default(mkdocs_config(root).name).encode("utf-8")
        write_if_changed(root / DEFAULT_ZENSICAL, data, root)
        written[safeyaml.key(root / DEFAULT_ZENSICAL)] = hashlib.sha256(data).hexdigest()
    return written


def zensical_default(inherit: str) -> str:
    return (f"# Written by kennisbank: what only Zensical needs, on top of {inherit}.\n"
            f"INHERIT: {inherit}\n"
            "theme:\n  variant: classic\n"
            "plugins:\n  - search:\n      enabled: false\n")


def default_config(root: Path, inhoud: Inhoud) -> str:
    """The configuration of a project without mkdocs.yml, from its kader."""
    kader = inhoud.kader or Kader(titel={"nl": "Begrippenkader"}, basis_uri="")
    taal = Taal(kader.taal)
    titel = " ".join(taal.pick(kader.titel)[1].split()) or "Begrippenkader"
    leidraad = inhoud.leidraad is not None
    # Both engines print site_name and site_description into the HTML unescaped.
    config: dict[str, Any] = {"site_name": attr(titel)}
    uitleg = " ".join(taal.pick(kader.uitleg)[1].split())
    if uitleg:
        config["site_description"] = attr(uitleg)
    # No site_url: where the site is deployed is not in the kader (the IRIs' host may be a
    # redirect service such as w3id.org); a project sets it in its own mkdocs.yml.
    config |= {"docs_dir": "docs", "site_dir": "site", "strict": True}
    footer = footer_html(kader, taal)
    if footer:
        config["copyright"] = footer
    theme: dict[str, Any] = {"name": "kennisbank", "language": "nl", "font": False,
                             "palette": {"primary": "indigo", "accent": "indigo"},
                             "features": ["navigation.sections", "content.tooltips"]}
    if (root / "overrides").is_dir():
        theme["custom_dir"] = "overrides"
    config["theme"] = theme
    config["use_directory_urls"] = True
    config["extra_css"] = ["assets/vendor/material-search/search.css", "assets/kennisbank.css",
                           "assets/zoeken.css", "assets/tekstcheck.css"]
    config["extra_javascript"] = ["assets/kennisbank.js",
                                  *(["assets/leidraad.js"] if leidraad else []),
                                  "assets/zoeken.js", "assets/tekstcheck.js"]
    config["plugins"] = []
    # Markdown beside vendored code is no page, and `check` does not read it
    # (content.load.NOT_PAGES): unpublished, so nothing unchecked reaches the site. Zensical
    # honours the setting too.
    config["exclude_docs"] = "\n".join(f"{folder}**/*.md" for folder in load.NOT_PAGES)
    config["validation"] = {"nav": {"omitted_files": "ignore"},
                            "links": {"absolute_links": "relative_to_docs"}}
    config["markdown_extensions"] = [
        "kennisbank.site.termlinks", "admonition", "attr_list", "md_in_html",
        {"toc": {"permalink": True, "permalink_title": "Link naar dit deel"}}]
    config["nav"] = default_nav(root, inhoud)
    head = ("# Written by kennisbank from begrippen/_kader.yaml, because this project has no "
            "mkdocs.yml of its own.\n# To change the site's set-up, copy this file to "
            "mkdocs.yml and edit that; kennisbank then leaves it alone.\n")
    return head + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100)


def default_nav(root: Path, inhoud: Inhoud) -> list[Any]:
    kader = inhoud.kader
    docs = root / "docs"
    begrippen: list[Any] = [{"Begrippen A–Z": "begrippen/index.md"},
                            {"Hiërarchie": "begrippen/hierarchie.md"}]
    if kader is not None and kader.collecties:
        begrippen.append({"Collecties": "begrippen/collecties.md"})
    if inhoud.vocabulaires:
        begrippen.append({"Andere begrippenkaders": "vocabulaires/index.md"})
    begrippen.append({"Tekst controleren": TEKSTCHECK})
    begrippen.append({"Wijzigingen": "wijzigingen/index.md"})
    nav: list[Any] = [{"Home": HOME}]
    if inhoud.leidraad is not None:
        nav.append({"Leidraad": [{"Overzicht": "leidraad/index.md"},
                                 {"Dossier": "leidraad/dossier.md"}]})
    nav.append({"Begrippen": begrippen})
    nav.append({"Downloads": "downloads/index.md"})
    # The project's own hand-written pages, by title order of their file names.
    own = sorted(p.relative_to(docs).as_posix() for p in docs.glob("*.md")
                 if p.name not in (HOME, TEKSTCHECK)) if docs.is_dir() else []
    nav.extend(own)
    return nav


def footer_html(kader: Kader, taal: Taal) -> str:
    """The footer line: publisher and licence, as HTML (the theme prints it raw)."""
    parts = []
    lang, uitgever = taal.pick(kader.uitgever)
    if uitgever.strip():
        parts.append(taal.raw(lang, " ".join(uitgever.split())))
    url = safe_url(kader.licentie) if kader.licentie else None
    if url:
        parts.append(f'Licentie: <a href="{attr(url)}">{plain(licence_name(url))}</a>')
    return " · ".join(parts)


def home_page(inhoud: Inhoud) -> str:
    """The default home page, written from the kader."""
    kader = inhoud.kader or Kader(titel={"nl": "Begrippenkader"}, basis_uri="")
    taal = Taal(kader.taal)
    lang, titel = taal.pick(kader.titel)
    heading = taal.inline(lang, " ".join(titel.split()) or "Begrippenkader")
    lines = ["---", "title: Home", "---", "",
             "<!-- Written by kennisbank from begrippen/_kader.yaml; edit this file to make "
             "it the project's own home page (kennisbank then leaves it alone). -->", "",
             f"# {heading}", ""]
    # No term links on this page: it is the interface to the terms (and a scheme's own
    # description would get links inside words it never meant as terms).
    lines += ['<div class="kb-geen-links" markdown="1">', ""]
    ulang, uitleg = taal.pick(kader.uitleg)
    if uitleg.strip():
        lines += [taal.paragraphs(ulang, uitleg), ""]
    lines += ["</div>", "", '<div class="kb-termzoeker kb-zoeken-js"></div>', "",
              '<div class="kb-geen-links" markdown="1">', ""]
    n = len(inhoud.begrippen)
    lines += ["## Begrippen", "",
              f"Dit begrippenkader heeft {n} {'begrip' if n == 1 else 'begrippen'}. Zoek er "
              "een op met het zoekvak bovenaan de pagina, of blader in "
              "[alle begrippen van A tot Z](begrippen/index.md) en "
              "[de hiërarchie](begrippen/hierarchie.md)"
              + (" of [de collecties](begrippen/collecties.md)" if kader.collecties else "")
              + ".", "",
              "## Downloads", "",
              "Het hele begrippenkader staat als SKOS in Turtle, JSON-LD, RDF/XML en N-Triples "
              "op [Downloads](downloads/index.md).", ""]
    lines += _about(kader, taal)
    lines += ["</div>", ""]
    return "\n".join(lines)


def _about(kader: Kader, taal: Taal) -> list[str]:
    facts = []
    lang, uitgever = taal.pick(kader.uitgever)
    if uitgever.strip():
        facts.append(f"- Uitgever: {taal.inline(lang, ' '.join(uitgever.split()))}")
    url = safe_url(kader.licentie) if kader.licentie else None
    if url:
        facts.append(f"- Licentie: [{plain(licence_name(url))}](<{url}>)")
    if kader.versie:
        facts.append(f"- Versie: {plain(kader.versie)}")
    contact = kader.contact
    if contact is not None and contact.email:
        facts.append(f"- Contact: [{plain(contact.email)}](<mailto:{contact.email}>)")
    if contact is not None and contact.formulier and safe_url(contact.formulier):
        facts.append(f"- Een fout melden of een vraag stellen: "
                     f"[meldformulier](<{contact.formulier}>)")
    return ["## Over dit begrippenkader", "", *facts, ""] if facts else []


def tekstcheck_page() -> str:
    """The page Tekst controleren (its script, assets/tekstcheck.js, fills it)."""
    return (PAGES / TEKSTCHECK).read_text(encoding="utf-8")


def default_pages(inhoud: Inhoud, docs: Path, output: Output) -> None:
    """Add the default pages the project does not have itself, and the record of them."""
    record = load.default_pages(docs)
    kept = {}
    for rel, content in ((HOME, home_page(inhoud)), (TEKSTCHECK, tekstcheck_page())):
        path = docs / rel
        if (path.exists() or path.is_symlink()) and not load.unchanged_default(docs, rel, record):
            continue  # the project's own page
        data = content.encode("utf-8")
        output.add(rel, data)
        kept[rel] = hashlib.sha256(data).hexdigest()
    if kept or (docs / RECORD).exists():
        output.add(RECORD, json.dumps(kept, indent=1, sort_keys=True) + "\n")


def prune(site_dir: Path, leidraad: bool) -> None:
    """Remove from a built site what the theme folder holds but the site does not use:
    files that are no assets (Zensical copies the whole theme folder), and the leidraad's
    script, styles and flowchart library when the project has no `leidraad`. A file is removed
    only when it is the theme's very file (a project's own asset of that name stays)."""
    for source in sorted(THEME.rglob("*")):
        rel = source.relative_to(THEME).as_posix()
        unused = not leidraad and any(
            rel == asset or rel.startswith(asset + "/") for asset in LEIDRAAD_ASSETS)
        if source.is_file() and (unused or _NOT_ASSETS.search(rel)):
            _remove_same(site_dir / rel, source)
    for folder in sorted(site_dir.rglob("__pycache__"), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    mermaid = site_dir / "assets/vendor/mermaid"
    if not leidraad and mermaid.is_dir() and not any(mermaid.iterdir()):
        mermaid.rmdir()
    css = site_dir / "assets/kennisbank.css"
    if not leidraad and css.is_file() and \
            css.read_bytes() == (THEME / "assets/kennisbank.css").read_bytes():
        write_file(css, LEIDRAAD_CSS.sub("", css.read_text(encoding="utf-8")).encode("utf-8"),
                   site_dir)


def _remove_same(path: Path, source: Path) -> None:
    if path.is_file() and not path.is_symlink() and path.read_bytes() == source.read_bytes():
        path.unlink()

