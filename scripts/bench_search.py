"""Benchmark the site's search in headless Chromium on generated content.

Usage: python scripts/bench_search.py [N ...]   (default: 1000 10000)
Per size: builds the site of N generated concepts (scripts/synthetic.py) with this
repository's set-up, serves it on a loopback port and, in Debian's Chromium through
Playwright, each time in a fresh browser context (empty cache):
- bytes downloaded by a page load of a concept page (all files, and those for search);
- time to the first result after typing a query into the header box on a freshly loaded
  page (the label index is fetched on focus, so this includes fetching it), and what
  that search downloaded;
- the delay after fast typing: a word typed at ten keys a second, from the last key until
  the result list holds the results for the whole word.
Prints a table; figures are medians of --repeat runs (default 3). A search has no engine
to compare with, so the first result for a typo is set against its target (300 ms, issue
26) as a ratio; the load average is printed with the table.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).parent))
import floors  # noqa: E402
from kennisbank.cli.main import main as kennisbank  # noqa: E402
from kennisbank.site.files import OWNED
from synthetic import write_content  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-default-apps"]
# (what, query): a term (label tiers), a word only in the explanations (full text), a typo.
QUERIES = [("term", "term 4321"), ("tekstwoord", "eenvoudige"), ("typfout", "ondersteunnig")]
TARGET_MS = 300  # first result for a typo at 10,000 concepts (issue 26)
FAST = "tegemoetkoming"  # typed at ten keys a second

OBSERVE = """() => {
  const list = document.getElementById('kb-zoekresultaten');
  window.__bench = {start: 0, first: 0};
  document.addEventListener('keydown', () => {
    if (!window.__bench.start) window.__bench.start = performance.now();
  }, {capture: true});
  new MutationObserver(() => {
    if (!window.__bench.first && list.querySelector('[role=option]'))
      window.__bench.first = performance.now();
  }).observe(list, {childList: true, subtree: true});
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def build(root: Path, n: int) -> Path:
    write_content(root, n)
    for folder in ("docs", "overrides"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns(*OWNED))
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    if kennisbank(["build", "--root", str(root)]) != 0:
        raise SystemExit("build failed")
    return root / "site"


def track(page: Page) -> dict[str, int]:
    """Bytes of every response of the page, by kind, counted as they finish."""
    counts = {"alles": 0, "zoeken": 0, "sitemap": 0}

    def finished(request: object) -> None:
        size = request.sizes()["responseBodySize"]  # type: ignore[attr-defined]
        url = request.url  # type: ignore[attr-defined]
        counts["alles"] += size
        if "/zoeken/" in url:
            counts["zoeken"] += size
        if url.endswith("sitemap.xml"):
            counts["sitemap"] += size

    page.on("requestfinished", finished)
    return counts


def measure(browser: object, url: str, repeat: int) -> dict[str, float]:
    results: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        results.setdefault(name, []).append(value)

    for _ in range(repeat):
        context = browser.new_context()  # type: ignore[attr-defined]
        page = context.new_page()
        counts = track(page)
        page.goto(url + "begrippen/b17/")
        page.wait_for_load_state("networkidle")
        add("laden", counts["alles"])
        add("laden_zoeken", counts["zoeken"] + counts["sitemap"])
        context.close()
        for name, query in QUERIES:
            context = browser.new_context()  # type: ignore[attr-defined]
            page = context.new_page()
            page.goto(url + "begrippen/b17/")
            page.wait_for_load_state("networkidle")
            counts = track(page)
            page.evaluate(OBSERVE)
            box = page.get_by_role("combobox", name="Zoeken")
            box.click()
            page.keyboard.type(query)
            page.wait_for_function("() => window.__bench.first > 0", timeout=60_000)
            bench = page.evaluate("window.__bench")
            add(f"{name}_ms", bench["first"] - bench["start"])
            page.wait_for_selector(f"#kb-zoekresultaten[data-zoekvraag='{query}']",
                                   state="attached")
            page.wait_for_load_state("networkidle")
            add(f"{name}_bytes", counts["zoeken"])
            context.close()
        context = browser.new_context()  # type: ignore[attr-defined]
        page = context.new_page()
        page.goto(url + "begrippen/b17/")
        box = page.get_by_role("combobox", name="Zoeken")
        box.click()
        page.keyboard.type("x")  # the index is loaded: the delay is the search's own
        page.wait_for_selector("#kb-zoekresultaten[data-zoekvraag='x']", state="attached")
        box.fill("")
        page.keyboard.type(FAST, delay=100)
        last = time.perf_counter()
        page.wait_for_selector(f"#kb-zoekresultaten[data-zoekvraag='{FAST}']",
                               state="attached", timeout=120_000)
        add("snel_ms", (time.perf_counter() - last) * 1000)
        context.close()
    return {name: statistics.median(values) for name, values in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"# {floors.load()}")
    print(f"{'begrippen':>9} {'paginalading':>12} {'waarvan zoeken':>14} "
          + " ".join(f"{name + ' (eerste resultaat, geladen)':>34}" for name, _ in QUERIES)
          + f" {'na snel typen':>13} {'labels.json':>11}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in args.sizes:
            with tempfile.TemporaryDirectory() as tmp:
                started = time.perf_counter()
                site = build(Path(tmp), n)
                print(f"(gebouwd in {time.perf_counter() - started:.0f} s)", file=sys.stderr)
                handler = functools.partial(_Quiet, directory=str(site))
                server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
                threading.Thread(target=server.serve_forever, daemon=True).start()
                try:
                    r = measure(browser, f"http://127.0.0.1:{server.server_port}/", args.repeat)
                finally:
                    server.shutdown()
                labels = (site / "zoeken" / "labels.json").stat().st_size
                cells = " ".join(
                    f"{r[name + '_ms']:>14.0f} ms {r[name + '_bytes'] / 1e3:>10.0f} kB      "
                    for name, _ in QUERIES)
                print(f"{n:>9} {r['laden'] / 1e3:>9.0f} kB {r['laden_zoeken'] / 1e3:>11.0f} kB "
                      f"{cells} {r['snel_ms']:>10.0f} ms {labels / 1e3:>8.0f} kB", flush=True)
                print(f"{'':>9} typfout / doel {TARGET_MS} ms: "
                      f"{floors.ratio(r['typfout_ms'], TARGET_MS)}; {floors.load()}", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
