"""`kennisbank match` on real Dutch vocabularies (tests/data/echt/, sources in SOURCE.md):
pins the quality judged in dev/match.md ("Match judged by a reader")."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kennisbank.checks.pipeline import check
from kennisbank.content.vocabulaires import concepts, parse_rdf
from kennisbank.skos.importer import import_file
from kennisbank.skos.match import Candidate, candidates

ROOT = Path(__file__).parent.parent
ECHT = Path(__file__).parent / "data" / "echt"
NETBEHEER = ECHT / "netbeheer" / "begrippenkader.ttl"
ENERGIE = ECHT / "energiesysteembeheer" / "energiesysteembeheer.ttl"
E = "https://begrippen.netbeheernederland.nl/energiesysteembeheer/nl/page/"


@pytest.fixture(scope="module")
def netbeheer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Netbeheer's begrippenkader imported as a kennisbank, Energiesysteembeheer in its
    vocabulaires/."""
    folders, _ = import_file(NETBEHEER, tmp_path_factory.mktemp("nb") / "kader")
    (root,) = folders
    (root / "vocabulaires").mkdir()
    shutil.copy(ENERGIE, root / "vocabulaires" / "energiesysteembeheer.ttl")
    (root / "vocabulaires" / "energiesysteembeheer.yaml").write_text(
        "naam: Energiesysteembeheer\nbron: https://github.com/sefanja/begrippenkaders\n"
        "opgehaald: 2026-12-03\nbestand: energiesysteembeheer.ttl\n", encoding="utf-8")
    return root


def _visible(found: list[Candidate]) -> list[tuple[str, str, str]]:
    return [(c.ours, c.iri, c.relation) for c in found if not c.definition_only]


def test_netbeheer_against_energiesysteembeheer(netbeheer: Path) -> None:
    inhoud, _ = check(netbeheer)
    found = candidates(inhoud, concepts(parse_rdf(ENERGIE), "energiesysteembeheer"))
    visible = _visible(found)
    top = visible[:20]
    # The top 20: the same term with the same definition (judged correct in dev/match.md).
    assert all(rel == "exactMatch" and iri == E + ours for ours, iri, rel in top)
    assert ("aansluiting", E + "aansluiting", "exactMatch") in top
    # Below: what differs between the two editions, proposed as a link to check, never exact.
    assert {(ours, iri.removeprefix(E), rel) for ours, iri, rel in visible
            if rel != "exactMatch"} == {
        ("opregel-of-afregelaanbod", "opregel-of-afregelaanbod", "closeMatch"),
        ("collectief-capaciteitssturingscontract", "collectief-capaciteitsbeperkingscontract",
         "relatedMatch"),
        ("groepscapaciteitssturingscontract", "groepscapaciteitsbeperkingscontract",
         "relatedMatch"),
        # Their 'meter' is a zoekterm of meetinrichting: related (dev/match.md judged a
        # closeMatch only plausible, the device inside the installation).
        ("meetinrichting", "meter", "relatedMatch"),
        ("meter", "meetinrichting", "relatedMatch"),
        ("capaciteitssturingscontract", "capaciteitsbeperkingscontract", "relatedMatch")}
    # Siblings that share definition words are wrong; they are hidden by default.
    for ours, theirs in [("private-laadinstallatie", "publieke-laadinstallatie"),
                         ("hoogspanning", "tussenspanning"),
                         ("standaardjaarafname", "standaardjaarinvoeding"),
                         ("financieel-advies", "juridisch-advies")]:
        pair = next(c for c in found if (c.ours, c.iri) == (ours, E + theirs))
        assert pair.definition_only and (ours, E + theirs, pair.relation) not in visible


def test_our_begrippen_against_netbeheer_propose_no_exact_match() -> None:
    """The issue's failure: definition overlap on common words ('besluit') ranked first and
    --write wrote label-only exactMatches. Now: nothing exact, only label evidence shown."""
    inhoud, _ = check(ROOT)
    for path in (NETBEHEER, ENERGIE):
        found = candidates(inhoud, concepts(parse_rdf(path), path.stem))
        assert not [c for c in found if c.relation == "exactMatch"]
        visible = _visible(found)
        assert len(visible) <= 16 < len(found)  # most are definition words alone: hidden
        # Across the two domains only a hierarchical proposal reaches the threshold of --write
        # --drempel 0.6 (their archiefstuk is defined as a kind of our document); a shared
        # genus word ('proces') or head ('compensatie') with unrelated definitions ranks
        # below the same voorkeursterm.
        assert {c.relation for c in found if c.score >= 0.6} <= {"broadMatch", "narrowMatch"}
        assert all(c.score < 0.5 for c in found if c.reason.endswith("andere definitie")
                   and c.relation != "closeMatch")
        schade = next(c for c in found if c.ours == "schadevergoeding"
                      and c.label == "schadevergoeding")
        assert schade.relation == "closeMatch" and schade.score < 0.6  # a narrower concept


def test_write_on_real_vocabularies_respects_the_threshold(netbeheer: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    inhoud, _ = check(netbeheer)
    vocab = netbeheer / "vocabulaires" / "energiesysteembeheer.ttl"
    found = candidates(inhoud, concepts(parse_rdf(vocab), "energiesysteembeheer"))
    expected = {(c.ours, c.iri) for c in found if not c.definition_only and c.score >= 0.6}
    code, out, _ = run_cli("match", str(vocab), "--root", str(netbeheer), "--write",
                           "--drempel", "0.6", "--limit", "1")
    assert code == 0, out
    after, findings = check(netbeheer)
    written = {(ident, iri) for ident, b in after.begrippen.items()
               for _, _, iri in b.koppelingen.items() if iri.startswith(E)}
    assert written == expected
    assert ("meter", E + "meetinrichting") not in written  # 0.50
    assert ("opregel-of-afregelaanbod", E + "opregel-of-afregelaanbod") in written  # 0.75
    assert re.search(rf"{len(written)} koppeling(en)? geschreven", out)


def test_match_doc_example_nl_sbb(run_cli) -> None:  # type: ignore[no-untyped-def]
    example = ROOT / "standards" / "nl-sbb" / "nl-sbb-thesaurus.example.ttl"
    inhoud, _ = check(ROOT)
    # The example in dev/match.md predates issue 29's link begrippenkader → ConceptScheme
    # (broadMatch, judged by reading); a mapped pair is never proposed again, so the example is
    # matched against the content without that link, and the CLI no longer shows it.
    linked = inhoud.begrippen["begrippenkader"]
    assert "http://begrippen.nlbegrip.nl/sbb/id/concept/ConceptScheme" in {
        iri for _, _, iri in linked.koppelingen.items()}
    linked.koppelingen = type(linked.koppelingen)()
    found = candidates(inhoud, concepts(parse_rdf(example), "nl-sbb"))
    assert not [c for c in found if c.relation == "exactMatch"]
    first = _visible(found)[0]
    assert first == ("begrippenkader", "http://begrippen.nlbegrip.nl/sbb/id/concept/"
                     "ConceptScheme", "closeMatch")
    _, out, _ = run_cli("match", str(example), "--root", str(ROOT), "--limit", "1")
    flat = " ".join(out.split())
    assert "concept/ConceptScheme" not in out
    # Next best: NL-SBB defines a thesaurus as a kind of begrippenkader (the genus).
    assert "begrippenkader narrowMatch thesaurus" in flat
    assert "ons: Samenhangende verzameling" in flat and "| hun: Een thesaurus is" in flat
    assert "die alleen op woorden in de definities berusten verborgen" in flat
    assert "overlap in definitie" not in out
    _, out, _ = run_cli("match", str(example), "--root", str(ROOT), "--definities")
    assert "overlap in definitie" in out
