"""What the benchmarks measure against: the floor that any tool doing the same work pays.

- libyaml: reading the same YAML files with PyYAML's C parser, in a fresh process (start-up
  included, as for `kennisbank`): the bare event parse (`yaml.parse`, no composing) and a
  full `yaml.load` with `CSafeLoader`;
- rdflib: parsing the same RDF file, in a fresh process;
- the plain engine: `mkdocs build` or `zensical build` of the same Markdown (bench_site.py).
Each figure is printed with its ratio to the floor, and every table with the load average:
on a shared machine the ratios of interleaved runs tell more than the seconds.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

PYTHON = sys.executable

YAML_PARSE = """import pathlib, sys, yaml
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.yaml")):
    for _ in yaml.parse(path.read_bytes(), Loader=yaml.CSafeLoader):
        pass
"""
YAML_LOAD = """import pathlib, sys, yaml
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""
RDF_PARSE = """import sys, rdflib
rdflib.Graph().parse(sys.argv[1])
"""


def seconds(command: Sequence[str], cwd: Path | None = None) -> float:
    """Wall-clock time of one run of a command (its output discarded; it must succeed)."""
    started = time.perf_counter()
    subprocess.run(list(command), cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def timed(command: Sequence[str], cwd: Path | None = None) -> tuple[float, float]:
    """(wall-clock, CPU) seconds of one run of a command and its children; under load the
    CPU time (user + system) says more about the work than the wall clock."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = seconds(command, cwd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


# Runs a command as its only child, so that the child's (and its children's) peak resident
# memory is what getrusage reports; prints wall-clock seconds, CPU seconds and that peak.
_PROBE = """import resource, subprocess, sys, time
started = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
"""


def measured(command: Sequence[str], cwd: Path | None = None) -> tuple[float, float, float]:
    """(wall-clock s, CPU s, peak resident MB) of one run of a command in a fresh process.
    The peak is that of the largest single process (the engine runs in kennisbank's own
    process under MkDocs; Zensical is a child of its own)."""
    done = subprocess.run([PYTHON, "-c", _PROBE, *command], cwd=cwd, check=True,
                          capture_output=True, text=True)
    wall, cpu, kilobytes = done.stdout.split()
    return float(wall), float(cpu), int(kilobytes) / 1024


def spread(ratios: list[float]) -> str:
    """The median ratio of interleaved rounds, with the lowest and highest."""
    if not ratios:
        return "–"
    if len(ratios) == 1:
        return f"{ratios[0]:.2f}×"
    return f"{statistics.median(ratios):.2f}× ({min(ratios):.2f}–{max(ratios):.2f})"


def best(runs: int, command: Sequence[str], cwd: Path | None = None) -> float:
    return min(seconds(command, cwd) for _ in range(max(runs, 1)))


def python(code: str, *args: str) -> list[str]:
    return [PYTHON, "-c", code, *args]


def yaml_parse(root: Path, runs: int = 3) -> float:
    return best(runs, python(YAML_PARSE, str(root)))


def yaml_load(root: Path, runs: int = 3) -> float:
    return best(runs, python(YAML_LOAD, str(root)))


def rdf_parse(path: Path, runs: int = 3) -> float:
    return best(runs, python(RDF_PARSE, str(path)))


def ratio(value: float, floor: float) -> str:
    return f"{value / floor:.2f}×" if floor > 0 else "–"


def load() -> str:
    """The load average, to print beside every table."""
    one, five, _ = os.getloadavg()
    return f"belasting {one:.1f} (5 min: {five:.1f}) op {os.cpu_count()} kernen"
