"""Regeneration after a save in a long-running preview, the page first: a diff of the model
says which pages the save can change (the changed concepts' pages and data documents, those
of the concepts that show them, those whose 'Gebruikt in' changes, the index pages and the
leidraad), and only those are generated and written before the engine builds. The files of the
whole scheme (downloads, IRI documents, search index, history) follow from a full generation
that runs in the background and is dropped when another save comes first.

A save that changes more than text (a term, a relation, a collection, the kader, a
vocabulary, a concept or step added or removed) is generated in full at once. A full
generation here compares with what this process wrote before, in memory, instead of reading
every generated file back from disk. `memoise()` caches the pure, costly steps (serialising
RDF, stemming) for the whole preview.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kennisbank.content.model import Begrip, Inhoud
from kennisbank.content.termen import TermIndex, Usage
from kennisbank.rdf.write import Index, Triples
from kennisbank.site import iripages, project, searchindex, termlinks
from kennisbank.site.context import SiteContext
from kennisbank.site.files import Stats, sync, write_some
from kennisbank.site.generate import Site
from kennisbank.site.markup import Content, Output
from kennisbank.site.pages import changes as historysite
from kennisbank.site.pages import concept as concept_pages
from kennisbank.site.pages import scheme as scheme_pages
from kennisbank.site.pages.leidraad import FOLDER as LEIDRAAD

# A concept whose change touches only these keys changes no label, relation or membership:
# its own page and data, the pages that show its definition, and the uses its text makes.
TEXT_KEYS = frozenset({"definitie", "uitleg", "toelichting", "voorbeelden", "bronnen",
                       "notities", "redactionele_notities", "wijzigingsnotities",
                       "historische_notities"})
# Keys that point at other concepts: a concept shows the terms (and short definitions) of
# those it points at and of those that point at it.
ID_KEYS = ("breder", "breder_generiek", "breder_partitief", "breder_instantie", "gerelateerd",
           "vervangen_door")
_COMPARED = tuple(f.name for f in dataclasses.fields(Begrip) if f.name != "locs")


class Stale(Exception):  # noqa: N818 (a signal, not an error)
    """A background generation overtaken by a newer save."""


def changed_concepts(old: Inhoud, new: Inhoud) -> set[str] | None:
    """The concepts whose text changed, or None when the save changed more than text (or
    anything beside the concepts, the steps and the hand-written pages' prose)."""
    if (old.kader != new.kader or old.vocabulaires != new.vocabulaires
            or old.extern != new.extern or old.begrippen.keys() != new.begrippen.keys()
            or old.stappen.keys() != new.stappen.keys()
            or (old.leidraad is None) != (new.leidraad is None)
            or (old.paginas or {}).keys() != (new.paginas or {}).keys()
            or old.bestanden.keys() != new.bestanden.keys()):
        return None
    changed = set()
    for ident, b in new.begrippen.items():
        before = old.begrippen[ident]
        keys = {name for name in _COMPARED if getattr(before, name) != getattr(b, name)}
        if keys - TEXT_KEYS:
            return None
        if keys:
            changed.add(ident)
    return changed


def affected(old: SiteContext, new: SiteContext, changed: set[str]) -> set[str]:
    """The concepts whose page (or data documents) may differ after the save."""
    result = set(changed)
    for ident in changed:  # relations are the same before and after (TEXT_KEYS)
        result |= _pointed(new.begrippen[ident])
    for ident, b in new.begrippen.items():
        if _pointed(b) & changed:
            result.add(ident)
    result |= _usage_changed(old.usage, new.usage)
    steps = {s for s, stap in new.inhoud.stappen.items() if old.inhoud.stappen[s] != stap}
    pages = {rel for rel, text in (new.inhoud.paginas or {}).items()
             if (old.inhoud.paginas or {})[rel] != text}
    for usage in (old.usage, new.usage):
        result |= {i for i, where in usage.steps.items() if where & steps}
        result |= {i for i, where in usage.pages.items() if where & pages}
    return result & new.begrippen.keys()


def _pointed(b: Begrip) -> set[str]:
    found: set[str] = set()
    for name in ID_KEYS:
        value = getattr(b, name)
        found.update([value] if isinstance(value, str) and value else
                     value if isinstance(value, list) else [])
    return found


def _usage_changed(old: Usage, new: Usage) -> set[str]:
    result = set()
    for before, after in ((old.steps, new.steps), (old.concepts, new.concepts),
                          (old.pages, new.pages)):
        result |= {i for i in before.keys() | after.keys() if before.get(i) != after.get(i)}
    return result


class Generator:
    """The preview's generation: the last site model and what was written, kept between
    saves."""

    def __init__(self, docs: Path, engine: str) -> None:
        self.docs, self.engine = docs, engine
        self.site: Site | None = None
        # docs/-relative: what the last generation made, and what was written (the preview
        # amends a few pages, see serve.Preview._amend).
        self.generated: dict[str, Content] = {}
        self.written: dict[str, Content] | None = None

    def partial(self, inhoud: Inhoud) -> tuple[Output, set[str]] | None:
        """Generate (in memory, nothing written) what the save can change: every page as
        it now is, and the files of the saved concepts and steps themselves, to be written
        first. None when it takes a full generation (the first one, or a change of more
        than text)."""
        if self.site is None or self.written is None:
            return None
        changed = changed_concepts(self.site.ctx.inhoud, inhoud)
        if changed is None:
            return None
        # The triples of every concept the save left as it was are taken as they were (its
        # fields, the relations, the kader and the vocabularies are the same); the places of
        # its keys too, as a `profiel: skos` concept states a status only where its file does.
        old = self.site.ctx.begrippen
        reuse = {ident: own for ident, own in (self.site.ctx.parts or {}).items()
                 if ident not in changed and old[ident].locs == inhoud.begrippen[ident].locs}
        with _no_gc():
            site = Site(inhoud, self.engine, project.own_config(self.docs.parent),
                        parts=True, reuse=reuse)
            # The downloads page says which formats the whole scheme could be written in;
            # that depends on relations and RDF, which a text change leaves as they were.
            site.ctx.unwritable = set(self.site.ctx.unwritable)
            ids = sorted(affected(self.site.ctx, site.ctx, changed))
            out = site.concepts(sorted(changed))
            first = set(out.files)
            out.files.update(site.concepts(sorted(set(ids) - changed)).files)
            for ident in ids:  # the concept's RDF/XML and its page for static hosts
                b = site.ctx.begrippen[ident]
                data = site.ctx.concept_rdfxml(b)
                formats = ["turtle", "jsonld"]
                if data is not None:
                    out.add(iripages.BEGRIP.document(ident, "rdfxml"), data)
                    formats.append("rdfxml")
                out.add(*iripages.fallback_page(iripages.BEGRIP, ident,
                                                str(site.ctx.iris[ident]), formats))
            site.rest(out)
            project.default_pages(inhoud, self.docs, out)
            out.add(termlinks.DATA_FILE, termlinks.data(site.ctx.begrippen, site.ctx.tooltips))
        if not out.files.keys() <= self.written.keys():
            return None  # a file that was not there before: the manifest changes
        steps = {s for s, stap in inhoud.stappen.items()
                 if self.site.ctx.inhoud.stappen.get(s) != stap}
        first |= {f"{LEIDRAAD}/{step}.md" for step in steps} & out.files.keys()
        first.add(termlinks.DATA_FILE)  # the saved pages' tooltips, for an engine elsewhere
        self.generated = {**self.generated, **out.files}
        termlinks.use(termlinks.Terms(site.ctx.terms, site.ctx.tooltips))
        self.site = site
        return Output(dict(self.generated)), first

    def write_changed(self, merged: Output, only: set[str] | None = None) -> Stats:
        """Write the files of `merged` (or of them those in `only`) that differ from what
        was written last."""
        assert self.written is not None  # noqa: S101 (partial() came first)
        names = merged.files.keys() if only is None else only & merged.files.keys()
        changes = {rel: merged.files[rel] for rel in names
                   if self.written.get(rel) is not merged.files[rel]
                   and self.written.get(rel) != merged.files[rel]}
        stats = write_some(self.docs, changes)
        stats.unchanged = len(names) - stats.written
        self.written.update(changes)
        return stats

    def full(self, inhoud: Inhoud,
             stop: Callable[[], bool] = lambda: False) -> tuple[Site, Output]:
        """Everything, in memory (in the background: raises Stale when `stop` says so)."""
        with _no_gc():
            site = Site(inhoud, self.engine, project.own_config(self.docs.parent), parts=True)
            output = site.generate(checkpoint=lambda: _check(stop))
            _check(stop)
            project.default_pages(inhoud, self.docs, output)
            output.add(termlinks.DATA_FILE,
                       termlinks.data(site.ctx.begrippen, site.ctx.tooltips))
        _check(stop)
        return site, output

    def write_full(self, site: Site, output: Output, amend: Callable[[Output], None]) -> Stats:
        """Write a full generation: what differs from what was written last, and the
        manifest; files that went are removed."""
        termlinks.use(termlinks.Terms(site.ctx.terms, site.ctx.tooltips))
        self.generated = dict(output.files)
        amend(output)
        stats = sync(self.docs, output, known=self.written)
        self.site, self.written = site, dict(output.files)
        return stats


def _check(stop: Callable[[], bool]) -> None:
    if stop():
        raise Stale


class _no_gc:  # noqa: N801 (used as a context manager, like contextlib's)
    """The cyclic collector off while generating, as site.generate does."""

    def __enter__(self) -> None:
        self.enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            gc.enable()


def memoise() -> None:
    """Cache the pure, costly steps of generation for a long-running process."""
    if getattr(getattr(historysite, "serialize"), "kennisbank_memo", False):  # noqa: B009
        return
    cache: dict[tuple[Any, ...], bytes] = {}

    def make(serialize: Callable[..., bytes]) -> Callable[..., bytes]:
        @functools.wraps(serialize)
        def cached(triples: Triples, fmt: str, prefixes: Any = None) -> bytes:
            # The key is the set of triples: an Index (sorted once per concept for its
            # formats) and the list it was made of give the same bytes.
            if not isinstance(triples, Index):
                triples = tuple(triples)
            key = (frozenset(triples.triples() if isinstance(triples, Index) else triples),
                   fmt, None if prefixes is None else tuple(sorted(prefixes.items())))
            if key not in cache:
                cache[key] = serialize(triples, fmt, prefixes)
            return cache[key]

        cached.kennisbank_memo = True  # type: ignore[attr-defined]
        return cached

    # Every page module that serialises per concept or per release (not the IRI documents,
    # which were never cached: they are small).
    for module in (concept_pages, scheme_pages, historysite):
        setattr(module, "serialize", make(getattr(module, "serialize")))  # noqa: B009,B010
    TermIndex.MEMOISE = True
    setattr(searchindex, "stems", functools.lru_cache(maxsize=200_000)(searchindex.stems))  # noqa: B010
