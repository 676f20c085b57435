"""The page of one concept: definition, explanation, relations, usage, sources, mappings, its
data documents and JSON-LD."""

from __future__ import annotations

import json

from rdflib import Literal
from rdflib.namespace import DC, DCTERMS

from kennisbank.content.model import Begrip
from kennisbank.content.termen import page_title
from kennisbank.content.vocabulaires import label
from kennisbank.core.text import fold, plural_forms
from kennisbank.rdf.write import Index
from kennisbank.site import feedback, iripages
from kennisbank.site.context import KIND_TEXT, SiteContext
from kennisbank.site.markup import (
    Output,
    attr,
    external,
    labelled,
    meta,
    nl,
    nl_list,
    no_links,
    plain,
    safe_url,
    script_json,
    sources,
    text,
)
from kennisbank.site.pages.changes import dutch_date
from kennisbank.site.pages.kaders import Kaders
from kennisbank.site.tooltip import short_definition
from kennisbank.skos.mapping import serialize

STATUS_TEXT = {
    # A notice, not an alarm: on a site in draft every concept carries it.
    "ontwerp": ("info", "Ontwerp", "Dit is een werkdefinitie. Het programma heeft dit "
                "begrip nog niet vastgesteld."),
    "vastgesteld": ("success", "Vastgesteld", "Dit begrip is vastgesteld."),
    "verouderd": ("danger", "Verouderd", "Dit begrip wordt niet meer gebruikt."),
}
MATCH_TEXT = {"exactMatch": "komt exact overeen met", "closeMatch": "komt grotendeels overeen met",
              "broadMatch": "is smaller dan", "narrowMatch": "is breder dan",
              "relatedMatch": "is verwant aan"}  # read as "this concept ... that concept"
MAPPING_DEFINITION = 300  # characters of a mapping target's definition on our page
USED_IN_OPEN = 10  # a 'Gebruikt in' list longer than this starts closed
# Names of the languages a label is most often in; any other shows its tag.
LANGUAGE_NAMES = {"en": "Engels", "nl": "Nederlands", "de": "Duits", "fr": "Frans",
                  "fy": "Fries", "es": "Spaans", "it": "Italiaans", "pap": "Papiaments",
                  "tr": "Turks", "ar": "Arabisch", "pl": "Pools", "pt": "Portugees"}


class ConceptPages:
    """A page (and Turtle and JSON-LD) per concept."""

    def __init__(self, site: SiteContext, kaders: Kaders) -> None:
        self.site, self.kaders = site, kaders

    def documents(self, out: Output, b: Begrip) -> bytes:
        """The concept's Turtle, JSON-LD and RDF/XML (when it can be written): kept from the
        previous build when its triples are the same (site.rdfrecord), else written. Returns
        the JSON-LD, which the page embeds."""
        triples = self.site.concept_triples(b)
        record = self.site.record
        key = record.key(triples)
        ttl, jsonld_rel = f"begrippen/{b.id}.ttl", f"begrippen/{b.id}.jsonld"
        rdf = iripages.BEGRIP.document(b.id, "rdfxml")
        kept = record.kept(b.id, key, {ttl, jsonld_rel}, frozenset({rdf}))
        jsonld = record.read(b.id, jsonld_rel) if kept is not None else None
        if kept is not None and jsonld is not None:
            out.files.update(kept)
            self.site.rdfxml_kept[b.id] = rdf in kept
            record.note(b.id, key, list(kept))
            return jsonld
        graph = Index(triples)  # sorted once for the three formats
        out.add(ttl, serialize(graph, "turtle"))
        jsonld = serialize(graph, "jsonld")
        out.add(jsonld_rel, jsonld)
        data = self.site.concept_rdfxml(b, graph)
        if data is not None:
            out.add(rdf, data)
        record.note(b.id, key, [ttl, jsonld_rel, *([rdf] if data is not None else [])])
        return jsonld

    def concept(self, out: Output, b: Begrip) -> None:
        iri = str(self.site.iris[b.id])
        jsonld = self.documents(out, b)
        term_lang, term = self.site.taal.pick(b.voorkeursterm)
        def_lang, definitie = self.site.taal.pick(b.definitie)
        lines = [
            "---",
            f"title: {meta(term)}",
            f"description: {meta(definitie)}",
            "kennisbank_begrip:",
            f"  iri: {json.dumps(iri)}",
            f"  turtle: {json.dumps(b.id + '.ttl')}",
            f"  jsonld: {json.dumps(b.id + '.jsonld')}",
            *([f"  rdfxml: {json.dumps(b.id + '.rdf')}"] if self.site.rdfxml_ok(b) else []),
            # Material's search weighs tags a thousand times a title: the voorkeursterm, the
            # alternatieve termen (shown on the page anyway) and the zoektermen that are only
            # their plurals rank the concept first. The search results insert tags as HTML,
            # so they are escaped like the title.
            f"tags: [{', '.join(meta(t) for t in search_tags(b))}]",
            "search:",
            "  boost: 4",
            "---",
            "",
            f"# {text(term)}" + (f" {self.site.taal.block_attrs(term_lang)}"
                                 if self.site.taal.foreign(term_lang) else ""),
            "",
        ]
        lines += self.notation_lines(b)
        kind, label, explanation = STATUS_TEXT[b.status]
        if b.status != "vastgesteld" and self.site.states_status(b):
            extra = ""
            if b.status == "verouderd" and b.vervangen_door:
                extra = f" Gebruik {self.site.link(b.vervangen_door)}."
            # Interface text: 'dit begrip' never becomes a term link (nor does 'Status').
            lines += [f'!!! {kind} kb-geen-links "Status: {label}"',
                      f"    {explanation}{extra}", ""]
        if definitie:  # an attribute line under nothing would be shown as it is
            lines += [text(definitie), self.site.taal.block_attrs(def_lang, ".kb-definitie"), ""]
        lines += self.citation(b, term, iri)
        alt_lang, alt = self.site.taal.pick_list(b.alternatieve_termen)
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
            lines += ['<p class="kb-vertalingen">In andere talen: ' + "; ".join(
                (f'{LANGUAGE_NAMES.get(lang.lower(), attr(lang))}: '
                 f'<span lang="{attr(lang)}">{plain(t)}</span>'
                 if lang != "und" else f"zonder taal: {plain(t)}")
                for lang, t in sorted(others.items())) + "</p>", ""]
        if b.uitleg:
            taal = self.site.taal
            lines += ["## Uitleg", "", taal.paragraphs(*taal.pick(b.uitleg)), ""]
        ontraden_lang, ontraden = self.site.taal.pick_list(b.ontraden_termen)
        other_terms: list[str] = []  # this concept's own labels: no term links to others
        if alt:
            other_terms += ["Ook wel: " + ", ".join(
                f"*{self.site.taal.inline(alt_lang, t)}*" for t in alt) + ".", ""]
        if ontraden:
            other_terms += ["Gebruik liever niet: " + ", ".join(
                f"*{self.site.taal.inline(ontraden_lang, t)}*" for t in ontraden) +
                f". Gebruik *{self.site.taal.inline(term_lang, term)}*.", ""]
        if other_terms:
            lines += ["## Andere termen", "", *no_links(other_terms)]
        if b.toelichting:
            taal = self.site.taal
            lines += ["## Toelichting", "", taal.paragraphs(*taal.pick(b.toelichting)), ""]
        ex_lang, examples = self.site.taal.pick_list(b.voorbeelden)
        if examples:
            lines += ["## Voorbeelden", "", *[f"- {self.site.taal.inline(ex_lang, e)}"
                                              for e in examples], ""]
        relations = self.relations(b)
        if relations:  # interface words ('Onderdelen', 'Soorten') never become term links
            lines += ["## Relaties", "", '<div class="kb-geen-links" markdown="1">', "",
                      *relations, "", "</div>", ""]
        if b.collecties:
            lines += ["## Collecties", "", *[
                f"- [{self.site.text_md(self.site.kader.collecties[c].naam)}](collectie/{c}.md)"
                for c in b.collecties], ""]
        lines += self.used_in(b.id)
        lines += self.source_lines(b)
        # (a mapping to another concept of this project is a link under Relaties)
        mappings = [(rel, target) for rel, _, target in b.koppelingen.items()
                    if target not in self.kaders.own_targets]
        if mappings:
            # Another organisation's definitions: never linked to our terms.
            lines += ["## In andere begrippenkaders", "", *no_links(
                [f"- {self.mapping(rel, target, '../')}" for rel, target in mappings])]
        lines += [
            "## Gegevens", "",
            # A Markdown paragraph, not raw HTML: both engines resolve its links from the
            # source file (Zensical rewrites a raw href from there, MkDocs leaves it alone).
            *no_links([
                f'Download dit begrip als [Turtle]({b.id}.ttl){{ type="text/turtle" }}, '
                f'[JSON-LD]({b.id}.jsonld){{ type="application/ld+json" }}'
                f'{self.site.rdfxml_link(b)}.', "{: .kb-gegevens-download }", "",
                *self.site.history.concept_lines(b)]),
            *self.feedback(b, iri),
            '<script type="application/ld+json">',
            script_json(jsonld.decode("utf-8")),
            "</script>", "",
        ]
        out.add(f"begrippen/{b.id}.md", "\n".join(lines))

    def citation(self, b: Begrip, term: str, iri: str) -> list[str]:
        """Right under the definition: the concept's fixed address and a ready-made citation
        (term, begrippenkader, version, publisher, date of the last change, IRI), each with a
        button that copies it. Interface text: never term-linked."""
        kader = self.site.kader
        _, modified = self.site.history.dates(f"begrippen/{b.id}.yaml", b)
        parts = [f"‘{term}’", f"in: {nl(kader.titel)}"]
        if kader.versie:
            released = self.site.history.released(kader.versie)
            parts.append(f"versie {kader.versie}" if released is not False else
                         f"werkversie {kader.versie} (nog niet uitgebracht)")
        if kader.uitgever:
            parts.append(nl(kader.uitgever))
        if modified:
            parts.append(f"laatst gewijzigd op {dutch_date(modified)}")
        cite = ", ".join(parts) + f". {iri}"
        button = ('<button type="button" class="kb-kopieer md-button" data-kopieer="{value}" '
                  'data-gekopieerd="{done}">{label}</button>')
        return [
            '<div class="kb-citeer kb-geen-links" markdown="0">',
            '<p><span class="kb-citeer-kop">Vast webadres (IRI):</span> '
            f'<code class="kb-iri">{attr(iri)}</code> '
            + button.format(value=attr(iri), done="IRI gekopieerd", label="Kopieer IRI")
            + "</p>",
            f'<p><span class="kb-citeer-kop">Citeer als:</span> <span class="kb-citatie">'
            f"{plain(cite)}</span> "
            + button.format(value=attr(cite), done="Citaat gekopieerd", label="Kopieer citaat")
            + "</p>",
            "</div>", ""]

    def notation_lines(self, b: Begrip) -> list[str]:
        if not b.notaties:
            return []
        name = "Notatie" if len(b.notaties) == 1 else "Notaties"
        return [f'<p class="kb-notatie">{name}: ' + ", ".join(
            f"<code>{plain(n)}</code>" for n in b.notaties) + "</p>", ""]

    def literal_sources(self, b: Begrip) -> list[Literal]:
        """Sources given as text (`dct:source "Wet ..."`), kept in overige_rdf."""
        found = {o for _, p, o in self.site.about.get(self.site.iris[b.id], [])
                 if p in (DCTERMS.source, DC.source) and isinstance(o, Literal)}
        return sorted(found, key=lambda lit: (str(lit), lit.language or ""))

    def source_lines(self, b: Begrip) -> list[str]:
        """The 'Bronnen' section: the sources of the format and those given as text."""
        lines = sources(b.bronnen)
        literals = self.literal_sources(b)
        if not literals:
            return lines
        items = [f"- {self.site.taal.inline(lit.language or 'und', str(lit))}" for lit in literals]
        if not lines:
            return ["## Bronnen", "", '<div class="kb-bronnen kb-geen-links" markdown="1">', "",
                    *items, "", "</div>", ""]
        end = len(lines) - 3  # before the blank line and </div> that close the list
        return lines[:end] + items + lines[end:]

    def feedback(self, b: Begrip, iri: str) -> list[str]:
        """'Meld een fout of stel een vraag', with the concept and its version filled in."""
        _, modified = self.site.history.dates(f"begrippen/{b.id}.yaml", b)
        term = self.site.term(b.id)
        return feedback.block(self.site.kader.contact, f"Begrip ‘{term}’: melding of vraag", [
            ("Begrip", term), ("IRI", iri),
            ("Versie van het begrippenkader", self.site.kader.versie),
            ("Status", b.status), ("Laatst gewijzigd", modified or "")], "over dit begrip")

    def mapping(self, relation: str, target: str, prefix: str) -> str:
        """'Dit begrip komt exact overeen met *label* in Vocabulaire: definitie.' The first
        sentence of the definition only (another organisation's text, of any length), with
        a link to the whole of it at the source when it is cut."""
        known = self.site.inhoud.extern.get(target)
        if known is None:
            return (f"{MATCH_TEXT[relation].capitalize()} {external(target)} (uit een "
                    "begrippenkader dat hier niet is ingelezen)")
        vocab = self.site.inhoud.vocabulaires[known.vocabulaire]
        shown = label(known.voorkeursterm, target)
        line = (f"{MATCH_TEXT[relation].capitalize()} {labelled(shown, target)} in "
                f"[{text(nl(vocab.naam))}]({prefix}vocabulaires/{vocab.id}.md)")
        if known.definitie:
            full = label(known.definitie)
            short = short_definition(full, MAPPING_DEFINITION)
            line += f": {text(short)}"
            url = safe_url(target)
            if short != " ".join(full.split()) and url:
                line += f" ([volledige definitie]({url}))"
        return line

    def used_in(self, ident: str) -> list[str]:
        """'Gebruikt in': the steps, concepts and pages where the concept's terms occur."""
        lines = []
        steps = self.site.usage.steps.get(ident, set())
        if self.site.leidraad and steps:
            lines += ["### In de leidraad", "", *[
                f"- [{text(self.site.leidraad.label(stap))}](../leidraad/{stap}.md)"
                for stap in self.site.leidraad.order if stap in steps], ""]
        concepts = sorted(self.site.usage.concepts.get(ident, set()),
                          key=lambda i: fold(self.site.term(i)))
        if concepts:
            lines += ["### In andere begrippen", "",
                      *[f"- {self.site.link(i)}" for i in concepts], ""]
        pages = sorted(self.site.usage.pages.get(ident, set()))
        if pages:
            lines += ["### Op pagina's", "", *[
                f"- [{text(page_title(self.site.pages[rel], rel))}](../{rel})"
                for rel in pages], ""]
        if not lines:
            return []
        count = sum(1 for line in lines if line.startswith("- "))
        if count <= USED_IN_OPEN:
            return ["## Gebruikt in", "", '<div class="kb-gebruikt" markdown="1">', "", *lines,
                    "</div>", ""]
        # A long list pushes everything after it screens down: closed, with its size.
        return ["## Gebruikt in", "",
                '<details class="kb-gebruikt kb-geen-links" markdown="1">',
                f"<summary>Toon alle {count} plaatsen waar dit begrip voorkomt</summary>", "",
                *lines, "</details>", ""]

    def relations(self, b: Begrip) -> list[str]:
        """Broader and narrower concepts per ISO 25964 kind ('Is een soort van', 'Soorten'),
        then the plain ones and the related concepts; the kinds in words from this side."""
        site = self.site
        up: dict[str, list[str]] = {}
        down: dict[str, list[str]] = {}
        for target in site.broader[b.id]:
            for kind in site.kinds[b.id, target] or ("",):
                up.setdefault(kind, []).append(target)
        for child in sorted(site.narrower.get(b.id, []), key=site.order):
            for kind in site.kinds[child, b.id] or ("",):
                down.setdefault(kind, []).append(child)
        groups = [*((KIND_TEXT[kind][0], up.get(kind, [])) for kind in KIND_TEXT),
                  *((KIND_TEXT[kind][1], down.get(kind, [])) for kind in KIND_TEXT),
                  ("Gerelateerd", sorted(site.related.get(b.id, set()), key=site.order))]
        return [f"- **{name}:** " + ", ".join(site.link(i) for i in ids)
                for name, ids in groups if ids] + self.kaders.concept_rows(b.id, MATCH_TEXT)


def search_tags(b: Begrip) -> list[str]:
    """The terms shown on the page, and the zoektermen that are merely their plural forms
    (a word form is no new term; other zoektermen stay hidden)."""
    shown = [nl(b.voorkeursterm), *nl_list(b.alternatieve_termen)]
    forms = {fold(form) for t in shown for form in plural_forms(t)}
    return shown + [t for t in nl_list(b.zoektermen) if fold(t) in forms]
