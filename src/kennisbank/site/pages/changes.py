"""The history on the site: the changes page, a history page per concept, the Atom feed,
downloads per release and the "Laatst gewijzigd op" lines (from kennisbank.history.git)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

from kennisbank.history.diff import Wijzigingen, compare
from kennisbank.history.git import Commit, Geschiedenis, Release
from kennisbank.history.records import changed_fields, current_state
from kennisbank.site.markup import Output, nl, text
from kennisbank.site.releases import ReleaseCache, release_inhoud
from kennisbank.skos.mapping import EXTENSIONS, scheme_iri, serialize, to_triples

if TYPE_CHECKING:
    from kennisbank.content.model import Begrip, Inhoud

FOLDER = "wijzigingen"
FEED = f"{FOLDER}/feed.xml"
FEED_ENTRIES = 100
RECENT = 30  # the newest changes listed on the changes page
FORMAT_NAMES = {"turtle": "Turtle", "jsonld": "JSON-LD", "rdfxml": "RDF/XML",
                "ntriples": "N-Triples"}
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")


def dutch_date(date: str) -> str:
    """'2026-12-02' → '2 december 2026'."""
    year, month, day = date.split("-")
    return f"{int(day)} {MONTHS[int(month) - 1]} {year}"


def _status_note(hist: Geschiedenis | None) -> str:
    if hist is None or not hist.available:
        why = hist.reason if hist is not None and hist.reason else "geen git-geschiedenis"
        return (f"De geschiedenis is niet beschikbaar ({why}): deze site is gebouwd zonder "
                "de git-geschiedenis van de inhoud, dus er staan geen datums en versies bij.")
    if hist.shallow:
        return ("Deze site is gebouwd uit een ondiepe git-kloon: wijzigingen van vóór de "
                "oudste beschikbare commit ontbreken, en van wat die commit bevat is de "
                "aanmaakdatum onbekend.")
    return ""


class HistorySite:
    def __init__(self, inhoud: Inhoud, iris: dict[str, Any]):
        self.inhoud, self.iris = inhoud, iris
        self.hist: Geschiedenis | None = inhoud.geschiedenis
        self.available = self.hist is not None and self.hist.available
        self.cache: ReleaseCache | None = None

    def dates(self, path: str, record: Any) -> tuple[str | None, str | None]:
        if not self.available or self.hist is None:
            return None, None
        return self.hist.dates(path, record)

    def released(self, version: str) -> bool | None:
        """Whether a release tag carries this version; None when there is no history."""
        if not self.available or self.hist is None:
            return None
        return any(r.version == version for r in self.hist.releases)

    # -- lines on existing pages ---------------------------------------------------------

    def concept_lines(self, b: Begrip) -> list[str]:
        """Under 'Gegevens' on the concept page: the date and a link to its history."""
        created, modified = self.dates(f"begrippen/{b.id}.yaml", b)
        parts = []
        if modified:
            parts.append(f"Laatst gewijzigd op {dutch_date(modified)}.")
        if created:
            parts.append(f"Opgenomen op {dutch_date(created)}.")
        parts.append(f"[Geschiedenis van dit begrip](geschiedenis/{b.id}.md)")
        return [" ".join(parts), "{: .kb-datum }", ""]

    # -- pages ---------------------------------------------------------------------------

    def generate(self, out: Output) -> None:
        for ident in sorted(self.inhoud.begrippen):
            out.add(f"begrippen/geschiedenis/{ident}.md", self.concept_history(ident))
        out.add(f"{FOLDER}/index.md", self.changes_page())
        out.add(FEED, self.feed())
        exportable = self.exportable()
        for release, files in exportable:
            for ext, data in files.items():
                _put(out, f"downloads/begrippenkader-{release.version}.{ext}", data)
        for _newest, files in exportable[-1:]:
            for ext, data in files.items():
                _put(out, f"downloads/begrippenkader-laatste.{ext}", data)
        if self.cache is not None:
            self.cache.prune()

    def exportable(self) -> list[tuple[Release, dict[str, bytes | Path]]]:
        """The releases that can be exported, each with its downloads (extension → where
        the file is in the release cache, or its bytes when there is no cache). A release is
        fixed by its tag, so its files come from the cache when an earlier build made them.
        One release is exported at a time and its bytes are dropped once they are in the
        cache: memory does not grow with the number of releases."""
        if not hasattr(self, "_exportable"):
            self._exportable: list[tuple[Release, dict[str, bytes | Path]]] = []
            if self.available and self.hist is not None:
                self.cache = ReleaseCache(self.hist, self.inhoud.extern)
                names = list(EXTENSIONS.values())
                for release in self.hist.releases:
                    files: dict[str, bytes | Path]
                    cached = self.cache.get(release, names)
                    if cached is not None:
                        files = dict(cached)
                    else:
                        exported = self._export(self.hist, release)
                        stored = self.cache.put(release, exported)
                        files = dict(stored) if stored is not None else dict(exported)
                        del exported
                    if files:
                        self._exportable.append((release, files))
        return self._exportable

    def _export(self, hist: Geschiedenis, release: Release) -> dict[str, bytes]:
        inhoud = release_inhoud(hist, release, self.inhoud)
        if inhoud is None:
            return {}
        triples = to_triples(inhoud)
        return {ext: serialize(triples, fmt) for fmt, ext in EXTENSIONS.items()}

    def concept_history(self, ident: str) -> str:
        b = self.inhoud.begrippen[ident]
        term = nl(b.voorkeursterm)
        lines = ["---", f'title: "Geschiedenis: {_meta_inner(term)}"', "search:",
                 "  exclude: true", "---", "", f"# Geschiedenis van {text(term)}", "",
                 f"Terug naar [{text(term)}](../{ident}.md). Elke versie hieronder "
                 "veranderde de betekenis van het begrip; een commit die alleen de opmaak "
                 "van het bestand veranderde telt niet mee.", ""]
        note = _status_note(self.hist)
        if note:
            lines += [text(note), ""]
        if not self.available or self.hist is None:
            return "\n".join(lines)
        # Old and new texts side by side: term links there would only distract.
        lines += ['<div class="kb-geen-links" markdown="1">', ""]
        versions = self.hist.meaning_versions(f"begrippen/{ident}.yaml")
        _, modified = self.hist.dates(f"begrippen/{ident}.yaml", b)
        if versions and modified is None and versions[-1][1] is not None:
            lines += ["## Nog niet vastgelegd", "",
                      "De huidige tekst is gewijzigd en nog niet in git vastgelegd.", "",
                      f"Definitie: {text(nl(b.definitie))}", ""]
        previous: Any = None
        entries = []
        for commit, record in versions:
            entries.append((commit, record, previous))
            previous = record
        for commit, record, before in reversed(entries):
            when = "datum onbekend (ondiepe kloon)" if commit.boundary else \
                dutch_date(commit.date)
            release = self.release_of(commit)
            heading = f"## {when}" + (f": versie {text(release.version)}" if release else "")
            lines += [heading, ""]
            if record is None:
                lines += ["Het bestand is verwijderd.", ""]
                continue
            if before is None:
                lines += ["Opgenomen in het begrippenkader.", ""]
            else:
                lines += ["Gewijzigd: " + ", ".join(f"`{f}`" for f in
                                                     changed_fields(before, record)) + ".", ""]
            lines += [f"Definitie: {text(nl(record.definitie))}", "",
                      f"Status: {text(record.status)}" + (
                          f", vervangen door {text(record.vervangen_door)}"
                          if record.vervangen_door else ""), ""]
        if not versions:
            lines += ["Dit begrip is nog niet in git vastgelegd.", ""]
        return "\n".join([*lines, "</div>", ""])

    def release_of(self, commit: Commit) -> Release | None:
        """The first release that contains this commit."""
        if self.hist is None:
            return None
        candidates = [r for r in self.hist.releases if r.commit.index >= commit.index]
        return min(candidates, key=lambda r: (r.commit.index, r.key)) if candidates else None

    def changes_page(self) -> str:
        lines = ["---", "title: Wijzigingen", "---", "", "# Wijzigingen", "",
                 "Per versie van het begrippenkader: nieuwe, gewijzigde, verouderde en "
                 "verwijderde begrippen. Volg de wijzigingen met een feedlezer via de "
                 "[Atom-feed](feed.xml); elke versie is te downloaden op de "
                 "[downloadpagina](../downloads/index.md).", ""]
        note = _status_note(self.hist)
        if note:
            lines += [text(note), ""]
        if not self.available or self.hist is None:
            return "\n".join(lines)
        hist = self.hist
        lines += ['<div class="kb-geen-links" markdown="1">', ""]
        current = current_state(self.inhoud)
        releases = hist.releases
        if releases:
            since = compare(hist.state_at(releases[-1].commit.index), current)
            lines += [f"## Sinds de laatste versie ({text(releases[-1].version)})", ""]
            lines += self.change_lines(since, "niet uitgebrachte wijzigingen")
        else:
            lines += ["Er is nog geen versie uitgebracht. Zodra dat gebeurt, staat hier per "
                      "versie wat er veranderde.", ""]
        lines += self.recent_lines()
        for i in range(len(releases) - 1, -1, -1):
            release = releases[i]
            lines += [f"## Versie {text(release.version)}", "",
                      f"Uitgebracht op {dutch_date(release.commit.date)}.", ""]
            if i == 0 and hist.shallow:
                lines += ["De vorige versie ontbreekt in deze ondiepe kloon.", ""]
                continue
            from kennisbank.history.records import State

            old = hist.state_at(releases[i - 1].commit.index) if i else State()
            lines += self.change_lines(compare(old, hist.state_at(release.commit.index)),
                                       "wijzigingen in de betekenis")
        return "\n".join([*lines, "</div>", ""])

    def link(self, ident: str) -> str:
        if ident in self.inhoud.begrippen:
            term = nl(self.inhoud.begrippen[ident].voorkeursterm)
            return f"[{text(term)}](../begrippen/{ident}.md)"
        return f"`{ident}`"

    def change_lines(self, changes: Wijzigingen, nothing: str) -> list[str]:
        if not changes:
            return [f"Geen {nothing}.", ""]
        lines: list[str] = []
        if changes.nieuw:
            lines += [f"### Nieuw ({len(changes.nieuw)})", "",
                      *[f"- {self.link(w.id)}: {text(w.definitie_nieuw)}"
                        for w in changes.nieuw], ""]
        if changes.gewijzigd:
            lines += [f"### Gewijzigd ({len(changes.gewijzigd)})", ""]
            for w in changes.gewijzigd:
                lines += [f"#### {text(w.term)}", "",
                          f"{self.link(w.id)}: " + ", ".join(f"`{f}`" for f in w.velden)
                          + ".", ""]
                if "definitie" in w.velden:
                    lines += ["| oude definitie | nieuwe definitie |", "| --- | --- |",
                              f"| {_cell(w.definitie_oud)} | {_cell(w.definitie_nieuw)} |", ""]
        if changes.verouderd:
            lines += [f"### Verouderd ({len(changes.verouderd)})", "",
                      *[f"- {self.link(w.id)}" + (
                          f", vervangen door {self.link(w.vervangen_door)}"
                          if w.vervangen_door else "") for w in changes.verouderd], ""]
        if changes.verwijderd:
            lines += [f"### Verwijderd ({len(changes.verwijderd)})", "",
                      *[f"- {text(w.term)} (`{w.id}`)" for w in changes.verwijderd], ""]
        steps = changes.stappen
        if any(steps.values()):
            shown = [f"{kind}: {', '.join(ids)}" for kind, ids in steps.items() if ids]
            lines += ["### Leidraad", "", *[f"- Stappen {text(s)}" for s in shown], ""]
        return lines

    # -- downloads -----------------------------------------------------------------------

    def download_lines(self) -> list[str]:
        lines = ["## Versies", ""]
        exportable = self.exportable()
        if not exportable:
            lines += ["Er is nog geen versie uitgebracht; de bestanden hierboven zijn de "
                      "huidige inhoud." if self.available else
                      text(_status_note(self.hist)), ""]
            return lines
        newest = exportable[-1][0]
        names = " · ".join(f"[{FORMAT_NAMES[fmt]}](begrippenkader-laatste.{ext})"
                           for fmt, ext in EXTENSIONS.items())
        lines += ["De bestanden hierboven zijn de huidige inhoud, met wijzigingen die nog "
                  "niet in een versie zijn uitgebracht. Citeer liever een vaste versie: "
                  "elke versie heeft een eigen IRI (owl:versionIRI).", "",
                  f"Laatste versie ({text(newest.version)}, "
                  f"{dutch_date(newest.commit.date)}): {names}", "",
                  "| versie | datum | bestanden |", "| --- | --- | --- |"]
        for release, _ in reversed(exportable):
            files = " · ".join(f"[{FORMAT_NAMES[fmt]}](begrippenkader-{release.version}.{ext})"
                               for fmt, ext in EXTENSIONS.items())
            lines.append(f"| {text(release.version)} | {dutch_date(release.commit.date)} | "
                         f"{files} |")
        lines.append("")
        return lines

    # -- the feed ------------------------------------------------------------------------

    def feed(self) -> str:
        """An Atom feed (RFC 4287) of the newest changes: new, changed, deprecated."""
        kader = self.inhoud.kader
        if kader is None:
            raise ValueError("the feed needs begrippen/_kader.yaml")
        scheme = str(scheme_iri(kader))
        events = self.events()
        updated = events[0][0].timestamp if events else _fallback_time()
        title = f"Wijzigingen in {nl(kader.titel)}"
        author = nl(kader.uitgever) if kader.uitgever else nl(kader.titel)
        lines = ['<?xml version="1.0" encoding="utf-8"?>',
                 '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="nl">',
                 f"  <id>{escape(scheme)}/wijzigingen</id>",
                 f"  <title>{escape(title)}</title>",
                 f"  <updated>{updated}</updated>",
                 f"  <author><name>{escape(author)}</name></author>",
                 '  <link rel="alternate" type="text/html" href="./"/>',
                 '  <link rel="self" type="application/atom+xml" href="feed.xml"/>']
        for commit, ident, kind, summary in events:
            term = nl(self.inhoud.begrippen[ident].voorkeursterm)
            iri = str(self.iris[ident])
            lines += ["  <entry>",
                      f"    <id>{escape(iri)}#{commit.sha}</id>",
                      f"    <title>{escape(f'{kind}: {term}')}</title>",
                      f"    <updated>{commit.timestamp}</updated>",
                      f"    <link rel=\"alternate\" type=\"text/html\" "
                      f"href={quoteattr(f'../begrippen/geschiedenis/{ident}/')}/>",
                      f"    <summary type=\"text\">{escape(summary)}</summary>",
                      "  </entry>"]
        lines.append("</feed>")
        return "\n".join(lines) + "\n"

    def events(self) -> list[tuple[Commit, str, str, str]]:
        """The newest changes in meaning, newest first: (commit, id, kind, summary), at most
        FEED_ENTRIES; the Atom feed and the changes page show the same."""
        events: list[tuple[Commit, str, str, str]] = []
        if self.available and self.hist is not None:
            for ident in sorted(self.inhoud.begrippen):
                previous: Any = None
                for commit, record in self.hist.meaning_versions(f"begrippen/{ident}.yaml"):
                    if record is not None and not commit.boundary:
                        events.append((commit, ident, *_event(previous, record)))
                    previous = record
        events.sort(key=lambda e: (e[0].timestamp, e[0].index, e[1]), reverse=True)
        return events[:FEED_ENTRIES]

    def recent_lines(self) -> list[str]:
        """'Recent gewijzigd': the newest changes (as in the feed), each with its date, kind
        and a link to the concept's history; what a reader looks for before any release."""
        events = self.events()[:RECENT]
        if not events:
            return []
        lines = ["## Recent gewijzigd", "",
                 f"De {len(events)} nieuwste wijzigingen in de betekenis van een begrip, "
                 "de nieuwste eerst (dezelfde als in de Atom-feed).", ""]
        for commit, ident, kind, _summary in events:
            lines.append(f"- {dutch_date(commit.date)}: {text(kind.lower())} "
                         f"{self.link(ident)} "
                         f"([geschiedenis](../begrippen/geschiedenis/{ident}.md))")
        return [*lines, ""]

def _event(before: Any, record: Any) -> tuple[str, str]:
    """What one version of a concept's file did to its meaning: the kind and a summary."""
    definitie = nl(record.definitie)
    if before is None:
        return "Nieuw begrip", definitie
    if record.status == "verouderd" and before.status != "verouderd":
        replaced = f" Vervangen door {record.vervangen_door}." if record.vervangen_door \
            else ""
        return "Verouderd", f"Dit begrip wordt niet meer gebruikt.{replaced}"
    fields = ", ".join(changed_fields(before, record))
    return "Gewijzigd", f"Gewijzigd: {fields}. Definitie: {definitie}"


def _put(out: Output, rel: str, data: bytes | Path) -> None:
    if isinstance(data, Path):
        out.add_copy(rel, data)
    else:
        out.add(rel, data)


def _cell(value: str) -> str:
    return text(value)  # text() escapes '|' too, so a cell cannot end early


def _meta_inner(value: str) -> str:
    from kennisbank.site.markup import meta

    return meta(value)[1:-1]


def _fallback_time() -> str:
    """No change known: SOURCE_DATE_EPOCH if set (reproducible builds), else 1970."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))
