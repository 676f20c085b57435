"""Generate the Markdown (and static files) of the site from the validated model.

`generate` owns a few folders under docs/ entirely: it writes a file only when its content
changes and removes files it no longer produces. `mkdocs build --strict` then builds the
site; nothing here runs inside MkDocs.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

from kennisbank.content.model import Inhoud
from kennisbank.core.forked import PARALLEL_FROM, beside, can_fork
from kennisbank.site import project, searchindex, termlinks
from kennisbank.site.context import SiteContext
from kennisbank.site.files import OWNED, Stats, sync
from kennisbank.site.markup import Content, Output
from kennisbank.site.pages import reference, tekstcheck
from kennisbank.site.pages.concept import ConceptPages, search_tags
from kennisbank.site.pages.indexes import IndexPages
from kennisbank.site.pages.kaders import Kaders
from kennisbank.site.pages.leidraad import without_leidraad
from kennisbank.site.pages.scheme import SchemePages
from kennisbank.site.rdfrecord import Notes, RdfRecord
from kennisbank.skos.mapping import Parts

__all__ = ["OWNED", "Site", "Stats", "generate", "search_tags"]


class Site:
    """Every page of the site from one checked model."""

    def __init__(self, inhoud: Inhoud, engine: str = "mkdocs", own_config: bool = True,
                 docs: Path | None = None, parts: bool = False,
                 reuse: Parts | None = None) -> None:
        self.ctx = SiteContext(inhoud, engine, parts, reuse)  # parts, reuse: the preview
        self.docs = docs  # a build: each file is compared with docs/ as it is made (Output)
        if docs is not None:  # and RDF documents are kept when their triples are the same
            self.ctx.record = RdfRecord(docs)
        # A project with its own mkdocs.yml names its own pages; the engine's default
        # configuration names only what this project has (no leidraad without leidraad/).
        self.own_config = own_config
        self.kaders = Kaders(self.ctx)
        self.concept_pages = ConceptPages(self.ctx, self.kaders)
        self.indexes = IndexPages(self.ctx, self.kaders)
        self.scheme = SchemePages(self.ctx, self.kaders)

    def generate(self, checkpoint: Callable[[], None] = lambda: None,
                 parallel: bool = False) -> Output:
        """Every file; `checkpoint` runs between the steps (a background generation in the
        preview stops there when a newer save came). With `parallel` (a build: one thread)
        and a large model, part of it is made in a forked process (the same files)."""
        if parallel and self.docs is not None and \
                can_fork(len(self.ctx.begrippen), PARALLEL_FROM):
            return self._generate_in_two()
        out = self.concepts(sorted(self.ctx.begrippen), checkpoint)
        self.scheme.scheme_downloads(out)  # before rest(): the downloads page lists what it wrote
        checkpoint()
        self.rest(out)
        checkpoint()
        self.scheme.iri_documents(out)
        checkpoint()
        self.ctx.history.generate(out)
        checkpoint()
        searchindex.write(self.ctx.inhoud, out)
        checkpoint()
        out.add(tekstcheck.DATA, tekstcheck.data(self.ctx))
        return out

    def _generate_in_two(self) -> Output:
        """Every file, made in two processes at once: a forked worker makes the share that
        needs no page (the whole scheme's downloads and the search index; at 10,000 concepts
        about as long as the rest), this process the concept pages, the history and the
        text-check data; then the index pages, the leidraad and the documents at every IRI
        here, which need to know which downloads were made. A worker that dies costs only
        time."""
        def share() -> tuple[dict[str, Content], set[str], Notes]:
            return self._share(), self.ctx.unwritable, self.ctx.record.notes

        def mine() -> Output:
            out = self.concepts(sorted(self.ctx.begrippen))
            self.ctx.history.generate(out)
            out.add(tekstcheck.DATA, tekstcheck.data(self.ctx))
            return out

        (files, unwritable, notes), out = beside(share, mine)
        self.ctx.unwritable |= unwritable
        self.ctx.record.notes.update(notes)
        out.files.update(files)
        self.rest(out)
        self.scheme.iri_documents(out)
        return out

    def _share(self) -> dict[str, Content]:
        """The worker's share of a generation in two processes (see `_generate_in_two`)."""
        out = Output(docs=self.docs)
        self.scheme.scheme_downloads(out)
        searchindex.write(self.ctx.inhoud, out)
        return out.files

    def concepts(self, ids: list[str], checkpoint: Callable[[], None] = lambda: None) -> Output:
        out = Output(docs=self.docs)
        for ident in ids:
            self.concept_pages.concept(out, self.ctx.begrippen[ident])
            checkpoint()
        return out

    def rest(self, out: Output) -> None:
        """The index pages, the leidraad and the vocabularies."""
        out.add("begrippen/index.md", self.indexes.a_to_z())
        out.add("begrippen/hierarchie.md", self.indexes.hierarchy())
        for ident in sorted(self.ctx.kader.collecties):
            out.add(f"begrippen/collectie/{ident}.md", self.indexes.collection(ident))
        out.add("begrippen/collecties.md", self.indexes.collections())
        self.kaders.generate(out)
        if self.ctx.leidraad is not None:
            self.ctx.leidraad.generate(out)
        elif self.own_config:
            without_leidraad(out)  # its navigation may still name the leidraad's pages
        self.scheme.vocabularies(out)
        out.add("downloads/index.md", self.scheme.downloads())
        if self.own_config:  # the reference links to the project's page for editors
            out.add(reference.PAGE, reference.format_page(reference.EDITORS in self.ctx.pages))


def generate(inhoud: Inhoud, docs: Path, engine: str = "mkdocs",
             amend: Callable[[Output], None] | None = None,
             parallel: bool = False) -> tuple[Output, Stats]:
    """Write the generated pages into docs/ and hand the term index to the term links.
    `amend` sees (and may change) the output before anything is written. `parallel`: a
    build's process, which may fork (see `Site.generate`)."""
    # As in loading: hundreds of thousands of long-lived objects; the cyclic collector would
    # rescan them again and again (measured: an eighth of the time at 5,000 concepts).
    enabled = gc.isenabled()
    gc.disable()
    try:
        site = Site(inhoud, engine, project.own_config(docs.parent), docs)
        output = site.generate(parallel=parallel)
        project.default_pages(inhoud, docs, output)
    finally:
        if enabled:
            gc.enable()
    termlinks.use(termlinks.Terms(site.ctx.terms, site.ctx.tooltips))
    # The same terms for an engine or pipeline in another process (termlinks.current).
    output.add(termlinks.DATA_FILE, termlinks.data(site.ctx.begrippen, site.ctx.tooltips))
    if amend is not None:
        amend(output)
    stats = sync(docs, output)
    if amend is None:  # docs/ holds the documents as made or kept (amend might change one)
        site.ctx.record.save()
    return output, stats
