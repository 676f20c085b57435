"""Other organisations' vocabularies, kept as local files in vocabulaires/.

Each vocabulary is an RDF file (any syntax rdflib reads) with a metadata file beside it
(`vocabulaires/<id>.yaml`, see `model.Vocabulaire`). Builds never need the network: labels
and definitions of mapped concepts come from these files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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


def concepts(graph: Graph, vocabulaire: str,
             naam: LangText | None = None) -> dict[str, ExternBegrip]:
    """Every skos:Concept with an IRI (IRI → concept), with where the source places it: its
    schemes, the schemes it is top concept of, its broader concepts. A scheme's title is the
    source's own (dct:title, else skos:prefLabel, else rdfs:label, in a language); `naam`
    (the vocabulary's name in vocabulaires/<id>.yaml) when the source gives none."""
    from rdflib import URIRef
    from rdflib.namespace import RDF, SKOS

    titles: dict[str, LangText] = {}

    def title(scheme: URIRef) -> LangText:
        if str(scheme) not in titles:
            from rdflib.namespace import DCTERMS, RDFS

            found: LangText = {}
            for predicate in (DCTERMS.title, SKOS.prefLabel, RDFS.label):
                found = {lang: text for lang, text in
                         _texts(graph, scheme, predicate, MAX_TERM).items() if lang != "und"}
                if found:
                    break
            titles[str(scheme)] = found or dict(naam or {})
        return titles[str(scheme)]

    def iris(values: Iterable[object]) -> list[URIRef]:
        return sorted({v for v in values if isinstance(v, URIRef)}, key=str)

    found = {}
    for subject in sorted(set(graph.subjects(RDF.type, SKOS.Concept)), key=str):
        if not isinstance(subject, URIRef):
            continue
        tops = iris([*graph.objects(subject, SKOS.topConceptOf),
                     *graph.subjects(SKOS.hasTopConcept, subject)])
        schemes = iris([*graph.objects(subject, SKOS.inScheme), *tops])
        found[str(subject)] = ExternBegrip(
            iri=str(subject),
            voorkeursterm=_texts(graph, subject, SKOS.prefLabel, MAX_TERM),
            alternatieve_termen=_lists(graph, subject, SKOS.altLabel),
            zoektermen=_lists(graph, subject, SKOS.hiddenLabel),
            definitie=_texts(graph, subject, SKOS.definition, MAX_TEXT),
            vocabulaire=vocabulaire,
            kaders={str(scheme): title(scheme) for scheme in schemes},
            topbegrip_van=[str(scheme) for scheme in tops],
            breder=[str(b) for b in iris([*graph.objects(subject, SKOS.broader),
                                          *graph.subjects(SKOS.narrower, subject)])])
    return found


def placed(iri: str, extern: Mapping[str, ExternBegrip]) -> list[ExternBegrip]:
    """A mapping target and, up its source's skos:broader chain, every concept of the same
    vocabularies that the export names to place it (NL-SBB: a concept is a top concept or has
    a broader one). Each once, in the order met; a cycle in the source ends the walk."""
    result: list[ExternBegrip] = []
    seen: set[str] = set()
    todo = [iri]
    while todo:
        current = todo.pop(0)
        known = extern.get(current)
        if current in seen or known is None:
            continue
        seen.add(current)
        result.append(known)
        if not known.topbegrip_van:
            todo.extend(known.breder)
    return result


def label(texts: LangText, fallback: str = "") -> str:
    """Dutch if there is Dutch, else English, else whatever there is."""
    return texts.get("nl") or texts.get("en") or next(iter(texts.values()), fallback)
