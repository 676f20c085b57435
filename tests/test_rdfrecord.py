"""RDF documents kept from the previous build when their triples are the same
(site.rdfrecord): the files are the same, byte for byte, as when every document is written
again; a document changed in docs/ since, a changed concept, a record of another folder or
other code, and a record that is a link all mean the documents are written again."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import DATA, REPO
from kennisbank.checks.pipeline import check
from kennisbank.content.model import Inhoud
from kennisbank.core.findings import Level
from kennisbank.site import generate, rdfrecord
from kennisbank.site.markup import Output, payload
from kennisbank.site.pages import concept, scheme
from kennisbank.skos.mapping import serialize


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


def _inhoud(root: Path) -> Inhoud:
    inhoud, findings = check(root)
    assert not [f for f in findings if f.level is Level.FOUT]
    return inhoud


def _build(root: Path, docs: Path) -> tuple[Output, generate.Stats]:
    return generate.generate(_inhoud(root), docs)


def _bytes(out: Output) -> dict[str, bytes]:
    return {rel: data.read_bytes() if isinstance(data := payload(content), Path)
            else bytes(data) for rel, content in sorted(out.files.items())}


class Made:
    """Which documents a generation wrote rather than kept: the writers' calls counted
    (a document written again with the same bytes is a path in the output all the same)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.concepts = 0  # concepts whose Turtle was written
        self.scheme = 0  # times the whole scheme was written
        for module, attribute in ((concept, "concepts"), (scheme, "scheme")):
            monkeypatch.setattr(module, "serialize", self._counting(attribute))

    def _counting(self, attribute: str) -> Callable[..., bytes]:
        def counted(triples: object, fmt: str, *args: object) -> bytes:
            if fmt == "turtle":
                setattr(self, attribute, getattr(self, attribute) + 1)
            return serialize(triples, fmt, *args)  # type: ignore[arg-type]
        return counted

    def reset(self) -> None:
        self.concepts = self.scheme = 0


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> Made:
    return Made(monkeypatch)


@pytest.mark.parametrize("root", [REPO, DATA / "geldig"], ids=lambda path: path.name)
def test_a_second_build_keeps_every_document_and_makes_the_same_files(
        root: Path, tmp_path: Path, cache: Path, made: Made) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    first, _ = _build(root, docs)
    assert (made.concepts, made.scheme) == (len(_inhoud(root).begrippen), 1)
    before = _bytes(first)
    made.reset()
    second, stats = _build(root, docs)
    assert (made.concepts, made.scheme) == (0, 0)  # every document kept
    assert stats.written == 0
    assert _bytes(second) == before
    # The same as a generation without any record (another cache folder, nothing kept).
    shutil.rmtree(cache)
    fresh, _ = _build(root, docs)
    assert made.concepts == len(_inhoud(root).begrippen)
    assert _bytes(fresh) == before


def test_a_document_changed_in_docs_is_written_again(tmp_path: Path, made: Made) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    first = _bytes(_build(REPO, docs)[0])
    inhoud = _inhoud(REPO)
    ident = sorted(inhoud.begrippen)[0]
    target = docs / "begrippen" / f"{ident}.ttl"
    info = target.stat()
    forged = target.read_bytes().replace(b"skos:", b"skoz:", 1)
    assert len(forged) == info.st_size
    target.write_bytes(forged)  # same size, and the old modification time put back
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))
    made.reset()
    _, stats = _build(REPO, docs)
    assert (made.concepts, made.scheme) == (1, 0)
    assert stats.changed == {f"begrippen/{ident}.ttl"}
    assert target.read_bytes() == first[f"begrippen/{ident}.ttl"]


def test_a_changed_concept_gets_new_documents_and_the_others_are_kept(
        tmp_path: Path, made: Made) -> None:
    root = tmp_path / "p"
    shutil.copytree(DATA / "geldig", root)
    docs = root / "docs"
    docs.mkdir(exist_ok=True)
    _build(root, docs)
    inhoud = _inhoud(root)
    changed = sorted(inhoud.begrippen)[0]
    source = root / "begrippen" / f"{changed}.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("definitie: ", "definitie: Anders. ", 1), encoding="utf-8")
    made.reset()
    _, stats = _build(root, docs)
    assert (made.concepts, made.scheme) == (1, 1)
    assert {f"begrippen/{changed}.ttl", f"begrippen/{changed}.jsonld",
            "downloads/begrippenkader.ttl"} <= stats.changed
    inhoud = _inhoud(root)
    site = generate.Site(inhoud)
    expected = serialize(site.ctx.concept_triples(inhoud.begrippen[changed]), "turtle")
    assert (docs / "begrippen" / f"{changed}.ttl").read_bytes() == expected
    assert b"Anders. " in expected


def test_a_record_of_other_code_or_another_folder_keeps_nothing(tmp_path: Path,
                                                               made: Made) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    _build(REPO, docs)
    path = rdfrecord.record_path(docs)
    assert path is not None and path.is_file()
    record = json.loads(path.read_text(encoding="utf-8"))
    every = (len(_inhoud(REPO).begrippen), 1)
    for forged in ({**record, "code": "0" * 64}, {**record, "docs": str(tmp_path / "x")},
                   {"entries": record["entries"]}, "{niet json"):
        path.write_text(forged if isinstance(forged, str) else json.dumps(forged),
                        encoding="utf-8")
        made.reset()
        _build(REPO, docs)
        assert (made.concepts, made.scheme) == every
    made.reset()
    _build(REPO, docs)  # the build before wrote a good record again
    assert (made.concepts, made.scheme) == (0, 0)


def test_a_record_that_is_a_link_is_neither_read_nor_written_through(tmp_path: Path,
                                                                    made: Made) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    path = rdfrecord.record_path(docs)
    assert path is not None
    _build(REPO, docs)
    elsewhere = tmp_path / "elders.json"
    path.rename(elsewhere)
    before = elsewhere.read_bytes()
    path.symlink_to(elsewhere)
    made.reset()
    _build(REPO, docs)
    assert (made.concepts, made.scheme) == (len(_inhoud(REPO).begrippen), 1)  # not read
    assert elsewhere.read_bytes() == before  # nor written through it
    assert path.is_symlink()


def test_the_preview_in_memory_keeps_nothing(tmp_path: Path) -> None:
    site = generate.Site(_inhoud(REPO))
    assert site.ctx.record.key([]) is None
    out = site.generate()
    assert all(not isinstance(content, Path) for content in out.files.values())


def test_a_record_naming_other_files_or_too_few_keeps_nothing(tmp_path: Path,
                                                             made: Made) -> None:
    """Only a group's own documents are ever taken from a record: one that names a page, a
    file outside docs/, or lacks a format that can always be written is not used."""
    docs = tmp_path / "docs"
    docs.mkdir()
    _build(REPO, docs)
    path = rdfrecord.record_path(docs)
    assert path is not None
    good = json.loads(path.read_text(encoding="utf-8"))
    ident = sorted(_inhoud(REPO).begrippen)[0]
    outside = tmp_path / "buiten.txt"
    outside.write_text("van de gebruiker", encoding="utf-8")
    info = outside.stat()
    stranger = [info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]
    key, files = good["entries"][ident]
    scheme_key, scheme_files = good["entries"][scheme.SCHEME]
    without_turtle = {rel: identity for rel, identity in scheme_files.items()
                      if not rel.endswith(".ttl")}
    for entries in ({ident: [key, {**files, "../buiten.txt": stranger}]},
                    {ident: [key, {rel: files[rel] for rel in files if rel.endswith(".ttl")}]},
                    {scheme.SCHEME: [scheme_key, without_turtle]}):
        path.write_text(json.dumps({**good, "entries": {**good["entries"], **entries}}),
                        encoding="utf-8")
        made.reset()
        out, _ = _build(REPO, docs)
        assert "../buiten.txt" not in out.files
        assert (made.concepts, made.scheme) in ((1, 0), (0, 1))  # that group written again
        assert outside.read_text(encoding="utf-8") == "van de gebruiker"
    assert "turtle" not in generate.Site(_inhoud(REPO)).ctx.unwritable
