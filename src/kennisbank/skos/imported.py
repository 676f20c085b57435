"""What an import makes of one scheme, and the triples of the vocabulary without a key of their
own: each goes to exactly one owner and is kept there as Turtle under `overige_rdf`, so an
import drops nothing."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kennisbank.content.schema import ID_RE, slugify
from kennisbank.rdf.write import Triple
from kennisbank.skos.mapping import NO_LANG, PREFIXES


@dataclass
class Scheme:
    """What a file becomes: the kader mapping of its main scheme, the other schemes (`kaders`,
    by id; `kader_ids` maps their IRIs to those ids) and the concept mappings."""

    iri: URIRef | None
    kader: dict[str, Any] = field(default_factory=dict)
    begrippen: dict[str, dict[str, Any]] = field(default_factory=dict)
    kaders: dict[str, dict[str, Any]] = field(default_factory=dict)
    kader_ids: dict[Node, str] = field(default_factory=dict)


KADER, NEVENKADER, BEGRIP = "kader", "nevenkader", "begrip"  # owners of leftover triples


def rest_of(graph: Graph, used: set[Triple],
            result: Scheme) -> dict[tuple[str, str], list[Triple]]:
    """Triples nobody used, grouped by owner: (BEGRIP, id) for a concept's, (NEVENKADER, id)
    for another scheme's, (KADER, '') for the main scheme's and everything else. Each goes
    to exactly one owner: its concept, else the scheme it is about, else the main kader.
    Linear in the number of triples."""
    owners: dict[Node, tuple[str, str]] = {}
    if result.iri is not None:
        owners[result.iri] = (KADER, "")
    for iri, ident in result.kader_ids.items():
        owners[iri] = (NEVENKADER, ident)
    for ident, b in result.begrippen.items():
        owners[URIRef(b.get("uri") or result.kader["basis_uri"] + ident)] = (BEGRIP, ident)
    groups: dict[tuple[str, str], list[Triple]] = {}
    placed: set[Node] = set()
    rest = sorted(set(graph) - used, key=str)
    for triple in rest:
        subject = triple[0]
        if isinstance(subject, BNode):
            continue  # travels with whatever refers to it
        target = groups.setdefault(owners.get(subject, (KADER, "")), [])
        target.extend(_with_bnodes(graph, triple, placed))
    for triple in rest:
        if isinstance(triple[0], BNode) and triple[0] not in placed:
            groups.setdefault((KADER, ""), []).append(triple)
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


def local_name(iri: str) -> str:
    local = re.split(r"[/#]", iri.rstrip("/#"))[-1]
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", local)  # ConceptScheme → Concept-Scheme


def common_base(iris: list[str]) -> str:
    if not iris:
        return ""
    prefix = iris[0]
    for iri in iris[1:]:
        while not iri.startswith(prefix):
            prefix = prefix[:-1]
    cut = max(prefix.rfind("/"), prefix.rfind("#"))
    return prefix[: cut + 1] if cut >= len("https://") else ""


MAX_ID = 80


def unique_ids(iris: list[str], base: str) -> dict[str, str]:
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for iri in sorted(iris):
        local = iri[len(base):] if base and iri.startswith(base) else local_name(iri)
        candidate = local if ID_RE.fullmatch(local) else slugify(local_name(local) or local)
        if len(candidate) > MAX_ID:  # a file name has at most 255 bytes; ids stay readable
            digest = hashlib.sha1(iri.encode()).hexdigest()[:8]  # noqa: S324
            candidate = f"{candidate[:MAX_ID - 9].rstrip('-')}-{digest}"
        ident, n = candidate or "begrip", 2
        while ident in taken:
            ident, n = f"{candidate}-{n}", n + 1
        taken.add(ident)
        ids[iri] = ident
    return ids


def choose_profile(scheme: Scheme) -> None:
    """`profiel: skos` unless every concept has what NL-SBB asks (a definition and a status:
    under nl-sbb a concept without status would be exported as 'ontwerp', a statement the
    source never made); `taal` the language most voorkeurstermen are in, when not Dutch."""
    begrippen = scheme.begrippen.values()
    if not begrippen or not all(b["definitie"] and b.get("status") for b in begrippen) or \
            not scheme.kader.get("titel"):
        scheme.kader["profiel"] = "skos"
    languages = Counter(lang for b in begrippen for lang in b["voorkeursterm"]
                        if lang != NO_LANG)
    if languages:
        main = sorted(languages.items(), key=lambda kv: (-kv[1], kv[0] != "nl", kv[0]))[0][0]
        if main != "nl":
            scheme.kader["taal"] = main


def keep_labels_apart(result: Scheme, iris: dict[str, URIRef], used: set[Triple]) -> None:
    """An alternatieve term that is another concept's voorkeursterm is an error in our
    format; such an altLabel stays in the export through 'overige_rdf' instead."""
    from rdflib.namespace import SKOS

    from kennisbank.core.text import fold

    preferred = {(lang, fold(t)) for b in result.begrippen.values()
                 for lang, t in b["voorkeursterm"].items()}
    for ident, b in result.begrippen.items():
        for lang, terms in b["alternatieve_termen"].items():
            clashing = [t for t in terms if (lang, fold(t)) in preferred]
            for term in clashing:
                terms.remove(term)
                literal = Literal(term, lang=None if lang == NO_LANG else lang)
                used.discard((iris[ident], SKOS.altLabel, literal))
