"""Generate the Markdown (and static files) of the site from the validated model.

`generate` owns a few folders under docs/ entirely: it writes a file only when its content
changes and removes files it no longer produces. `mkdocs build --strict` then builds the
site; nothing here runs inside MkDocs.
"""

from __future__ import annotations

import gc
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Literal
from rdflib.namespace import DC, DCTERMS
from rdflib.term import Node

from kennisbank.content.load import GENERATED
from kennisbank.content.model import Begrip, Inhoud
from kennisbank.content.termen import TermIndex, page_title, usage
from kennisbank.content.vocabulaires import label
from kennisbank.core.findings import KennisbankError
from kennisbank.core.text import fold, plural_forms
from kennisbank.rdf.write import Triple
from kennisbank.site import feedback, iripages, searchindex, termlinks
from kennisbank.site.markup import (
    Output,
    attr,
    external,
    labelled,
    meta,
    nl,
    nl_list,
    paragraphs,
    plain,
    script_json,
    sources,
    text,
)
from kennisbank.site.pages.changes import HistorySite
from kennisbank.site.pages.leidraad import LeidraadPages, without_leidraad
from kennisbank.site.taal import Taal, order_key
from kennisbank.site.termlinks import tooltip
from kennisbank.skos.mapping import (
    EXTENSIONS,
    MEDIA_TYPES,
    collection_iri,
    concept_iris,
    scheme_iri,
    serialize,
    to_triples,
)

HIERARCHY_DEPTH = 8  # levels of nested list on the hierarchy page
OWNED = GENERATED  # folders under docs/ that belong to the generator (gitignored)
STATUS_TEXT = {
    "ontwerp": ("warning", "Ontwerp", "Dit is een werkdefinitie. Het programma heeft dit "
                "begrip nog niet vastgesteld."),
    "vastgesteld": ("success", "Vastgesteld", "Dit begrip is vastgesteld."),
    "verouderd": ("danger", "Verouderd", "Dit begrip wordt niet meer gebruikt."),
}
MATCH_TEXT = {"exactMatch": "komt exact overeen met", "closeMatch": "komt grotendeels overeen met",
              "broadMatch": "is smaller dan", "narrowMatch": "is breder dan",
              "relatedMatch": "is verwant aan"}  # read as "this concept ... that concept"
OTHERS = "0–9 en overige"  # the A–Z section of terms that start with a digit or symbol


@dataclass
class Stats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    changed: set[str] = field(default_factory=set)  # paths written or removed


# What the generator wrote last time, one path per line (relative to docs/; MkDocs skips
# dot files). Only those are ever removed again.
MANIFEST = ".kennisbank-bestanden"


def sync(docs: Path, output: Output) -> Stats:
    """Make the owned folders hold exactly `output`, touching only what changed.

    Never follows a symbolic link (a committed `docs/downloads -> /elders` would otherwise
    make the build write there and delete the rest) and never removes a file it did not
    write: stale files are those of the previous run's manifest. A file in an owned folder
    that the generator did not write stops the build, so it is not lost either. (Before the
    first manifest exists, the owned folders are trusted to hold generated files only, as
    documented.)
    """
    _refuse_links(docs)
    manifest = docs / MANIFEST
    previous = set(manifest.read_text(encoding="utf-8").splitlines()) \
        if manifest.is_file() else None
    present = {path.relative_to(docs).as_posix() for folder in OWNED
               for path in _files(docs / folder)}
    strangers = sorted(present - set(output.files) - (previous if previous is not None
                                                       else present))
    if strangers:
        raise KennisbankError(
            f"{len(strangers)} bestand(en) in de mappen van de generator zijn niet door "
            f"kennisbank gemaakt: {', '.join('docs/' + s for s in strangers[:5])}"
            f"{' ...' if len(strangers) > 5 else ''}; deze mappen ({', '.join(OWNED)}) "
            "maakt kennisbank zelf, zet eigen bestanden ergens anders (bijvoorbeeld in "
            "docs/assets/); er is niets veranderd")
    stats = Stats()
    # Compare first, then write in one burst: a watching engine (`kennisbank serve`) then
    # sees one change and builds once.
    changed = []
    for rel, data in sorted(output.files.items()):
        target = docs / rel
        if target.is_file() and target.read_bytes() == data:
            stats.unchanged += 1
        else:
            changed.append((rel, target, data))
    for rel, target, data in changed:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
        stats.written += 1
        stats.changed.add(rel)
    for rel in sorted(present - set(output.files), reverse=True):
        (docs / rel).unlink()
        stats.removed += 1
        stats.changed.add(rel)
    for folder in OWNED:
        for dirpath, _, _ in sorted(os.walk(docs / folder), reverse=True):
            if not os.listdir(dirpath):
                os.rmdir(dirpath)
    listing = "".join(f"{rel}\n" for rel in sorted(output.files))
    if previous is None or set(listing.splitlines()) != previous:  # untouched: no rebuild
        tmp = docs / f"{MANIFEST}.tmp"
        tmp.write_text(listing, encoding="utf-8")
        tmp.replace(manifest)
    return stats


def _files(folder: Path) -> list[Path]:
    """The regular files under `folder` (links were refused before)."""
    return [Path(dirpath) / name for dirpath, _, names in os.walk(folder) for name in names]


def _refuse_links(docs: Path) -> None:
    """Stop before anything is written when docs/ leads outside its project or an owned
    folder is, or holds, a symbolic link."""
    if docs.is_symlink() and not docs.resolve().is_relative_to(docs.parent.resolve()):
        raise KennisbankError(f"{docs} is een symbolische koppeling naar {docs.resolve()}, "
                              "buiten het project; kennisbank schrijft daar niet")
    links = []
    for folder in OWNED:
        root = docs / folder
        if root.is_symlink():
            links.append(root)
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            links += [Path(dirpath) / name for name in dirnames + filenames
                      if (Path(dirpath) / name).is_symlink()]
    if links:
        shown = ", ".join(str(link.relative_to(docs.parent)) for link in links[:5])
        what = "is een symbolische koppeling" if len(links) == 1 else \
            "zijn symbolische koppelingen"
        raise KennisbankError(
            f"de generator schrijft en verwijdert alleen in eigen mappen, maar {shown} {what}; "
            "verwijder de koppeling (de map is gegenereerd en staat niet in git); er is niets "
            "veranderd")


class Site:
    def __init__(self, inhoud: Inhoud, engine: str = "mkdocs"):
        if inhoud.kader is None:
            raise ValueError("the site needs begrippen/_kader.yaml")
        self.inhoud, self.kader = inhoud, inhoud.kader
        self.begrippen = inhoud.begrippen
        self.pages = inhoud.paginas or {}
        self.iris = concept_iris(inhoud)
        self.narrower: dict[str, list[str]] = {}
        self.related: dict[str, set[str]] = {}
        for ident in sorted(self.begrippen):
            b = self.begrippen[ident]
            for target in b.breder:
                self.narrower.setdefault(target, []).append(ident)
            for target in b.gerelateerd:
                self.related.setdefault(ident, set()).add(target)
                self.related.setdefault(target, set()).add(ident)
        self.triples = to_triples(inhoud)
        self.leidraad = LeidraadPages(inhoud, lambda ident: str(self.iris[ident]), engine) \
            if inhoud.leidraad is not None else None
        self.terms = TermIndex.of(inhoud)
        self.usage = usage(inhoud, self.terms)
        self.tooltips = {ident: tooltip(nl(b.definitie)) for ident, b in self.begrippen.items()}
        self.history = HistorySite(inhoud, self.iris)
        self.about: dict[Node, list[Triple]] = {}
        self._rdfxml: dict[str, bytes | None] = {}
        self.unwritable: set[str] = set()  # formats the whole scheme cannot be written in
        for triple in self.triples:
            self.about.setdefault(triple[0], []).append(triple)
        self.taal = Taal(self.kader.taal)

    def term(self, ident: str) -> str:
        """The voorkeursterm in the display language (`taal` in _kader.yaml)."""
        return self.taal.pick(self.begrippen[ident].voorkeursterm)[1]

    def term_md(self, ident: str) -> str:
        """The voorkeursterm as inert Markdown, marked with its language when foreign."""
        return self.taal.inline(*self.taal.pick(self.begrippen[ident].voorkeursterm))

    def order(self, ident: str) -> tuple[object, ...]:
        """Sort key of a concept in lists: its notation when it has one, else its term."""
        return order_key(self.begrippen[ident].notaties, self.term(ident))

    def link(self, ident: str, prefix: str = "") -> str:
        return f"[{self.term_md(ident)}]({prefix}{ident}.md)"

    def generate(self) -> Output:
        out = self.concepts(sorted(self.begrippen))
        self.scheme_downloads(out)  # before rest(): the downloads page lists what it wrote
        self.rest(out)
        self.iri_documents(out)
        self.history.generate(out)
        searchindex.write(self.inhoud, out)
        return out

    def concepts(self, ids: list[str]) -> Output:
        out = Output()
        for ident in ids:
            self.concept(out, self.begrippen[ident])
        return out

    def rest(self, out: Output) -> None:
        """The index pages, the leidraad and the vocabularies."""
        out.add("begrippen/index.md", self.a_to_z())
        out.add("begrippen/hierarchie.md", self.hierarchy())
        for ident in sorted(self.kader.collecties):
            out.add(f"begrippen/collectie/{ident}.md", self.collection(ident))
        out.add("begrippen/collecties.md", self.collections())
        if self.leidraad is not None:
            self.leidraad.generate(out)
        else:
            without_leidraad(out)
        self.vocabularies(out)
        out.add("downloads/index.md", self.downloads())

    def scheme_downloads(self, out: Output) -> None:
        for fmt, ext in EXTENSIONS.items():
            try:
                out.add(f"downloads/begrippenkader.{ext}", serialize(self.triples, fmt))
            except ValueError:  # RDF/XML: a predicate without XML name (profiel: skos)
                self.unwritable.add(fmt)

    # -- concept pages -------------------------------------------------------------------

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

    def concept(self, out: Output, b: Begrip) -> None:
        iri = str(self.iris[b.id])
        graph = self.concept_triples(b)
        out.add(f"begrippen/{b.id}.ttl", serialize(graph, "turtle"))
        jsonld = serialize(graph, "jsonld")
        out.add(f"begrippen/{b.id}.jsonld", jsonld)
        term_lang, term = self.taal.pick(b.voorkeursterm)
        def_lang, definitie = self.taal.pick(b.definitie)
        lines = [
            "---",
            f"title: {meta(term)}",
            f"description: {meta(definitie)}",
            "kennisbank_begrip:",
            f"  iri: {json.dumps(iri)}",
            f"  turtle: {json.dumps(b.id + '.ttl')}",
            f"  jsonld: {json.dumps(b.id + '.jsonld')}",
            *([f"  rdfxml: {json.dumps(b.id + '.rdf')}"] if self.rdfxml_ok(b) else []),
            # Material's search weighs tags a thousand times a title: the voorkeursterm, the
            # alternatieve termen (shown on the page anyway) and the zoektermen that are only
            # their plurals rank the concept first. The search results insert tags as HTML,
            # so they are escaped like the title.
            f"tags: [{', '.join(meta(t) for t in search_tags(b))}]",
            "search:",
            "  boost: 4",
            "---",
            "",
            f"# {text(term)}" + (f" {self.taal.block_attrs(term_lang)}"
                                 if self.taal.foreign(term_lang) else ""),
            "",
        ]
        lines += self.notation_lines(b)
        kind, label, explanation = STATUS_TEXT[b.status]
        if b.status != "vastgesteld" and self.states_status(b):
            extra = ""
            if b.status == "verouderd" and b.vervangen_door:
                extra = f" Gebruik {self.link(b.vervangen_door)}."
            lines += [f'!!! {kind} "Status: {label}"', f"    {explanation}{extra}", ""]
        lines += [text(definitie), self.taal.block_attrs(def_lang, ".kb-definitie"), ""]
        alt_lang, alt = self.taal.pick_list(b.alternatieve_termen)
        hidden = [t for terms in b.zoektermen.values() for t in terms] + \
            [t for lang, terms in b.alternatieve_termen.items() if lang != alt_lang
             for t in terms] + \
            [t for lang, t in b.voorkeursterm.items() if lang != term_lang]
        if hidden:
            # Not shown and not read out, but indexed by the search: a zoekterm or a term in
            # another language finds the concept without being presented as one of its terms.
            lines += [f'<p class="kb-zoektermen" hidden>{plain(" · ".join(hidden))}</p>', ""]
        others = {lang: t for lang, t in b.voorkeursterm.items() if lang != term_lang}
        if others:
            lines += ['<p class="kb-vertalingen">' + "; ".join(
                (f'<span lang="{attr(lang)}">{plain(t)}</span> ({attr(lang)})'
                 if lang != "und" else f"{plain(t)} (zonder taal)")
                for lang, t in sorted(others.items())) + "</p>", ""]
        if b.uitleg:
            lines += ["## Uitleg", "", self.taal.paragraphs(*self.taal.pick(b.uitleg)), ""]
        if alt:
            lines += ["## Andere termen", "", "Ook wel: " + ", ".join(
                f"*{self.taal.inline(alt_lang, t)}*" for t in alt) + ".", ""]
        if b.toelichting:
            lines += ["## Toelichting", "", self.taal.paragraphs(*self.taal.pick(b.toelichting)),
                      ""]
        ex_lang, examples = self.taal.pick_list(b.voorbeelden)
        if examples:
            lines += ["## Voorbeelden", "", *[f"- {self.taal.inline(ex_lang, e)}"
                                              for e in examples], ""]
        relations = self.relations(b)
        if relations:
            lines += ["## Relaties", "", *relations, ""]
        if b.collecties:
            lines += ["## Collecties", "", *[
                f"- [{text(nl(self.kader.collecties[c].naam))}](collectie/{c}.md)"
                for c in b.collecties], ""]
        lines += self.used_in(b.id)
        lines += self.source_lines(b)
        mappings = [(rel, target) for rel, _, target in b.koppelingen.items()]
        if mappings:
            lines += ["## In andere begrippenkaders", "",
                      *[f"- {self.mapping(rel, target, '../')}" for rel, target in mappings], ""]
        lines += [
            "## Gegevens", "",
            '<div class="kb-gegevens" markdown="0">',
            f'<p>IRI: <code class="kb-iri">{attr(iri)}</code> '
            f'<button type="button" class="kb-kopieer md-button" data-kopieer="{attr(iri)}">'
            'Kopieer IRI</button></p>',
            "</div>", "",
            # A Markdown paragraph, not raw HTML: both engines resolve its links from the
            # source file (Zensical rewrites a raw href from there, MkDocs leaves it alone).
            f'Download dit begrip als [Turtle]({b.id}.ttl){{ type="text/turtle" }}, '
            f'[JSON-LD]({b.id}.jsonld){{ type="application/ld+json" }}'
            f'{self.rdfxml_link(b)}.', "",
            *self.history.concept_lines(b),
            *self.feedback(b, iri),
            '<script type="application/ld+json">',
            script_json(jsonld.decode("utf-8")),
            "</script>", "",
        ]
        out.add(f"begrippen/{b.id}.md", "\n".join(lines))

    def notation_prefix(self, ident: str) -> str:
        """'`1.2` ' before a term in lists, when the concept has a notation."""
        notaties = self.begrippen[ident].notaties
        return f"`{notaties[0]}` " if notaties and "`" not in notaties[0] else ""

    def states_status(self, b: Begrip) -> bool:
        """False for a concept of a `profiel: skos` kader whose file gives no status: the
        site must not say that the programme has (not yet) adopted another's concept."""
        return self.kader.profiel != "skos" or "status" in b.locs

    def notation_lines(self, b: Begrip) -> list[str]:
        if not b.notaties:
            return []
        name = "Notatie" if len(b.notaties) == 1 else "Notaties"
        return [f'<p class="kb-notatie">{name}: ' + ", ".join(
            f"<code>{plain(n)}</code>" for n in b.notaties) + "</p>", ""]

    def literal_sources(self, b: Begrip) -> list[Literal]:
        """Sources given as text (`dct:source "Wet ..."`), kept in overige_rdf."""
        found = {o for _, p, o in self.about.get(self.iris[b.id], [])
                 if p in (DCTERMS.source, DC.source) and isinstance(o, Literal)}
        return sorted(found, key=lambda lit: (str(lit), lit.language or ""))

    def source_lines(self, b: Begrip) -> list[str]:
        """The 'Bronnen' section: the sources of the format and those given as text."""
        lines = sources(b.bronnen)
        literals = self.literal_sources(b)
        if not literals:
            return lines
        items = [f"- {self.taal.inline(lit.language or 'und', str(lit))}" for lit in literals]
        if not lines:
            return ["## Bronnen", "", '<div class="kb-geen-links" markdown="1">', "",
                    *items, "", "</div>", ""]
        end = len(lines) - 3  # before the blank line and </div> that close the list
        return lines[:end] + items + lines[end:]

    def feedback(self, b: Begrip, iri: str) -> list[str]:
        """'Meld een fout of stel een vraag', with the concept and its version filled in."""
        _, modified = self.history.dates(f"begrippen/{b.id}.yaml", b)
        term = self.term(b.id)
        return feedback.block(self.kader.contact, f"Begrip ‘{term}’: melding of vraag", [
            ("Begrip", term), ("IRI", iri),
            ("Versie van het begrippenkader", self.kader.versie),
            ("Status", b.status), ("Laatst gewijzigd", modified or "")], "over dit begrip")

    def mapping(self, relation: str, target: str, prefix: str) -> str:
        """'Dit begrip komt exact overeen met *label* in Vocabulaire: definitie.'"""
        known = self.inhoud.extern.get(target)
        if known is None:
            return (f"{MATCH_TEXT[relation].capitalize()} {external(target)} (uit een "
                    "begrippenkader dat hier niet is ingelezen)")
        vocab = self.inhoud.vocabulaires[known.vocabulaire]
        shown = label(known.voorkeursterm, target)
        line = (f"{MATCH_TEXT[relation].capitalize()} {labelled(shown, target)} in "
                f"[{text(nl(vocab.naam))}]({prefix}vocabulaires/{vocab.id}.md)")
        if known.definitie:
            line += f": {text(label(known.definitie))}"
        return line

    def vocabularies(self, out: Output) -> None:
        """A page per vocabulary in vocabulaires/ with our concepts that map into it."""
        links: dict[str, list[tuple[str, str, str]]] = {v: [] for v in self.inhoud.vocabulaires}
        for ident in sorted(self.begrippen, key=lambda i: fold(self.term(i))):
            for relation, _, target in self.begrippen[ident].koppelingen.items():
                known = self.inhoud.extern.get(target)
                if known is not None:
                    links[known.vocabulaire].append((ident, relation, target))
        sizes: dict[str, int] = {}
        for known in self.inhoud.extern.values():
            sizes[known.vocabulaire] = sizes.get(known.vocabulaire, 0) + 1
        index = ["---", "title: Andere begrippenkaders", "---", "", "# Andere begrippenkaders",
                 "", "Begrippen uit dit kader verwijzen met SKOS-koppelingen naar begrippen van "
                 "andere organisaties. Deze begrippenkaders staan als bestand in de map "
                 "`vocabulaires/`, zodat de site hun namen en definities toont zonder ze "
                 "op te halen.", ""]
        if not self.inhoud.vocabulaires:
            index += ["Er zijn nog geen begrippenkaders van andere organisaties ingelezen.", ""]
        for vid, vocab in sorted(self.inhoud.vocabulaires.items()):
            index.append(f"- [{text(nl(vocab.naam))}]({vid}.md): {sizes.get(vid, 0)} begrippen, "
                         f"{len(links[vid])} koppelingen vanuit dit kader")
            page = ["---", f"title: {meta(nl(vocab.naam))}", "---", "",
                    f"# {text(nl(vocab.naam))}", ""]
            facts = [("Uitgever", text(nl(vocab.uitgever)) if vocab.uitgever else ""),
                     ("Bron", labelled(vocab.bron, vocab.bron)),
                     ("Licentie", labelled(vocab.licentie, vocab.licentie)),
                     ("Opgehaald op", text(vocab.opgehaald)),
                     ("Begrippen", str(sizes.get(vid, 0)))]
            page += [f"- **{name}:** {value}" for name, value in facts if value] + [""]
            page += ["## Koppelingen vanuit dit kader", ""]
            if links[vid]:
                page += ["| begrip | relatie | begrip in dit kader |", "| --- | --- | --- |"]
                for ident, relation, target in links[vid]:
                    shown = label(self.inhoud.extern[target].voorkeursterm, target)
                    page.append(f"| {self.link(ident, '../begrippen/')} | "
                                f"{MATCH_TEXT[relation]} | {labelled(shown, target)} |")
            else:
                page.append("Nog geen begrip uit dit kader verwijst naar dit begrippenkader.")
            page.append("")
            out.add(f"vocabulaires/{vid}.md", "\n".join(page))
        out.add("vocabulaires/index.md", "\n".join(index))

    def used_in(self, ident: str) -> list[str]:
        """'Gebruikt in': the steps, concepts and pages where the concept's terms occur."""
        lines = []
        steps = self.usage.steps.get(ident, set())
        if self.leidraad and steps:
            lines += ["### In de leidraad", "", *[
                f"- [{text(self.leidraad.label(stap))}](../leidraad/{stap}.md)"
                for stap in self.leidraad.order if stap in steps], ""]
        concepts = sorted(self.usage.concepts.get(ident, set()),
                          key=lambda i: fold(self.term(i)))
        if concepts:
            lines += ["### In andere begrippen", "", *[f"- {self.link(i)}" for i in concepts], ""]
        pages = sorted(self.usage.pages.get(ident, set()))
        if pages:
            lines += ["### Op pagina's", "", *[
                f"- [{text(page_title(self.pages[rel], rel))}](../{rel})" for rel in pages], ""]
        return ["## Gebruikt in", "", *lines] if lines else []

    def relations(self, b: Begrip) -> list[str]:
        rows = []
        for kind, ids in (("Breder", b.breder),
                          ("Smaller", sorted(self.narrower.get(b.id, []), key=self.order)),
                          ("Gerelateerd", sorted(self.related.get(b.id, set()), key=self.order))):
            if ids:
                rows.append(f"- **{kind}:** " + ", ".join(self.link(i) for i in ids))
        return rows

    # -- IRIs that resolve (kennisbank.site.iripages) -----------------------------------------

    def concept_rdfxml(self, b: Begrip) -> bytes | None:
        """The concept as RDF/XML; None when a predicate of its overige_rdf has no XML name
        (allowed, with a warning, under `profiel: skos`)."""
        if b.id not in self._rdfxml:
            self._rdfxml[b.id] = iripages.rdfxml(self.concept_triples(b))
        return self._rdfxml[b.id]

    def rdfxml_ok(self, b: Begrip) -> bool:
        return self.concept_rdfxml(b) is not None

    def rdfxml_link(self, b: Begrip) -> str:
        if not self.rdfxml_ok(b):
            return ""
        return f' of [RDF/XML]({b.id}.rdf){{ type="application/rdf+xml" }}'

    def iri_documents(self, out: Output) -> None:
        """At every concept, collection and scheme IRI a page for static hosts; beside every
        HTML page its Turtle, JSON-LD and RDF/XML (the scheme's are the downloads)."""
        for ident in sorted(self.begrippen):
            data = self.concept_rdfxml(self.begrippen[ident])
            formats = ["turtle", "jsonld"]
            if data is not None:
                out.add(iripages.BEGRIP.document(ident, "rdfxml"), data)
                formats.append("rdfxml")
            out.add(*iripages.fallback_page(iripages.BEGRIP, ident, str(self.iris[ident]),
                                            formats))
        for ident in sorted(self.kader.collecties):
            iri = collection_iri(self.kader, ident)
            docs = iripages.documents(iripages.described(self.about, iri))
            for fmt, data in docs.items():
                out.add(iripages.COLLECTIE.document(ident, fmt), data)
            out.add(*iripages.fallback_page(iripages.COLLECTIE, ident, str(iri), docs))
        name = iripages.scheme_name(self.kader)
        written = [fmt for fmt in iripages.DATA_FORMATS
                   if iripages.BEGRIPPENKADER.document(name, fmt) in out.files]
        out.add(*iripages.fallback_page(iripages.BEGRIPPENKADER, name,
                                        str(scheme_iri(self.kader)), written))
        out.add("downloads/begrippenkader.md", self.scheme_page(written))

    def scheme_page(self, formats: list[str]) -> str:
        """The HTML page of the scheme IRI: what the scheme says about itself."""
        kader = self.kader
        title = nl(kader.titel) if kader.titel else "Begrippenkader"
        lines = ["---", f"title: {meta(title)}", "---", "", f"# {text(title)}", ""]
        if kader.uitleg:
            lines += [paragraphs(nl(kader.uitleg)), ""]
        facts = [("IRI", f"`{scheme_iri(kader)}`"),
                 ("Uitgever", text(nl(kader.uitgever)) if kader.uitgever else ""),
                 ("Licentie", labelled(kader.licentie, kader.licentie) if kader.licentie
                  else ""),
                 ("Versie", text(kader.versie) if kader.versie else ""),
                 ("Begrippen", f"{len(self.begrippen)} (zie [A–Z](../begrippen/index.md) en de "
                  "[hiërarchie](../begrippen/hierarchie.md))")]
        lines += [f"- **{name}:** {value}" for name, value in facts if value] + [""]
        tops = sorted((i for i, b in self.begrippen.items() if not b.breder),
                      key=lambda i: fold(self.term(i)))
        if tops:
            lines += ["## Topbegrippen", "", *[f"- {self.link(i, '../begrippen/')}"
                                              for i in tops], ""]
        if kader.collecties:
            lines += ["## Collecties", "", *[
                f"- [{text(nl(c.naam))}](../begrippen/collectie/{ident}.md)"
                for ident, c in sorted(kader.collecties.items(),
                                       key=lambda kv: fold(nl(kv[1].naam)))], ""]
        names = iripages.FORMAT_NAMES
        links = [f"[{names[fmt]}](begrippenkader{iripages.DOCUMENTS[fmt][0]})" for fmt in formats]
        lines += ["## Als gegevens", "",
                  "Het hele begrippenkader als " + ", ".join(links) + "; meer formaten en "
                  "eerdere versies staan bij de [downloads](index.md).", ""]
        return "\n".join(lines)

    # -- index pages ---------------------------------------------------------------------

    def a_to_z(self) -> str:
        entries: list[tuple[str, str, str | None]] = []  # (term, id, alternative of)
        alt_lang: dict[str, str] = {}
        for ident, b in self.begrippen.items():
            entries.append((self.term(ident), ident, None))
            alt_lang[ident], alts = self.taal.pick_list(b.alternatieve_termen)
            for alt in alts:
                entries.append((alt, ident, self.term(ident)))
        entries.sort(key=lambda e: (fold(e[0]), e[0], e[1]))
        groups: dict[str, list[tuple[str, str, str | None]]] = {}
        for entry in entries:
            first = fold(entry[0])[:1].upper()
            groups.setdefault(first if first.isalpha() else OTHERS, []).append(entry)
        lines = ["---", "title: Begrippen A–Z", "search:", "  exclude: true", "---", "",
                 "# Begrippen A–Z", "",
                 f"{len(self.begrippen)} begrippen. Schuingedrukte termen zijn andere namen "
                 "voor een begrip; de pijl wijst naar de voorkeursterm. Zie ook de "
                 "[hiërarchie](hierarchie.md) en de [collecties](collecties.md).", "",
                 '<nav class="kb-letters" aria-label="Naar letter">',
                 " ".join(f'<a href="#letter-{letter.lower() if letter != OTHERS else "overig"}">'
                          f'{letter}</a>' for letter in groups),
                 "</nav>", "",
                 # Filled by docs/assets/zoeken.js; without JavaScript the list below remains.
                 '<div class="kb-termzoeker kb-zoeken-js"></div>', ""]
        start = len(lines)
        for letter, items in groups.items():
            anchor = letter.lower() if letter != OTHERS else "overig"
            lines += [f"## {letter} {{#letter-{anchor}}}", ""]
            for term, ident, preferred in items:
                if preferred is None:
                    lines.append(f"- {self.link(ident)}")
                else:
                    lines.append(f"- *{self.taal.inline(alt_lang[ident], term)}* → "
                                 f"{self.link(ident)}")
            lines.append("")
        # An index of terms: none of them should become a term link of its own.
        lines[start:] = ['<div class="kb-geen-links" markdown="1">', "", *lines[start:],
                         "</div>", ""]
        return "\n".join(lines)

    def hierarchy(self) -> str:
        """The concepts as a tree under their broader concepts. A concept with more than one
        broader concept is shown in full under the first and named, without its narrower
        concepts, under the others: the page grows with the number of relations, not with the
        number of paths (which can be exponential)."""
        by_term = self.order  # notation order where there are notations
        tops = sorted((i for i, b in self.begrippen.items() if not b.breder), key=by_term)
        lines = ["---", "title: Hiërarchie", "search:", "  exclude: true", "---", "",
                 "# Hiërarchie van de begrippen", "",
                 "Elk begrip staat onder zijn bredere begrip. Een begrip met meer dan één "
                 "breder begrip staat volledig onder het eerste en wordt onder de andere "
                 "genoemd.", ""]
        shown: set[str] = set()
        later: list[str] = []  # deep branches, continued below the tree

        def tree(roots: list[str]) -> None:
            stack = [(ident, 0, True) for ident in reversed(roots)]
            while stack:
                ident, depth, is_root = stack.pop()
                indent = "    " * depth
                if ident in shown and not is_root:
                    note = " (de smallere begrippen staan erboven)" \
                        if ident in self.narrower else ""
                    lines.append(f"{indent}- {self.link(ident)}{note}")
                    continue
                shown.add(ident)
                children = sorted(self.narrower.get(ident, []), key=by_term)
                if children and depth == HIERARCHY_DEPTH:
                    lines.append(f"{indent}- {self.link(ident)} (de smallere begrippen staan "
                                 "onder Vervolg)")
                    later.append(ident)
                    continue
                lines.append(f"{indent}- {self.notation_prefix(ident)}{self.link(ident)}")
                stack.extend((child, depth + 1, False) for child in reversed(children))

        tree(tops)
        while later:
            # Nested lists deeper than this are unreadable, and Python-Markdown parses nesting
            # recursively: a long chain would exhaust the stack.
            branch, later = later, []
            lines += ["", "## Vervolg", "",
                      "Diepere takken van de hiërarchie gaan hier verder.", ""]
            tree(branch)
        lines.append("")
        return "\n".join(lines)

    def collection(self, ident: str) -> str:
        collectie = self.kader.collecties[ident]
        members = sorted((i for i, b in self.begrippen.items() if ident in b.collecties),
                         key=self.order)
        lines = ["---", f"title: {meta(nl(collectie.naam))}", "---", "",
                 f"# {text(nl(collectie.naam))}", ""]
        if collectie.uitleg:
            lines += [paragraphs(nl(collectie.uitleg)), ""]
        lines += [f"IRI: `{collection_iri(self.kader, ident)}`", "",
                  f"{len(members)} begrippen:", ""]
        for member in members:
            lines.append(f"- {self.notation_prefix(member)}{self.link(member, '../')}: "
                         f"{self.taal.inline(*self.taal.pick(self.begrippen[member].definitie))}")
        lines.append("")
        return "\n".join(lines)

    def collections(self) -> str:
        lines = ["---", "title: Collecties", "---", "", "# Collecties", ""]
        for ident, collectie in sorted(self.kader.collecties.items(),
                                       key=lambda kv: fold(nl(kv[1].naam))):
            count = sum(1 for b in self.begrippen.values() if ident in b.collecties)
            summary = f": {text(nl(collectie.uitleg))}" if collectie.uitleg else ""
            lines.append(f"- [{text(nl(collectie.naam))}](collectie/{ident}.md) "
                         f"({count}){summary}")
        lines.append("")
        return "\n".join(lines)

    def downloads(self) -> str:
        names = {"turtle": "Turtle", "jsonld": "JSON-LD", "rdfxml": "RDF/XML",
                 "ntriples": "N-Triples"}
        lines = ["---", "title: Downloads", "---", "", "# Downloads", "",
                 f"Het hele begrippenkader ({len(self.begrippen)} begrippen) als SKOS volgens "
                 "NL-SBB, het Nederlandse profiel voor het beschrijven van begrippen.", "",
                 "| formaat | bestand | mediatype |", "| --- | --- | --- |"]
        for fmt, ext in EXTENSIONS.items():
            if fmt in self.unwritable:
                lines.append(f"| {names[fmt]} | niet beschikbaar: RDF/XML kan een predicaat in "
                             "'overige_rdf' niet schrijven | |")
                continue
            lines.append(f"| {names[fmt]} | [begrippenkader.{ext}](begrippenkader.{ext}) | "
                         f"`{MEDIA_TYPES[fmt]}` |")
        if self.leidraad:
            lines.append("| Leidraad (JSON: stappen, vragen, acties, uitkomsten, begrip-IRI's) | "
                         "[leidraad.json](leidraad.json) | `application/json` |")
        lines += ["", f"Begrippenkader-IRI: `{scheme_iri(self.kader)}`", ""]
        if self.kader.versie:
            lines += [f"Versie: {text(self.kader.versie)}", ""]
        if self.kader.licentie:
            lines += [f"Licentie: <{self.kader.licentie}>", ""]
        lines += self.history.download_lines()
        return "\n".join(lines)


def search_tags(b: Begrip) -> list[str]:
    """The terms shown on the page, and the zoektermen that are merely their plural forms
    (a word form is no new term; other zoektermen stay hidden)."""
    shown = [nl(b.voorkeursterm), *nl_list(b.alternatieve_termen)]
    forms = {fold(form) for t in shown for form in plural_forms(t)}
    return shown + [t for t in nl_list(b.zoektermen) if fold(t) in forms]


def generate(inhoud: Inhoud, docs: Path, engine: str = "mkdocs") -> tuple[Output, Stats]:
    """Write the generated pages into docs/ and hand the term index to the term links."""
    # As in loading: hundreds of thousands of long-lived objects; the cyclic collector would
    # rescan them again and again (measured: an eighth of the time at 5,000 concepts).
    enabled = gc.isenabled()
    gc.disable()
    try:
        site = Site(inhoud, engine)
        output = site.generate()
    finally:
        if enabled:
            gc.enable()
    termlinks.use(termlinks.Terms(site.terms, site.tooltips))
    # The same terms for an engine or pipeline in another process (termlinks.current).
    output.add(termlinks.DATA_FILE, termlinks.data(site.begrippen, site.tooltips))
    return output, sync(docs, output)
