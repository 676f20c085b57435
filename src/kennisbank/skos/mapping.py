"""The validated model as SKOS/RDF conforming to NL-SBB (and, in `importer`, back).

IRIs follow the Dutch URI strategy: concepts at {basis_uri}{id}; the scheme and the
collections under the same domain, at /id/begrippenkader/{naam} and /id/collectie/{id}.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, XSD

from kennisbank.content import iris
from kennisbank.content.iris import MAIN as MAIN
from kennisbank.content.iris import domain as domain
from kennisbank.content.iris import places_of as places_of
from kennisbank.content.iris import schemes_of as schemes_of
from kennisbank.content.model import Begrip, Bron, ExternBegrip, Inhoud, Kader
from kennisbank.content.schema import LangList, LangText
from kennisbank.content.vocabulaires import placed
from kennisbank.rdf.write import WRITERS, Triple, Triples

ADMS = Namespace("http://www.w3.org/ns/adms#")
ADMS_STATUS = Namespace("http://purl.org/adms/status/")
STATUS_IRI = {"ontwerp": ADMS_STATUS.UnderDevelopment, "vastgesteld": ADMS_STATUS.Completed,
              "verouderd": ADMS_STATUS.Deprecated}
PREFIXES = {"skos": SKOS, "dct": DCTERMS, "foaf": FOAF, "owl": OWL, "rdfs": RDFS, "rdf": RDF,
            "xsd": XSD, "adms": ADMS,
            "isothes": Namespace("http://purl.org/iso25964/skos-thes#"),
            "kb": (KB := Namespace("https://begrippen.erkenningenherstel.nl/def/kennisbank#"))}
# The format's one own property: `ontraden_termen`, a term the programme advises against for
# this concept (plain literal with a language tag). SKOS has no such label (skos:hiddenLabel
# would make search *find* it); NL-SBB's shapes are open, so the property passes the profile,
# other tools ignore it, and `kennisbank import` reads it back.
ONTRADEN = KB.ontradenTerm
PREFIX_IRIS = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
FORMATS = ("turtle", "jsonld", "rdfxml", "ntriples")
EXTENSIONS = {"turtle": "ttl", "jsonld": "jsonld", "rdfxml": "rdf", "ntriples": "nt"}
MEDIA_TYPES = {"turtle": "text/turtle", "jsonld": "application/ld+json",
               "rdfxml": "application/rdf+xml", "ntriples": "application/n-triples"}


def scheme_iri(kader: Kader) -> URIRef:
    return URIRef(iris.scheme_iri(kader))


def nevenkader_iri(kader: Kader, ident: str) -> URIRef:
    """The IRI of one of the project's other schemes (`kaders` in _kader.yaml)."""
    return URIRef(iris.nevenkader_iri(kader, ident))


def collection_iri(kader: Kader, ident: str) -> URIRef:
    return URIRef(iris.collection_iri(kader, ident))


def concept_iris(inhoud: Inhoud) -> dict[str, URIRef]:
    """Concept id → IRI: basis_uri + id, unless the concept gives its own 'uri'."""
    return {ident: URIRef(iri) for ident, iri in iris.concept_iris(inhoud).items()}


def _bnode(*parts: str) -> BNode:
    """A blank node whose label depends only on content, so output is byte-identical."""
    return BNode("b" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16])  # noqa: S324


NO_LANG = "und"  # BCP 47 'undetermined': a literal without language tag


def _literal(value: str, lang: str) -> Literal:
    return Literal(value) if lang == NO_LANG else Literal(value, lang=lang)


def _texts(graph: set[Triple], subject: URIRef | BNode, predicate: URIRef, text: LangText) -> None:
    for lang, value in text.items():
        graph.add((subject, predicate, _literal(value, lang)))


def _lists(graph: set[Triple], subject: URIRef, predicate: URIRef, values: LangList) -> None:
    for lang, items in values.items():
        for value in items:
            graph.add((subject, predicate, _literal(value, lang)))


def _sources(graph: set[Triple], subject: URIRef, bronnen: Iterable[Bron], key: str) -> None:
    for i, bron in enumerate(bronnen):
        node: URIRef | BNode = URIRef(bron.uri) if bron.uri else _bnode(key, "bron", str(i))
        graph.add((subject, DCTERMS.source, node))
        if bron.uri and not (bron.titel or bron.url or bron.citatie):
            continue  # a bare reference to a document known by its IRI
        graph.add((node, RDF.type, FOAF.Document))
        _texts(graph, node, DCTERMS.title, bron.titel)
        if bron.url:
            graph.add((node, FOAF.page, URIRef(bron.url)))
        if bron.citatie:  # NL-SBB: a plain xsd:string, not a language-tagged text
            graph.add((node, DCTERMS.bibliographicCitation, Literal(bron.citatie)))


ISOTHES = Namespace("http://purl.org/iso25964/skos-thes#")
# Broader keys with their SKOS / ISO 25964 property and its inverse (derived on export).
BROADER = {"breder": (SKOS.broader, SKOS.narrower),
           "breder_generiek": (ISOTHES.broaderGeneric, ISOTHES.narrowerGeneric),
           "breder_partitief": (ISOTHES.broaderPartitive, ISOTHES.narrowerPartitive),
           "breder_instantie": (ISOTHES.broaderInstantial, ISOTHES.narrowerInstantial)}
NOTES = {"notities": SKOS.note, "redactionele_notities": SKOS.editorialNote,
         "wijzigingsnotities": SKOS.changeNote, "historische_notities": SKOS.historyNote}


def add_turtle(graph: set[Triple], text: str, owner: str = "") -> None:
    """Add the triples of a Turtle snippet ('overige_rdf'); its blank nodes stay its own.

    rdflib names a snippet's blank nodes at random; they are renamed by a hash of the owner
    and of the snippet's canonical form, so the export is byte-identical on every run and two
    snippets never share a blank node."""
    graph.update(extra_triples(text, owner))


def extra_triples(text: str, owner: str = "") -> set[Triple]:
    """The triples of an 'overige_rdf' snippet, blank nodes labelled deterministically."""
    from rdflib.compare import to_canonical_graph

    from kennisbank.rdf.parse import parse_text

    parsed = parse_text(text)
    if not any(isinstance(t, BNode) for triple in parsed for t in triple):
        return set(parsed)
    salt = hashlib.sha1(f"{owner}\x1f{text}".encode()).hexdigest()[:8]  # noqa: S324
    result: set[Triple] = set()
    for triple in to_canonical_graph(parsed):
        result.add(tuple(BNode(f"x{salt}{t}") if isinstance(t, BNode) else t
                         for t in triple))  # type: ignore[arg-type]
    return result


def top_concepts(inhoud: Inhoud) -> list[str]:
    """The top concepts the export states. The kader's `topbegrippen` when it has them (an
    import writes what the source declared); else, for our own content, every concept
    without a broader concept of any kind (what NL-SBB's hierarchy asks); else none: an
    imported vocabulary that declared no top concepts gets none in its export (the site
    derives them for its hierarchy, see `site_top_concepts`)."""
    kader = inhoud.kader
    if kader is None:
        return []
    if kader.topbegrippen:
        return sorted(set(kader.topbegrippen) & set(inhoud.begrippen))
    if kader.geimporteerd:
        return []
    return sorted(i for i, b in inhoud.begrippen.items() if not b.buiten_hoofdkader and
                  not any(getattr(b, field_name) for field_name in BROADER))


def site_top_concepts(inhoud: Inhoud, scheme: str = MAIN) -> list[str]:
    """The top concepts the site shows for one scheme (MAIN: the kader of _kader.yaml): the
    declared ones (`topbegrippen`), else every concept of that scheme without a broader
    concept of any kind (for MAIN in a one-scheme project: every concept without one, the
    root of the hierarchy page's tree). Never exported for an imported vocabulary that
    declared none."""
    kader = inhoud.kader
    declared = (kader.topbegrippen if scheme == MAIN else kader.kaders[scheme].topbegrippen) \
        if kader is not None else []
    if declared:
        return sorted(set(declared) & set(inhoud.begrippen))

    def top(b: Begrip) -> bool:
        return not any(getattr(b, field_name) for field_name in BROADER)

    if scheme == MAIN and not (kader and kader.kaders):
        return sorted(i for i, b in inhoud.begrippen.items() if top(b))
    return sorted(i for i, b in inhoud.begrippen.items() if top(b) and scheme in schemes_of(b))


def stated_status(b: Begrip, kader: Kader | None) -> str:
    """The concept's status as the export states it, '' when none is stated. Our own content
    (`profiel: nl-sbb`) has one always, 'ontwerp' by default; under `profiel: skos` (every
    import that lacks a status somewhere) only what the file says: an imported vocabulary
    must not claim that anyone adopted (or did not adopt) its concepts."""
    if kader is not None and kader.profiel == "skos" and "status" not in b.locs:
        return ""
    return b.status


def _concept(graph: set[Triple], iris: dict[str, URIRef], schemes: dict[str, URIRef], b: Begrip,
             narrower: dict[tuple[str, str], list[str]], related: dict[str, set[str]],
             extern: dict[str, ExternBegrip], kader: Kader, top: bool) -> None:
    iri = iris[b.id]
    scheme = schemes[MAIN]
    graph.add((iri, RDF.type, SKOS.Concept))
    for ident in schemes_of(b):  # none for a concept the source puts in no scheme
        graph.add((iri, SKOS.inScheme, schemes[ident]))
    _texts(graph, iri, SKOS.prefLabel, b.voorkeursterm)
    # NL-SBB: rdfs:label is the human-readable name; by default the voorkeursterm. That
    # default is ours: an imported concept has an rdfs:label only where the source gave one
    # (the importer writes it as `naam`).
    _texts(graph, iri, RDFS.label, b.naam or ({} if kader.geimporteerd else b.voorkeursterm))
    _texts(graph, iri, SKOS.definition, b.definitie)
    _lists(graph, iri, SKOS.altLabel, b.alternatieve_termen)
    _lists(graph, iri, SKOS.hiddenLabel, b.zoektermen)
    _lists(graph, iri, ONTRADEN, b.ontraden_termen)
    _texts(graph, iri, RDFS.comment, b.uitleg)
    _texts(graph, iri, SKOS.scopeNote, b.toelichting)
    _lists(graph, iri, SKOS.example, b.voorbeelden)
    for field_name, predicate in NOTES.items():
        _lists(graph, iri, predicate, getattr(b, field_name))
    for notation in b.notaties:
        graph.add((iri, SKOS.notation, Literal(notation)))
    _sources(graph, iri, b.bronnen, b.id)
    if top:
        graph.add((iri, SKOS.topConceptOf, scheme))
        graph.add((scheme, SKOS.hasTopConcept, iri))
    for field_name, (down, up) in BROADER.items():
        for target in getattr(b, field_name):
            graph.add((iri, down, iris[target]))
        for target in narrower.get((field_name, b.id), []):
            graph.add((iri, up, iris[target]))
    for target in sorted(related.get(b.id, set())):
        graph.add((iri, SKOS.related, iris[target]))
    for relation, _, target in b.koppelingen.items():
        graph.add((iri, SKOS[relation], URIRef(target)))
        _extern(graph, target, extern)
    if stated_status(b, kader):
        graph.add((iri, ADMS.status, STATUS_IRI[b.status]))
    if b.status == "verouderd":
        graph.add((iri, OWL.deprecated, Literal(True)))
        if b.vervangen_door:
            graph.add((iri, DCTERMS.isReplacedBy, iris[b.vervangen_door]))
    if b.overige_rdf:
        add_turtle(graph, b.overige_rdf, b.id)


def _extern(graph: set[Triple], target: str, extern: Mapping[str, ExternBegrip]) -> None:
    """What the export says about a mapping target: only what its vocabulary in vocabulaires/
    says. NL-SBB's relation shapes require a skos:Concept at both ends, and the profile then
    asks of it what it asks of every concept: a label, a definition, and a place in a
    hierarchy (top concept, or a broader concept; else the shape `Concept` warns, through its
    SPARQL constraint OrphanConcept). So the target comes with its own scheme (typed and
    titled, as the scheme shapes ask) and, as its source states them, its top-concept
    statements or its broader concepts up to a top concept, each with label and definition.
    A target outside vocabulaires/ (allowed only under `profiel: skos`) stays untyped: the
    export says nothing about it that we do not know."""
    chain = placed(target, extern)
    known = {c.iri for c in chain}
    for concept in chain:
        node = URIRef(concept.iri)
        graph.add((node, RDF.type, SKOS.Concept))
        _texts(graph, node, SKOS.prefLabel, concept.voorkeursterm)
        _texts(graph, node, SKOS.definition, concept.definitie)
        for scheme_in, title in concept.kaders.items():
            scheme = URIRef(scheme_in)
            graph.add((node, SKOS.inScheme, scheme))
            graph.add((scheme, RDF.type, SKOS.ConceptScheme))
            _texts(graph, scheme, DCTERMS.title, title)
        for top_of in concept.topbegrip_van:
            graph.add((node, SKOS.topConceptOf, URIRef(top_of)))
            graph.add((URIRef(top_of), SKOS.hasTopConcept, node))
        if concept.topbegrip_van:
            continue  # a top concept with a broader one is a violation (TopConceptHavingBroader)
        for broader in concept.breder:
            if broader in known:
                graph.add((node, SKOS.broader, URIRef(broader)))


def to_graph(inhoud: Inhoud) -> Graph:
    """The SKOS graph of validated content as an rdflib Graph (for queries and tests)."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    graph.addN((s, p, o, graph) for s, p, o in to_triples(inhoud))
    return graph


# Per concept, the triples its own entry makes (kept by the preview: SiteContext.parts).
Parts = dict[str, frozenset[Triple]]


def to_triples(inhoud: Inhoud) -> set[Triple]:
    """The SKOS triples of validated content (call only when check found no errors).

    A plain set: building an rdflib store costs more than everything else the export does,
    and the writers in `rdfout` need no index."""
    return _triples(inhoud, None, None)


def to_triples_kept(inhoud: Inhoud, reuse: Mapping[str, frozenset[Triple]] | None = None,
                    ) -> tuple[set[Triple], Parts]:
    """to_triples, with the triples each concept's own entry makes (for the preview's next
    save), taking those of `reuse` as they are: only for concepts whose fields, and the
    relations, kader and vocabularies around them, are what they were when `reuse` was made
    (site.incremental.changed_concepts says so). The whole is the union of the parts, so a
    triple two concepts make (a source known by its IRI) stays while either makes it."""
    parts: Parts = {}
    return _triples(inhoud, parts, reuse or {}), parts


def _triples(inhoud: Inhoud, parts: Parts | None,
             reuse: Mapping[str, frozenset[Triple]] | None) -> set[Triple]:
    kader = inhoud.kader
    if kader is None:
        raise ValueError("export needs begrippen/_kader.yaml")
    graph: set[Triple] = set()
    scheme = scheme_iri(kader)
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    # NL-SBB asks our own scheme for a dct:title, a skos:prefLabel and an rdfs:label: all
    # three come from the titel, and dct:language from the languages of the voorkeurstermen.
    # An imported kader (`geimporteerd`) states none of them: its titel is the name the site
    # shows, and the source's own title, labels and languages are in its overige_rdf as the
    # source wrote them (a second skos:prefLabel in one language would break SKOS's S14).
    own = not kader.geimporteerd
    if own:
        _texts(graph, scheme, DCTERMS.title, kader.titel)
        _texts(graph, scheme, SKOS.prefLabel, kader.titel)
        _texts(graph, scheme, RDFS.label, kader.titel)
    _texts(graph, scheme, RDFS.comment, kader.uitleg)
    if kader.uitgever:
        publisher = _bnode("uitgever")
        graph.add((scheme, DCTERMS.publisher, publisher))
        graph.add((publisher, RDF.type, FOAF.Agent))
        _texts(graph, publisher, FOAF.name, kader.uitgever)
    if kader.licentie:
        graph.add((scheme, DCTERMS.license, URIRef(kader.licentie)))
    if kader.versie:
        graph.add((scheme, OWL.versionInfo, Literal(kader.versie)))
    languages = sorted({lang for b in inhoud.begrippen.values() for lang in b.voorkeursterm})
    for lang in languages if own else []:
        graph.add((scheme, DCTERMS.language, Literal(lang, datatype=XSD.language)))

    iris = concept_iris(inhoud)
    narrower: dict[tuple[str, str], list[str]] = {}
    related: dict[str, set[str]] = {}
    for ident in sorted(inhoud.begrippen):
        b = inhoud.begrippen[ident]
        for field_name in BROADER:
            for target in getattr(b, field_name):
                narrower.setdefault((field_name, target), []).append(b.id)
        for target in b.gerelateerd:
            related.setdefault(b.id, set()).add(target)
            related.setdefault(target, set()).add(b.id)
    tops = set(top_concepts(inhoud))
    schemes = {MAIN: scheme, **_nevenkaders(graph, kader, iris)}
    for ident in sorted(inhoud.begrippen):
        if parts is None:
            _concept(graph, iris, schemes, inhoud.begrippen[ident], narrower, related,
                     inhoud.extern, kader, ident in tops)
            continue
        part = reuse.get(ident) if reuse is not None else None
        if part is None:
            made: set[Triple] = set()
            _concept(made, iris, schemes, inhoud.begrippen[ident], narrower, related,
                     inhoud.extern, kader, ident in tops)
            part = frozenset(made)
        parts[ident] = part
        graph |= part

    members: dict[str, list[str]] = {}
    for ident in sorted(inhoud.begrippen):
        for target in inhoud.begrippen[ident].collecties:
            members.setdefault(target, []).append(ident)
    for ident, collectie in sorted(kader.collecties.items()):
        iri = collection_iri(kader, ident)
        graph.add((iri, RDF.type, SKOS.Collection))
        _texts(graph, iri, SKOS.prefLabel, collectie.naam)
        _texts(graph, iri, RDFS.comment, collectie.uitleg)
        for member in members.get(ident, []):
            graph.add((iri, SKOS.member, iris[member]))
    if kader.overige_rdf:
        add_turtle(graph, kader.overige_rdf, "")
    _history(graph, inhoud, iris, scheme)
    return graph


def _nevenkaders(graph: set[Triple], kader: Kader,
                 iris: dict[str, URIRef]) -> dict[str, URIRef]:
    """The project's other schemes (`kaders`): id → IRI, their own triples added. As for the
    main scheme, an imported one states no title or labels derived from its titel."""
    result: dict[str, URIRef] = {}
    for ident, neven in sorted(kader.kaders.items()):
        iri = result[ident] = nevenkader_iri(kader, ident)
        graph.add((iri, RDF.type, SKOS.ConceptScheme))
        if not kader.geimporteerd:
            for predicate in (DCTERMS.title, SKOS.prefLabel, RDFS.label):
                _texts(graph, iri, predicate, neven.titel)
        _texts(graph, iri, RDFS.comment, neven.uitleg)
        for top in sorted(set(neven.topbegrippen) & set(iris)):
            graph.add((iris[top], SKOS.topConceptOf, iri))
            graph.add((iri, SKOS.hasTopConcept, iris[top]))
        if neven.overige_rdf:
            add_turtle(graph, neven.overige_rdf, f"kader:{ident}")
    return result


def version_iri(scheme: URIRef, version: str) -> URIRef:
    return URIRef(f"{scheme}/{version}")


def _history(graph: set[Triple], inhoud: Inhoud, iris: dict[str, URIRef],
             scheme: URIRef) -> None:
    """owl:versionIRI of this version, dct:hasVersion per release, and per concept
    dct:created / dct:modified from git (kennisbank.history.git); absent where unknown."""
    kader = inhoud.kader
    if kader is not None and kader.versie:
        graph.add((scheme, OWL.versionIRI, version_iri(scheme, kader.versie)))
    hist = inhoud.geschiedenis
    if hist is None:
        return
    for release in hist.releases:
        graph.add((scheme, DCTERMS.hasVersion, version_iri(scheme, release.version)))
    for ident in sorted(inhoud.begrippen):
        created, modified = hist.dates(f"begrippen/{ident}.yaml", inhoud.begrippen[ident])
        if created:
            graph.add((iris[ident], DCTERMS.created, Literal(created, datatype=XSD.date)))
        if modified:
            graph.add((iris[ident], DCTERMS.modified, Literal(modified, datatype=XSD.date)))


def serialize(triples: Triples, fmt: str,
              prefixes: Mapping[str, str] | None = None) -> bytes:
    """Deterministic bytes: the same triples give the same output, whatever their order."""
    return WRITERS[fmt](triples, PREFIX_IRIS if prefixes is None else prefixes)
