"""Work for a second core: a forked process beside this one (issue 26).

The check parses files in forked workers (`content.load`), runs half its rules in one
(`checks.pipeline.validate`), and a build makes half its files in one
(`site.generate.Site.generate`). They share the condition (enough items to pay the fork, two
cores, a platform that forks) and, for the last two, the shape: one function in a forked
worker while this process does its own share, the worker's result sent back, and a worker
that dies (the kernel's out-of-memory killer) costing only time.

A forked worker sees this process as it was at the fork, so the function needs no pickling
(a closure over the model is fine); only its result is pickled back. Only commands that run
once fork (check, build, export): a process with threads (the preview) must not.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

# Below this many files or concepts a forked worker costs more than it saves.
PARALLEL_FROM = 800

Mine = TypeVar("Mine")
Theirs = TypeVar("Theirs")


def can_fork(items: int, least: int = PARALLEL_FROM) -> bool:
    """Whether `items` is enough work for a forked worker on this machine."""
    return items >= least and (os.cpu_count() or 1) >= 2 and \
        "fork" in multiprocessing.get_all_start_methods()


def pool(workers: int) -> ProcessPoolExecutor:
    """A pool of forked workers (see `can_fork`)."""
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))


def beside(work: Callable[[], Theirs], here: Callable[[], Mine]) -> tuple[Theirs, Mine]:
    """`work()` in a forked worker while `here()` runs in this process: both results. When
    the worker dies, `work()` runs here after `here()` (the same result, later)."""
    _WORK[:] = [work]
    try:
        with pool(1) as workers:
            future = workers.submit(_run)  # forks here, with _WORK set
            mine = here()
            try:
                return future.result(), mine
            except BrokenProcessPool:
                pass
    finally:
        _WORK.clear()
    return work(), mine


# The function a forked worker runs (set just before the fork; nothing is pickled but the
# result).
_WORK: list[Callable[[], Any]] = []


def _run() -> Any:
    return _WORK[0]()
