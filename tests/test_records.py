"""Records built straight from the parser's events (content.records) against the usual
compose-and-parse (yamlsource + fields): where the direct path takes a file, the record,
every place in it and their order are the same, and the usual parse finds nothing; where it
gives up, the usual parse runs and reports. Every YAML file of tests/data and of the
repository, hostile variants of a concept, and whole projects loaded both ways."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import DATA
from kennisbank.content import load as load_module
from kennisbank.content.fields import Record
from kennisbank.content.load import load
from kennisbank.content.model import BEGRIP, KADER, LEIDRAAD, STAP, VOCABULAIRE
from kennisbank.content.records import build_record
from kennisbank.content.schema import Ctx, Missing
from kennisbank.content.yamlsource import parse_document
from kennisbank.core.findings import Finding

REPO = Path(__file__).resolve().parent.parent
RECORDS = {"begrippen": BEGRIP, "leidraad": STAP, "vocabulaires": VOCABULAIRE}


def _record(path: Path) -> Record | None:
    if path.name == "_kader.yaml":
        return KADER
    if path.name == "_leidraad.yaml":
        return LEIDRAAD
    return RECORDS.get(path.parent.name)


CONTENT = sorted((p, record) for base in (DATA, *(REPO / name for name in RECORDS))
                 for p in base.rglob("*.yaml") if (record := _record(p)) is not None)
PROJECTS = sorted({p.parent for p in DATA.rglob("begrippen") if p.is_dir()} | {REPO})


def _usual(data: bytes, record: Record) -> tuple[Any, list[Finding]]:
    findings: list[Finding] = []
    node = parse_document(data, "x.yaml", findings)
    if node is None:
        return None, findings
    ctx = Ctx("x.yaml", findings)
    value = record.parse(node, ctx, "")
    if isinstance(value, Missing):
        return None, findings
    value.locs = ctx.locs
    return value, findings


def _same(data: bytes, record: Record) -> bool:
    """True when the direct path took the file (and agreed), False when it gave up."""
    direct = build_record(data, record)
    if direct is None:
        return False
    value, findings = _usual(data, record)
    assert findings == []
    direct_value, locs = direct
    direct_value.locs = locs
    assert direct_value == value
    assert list(locs.items()) == list(value.locs.items())
    return True


def test_every_content_file_gives_the_same_record_both_ways() -> None:
    taken = [path for path, record in CONTENT if _same(path.read_bytes(), record)]
    clean = [path for path, record in CONTENT if _usual(path.read_bytes(), record)[1] == []]
    # The direct path is no dead code: it takes every clean file but a kader with
    # collecties or kaders (a map of records), which it leaves to the usual parse.
    assert len(CONTENT) > 300
    left = [path for path in clean if path not in taken]
    assert all(path.name == "_kader.yaml" for path in left), left
    assert len(taken) > 0.8 * len(clean)


CONCEPT = """\
voorkeursterm:
  nl: schade herstel
  en: damage repair
definitie: Handeling waarmee de overheid schade van een burger vergoedt.
uitleg: >-
  Uitleg over herstel,
  in twee regels.
toelichting: |
  Regel een.
  Regel twee.
alternatieve_termen: [herstel, 'vergoeding']
zoektermen:
  nl: [herstellen]
  en: [repairs]
voorbeelden:
  - Een "voorbeeld" met een # erin
bronnen:
  - titel: Bron
    url: https://example.org/bron
  - citatie: Kamerstuk 1
    uri: https://example.org/id/1
breder: [herstel]
gerelateerd:
  - erkenning
collecties: [c0]
koppelingen:
  exactMatch: [https://example.org/ander/1]
status: ontwerp
buiten_hoofdkader: false
"""
# Each edit of the concept above: (what it replaces, with what); most are something the
# usual parse reports, some only look unusual (a BOM, quotes, an empty list, '%YAML 1.1').
EDITS = [
    ("", ""), ("", "\ufeff"), ("status: ontwerp", "status: onbekend"),
    ("status: ontwerp", "status: ~"), ("status: ontwerp", "status: 'ontwerp'"),
    ("status: ontwerp", "status: !!str ontwerp"), ("status: ontwerp", "status: &a ontwerp"),
    ("breder: [herstel]", "breder: &b [herstel]\nkaders: *b"),
    ("breder: [herstel]", "breder: [Herstel]"), ("breder: [herstel]", "breder: herstel"),
    ("breder: [herstel]", "breder: []"), ("breder: [herstel]", "breder: [[herstel]]"),
    ("breder: [herstel]", "breder: {a: b}"), ("breder: [herstel]", "breder:"),
    ("breder: [herstel]", "breder: [herstel]\nbreder: [erkenning]"),
    ("breder: [herstel]", "bredr: [herstel]"), ("breder: [herstel]", "<<: {a: b}"),
    ("breder: [herstel]", "? [a]\n: b"), ("breder: [herstel]", "null: x"),
    ("  nl: schade herstel", "  nl: schade herstel\n  nl: ander"),
    ("  nl: schade herstel", "  engels: schade herstel"),
    ("  nl: schade herstel", "  nl: ''"), ("  nl: schade herstel", "  nl:  "),
    ("  nl: schade herstel", "  nl: [a]"), ("  nl: schade herstel", "  no: noors"),
    ("  nl: schade herstel", "  nl: " + "x" * 301),
    ("  nl: schade herstel", "  nl: \"schade\\u0001\""),
    ("  nl: schade herstel", "  nl: \"schade\\u202e\""),
    ("voorkeursterm:\n  nl: schade herstel\n  en: damage repair", "voorkeursterm: {}"),
    ("voorkeursterm:\n  nl: schade herstel\n  en: damage repair", "voorkeursterm: yes"),
    ("voorkeursterm:\n  nl: schade herstel\n  en: damage repair\n", ""),
    ("definitie: Handeling", "definitie: - Handeling"), ("zoektermen:", "zoektermen: {}\nx:"),
    ("  nl: [herstellen]", "  nl: []"), ("  nl: [herstellen]", "  nl: herstellen"),
    ("  nl: [herstellen]", "  xx-1: [herstellen]"), ("  - titel: Bron\n", "  - x: Bron\n"),
    ("  - titel: Bron\n    url: https://example.org/bron\n", "  - {}\n"),
    ("    url: https://example.org/bron", "    url: ftp://example.org/bron"),
    ("    url: https://example.org/bron", "    url: https://example.org/b ron"),
    ("buiten_hoofdkader: false", "buiten_hoofdkader: 'false'"),
    ("buiten_hoofdkader: false", "buiten_hoofdkader: On"),
    ("buiten_hoofdkader: false", "buiten_hoofdkader: y"),
    ("  exactMatch: [https://example.org/ander/1]", "  exactMatch: [x]"),
    ("status: ontwerp\n", "status: ontwerp\n---\nstatus: ontwerp\n"),
    ("status: ontwerp\n", "status: ontwerp\n...\n"), ("status: ontwerp\n", "status: 'open\n"),
    ("status: ontwerp\n", "status: ontwerp\n\tx: y\n"), ("status: ontwerp\n", "%YAML 1.1\n"),
    ("uitleg: >-", "uitleg: !tekst >-"), ("uitleg: >-", "uitleg: ! >-"),
    ("definitie: Handeling", "definitie: " + "a" * 20_001),
    ("bronnen:", "bronnen: !!seq"), ("koppelingen:", "koppelingen: !!map"),
    ("voorkeursterm:", "%TAG !e! tag:example.org,2000:\n---\nvoorkeursterm: !e!x"),
    ("definitie: Handeling", "definitie: \"\\ud800\""), ("definitie: ", "definitie: null #"),
]


@pytest.mark.parametrize("edit", range(len(EDITS)))
def test_edits_of_a_concept_give_the_same_result_both_ways(edit: int) -> None:
    old, new = EDITS[edit]
    text = CONCEPT.replace(old, new, 1) if old else new + CONCEPT
    assert old == "" or old in CONCEPT
    data = text.encode("utf-8", "surrogatepass")
    # The direct path takes exactly what the usual parse finds nothing in, but for an
    # explicit tag (even a standard one such as !!str), which it leaves to the usual parse.
    clean = _usual(data, BEGRIP)[1] == []
    assert _same(data, BEGRIP) == (clean and "!" not in new)
    assert clean == (edit in (0, 1, 4, 5, 10, 24, 27, 29, 33, 41, 50, 52, 53))


def test_a_file_that_is_no_utf8_is_left_to_the_usual_parse() -> None:
    assert build_record(CONCEPT.encode("latin-1", "replace") + b"\xff", BEGRIP) is None
    assert _usual(b"definitie: \xff", BEGRIP)[1][0].code == "geen-utf8"


@pytest.mark.parametrize("root", PROJECTS, ids=lambda p: p.name)
def test_every_project_loads_the_same_both_ways(root: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    direct = load(root)
    monkeypatch.setattr(load_module, "DIRECT", False)
    usual = load(root)
    assert direct[1] == usual[1]
    assert direct[0] == usual[0]
    for ident, begrip in usual[0].begrippen.items():
        assert list(direct[0].begrippen[ident].locs.items()) == list(begrip.locs.items())
