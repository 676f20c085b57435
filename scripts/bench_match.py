"""Benchmark `kennisbank match` against a generated vocabulary of N concepts.

Usage: python scripts/bench_match.py [N ...]   (default: 1000 10000)
Writes a Turtle vocabulary with Dutch labels, synonyms and definitions (built from this
repository's own terms, so that there are real matches), then times the whole command in a
fresh process on the repository's content: reading the RDF, indexing, matching, printing;
with its ratio to the floor (scripts/floors.py): rdflib parsing the same file, fresh process.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import floors  # noqa: E402
from kennisbank.checks.pipeline import check

REPO = Path(__file__).resolve().parent.parent
KENNISBANK = Path(sys.executable).parent / "kennisbank"


def vocabulary(path: Path, n: int, seed: int = 11) -> None:
    rnd = random.Random(seed)
    inhoud, _ = check(REPO)
    terms = [b.voorkeursterm["nl"] for b in inhoud.begrippen.values()]
    words = " ".join(b.definitie["nl"] for b in inhoud.begrippen.values()).split()
    lines = ["@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
             "@prefix x: <https://example.org/ander/begrip/> .", ""]
    for i in range(n):
        term = rnd.choice(terms) if i < len(terms) else f"{rnd.choice(terms)} {i}"
        definition = " ".join(rnd.choice(words) for _ in range(20)).replace('"', "")
        lines.append(f'x:b{i} a skos:Concept ; skos:prefLabel "{term}"@nl ; '
                     f'skos:altLabel "synoniem {i}"@nl ; skos:definition "{definition}"@nl .')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000]
    print(f"# {floors.load()}")
    print(f"{'begrippen':>9} {'kennisbank match':>16} {'rdflib':>8} {'× rdflib':>8}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "ander.ttl"
            vocabulary(path, n)
            times = []
            for _ in range(3):
                started = time.perf_counter()
                subprocess.run([str(KENNISBANK), "match", str(path), "--root", str(REPO)],
                               check=True, stdout=subprocess.DEVNULL)
                times.append(time.perf_counter() - started)
            floor = floors.rdf_parse(path)
            print(f"{n:>9} {min(times):>14.2f} s {floor:>6.2f} s "
                  f"{floors.ratio(min(times), floor):>8}", flush=True)
    print(f"# {floors.load()}")


if __name__ == "__main__":
    main()
