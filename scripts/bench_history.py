"""Benchmark the history read (git) against the rest of the build.

Usage: python scripts/bench_history.py [N] [--commits C] [--repeat R] [--tag-every T]
                                        [--memory]   (default 1000, 100, 3, 10)
Makes a temporary git repository with N generated concepts (scripts/synthetic.py) and C
commits: the first adds everything, the others each change the definitie of ten concepts
(every fifth commit only reformats ten files instead), and every T-th commit is tagged as
a release. With --memory only `kennisbank build` runs, as a fresh process with an empty
release cache and again with the cache filled, and each reports its time, its peak memory
(maximum resident set size) and the size of docs/downloads. Otherwise, in-process and best
of R:
- the history read: one `git log` (and the rev-parse before it), alone;
- the same plus reading and parsing every version's blob (one `git cat-file --batch`) and
  deciding the dates of all concepts;
- check (load and validate, history included) and generation of the pages, the changes
  page, the history pages, the feed and the downloads of every release, with an empty
  release cache (every release exported, as on a fresh clone) and with the cache filled;
and, as fresh processes, `kennisbank build` with an empty cache, with a filled one, and
without the .git folder.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from kennisbank.checks.pipeline import check
from kennisbank.history import git as history  # noqa: E402
from kennisbank.site.files import OWNED
from kennisbank.site.generate import Site
from synthetic import write_content  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def git(root: Path, *args: str, date: str | None = None) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", *args], cwd=root, env=env, check=True,  # noqa: S607
                   stdout=subprocess.DEVNULL)


def make_repo(root: Path, n: int, commits: int, tag_every: int = 10) -> None:
    write_content(root, n)
    for folder in ("docs", "overrides"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns(*OWNED))
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copy(REPO / "gekeurde-code.sha256", root / "gekeurde-code.sha256")  # reviewed code
    shutil.copy(REPO / ".gitignore", root / ".gitignore")
    kader = root / "begrippen" / "_kader.yaml"
    kader.write_text(kader.read_text(encoding="utf-8").replace("versie: '1'", "versie: 0.0.0"),
                     encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Bench")
    git(root, "config", "user.email", "bench@example.org")
    rnd = random.Random(3)
    release = 0
    for c in range(commits):
        if c:
            for i in rnd.sample(range(n), 10):
                path = root / "begrippen" / f"b{i}.yaml"
                text = path.read_text(encoding="utf-8")
                if c % 5 == 0:  # formatting only
                    text = "# opmaak\n" + text
                else:
                    text = text.replace("definitie: Een ", f"definitie: (wijziging {c}) Een ", 1)
                path.write_text(text, encoding="utf-8")
        if c % tag_every == tag_every - 1:
            release += 1
            kader.write_text(kader.read_text(encoding="utf-8").replace(
                f"versie: 0.{release - 1}.0", f"versie: 0.{release}.0"), encoding="utf-8")
        stamp = f"@{1767225600 + c * 3600} +0000"  # one commit an hour from 2026-01-01
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", f"commit {c}", date=stamp)
        if c % tag_every == tag_every - 1:
            git(root, "tag", f"v0.{release}.0")


def best(runs: int, action) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def measured_build(root: Path) -> tuple[float, float]:
    """(seconds, peak resident memory in MB) of `kennisbank build` as a fresh process."""
    probe = ("import resource, subprocess, sys, time; started = time.perf_counter(); "
             "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
             "print(time.perf_counter() - started, "
             "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", probe, str(BIN / "kennisbank"), "build",
                           "--root", str(root)], check=True, capture_output=True, text=True)
    seconds, kilobytes = done.stdout.split()
    return float(seconds), int(kilobytes) / 1024


def memory(root: Path) -> None:
    downloads = root / "docs" / "downloads"
    for label in ("release cache empty", "releases from the cache"):
        if label == "release cache empty":
            shutil.rmtree(root / ".git" / "kennisbank", ignore_errors=True)
        seconds, peak = measured_build(root)
        size = sum(p.stat().st_size for p in downloads.rglob("*") if p.is_file())
        print(f"kennisbank build, {label:<24} {seconds:7.1f} s  peak {peak:7.0f} MB  "
              f"docs/downloads {size / 2**20:7.0f} MB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tag-every", type=int, default=10)
    parser.add_argument("--memory", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "kader"
        started = time.perf_counter()
        make_repo(root, args.n, args.commits, args.tag_every)
        print(f"repository: {args.n} begrippen, {args.commits} commits, a tag every "
              f"{args.tag_every} ({time.perf_counter() - started:.1f} s to make)", flush=True)
        if args.memory:
            memory(root)
            return
        inhoud, findings = check(root)
        errors = [f for f in findings if f.level == "fout"]
        if errors:
            raise SystemExit(f"unexpected findings: {errors[:3]}")
        hist = inhoud.geschiedenis
        print(f"releases: {len(hist.releases)}, versions: "
              f"{sum(len(v) for v in hist.versions.values())}", flush=True)

        log_only = best(args.repeat, lambda: history.read(root, inhoud))

        def dates() -> None:
            h = history.read(root, inhoud)
            for ident, b in inhoud.begrippen.items():
                h.dates(f"begrippen/{ident}.yaml", b)

        with_blobs = best(args.repeat, dates)
        checked = best(args.repeat, lambda: check(root))

        def generate() -> None:
            fresh, _ = check(root)
            gc.disable()
            try:
                Site(fresh).generate()
            finally:
                gc.enable()

        cache = root / ".git" / "kennisbank"

        def cold(action):  # type: ignore[no-untyped-def]
            def run() -> None:
                shutil.rmtree(cache, ignore_errors=True)
                action()
            return run

        def kennisbank_build() -> None:
            subprocess.run([str(BIN / "kennisbank"), "build", "--root", str(root)],
                           check=True, stdout=subprocess.DEVNULL)

        generated_cold = best(args.repeat, cold(generate)) - checked
        generated = best(args.repeat, generate) - checked
        build_cold = best(args.repeat, cold(kennisbank_build))
        build = best(args.repeat, kennisbank_build)
        shutil.move(root / ".git", Path(tmp) / "git-weg")
        no_git = best(args.repeat, lambda: subprocess.run(
            [str(BIN / "kennisbank"), "build", "--root", str(root)], check=True,
            stdout=subprocess.DEVNULL))
        print(f"{'history read (git log)':<40} {log_only:6.2f} s")
        print(f"{'history + blobs + all dates':<40} {with_blobs:6.2f} s")
        print(f"{'check (history included)':<40} {checked:6.2f} s")
        print(f"{'generate, release cache empty':<40} {generated_cold:6.2f} s")
        print(f"{'generate, releases from the cache':<40} {generated:6.2f} s")
        print(f"{'kennisbank build, release cache empty':<40} {build_cold:6.2f} s")
        print(f"{'kennisbank build (with .git)':<40} {build:6.2f} s")
        print(f"{'kennisbank build (without .git)':<40} {no_git:6.2f} s")
        print(f"history share of the build: {with_blobs / build:.1%}; "
              f"build with history vs without: {(build - no_git) / no_git:+.0%}")


if __name__ == "__main__":
    main()
