"""markup.Output with `docs` (a build): a generated file equal to what docs/ holds is kept
as that path, one that differs is kept compressed; sync then writes only what changed."""

from __future__ import annotations

import os
from pathlib import Path

from kennisbank.site.files import sync
from kennisbank.site.markup import Output, Packed, payload


def _generate(docs: Path, files: dict[str, bytes]) -> Output:
    out = Output(docs=docs)
    for rel, data in files.items():
        out.add(rel, data)
    return out


FILES = {
    "begrippen/herstel.md": "# herstel\n\nEen definitie met één ë.\n".encode(),
    "begrippen/herstel.ttl": b"<x> <y> <z> .\n" * 200,
    "zoeken/index.json": b"{}",
}


def test_a_second_identical_generation_keeps_every_file_as_the_path_and_writes_nothing(
        tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    first = _generate(docs, FILES)
    assert all(isinstance(content, Packed) for content in first.files.values())
    assert sync(docs, first).written == len(FILES)
    second = _generate(docs, FILES)
    assert second.files == {rel: docs / rel for rel in FILES}
    mtimes = {rel: os.stat(docs / rel).st_mtime_ns for rel in FILES}
    stats = sync(docs, second)
    assert (stats.written, stats.unchanged) == (0, len(FILES))
    assert {rel: os.stat(docs / rel).st_mtime_ns for rel in FILES} == mtimes
    assert {rel: second.data(rel) for rel in FILES} == FILES


def test_only_a_changed_file_is_held_in_memory_and_written(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    sync(docs, _generate(docs, FILES))
    changed = dict(FILES)
    changed["begrippen/herstel.md"] = b"# herstel\n\nEen andere definitie.\n"
    out = _generate(docs, changed)
    assert isinstance(out.files["begrippen/herstel.md"], Packed)
    assert out.files["begrippen/herstel.ttl"] == docs / "begrippen/herstel.ttl"
    assert out.data("begrippen/herstel.md") == changed["begrippen/herstel.md"]
    assert payload(out.files["begrippen/herstel.md"]) == changed["begrippen/herstel.md"]
    stats = sync(docs, out)
    assert (stats.written, stats.changed) == (1, {"begrippen/herstel.md"})
    assert (docs / "begrippen/herstel.md").read_bytes() == changed["begrippen/herstel.md"]


def test_a_file_of_the_same_size_but_other_bytes_is_not_taken_for_the_same(
        tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "zoeken").mkdir(parents=True)
    (docs / "zoeken/index.json").write_bytes(b"[]")
    out = _generate(docs, {"zoeken/index.json": b"{}"})
    assert isinstance(out.files["zoeken/index.json"], Packed)


def test_a_link_to_a_file_with_the_same_bytes_is_never_the_same(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "zoeken").mkdir(parents=True)
    elders = tmp_path / "elders.json"
    elders.write_bytes(b"{}")
    (docs / "zoeken/index.json").symlink_to(elders)
    out = _generate(docs, {"zoeken/index.json": b"{}"})
    assert isinstance(out.files["zoeken/index.json"], Packed)
    assert out.data("zoeken/index.json") == b"{}"


def test_without_docs_every_file_is_kept_as_bytes(tmp_path: Path) -> None:
    out = Output()
    for rel, data in FILES.items():
        out.add(rel, data.decode())
    assert out.files == FILES
