"""Benchmark the site's search in headless Chromium on generated content.

Usage: python scripts/bench_search.py [N ...]   (default: 1000 10000)
Per size: builds the site of N generated concepts (scripts/synthetic.py) with this
repository's set-up, serves it on a loopback port and, in Debian's Chromium through
Playwright, each time in a fresh browser context (empty cache):
- bytes downloaded by a page load of a concept page (all files, and those for search);
- after typing a query into the header box of a freshly loaded page (the label index is
  fetched on focus): the time from the last key to the first results of the whole query
  (results for its first letters may show while it is typed; they do not count) and to the
  first result's definition, the time the typing itself took, and what the search
  downloaded; the typo once more pasted (one input event once the label manifest is in:
  nothing fetched while typing it helps);
- the delay after fast typing: a word typed at ten keys a second, from the last key until
  the result list holds the results for the whole word.
Downloads are counted twice: as served (this server does not compress) and as a web server
would send them gzipped (each file fetched, compressed at level 6, as nginx and Apache are
usually set up). Prints a table; figures are medians of --repeat interleaved rounds (default
3; each round runs every query once, in turn) with the lowest and highest. A search has no
engine to compare with, so the first result for a typo and the first search's download are
set against their targets (300 ms and 500 kB gzipped, issue 26) as ratios; the load
average is printed with the table. --bewaar DIR keeps each built site in DIR/<N>/ and uses
it again on the next run (to compare the script's own changes without a 10,000-page build);
--ook DIR measures the kept site DIR/<N>/site as well, interleaved round by round (say an
index written by another version of kennisbank), and prints its table after this one.
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
# "geplakt": the typo pasted (one input event, once the label manifest is in), so nothing
# that typing its first letters fetched is there yet.
QUERIES = [("term", "term 4321"), ("tekstwoord", "eenvoudige"), ("typfout", "ondersteunnig"),
           ("geplakt", "ondersteunnig")]
PASTE = """(box, query) => {
  window.__bench.keys.push(performance.now());
  box.value = query;
  box.dispatchEvent(new Event('input', {bubbles: true}));
}"""


def queries(n: int) -> list[tuple[str, str]]:
    """The queries for a site of n concepts: 'term 4321' needs 4,322 of them (a number is no
    misspelt word, so 'term 4321' finds nothing at 1,000); below, the term with its last digits."""
    term = f"term {4321 % n}" if n <= 4321 else "term 4321"
    return [(name, term if name == "term" else query) for name, query in QUERIES]
TARGET_MS = 300  # first result for a typo at 10,000 concepts (issue 26)
TARGET_GZ = 500_000  # bytes gzipped that the first search downloads (issue 26)
FAST = "tegemoetkoming"  # typed at ten keys a second

# Every key's time; the first result list after the last key (a render after the last key
# is for the whole query: zoeken.js renders only the newest search), and the first with a
# definition.
OBSERVE = """keys => {
  const list = document.getElementById('kb-zoekresultaten');
  const b = window.__bench = {keys: [], shown: 0, defined: 0};
  document.addEventListener('keydown', () => b.keys.push(performance.now()), {capture: true});
  new MutationObserver(() => {
    if (b.keys.length < keys || !list.querySelector('[role=option]')) return;
    if (!b.shown) b.shown = performance.now();
    if (!b.defined && list.querySelector('.kb-resultaat__definitie')) b.defined = performance.now();
  }).observe(list, {childList: true, subtree: true});
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """A server for the folder on a loopback port, and its address."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


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


def measure(browser: object, sites: list[tuple[str, Gzipped]], repeat: int,
            asked: list[tuple[str, str]]) -> list[dict[str, list[float]]]:
    """Every site once per round, in turn."""
    results: list[dict[str, list[float]]] = [{} for _ in sites]
    for _ in range(repeat):
        for (url, gzipped), found in zip(sites, results, strict=True):
            measure_once(browser, url, gzipped, found, asked)
    return results


def measure_once(browser: object, url: str, gzipped: Gzipped,
                 results: dict[str, list[float]], asked: list[tuple[str, str]]) -> None:
    def add(name: str, value: float) -> None:
        results.setdefault(name, []).append(value)

    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    counts = track(page, gzipped)
    page.goto(url + "begrippen/b17/")
    page.wait_for_load_state("networkidle")
    add("laden", counts["alles"])
    add("laden_gz", counts["alles_gz"])
    add("laden_zoeken", counts["zoeken"] + counts["sitemap"])
    context.close()
    for name, query in asked:
        context = browser.new_context()  # type: ignore[attr-defined]
        page = context.new_page()
        page.goto(url + "begrippen/b17/")
        page.wait_for_load_state("networkidle")
        counts = track(page, gzipped)
        pasted = name == "geplakt"
        page.evaluate(OBSERVE, 1 if pasted else len(query))
        box = page.get_by_role("combobox", name="Zoeken")
        box.click()
        if pasted:
            page.wait_for_load_state("networkidle")  # the manifest, fetched on focus
            box.evaluate(PASTE, query)
        else:
            page.keyboard.type(query)
        page.wait_for_selector(f"#kb-zoekresultaten[data-zoekvraag='{query}']",
                               state="attached", timeout=60_000)
        bench = page.evaluate("window.__bench")
        last = bench["keys"][-1]
        add(f"{name}_typen_ms", last - bench["keys"][0])
        for key, at in ((f"{name}_ms", bench["shown"]), (f"{name}_def_ms", bench["defined"])):
            if at:  # else nothing found (a tiny site), or no definition to show
                add(key, at - last)
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


def _ms(values: list[float]) -> str:
    if not values:
        return "– (niets gevonden)"
    low, high = min(values), max(values)
    return f"{statistics.median(values):.0f} ms ({low:.0f}–{high:.0f})"


def _kb(values: list[float]) -> str:
    return f"{statistics.median(values) / 1e3:,.0f} kB"


def report(n: int, r: dict[str, list[float]], site: Path, what: str = "") -> None:
    med = {name: statistics.median(values) for name, values in r.items() if values}
    index = sum(p.stat().st_size for p in (site / "zoeken").glob("*.json")
                if not p.name.startswith(("tekst-", "definities-", "tekstcheck")))
    print(f"{n:>9} begrippen{what}; {floors.load()}")
    print(f"{'':>9} paginalading {_kb(r['laden'])} ({_kb(r['laden_gz'])} gzip), "
          f"waarvan zoeken {_kb(r['laden_zoeken'])}; labelindex op schijf {index / 1e3:,.0f} kB")
    for name, query in queries(n):
        print(f"{'':>9} {name:<10} {query!r:<17} eerste resultaat "
              f"{_ms(r.get(name + '_ms', [])):<22} "
              f"met definitie {_ms(r.get(name + '_def_ms', [])):<22} "
              f"geladen {_kb(r[name + '_bytes'])} ({_kb(r[name + '_gz'])} gzip); "
              f"typen kostte {_ms(r[name + '_typen_ms'])}")
    print(f"{'':>9} na snel typen {_ms(r['snel_ms'])}")
    worst_gz = max(med[name + "_gz"] for name, _ in queries(n))
    said = ""
    for name, how in (("typfout", "na de laatste toets"), ("geplakt", "geplakt")):
        typo, defined = r.get(name + "_ms", []), r.get(name + "_def_ms", [])
        if not typo:
            said += f"{name}: niets gevonden; "
            continue
        low, high = min(typo) / TARGET_MS, max(typo) / TARGET_MS
        said += (f"typfout ({how}) / doel {TARGET_MS} ms: "
                 f"{floors.ratio(med[name + '_ms'], TARGET_MS)} (spreiding {low:.2f}–{high:.2f})")
        said += (f", met definitie {floors.ratio(med[name + '_def_ms'], TARGET_MS)}; "
                 if defined else "; ")
    print(f"{'':>9} {said}"
          f"grootste eerste zoekopdracht gzip / doel {TARGET_GZ // 1000} kB: "
          f"{floors.ratio(worst_gz, TARGET_GZ)}; {floors.load()}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--bewaar", type=Path, default=None,
                        help="keep the built sites in this folder and use them again")
    parser.add_argument("--ook", type=Path, default=None,
                        help="also measure the kept site in this folder's <N>/site, interleaved")
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
                sites = [site] + ([args.ook / str(n) / "site"] if args.ook else [])
                servers = [serve(path) for path in sites]
                try:
                    found = measure(browser, [(base, Gzipped(path, base)) for path, (_, base)
                                              in zip(sites, servers, strict=True)], args.repeat,
                                    queries(n))
                finally:
                    for server, _ in servers:
                        server.shutdown()
                for k, (path, r) in enumerate(zip(sites, found, strict=True)):
                    report(n, r, path, f" ({path})" if k else "")
        browser.close()


if __name__ == "__main__":
    main()
