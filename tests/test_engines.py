"""The same site from MkDocs and Zensical: the same pages, the same term links per page
(same target, tooltip and text), the CSP on every page, no other hosts; and what differs."""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from typing import Any

import pytest

from kennisbank.site.security import CSP_META

TERM = re.compile(r'<a class="kb-term" href="([^"]+)" title="([^"]*)">([^<]+)</a>')
# What a browser loads by itself: scripts, images, frames, style sheets, icons.
EXTERNAL = re.compile(r'<(?:script|img|iframe)\b[^>]*\bsrc="(https?:)?//|<link\b[^>]*'
                      r'rel="(?:stylesheet|icon|preload|modulepreload|manifest)"[^>]*'
                      r'href="(https?:)?//', re.I)


@pytest.fixture(scope="module")
def sites(fixture_sites: Any) -> dict[str, Path]:
    """The fixture site as each engine built it (once per session, conftest.py; read only)."""
    return {engine: fixture_sites.site(engine) for engine in ("mkdocs", "zensical")}


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def _links(site: Path, rel: str) -> list[tuple[str, str, str]]:
    """Term links with their target resolved against the page (MkDocs writes '../x/',
    Zensical '../../begrippen/x/' for the same page)."""
    base = posixpath.dirname(rel)
    return [(posixpath.normpath(posixpath.join(base, href)), title, text)
            for href, title, text in TERM.findall((site / rel).read_text(encoding="utf-8"))]


def test_same_pages(sites: dict[str, Path]) -> None:
    assert _pages(sites["mkdocs"]) == _pages(sites["zensical"])


def test_same_term_links_on_every_page(sites: dict[str, Path]) -> None:
    total = 0
    for rel in sorted(_pages(sites["mkdocs"])):
        mkdocs, zensical = _links(sites["mkdocs"], rel), _links(sites["zensical"], rel)
        assert mkdocs == zensical, rel
        total += len(mkdocs)
    assert total > 20  # the fixture links terms on many pages


def test_csp_redirects_and_no_other_hosts_under_both(sites: dict[str, Path]) -> None:
    for engine, site in sites.items():
        for rel in _pages(site):
            text = (site / rel).read_text(encoding="utf-8")
            assert f'content="{CSP_META}"' in html.unescape(text), (engine, rel)
            assert not EXTERNAL.search(text), (engine, rel)
            # A <meta> policy covers only what follows it: nothing but the charset before it.
            head = text[text.index("<head>") + len("<head>"):]
            assert re.match(r'\s*(<meta charset="utf-8">\s*)?'
                            r'<meta http-equiv="Content-Security-Policy"', head), (engine, rel)
        redirect = next((site / "id" / "begrip").glob("*/index.html"))
        assert 'http-equiv="refresh"' in redirect.read_text(encoding="utf-8")


def test_what_differs(sites: dict[str, Path]) -> None:
    """Pinned differences (dev/site.md, 'Two engines'): Zensical writes its own (empty) search
    index and no sitemap.xml.gz; the theme's bundles have other names."""
    mkdocs, zensical = sites["mkdocs"], sites["zensical"]
    assert (zensical / "search.json").is_file() and not (mkdocs / "search.json").exists()
    assert '"items":[]' in (zensical / "search.json").read_text(encoding="utf-8")
    assert (mkdocs / "sitemap.xml.gz").is_file() and not (zensical / "sitemap.xml.gz").exists()
    for site in (mkdocs, zensical):
        assert (site / "zoeken" / "labels.json").is_file()  # our own search in both


def test_every_relative_link_resolves_under_both(sites: dict[str, Path]) -> None:
    """Every relative href on every page points to a file of the site. The generator's raw
    HTML links are read differently by the two engines (MkDocs leaves them relative to the
    page's address, Zensical rewrites them from the source file): concept downloads are
    Markdown links for that reason and step outcomes are written for the engine."""
    from urllib.parse import unquote, urlsplit

    for engine, site in sites.items():
        broken = []
        for page in sorted(site.rglob("*.html")):
            rel = page.relative_to(site).as_posix()
            for href in re.findall(r'href="([^"#]+)', page.read_text(encoding="utf-8")):
                if "://" in href or href.startswith(("mailto:", "data:", "/")):
                    continue
                target = posixpath.normpath(posixpath.join(posixpath.dirname(rel),
                                                           unquote(urlsplit(href).path)))
                path = site / target
                if target.startswith("..") or not (path.is_file()
                                                   or (path / "index.html").is_file()):
                    broken.append((rel, href))
        assert broken == [], engine
