"""Benchmark `kennisbank check` on generated content, against libyaml reading the same files.

Usage: python scripts/bench_check.py [N ...] [--repeat R]   (default: 1000 10000, 3)
Runs the real console script in a fresh process (start-up included) and, in the same round,
the floors (scripts/floors.py): libyaml's bare event parse of the same files and a full
`yaml.load` with CSafeLoader, each in a fresh process as well. R rounds, interleaved, so a
busy machine slows all three alike; printed are the medians, the check's CPU time (user +
system, workers included) and the ratios as median (lowest–highest) over the rounds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import floors  # noqa: E402
from synthetic import write_content  # noqa: E402

KENNISBANK = Path(sys.executable).parent / "kennisbank"


def rounds(runs: int, root: Path) -> list[tuple[float, float, float, float]]:
    """(check wall-clock, check CPU, parse, load) seconds per round; CPU is user + system of
    the command and its workers, which says more than the wall clock on a shared machine."""
    found = []
    for _ in range(max(runs, 1)):
        wall, cpu = floors.timed([str(KENNISBANK), "check", "--root", str(root)])  # exit 0
        found.append((wall, cpu, floors.yaml_parse(root, 1), floors.yaml_load(root, 1)))
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"# {floors.load()}")
    print(f"{'begrippen':>10} {'seconden':>9} {'cpu':>6} {'ms/begrip':>10} {'yaml.parse':>10} "
          f"{'× parse':>22} {'yaml.load':>10} {'× load':>22}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = write_content(Path(tmp), n)
            found = rounds(args.repeat, root)
            seconds, cpu, parse, load = (statistics.median(column)
                                         for column in zip(*found, strict=True))
            print(f"{n:>10} {seconds:>9.2f} {cpu:>6.2f} {seconds * 1000 / n:>10.3f} "
                  f"{parse:>10.2f} "
                  f"{floors.spread([w / p for w, _, p, _ in found]):>22} {load:>10.2f} "
                  f"{floors.spread([w / y for w, _, _, y in found]):>22}", flush=True)
    print(f"# {floors.load()}")


if __name__ == "__main__":
    main()
