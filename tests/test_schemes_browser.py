"""A site with several schemes, in Chromium under both engines: the scheme pages are reached from
the navigation (Begrippen A–Z), a relation between two schemes leads to the other scheme's
concept page, and axe finds no WCAG 2.2 A/AA violation at 390 and 1366 px."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from browser_support import axe_violations
from conftest import DATA, ENGINES

SOURCE = DATA / "import" / "twee-kaders.ttl"


@pytest.fixture(scope="module")
def sites() -> Iterator[dict[str, str]]:
    """twee-kaders.ttl imported once and built under each engine, each site served."""
    from kennisbank.skos.importer import import_file
    from site_fixtures import build_project, serve

    folder = Path(tempfile.mkdtemp(prefix="kennisbank-kaders-"))
    folder.chmod(0o755)
    import_file(SOURCE, folder / "inhoud")
    servers, urls = [], {}
    for engine in ENGINES:
        site = build_project(folder / "inhoud", folder / engine, engine)
        server = serve(site)
        urls[engine] = next(server)
        servers.append(server)
    yield urls
    for server in servers:
        next(server, None)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=ENGINES)
def base_url(request: pytest.FixtureRequest, sites: dict[str, str]) -> str:
    return sites[request.param]


def test_scheme_pages_from_the_navigation(page: Page, base_url: str) -> None:
    page.goto(base_url)
    page.get_by_role("link", name="Begrippen A–Z").first.click()
    page.wait_for_url("**/begrippen/")
    page.get_by_role("link", name="Tweede").first.click()
    page.wait_for_url("**/begrippen/kader/tweede/")
    assert page.get_by_role("heading", level=1).inner_text().strip().rstrip("¶") == "Tweede"
    content = page.locator("article")
    assert content.get_by_role("link", name="y", exact=True).count() >= 1
    assert content.get_by_role("link", name="z", exact=True).count() >= 1
    # the other scheme and the concepts in none, from this page
    content.get_by_role("link", name="Zonder begrippenkader").click()
    page.wait_for_url("**/begrippen/zonder-kader/")
    page.locator("article").get_by_role("link", name="w", exact=True).click()
    page.wait_for_url("**/begrippen/w/")
    # w closeMatch z: a link to the concept page in the other scheme, not an external one
    page.locator("article").get_by_role("link", name="z", exact=True).click()
    page.wait_for_url("**/begrippen/z/")
    page.locator("article").get_by_role("link", name="Tweede").first.click()
    page.wait_for_url("**/begrippen/kader/tweede/")


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("path", ["begrippen/", "begrippen/kader/tweede/",
                                  "begrippen/zonder-kader/", "downloads/begrippenkader/",
                                  "begrippen/x/", "begrippen/hierarchie/"])
def test_no_axe_violations(page: Page, base_url: str, path: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(base_url + path)
    assert response is not None and response.ok
    assert axe_violations(page) == []
