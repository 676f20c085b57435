"""Benchmark `kennisbank build` against a plain `mkdocs build` of the same Markdown.

Usage: python scripts/bench_site.py [N ...]   (default: 100 1000 5000)
Per size, on generated content (scripts/synthetic.py) with this repository's site set-up:
- `kennisbank build` as a fresh process: check, generate, mkdocs build --strict, swap;
- the same without term links (mkdocs.yml without the kennisbank.site.termlinks extension);
- plain `mkdocs build` as a fresh process on the Markdown that build generated (mkdocs.yml
  without the serve hook and the term links), i.e. what MkDocs costs without our steps;
- our own steps (check and generate) in-process, and the site size per concept.
Every timing is the best of `--repeat` runs (default 1 for 5000, else 3), the three
builds taking turns.
"""

from __future__ import annotations

import argparse
import gc
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from kennisbank.checks.pipeline import check
from kennisbank.site.files import OWNED
from kennisbank.site.generate import Site
from synthetic import write_content  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


HOOK = "hooks:\n  - hooks/serve.py\n"
LINKS = re.compile(r"^  - kennisbank\.termlinks.*\n", re.M)


def project(root: Path, n: int, links: bool = True) -> Path:
    write_content(root, n)
    for folder in ("docs", "overrides", "hooks"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns(*OWNED))
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if HOOK not in config or not LINKS.search(config):
        raise SystemExit("mkdocs.yml no longer has the hook and extension this script removes")
    unlinked = LINKS.sub("", config)
    (root / "mkdocs.yml").write_text(config if links else unlinked, encoding="utf-8")
    (root / "mkdocs-plain.yml").write_text(unlinked.replace(HOOK, ""), encoding="utf-8")
    return root


def best(runs: int, commands: list[tuple[list[str], Path]]) -> list[float]:
    """Best time of each command, the commands taking turns: on a shared machine a slow
    minute then hits all of them, not one."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for n, (command, cwd) in enumerate(commands):
            started = time.perf_counter()
            subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            times[n].append(time.perf_counter() - started)
    return [min(t) for t in times]


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=None)
    args = parser.parse_args()
    print(f"{'begrippen':>9} {'kennisbank build':>16} {'zonder links':>12} "
          f"{'mkdocs build':>12} {'extra':>6} {'links':>6} "
          f"{'check':>6} {'genereren':>9} {'site':>8} {'per begrip':>10}")
    for n in args.sizes:
        runs = args.repeat or (1 if n >= 5000 else 3)
        with tempfile.TemporaryDirectory() as tmp:
            root = project(Path(tmp) / "met", n)
            bare = project(Path(tmp) / "zonder", n, links=False)
            ours, unlinked, plain = best(runs, [
                ([str(BIN / "kennisbank"), "build", "--root", str(root)], root),
                ([str(BIN / "kennisbank"), "build", "--root", str(bare)], bare),
                ([str(BIN / "mkdocs"), "build", "-q", "-f", "mkdocs-plain.yml", "-d",
                  str(root / "site-plain")], root)])
            started = time.perf_counter()
            inhoud, _ = check(root)
            checked = time.perf_counter() - started
            gc.disable()  # as site.generate does
            started = time.perf_counter()
            Site(inhoud).generate()
            generated = time.perf_counter() - started
            gc.enable()
            total = size(root / "site")
            print(f"{n:>9} {ours:>14.2f} s {unlinked:>10.2f} s {plain:>10.2f} s "
                  f"{(ours - plain) / plain:>+6.0%} {(ours - unlinked) / unlinked:>+6.0%} "
                  f"{checked:>5.2f}s {generated:>8.2f}s {total / 1e6:>6.1f}MB "
                  f"{total / n / 1e3:>8.1f}kB", flush=True)


if __name__ == "__main__":
    main()
