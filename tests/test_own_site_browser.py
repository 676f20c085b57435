"""A site of its own in Chromium: a project made by `kennisbank init` and two real
vocabularies made by `kennisbank import` (netbeheer, Dutch; SkoHub's Systematik, German),
each built by both engines with the engine's defaults only. axe-core finds no WCAG 2.2 A/AA
violation on the home page and a concept page at 390 and 1366 px; no request leaves the site,
the Content-Security-Policy refuses nothing, and no script fails."""

from __future__ import annotations

import collections
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from browser_support import axe_violations, strict_page
from own_sites import IMPORTS, build, foreign_text, import_project, init_project, raw_markup
from site_fixtures import serve

ENGINES = ["mkdocs", "zensical"]
# Each project with a concept page to visit (a concept without definition for Systematik).
PROJECTS = {"init": "begrippen/voorbeeldbegrip/", "netbeheer": "begrippen/aansluiting/",
            "systematik": "begrippen/n001/"}


class _Own:
    """Each project made once and built once per engine, served while the module runs."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.made: dict[str, Path] = {}
        self.urls: dict[tuple[str, str], str] = {}
        self.servers: list[Iterator[str]] = []

    def url(self, name: str, engine: str) -> str:
        if (name, engine) not in self.urls:
            if name not in self.made:
                target = self.base / name / "bron"
                self.made[name] = init_project(target) if name == "init" else \
                    import_project(name, target)
            root = shutil.copytree(self.made[name], self.base / name / engine,
                                   dirs_exist_ok=True)
            site = build(root, engine)
            assert foreign_text(site, IMPORTS[name][0] if name in IMPORTS else None) == []
            assert raw_markup(site) == []
            server = serve(site)
            self.servers.append(server)
            self.urls[(name, engine)] = next(server)
        return self.urls[(name, engine)]

    def close(self) -> None:
        for server in self.servers:
            collections.deque(server, maxlen=0)  # runs the generator's shutdown


@pytest.fixture(scope="module")
def own(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Own]:
    sites = _Own(tmp_path_factory.mktemp("eigen"))
    yield sites
    sites.close()


@pytest.fixture
def checked_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="nl-NL")
    yield from strict_page(context)
    context.close()


@pytest.mark.slow
@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_own_site_has_no_axe_violations(own: _Own, checked_page: Page, name: str,
                                        engine: str, width: int) -> None:
    base = own.url(name, engine)
    checked_page.set_viewport_size({"width": width, "height": 900})
    for path in ("", PROJECTS[name]):
        response = checked_page.goto(base + path)
        assert response is not None and response.status == 200, path
        assert axe_violations(checked_page) == [], f"{name} {engine} {width}px /{path}"
    # The header shows the project's own title, never this programme's.
    title = checked_page.locator(".md-header__topic").first.inner_text()
    assert "Erkenning" not in title and title.strip()
    assert checked_page.title().endswith(title.strip())


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
def test_own_home_page_links_work(own: _Own, checked_page: Page, engine: str) -> None:
    """Every link on the default home page and in the navigation leads to a page."""
    base = own.url("init", engine)
    checked_page.goto(base)
    hrefs = checked_page.eval_on_selector_all(
        "article a[href], nav.md-nav--primary a[href]",
        "links => links.map(a => a.href).filter(h => h.startsWith(location.origin))")
    assert len(hrefs) >= 8
    for href in sorted(set(hrefs)):
        response = checked_page.request.get(href)
        assert response.status == 200, href
