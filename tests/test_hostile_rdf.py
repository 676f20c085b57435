"""Hostile RDF (issue 12): no network, no entity expansion, no traceback, nothing written
outside a temporary root, and a time limit so a hang fails instead of blocking CI."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

LIMIT = 30


@pytest.fixture
def listener() -> Iterator[tuple[str, list[int]]]:
    """A local listening socket that counts the connections it accepts."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    accepted: list[int] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            accepted.append(1)
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/ctx.jsonld", accepted
    stop.set()
    thread.join(2)
    server.close()


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kennisbank", *args], cwd=cwd, text=True,
                          capture_output=True, timeout=LIMIT, check=False)


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_remote_jsonld_context_is_refused_without_connecting(
        tmp_path: Path, listener: tuple[str, list[int]]) -> None:
    url, accepted = listener
    bad = tmp_path / "vocab.jsonld"
    bad.write_text(f'{{"@context": "{url}", "@id": "http://x.org/a", "@type": "skos:Concept"}}',
                   encoding="utf-8")
    before = snapshot(tmp_path)
    result = run("import", str(bad), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 1
    assert "vocab.jsonld" in result.stderr and "@context" in result.stderr
    assert "Traceback" not in result.stderr
    assert accepted == []
    assert snapshot(tmp_path) == before


def test_nested_import_in_context_is_refused(tmp_path: Path,
                                             listener: tuple[str, list[int]]) -> None:
    url, accepted = listener
    bad = tmp_path / "vocab.jsonld"
    bad.write_text(f'{{"@context": {{"@import": "{url}"}}, "@id": "http://x.org/a"}}',
                   encoding="utf-8")
    result = run("import", str(bad), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 1 and "vocab.jsonld" in result.stderr
    assert "Traceback" not in result.stderr and accepted == []


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:skos="http://www.w3.org/2004/02/skos/core#">
 <skos:Concept rdf:about="http://x.org/a"><skos:prefLabel>&e;</skos:prefLabel></skos:Concept>
</rdf:RDF>
"""


def test_rdfxml_with_entities_is_refused_quickly(tmp_path: Path) -> None:
    bad = tmp_path / "lachen.rdf"
    bad.write_text(BILLION_LAUGHS, encoding="utf-8")
    result = run("import", str(bad), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 1
    assert "lachen.rdf:2" in result.stderr and "DOCTYPE" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_import_out_at_a_file_is_a_usage_error(tmp_path: Path) -> None:
    source = tmp_path / "v.ttl"
    source.write_text('<http://x.org/a> a <http://www.w3.org/2004/02/skos/core#Concept> .\n',
                      encoding="utf-8")
    (tmp_path / "bestand").write_text("x", encoding="utf-8")
    result = run("import", str(source), "--out", str(tmp_path / "bestand"), cwd=tmp_path)
    assert result.returncode == 2 and "bestand" in result.stderr
    assert "Traceback" not in result.stderr


def test_long_iri_and_trailing_newline_survive_import_and_export(tmp_path: Path) -> None:
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import SKOS

    long_iri = "http://x.org/id/" + "a" * 300
    source = tmp_path / "v.ttl"
    source.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        f'<{long_iri}> a skos:Concept ; skos:prefLabel "lang"@nl ;\n'
        '  skos:definition "eindigt op een regeleinde\\n"@nl .\n', encoding="utf-8")
    result = run("import", str(source), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1)
    export = run("export", "--root", str(tmp_path / "out"), "--format", "turtle", cwd=tmp_path)
    assert export.returncode == 0, export.stderr
    graph = Graph().parse(data=export.stdout, format="turtle")
    assert (URIRef(long_iri), SKOS.definition,
            Literal("eindigt op een regeleinde\n", lang="nl")) in graph


def test_overige_rdf_blank_nodes_and_bad_predicates(tmp_path: Path) -> None:
    from kennisbank.skos.mapping import extra_triples

    text = ('@prefix ex: <http://example.org/> .\n_:x ex:p "1" . ex:a ex:q _:x . '
            'ex:b ex:q _:x .\n')
    assert extra_triples(text, "a") == extra_triples(text, "a")
    assert extra_triples(text, "a") != extra_triples(text, "b")
