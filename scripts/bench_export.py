"""Benchmark the SKOS export on generated content; prints wall-clock figures.

Usage: python scripts/bench_export.py [N ...]   (default: 1000 10000)
Per size: the whole `kennisbank export --format turtle` command in a fresh process, with
its ratio to the floor (scripts/floors.py: a full `yaml.load` of the same files with
libyaml, fresh process), and in-process the time to build the triples and to write them in
each format.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import floors  # noqa: E402
from kennisbank.checks.pipeline import check
from kennisbank.skos.mapping import FORMATS, serialize, to_triples  # noqa: E402
from synthetic import write_content  # noqa: E402

KENNISBANK = Path(sys.executable).parent / "kennisbank"


def timed(fn):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000]
    print(f"# {floors.load()}")
    print(f"{'begrippen':>9} {'triples':>8} {'commando':>9} {'× load':>7} {'triples':>7} "
          + " ".join(f"{fmt:>9}" for fmt in FORMATS) + "   (seconden)")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = write_content(Path(tmp), n)
            out = Path(tmp) / "kader.ttl"
            _, command = timed(lambda root=root, out=out: subprocess.run(
                [str(KENNISBANK), "export", "--root", str(root), "--format", "turtle",
                 "-o", str(out)], check=True, stdout=subprocess.DEVNULL))
            floor = floors.yaml_load(root)
            inhoud, _ = check(root)
            graph, build = timed(lambda inhoud=inhoud: to_triples(inhoud))
            per_format = [timed(lambda fmt=fmt, graph=graph: serialize(graph, fmt))[1]
                          for fmt in FORMATS]
            print(f"{n:>9} {len(graph):>8} {command:>9.2f} "
                  f"{floors.ratio(command, floor):>7} {build:>6.2f} "
                  + " ".join(f"{t:>9.2f}" for t in per_format), flush=True)
    print(f"# {floors.load()}")


if __name__ == "__main__":
    main()
