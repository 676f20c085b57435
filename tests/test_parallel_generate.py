"""A large build makes part of its files in a forked worker (site.generate.Site.generate
with `parallel`): every file is the same, byte for byte, as when one process makes them all,
also when the worker dies. Every project in tests/data that builds is generated with the
threshold lowered to one concept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import DATA, REPO
from kennisbank.checks.pipeline import check
from kennisbank.content.model import Inhoud
from kennisbank.core.findings import Level
from kennisbank.site import generate
from kennisbank.site.markup import Output, payload

ROOTS = [REPO, *sorted(path for path in DATA.iterdir() if (path / "begrippen").is_dir())]


def _checked(root: Path) -> Inhoud | None:
    inhoud, findings = check(root)
    return None if any(f.level is Level.FOUT for f in findings) else inhoud


def _files(root: Path, docs: Path, parallel: bool) -> dict[str, bytes]:
    inhoud = _checked(root)
    assert inhoud is not None
    site = generate.Site(inhoud, docs=docs, own_config=(root / "mkdocs.yml").is_file())
    out: Output = site.generate(parallel=parallel)
    return {rel: bytes(data) if not isinstance(data := payload(content), Path)
            else data.read_bytes() for rel, content in sorted(out.files.items())}


@pytest.mark.parametrize("root", [root for root in ROOTS if _checked(root) is not None],
                         ids=lambda path: path.name)
def test_two_processes_make_what_one_makes(root: Path, monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    monkeypatch.setattr(generate, "PARALLEL_FROM", 10**9)
    alone = _files(root, docs, parallel=True)
    monkeypatch.setattr(generate, "PARALLEL_FROM", 1)
    share = generate.Site._share
    marker = tmp_path / "werker"

    def marked(site: generate.Site) -> object:
        marker.write_text(str(os.getpid()))
        return share(site)

    monkeypatch.setattr(generate.Site, "_share", marked)
    assert _files(root, docs, parallel=True) == alone
    if _checked(root).begrippen:  # type: ignore[union-attr]
        assert int(marker.read_text()) != os.getpid()  # the worker made its share


def test_a_worker_that_dies_costs_nothing(monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    alone = _files(REPO, docs, parallel=False)
    monkeypatch.setattr(generate, "PARALLEL_FROM", 1)
    share, parent = generate.Site._share, os.getpid()

    def dies_in_the_worker(site: generate.Site) -> object:
        if os.getpid() != parent:
            os._exit(3)
        return share(site)

    monkeypatch.setattr(generate.Site, "_share", dies_in_the_worker)
    assert _files(REPO, docs, parallel=True) == alone


def test_files_compared_with_docs_stay_paths(monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    """What the worker found unchanged in docs/ comes back as the path (no bytes in memory),
    as in one process."""
    root = DATA / "geldig"
    docs = tmp_path / "docs"
    docs.mkdir()
    for rel, data in _files(root, docs, parallel=False).items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_bytes(data)
    monkeypatch.setattr(generate, "PARALLEL_FROM", 1)
    inhoud = _checked(root)
    assert inhoud is not None
    out = generate.Site(inhoud, docs=docs, own_config=False).generate(parallel=True)
    assert out.files and all(content == docs / rel for rel, content in out.files.items())
