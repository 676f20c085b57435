"""Shared fixtures, and the markers that split the suite.

Markers (registered in pyproject.toml; `make test-fast` runs what has none of them):

- `browser`: drives Chromium. Given automatically to every test that uses the `browser`
  fixture (directly or through `page`/`context`) and to every test in a `*_browser.py` module;
  a test that launches Chromium without being marked fails (see `_refuse_chromium`).
- `server`: starts nginx, Apache or `kennisbank serve`. Given automatically to every test
  that uses one of SERVER_FIXTURES.
- `slow`: anything else over about 5 s (real site builds, Hypothesis runs, big real
  vocabularies). Given automatically to every Hypothesis test and to every test that uses one
  of SLOW_FIXTURES; other slow tests carry the mark themselves.

The fixture site (tests/data/site) is built once per engine per session (`fixture_sites`),
as is the repository's own content (`real_sites`); a test that changes a site builds its own
copy.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from kennisbank.cli.main import main

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# What kennisbank keeps under the user's cache folder (Zensical's token, the RDF record of
# every docs/ folder built) goes to a folder of this test session, not into ~/.cache: tests
# build thousands of projects. Set here, so the CLI runs in subprocesses inherit it.
_CACHE = tempfile.mkdtemp(prefix="kennisbank-test-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent
ENGINES = ["mkdocs", "zensical"]

BROWSER_FIXTURES = frozenset({"browser"})
SERVER_FIXTURES = frozenset({"nginx", "apache", "preview"})
# Fixtures that build a big site (the repository's content, a real vocabulary): a test that
# uses one is slow. Small fixture sites build in well under a second and stay in the fast set.
SLOW_FIXTURES = frozenset({"real_sites", "real_site", "systematik_site"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & BROWSER_FIXTURES or item.path.name.endswith("_browser.py"):
            item.add_marker(pytest.mark.browser)
        if used & SERVER_FIXTURES:
            item.add_marker(pytest.mark.server)
        if used & SLOW_FIXTURES or getattr(getattr(item, "obj", None), "is_hypothesis_test",
                                           False):
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    """A test not marked `browser` may not start Chromium: it would land in the fast set."""
    if item.get_closest_marker("browser") is not None:
        return (yield)
    with _refuse_chromium(item.nodeid):
        return (yield)


class _refuse_chromium:  # noqa: N801 (used as a context manager)
    def __init__(self, nodeid: str) -> None:
        self.nodeid, self.saved = nodeid, None

    def __enter__(self) -> None:
        import sys

        module = sys.modules.get("playwright.sync_api")
        if module is None:
            return
        self.cls = module.BrowserType
        self.saved = self.cls.launch
        nodeid = self.nodeid

        def refuse(*args: object, **kwargs: object) -> None:
            raise AssertionError(f"{nodeid} starts Chromium but is not marked `browser`: "
                                 "use the `browser`/`page` fixture (tests/conftest.py)")

        self.cls.launch = refuse

    def __exit__(self, *exc: object) -> None:
        if self.saved is not None:
            self.cls.launch = self.saved


def pytest_terminal_summary(terminalreporter: Any) -> None:
    import sys

    module = sys.modules.get("site_fixtures")
    builds = getattr(module, "BUILDS", None)
    if not builds:
        return
    terminalreporter.section("site builds")
    for (content, engine), count in sorted(builds.items()):
        terminalreporter.write_line(f"{count}× {engine:9} {content}")
    terminalreporter.write_line(f"{sum(builds.values())} in all")


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Call the CLI in-process: returns (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


# -- built sites, shared by the whole session ------------------------------------------------

class _Sites:
    """Sites built on first use and kept for the session, each with one HTTP server.

    The folder is world-readable (pytest's tmp_path is 0700), so that an unprivileged nginx
    worker may serve the same build."""

    def __init__(self, prefix: str, content: Callable[[Path], Path]) -> None:
        self.prefix, self.content = prefix, content
        self.sites: dict[str, Path] = {}
        self.servers: dict[str, Iterator[str]] = {}
        self.urls: dict[str, str] = {}
        self.folder: Path | None = None

    def site(self, engine: str) -> Path:
        from site_fixtures import build_project

        if engine not in self.sites:
            if self.folder is None:
                self.folder = Path(tempfile.mkdtemp(prefix=self.prefix))
                self.folder.chmod(0o755)
            target = self.folder / engine
            self.sites[engine] = build_project(self.content(target), target / "project", engine)
        return self.sites[engine]

    def url(self, engine: str) -> str:
        from site_fixtures import serve

        if engine not in self.urls:
            self.servers[engine] = serve(self.site(engine))
            self.urls[engine] = next(self.servers[engine])
        return self.urls[engine]

    def close(self) -> None:
        for server in self.servers.values():
            next(server, None)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


def _real_content(target: Path) -> Path:
    """The repository's own content, as `make site` builds it."""
    from kennisbank.site.generate import OWNED

    content = target / "repository-content"
    for folder in ("begrippen", "leidraad", "vocabulaires"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, content / folder,
                            ignore=shutil.ignore_patterns(*OWNED, ".kennisbank-*"))
    return content


@pytest.fixture(scope="session")
def fixture_sites() -> Iterator[_Sites]:
    """tests/data/site, built once per engine: `.site(engine)` (read only!) and `.url(engine)`."""
    sites = _Sites("kennisbank-fixture-", lambda target: DATA / "site")
    yield sites
    sites.close()


@pytest.fixture(scope="session")
def real_sites() -> Iterator[_Sites]:
    """The repository's own content, built once per engine (read only!)."""
    sites = _Sites("kennisbank-echt-", _real_content)
    yield sites
    sites.close()


@pytest.fixture(params=ENGINES)
def base_url(request: pytest.FixtureRequest, fixture_sites: _Sites) -> str:
    """The fixture site served as each engine built it: a test using this runs against both.
    A module that serves another site defines its own `base_url`."""
    return fixture_sites.url(request.param)


# -- Chromium -------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium (Debian's) for the whole session; each test gets a fresh context."""
    from playwright.sync_api import sync_playwright

    from browser_support import ARGS, CHROMIUM

    assert Path(CHROMIUM).exists(), "make test installs Debian's chromium package"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh context that fails the test on a request to another host or on
    anything the Content-Security-Policy refused."""
    from browser_support import watch

    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    external, refused = watch(page)
    yield page
    context.close()
    assert external == [], f"requests to other hosts: {external}"
    assert refused == [], f"refused by the Content-Security-Policy: {refused}"
