"""Benchmark `kennisbank check` on generated content, against libyaml reading the same files.

Usage: python scripts/bench_check.py [N ...] [--repeat R]   (default: 1000 10000, 3)
Runs the real console script in a fresh process (start-up included), best of R (with its
CPU time, user + system, workers included), and prints the ratio to the floor
(scripts/floors.py): libyaml's bare event parse of the same files and a full `yaml.load`
with CSafeLoader, both in a fresh process as well.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import floors  # noqa: E402
from synthetic import write_content  # noqa: E402

KENNISBANK = Path(sys.executable).parent / "kennisbank"


def best_of(runs: int, root: Path) -> tuple[float, float]:
    """(wall-clock, CPU) seconds of the fastest run; CPU is user + system of the command and
    its workers, which says more than the wall clock on a shared machine."""
    times = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run([str(KENNISBANK), "check", "--root", str(root)],
                              capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append((wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime))
        if done.returncode != 0:
            sys.exit(f"check failed:\n{done.stdout[-2000:]}")
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"# {floors.load()}")
    print(f"{'begrippen':>10} {'seconden':>9} {'cpu':>6} {'ms/begrip':>10} {'yaml.parse':>10} "
          f"{'× parse':>8} {'yaml.load':>10} {'× load':>7}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = write_content(Path(tmp), n)
            seconds, cpu = best_of(args.repeat, root)
            parse = floors.yaml_parse(root, args.repeat)
            load = floors.yaml_load(root, args.repeat)
            print(f"{n:>10} {seconds:>9.2f} {cpu:>6.2f} {seconds * 1000 / n:>10.3f} {parse:>10.2f} "
                  f"{floors.ratio(seconds, parse):>8} {load:>10.2f} "
                  f"{floors.ratio(seconds, load):>7}", flush=True)
    print(f"# {floors.load()}")


if __name__ == "__main__":
    main()
