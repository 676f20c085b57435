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
Downloads are counted twice: as served (this server does not compress) and as a web server
would send them gzipped (each file fetched, compressed at level 6, as nginx and Apache are
usually set up). Prints a table; figures are medians of --repeat interleaved rounds (default
3; each round runs every query once, in turn) with the lowest and highest. A search has no
engine to compare with, so the first result for a typo and the first search's download are
set against their targets (300 ms and 500 kB gzipped, issue 26) as ratios; the load
average is printed with the table. --bewaar DIR keeps each built site in DIR/<N>/ and uses
it again on the next run (to compare the script's own changes without a 10,000-page build).
"""

from __future__ import annotations

import argparse
import functools
import gzip
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
TARGET_GZ = 500_000  # bytes gzipped that the first search downloads (issue 26)
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
    if (root / "site" / "zoeken").is_dir():
        return root / "site"
    write_content(root, n)
    for folder in ("docs", "overrides"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns(*OWNED))
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copy(REPO / "gekeurde-code.sha256", root / "gekeurde-code.sha256")  # reviewed code
    if kennisbank(["build", "--root", str(root)]) != 0:
        raise SystemExit("build failed")
    return root / "site"


class Gzipped:
    """The gzipped size of a file of the site, as a web server would send it."""

    def __init__(self, site: Path, base: str) -> None:
        self.site, self.base = site, base
        self.sizes: dict[str, int] = {}

    def __call__(self, url: str) -> int:
        if url not in self.sizes:
            rel = url.removeprefix(self.base).split("?")[0]
            path = self.site / rel
            if rel.endswith("/") or not rel:
                path = path / "index.html"
            data = path.read_bytes() if path.is_file() else b""
            self.sizes[url] = len(gzip.compress(data, compresslevel=6, mtime=0))
        return self.sizes[url]


def track(page: Page, gzipped: Gzipped) -> dict[str, int]:
    """Bytes of every response of the page, by kind, counted as they finish; '_gz' the same
    gzipped."""
    counts = {"alles": 0, "zoeken": 0, "sitemap": 0, "alles_gz": 0, "zoeken_gz": 0}

    def finished(request: object) -> None:
        size = request.sizes()["responseBodySize"]  # type: ignore[attr-defined]
        url = request.url  # type: ignore[attr-defined]
        counts["alles"] += size
        counts["alles_gz"] += gzipped(url)
        if "/zoeken/" in url:
            counts["zoeken"] += size
            counts["zoeken_gz"] += gzipped(url)
        if url.endswith("sitemap.xml"):
            counts["sitemap"] += size

    page.on("requestfinished", finished)
    return counts


def measure(browser: object, url: str, repeat: int, gzipped: Gzipped) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        results.setdefault(name, []).append(value)

    for _ in range(repeat):
        context = browser.new_context()  # type: ignore[attr-defined]
        page = context.new_page()
        counts = track(page, gzipped)
        page.goto(url + "begrippen/b17/")
        page.wait_for_load_state("networkidle")
        add("laden", counts["alles"])
        add("laden_gz", counts["alles_gz"])
        add("laden_zoeken", counts["zoeken"] + counts["sitemap"])
        context.close()
        for name, query in QUERIES:
            context = browser.new_context()  # type: ignore[attr-defined]
            page = context.new_page()
            page.goto(url + "begrippen/b17/")
            page.wait_for_load_state("networkidle")
            counts = track(page, gzipped)
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
            add(f"{name}_gz", counts["zoeken_gz"])
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
    return results


def _ms(values: list[float]) -> str:
    low, high = min(values), max(values)
    return f"{statistics.median(values):.0f} ms ({low:.0f}–{high:.0f})"


def _kb(values: list[float]) -> str:
    return f"{statistics.median(values) / 1e3:,.0f} kB"


def report(n: int, r: dict[str, list[float]], site: Path) -> None:
    med = {name: statistics.median(values) for name, values in r.items()}
    index = sum(p.stat().st_size for p in (site / "zoeken").glob("*.json")
                if not p.name.startswith(("tekst-", "definities-", "tekstcheck")))
    print(f"{n:>9} begrippen; {floors.load()}")
    print(f"{'':>9} paginalading {_kb(r['laden'])} ({_kb(r['laden_gz'])} gzip), "
          f"waarvan zoeken {_kb(r['laden_zoeken'])}; labelindex op schijf {index / 1e3:,.0f} kB")
    for name, query in QUERIES:
        print(f"{'':>9} {name:<10} {query!r:<17} eerste resultaat {_ms(r[name + '_ms']):<22} "
              f"geladen {_kb(r[name + '_bytes'])} ({_kb(r[name + '_gz'])} gzip)")
    print(f"{'':>9} na snel typen {_ms(r['snel_ms'])}")
    worst_gz = max(med[name + "_gz"] for name, _ in QUERIES)
    low, high = min(r["typfout_ms"]) / TARGET_MS, max(r["typfout_ms"]) / TARGET_MS
    print(f"{'':>9} typfout / doel {TARGET_MS} ms: {floors.ratio(med['typfout_ms'], TARGET_MS)}"
          f" (spreiding {low:.2f}–{high:.2f}); "
          f"grootste eerste zoekopdracht gzip / doel {TARGET_GZ // 1000} kB: "
          f"{floors.ratio(worst_gz, TARGET_GZ)}; {floors.load()}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--bewaar", type=Path, default=None,
                        help="keep the built sites in this folder and use them again")
    args = parser.parse_args()
    print(f"# {floors.load()}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in args.sizes:
            with tempfile.TemporaryDirectory() as tmp:
                root = (args.bewaar / str(n)) if args.bewaar else Path(tmp)
                started = time.perf_counter()
                site = build(root, n)
                print(f"(gebouwd in {time.perf_counter() - started:.0f} s)", file=sys.stderr)
                handler = functools.partial(_Quiet, directory=str(site))
                server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
                threading.Thread(target=server.serve_forever, daemon=True).start()
                base = f"http://127.0.0.1:{server.server_port}/"
                try:
                    r = measure(browser, base, args.repeat, Gzipped(site, base))
                finally:
                    server.shutdown()
                report(n, r, site)
        browser.close()


if __name__ == "__main__":
    main()
