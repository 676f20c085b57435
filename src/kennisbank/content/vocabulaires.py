"""Other organisations' vocabularies, kept as local files in vocabulaires/.

Each vocabulary is an RDF file (any syntax rdflib reads) with a metadata file beside it
(`vocabulaires/<id>.yaml`, see `model.Vocabulaire`). Builds never need the network: labels
and definitions of mapped concepts come from these files.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kennisbank.content.model import ExternBegrip
from kennisbank.content.schema import MAX_TERM, MAX_TEXT, LangList, LangText

if TYPE_CHECKING:  # rdflib costs a tenth of a second to import: only when a file is read
    from rdflib import Graph, URIRef

FOLDER = "vocabulaires"


def namespace(iri: str) -> str:
    """The part of an IRI up to its last '/' or '#': what a vocabulary's IRIs share."""
    return iri[: max(iri.rfind("/"), iri.rfind("#")) + 1]


def parse_rdf(path: Path) -> Graph:
    """Parse any RDF syntax rdflib knows (by extension; Turtle when it cannot tell)."""
    from rdflib.util import guess_format

    from kennisbank.rdf.parse import parse_file

    fmt = guess_format(str(path)) or "turtle"
    return parse_file(path, fmt, f"{FOLDER}/{path.name}" if path.parent.name == FOLDER
                      else None)


def _bounded(value: str, limit: int) -> str:
    """Our own limits apply to other vocabularies too: a longer text is cut to one character
    over the limit, so nothing downstream (matching, the site) ever works on megabytes, and
    the check still sees that it is too long (checks.mappings: te-lang, for mapping
    targets, whose texts we write)."""
    return value if len(value) <= limit else value[:limit + 1]


def _texts(graph: Graph, subject: URIRef, predicate: URIRef, limit: int) -> LangText:
    from rdflib import Literal

    result: LangText = {}
    for value in sorted(graph.objects(subject, predicate), key=str):
        if isinstance(value, Literal):
            result.setdefault(value.language or "und", _bounded(str(value), limit))
    return result


def _lists(graph: Graph, subject: URIRef, predicate: URIRef) -> LangList:
    from rdflib import Literal

    result: LangList = {}
    for value in sorted(graph.objects(subject, predicate), key=str):
        if isinstance(value, Literal):
            result.setdefault(value.language or "und", []).append(_bounded(str(value),
                                                                           MAX_TERM))
    return result


def concepts(graph: Graph, vocabulaire: str) -> dict[str, ExternBegrip]:
    """Every skos:Concept with an IRI (IRI → concept)."""
    from rdflib import URIRef
    from rdflib.namespace import RDF, SKOS

    found = {}
    for subject in sorted(set(graph.subjects(RDF.type, SKOS.Concept)), key=str):
        if not isinstance(subject, URIRef):
            continue
        found[str(subject)] = ExternBegrip(
            iri=str(subject),
            voorkeursterm=_texts(graph, subject, SKOS.prefLabel, MAX_TERM),
            alternatieve_termen=_lists(graph, subject, SKOS.altLabel),
            zoektermen=_lists(graph, subject, SKOS.hiddenLabel),
            definitie=_texts(graph, subject, SKOS.definition, MAX_TEXT),
            vocabulaire=vocabulaire)
    return found


def label(texts: LangText, fallback: str = "") -> str:
    """Dutch if there is Dutch, else English, else whatever there is."""
    return texts.get("nl") or texts.get("en") or next(iter(texts.values()), fallback)
