"""The rules of a large check run in two processes (checks.pipeline.validate): the findings
are the same, in the same order, as when they all run in one, also when the worker dies.
Every project in tests/data is checked with the threshold lowered to one concept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import DATA, REPO
from kennisbank.checks import pipeline
from kennisbank.content.model import Inhoud
from kennisbank.core import forked
from kennisbank.core.findings import Finding

ROOTS = [REPO, *sorted(path for path in DATA.iterdir() if (path / "begrippen").is_dir())]


def _findings(root: Path) -> list[Finding]:
    return pipeline.check(root)[1]


@pytest.mark.parametrize("root", ROOTS, ids=lambda path: path.name)
def test_two_processes_find_what_one_finds(root: Path, monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 10**9)
    alone = _findings(root)
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)
    run_rules = pipeline._run_rules
    marker = tmp_path / "werker"

    def marked(inhoud: Inhoud, chosen: tuple[int, ...]) -> list[list[Finding]]:
        marker.write_text(str(os.getpid()))
        return run_rules(inhoud, chosen)

    monkeypatch.setattr(pipeline, "_run_rules", marked)
    assert _findings(root) == alone
    if pipeline.check(root)[0].begrippen:  # with no concept there is nothing to share
        assert int(marker.read_text()) != os.getpid()  # the worker ran them


def test_a_worker_that_dies_costs_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    root = DATA / "waarschuwingen"
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 10**9)
    alone = _findings(root)
    assert alone
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)
    run_rules, parent = pipeline._run_rules, os.getpid()

    def dies_in_the_worker(inhoud: Inhoud, chosen: tuple[int, ...]) -> list[list[Finding]]:
        if os.getpid() != parent:
            os._exit(3)
        return run_rules(inhoud, chosen)

    monkeypatch.setattr(pipeline, "_run_rules", dies_in_the_worker)
    assert _findings(root) == alone


def test_a_long_running_process_is_not_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview passes a cache and has threads: its rules run in its own process."""
    from kennisbank.content.parsecache import ParseCache

    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)
    monkeypatch.setattr(pipeline, "_run_rules", lambda inhoud, chosen: os._exit(3))
    calls: list[object] = []
    monkeypatch.setattr(forked, "ProcessPoolExecutor", lambda *a, **k: calls.append(a))
    assert pipeline.check(DATA / "waarschuwingen", ParseCache())[1]
    assert not calls
