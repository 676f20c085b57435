"""What an import makes of one scheme, and the triples of the vocabulary without a key of their
own: each goes to exactly one owner and is kept there as Turtle under `overige_rdf`, so an
import drops nothing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kennisbank.rdf.write import Triple
from kennisbank.skos.mapping import PREFIXES


@dataclass
class Scheme:
    """What one scheme becomes: the kader mapping, concept mappings and what is left."""

    iri: URIRef | None
    kader: dict[str, Any] = field(default_factory=dict)
    begrippen: dict[str, dict[str, Any]] = field(default_factory=dict)
    leftovers: dict[str, list[Triple]] = field(default_factory=lambda: defaultdict(list))


def rest_of(graph: Graph, used: set[Triple],
              results: list[Scheme]) -> list[dict[str, list[Triple]]]:
    """Triples nobody used, per scheme grouped by the concept they are about ('' = the
    kader). Each goes to exactly one owner: its concept, else the kader of the scheme
    it is about, else the first scheme's kader. Linear in the number of triples."""
    owners: dict[Node, tuple[int, str]] = {}
    for n, result in enumerate(results):
        if result.iri is not None:
            owners[result.iri] = (n, "")
        for ident, b in result.begrippen.items():
            owners[URIRef(b.get("uri") or result.kader["basis_uri"] + ident)] = (n, ident)
    groups: list[dict[str, list[Triple]]] = [{} for _ in results]
    placed: set[Node] = set()
    rest = sorted(set(graph) - used, key=str)
    for triple in rest:
        subject = triple[0]
        if isinstance(subject, BNode):
            continue  # travels with whatever refers to it
        n, owner = owners.get(subject, (0, ""))
        target = groups[n].setdefault(owner, [])
        target.extend(_with_bnodes(graph, triple, placed))
    for triple in rest:
        if isinstance(triple[0], BNode) and triple[0] not in placed:
            groups[0].setdefault("", []).append(triple)
    return groups

def _with_bnodes(graph: Graph, triple: Triple, placed: set[Node]) -> Iterator[Triple]:
    yield triple
    todo = [triple[2]]
    while todo:
        node = todo.pop()
        if isinstance(node, BNode) and node not in placed:
            placed.add(node)
            for t in graph.triples((node, None, None)):
                yield t
                todo.append(t[2])


def prefixes(source: Graph) -> dict[str, str]:
    """The input's prefixes, then ours (so the Turtle in overige_rdf stays readable)."""
    result = {prefix: str(namespace) for prefix, namespace in source.namespaces() if prefix}
    for prefix, ours in PREFIXES.items():
        for other in [p for p, ns in result.items() if ns == str(ours)]:
            del result[other]
        result[prefix] = str(ours)
    return result


def as_turtle(triples: list[Triple], prefixes: dict[str, str]) -> str:
    from kennisbank.skos.mapping import serialize

    used = {str(t) for triple in triples for t in triple if isinstance(t, URIRef)}
    used |= {str(t.datatype) for _, _, t in triples if isinstance(t, Literal) and t.datatype}
    wanted = {p: ns for p, ns in prefixes.items() if any(i.startswith(ns) for i in used)}
    return serialize(triples, "turtle", wanted).decode("utf-8").strip() + "\n"
