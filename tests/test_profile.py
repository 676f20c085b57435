"""Profiles that mean what they say (issue 27): under `profiel: skos` no house rule of this
programme, what NL-SBB or a SKOS convention asks only as a warning, what SKOS forbids still
an error; C1 control characters kept and every writer's output well-formed with them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from conftest import DATA
from kennisbank.checks.pipeline import HOUSE_ONLY, PROGRAMME_ONLY, RULES, check
from kennisbank.checks.profile import HOUSE_RULES, PROGRAMME_RULES
from kennisbank.content.load import load
from kennisbank.core.findings import Level
from kennisbank.skos.importer import import_file
from kennisbank.skos.mapping import serialize, to_triples

HUISREGELS = DATA / "huisregels"


def _copy(tmp_path: Path, profiel: str | None, source: Path = HUISREGELS) -> Path:
    root = tmp_path / "kader"
    shutil.copytree(source, root, ignore=shutil.ignore_patterns("verwacht*.txt"))
    if profiel:
        kader = root / "begrippen" / "_kader.yaml"
        kader.write_text(kader.read_text(encoding="utf-8") + f"profiel: {profiel}\n",
                         encoding="utf-8")
    return root


def test_every_house_rule_of_the_fixture_applies_under_nl_sbb(tmp_path: Path) -> None:
    _, findings = check(_copy(tmp_path, None))
    codes = {f.code for f in findings}
    # The two history rules need released tags: test_published_rules_are_house_rules.
    assert set(HOUSE_RULES) - {"gepubliceerd-begrip-weg", "versie-tag"} <= codes
    assert {f.code for f in findings if f.level is Level.FOUT} >= {
        "gelijkgestelde-begrippen", "koppeling-buiten-vocabulaires", "tegenstrijdige-koppeling",
        "ongeldig-teken", "alternatieve-term-is-voorkeursterm"}


def test_skos_applies_no_house_rule_and_warns_for_conventions(tmp_path: Path) -> None:
    _, findings = check(_copy(tmp_path, "skos"))
    assert not {f.code for f in findings} & set(HOUSE_RULES)
    assert [f for f in findings if f.level is Level.FOUT] == []
    by_code = {f.code: f for f in findings}
    assert set(by_code) == {"gelijkgestelde-begrippen", "koppeling-buiten-vocabulaires",
                            "tegenstrijdige-koppeling", "ongeldig-teken",
                            "alternatieve-term-is-voorkeursterm"}
    assert "broadMatch" in by_code["tegenstrijdige-koppeling"].message
    assert "richtingsteken" in by_code["ongeldig-teken"].message


def test_skos_keeps_what_skos_forbids_an_error(tmp_path: Path) -> None:
    """S27 (related and broader), S13 (a term both pref and alt), S46 (exactMatch with
    broadMatch) and S14 in overige_rdf, C0 control characters: errors under skos too."""
    root = _copy(tmp_path, "skos")
    begrippen = root / "begrippen"
    (begrippen / "spijt.yaml").write_text(
        "voorkeursterm: spijt\ndefinitie: \"Berouw\\x01.\"\nbreder: [compensatie]\n"
        "gerelateerd: [compensatie]\nalternatieve_termen:\n  nl: [spijt]\n"
        "koppelingen:\n  exactMatch: [https://example.com/a]\n  broadMatch: "
        "[https://example.com/a]\noverige_rdf: |\n  <https://example.org/id/begrip/spijt> "
        "<http://www.w3.org/2004/02/skos/core#prefLabel> \"berouw\"@nl .\n", encoding="utf-8")
    _, findings = check(root)
    errors = {(f.code, f.path) for f in findings if f.level is Level.FOUT}
    for code in ("breder-en-gerelateerd", "alternatieve-term-is-voorkeursterm",
                 "tegenstrijdige-koppeling", "skos-integriteit", "ongeldig-teken"):
        assert (code, "begrippen/spijt.yaml") in errors, code


def test_skos_integrity_of_an_imported_source_is_a_warning(tmp_path: Path) -> None:
    """Netbeheer's own data has related and broader on one pair (S27) twice: reported, but
    as the publisher's statement it does not stop the site."""
    folders, _ = import_file(DATA / "echt" / "energiesysteembeheer" /
                             "energiesysteembeheer.ttl", tmp_path / "uit")
    _, findings = check(folders[0])
    integrity = [f for f in findings if f.code == "skos-integriteit"]
    assert len(integrity) == 2
    assert {f.level for f in integrity} == {Level.WAARSCHUWING}


def test_house_only_rules_report_only_house_rules() -> None:
    """HOUSE_ONLY (not run under skos) may hold only rules whose every finding is a house
    rule; every case folder is tried."""
    assert HOUSE_ONLY <= set(RULES)
    for folder in sorted(DATA.iterdir()):
        if not (folder / "begrippen").is_dir():
            continue
        inhoud, _ = load(folder)
        for rule in HOUSE_ONLY:
            codes = {f.code for f in rule(inhoud)}
            assert codes <= set(HOUSE_RULES), (folder.name, rule.__name__, codes)


PROGRAMMAREGELS = DATA / "programmaregels"


def _with_profile(tmp_path: Path, source: Path, profiel: str | None) -> Path:
    """A copy of `source` whose kader states `profiel` (or none at all)."""
    root = tmp_path / "kader"
    shutil.copytree(source, root, ignore=shutil.ignore_patterns("verwacht*.txt"))
    kader = root / "begrippen" / "_kader.yaml"
    lines = [line for line in kader.read_text(encoding="utf-8").splitlines()
             if not line.startswith("profiel:")]
    kader.write_text("\n".join([*lines, *([f"profiel: {profiel}"] if profiel else [])]) + "\n",
                     encoding="utf-8")
    return root


def test_every_programme_rule_of_the_fixture_applies_under_its_profile() -> None:
    _, findings = check(PROGRAMMAREGELS)
    assert {f.code for f in findings} == set(PROGRAMME_RULES)


@pytest.mark.parametrize("profiel", [None, "nl-sbb", "skos"])
def test_other_profiles_apply_no_programme_rule(tmp_path: Path, profiel: str | None) -> None:
    """The programme's rules are for its own kader: a project of `kennisbank init` (nl-sbb)
    and another organisation's vocabulary (skos) get none of them."""
    _, findings = check(_with_profile(tmp_path, PROGRAMMAREGELS, profiel))
    assert not {f.code for f in findings} & set(PROGRAMME_RULES)


def test_a_real_imported_vocabulary_gets_no_programme_rule(tmp_path: Path) -> None:
    """Netbeheer's begrippenkader imported (profiel: skos) gets none of the programme's rules;
    the same content under the programme's profile gets many, so the rules did look at it."""
    folders, _ = import_file(DATA / "echt" / "netbeheer" / "begrippenkader.ttl",
                             tmp_path / "uit")
    imported, findings = check(folders[0])
    assert imported.kader is not None and imported.kader.profiel == "skos"
    assert not {f.code for f in findings} & set(PROGRAMME_RULES)
    assert [f for f in findings if f.level is Level.FOUT] == []
    _, as_ours = check(_with_profile(tmp_path / "als-programma", folders[0],
                                     "erkenning-en-herstel"))
    assert {"ontbrekende-taal", "breder-zonder-soort", "bron-zonder-vindplaats",
            "definitie-te-kort"} <= {f.code for f in as_ours}


def test_programme_only_rules_report_only_programme_rules() -> None:
    """PROGRAMME_ONLY (run only under erkenning-en-herstel) may hold only rules whose every
    finding is a programme rule, and no code is both a house rule and a programme rule."""
    assert PROGRAMME_ONLY <= set(RULES)
    assert not set(HOUSE_RULES) & set(PROGRAMME_RULES)
    for folder in sorted(DATA.iterdir()):
        if not (folder / "begrippen").is_dir():
            continue
        inhoud, _ = load(folder)
        for rule in PROGRAMME_ONLY:
            codes = {f.code for f in rule(inhoud)}
            assert codes <= set(PROGRAMME_RULES), (folder.name, rule.__name__, codes)


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,  # noqa: S603,S607
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                        "HOME": str(root), "PATH": "/usr/bin:/bin"})


@pytest.mark.parametrize("profiel", ["nl-sbb", "skos"])
def test_published_rules_are_house_rules(tmp_path: Path, profiel: str) -> None:
    root = _copy(tmp_path, profiel, DATA / "skos-volledig")
    kader = root / "begrippen" / "_kader.yaml"
    kader.write_text(kader.read_text(encoding="utf-8").replace("versie: 1.10",
                                                               "versie: 1.0.0"),
                     encoding="utf-8")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "eerste versie")
    _git(root, "tag", "v1.0.0")
    (root / "begrippen" / "excuses.yaml").unlink()
    kader.write_text(kader.read_text(encoding="utf-8").replace("versie: 1.0.0",
                                                               "versie: 0.9"),
                     encoding="utf-8")
    _, findings = check(root)
    codes = {f.code for f in findings}
    if profiel == "skos":
        assert not codes & {"gepubliceerd-begrip-weg", "versie-tag"}
    else:
        assert {"gepubliceerd-begrip-weg", "versie-tag"} <= codes


def _set_definition(root: Path, value: str) -> None:
    """Replace the one-line definitie of begrippen/excuses.yaml by `value` (YAML)."""
    path = root / "begrippen" / "excuses.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("definitie:")
    end = text.index("\n", start)
    path.write_text(f"{text[:start]}definitie: {value}{text[end:]}", encoding="utf-8")


C1 = "\x80\x84\x85\x9f\x7f"


def test_c1_controls_are_kept_and_every_writer_writes_them_well_formed(
        tmp_path: Path) -> None:
    """U+0080–U+009F and DEL are legal in XML 1.0 and Turtle: no finding, and each writer's
    output parses back (rdflib and, for RDF/XML, a plain XML parser) to the same text."""
    import xml.dom.minidom

    root = _copy(tmp_path, "skos", DATA / "skos-volledig")
    _set_definition(root, '"Met \\x84 en \\x85 en \\x9f en \\x7f en \\x80."')
    inhoud, findings = check(root)
    assert [f for f in findings if f.level is Level.FOUT] == []
    assert not [f for f in findings if f.code == "ongeldig-teken"]
    wanted = inhoud.begrippen["excuses"].definitie["nl"]
    assert all(c in wanted for c in C1)
    for fmt, name in (("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld"),
                      ("rdfxml", "xml")):
        data = serialize(to_triples(inhoud), fmt)
        assert not any(c.encode("utf-8") in data for c in C1), f"{fmt} writes C1 raw"
        graph = Graph().parse(data=data, format=name)
        assert Literal(wanted, lang="nl") in set(graph.objects(None, SKOS.definition)), fmt
        if fmt == "rdfxml":
            xml.dom.minidom.parseString(data)  # noqa: S318 (our own output)


def test_c0_controls_stay_refused(tmp_path: Path) -> None:
    root = _copy(tmp_path, "skos", DATA / "skos-volledig")
    _set_definition(root, '"Met \\x01 erin."')
    _, findings = check(root)
    assert [(f.code, f.level) for f in findings if "U+0001" in f.message] == [
        ("ongeldig-teken", Level.FOUT)]


def test_import_of_a_turtle_file_with_c1_round_trips(tmp_path: Path) -> None:
    source = tmp_path / "c1.ttl"
    source.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<http://example.org/s> a skos:ConceptScheme .\n"
        "<http://example.org/c> a skos:Concept ; skos:inScheme <http://example.org/s> ;\n"
        "  skos:prefLabel \"Stra\\u0084e\"@de ; skos:definition \"Eine \\u0085 Zeile\"@de .\n",
        encoding="utf-8")
    folders, _ = import_file(source, tmp_path / "uit")
    inhoud, findings = check(folders[0])
    assert [f for f in findings if f.level is Level.FOUT] == []
    exported = Graph().parse(data=serialize(to_triples(inhoud), "rdfxml"), format="xml")
    concept = URIRef("http://example.org/c")
    assert Literal("Stra\x84e", lang="de") in set(exported.objects(concept, SKOS.prefLabel))
    assert Literal("Eine \x85 Zeile", lang="de") in set(
        exported.objects(concept, SKOS.definition))
