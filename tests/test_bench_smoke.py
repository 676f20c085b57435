"""Every benchmark script runs, at a tiny size, and prints what `make bench` promises: its
ratio to a floor (a '×') and the load average. A script that no longer fits the code (a hook
that is gone, a renamed module) fails here instead of rotting until someone needs figures.
No timing is asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent
SCRIPTS = REPO / "scripts"

# The arguments that make each script small; every scripts/bench_*.py must be listed.
TINY = {
    "bench_check.py": ["20", "--repeat", "1"],
    "bench_export.py": ["20"],
    "bench_history.py": ["20", "--commits", "3", "--repeat", "1"],
    "bench_import.py": ["20"],
    "bench_match.py": ["20"],
    "bench_search.py": ["30", "--repeat", "1"],  # at 20 one of its queries finds nothing
    "bench_serve.py": ["20", "--saves", "1", "--echt"],
    "bench_site.py": ["10", "--repeat", "1"],
    "bench_tekst.py": ["1000"],
}
# Scripts written by others than the floors' module: they only have to run.
RATIO_EXEMPT = {"bench_history.py", "bench_tekst.py"}
MARKS = {"bench_search.py": [pytest.mark.browser], "bench_serve.py": [pytest.mark.server]}

pytestmark = pytest.mark.slow


def test_every_benchmark_script_is_smoke_tested() -> None:
    assert sorted(p.name for p in SCRIPTS.glob("bench_*.py")) == sorted(TINY)


@pytest.mark.parametrize("script", [pytest.param(name, marks=MARKS.get(name, []))
                                    for name in sorted(TINY)])
def test_a_benchmark_script_runs_at_a_tiny_size(script: str, tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(SCRIPTS / script), *TINY[script]],
                          cwd=tmp_path, capture_output=True, text=True, timeout=900,
                          check=False)
    said = done.stdout + done.stderr
    assert done.returncode == 0, said[-4000:]
    if script not in RATIO_EXEMPT:
        assert "×" in done.stdout and "belasting" in done.stdout, said[-4000:]
