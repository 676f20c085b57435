"""rdflib's parse errors told in Dutch (issue 27): the real fixtures, truncated or damaged in
a temporary folder, give one line with file, line and column and what was expected, never
rdflib's English or a Python b'…' fragment; through parse_file, import, vocabulaires/ and
overige_rdf alike."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from conftest import DATA
from kennisbank.checks.pipeline import check
from kennisbank.rdf.parse import parse_file, parse_text
from kennisbank.rdf.parseerrors import RdfSyntaxError

ECHT = DATA / "echt"
TURTLE = ECHT / "skohub-systematik" / "systematik.ttl"
RDFXML = ECHT / "openskos-iso639" / "iso-639-3-clavas.rdf"
ENGLISH = re.compile(r"\b(expected|found|Bad syntax|not well-formed|Expecting|Invalid|line \d|"
                     r"unclosed|token|at \^|Unterminated|string index)\b|b'|b\"|\\\\n")


def _serialised(fmt: str) -> bytes:
    """The SkoHub vocabulary in another syntax: there is no real JSON-LD or N-Triples
    fixture, so the real Turtle is written out by rdflib."""
    return Graph().parse(TURTLE, format="turtle").serialize(format=fmt, encoding="utf-8")


def _damaged() -> list[tuple[str, str, bytes, int, int]]:
    """(name, rdflib format, bytes, line, column) for a set of broken real files; the line
    and column are where the damage is (worked out independently of the parser)."""
    ttl, xml = TURTLE.read_bytes(), RDFXML.read_bytes()
    cases = []
    # Turtle: an undeclared prefix where the first skos:prefLabel is.
    at = ttl.index(b"skos:prefLabel")
    cases.append(("voorvoegsel.ttl", "turtle", ttl[:at] + b"skoss" + ttl[at + 4:],
                  *_place(ttl, at)))
    # Turtle cut off in the middle of a statement: the end of the file.
    cut = ttl[: len(ttl) // 2].rstrip()
    cases.append(("afgebroken.ttl", "turtle", cut, *_place(cut, len(cut))))
    # Turtle: a statement without its final '.', so the next one starts too early.
    end = ttl.index(b" .\n", ttl.index(b"skos:prefLabel"))
    broken = ttl[:end] + b"\n" + ttl[end + 3:]
    nxt = end + 1 + len(broken[end + 1:]) - len(broken[end + 1:].lstrip())
    cases.append(("zonder-punt.ttl", "turtle", broken, *_place(broken, nxt)))
    # Turtle: a byte that is not UTF-8.
    bad = ttl.index(b"\n", 3000) + 1
    cases.append(("geen-utf8.ttl", "turtle", ttl[:bad] + b"\xff" + ttl[bad:], *_place(ttl, bad)))
    # RDF/XML: a stray '<' inside a start tag; a file cut off halfway.
    tag = xml.index(b"<skos:prefLabel", 4000)
    cases.append(("teken.rdf", "xml", xml[:tag] + b"<oops" + xml[tag:], *_place(xml, tag + 5)))
    cut = xml[: len(xml) // 2]  # expat names the start of the token left open
    cases.append(("afgebroken.rdf", "xml", cut, *_place(cut, cut.rindex(b"<"))))
    # JSON-LD cut off halfway; a comma too many.
    js = _serialised("json-ld")
    opening = js.index(b'"@value": "', len(js) // 2) + len(b'"@value": ')
    cut = js[: opening + 1]
    cases.append(("afgebroken.jsonld", "json-ld", cut, *_place(cut, opening)))
    comma = js.index(b"}", len(js) // 3) + 1
    extra = js[:comma] + b",," + js[comma:]
    cases.append(("komma.jsonld", "json-ld", extra, *_place(extra, comma + 1)))
    # N-Triples: a line without its final ' .'; garbage as a line of its own.
    nt = b"".join(sorted(_serialised("nt").splitlines(keepends=True)))
    line_end = nt.index(b" .\n", len(nt) // 2)
    line_start = nt.rindex(b"\n", 0, line_end) + 1
    cases.append(("zonder-punt.nt", "nt", nt[:line_end] + b"\n" + nt[line_end + 3:],
                  *_place(nt, line_start)))
    cases.append(("rommel.nt", "nt", nt[:line_start] + b"rommel hier .\n" + nt[line_start:],
                  *_place(nt, line_start)))
    return cases


def _place(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, len(data[line_start:offset].decode("utf-8")) + 1


CASES = _damaged()


@pytest.mark.parametrize(("name", "fmt", "data", "line", "column"), CASES,
                         ids=[c[0] for c in CASES])
def test_a_broken_real_file_gives_one_dutch_line(tmp_path: Path, name: str, fmt: str,
                                                 data: bytes, line: int, column: int) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(RdfSyntaxError) as caught:
        parse_file(path, fmt, name)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{name}:{line}:")
    if fmt != "nt":  # N-Triples: the bad line is found, its column where rdflib gave up
        assert (caught.value.line, caught.value.column) == (line, column), message
    assert "verwachtte" in message
    assert not ENGLISH.search(message.split(" (bij «")[0]), message


def test_import_and_vocabulaires_say_the_same_line(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    name, _, data, line, column = CASES[0]
    broken = tmp_path / name
    broken.write_bytes(data)
    code, out, err = run_cli("import", str(broken), "--out", str(tmp_path / "uit"))
    assert code == 1
    assert err.strip().splitlines() == [f"{broken}:{line}:{column}: geen geldige Turtle: "
                                        "voorvoegsel 'skoss:' is niet gedeclareerd; "
                                        "verwachtte eerder in het bestand '@prefix skoss: "
                                        "<…> .' (bij «skoss:prefLabel \"Geisteswissen…»)"]
    assert not (tmp_path / "uit").exists()
    root = tmp_path / "kader"
    shutil.copytree(DATA / "skos-volledig", root)
    (root / "vocabulaires").mkdir()
    (root / "vocabulaires" / "netbeheer.ttl").write_bytes(data)
    (root / "vocabulaires" / "netbeheer.yaml").write_text(
        (DATA / "geldig" / "vocabulaires" / "andere.yaml").read_text(encoding="utf-8")
        .replace("bestand: andere.ttl", "bestand: netbeheer.ttl"), encoding="utf-8")
    _, findings = check(root)
    found = [f for f in findings if f.code == "ongeldige-rdf"]
    assert [(f.path, f.line, f.column) for f in found] == [
        ("vocabulaires/netbeheer.ttl", line, column)]
    assert "voorvoegsel 'skoss:' is niet gedeclareerd" in found[0].message


def test_overige_rdf_counts_within_the_snippet() -> None:
    with pytest.raises(RdfSyntaxError) as caught:
        parse_text('<http://x.org/a> <http://x.org/b> "tekst\n  zonder einde" .\n')
    assert (caught.value.line, caught.value.column) == (1, 41)  # the line break
    assert "regeleinde binnen een tekst" in caught.value.problem


def test_rdflib_logs_nothing_over_our_output(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    """The SkoHub file has xsd:date values rdflib cannot convert; rdflib logs each with an
    English traceback, which the import printed between its Dutch lines."""
    code, out, err = run_cli("import", str(TURTLE), "--out", str(tmp_path / "uit"))
    assert code == 0
    assert err == ""
    assert "Traceback" not in out and len(out.splitlines()) <= 15


RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://x/"'
SMALL = [
    # Well-formed XML that is not RDF/XML: two nodes inside one property element.
    ("grammatica.rdf", "xml", f'<?xml version="1.0"?>\n<rdf:RDF {RDF}>\n  <rdf:Description '
     'rdf:about="http://x/a">\n    <ex:p><ex:A/><ex:B/></ex:p>\n  </rdf:Description>\n'
     '</rdf:RDF>\n', 4, 25, "welgevormde XML, maar niet zoals RDF/XML"),
    ("graaf.trig", "trig", "@prefix ex: <http://x/> .\nex:g { ex:a ex:b ex:c .\n", 2, 24,
     "verwachtte '}'"),
    ("tekst.n3", "n3", '@prefix ex: <http://x/> .\nex:a ex:b "x\n', 2, 13, "regeleinde"),
    ("context.jsonld", "json-ld", '{"@context": 5, "@id": "http://x/a"}', 1, 1,
     "is het wel JSON-LD?"),
]


@pytest.mark.parametrize(("name", "fmt", "text", "line", "column", "said"), SMALL,
                         ids=[c[0] for c in SMALL])
def test_other_syntaxes_and_rdfxml_grammar(tmp_path: Path, name: str, fmt: str, text: str,
                                           line: int, column: int, said: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RdfSyntaxError) as caught:
        parse_file(path, fmt, name)
    assert (caught.value.line, caught.value.column) == (line, column), str(caught.value)
    assert said in str(caught.value)
    assert not ENGLISH.search(str(caught.value).split(" (bij «")[0])
