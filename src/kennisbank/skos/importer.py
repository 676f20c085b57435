"""`kennisbank import`: any SKOS vocabulary → a content folder in our format.

Every triple of the input is kept: what has a key of its own goes there; the rest is
written, per concept or in _kader.yaml, as Turtle under 'overige_rdf' and exported again
unchanged. With --lossy those leftovers are dropped instead (and listed).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kennisbank.content.yamlwrite import BEGRIP_ORDER, KADER_ORDER, dump
from kennisbank.core.findings import KennisbankError
from kennisbank.rdf.parse import parse_file
from kennisbank.rdf.parseerrors import RdfSyntaxError
from kennisbank.rdf.write import Triple
from kennisbank.skos.imported import (
    BEGRIP,
    NEVENKADER,
    Scheme,
    as_turtle,
    choose_profile,
    common_base,
    keep_labels_apart,
    prefixes,
    rest_of,
    unique_ids,
)
from kennisbank.skos.mapping import ADMS, BROADER, NO_LANG, NOTES, ONTRADEN, STATUS_IRI, domain

SUFFIX_FORMATS = {".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".ntriples": "nt",
                  ".rdf": "xml", ".xml": "xml", ".owl": "xml", ".jsonld": "json-ld",
                  ".json": "json-ld", ".n3": "n3", ".trig": "trig"}
TEXT_KEYS = {"definitie": SKOS.definition, "uitleg": RDFS.comment,
             "toelichting": SKOS.scopeNote}
LIST_KEYS = {"alternatieve_termen": SKOS.altLabel, "zoektermen": SKOS.hiddenLabel,
             "ontraden_termen": ONTRADEN,
             "voorbeelden": SKOS.example, **NOTES}
MATCHES = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
# The order of the keys in a written concept file: ontraden_termen after the other terms.
STATUS_BY_IRI: dict[URIRef, str] = {iri: name for name, iri in STATUS_IRI.items()}


def parse(path: Path) -> Graph:
    fmt = SUFFIX_FORMATS.get(path.suffix.lower())
    tried = [fmt] if fmt else ["turtle", "xml", "json-ld", "nt"]
    problems = []
    for candidate in tried:
        try:
            return parse_file(path, candidate)
        except KennisbankError:
            raise
        except RdfSyntaxError as exc:  # one Dutch line with line and column
            if fmt:
                raise KennisbankError(str(exc)) from exc
            problems.append(f"{exc.label} {exc.line}:{exc.column}: {exc.problem}")
    raise KennisbankError(f"{path}: kan het bestand niet lezen als RDF ({'; '.join(problems)})")


def _lang(literal: Literal) -> str:
    return literal.language or NO_LANG


def _is_plain(node: Node) -> bool:
    return isinstance(node, Literal) and node.datatype in (None, XSD.string)


class Importer:
    def __init__(self, graph: Graph, name: str):
        self.graph, self.name = graph, name
        self.used: set[Triple] = set()

    def use(self, triple: Triple) -> None:
        self.used.add(triple)

    def texts(self, subject: Node, predicate: Node, use: bool = True) -> dict[str, str]:
        """One value per language; a second value in one language stays a leftover. With
        use=False the values are only read: their triples stay leftovers."""
        result: dict[str, str] = {}
        for obj in sorted(self.graph.objects(subject, predicate), key=str):
            if isinstance(obj, Literal) and (obj.language or _is_plain(obj)) and \
                    _lang(obj) not in result and str(obj).strip():
                result[_lang(obj)] = str(obj)
                if use:
                    self.use((subject, predicate, obj))
        return result

    def lists(self, subject: Node, predicate: Node) -> dict[str, list[str]]:
        result: dict[str, list[str]] = {}
        for obj in sorted(self.graph.objects(subject, predicate), key=str):
            if isinstance(obj, Literal) and (obj.language or _is_plain(obj)) and \
                    str(obj).strip():  # an empty literal is kept exactly, in overige_rdf
                result.setdefault(_lang(obj), []).append(str(obj))
                self.use((subject, predicate, obj))
        return result

    def run(self) -> Scheme:
        g = self.graph
        schemes = sorted({s for s in g.subjects(RDF.type, SKOS.ConceptScheme)
                          if isinstance(s, URIRef)}, key=str)
        if not schemes:  # a file may name its scheme only as the concepts' skos:inScheme
            schemes = sorted({o for p in (SKOS.inScheme, SKOS.topConceptOf)
                              for o in g.objects(None, p) if isinstance(o, URIRef)} |
                             {s for s in g.subjects(SKOS.hasTopConcept)
                              if isinstance(s, URIRef)}, key=str)
        concepts = sorted({s for s in g.subjects(RDF.type, SKOS.Concept)
                           if isinstance(s, URIRef)} | {s for s in g.subjects(SKOS.prefLabel)
                           if isinstance(s, URIRef) and (s, RDF.type, SKOS.ConceptScheme)
                           not in g and (s, RDF.type, SKOS.Collection) not in g}, key=str)
        homes = {c: sorted({h for h in (*g.objects(c, SKOS.inScheme),
                                        *g.objects(c, SKOS.topConceptOf),
                                        *g.subjects(SKOS.hasTopConcept, c)) if h in schemes},
                           key=str) for c in concepts}
        # Every concept in a scheme of the file gets a file (and a page), and so does every
        # other typed, described skos:Concept, unless it is only there as the target of a
        # mapping (another vocabulary's concept, described so the mapping reads). A file that
        # never says which scheme a concept is in also owns its untyped described concepts.
        says_scheme = any(homes.values())
        mapped = {o for relation in MATCHES for o in g.objects(None, SKOS[relation])}
        owned = [c for c in concepts if homes[c] or (
            self._described(c) and c not in mapped and
            ((c, RDF.type, SKOS.Concept) in g or not says_scheme))]
        # The main scheme (the site's title, _kader.yaml) holds the most concepts; the
        # others become `kaders` of the same project.
        counts = Counter(h for c in owned for h in homes[c])
        main = min(schemes, key=lambda s: (-counts[s], str(s))) if schemes else None
        self.homes = homes
        return self._scheme(main, [s for s in schemes if s != main], owned)

    def _described(self, concept: URIRef) -> bool:
        """True for a concept of the vocabulary itself, not a bare mapping target."""
        return any(p != RDF.type for p in self.graph.predicates(concept))

    def _scheme(self, scheme: URIRef | None, others: list[URIRef],
                concepts: list[URIRef]) -> Scheme:
        g, result = self.graph, Scheme(scheme)
        base = common_base([str(c) for c in concepts])
        ids = unique_ids([str(c) for c in concepts], base)
        if not base:
            base = (domain(str(scheme)) if scheme else "https://example.org/") + "id/begrip/"
        by_iri: dict[Node, str] = {URIRef(iri): ident for iri, ident in ids.items()}
        kader = result.kader
        if scheme is not None:
            self.use((scheme, RDF.type, SKOS.ConceptScheme))
            # The titel is the name the site shows; the export of an imported kader does not
            # state it: the source's own title and labels stay in overige_rdf, as they were.
            kader["titel"] = self.texts(scheme, DCTERMS.title, False) or \
                self.texts(scheme, SKOS.prefLabel, False) or self.texts(scheme, RDFS.label,
                                                                        False)
            kader["uitleg"] = self.texts(scheme, RDFS.comment)
            self._publisher(scheme, kader)
            for obj in g.objects(scheme, DCTERMS.license):
                if isinstance(obj, URIRef) and str(obj).startswith(("http://", "https://")):
                    kader["licentie"] = str(obj)
                    self.use((scheme, DCTERMS.license, obj))
                    break
            for obj in g.objects(scheme, OWL.versionInfo):
                if isinstance(obj, Literal) and obj.datatype is None and not obj.language \
                        and re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z.+-]*", str(obj)):
                    kader["versie"] = str(obj)
                    self.use((scheme, OWL.versionInfo, obj))
                    # our export derives owl:versionIRI from the versie: not kept twice
                    derived = URIRef(f"{scheme}/{obj}")
                    if (scheme, OWL.versionIRI, derived) in g:
                        self.use((scheme, OWL.versionIRI, derived))
                    break
        if not kader.get("titel"):  # the file names no scheme or gives it no title
            kader["titel"] = {"nl": self.name}
        kader["basis_uri"] = base
        kader["geimporteerd"] = True
        neven = unique_ids([str(o) for o in others], "")
        result.kader_ids = {URIRef(iri): ident for iri, ident in neven.items()}
        for other in others:
            result.kaders[neven[str(other)]] = self._nevenkader(other, concepts, by_iri)
        for concept in concepts:
            b = result.begrippen[by_iri[concept]] = self._concept(concept, by_iri, base)
            for home in self.homes[concept]:
                self.use((concept, SKOS.inScheme, home))
            b["kaders"] = sorted(result.kader_ids[h] for h in self.homes[concept]
                                 if h != scheme)
            if scheme is None or scheme not in self.homes[concept]:
                b["buiten_hoofdkader"] = True
        keep_labels_apart(result, {by_iri[c]: c for c in concepts}, self.used)
        kader["collecties"] = self._collections(result, by_iri, base)
        # The top concepts the source declares (either direction); none declared, none
        # exported (the site derives them). The scheme's dct:language stays in overige_rdf.
        tops = [c for c in concepts if scheme is not None and (
            (c, SKOS.topConceptOf, scheme) in g or (scheme, SKOS.hasTopConcept, c) in g)]
        for concept in tops:
            for triple in ((concept, SKOS.topConceptOf, scheme), (scheme, SKOS.hasTopConcept,
                                                                   concept)):
                self.use(triple)  # type: ignore[arg-type]
        if tops:
            kader["topbegrippen"] = sorted(by_iri[c] for c in tops)
        if result.kaders:
            kader["kaders"] = result.kaders
        return result

    def _nevenkader(self, scheme: URIRef, concepts: list[URIRef],
                    ids: dict[Node, str]) -> dict[str, Any]:
        """One of the other schemes of the file: its titel for the site (its own title and
        labels stay in overige_rdf), uitleg, IRI and declared top concepts."""
        g = self.graph
        self.use((scheme, RDF.type, SKOS.ConceptScheme))
        entry: dict[str, Any] = {
            "titel": self.texts(scheme, DCTERMS.title, False) or
            self.texts(scheme, SKOS.prefLabel, False) or self.texts(scheme, RDFS.label, False)
            or {NO_LANG: str(scheme)},
            "uitleg": self.texts(scheme, RDFS.comment), "uri": str(scheme)}
        tops = [c for c in concepts if (c, SKOS.topConceptOf, scheme) in g or
                (scheme, SKOS.hasTopConcept, c) in g]
        for concept in tops:
            self.use((concept, SKOS.topConceptOf, scheme))
            self.use((scheme, SKOS.hasTopConcept, concept))
        entry["topbegrippen"] = sorted(ids[c] for c in tops)
        return entry

    def _publisher(self, scheme: URIRef, kader: dict[str, Any]) -> None:
        g = self.graph
        publishers = list(g.objects(scheme, DCTERMS.publisher))
        if len(publishers) != 1:
            return
        node = publishers[0]
        if isinstance(node, Literal):
            kader["uitgever"] = {_lang(node): str(node)}
            self.use((scheme, DCTERMS.publisher, node))
            return
        triples = set(g.triples((node, None, None)))
        names = [o for _, p, o in triples if p == FOAF.name]
        if isinstance(node, BNode) and triples == {(node, RDF.type, FOAF.Agent)} | {
                (node, FOAF.name, n) for n in names} and len(list(g.subjects(None, node))) == 1:
            kader["uitgever"] = self.texts(node, FOAF.name)
            if len(kader["uitgever"]) == len(names):
                self.used.update(triples | {(scheme, DCTERMS.publisher, node)})
            else:
                del kader["uitgever"]

    def _concept(self, c: URIRef, ids: dict[Node, str], base: str) -> dict[str, Any]:
        g = self.graph
        b: dict[str, Any] = {}
        ident = ids[c]
        self.use((c, RDF.type, SKOS.Concept))
        b["voorkeursterm"] = self.texts(c, SKOS.prefLabel)
        for key, predicate in TEXT_KEYS.items():
            b[key] = self.texts(c, predicate)
        for key, predicate in LIST_KEYS.items():
            b[key] = self.lists(c, predicate)
        # rdfs:label only where the source has it: the export of an imported kader does not
        # derive it from the voorkeursterm.
        b["naam"] = self.texts(c, RDFS.label)
        b["notaties"] = sorted(str(o) for o in g.objects(c, SKOS.notation) if _is_plain(o))
        self.used.update((c, SKOS.notation, Literal(n)) for n in b["notaties"])
        self.used.update((c, SKOS.notation, Literal(n, datatype=XSD.string))
                         for n in b["notaties"])
        b["bronnen"] = self._sources(c)
        for key, (down, up) in BROADER.items():
            b[key] = sorted({ids[o] for o in g.objects(c, down) if o in ids and o != c} |
                            {ids[s] for s in g.subjects(up, c) if s in ids and s != c})
            self.used.update((c, down, o) for o in g.objects(c, down) if o in ids and o != c)
            self.used.update((s, up, c) for s in g.subjects(up, c) if s in ids and s != c)
        # skos:related together with broader on one pair (SKOS forbids it) is not a key:
        # it stays, as the source said it, in overige_rdf, where check warns about it.
        broader = set(g.objects(c, SKOS.broader)) | set(g.subjects(SKOS.narrower, c))
        narrower = set(g.subjects(SKOS.broader, c)) | set(g.objects(c, SKOS.narrower))
        related = sorted((o for o in g.objects(c, SKOS.related) if o in ids and o != c
                          and o not in broader and o not in narrower), key=str)
        b["gerelateerd"] = sorted({ids[o] for o in related})
        self.used.update((c, SKOS.related, o) for o in related)
        koppelingen: dict[str, list[str]] = {}
        for relation in MATCHES:
            targets = sorted(str(o) for o in g.objects(c, SKOS[relation])
                             if self._mappable(c, o, ids, base))
            if targets:
                koppelingen[relation] = targets
                for target in targets:
                    self.use((c, SKOS[relation], URIRef(target)))
        b["koppelingen"] = koppelingen
        deprecated = (c, OWL.deprecated, Literal(True)) in g
        statuses = [STATUS_BY_IRI[o] for o in g.objects(c, ADMS.status)
                    if isinstance(o, URIRef) and o in STATUS_BY_IRI]
        status = "verouderd" if deprecated else (statuses[0] if len(statuses) == 1 else "")
        if status:
            b["status"] = status
            self.use((c, ADMS.status, STATUS_IRI[status]))
            if deprecated:
                self.use((c, OWL.deprecated, Literal(True)))
                replaced = [o for o in g.objects(c, DCTERMS.isReplacedBy) if o in ids]
                if len(replaced) == 1:
                    b["vervangen_door"] = ids[replaced[0]]
                    self.use((c, DCTERMS.isReplacedBy, replaced[0]))
        if str(c) != base + ident:
            b["uri"] = str(c)
        return b

    def _mappable(self, c: URIRef, target: Node, ids: dict[Node, str], base: str) -> bool:
        """A mapping that gets a key: to another vocabulary's concept, or to a concept of
        this file that shares no scheme with `c` (a mapping between the file's schemes,
        shown as a link to its page). Within one scheme it stays in overige_rdf."""
        if target in ids:
            return not set(self.homes[c]) & set(self.homes[target])  # type: ignore[index]
        return isinstance(target, URIRef) and str(target).startswith(
            ("http://", "https://")) and not str(target).startswith(base)

    def _sources(self, c: URIRef) -> list[dict[str, Any]]:
        g, bronnen = self.graph, []
        for node in sorted(g.objects(c, DCTERMS.source), key=lambda n: (isinstance(n, BNode),
                                                                          str(n))):
            if isinstance(node, URIRef):
                bronnen.append({"uri": str(node)})
                self.use((c, DCTERMS.source, node))
                continue
            triples = set(g.triples((node, None, None)))
            known = {RDF.type, DCTERMS.title, FOAF.page, DCTERMS.bibliographicCitation}
            pages = [o for _, p, o in triples if p == FOAF.page]
            cites = [o for _, p, o in triples if p == DCTERMS.bibliographicCitation]
            types = {o for _, p, o in triples if p == RDF.type}
            titles = [o for _, p, o in triples if p == DCTERMS.title]
            simple = (isinstance(node, BNode) and {p for _, p, _ in triples} <= known
                      and types <= {FOAF.Document} and len(pages) <= 1 and len(cites) <= 1
                      and all(isinstance(p, URIRef) for p in pages)
                      and all(_is_plain(o) for o in cites)
                      and all(isinstance(t, Literal) for t in titles)
                      and len({_lang(t) for t in titles}) == len(titles)  # type: ignore[arg-type]
                      and len(list(g.subjects(None, node))) == 1)
            if not simple:
                continue  # kept whole, as overige_rdf
            bron: dict[str, Any] = {"titel": self.texts(node, DCTERMS.title)}
            if pages:
                bron["url"] = str(pages[0])
            if cites:
                bron["citatie"] = str(cites[0])
            bronnen.append(bron)
            self.used.update(triples | {(c, DCTERMS.source, node)})
        return bronnen

    def _collections(self, result: Scheme, ids: dict[Node, str],
                     base: str) -> dict[str, dict[str, Any]]:
        """Every collection of the file."""
        g, collecties = self.graph, {}
        collections = sorted(s for s in g.subjects(RDF.type, SKOS.Collection)
                             if isinstance(s, URIRef))
        members = {col: [m for m in g.objects(col, SKOS.member) if m in ids]
                   for col in collections}
        mine = collections
        col_ids = unique_ids([str(col) for col in mine], "")
        for col in mine:
            ident = col_ids[str(col)]
            self.use((col, RDF.type, SKOS.Collection))
            entry: dict[str, Any] = {"naam": self.texts(col, SKOS.prefLabel) or
                                     self.texts(col, RDFS.label) or {NO_LANG: ident},
                                     "uitleg": self.texts(col, RDFS.comment)}
            if str(col) != f"{domain(base)}id/collectie/{ident}":
                entry["uri"] = str(col)
            collecties[ident] = entry
            for member in sorted(members[col], key=str):
                result.begrippen[ids[member]].setdefault("collecties", []).append(ident)
                self.use((col, SKOS.member, member))
        return collecties


# libyaml's emitter when PyYAML has it: the pure-Python one took 17 ms per concept file,
# more than everything else the import does together.
def import_file(path: Path, out: Path, lossy: bool = False) -> tuple[list[Path], list[str]]:
    """Write the content folder for the vocabulary in `path`: one project, whatever the
    number of schemes in the file. Returns ([folder], dropped)."""
    if out.exists() and not out.is_dir():
        raise KennisbankError(f"kennisbank: --out {str(out)!r} is een bestand, geen map; kies "
                              "een lege of nieuwe map", exit_code=2)
    if out.exists() and any(out.iterdir()):
        raise KennisbankError(f"{out} bestaat al en is niet leeg; kies een lege map met --out")
    graph = parse(path)
    importer = Importer(graph, path.stem)
    scheme = importer.run()
    if not scheme.begrippen:
        raise KennisbankError(f"{path}: geen skos:Concept gevonden; is dit een SKOS-bestand?")
    staging = Path(tempfile.mkdtemp(prefix=".import-", dir=out.parent if out.parent.exists()
                                    else None))
    dropped: list[str] = []
    namespaces = prefixes(graph)
    try:
        (staging / "begrippen").mkdir(parents=True)
        for (kind, owner), rest in sorted(rest_of(graph, importer.used, scheme).items()):
            if lossy:
                from kennisbank.rdf.write import ntriples

                dropped += [line for line in ntriples(rest).decode().splitlines() if line]
                continue
            target = scheme.begrippen[owner] if kind == BEGRIP else \
                scheme.kaders[owner] if kind == NEVENKADER else scheme.kader
            target["overige_rdf"] = as_turtle(rest, namespaces)
        choose_profile(scheme)
        from kennisbank.content.model import Kader
        from kennisbank.skos.mapping import scheme_iri

        derived = scheme_iri(Kader(titel=scheme.kader.get("titel", {}),
                                   basis_uri=scheme.kader["basis_uri"]))
        if scheme.iri is not None and derived != scheme.iri:
            scheme.kader["uri"] = str(scheme.iri)
        (staging / "begrippen" / "_kader.yaml").write_text(dump(scheme.kader, KADER_ORDER),
                                                          encoding="utf-8")
        for ident, begrip in sorted(scheme.begrippen.items()):
            (staging / "begrippen" / f"{ident}.yaml").write_text(
                dump(begrip, BEGRIP_ORDER), encoding="utf-8")
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.exists():
            out.rmdir()
        # mkdtemp makes 0700; the project gets the mode of any new folder, so that a web
        # server's worker can read a site built and served in place.
        staging.chmod(0o777 & ~_umask())
        shutil.move(str(staging), str(out))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out], sorted(dropped)


def _umask() -> int:
    """The process's umask (os.umask can only be read by setting it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
