"""Rules on `overige_rdf`: readable, writable as RDF/XML, and consistent with SKOS's integrity
conditions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kennisbank.checks.common import (
    at,
    begrip_path,
    error,
    warning,
)
from kennisbank.checks.profile import is_skos
from kennisbank.content.model import Inhoud
from kennisbank.content.schema import Loc
from kennisbank.core.findings import Finding, Pos


def extra_rdf(inhoud: Inhoud) -> Iterator[Finding]:
    """'overige_rdf' must be Turtle that parses (it is added to the export as is)."""
    items: list[tuple[str, dict[str, Loc], str]] = [
        (b.overige_rdf, b.locs, begrip_path(b)) for b in inhoud.begrippen.values()
        if b.overige_rdf]
    if inhoud.kader is not None and inhoud.kader.overige_rdf:
        items.append((inhoud.kader.overige_rdf, inhoud.kader.locs, "begrippen/_kader.yaml"))
    if not items:
        return
    from kennisbank.rdf.parse import parse_text  # rdflib: only loaded when needed
    from kennisbank.rdf.parseerrors import RdfSyntaxError

    parsed = []
    for text, locs, path in items:
        try:
            graph = parse_text(text)
        except RdfSyntaxError as exc:  # rdflib's error, told in Dutch
            yield error(at(locs, "overige_rdf", path), "ongeldige-rdf",
                        f"'overige_rdf' is geen geldige Turtle: {exc.problem} (regel "
                        f"{exc.line}, kolom {exc.column} van de Turtle)")
            continue
        parsed.append((graph, at(locs, "overige_rdf", path)))
    yield from _writable(parsed)
    yield from _extra_integrity(inhoud, parsed)


def _writable(parsed: list[tuple[Any, Pos]]) -> Iterator[Finding]:
    """What the writers cannot express: a predicate with no XML name at its end (RDF/XML),
    a control character in a literal (not allowed in XML)."""
    from rdflib import Literal

    from kennisbank.rdf.write import xml_split

    for graph, pos in parsed:
        for predicate in sorted({str(p) for p in graph.predicates()}):
            if not xml_split(predicate)[1]:
                yield error(pos, "onschrijfbare-rdf", f"predicaat <{predicate}> in "
                             "'overige_rdf' eindigt niet op een naam (letter of '_' gevolgd "
                             "door letters, cijfers, '-', '.' of '_'), dus RDF/XML kan het niet "
                             "schrijven (Turtle, JSON-LD en N-Triples wel); verwachtte een "
                             "predicaat als <http://example.org/def/naam>")
        for obj in sorted({o for o in graph.objects() if isinstance(o, Literal)}, key=str):
            bad = [c for c in str(obj) if (ord(c) < 32 and c not in "\t\n\r")
                   or 0xFFFE <= ord(c) <= 0xFFFF or 0xD800 <= ord(c) <= 0xDFFF]
            if bad:
                yield error(pos, "ongeldige-rdf", f"een tekst in 'overige_rdf' bevat het "
                             f"stuurteken U+{ord(bad[0]):04X}, dat XML niet toestaat: "
                             f"{str(obj)[:80]!r}")


def _extra_integrity(inhoud: Inhoud, parsed: list[tuple[Any, Pos]]) -> Iterator[Finding]:
    """The SKOS integrity rules over the keys and 'overige_rdf' together: one prefLabel per
    language (S14), pref-, alt- and hiddenLabel disjoint (S13), related disjoint with
    broader (S27), exactMatch disjoint with broadMatch and relatedMatch (S46), and no
    concept broader than itself. Only clashes that involve 'overige_rdf' are reported here
    (the keys have rules of their own). Errors: this is what SKOS itself forbids. Only in
    an imported vocabulary under `profiel: skos` a warning: there they are the publisher's
    own statements, kept as they are, and refusing them would leave a real vocabulary
    (Netbeheer's, S27 twice) without a site until its owner repairs the source."""
    if not parsed or inhoud.kader is None:
        return
    level = warning if is_skos(inhoud) and inhoud.kader.geimporteerd else error
    labels, edges = _stated(inhoud)
    for graph, pos in parsed:
        extra_labels, extra_edges = _extra_statements(graph)
        for subject, kind, lang, value in extra_labels:
            for message in _label_clashes(labels, subject, kind, lang, value):
                yield level(pos, "skos-integriteit", message)
            labels.setdefault((subject, kind, lang), set()).add(value)
        for a, c, kind in extra_edges:
            clash = _edge_clash(edges, a, c, kind)
            if clash:
                yield level(pos, "skos-integriteit", clash)
            if a != c or kind not in ("broader", "related"):
                edges.setdefault((a, c), set()).add(kind)


Labels = dict[tuple[str, str, str], set[str]]  # (subject, kind, lang) → values
Edges = dict[tuple[str, str], set[str]]  # (subject, object) → kinds
_CLASHES = {"broader": {"related"}, "related": {"broader"},
            "exactMatch": {"broadMatch", "narrowMatch", "relatedMatch"},
            "broadMatch": {"exactMatch"}, "narrowMatch": {"exactMatch"},
            "relatedMatch": {"exactMatch"}}


def _stated(inhoud: Inhoud) -> tuple[Labels, Edges]:
    """The labels and relations that the keys of every concept state."""
    from kennisbank.skos.mapping import BROADER, concept_iris, scheme_iri

    iris = concept_iris(inhoud)
    labels: Labels = {}
    edges: Edges = {}
    kader = inhoud.kader
    if kader is not None and not kader.geimporteerd:  # the export's prefLabel of the scheme
        for lang, title in kader.titel.items():
            labels[(str(scheme_iri(kader)), "pref", lang)] = {title}
    for ident, b in inhoud.begrippen.items():
        me = str(iris[ident])
        for kind, values in (("pref", {k: [v] for k, v in b.voorkeursterm.items()}),
                             ("alt", b.alternatieve_termen), ("hidden", b.zoektermen)):
            for lang, terms in values.items():
                labels.setdefault((me, kind, lang), set()).update(terms)
        for name in BROADER:
            for target in getattr(b, name):
                if target in iris:
                    edges.setdefault((me, str(iris[target])), set()).add("broader")
        for target in b.gerelateerd:
            if target in iris:
                edges.setdefault((me, str(iris[target])), set()).add("related")
        for relation, _, target in b.koppelingen.items():
            edges.setdefault((me, target), set()).add(relation)
    return labels, edges


def _extra_statements(graph: Any) -> tuple[list[tuple[str, str, str, str]],
                                          list[tuple[str, str, str]]]:
    """The labels (subject, kind, lang, value) and relations (from, to, kind) in one
    snippet of 'overige_rdf', narrower turned round into broader."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import SKOS

    from kennisbank.skos.mapping import BROADER

    kinds = {SKOS.prefLabel: "pref", SKOS.altLabel: "alt", SKOS.hiddenLabel: "hidden"}
    up = {SKOS.broader, SKOS.broaderTransitive, *(down for down, _ in BROADER.values())}
    down_ = {SKOS.narrower, SKOS.narrowerTransitive, *(n for _, n in BROADER.values())}
    matches = {SKOS.exactMatch: "exactMatch", SKOS.broadMatch: "broadMatch",
               SKOS.narrowMatch: "narrowMatch", SKOS.relatedMatch: "relatedMatch"}
    extra_labels: list[tuple[str, str, str, str]] = []
    extra_edges: list[tuple[str, str, str]] = []
    for s, p, o in sorted(graph, key=str):
        if p in kinds and isinstance(o, Literal):
            extra_labels.append((str(s), kinds[p], o.language or "und", str(o)))
        elif isinstance(o, URIRef) and (p in up or p in down_ or p == SKOS.related or
                                        p in matches):
            a, c = (str(o), str(s)) if p in down_ else (str(s), str(o))
            kind = "broader" if p in up or p in down_ else \
                "related" if p == SKOS.related else matches[p]
            extra_edges.append((a, c, kind))
    return extra_labels, extra_edges


def _label_clashes(labels: Labels, subject: str, kind: str, lang: str,
                   value: str) -> Iterator[str]:
    if kind == "pref":
        others = labels.get((subject, "pref", lang), set()) - {value}
        if others:
            yield (f"<{subject}> krijgt in 'overige_rdf' een tweede skos:prefLabel in taal "
                   f"{lang!r} ({value!r} naast {sorted(others)[0]!r}); SKOS staat één "
                   "voorkeursterm per taal toe")
    for other in ("pref", "alt", "hidden"):
        if other != kind and value in labels.get((subject, other, lang), set()):
            yield (f"{value!r} ({lang}) is in 'overige_rdf' skos:{kind}Label én elders "
                   f"skos:{other}Label van <{subject}>; SKOS houdt die gescheiden")


def _edge_clash(edges: Edges, a: str, c: str, kind: str) -> str | None:
    if a == c and kind in ("broader", "related"):
        return f"<{a}> is in 'overige_rdf' {kind} dan zichzelf"
    known = edges.get((a, c), set()) | edges.get((c, a), set()) \
        if kind in ("broader", "related") else edges.get((a, c), set())
    clash = _CLASHES.get(kind, set()) & known
    if clash:
        return (f"<{a}> en <{c}> zijn in 'overige_rdf' {kind} en elders {sorted(clash)[0]}; "
                "die relaties sluiten elkaar in SKOS uit")
    return None
