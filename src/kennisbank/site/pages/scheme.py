"""The scheme as a whole: its downloads, its IRI page, the pages at every IRI for static hosts,
and a page per other vocabulary that our concepts map into."""

from __future__ import annotations

import re

from kennisbank.content.vocabulaires import label
from kennisbank.core.text import fold
from kennisbank.rdf.write import Index
from kennisbank.site import iripages
from kennisbank.site.context import SiteContext
from kennisbank.site.iripaths import MAP_FILE, IriEntry, map_text
from kennisbank.site.markup import (
    Output,
    labelled,
    meta,
    nl,
    text,
)
from kennisbank.site.pages.changes import dutch_date
from kennisbank.site.pages.concept import MATCH_TEXT
from kennisbank.site.pages.kaders import Kaders
from kennisbank.skos.mapping import (
    EXTENSIONS,
    MAIN,
    MEDIA_TYPES,
    collection_iri,
    nevenkader_iri,
    scheme_iri,
    serialize,
)

SCHEME = "/begrippenkader"  # the scheme's downloads in the record (no concept's name)


class SchemePages:
    """Downloads, the scheme page, IRI documents and the vocabularies' pages."""

    def __init__(self, site: SiteContext, kaders: Kaders) -> None:
        self.site, self.kaders = site, kaders

    def scheme_downloads(self, out: Output) -> None:
        """The whole scheme in every format it can be written in: kept from the previous
        build when its triples are the same (site.rdfrecord)."""
        rels = {fmt: f"downloads/begrippenkader.{ext}" for fmt, ext in EXTENSIONS.items()}
        record = self.site.record
        key = record.key(self.site.triples)
        # Only RDF/XML can be unwritable (a predicate without an XML name).
        kept = record.kept(SCHEME, key, {rel for fmt, rel in rels.items() if fmt != "rdfxml"},
                           frozenset({rels["rdfxml"]}))
        if kept is not None:
            out.files.update(kept)
            self.site.unwritable |= {fmt for fmt, rel in rels.items() if rel not in kept}
            record.note(SCHEME, key, list(kept))
            return
        index = Index(self.site.triples)  # sorted once for the four formats
        for fmt, rel in rels.items():
            try:
                out.add(rel, serialize(index, fmt))
            except ValueError:  # RDF/XML: a predicate without XML name (profiel: skos)
                self.site.unwritable.add(fmt)
        record.note(SCHEME, key, [rel for fmt, rel in rels.items()
                                  if fmt not in self.site.unwritable])

    def iri_documents(self, out: Output) -> None:
        """At every concept, collection and scheme IRI a page for static hosts; beside every
        HTML page its Turtle, JSON-LD and RDF/XML (the scheme's are the downloads); and the
        map of every IRI to its page and documents that `serverconfig` reads."""
        entries: list[IriEntry] = []

        def entry(kind: iripages.Kind, name: str, iri: str, formats: list[str]) -> None:
            entries.append(IriEntry(iri, kind.name, kind.page(name),
                                    kind.target.format(name=name), tuple(formats)))

        for ident in sorted(self.site.begrippen):
            b = self.site.begrippen[ident]
            formats = ["turtle", "jsonld"]
            if self.site.rdfxml_ok(b):
                rel = iripages.BEGRIP.document(ident, "rdfxml")
                data = None if rel in out.files else self.site.concept_rdfxml(b)
                if data is not None:  # else the concept's page made or kept it
                    out.add(rel, data)
                formats.append("rdfxml")
            out.add(*iripages.fallback_page(iripages.BEGRIP, ident, str(self.site.iris[ident]),
                                            formats))
            entry(iripages.BEGRIP, ident, str(self.site.iris[ident]), formats)
        for ident in sorted(self.site.kader.collecties):
            iri = collection_iri(self.site.kader, ident)
            docs = iripages.documents(iripages.described(self.site.about, iri))
            for fmt, data in docs.items():
                out.add(iripages.COLLECTIE.document(ident, fmt), data)
            out.add(*iripages.fallback_page(iripages.COLLECTIE, ident, str(iri), docs))
            entry(iripages.COLLECTIE, ident, str(iri), list(docs))
        for ident in sorted(self.site.kader.kaders):
            iri = nevenkader_iri(self.site.kader, ident)
            docs = iripages.documents(iripages.described(self.site.about, iri))
            for fmt, data in docs.items():
                out.add(iripages.NEVENKADER.document(ident, fmt), data)
            path, html = iripages.fallback_page(iripages.NEVENKADER, ident, str(iri), docs)
            if path not in out.files:  # the main scheme's name may be the same slug
                out.add(path, html)
            entry(iripages.NEVENKADER, ident, str(iri), list(docs))
        name = iripages.scheme_name(self.site.kader)
        written = [fmt for fmt in iripages.DATA_FORMATS
                   if iripages.BEGRIPPENKADER.document(name, fmt) in out.files]
        out.add(*iripages.fallback_page(iripages.BEGRIPPENKADER, name,
                                        str(scheme_iri(self.site.kader)), written))
        entry(iripages.BEGRIPPENKADER, name, str(scheme_iri(self.site.kader)), written)
        out.add("downloads/begrippenkader.md", self.scheme_page(written))
        out.add(MAP_FILE, map_text(entries))

    def scheme_page(self, formats: list[str]) -> str:
        """The HTML page of the scheme IRI: what the scheme says about itself."""
        kader, taal = self.site.kader, self.site.taal
        # The title in the display language; an <h1 lang> when that is not the page's.
        title_lang, title = taal.pick(kader.titel) if kader.titel else ("nl", "Begrippenkader")
        lines = ["---", f"title: {meta(title)}", "---", "", f"# {text(title)}" + (
            f" {taal.block_attrs(title_lang)}" if taal.foreign(title_lang) else ""), ""]
        if kader.uitleg:
            lines += [taal.paragraphs(*taal.pick(kader.uitleg)), ""]
        facts = [("Vast webadres (IRI)", f"`{scheme_iri(kader)}`"),
                 ("Uitgever", self.site.text_md(kader.uitgever) if kader.uitgever else ""),
                 ("Licentie", labelled(kader.licentie, kader.licentie) if kader.licentie
                  else ""),
                 ("Versie", text(kader.versie) if kader.versie else ""),
                 ("Begrippen", f"{self.count()} (zie [A–Z](../begrippen/index.md) "
                  "en de "
                  "[hiërarchie](../begrippen/hierarchie.md))")]
        lines += [f"- **{name}:** {value}" for name, value in facts if value] + [""]
        tops = sorted(self.site.tops, key=lambda i: fold(self.site.term(i)))
        if tops:
            lines += ["## Topbegrippen", "", *[f"- {self.site.link(i, '../begrippen/')}"
                                              for i in tops], ""]
        if kader.collecties:
            lines += ["## Collecties", "", *[
                f"- [{self.site.text_md(c.naam)}](../begrippen/collectie/{ident}.md)"
                for ident, c in sorted(kader.collecties.items(),
                                       key=lambda kv: fold(taal.pick(kv[1].naam)[1]))], ""]
        if self.kaders.several:
            lines += self.kaders_lines()
        names = iripages.FORMAT_NAMES
        links = [f"[{names[fmt]}](begrippenkader{iripages.DOCUMENTS[fmt][0]})" for fmt in formats]
        lines += ["## Als gegevens", "",
                  "Het hele begrippenkader als " + ", ".join(links) + "; meer formaten en "
                  "eerdere versies staan bij de [downloads](index.md).", ""]
        return "\n".join(lines)

    def count(self) -> int:
        """The concepts of the main scheme: all of them in a one-scheme project."""
        return len(self.kaders.members[MAIN]) if self.kaders.several else \
            len(self.site.begrippen)

    def kaders_lines(self) -> list[str]:
        """On the main scheme's page of a project with several: its concepts, the others."""
        ids = self.kaders.members[MAIN]
        lines = ["## Begrippen", "", '<div class="kb-geen-links" markdown="1">', "",
                 *[f"- {self.site.notation_prefix(i)}{self.site.link(i, '../begrippen/')}"
                   for i in ids], "", "</div>", ""] if ids else []
        return lines + ["## Andere begrippenkaders in dit project", "",
                        *self.kaders.overview("../", (MAIN,)), ""]

    def downloads(self) -> str:
        names = {"turtle": "Turtle", "jsonld": "JSON-LD", "rdfxml": "RDF/XML",
                 "ntriples": "N-Triples"}
        lines = ["---", "title: Downloads", "---", "", "# Downloads", "",
                 f"Het hele begrippenkader ({len(self.site.begrippen)} begrippen) als SKOS (de "
                 "internationale standaard voor begrippenlijsten) volgens NL-SBB, het Nederlandse "
                 "profiel voor het beschrijven van begrippen.", "",
                 "| formaat | bestand | mediatype |", "| --- | --- | --- |"]
        for fmt, ext in EXTENSIONS.items():
            if fmt in self.site.unwritable:
                lines.append(f"| {names[fmt]} | niet beschikbaar: RDF/XML kan een predicaat in "
                             "'overige_rdf' niet schrijven | |")
                continue
            lines.append(f"| {names[fmt]} | [begrippenkader.{ext}](begrippenkader.{ext}) | "
                         f"`{MEDIA_TYPES[fmt]}` |")
        if self.site.leidraad:
            lines.append("| Leidraad (JSON: stappen, vragen, acties, uitkomsten, begrip-IRI's) | "
                         "[leidraad.json](leidraad.json) | `application/json` |")
        lines += ["", "Vast webadres (IRI) van het begrippenkader: "
                  f"`{scheme_iri(self.site.kader)}`", ""]
        if self.site.kader.versie:
            versie = self.site.kader.versie
            lines += [f"Versie: {text(versie)}" + (
                " (werkversie, nog niet uitgebracht)"
                if self.site.history.released(versie) is False else ""), ""]
        if self.site.kader.licentie:
            lines += [f"Licentie: <{self.site.kader.licentie}>", ""]
        lines += self.site.history.download_lines()
        return "\n".join(lines)

    def vocabularies(self, out: Output) -> None:
        """A page per vocabulary in vocabulaires/ with our concepts that map into it."""
        links: dict[str, list[tuple[str, str, str]]] = {
            v: [] for v in self.site.inhoud.vocabulaires}
        for ident in sorted(self.site.begrippen, key=lambda i: fold(self.site.term(i))):
            for relation, _, target in self.site.begrippen[ident].koppelingen.items():
                known = self.site.inhoud.extern.get(target)
                if known is not None:
                    links[known.vocabulaire].append((ident, relation, target))
        sizes: dict[str, int] = {}
        for known in self.site.inhoud.extern.values():
            sizes[known.vocabulaire] = sizes.get(known.vocabulaire, 0) + 1
        index = ["---", "title: Andere begrippenkaders", "---", "", "# Andere begrippenkaders",
                 "", "Begrippen uit ons kader verwijzen met koppelingen (SKOS) naar begrippen van "
                 "andere organisaties. Deze begrippenkaders staan als bestand in de map "
                 "`vocabulaires/`, zodat de site hun namen en definities toont zonder ze "
                 "op te halen.", ""]
        if not self.site.inhoud.vocabulaires:
            index += ["Er zijn nog geen begrippenkaders van andere organisaties ingelezen.", ""]
        for vid, vocab in sorted(self.site.inhoud.vocabulaires.items()):
            count = len(links[vid])
            index.append(f"- [{text(nl(vocab.naam))}]({vid}.md): {sizes.get(vid, 0)} begrippen, "
                         f"{count} {'koppeling' if count == 1 else 'koppelingen'} vanuit ons "
                         "kader")
            page = ["---", f"title: {meta(nl(vocab.naam))}", "---", "",
                    f"# {text(nl(vocab.naam))}", ""]
            facts = [("Uitgever", text(nl(vocab.uitgever)) if vocab.uitgever else ""),
                     ("Bron", labelled(vocab.bron, vocab.bron)),
                     ("Licentie", labelled(vocab.licentie, vocab.licentie)),
                     ("Opgehaald op", text(_date_in_words(vocab.opgehaald))),
                     ("Begrippen", str(sizes.get(vid, 0)))]
            page += [f"- **{name}:** {value}" for name, value in facts if value] + [""]
            page += [f"## Koppelingen vanuit {text(nl(self.site.kader.titel))}", ""]
            if links[vid]:
                page += ["| ons begrip | relatie | hun begrip |", "| --- | --- | --- |"]
                for ident, relation, target in links[vid]:
                    shown = label(self.site.inhoud.extern[target].voorkeursterm, target)
                    page.append(f"| {self.site.link(ident, '../begrippen/')} | "
                                f"{MATCH_TEXT[relation]} | {labelled(shown, target)} |")
            else:
                page.append("Nog geen begrip uit ons kader verwijst naar dit begrippenkader.")
            page.append("")
            out.add(f"vocabulaires/{vid}.md", "\n".join(page))
        out.add("vocabulaires/index.md", "\n".join(index))


def _date_in_words(value: str) -> str:
    """'2026-12-06' → '6 december 2026'; anything else as it is."""
    return dutch_date(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value or "") else value
