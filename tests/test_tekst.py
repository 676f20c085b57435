"""`kennisbank tekst`: the shared vectors (tests/data/gedeeld/tekstcheck.json, which the page's
script runs too in test_tekstcheck_browser.py), documents made by a word processor, the JSON
output, exit codes, and hostile files refused with a Dutch message."""

from __future__ import annotations

import base64
import json
import random
import zipfile
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, REPO
from kennisbank.checks.tekst import markdown_prose
from kennisbank.cli.tekst import index_of

VECTORS: dict[str, Any] = json.loads(
    (DATA / "gedeeld" / "tekstcheck.json").read_text(encoding="utf-8"))
ROOT = REPO / VECTORS["inhoud"]
DOCS = DATA / "tekstcheck" / "documenten"


@pytest.fixture(scope="module")
def index():  # type: ignore[no-untyped-def]
    return index_of(ROOT)


@pytest.mark.parametrize("case", VECTORS["gevallen"], ids=[c["naam"] for c in VECTORS["gevallen"]])
def test_shared_vectors(index, case: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    got = [[f.line, f.column, hit.text, f.code, hit.ident]
           for f, hit in index.findings("x", case["tekst"])]
    assert got == case["vondsten"]


def test_the_vectors_cover_what_the_issue_asks() -> None:
    codes = {v[3] for case in VECTORS["gevallen"] for v in case["vondsten"]}
    assert codes == {"begrip", "alternatieve-term", "ontraden-term", "verouderd-begrip",
                     "afkorting-voluit"}
    compounds = next(c for c in VECTORS["gevallen"] if c["naam"] == "samenstelling is geen "
                     "treffer")
    assert "diploma-erkenning" in compounds["tekst"] and compounds["vondsten"] == []


@pytest.mark.parametrize("name", ["brief.txt", "brief.docx", "brief.odt"])
def test_word_processor_documents_give_the_same_findings(run_cli, name: str) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("tekst", "--root", str(ROOT), str(DOCS / name))
    assert code == 1, err  # an ontraden and a verouderd term: warnings
    lines = [line.split(": ", 1)[1] for line in out.splitlines()[:-1]]
    code_txt, out_txt, _ = run_cli("tekst", "--root", str(ROOT), str(DOCS / "brief.txt"))
    assert lines == [line.split(": ", 1)[1] for line in out_txt.splitlines()[:-1]]
    assert out.splitlines()[-1] == "2 waarschuwingen, 8 hints (1 bestand)"
    assert f"{DOCS / name}:4:27: waarschuwing [ontraden-term] 'schadeloosstelling' wordt " \
        "afgeraden; gebruik 'herstel' (https://example.org/id/begrip/herstel)" in out
    assert "[verouderd-begrip] 'spijtbetuiging' is een verouderd begrip (spijtbetuiging); " \
        "gebruik 'excuses'" in out


def test_json_output(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("tekst", "--root", str(ROOT), "--json", str(DOCS / "brief.docx"))
    assert code == 1
    rows = json.loads(out)
    first = rows[0]
    assert {k: first[k] for k in ("bestand", "regel", "kolom", "tekst", "code", "begrip", "iri",
                                  "voorkeursterm")} == {
        "bestand": str(DOCS / "brief.docx"), "regel": 3, "kolom": 4, "tekst": "UHT",
        "code": "alternatieve-term", "begrip": "uitvoeringsorganisatie-herstel-toeslagen",
        "iri": "https://example.org/id/begrip/uitvoeringsorganisatie-herstel-toeslagen",
        "voorkeursterm": "Uitvoeringsorganisatie Herstel Toeslagen"}
    assert [r["niveau"] for r in rows].count("waarschuwing") == 2


def test_exit_zero_without_warnings_and_markdown_code_is_not_prose(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "pagina.md"
    page.write_text("---\ntitle: herstel\n---\n# Erkenning\n\n```\nschadeloosstelling\n```\n"
                    "Zie [herstel](https://example.org/schadeloosstelling) en `spijtbetuiging`.\n",
                    encoding="utf-8")
    code, out, _ = run_cli("tekst", "--root", str(ROOT), str(page))
    assert code == 0
    assert [line.split(": ")[1] for line in out.splitlines()[:-1]] == [
        "hint [begrip] 'Erkenning' is het begrip 'erkenning' (https://example.org/id/begrip/"
        "erkenning)", "hint [begrip] 'herstel' is het begrip 'herstel' (https://example.org/id/"
        "begrip/herstel)"]
    assert [line.split(":")[1:3] for line in out.splitlines()[:-1]] == [["4", "3"], ["9", "6"]]


def test_markdown_prose_keeps_every_position() -> None:
    text = "---\na: b\n---\nx `code` <b>y</b> [z](http://q)\n```\nfence\n```\nend"
    blanked = markdown_prose(text)
    assert len(blanked) == len(text) and blanked.count("\n") == text.count("\n")
    assert blanked.split() == ["x", "y", "[z", "end"]


# Runs of an opener without its closer: the blanking scanned to the end of the line from each
# (160,000 '<' took 51 s, a megabyte hours). A hang limit, not a timing target.
UNCLOSED = ["<" * 300_000, "[a](" * 100_000, "{:" * 150_000, "`" * 1 + "x" * 300_000]


@pytest.mark.parametrize("line", UNCLOSED, ids=["lt", "link", "attr", "backtick"])
def test_markdown_blanking_is_linear_on_unclosed_runs(line: str) -> None:
    import time

    started = time.monotonic()
    blanked = markdown_prose(line + "\nherstel")
    assert len(blanked) == len(line) + 8
    assert time.monotonic() - started < 30


def _zip(path: Path, name: str, data: bytes, level: int = 9) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.writestr(name, data)
    return path


XXE = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
       b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>")


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
T_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
# The third attack: paragraphs nested 20,000 deep in an uncompressed .docx (ratio 1, 220 kB)
# took 49 s, quadratic; sections 3,000 deep made the .odt reader recurse into "interne fout".
DEEP_DOCX = (f'<w:document xmlns:w="{W_NS}"><w:body>' + "<w:p>" * 20_000
             + "<w:r><w:t>herstel</w:t></w:r>" + "</w:p>" * 20_000
             + "</w:body></w:document>").encode()
DEEP_ODT = (f'<o xmlns:text="{T_NS}">' + "<text:section>" * 3_000 + "<text:p>herstel</text:p>"
            + "</text:section>" * 3_000 + "</o>").encode()
# The fourth attack (R4-7): a million and one empty paragraphs, flat; random text keeps the
# packing under MAX_RATIO, as it did for the 477 kB .docx of 8.2 million that took 1.4 GB.
PAD = base64.b64encode(random.Random(24).randbytes(60_000))
MANY_DOCX = (f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'.encode() + PAD
             + b"</w:t></w:r></w:p>" + b"<w:p/>" * 1_000_001 + b"</w:body></w:document>")
MANY_ODT = (f'<o xmlns:text="{T_NS}"><text:p>'.encode() + PAD + b"</text:p>"
            + b"<text:p/>" * 1_000_001 + b"</o>")


@pytest.mark.parametrize("kind", ["zip-bom", "xxe", "groot", "extensie", "geen-zip", "binair",
                                  "ontbreekt", "odt-lachsalvo", "diep-docx", "diep-odt",
                                  "veel-docx", "veel-odt"])
def test_hostile_files_are_refused_with_exit_2(run_cli, tmp_path: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    if kind == "zip-bom":
        path = _zip(tmp_path / "bom.docx", "word/document.xml", b" " * 30_000_000)
        expected = "zip-bom"
    elif kind == "xxe":
        path = _zip(tmp_path / "xxe.docx", "word/document.xml", XXE)
        expected = "DTD of entiteiten"
    elif kind == "odt-lachsalvo":
        path = _zip(tmp_path / "lol.odt", "content.xml", b'<!DOCTYPE l [<!ENTITY a "aaaa">'
                    b'<!ENTITY b "&a;&a;&a;&a;">]><l>&b;</l>')
        expected = "DTD of entiteiten"
    elif kind == "diep-docx":
        path = _zip(tmp_path / "diep.docx", "word/document.xml", DEEP_DOCX, level=0)
        expected = "dieper genest dan 200 niveaus"
    elif kind == "diep-odt":
        path = _zip(tmp_path / "diep.odt", "content.xml", DEEP_ODT, level=0)
        expected = "dieper genest dan 200 niveaus"
    elif kind in ("veel-docx", "veel-odt"):
        suffix, part, data = ((".docx", "word/document.xml", MANY_DOCX) if kind == "veel-docx"
                              else (".odt", "content.xml", MANY_ODT))
        path = _zip(tmp_path / f"veel{suffix}", part, data)
        expected = f"het {suffix}-bestand bevat meer dan 1.000.000 XML-elementen"
    elif kind == "groot":
        path = tmp_path / "groot.txt"
        with path.open("wb") as f:
            f.truncate(50_000_000)
        expected = "te groot (50 MB"
    elif kind == "extensie":
        path = tmp_path / "brief.pdf"
        path.write_bytes(b"%PDF-1.4")
        expected = "kan dit soort bestand niet lezen (.pdf)"
    elif kind == "geen-zip":
        path = tmp_path / "nep.docx"
        path.write_text("herstel", encoding="utf-8")
        expected = "geen geldig .docx-bestand"
    elif kind == "binair":
        path = tmp_path / "binair.txt"
        path.write_bytes(b"herstel\0\0\0")
        expected = "geen tekstbestand"
    else:
        path = tmp_path / "weg.txt"
        expected = "bestaat niet"
    code, out, err = run_cli("tekst", "--root", str(ROOT), str(path), str(DOCS / "brief.txt"))
    assert code == 2
    assert expected in err and str(path) in err and "Traceback" not in err
    assert "(1 bestand; 1 niet te lezen)" in out  # the other file is still checked


def test_a_windows_text_file_is_read(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "oud.txt"
    path.write_bytes("Één erkenning\r\nen herstel.\r\n".encode("cp1252"))
    code, out, _ = run_cli("tekst", "--root", str(ROOT), str(path))
    assert code == 0
    assert f"{path}:1:5: hint [begrip]" in out and f"{path}:2:4: hint [begrip]" in out


def test_a_root_without_concepts_is_a_usage_error(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run_cli("tekst", "--root", str(tmp_path), str(DOCS / "brief.txt"))
    assert code == 2 and "geen begrippen" in err


def test_ontraden_terms_are_not_linked_or_searched_but_shown(tmp_path: Path) -> None:
    from kennisbank.content.load import load
    from kennisbank.content.termen import TermIndex

    inhoud, _ = load(ROOT)
    assert TermIndex.of(inhoud).concepts_in("schadeloosstelling") == set()
