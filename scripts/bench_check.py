"""Benchmark `kennisbank check` on generated content; prints wall-clock figures.

Usage: python scripts/bench_check.py [N ...]   (default: 1000 10000)
Runs the real console script in a fresh process (start-up included), best of 3.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import write_content  # noqa: E402

KENNISBANK = Path(sys.executable).parent / "kennisbank"


def best_of(runs: int, root: Path) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([str(KENNISBANK), "check", "--root", str(root)],
                              capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            sys.exit(f"check failed:\n{done.stdout[-2000:]}")
    return min(times)


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000]
    print(f"{'begrippen':>10} {'seconden':>9} {'ms/begrip':>10}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = write_content(Path(tmp), n)
            seconds = best_of(3, root)
            print(f"{n:>10} {seconds:>9.2f} {seconds * 1000 / n:>10.3f}")


if __name__ == "__main__":
    main()
