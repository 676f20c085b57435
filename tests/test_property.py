"""Property-based: concept files with arbitrary Unicode in every field. `check` never
crashes, and whatever it accepts exports in all four formats to RDF that rdflib parses back
to the very graph the model gives."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import DATA
from kennisbank.checks.pipeline import check
from kennisbank.content.model import Inhoud
from kennisbank.core.findings import Finding, Level
from kennisbank.skos.mapping import serialize, to_triples

FORMATS = {"turtle": "turtle", "jsonld": "json-ld", "rdfxml": "xml", "ntriples": "nt"}
# Characters that a check must refuse or that break parsers, surrogates included (YAML's
# \u escapes can produce them).
NASTY = st.sampled_from(["\x00", "\x01", "\x02", "\x03", "\x7f", "\x85", "\u2028", "\u202e",
                         "\u200b", "\ufeff", "\ufffe", "\ud800", "\n", "\r", "\t"])
# Characters a check accepts but that writers must escape or keep exactly.
TRICKY = st.sampled_from(["<", ">", "&", '"', "'", "\\", "]]>", "</script>", "{: #x }",
                          "[a](b)", "\U0001f600", "é", "e\u0301", "\u2028", "\u202e",
                          "\u00ad", "@nl", "^^", "_:b0", "<http://x>", '"""', "'''", "\n",
                          "\t", "%20", "\\u0041"])
PRINTABLE = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=8)
ACCEPTABLE = st.lists(st.one_of(PRINTABLE, TRICKY), min_size=1, max_size=5).map(
    "".join).filter(str.strip)
ANYTHING = st.lists(st.one_of(st.text(min_size=1, max_size=8), NASTY, TRICKY), min_size=1,
                    max_size=6).map("".join)
LANGS = st.sampled_from(["en", "fy", "de-DE", "zh-Hant-TW"])
ANY_LANG = st.one_of(LANGS, st.sampled_from(["nl\n", "x", "", "EN", "nl"]))


def _scalar(value: str) -> str:
    """A YAML double-quoted scalar: JSON's escapes are YAML's."""
    return json.dumps(value, ensure_ascii=False)


@st.composite
def concept_file(draw: st.DrawFn, text: st.SearchStrategy[str],
                 lang: st.SearchStrategy[str]) -> str:
    lines = [f"voorkeursterm: {{{_scalar(draw(lang))}: {_scalar(draw(text))}, "
             f"nl: {_scalar(draw(text))}}}",
             f"definitie: {_scalar(draw(text))}"]
    for key in ("uitleg", "toelichting"):
        if draw(st.booleans()):
            lines.append(f"{key}: {_scalar(draw(text))}")
    for key in ("alternatieve_termen", "zoektermen", "voorbeelden"):
        if draw(st.booleans()):
            items = draw(st.lists(text, min_size=1, max_size=3))
            lines.append(f"{key}: [{', '.join(_scalar(i) for i in items)}]")
    if draw(st.booleans()):
        lines.append(f"bronnen:\n  - titel: {_scalar(draw(text))}\n"
                     f"    citatie: {_scalar(draw(text))}")
    if draw(st.booleans()):
        target = draw(st.sampled_from(["herstel", "herstel\n", "x"]))
        lines.append(f"breder: [{_scalar(target)}]")
    return "\n".join(lines) + "\n"


def _checked(files: list[str], root: Path) -> tuple[Inhoud, list[Finding]]:
    shutil.copytree(DATA / "geldig" / "begrippen", root / "begrippen")
    # herstel's closeMatch target is in vocabulaires/ (outside it is an error under nl-sbb)
    shutil.copytree(DATA / "geldig" / "vocabulaires", root / "vocabulaires")
    for i, text in enumerate(files):
        (root / "begrippen" / f"gegenereerd-{i}.yaml").write_text(text, encoding="utf-8",
                                                                   errors="surrogatepass")
    inhoud, findings = check(root)
    for finding in findings:  # every finding points into a file
        assert finding.path.startswith("begrippen/"), finding
        assert finding.line >= 1 and finding.column >= 1, finding
    return inhoud, findings


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(concept_file(ANYTHING, ANY_LANG), min_size=1, max_size=3))
def test_check_never_crashes(files: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _checked(files, Path(tmp))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(concept_file(ACCEPTABLE, LANGS), min_size=1, max_size=3))
def test_what_check_accepts_round_trips_in_every_format(files: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        inhoud, findings = _checked(files, Path(tmp))
        errors = [f for f in findings if f.level is Level.FOUT]
        event("refused" if errors else "accepted")
        assume(not errors)  # e.g. the same term twice, or an unknown breder
        triples = to_triples(inhoud)
        expected = Graph()
        for triple in triples:
            expected.add(triple)
        for fmt, rdflib_format in FORMATS.items():
            parsed = Graph().parse(data=serialize(triples, fmt), format=rdflib_format)
            assert isomorphic(parsed, expected), fmt
