"""A `kennisbank build` during which git switches the project to the branch `pull-request`
(the attack rounds 14 to 16: what a branch switch during someone's own build can bring)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from test_hostile_git import run_git

LIMIT = 300


def build_switching(project: Path, tmp_path: Path, engine: str,
                    switch_when: Path | None = None) -> str:
    """`kennisbank build --engine <engine>`; the branch `pull-request` is checked out right
    after the check (the line `controle`), or, with `switch_when`, as soon as that path
    exists. What the build printed."""
    process = subprocess.Popen(  # noqa: S603 (our own CLI)
        [sys.executable, "-m", "kennisbank", "build", "--root", str(project), "--engine",
         engine], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        env={**os.environ, "NO_COLOR": "1"}, start_new_session=True)
    switched = threading.Event()

    def watch() -> None:
        assert switch_when is not None
        deadline = time.monotonic() + LIMIT
        while time.monotonic() < deadline and process.poll() is None:
            if switch_when.exists():
                run_git(project, "checkout", "-q", "pull-request")
                switched.set()
                return
            time.sleep(0.002)

    watcher = threading.Thread(target=watch, daemon=True) if switch_when else None
    if watcher:
        watcher.start()
    said = b""
    try:
        assert process.stdout is not None
        for line in process.stdout:
            said += line
            if switch_when is None and line.startswith(b"controle"):
                run_git(project, "checkout", "-q", "pull-request")
                switched.set()
                break
        said += process.stdout.read()
        process.wait(timeout=LIMIT)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, 9)
            process.wait(timeout=20)
        if watcher:
            watcher.join(timeout=20)
    text = said.decode(errors="replace")
    assert switched.is_set(), f"de tak is niet gewisseld:\n{text[-2000:]}"
    return text
