"""Benchmark the edit loop of `kennisbank serve` (what `make serve` runs), under both engines.

Usage: python scripts/bench_serve.py [N ...] [--engine mkdocs|zensical|beide] [--saves 10] [--echt]
(default: 1000 concepts, both engines, 10 saves per case; N = 0 with --echt: the
repository's own content alone). Per size and engine, on generated
content (scripts/synthetic.py) with this repository's site set-up, and with --echt also on
a copy of this repository's own content (the concept 'herstel'): start `kennisbank serve`,
wait for the first build, then save, one after the other, each case `--saves` times:
- a concept (a new definitie): until its page in the preview shows it, and until another
  concept's page that links it shows the new tooltip;
- a leidraad step (a new vraag): until the step's page shows it;
- a hand-written page (docs/visie.md, a new paragraph): until that page shows it.
Polls the preview over HTTP as a browser would reload it. Prints per case the median and
the slowest save, the ratio of the median to the target (2 s, issue 26), the engine builds
per save, and the failed rebuilds in the preview's log ("Error building page", a traceback):
the target there is zero. The load average is printed with every table.
"""

from __future__ import annotations

import argparse
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import floors  # noqa: E402
from kennisbank.checks.pipeline import check
from kennisbank.content.termen import TermIndex
from kennisbank.site.files import OWNED
from synthetic import write_content  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TARGET = 2.0  # seconds from save to the changed page (issue 26)
# How the engine says it built (Zensical says nothing per incremental rebuild: not counted).
BUILD_LINE = {"mkdocs": re.compile(r"Documentation built")}
# Any engine's message that a build is done (MkDocs; Zensical as serve.py reads it).
ENGINE_BUILT = re.compile(r"Documentation built|issues? found|Build finished")
COMPLETED = re.compile(r"^aangevuld in")  # a save's full generation written (serve.py)
FAILED = re.compile(r"Error building page|Traceback|error happened during the rebuild")


def project(root: Path, n: int) -> Path:
    write_content(root, n)
    for folder in ("docs", "overrides"):
        shutil.copytree(REPO / folder, root / folder,
                        ignore=shutil.ignore_patterns(*OWNED, ".kennisbank-*"))
    for name in ("mkdocs.yml", "zensical.yml", "gekeurde-code.sha256"):
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


def wait_for(url: str, text: str, started: float, limit: float = 300.0) -> float:
    while time.perf_counter() - started < limit:
        if text in fetch(url):
            return time.perf_counter() - started
        time.sleep(0.05)
    raise SystemExit(f"{url} did not show {text!r} within {limit} s")


def real_project(root: Path) -> Path:
    """A copy of this repository's content and site set-up (no git history)."""
    for folder in ("begrippen", "leidraad", "vocabulaires", "docs", "overrides"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder,
                            ignore=shutil.ignore_patterns(*OWNED, ".kennisbank-*"))
    for name in ("mkdocs.yml", "zensical.yml", "gekeurde-code.sha256"):
        shutil.copy(REPO / name, root / name)
    return root


def linking_concept(root: Path, target: str) -> str:
    """A concept whose definitie links the target (so its page shows the target's tooltip)."""
    inhoud, _ = check(root)
    index = TermIndex.of(inhoud)
    for ident in sorted(inhoud.begrippen):
        if ident != target and target in index.concepts_in(
                inhoud.begrippen[ident].definitie.get("nl", "")):
            return ident
    raise SystemExit(f"no concept links {target}")


def first_step(root: Path) -> str:
    return sorted(p.stem for p in (root / "leidraad").glob("*.yaml")
                  if not p.name.startswith("_"))[0]


def new_definition(text: str, marker: str) -> str:
    """The definitie, plain or folded (`>-`), with a first sentence of the marker before it."""
    return re.sub(r"(?m)^definitie:(?: [>|][-+]?\n(\s+)| )",
                  lambda m: f"{m.group(0)}{marker} is een. ", text, count=1)


def new_question(text: str, marker: str) -> str:
    """The vraag, plain or folded, replaced by the marker."""
    return re.sub(r"(?m)^vraag:(?: [>|][-+]?\n(?:[ ]+.*\n)+| .*\n)", f"vraag: {marker}?\n",
                  text, count=1)


class Preview:
    def __init__(self, root: Path, engine: str) -> None:
        self.root, self.engine = root, engine
        self.base = f"http://127.0.0.1:{free_port()}/"
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [str(BIN / "kennisbank"), "serve", "--root", str(root), "--engine", engine,
             "--adres", self.base[len("http://"):-1]], cwd=root, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout or ():
            self.lines.append(line.rstrip())

    def count(self, pattern: re.Pattern[str]) -> int:
        return sum(1 for line in list(self.lines) if pattern.search(line))

    def regenerations(self) -> list[float]:
        """Seconds of each regeneration so far (check and generate: our part of a save)."""
        return [float(found.group(1)) for line in list(self.lines)
                if (found := re.match(r"bijgewerkt in ([0-9.]+) s", line))]

    def settle(self, completed: int, limit: float = 60.0) -> None:
        """Wait until a save's full generation is written (one more 'aangevuld' line than
        `completed`) and the engine has built it."""
        end = time.monotonic() + limit
        while self.count(COMPLETED) <= completed and time.monotonic() < end:
            time.sleep(0.1)
        at = next((i for i in range(len(self.lines) - 1, -1, -1)
                   if COMPLETED.search(self.lines[i])), len(self.lines))
        while time.monotonic() < end and not any(  # the engine's build of those files
                ENGINE_BUILT.search(line) for line in self.lines[at + 1:]):
            time.sleep(0.1)
        time.sleep(1)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)  # as Ctrl-C: the engine stops with it
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def cases(root: Path, target: str) -> list[tuple[str, Path, Callable[[str, str], str], str,
                                                str | None]]:
    """(name, file, edit(original, marker), page, page that shows the tooltip)."""
    step = first_step(root)
    return [
        ("begrip", root / "begrippen" / f"{target}.yaml", new_definition,
         f"begrippen/{target}/", f"begrippen/{linking_concept(root, target)}/"),
        ("stap", root / "leidraad" / f"{step}.yaml", new_question, f"leidraad/{step}/", None),
        ("pagina", root / "docs" / "visie.md",
         lambda text, marker: f"{text.rstrip()}\n\n{marker} is een nieuwe alinea.\n",
         "visie/", None),
    ]


def run(root: Path, name: str, target: str, engine: str, saves: int) -> None:
    every = cases(root, target)
    preview = Preview(root, engine)
    try:
        started = time.perf_counter()
        while not fetch(preview.base + f"begrippen/{target}/"):
            if time.perf_counter() - started > 600:
                raise SystemExit("the preview did not start within 600 s")
            time.sleep(0.2)
        first = time.perf_counter() - started
        time.sleep(2)  # let the engine settle (livereload, cache)
        print(f"# {engine}, {name}: eerste build {first:.1f} s; {floors.load()}")
        print(f"{'geval':>7} {'mediaan':>8} {'traagst':>8} {'× 2 s':>6} {'tooltip':>8} "
              f"{'builds':>6} {'waarvan genereren':>17}")
        for case, path, change, page, other in every:
            original = path.read_text(encoding="utf-8")
            took, tips, builds, ours = [], [], [], []
            for save in range(saves):
                marker = f"Bewerking{save}x{time.time_ns() % 10**6}"
                before = preview.count(BUILD_LINE[engine]) if engine in BUILD_LINE else 0
                done = len(preview.regenerations())
                started = time.perf_counter()
                path.write_text(change(original, marker), encoding="utf-8")
                took.append(wait_for(preview.base + page, marker, started))
                if other is not None:
                    tips.append(wait_for(preview.base + other, f'title="{marker} is een."',
                                         started))
                time.sleep(1)  # would another build follow?
                if engine in BUILD_LINE:
                    builds.append(preview.count(BUILD_LINE[engine]) - before)
                ours.append(sum(preview.regenerations()[done:]))
            # Put back, unmeasured: its rest is done before the next case's first save.
            completed = preview.count(COMPLETED)
            path.write_text(original, encoding="utf-8")
            preview.settle(completed)
            tip = f"{statistics.median(tips):>6.2f} s" if tips else f"{'–':>8}"
            built = f"{statistics.median(builds):>6.1f}" if builds else f"{'–':>6}"
            print(f"{case:>7} {statistics.median(took):>6.2f} s {max(took):>6.2f} s "
                  f"{floors.ratio(statistics.median(took), TARGET):>6} {tip} "
                  f"{built} {statistics.median(ours):>15.2f} s", flush=True)
        failed = preview.count(FAILED)
        print(f"mislukte builds in het log: {failed}; {floors.load()}", flush=True)
        if failed:
            print("\n".join(line for line in preview.lines if FAILED.search(line)))
    finally:
        preview.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[1000])
    parser.add_argument("--engine", choices=("mkdocs", "zensical", "beide"), default="beide")
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--echt", action="store_true",
                        help="also this repository's own content (concept 'herstel')")
    args = parser.parse_args()
    engines = ("mkdocs", "zensical") if args.engine == "beide" else (args.engine,)
    for engine in engines:
        if args.echt:
            with tempfile.TemporaryDirectory() as tmp:
                run(real_project(Path(tmp) / "p"), "eigen inhoud", "herstel", engine,
                    args.saves)
        for n in (size for size in args.sizes if size > 0):  # 0: none (--echt alone)
            with tempfile.TemporaryDirectory() as tmp:
                run(project(Path(tmp) / "p", n), f"{n} begrippen", "b3", engine, args.saves)


if __name__ == "__main__":
    main()
