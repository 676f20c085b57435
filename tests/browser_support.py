"""What the browser tests share besides the fixtures in conftest.py: how Chromium is started,
what a page may not do, and axe-core."""

from __future__ import annotations

from collections.abc import Iterator

from playwright.sync_api import BrowserContext, Page

CHROMIUM = "/usr/bin/chromium"
# Without these, Chromium tries to reach Google's hosts, which this network refuses.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-default-apps"]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def watch(page: Page) -> tuple[list[str], list[str]]:
    """Lists that fill with requests to other hosts and with what the Content-Security-Policy
    refused (Chromium reports each refusal as a console error)."""
    external: list[str] = []
    refused: list[str] = []
    page.on("request", lambda r: external.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    page.on("console", lambda m: refused.append(m.text)
            if "Content Security Policy" in m.text else None)
    return external, refused


def strict_page(context: BrowserContext) -> Iterator[Page]:
    """A page that accepts every confirmation, and fails the test on a script error, a request
    to another host or anything the Content-Security-Policy refused (a fixture's body)."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: dialog.accept())
    external, refused = watch(page)
    yield page
    assert errors == [], f"script errors: {errors}"
    assert external == [], f"requests to other hosts: {external}"
    assert refused == [], f"refused by the Content-Security-Policy: {refused}"


def axe_violations(page: Page) -> list[tuple[str, list[str]]]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"]]
