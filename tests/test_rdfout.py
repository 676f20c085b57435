"""Our RDF writers against rdflib's parsers: every output parses back to the same graph."""

from __future__ import annotations

import random

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS, XSD

from conftest import REPO
from kennisbank.rdf.write import WRITERS
from kennisbank.skos.mapping import PREFIX_IRIS

PARSE_AS = {"turtle": "turtle", "jsonld": "json-ld", "rdfxml": "xml", "ntriples": "nt"}
EX = Namespace("https://example.org/id/begrip/")


def _tricky() -> Graph:
    g = Graph()
    a, b = EX.a, URIRef("https://example.org/pad/met?query=1&x=2")
    shared, nested, deeper, lonely = BNode("gedeeld"), BNode("genest"), BNode("dieper"), BNode()
    g.add((a, RDF.type, SKOS.Concept))
    g.add((a, SKOS.prefLabel, Literal('aanhalingstekens "zo" en \\ schuine streep', lang="nl")))
    g.add((a, SKOS.prefLabel, Literal("tab\tnieuwe regel\nen terug\r", lang="nl-BE")))
    g.add((a, SKOS.altLabel, Literal("ünïcödé € – ‘quotes’ <tag> & amp", lang="fy")))
    g.add((a, SKOS.notation, Literal("12")))
    g.add((a, SKOS.notation, Literal("12", datatype=XSD.string)))
    g.add((a, URIRef("http://www.w3.org/2002/07/owl#deprecated"), Literal(True)))
    g.add((a, SKOS.related, b))
    g.add((a, SKOS.related, URIRef("https://example.org/eindigt/op/slash/")))
    g.add((a, SKOS.related, URIRef("https://example.org/123begint-met-cijfer")))
    g.add((a, URIRef("https://example.org/ns/eigen-eigenschap"), Literal("x")))
    g.add((a, SKOS.note, nested))
    g.add((nested, SKOS.note, deeper))
    g.add((deeper, SKOS.prefLabel, Literal("diep")))
    g.add((a, SKOS.example, shared))
    g.add((b, SKOS.example, shared))
    g.add((shared, SKOS.prefLabel, Literal("twee keer gebruikt")))
    g.add((lonely, SKOS.prefLabel, Literal("alleen onderwerp")))
    return g


@pytest.mark.parametrize("fmt", WRITERS)
def test_tricky_graph_round_trips(fmt: str) -> None:
    graph = _tricky()
    data = WRITERS[fmt](graph, PREFIX_IRIS)
    assert isomorphic(Graph().parse(data=data, format=PARSE_AS[fmt]), graph)


@pytest.mark.parametrize("fmt", WRITERS)
def test_nl_sbb_example_round_trips(fmt: str) -> None:
    graph = Graph().parse(REPO / "standards" / "nl-sbb" / "nl-sbb-thesaurus.example.ttl")
    data = WRITERS[fmt](graph, PREFIX_IRIS)
    assert isomorphic(Graph().parse(data=data, format=PARSE_AS[fmt]), graph)


@pytest.mark.parametrize("fmt", WRITERS)
def test_order_of_triples_does_not_matter(fmt: str) -> None:
    triples = list(_tricky())
    first = WRITERS[fmt](triples, PREFIX_IRIS)
    random.Random(3).shuffle(triples)
    assert WRITERS[fmt](triples, PREFIX_IRIS) == first


def test_turtle_nests_single_use_blank_nodes_and_uses_prefixes() -> None:
    text = WRITERS["turtle"](_tricky(), PREFIX_IRIS).decode()
    assert "skos:note [\n" in text and "skos:prefLabel \"diep\"" in text
    assert "_:gedeeld" in text  # used twice: written once, referred to by label
    assert text.startswith("PREFIX owl: <http://www.w3.org/2002/07/owl#>\nPREFIX skos:")
    assert "<https://example.org/123begint-met-cijfer>" in text


def test_rdfxml_refuses_a_predicate_it_cannot_name() -> None:
    g = Graph()
    g.add((EX.a, URIRef("https://example.org/eigenschap/"), Literal("x")))
    with pytest.raises(ValueError, match="cannot be written as RDF/XML"):
        WRITERS["rdfxml"](g, PREFIX_IRIS)
