"""The eleventh attack (issue 24, December 2026): each finding reproduced as a test of what
should happen, marked xfail(strict=True) with the finding's id until it is fixed (then the
mark goes and the test guards the fix).

Every case runs the real CLI in a subprocess on a fresh project made by `kennisbank init` in
a temporary folder (or a vocabulary file in one), with a time limit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import SKOS, Graph, Literal, URIRef

# The CLI runner and the freshly initialised project of the fourth round.
from test_attack_round4 import _cli, _no_traceback, project  # noqa: F401, F811 (a fixture)

BASE = "https://begrippen.example.org/id/begrip/"
SCHEME_IRI = "https://begrippen.example.org/id/begrippenkader/aanval"


# -- R11-1 (medium): a concept takes another concept's (or the scheme's) IRI -------------
# `uri:` in a concept file gives it an own IRI, and nothing compares it with the IRIs the
# other concepts get from `basis_uri` (or with the scheme's). A pull request that adds one
# file, `begrippen/tweede.yaml` with `uri: <the IRI of voorbeeldbegrip>`, passes `check` (exit
# 0) and `build`: the export merges both concepts into one node with two skos:prefLabel in
# one language (what SKOS forbids, S14), `downloads/iris.json` lists the IRI twice, and the
# generated nginx/Apache configuration answers the existing, published IRI with the new
# concept's page (Apache and nginx both, checked live in this round). The same with the
# scheme's IRI makes one node both skos:Concept and skos:ConceptScheme (disjoint, S9).

@pytest.mark.parametrize("taken", [BASE + "voorbeeldbegrip", SCHEME_IRI])
def test_r11_1_a_concept_cannot_take_an_iri_that_is_already_used(
        project: Path, tmp_path: Path, taken: str) -> None:  # noqa: F811
    (project / "begrippen" / "tweede.yaml").write_text(
        f"uri: {taken}\nvoorkeursterm: tweede begrip\n"
        "definitie: Een tweede begrip dat een bestaande IRI overneemt.\nstatus: ontwerp\n",
        encoding="utf-8")
    exported = _cli("export", "--root", str(project), "--format", "turtle", "-o",
                    str(tmp_path / "kader.ttl"), cwd=tmp_path)
    _no_traceback(exported)
    if exported.returncode == 0:  # what the export published under that one IRI
        graph = Graph().parse(tmp_path / "kader.ttl", format="turtle")
        labels = sorted(str(o) for o in graph.objects(URIRef(taken), SKOS.prefLabel)
                        if isinstance(o, Literal) and o.language == "nl")
        types = set(graph.objects(URIRef(taken), URIRef(
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")))
        assert len(labels) <= 1 and not {SKOS.Concept, SKOS.ConceptScheme} <= types, (
            f"één IRI, twee dingen: {labels} {sorted(types)}")
    check = _cli("check", "--root", str(project), cwd=tmp_path)
    _no_traceback(check)
    assert check.returncode == 1, check.stdout
    assert "begrippen/tweede.yaml" in check.stdout and taken in check.stdout


# -- R11-2 (medium): a JSON-LD @context in a nested list is read from a local file ---------
# rdf.parse refuses a JSON-LD `@context` (or `@import`) that names another document, but
# `_remote_contexts` looks only at a string or at strings directly in a list. rdflib also
# takes `"@context": [["file:///…"]]` (a list in a list) and loads it with urllib, and
# `file:` needs no socket, so `no_network` does not stop it either. A vocabulary handed to
# `kennisbank import` (or committed into vocabulaires/, read by `check` and `build`) thus makes
# kennisbank read any local path: a JSON file with an `@context` is applied as the context
# (below: its term decides the preferred label), and the message for a path that exists
# differs from the one for a path that does not (an oracle in a CI log). Contents of other
# files were not seen in any output.

CONTEXT = {"@context": {"GELEZEN": "http://www.w3.org/2004/02/skos/core#prefLabel",
                        "id": "@id", "type": "@type"}}


def _vocabulary(context: object) -> dict[str, object]:
    skos = "http://www.w3.org/2004/02/skos/core#"
    return {"@context": context, "@graph": [
        {"id": "https://voc.example.org/s", "type": skos + "ConceptScheme",
         "GELEZEN": {"@value": "Schema", "@language": "nl"}},
        {"id": "https://voc.example.org/c1", "type": skos + "Concept",
         "GELEZEN": {"@value": "uit het lokale bestand", "@language": "nl"},
         skos + "inScheme": {"id": "https://voc.example.org/s"},
         skos + "topConceptOf": {"id": "https://voc.example.org/s"}}]}


@pytest.mark.parametrize("shape", ["lijst-in-lijst", "lijst-in-lijst-in-lijst"])
def test_r11_2_a_jsonld_context_in_a_nested_list_is_refused(tmp_path: Path,
                                                             shape: str) -> None:
    local = tmp_path / "elders" / "context.json"
    local.parent.mkdir()
    local.write_text(json.dumps(CONTEXT), encoding="utf-8")
    reference: object = [[local.as_uri()]]
    if shape == "lijst-in-lijst-in-lijst":
        reference = [reference]
    source = tmp_path / "vocabulaire.jsonld"
    source.write_text(json.dumps(_vocabulary(reference)), encoding="utf-8")
    out = tmp_path / "uit"
    done = _cli("import", str(source), "--out", str(out), cwd=tmp_path)
    _no_traceback(done)
    read = [p for p in out.rglob("*.yaml") if "uit het lokale bestand" in p.read_text(
        encoding="utf-8")] if out.is_dir() else []
    assert read == [], "de context is uit een lokaal bestand gelezen"
    assert done.returncode == 1 and "vocabulaire.jsonld" in done.stdout + done.stderr
    assert "@context" in done.stdout + done.stderr and not out.exists()


def test_r11_2_the_same_context_as_a_string_or_a_flat_list_is_refused(tmp_path: Path) -> None:
    # What held: the shapes `_remote_contexts` knows, a byte-order mark, and a relative name.
    local = tmp_path / "context.json"
    local.write_text(json.dumps(CONTEXT), encoding="utf-8")
    shapes = {"tekst": local.as_uri(), "lijst": [local.as_uri()], "relatief": "context.json",
              "import": {"@import": local.as_uri()},
              "genest": {"x": {"@id": "https://x.example/x", "@context": local.as_uri()}}}
    for name, reference in shapes.items():
        source = tmp_path / f"{name}.jsonld"
        source.write_text(json.dumps(_vocabulary(reference)), encoding="utf-8")
        done = _cli("import", str(source), "--out", str(tmp_path / f"uit-{name}"),
                    cwd=tmp_path)
        _no_traceback(done)
        assert done.returncode == 1, (name, done.stdout, done.stderr)
        assert f"{name}.jsonld" in done.stdout + done.stderr
        assert not (tmp_path / f"uit-{name}").exists()
