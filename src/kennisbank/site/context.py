"""What every page generator reads: the checked model with its derived views (IRIs, narrower
and related concepts, triples per subject, the term index and usage, tooltips, history) and
the small helpers that name and link a concept in the display language."""

from __future__ import annotations

from rdflib import BNode
from rdflib.term import Node

from kennisbank.content.model import Begrip, Inhoud
from kennisbank.content.schema import LangText
from kennisbank.content.termen import TermIndex, usage
from kennisbank.rdf.write import Index, Triple
from kennisbank.site import iripages
from kennisbank.site.pages.changes import HistorySite
from kennisbank.site.pages.leidraad import LeidraadPages
from kennisbank.site.rdfrecord import RdfRecord
from kennisbank.site.taal import Taal, order_key
from kennisbank.site.tooltip import tooltip
from kennisbank.skos.mapping import (
    Parts,
    concept_iris,
    site_top_concepts,
    stated_status,
    to_triples,
    to_triples_kept,
)

# The ISO 25964 kinds of a broader relation (keys of the format), in the order shown; a
# concept's `breder` without a kind is plain SKOS broader.
BROADER_KINDS = ("breder_generiek", "breder_partitief", "breder_instantie")
# How a broader relation of each kind reads on a concept page, from the narrower concept and
# from the broader one, and its short label in the hierarchy ('' is plain skos:broader).
KIND_TEXT = {"": ("Breder", "Smaller", ""),
             "breder_generiek": ("Is een soort van", "Soorten", "soort"),
             "breder_partitief": ("Is onderdeel van", "Onderdelen", "onderdeel"),
             "breder_instantie": ("Is een exemplaar van", "Exemplaren", "exemplaar")}


class SiteContext:
    def __init__(self, inhoud: Inhoud, engine: str = "mkdocs", parts: bool = False,
                 reuse: Parts | None = None) -> None:
        """`parts`: keep each concept's own triples (the preview, for its next save), taking
        those in `reuse` as they are (see skos.mapping.to_triples_kept)."""
        if inhoud.kader is None:
            raise ValueError("the site needs begrippen/_kader.yaml")
        self.inhoud, self.kader = inhoud, inhoud.kader
        self.begrippen = inhoud.begrippen
        self.pages = inhoud.paginas or {}
        self.iris = concept_iris(inhoud)
        self.narrower: dict[str, list[str]] = {}
        self.related: dict[str, set[str]] = {}
        # Every broader concept, of any kind: (concept, broader) → its ISO 25964 kinds
        # (empty for plain skos:broader). A kind alone makes a broader concept too, as
        # isothes:broaderGeneric is a sub-property of skos:broader.
        self.kinds: dict[tuple[str, str], tuple[str, ...]] = {}
        self.broader: dict[str, list[str]] = {}
        for ident in sorted(self.begrippen):
            b = self.begrippen[ident]
            targets = list(dict.fromkeys([*b.breder, *(t for key in BROADER_KINDS
                                                       for t in getattr(b, key))]))
            self.broader[ident] = targets
            for target in targets:
                self.kinds[ident, target] = tuple(key for key in BROADER_KINDS
                                                  if target in getattr(b, key))
                self.narrower.setdefault(target, []).append(ident)
            for target in b.gerelateerd:
                self.related.setdefault(ident, set()).add(target)
                self.related.setdefault(target, set()).add(ident)
        self.parts: Parts | None = None
        if parts:
            self.triples, self.parts = to_triples_kept(inhoud, reuse)
        else:
            self.triples = to_triples(inhoud)
        # The source's top concepts; derived from `breder` only when it declares none.
        self.tops = site_top_concepts(inhoud)
        self.leidraad = LeidraadPages(inhoud, lambda ident: str(self.iris[ident]), engine) \
            if inhoud.leidraad is not None else None
        self.terms = TermIndex.of(inhoud)
        self.usage = usage(inhoud, self.terms)
        self.taal = Taal(self.kader.taal)
        self.tooltips = {ident: tooltip(self.taal.pick(b.definitie)[1])
                         for ident, b in self.begrippen.items()}
        self.history = HistorySite(inhoud, self.iris)
        self.about: dict[Node, list[Triple]] = {}
        self._rdfxml: dict[str, bytes | None] = {}
        # Documents kept from the previous build (a build sets its docs/); whether a kept
        # concept had RDF/XML.
        self.record = RdfRecord(None)
        self.rdfxml_kept: dict[str, bool] = {}
        self.unwritable: set[str] = set()  # formats the whole scheme cannot be written in
        for triple in self.triples:
            self.about.setdefault(triple[0], []).append(triple)

    def term(self, ident: str) -> str:
        """The voorkeursterm in the display language (`taal` in _kader.yaml)."""
        return self.taal.pick(self.begrippen[ident].voorkeursterm)[1]

    def term_md(self, ident: str) -> str:
        """The voorkeursterm as inert Markdown, marked with its language when foreign."""
        return self.taal.inline(*self.taal.pick(self.begrippen[ident].voorkeursterm))

    def text_md(self, value: LangText) -> str:
        """A text (a name, a title) in the display language as inert inline Markdown, marked
        with its language when foreign."""
        return self.taal.inline(*self.taal.pick(value))

    def order(self, ident: str) -> tuple[object, ...]:
        """Sort key of a concept in lists: its notation when it has one, else its term."""
        return order_key(self.begrippen[ident].notaties, self.term(ident))

    def link(self, ident: str, prefix: str = "") -> str:
        return f"[{self.term_md(ident)}]({prefix}{ident}.md)"

    def notation_prefix(self, ident: str) -> str:
        """'`1.2` ' before a term in lists, when the concept has a notation."""
        notaties = self.begrippen[ident].notaties
        return f"`{notaties[0]}` " if notaties and "`" not in notaties[0] else ""

    def states_status(self, b: Begrip) -> bool:
        """False for a concept of a `profiel: skos` kader whose file gives no status: the
        site must not say that the programme has (not yet) adopted another's concept."""
        return bool(stated_status(b, self.kader))

    def concept_triples(self, b: Begrip) -> list[Triple]:
        """The concept's own triples, with those of its blank nodes (its sources)."""
        result: list[Triple] = []
        todo: list[Node] = [self.iris[b.id]]
        while todo:
            for triple in self.about.get(todo.pop(), []):
                result.append(triple)
                if isinstance(triple[2], BNode):
                    todo.append(triple[2])
        return result

    def concept_rdfxml(self, b: Begrip, index: Index | None = None) -> bytes | None:
        """The concept as RDF/XML; None when a predicate of its overige_rdf has no XML name
        (allowed, with a warning, under `profiel: skos`). `index`: its triples, sorted."""
        if b.id not in self._rdfxml:
            self._rdfxml[b.id] = iripages.rdfxml(index or self.concept_triples(b))
        return self._rdfxml[b.id]

    def rdfxml_ok(self, b: Begrip) -> bool:
        if b.id in self.rdfxml_kept:
            return self.rdfxml_kept[b.id]
        return self.concept_rdfxml(b) is not None

    def rdfxml_link(self, b: Begrip) -> str:
        if not self.rdfxml_ok(b):
            return ""
        return f' of [RDF/XML]({b.id}.rdf){{ type="application/rdf+xml" }}'
