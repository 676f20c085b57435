"""A check keeps nothing of the model it made once its caller lets go of it: no cache holds
it (the term index refers to it weakly) and no exception's traceback holds the frames that
loaded it (the direct record builder gives up with a new exception each time). A model held
to the end of the process made Python's last garbage collections walk all of it."""

from __future__ import annotations

import gc
import shutil
import weakref
from pathlib import Path

from conftest import DATA
from kennisbank.checks.pipeline import check
from kennisbank.content import termen
from kennisbank.content.load import load


def _released(root: Path) -> bool:
    inhoud, findings = check(root)
    assert inhoud.begrippen and findings is not None
    assert termen._LAST and termen._LAST[0]() is inhoud  # the index of this very model
    ref = weakref.ref(inhoud)
    enabled = gc.isenabled()
    gc.disable()  # freed by reference counting alone, not by a collection
    try:
        del inhoud, findings
        return ref() is None and not termen._LAST
    finally:
        if enabled:
            gc.enable()


def test_the_model_goes_when_the_caller_lets_go(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(DATA / "geldig", root)
    # _kader.yaml has collecties, which the direct record builder leaves to the usual parse
    assert "collecties:" in (root / "begrippen" / "_kader.yaml").read_text(encoding="utf-8")
    assert _released(root)
    # a concept the direct builder gives up on half-way (an unknown key) changes nothing
    concept = next((root / "begrippen").glob("[a-z]*.yaml"))
    concept.write_text(concept.read_text(encoding="utf-8") + "onbekend: x\n", encoding="utf-8")
    assert _released(root)


def test_the_index_is_shared_by_models_with_the_same_labels_only() -> None:
    first = load(DATA / "geldig")[0]
    index = termen.TermIndex.of(first)
    assert termen.TermIndex.of(first) is index
    second = load(DATA / "geldig")[0]  # the preview's next save: the same labels
    assert termen.TermIndex.of(second) is index
    ref = weakref.ref(second)
    del first  # the index lives as long as the last model it was asked for
    assert termen._LAST and termen._LAST[2] is index
    third = load(DATA / "geldig")[0]
    concept = next(b for b in third.begrippen.values() if b.voorkeursterm.get("nl"))
    concept.voorkeursterm["nl"] += " nieuw"
    assert termen.TermIndex.of(third) is not index
    assert ref() is not None
