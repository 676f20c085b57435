"""Benchmark `kennisbank build` against the plain engine building the same Markdown.

Usage: python scripts/bench_site.py [N ...] [--repeat R] [--engine mkdocs|beide]
(default: 100 1000; R 3, 1 from 5000; both engines)
Per size, on generated content (scripts/synthetic.py) with this repository's site set-up,
in interleaved rounds (on a shared machine a slow minute then hits every variant, not one):
- MkDocs: `kennisbank build` (check, generate, mkdocs build --strict, swap) against a plain
  `mkdocs build` of the Markdown that build generated, without the term links;
- Zensical: `kennisbank build --engine zensical` without a cache (.cache removed) and again
  with it (nothing changed), and after editing one concept's definition (the cache minus the
  pages that mention it); against a plain `zensical build --clean` and a plain cached one.
Prints medians of the per-round ratios (wall clock, CPU time and peak resident memory of the
processes) with the lowest and highest, the load average, and our own steps (check,
generate) in-process.
"""

from __future__ import annotations

import argparse
import gc
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import floors  # noqa: E402
from kennisbank.checks.pipeline import check
from kennisbank.site.files import OWNED
from kennisbank.site.generate import Site
from synthetic import write_content  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LINKS = re.compile(r"^  - kennisbank\.site\.termlinks.*\n", re.M)


def project(root: Path, n: int) -> Path:
    write_content(root, n)
    for folder in ("docs", "overrides"):
        shutil.copytree(REPO / folder, root / folder,
                        ignore=shutil.ignore_patterns(*OWNED, ".kennisbank-*"))
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if not LINKS.search(config):
        raise SystemExit("mkdocs.yml no longer lists the term-links extension this script "
                         "removes for the plain build")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copy(REPO / "zensical.yml", root / "zensical.yml")
    shutil.copy(REPO / "gekeurde-code.sha256", root / "gekeurde-code.sha256")  # reviewed code
    (root / "mkdocs-plain.yml").write_text(LINKS.sub("", config), encoding="utf-8")
    zensical = (REPO / "zensical.yml").read_text(encoding="utf-8")
    (root / "zensical-plain.yml").write_text(
        zensical.replace("INHERIT: mkdocs.yml", "INHERIT: mkdocs-plain.yml")
        + "site_dir: site-zensical-plain\n", encoding="utf-8")
    return root


def edit(root: Path, round_: int) -> None:
    """A new definition for one concept that other concepts mention (b1: a parent)."""
    path = root / "begrippen" / "b1.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^definitie: (Bewerkt \d+\. )?",
                           f"definitie: Bewerkt {round_}. ", text), encoding="utf-8")


def rounds(root: Path, runs: int,
           engine: str = "beide") -> dict[str, list[tuple[float, float, float]]]:
    kb = str(BIN / "kennisbank")
    zensical = [sys.executable, "-m", "zensical", "build", "-f", "zensical-plain.yml"]
    mkdocs = [str(BIN / "mkdocs"), "build", "-q", "-f", "mkdocs-plain.yml", "-d",
              str(root / "site-plain")]
    times: dict[str, list[tuple[float, float, float]]] = {}

    def run(name: str, command: list[str]) -> None:
        times.setdefault(name, []).append(floors.measured(command, root))

    floors.seconds([kb, "build", "--root", str(root)], root)  # the Markdown, once
    for number in range(runs):
        run("kennisbank mkdocs", [kb, "build", "--root", str(root)])
        run("mkdocs build", mkdocs)
        if engine == "mkdocs":
            continue
        shutil.rmtree(root / ".cache", ignore_errors=True)
        run("kennisbank zensical, zonder cache", [kb, "build", "--root", str(root),
                                                  "--engine", "zensical"])
        run("kennisbank zensical, met cache", [kb, "build", "--root", str(root),
                                               "--engine", "zensical"])
        edit(root, number)
        run("kennisbank zensical, na 1 bewerking", [kb, "build", "--root", str(root),
                                                    "--engine", "zensical"])
        run("zensical build --clean", [*zensical, "--clean"])
        run("zensical build, met cache", zensical)
    return times


MEMORY = 500  # MB: the target for a build at 10,000 concepts (issue 26)
COMPARE = [("kennisbank mkdocs", "mkdocs build"),
           ("kennisbank zensical, zonder cache", "zensical build --clean"),
           ("kennisbank zensical, met cache", "zensical build, met cache"),
           ("kennisbank zensical, na 1 bewerking", "zensical build, met cache"),
           ("kennisbank zensical, met cache", "kennisbank zensical, zonder cache")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000])
    parser.add_argument("--repeat", type=int, default=None)
    parser.add_argument("--engine", choices=("mkdocs", "beide"), default="beide",
                        help="mkdocs: only kennisbank build against a plain mkdocs build")
    args = parser.parse_args()
    for n in args.sizes:
        runs = args.repeat or (1 if n >= 5000 else 3)
        print(f"# {n} begrippen, {runs} ronden; {floors.load()}", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            root = project(Path(tmp) / "p", n)
            times = rounds(root, runs, args.engine)
            for name, measured in times.items():
                print(f"{name:<38} {statistics.median(w for w, _, _ in measured):>7.2f} s "
                      f"(cpu {statistics.median(c for _, c, _ in measured):>6.2f} s, "
                      f"piek {statistics.median(m for _, _, m in measured):>5.0f} MB)")
            for ours, floor in COMPARE:
                if ours not in times or floor not in times:
                    continue
                pairs = list(zip(times[ours], times[floor], strict=True))
                walls = [a[0] / b[0] for a, b in pairs]
                cpus = [a[1] / b[1] for a, b in pairs if b[1] > 0]
                peaks = [a[2] / b[2] for a, b in pairs]
                print(f"{ours} / {floor}: {floors.spread(walls)} klok, "
                      f"{floors.spread(cpus)} cpu, {floors.spread(peaks)} geheugen")
            peak = statistics.median(m for _, _, m in times["kennisbank mkdocs"])
            print(f"geheugen kennisbank mkdocs: {peak:.0f} MB, {peak / MEMORY:.2f}× het doel "
                  f"van {MEMORY} MB")
            started = time.perf_counter()
            inhoud, _ = check(root)
            checked = time.perf_counter() - started
            gc.disable()  # as site.generate does
            started = time.perf_counter()
            Site(inhoud).generate()
            generated = time.perf_counter() - started
            gc.enable()
            print(f"eigen stappen: check {checked:.2f} s, genereren {generated:.2f} s; "
                  f"{floors.load()}", flush=True)


if __name__ == "__main__":
    main()
