"""Benchmark `kennisbank tekst` on real Dutch government prose.

Usage: python scripts/bench_tekst.py [WORDS ...]   (default: 10000 30000 90000)
Repeats the two letters in tests/data/inhoud/brieven/ into documents of WORDS words and, on
this repository's content, times (1) the whole command in a fresh process, start-up included
(Python, imports, loading the content, building the index, reading, scanning, printing), and
(2) the scan alone in this process after start-up, the best of three, to show that it grows
with the words and not with words x terms.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KENNISBANK = Path(sys.executable).parent / "kennisbank"
LETTERS = REPO / "tests" / "data" / "inhoud" / "brieven"


def document(words: int) -> str:
    source = "\n".join(p.read_text(encoding="utf-8") for p in sorted(LETTERS.glob("*.txt")))
    lines, count = [], 0
    while count < words:
        for line in source.splitlines():
            n = len(line.split())
            if count + n > words:
                lines.append(" ".join(line.split()[:words - count]))
                count = words
                break
            lines.append(line)
            count += n
    return "\n".join(lines) + "\n"


def main() -> None:
    from kennisbank.cli.tekst import index_of

    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 30_000, 90_000]
    started = time.perf_counter()
    index = index_of(REPO)
    setup = time.perf_counter() - started
    print(f"{len(index.begrippen)} begrippen, {len(index.index.terms)} term forms; index built "
          f"in {setup * 1000:.0f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        for words in sizes:
            path = Path(tmp) / f"tekst-{words}.txt"
            text = document(words)
            path.write_text(text, encoding="utf-8")
            best = min(_timed(index.findings, str(path), text) for _ in range(3))
            found = len(index.findings(str(path), text))
            started = time.perf_counter()
            done = subprocess.run([str(KENNISBANK), "tekst", "--root", str(REPO), str(path)],
                                  capture_output=True, check=False)
            whole = time.perf_counter() - started
            if done.returncode not in (0, 1):
                sys.exit(done.stderr.decode())
            print(f"{words:>7,} words: {found:>6,} findings; scan {best * 1000:6.0f} ms "
                  f"({best / words * 1e6:.1f} µs/word); whole command {whole:.2f} s")


def _timed(run, *args) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    run(*args)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
