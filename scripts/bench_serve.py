"""Benchmark the edit loop of `kennisbank serve` (what `make serve` runs).

Usage: python scripts/bench_serve.py [--engine mkdocs|zensical] [--saves 3] [N ...]
(default: mkdocs, 1000 concepts). Per size, on generated content (scripts/synthetic.py)
with this repository's site set-up: start `kennisbank serve`, wait for the first build,
then save a concept file several times (each save a new definitie) and measure, per save,
the time until the served concept page shows the new text, and until a page that links the
concept (another concept's definition) shows the new tooltip. Counts the engine builds per
save and checks afterwards that no page is stale: every served page that links the concept
shows the last tooltip.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from kennisbank.site.files import OWNED
from synthetic import write_content  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BUILD_LINE = {"mkdocs": re.compile(r"Building documentation|Documentation built"),
              "zensical": re.compile(r"Build started")}


def project(root: Path, n: int) -> Path:
    write_content(root, n)
    for folder in ("docs", "overrides"):
        shutil.copytree(REPO / folder, root / folder,
                        ignore=shutil.ignore_patterns(*OWNED, ".kennisbank-*"))
    for name in ("mkdocs.yml", "zensical.yml"):
        shutil.copy(REPO / name, root / name)
    return root


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait_for(url: str, text: str, limit: float = 300.0) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if text in fetch(url):
            return time.perf_counter() - started
        time.sleep(0.05)
    raise SystemExit(f"{url} did not show {text!r} within {limit} s")


def linking_concept(root: Path, target: str) -> str:
    """A concept whose definitie names the target's voorkeursterm (synthetic: the parent)."""
    label = re.search(r"nl: (.+)", (root / "begrippen" / f"{target}.yaml").read_text()).group(1)
    for path in sorted((root / "begrippen").glob("b*.yaml")):
        if path.stem != target and f"soort {label} dat" in path.read_text():
            return path.stem
    raise SystemExit(f"no concept links {target}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[1000])
    parser.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs")
    parser.add_argument("--saves", type=int, default=3)
    args = parser.parse_args()
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            run(project(Path(tmp) / "p", n), n, args.engine, args.saves)


def run(root: Path, n: int, engine: str, saves: int) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    target = "b3"
    other = linking_concept(root, target)
    process = subprocess.Popen(
        [str(BIN / "kennisbank"), "serve", "--root", str(root), "--engine", engine,
         "--adres", f"127.0.0.1:{port}"], cwd=root, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    lines: list[tuple[float, str]] = []

    def read() -> None:
        for line in process.stdout or ():
            lines.append((time.perf_counter(), line.rstrip()))

    threading.Thread(target=read, daemon=True).start()
    try:
        first = wait_for(base + f"begrippen/{target}/", "Uitleg in eenvoudige woorden")
        time.sleep(2)  # let the engine settle (livereload, cache)
        path = root / "begrippen" / f"{target}.yaml"
        original = path.read_text(encoding="utf-8")
        print(f"{engine}, {n} begrippen: eerste build {first:.1f} s")
        print(f"{'opslaan':>7} {'pagina':>8} {'tooltip elders':>14} {'builds':>6} "
              f"{'kennisbank':>10}")
        for save in range(1, saves + 1):
            marker = f"Bewerking{save}x{time.time_ns() % 10**6}"
            before = len([1 for _, line in lines if BUILD_LINE[engine].search(line)])
            ours_before = len([1 for _, line in lines if line.startswith("bijgewerkt in")])
            path.write_text(re.sub(r"definitie: Een ", f"definitie: {marker} is een. Een ",
                                   original), encoding="utf-8")
            page = wait_for(base + f"begrippen/{target}/", marker)
            tip = wait_for(base + f"begrippen/{other}/", f'title="{marker} is een."')
            time.sleep(3)  # would a second build follow?
            builds = len([1 for _, line in lines if BUILD_LINE[engine].search(line)]) - before
            if engine == "mkdocs":
                builds //= 2  # "Building documentation" and "Documentation built"
            ours = [line for _, line in lines if line.startswith("bijgewerkt in")][ours_before:]
            took = re.search(r"in ([0-9.]+) s", ours[0]).group(1) if ours else "?"
            print(f"{save:>7} {page:>6.2f} s {tip:>12.2f} s {builds:>6} {took:>8} s", flush=True)
        stale = [rel for rel in ("", "visie/", f"begrippen/{other}/")
                 if target in fetch(base + rel) and "Bewerking" not in fetch(base + rel)
                 and f"begrippen/{target}/" in fetch(base + rel)]
        print("geen verouderde pagina's" if not stale else f"verouderd: {stale}")
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


if __name__ == "__main__":
    main()
