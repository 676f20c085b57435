"""The pages that list concepts: A–Z, the hierarchy, a page per collection and the list of
collections."""

from __future__ import annotations

from kennisbank.core.text import fold
from kennisbank.site.context import KIND_TEXT, SiteContext
from kennisbank.site.markup import (
    meta,
    no_links,
    text,
)
from kennisbank.site.pages.kaders import Kaders
from kennisbank.skos.mapping import MAIN, collection_iri, site_top_concepts

HIERARCHY_DEPTH = 8  # levels of nested list on the hierarchy page
OTHERS = "0–9 en overige"  # the A–Z section of terms that start with a digit or symbol


class IndexPages:
    """A–Z, hierarchy and collections."""

    def __init__(self, site: SiteContext, kaders: Kaders) -> None:
        self.site, self.kaders = site, kaders

    def a_to_z(self) -> str:
        entries: list[tuple[str, str, str | None]] = []  # (term, id, alternative of)
        alt_lang: dict[str, str] = {}
        for ident, b in self.site.begrippen.items():
            entries.append((self.site.term(ident), ident, None))
            alt_lang[ident], alts = self.site.taal.pick_list(b.alternatieve_termen)
            for alt in alts:
                entries.append((alt, ident, self.site.term(ident)))
        entries.sort(key=lambda e: (fold(e[0]), e[0], e[1]))
        groups: dict[str, list[tuple[str, str, str | None]]] = {}
        for entry in entries:
            first = fold(entry[0])[:1].upper()
            groups.setdefault(first if first.isalpha() else OTHERS, []).append(entry)
        lines = ["---", "title: Begrippen A–Z", "search:", "  exclude: true", "---", "",
                 "# Begrippen A–Z", "",
                 *no_links([
                     f"{len(self.site.begrippen)} begrippen. Schuingedrukte termen zijn andere "
                     "namen voor een begrip; de pijl wijst naar de voorkeursterm. Zie ook de "
                     "[hiërarchie](hierarchie.md) en de [collecties](collecties.md)."]),
                 *(no_links(["Dit project heeft meer dan één begrippenkader:"]) +
                   [*self.kaders.overview("../"), ""] if self.kaders.several else []),
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
                    lines.append(f"- {self.site.notation_prefix(ident)}{self.site.link(ident)}")
                else:
                    lines.append(f"- *{self.site.taal.inline(alt_lang[ident], term)}* → "
                                 f"{self.site.link(ident)}")
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
        by_term = self.site.order  # notation order where there are notations
        tops = sorted(self.site.tops, key=by_term)
        lines = ["---", "title: Hiërarchie", "search:", "  exclude: true", "---", "",
                 "# Hiërarchie van de begrippen", "",
                 *no_links(["Elk begrip staat onder zijn bredere begrip. Een begrip met meer "
                            "dan één breder begrip staat volledig onder het eerste en wordt "
                            "onder de andere genoemd."])]
        if any(self.site.kinds.values()):
            lines += no_links(["Een label achter een begrip zegt hoe het onder het bredere "
                               "begrip valt: *soort* (het is een soort van het bredere begrip), "
                               "*onderdeel* (het is een deel ervan) of *exemplaar* (het is één "
                               "bepaald geval ervan). Zonder label is dat niet vastgelegd."])
        shown: set[str] = set()
        later: list[str] = []  # deep branches, continued below the tree

        def tree(roots: list[str]) -> None:
            stack: list[tuple[str, int, str]] = [(ident, 0, "") for ident in reversed(roots)]
            while stack:
                ident, depth, parent = stack.pop()
                indent = "    " * depth
                item = f"{indent}- {self.site.notation_prefix(ident)}{self.site.link(ident)}" \
                    f"{self.kind_label(ident, parent)}"
                if ident in shown and parent:
                    note = " (de smallere begrippen staan erboven)" \
                        if ident in self.site.narrower else ""
                    lines.append(item + note)
                    continue
                shown.add(ident)
                children = sorted(self.site.narrower.get(ident, []), key=by_term)
                if children and depth == HIERARCHY_DEPTH:
                    lines.append(f"{item} (de smallere begrippen staan onder Vervolg)")
                    later.append(ident)
                    continue
                lines.append(item)
                stack.extend((child, depth + 1, ident) for child in reversed(children))

        tree(tops)
        for scheme in self.kaders.members if self.kaders.several else []:
            if scheme not in (MAIN, None):  # the other schemes, each from its top concepts
                lines += ["", f"## {self.kaders.title(scheme)}", ""]
                tree(sorted(site_top_concepts(self.site.inhoud, scheme), key=by_term))
        # Concepts without a broader concept that the source does not declare top concepts:
        # shown too, apart, so that the declared top concepts stay as the source has them.
        # Those in no scheme at all have a section of their own.
        rest = sorted((i for i in self.site.begrippen if not self.site.broader[i] and
                       i not in shown), key=by_term)
        outside = [i for i in rest if self.kaders.several and
                   i in self.kaders.members.get(None, [])]
        rest = [i for i in rest if i not in outside]
        if rest:
            lines += ["", "## Zonder topbegrip", "",
                      "Begrippen zonder breder begrip die geen topbegrip zijn.", ""]
            tree(rest)
        if outside:
            lines += ["", "## Zonder begrippenkader", "",
                      "Begrippen die in geen enkel begrippenkader staan.", ""]
            tree(outside)
        while later:
            # Nested lists deeper than this are unreadable, and Python-Markdown parses nesting
            # recursively: a long chain would exhaust the stack.
            branch, later = later, []
            lines += ["", "## Vervolg", "",
                      *no_links(["Diepere takken van de hiërarchie gaan hier verder."])]
            tree(branch)
        lines.append("")
        return "\n".join(lines)

    def kind_label(self, ident: str, parent: str) -> str:
        """' soort' after a concept in the hierarchy: how it falls under the concept above it
        (ISO 25964), a small label that is never a term link."""
        kinds = self.site.kinds.get((ident, parent), ())
        return "".join(f' <span class="kb-relatiesoort kb-geen-links">{KIND_TEXT[kind][2]}</span>'
                       for kind in kinds)

    def collection(self, ident: str) -> str:
        collectie = self.site.kader.collecties[ident]
        members = sorted((i for i, b in self.site.begrippen.items() if ident in b.collecties),
                         key=self.site.order)
        taal = self.site.taal
        naam_lang, naam = taal.pick(collectie.naam)
        lines = ["---", f"title: {meta(naam)}", "---", "",
                 f"# {text(naam)}" + (f" {taal.block_attrs(naam_lang)}"
                                      if taal.foreign(naam_lang) else ""), ""]
        if collectie.uitleg:
            lines += [taal.paragraphs(*taal.pick(collectie.uitleg)), ""]
        lines += [f"Vast webadres (IRI): `{collection_iri(self.site.kader, ident)}`", "",
                  *no_links([f"{len(members)} begrippen:"])]
        for member in members:
            lines.append(f"- {self.site.notation_prefix(member)}{self.site.link(member, '../')}: "
                         f"{self.site.taal.inline(*self.site.taal.pick(self.site.begrippen[member].definitie))}")
        lines.append("")
        return "\n".join(lines)

    def collections(self) -> str:
        lines = ["---", "title: Collecties", "---", "", "# Collecties", ""]
        for ident, collectie in sorted(self.site.kader.collecties.items(),
                                       key=lambda kv: fold(self.site.taal.pick(kv[1].naam)[1])):
            count = sum(1 for b in self.site.begrippen.values() if ident in b.collecties)
            summary = f": {self.site.text_md(collectie.uitleg)}" if collectie.uitleg else ""
            lines.append(f"- [{self.site.text_md(collectie.naam)}](collectie/{ident}.md) "
                         f"({count}){summary}")
        lines.append("")
        return "\n".join(lines)
