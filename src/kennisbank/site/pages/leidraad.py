"""The leidraad on the site: overview with flowchart and route, a page per step, the dossier,
and the leidraad as JSON for other tools.

Every page is complete without JavaScript: the route is a list of links, the checklist and
outcomes are form controls, the dossier is a blank form to print. `leidraad.js` adds what
needs a browser: answers kept in localStorage, progress, the filled-in dossier and the
flowchart drawn by Mermaid (self-hosted, loaded only on the overview).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from kennisbank.content.model import Inhoud, Leidraad, Stap, Uitkomst
from kennisbank.site import feedback
from kennisbank.site.markup import (
    Output,
    attr,
    meta,
    nl,
    nl_list,
    paragraphs,
    plain,
    script_json,
    sources,
    text,
)

FOLDER = "leidraad"

# Filled in by leidraad.js on every leidraad page: which dossier is active, and a message
# when stored answers could not be read (set aside, never lost). Hidden without JavaScript.
BAR = ['<div class="kb-dossierbalk" data-kb-dossierbalk hidden></div>',
       '<div class="kb-melding" data-kb-melding role="alert" hidden></div>', ""]


def route_order(leidraad: Leidraad, stappen: dict[str, Stap]) -> list[str]:
    """Steps in the order a team meets them: every step after all steps that lead to it (a
    depth-first topological order from the start, outcomes in the order they are written;
    an outcome that leads back is a loop and does not count). Steps off the route (parallel
    tracks) come last, by id. Breadth-first would number a step that a skipping outcome
    reaches before the steps in between."""
    finished: list[str] = []
    seen: set[str] = set()
    if leidraad.start in stappen:
        seen.add(leidraad.start)
        stack = [(leidraad.start, iter(stappen[leidraad.start].uitkomsten))]
        while stack:
            ident, outcomes = stack[-1]
            nxt = next((u.volgende for u in outcomes
                        if u.volgende in stappen and u.volgende not in seen), None)
            if nxt is None:
                finished.append(ident)
                stack.pop()
            else:
                seen.add(nxt)
                stack.append((nxt, iter(stappen[nxt].uitkomsten)))
    return finished[::-1] + sorted(set(stappen) - seen)


def _mermaid_text(value: str) -> str:
    """A label inside Mermaid quotes: complete (never shortened; Mermaid wraps it at its
    wrappingWidth), and every character Mermaid could read as syntax or markup written as its
    #code; entity (so content stays text)."""
    value = " ".join(value.split())
    return re.sub(r'["#<>&`|\[\]{}\\]', lambda m: f"#{ord(m.group())};", value)


def fingerprint(stap: Stap) -> str:
    """What a team answered to: the question, the checklist and the outcomes (answer and where
    it leads). A change in any of them flags an earlier answer as 'gewijzigd sinds je
    antwoord'; a change in the toelichting or sources does not."""
    content = {"vraag": nl(stap.vraag), "checklist": nl_list(stap.checklist),
               "uitkomsten": [[nl(u.antwoord), u.volgende or "", nl(u.einde)]
                              for u in stap.uitkomsten]}
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


class LeidraadPages:
    """Generates docs/leidraad/ from the validated model."""

    def __init__(self, inhoud: Inhoud, concept_iri: Callable[[str], str],
                 engine: str = "mkdocs"):
        if inhoud.leidraad is None:
            raise ValueError("no leidraad")
        self.leidraad, self.stappen = inhoud.leidraad, inhoud.stappen
        self.begrippen = inhoud.begrippen
        self.concept_iri = concept_iri
        # A raw-HTML link on a step page (leidraad/<id>.md, shown at leidraad/<id>/): MkDocs
        # leaves it as written, relative to the page's address; Zensical reads it relative
        # to the source file and rewrites it. The outcome links sit inside the form's raw HTML.
        self.raw_sibling = "" if engine == "zensical" else "../"
        self.geschiedenis = inhoud.geschiedenis
        self.order = route_order(self.leidraad, self.stappen)
        self.number = {ident: i + 1 for i, ident in enumerate(self.order)
                       if not self.stappen[ident].parallel}
        self.versie = self.leidraad.versie or "1"
        self.contact = inhoud.kader.contact if inhoud.kader is not None else None

    def label(self, ident: str) -> str:
        """'Stap 3: Titel' (or 'Parallel spoor: Titel')."""
        titel = nl(self.stappen[ident].titel)
        if ident in self.number:
            return f"Stap {self.number[ident]}: {titel}"
        return f"Parallel spoor: {titel}"

    def generate(self, out: Output) -> None:
        out.add(f"{FOLDER}/index.md", self.overview())
        out.add(f"{FOLDER}/dossier.md", self.dossier())
        for ident in self.order:
            out.add(f"{FOLDER}/{ident}.md", self.step(ident))
        out.add("downloads/leidraad.json", self.json_bytes())

    # -- data for other tools and for leidraad.js ----------------------------------------

    def data(self) -> dict[str, Any]:
        def uitkomst(u: Uitkomst) -> dict[str, str]:
            target = {"volgende": u.volgende} if u.volgende else {"einde": nl(u.einde)}
            return {"antwoord": nl(u.antwoord), **target}

        return {
            "titel": nl(self.leidraad.titel),
            "versie": self.versie,
            "start": self.leidraad.start,
            "inleiding": nl(self.leidraad.inleiding),
            "principes": [{"titel": nl(p.titel), "uitleg": nl(p.uitleg)}
                          for p in self.leidraad.principes],
            "stappen": [{
                "id": ident,
                "nummer": self.number.get(ident),
                "vingerafdruk": fingerprint(self.stappen[ident]),
                "parallel": self.stappen[ident].parallel,
                "titel": nl(self.stappen[ident].titel),
                "vraag": nl(self.stappen[ident].vraag),
                "toelichting": nl(self.stappen[ident].toelichting),
                "checklist": nl_list(self.stappen[ident].checklist),
                "uitkomsten": [uitkomst(u) for u in self.stappen[ident].uitkomsten],
                "begrippen": [{"id": b, "iri": self.concept_iri(b),
                               "voorkeursterm": nl(self.begrippen[b].voorkeursterm)}
                              for b in self.stappen[ident].begrippen if b in self.begrippen],
                "bronnen": [{k: v for k, v in (("titel", nl(bron.titel)), ("url", bron.url),
                                                ("citatie", bron.citatie)) if v}
                            for bron in self.stappen[ident].bronnen],
            } for ident in self.order],
        }

    def json_bytes(self) -> bytes:
        return (json.dumps(self.data(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    def _embedded(self) -> list[str]:
        """The data leidraad.js needs, in the page itself (works from file:// too)."""
        return ['<script type="application/json" id="kb-leidraad-data">',
                script_json(json.dumps(self.data(), ensure_ascii=False)), "</script>", ""]

    # -- overview ------------------------------------------------------------------------

    def mermaid(self) -> str:
        node = {ident: f"n{i}" for i, ident in enumerate(self.order)}
        lines = ["flowchart TD"]
        for ident in self.order:
            lines.append(f'  {node[ident]}["{_mermaid_text(self.label(ident))}"]')
        for ident in self.order:
            for k, u in enumerate(self.stappen[ident].uitkomsten):
                answer = _mermaid_text(nl(u.antwoord))
                if u.volgende:
                    lines.append(f'  {node[ident]} -->|"{answer}"| {node[u.volgende]}')
                else:
                    end = f"{node[ident]}e{k}"
                    lines.append(f'  {end}(["Einde: {_mermaid_text(nl(u.einde))}"])')
                    lines.append(f'  {node[ident]} -->|"{answer}"| {end}')
                    lines.append(f"  class {end} kbEinde")
        return "\n".join(lines) + "\n"

    def outcome_html(self, u: Uitkomst, prefix: str) -> str:
        if u.volgende:
            return (f'<a href="{prefix}{attr(u.volgende)}/">{plain(self.label(u.volgende))}'
                    "</a>")
        return f'<span class="kb-einde">Einde: {plain(nl(u.einde))}</span>'

    def overview(self) -> str:
        titel = nl(self.leidraad.titel)
        links = {node: f"{ident}/" for node, ident in
                 ((f"n{i}", ident) for i, ident in enumerate(self.order))}
        lines = ["---", f"title: {meta(titel)}", "---", "",
                 f"# {text(titel)}", "", *BAR]
        if self.leidraad.inleiding:
            lines += [paragraphs(nl(self.leidraad.inleiding)), ""]
        lines += [
            '<div class="kb-voortgang" data-kb-voortgang hidden></div>', "",
            f"Begin bij [{text(self.label(self.order[0]))}]({self.order[0]}.md), of bekijk "
            "het [dossier](dossier.md) van wat u al heeft ingevuld. Uw antwoorden blijven in "
            "deze browser; er wordt niets verstuurd.", "",
        ] if self.order else []
        if self.leidraad.principes:
            lines += ["## Principes", "", "Deze principes gelden voor elke stap.", ""]
            for principe in self.leidraad.principes:
                uitleg = f": {text(nl(principe.uitleg))}" if principe.uitleg else ""
                lines.append(f"- **{text(nl(principe.titel))}**{uitleg}")
            lines.append("")
        lines += ["## Stroomschema", "",
                  "Het schema toont elke stap met de mogelijke antwoorden. Dezelfde route staat "
                  "hieronder ook [als lijst](#de-route-als-lijst){: .kb-naar-lijst }: op een "
                  "telefoon leest die het best.", "",
                  f'<div class="kb-stroomschema" data-links="{attr(json.dumps(links))}">',
                  f'<pre class="kb-stroomschema-bron" hidden>{plain(self.mermaid())}</pre>',
                  "</div>", "",
                  "## De route als lijst", "",
                  '<ol class="kb-route">']
        for ident in self.order:
            stap = self.stappen[ident]
            lines.append(f'<li data-stap="{attr(ident)}"><a href="{attr(ident)}/">'
                         f"{plain(self.label(ident))}</a>"
                         f'<span class="kb-stap-status" data-kb-status="{attr(ident)}"></span>'
                         f"<br>{plain(nl(stap.vraag))}<ul>")
            for u in stap.uitkomsten:
                lines.append(f"<li>{plain(nl(u.antwoord))} → {self.outcome_html(u, '')}</li>")
            lines.append("</ul></li>")
        lines += ["</ol>", ""]
        lines += [
            '<p><button type="button" class="md-button" data-kb-wis>Wis mijn antwoorden</button>'
            "</p>", "", *self._embedded()]
        return "\n".join(lines)

    # -- step pages ----------------------------------------------------------------------

    def step(self, ident: str) -> str:
        stap = self.stappen[ident]
        label = self.label(ident)
        lines = ["---", f"title: {meta(label)}", "---", "",
                 f"# {text(label)}", "", *BAR,
                 text(nl(stap.vraag)), "{: .kb-vraag }", ""]
        if stap.parallel:
            lines += ["Dit spoor loopt naast de stappen van de route: u kunt het op elk moment "
                      "oppakken.", ""]
        if stap.toelichting:
            lines += ["## Toelichting", "", paragraphs(nl(stap.toelichting)), ""]
        # A group, not a <form>: without JavaScript, Enter in a field would submit a form
        # and reload the page, losing what was typed. The radios group by name.
        # autocomplete="off": the browser never puts back an old state of these controls on
        # reload or "back" (leidraad.js shows the stored one, and keeps what differs from this
        # markup as input made before it was ready).
        form = [f'<div class="kb-stap" role="group" aria-label="Uw antwoorden" '
                f'data-stap="{attr(ident)}" '
                f'data-versie="{attr(self.versie)}" '
                f'data-vingerafdruk="{attr(fingerprint(stap))}" markdown="0">',
                # Shown (kennisbank.css) only while scripting is on and leidraad.js has not
                # yet marked the form ready; the controls wait until then.
                '<p class="kb-laden" data-kb-laden>Even geduld: uw antwoorden worden geladen. '
                "Blijft dit staan, laad de pagina dan opnieuw.</p>",
                '<div class="kb-gewijzigd" data-kb-gewijzigd role="status" hidden></div>',
                '<p class="kb-stap-stand" data-kb-stand hidden></p>']
        checklist = nl_list(stap.checklist)
        if checklist:
            form.append('<fieldset class="kb-checklist"><legend>Acties om af te vinken</legend>')
            form.append("<ul>")
            for i, item in enumerate(checklist):
                field = f"kb-{attr(ident)}-actie-{i}"
                form.append(f'<li><input type="checkbox" id="{field}" data-actie="{i}" '
                            'autocomplete="off">'
                            f'<label for="{field}">{plain(item)}</label>'
                            f'<span class="kb-afgevinkt-op" data-kb-afgevinkt="{i}"></span></li>')
            form += ["</ul>", "</fieldset>"]
        form.append(f'<fieldset class="kb-uitkomsten"><legend>Uitkomst: '
                    f"{plain(nl(stap.vraag))}</legend><ul>")
        for i, u in enumerate(stap.uitkomsten):
            field = f"kb-{attr(ident)}-uitkomst-{i}"
            form.append(f'<li class="kb-uitkomst"><input type="radio" name="kb-uitkomst" '
                        f'id="{field}" value="{i}" data-uitkomst="{i}" autocomplete="off">'
                        f'<div class="kb-uitkomst-tekst"><label for="{field}">'
                        f'{plain(nl(u.antwoord))}</label>'
                        f'<div class="kb-gevolg">→ {self.outcome_html(u, self.raw_sibling)}</div>'
                        "</div></li>")
        form += ["</ul></fieldset>",
                 '<fieldset class="kb-besluit"><legend>Besluit</legend>',
                 f'<p><label for="kb-{attr(ident)}-wie">Wie besliste (naam of rol)</label><br>'
                 f'<input type="text" id="kb-{attr(ident)}-wie" data-wie autocomplete="off">'
                 "</p>",
                 f'<p><label for="kb-{attr(ident)}-datum">Datum van het besluit</label><br>'
                 f'<input type="date" id="kb-{attr(ident)}-datum" data-datum '
                 'autocomplete="off"></p>',
                 f'<p><label for="kb-{attr(ident)}-notitie">Waarom: besluit en motivering'
                 "</label><br>"
                 f'<textarea id="kb-{attr(ident)}-notitie" data-notitie rows="4" '
                 'autocomplete="off">'
                 "</textarea></p></fieldset>",
                 '<p class="kb-opgeslagen" role="status" aria-live="polite"></p>',
                 "</div>", ""]
        lines += ["## Uw antwoorden", "",
                  "Vink af wat gedaan is, kies de uitkomst en noteer wie besliste, wanneer en "
                  "waarom. Uw antwoorden blijven in deze browser en komen in het "
                  "[dossier](dossier.md); er wordt niets verstuurd.", "", *form]
        if stap.begrippen:
            lines += ["## Begrippen in deze stap", ""]
            for b in stap.begrippen:
                begrip = self.begrippen[b]
                lines.append(f"- [{text(nl(begrip.voorkeursterm))}](../begrippen/{b}.md): "
                             f"{text(nl(begrip.definitie))}")
            lines.append("")
        lines += sources(stap.bronnen)
        lines += step_dates(self.geschiedenis, ident, stap)
        lines += self.feedback(ident)
        position = self.order.index(ident)
        nav = [f"[← {text(self.label(self.order[position - 1]))}]"
               f"({self.order[position - 1]}.md)"] if position else []
        nav.append("[Overzicht](index.md)")
        if position + 1 < len(self.order):
            nxt = self.order[position + 1]
            nav.append(f"[{text(self.label(nxt))} →]({nxt}.md)")
        lines += ['<nav class="kb-stapnav" aria-label="Stappen" markdown="1">', "",
                  " · ".join(nav), "", "</nav>", "", *self._embedded()]
        return "\n".join(lines)

    def feedback(self, ident: str) -> list[str]:
        """'Meld een fout of stel een vraag', with the step and the leidraad's version."""
        if self.contact is None:
            return []
        stap = self.stappen[ident]
        modified = None
        if self.geschiedenis is not None and self.geschiedenis.available:
            _, modified = self.geschiedenis.dates(f"leidraad/{ident}.yaml", stap)
        return feedback.block(self.contact, f"Leidraad, {self.label(ident)}: melding of vraag", [
            ("Leidraad", nl(self.leidraad.titel)), ("Stap", self.label(ident)),
            ("Id van de stap", ident), ("Versie van de leidraad", self.versie),
            ("Vingerafdruk", fingerprint(stap)), ("Laatst gewijzigd", modified or "")],
            "over deze stap")

    # -- dossier -------------------------------------------------------------------------

    def dossier(self) -> str:
        lines = ["---", "title: Dossier", "---", "", "# Dossier", "", *BAR,
                 '<div class="kb-dossier-leeg" data-kb-dossier-leeg markdown="1">', "",
                 "Dit dossier toont, voor de route die u heeft gekozen, per stap het antwoord, "
                 "wie besliste, wanneer en waarom, de afgevinkte en open acties en de "
                 "geschiedenis van elke wijziging. Uw antwoorden staan alleen in deze browser. "
                 "Zonder JavaScript ziet u hieronder een leeg formulier om af te drukken en met "
                 "de hand in te vullen.", "", "</div>", "",
                 *dossier_controls(),
                 '<p class="kb-dossier-acties" data-kb-dossier-acties hidden>'
                 '<button type="button" class="md-button" data-kb-print>Afdrukken</button> '
                 '<button type="button" class="md-button" data-kb-download="md">Download als '
                 "Markdown</button> "
                 '<button type="button" class="md-button" data-kb-download="json">Download als '
                 "JSON</button><br>"
                 '<span class="kb-uitleg-formaat">Markdown is leesbare tekst voor een notitie of '
                 "e-mail; JSON is het bestand dat u hier later weer opent.</span></p>", "",
                 '<div class="kb-dossier" data-kb-dossier></div>', ""]
        # The blank form is raw HTML, so its headings stay out of the page's contents: those
        # list only the route taken (drawn by leidraad.js).
        form = ['<div class="kb-dossier-formulier" data-kb-formulier>',
                '<p><strong>Zaak:</strong></p><div class="kb-schrijfregel"></div>',
                '<p><strong>Organisatie en team:</strong></p><div class="kb-schrijfregel"></div>']
        for ident in self.order:
            stap = self.stappen[ident]
            form += [f'<h2 class="kb-formulier-stap">{plain(self.label(ident))}</h2>',
                     f"<p><strong>{plain(nl(stap.vraag))}</strong></p>"]
            if nl_list(stap.checklist):
                form += ["<ul class=\"kb-formulier-lijst\">",
                         *[f"<li>☐ {plain(item)}</li>" for item in nl_list(stap.checklist)],
                         "</ul>"]
            form += ["<p>Uitkomst:</p>", "<ul class=\"kb-formulier-lijst\">",
                     *[f"<li>☐ {plain(nl(u.antwoord))}</li>" for u in stap.uitkomsten],
                     "</ul>",
                     "<p>Wie besliste, en wanneer:</p>", '<div class="kb-schrijfregel"></div>',
                     "<p>Waarom (besluit en motivering):</p>",
                     '<div class="kb-schrijfruimte"></div>']
        lines += [*form, "</div>", "", *self._embedded()]
        return "\n".join(lines)


def step_dates(geschiedenis: Any, ident: str, stap: Stap) -> list[str]:
    """'Laatst gewijzigd op ...' from git (kennisbank.history.git), when known."""
    from kennisbank.site.pages.changes import dutch_date

    if geschiedenis is None or not geschiedenis.available:
        return []
    _, modified = geschiedenis.dates(f"leidraad/{ident}.yaml", stap)
    return [f"Laatst gewijzigd op {dutch_date(modified)}.", "{: .kb-datum }", ""] \
        if modified else []


def without_leidraad(out: Output) -> None:
    """A kader published without leidraad (e.g. an imported vocabulary) still builds."""
    for name in ("index", "dossier"):
        out.add(f"{FOLDER}/{name}.md", "---\ntitle: Leidraad\n---\n\n# Leidraad\n\nDit "
                "begrippenkader wordt gepubliceerd zonder leidraad: de map leidraad/ "
                "ontbreekt.\n")


def dossier_controls() -> list[str]:
    """Create, switch, rename, delete and open dossiers: form controls leidraad.js shows
    (without JavaScript there is nothing to keep, so they stay hidden)."""
    return [
        '<section class="kb-dossierbeheer" data-kb-beheer aria-labelledby="kb-beheer-kop" '
        "hidden>",
        '<h2 id="kb-beheer-kop">Dossiers in deze browser</h2>',
        '<p><label for="kb-dossier-kies">Actief dossier</label><br>'
        '<select id="kb-dossier-kies" data-kb-kies></select></p>',
        '<details class="kb-dossier-gegevens" data-kb-gegevens>'
        "<summary>Gegevens van dit dossier wijzigen of het dossier verwijderen</summary>",
        '<p><label for="kb-gegevens-zaak">Zaak</label><br>'
        '<input type="text" id="kb-gegevens-zaak" data-kb-veld="zaak"></p>',
        '<p><label for="kb-gegevens-organisatie">Organisatie</label><br>'
        '<input type="text" id="kb-gegevens-organisatie" data-kb-veld="organisatie"></p>',
        '<p><label for="kb-gegevens-team">Team</label><br>'
        '<input type="text" id="kb-gegevens-team" data-kb-veld="team"></p>',
        '<p><button type="button" class="md-button" data-kb-hernoem>Gegevens opslaan'
        "</button> "
        '<button type="button" class="md-button" data-kb-verwijder>Dit dossier '
        "verwijderen</button></p></details>",
        '<details class="kb-dossier-nieuw" data-kb-nieuw-blok>'
        "<summary>Nieuw dossier</summary>",
        '<p><label for="kb-nieuw-zaak">Zaak</label><br>'
        '<input type="text" id="kb-nieuw-zaak" data-kb-nieuw="zaak"></p>',
        '<p><label for="kb-nieuw-organisatie">Organisatie</label><br>'
        '<input type="text" id="kb-nieuw-organisatie" data-kb-nieuw="organisatie"></p>',
        '<p><label for="kb-nieuw-team">Team</label><br>'
        '<input type="text" id="kb-nieuw-team" data-kb-nieuw="team"></p>',
        '<p><button type="button" class="md-button" data-kb-maak>Dossier aanmaken'
        "</button></p></details>",
        '<p><label for="kb-dossier-open">Open een dossier (JSON-bestand uit '
        '"Download als JSON"): een nieuw dossier, of bijwerken als u het al heeft</label><br>'
        '<input type="file" id="kb-dossier-open" accept=".json,application/json" '
        "data-kb-open></p>",
        '<p class="kb-beheer-status" data-kb-beheer-status role="status" '
        'aria-live="polite"></p>',
        "</section>", ""]
