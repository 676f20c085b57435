"""Several schemes in one site: which concepts each scheme of the project holds, a page per
other scheme (`kaders` in _kader.yaml) with its top concepts and its concepts, a page of the
concepts that are in no scheme at all, the mappings between the project's own concepts, and
the links to all of these from the A–Z list, the main scheme's page and every concept page.
A one-scheme project (every concept in the kader of _kader.yaml) gets none of this."""

from __future__ import annotations

from kennisbank.site.context import SiteContext
from kennisbank.site.markup import Output, meta, no_links
from kennisbank.skos.mapping import (
    MAIN,
    nevenkader_iri,
    places_of,
    schemes_of,
    site_top_concepts,
)

NO_SCHEME = "zonder-kader"  # begrippen/zonder-kader.md: the concepts in no scheme
# A mapping between two of the project's concepts, read from the target's side.
INVERSE_MATCH = {"exactMatch": "exactMatch", "closeMatch": "closeMatch",
                 "broadMatch": "narrowMatch", "narrowMatch": "broadMatch",
                 "relatedMatch": "relatedMatch"}


class Kaders:
    """The schemes of the project and the concepts in each (None: in no scheme)."""

    def __init__(self, site: SiteContext) -> None:
        self.site = site
        self.members: dict[str | None, list[str]] = {MAIN: []}
        self.members.update((ident, []) for ident in sorted(site.kader.kaders))
        for ident in sorted(site.begrippen):
            for scheme in places_of(site.begrippen[ident]):
                self.members.setdefault(scheme, []).append(ident)
        for ids in self.members.values():
            ids.sort(key=site.order)
        # More than one scheme, or concepts outside every scheme: the site says which is where.
        self.several = len(self.members) > 1
        iris = {str(iri): ident for ident, iri in site.iris.items()}
        # Mappings between the project's own concepts: (relation, other id), both directions.
        self.own_mappings: dict[str, list[tuple[str, str]]] = {}
        for ident in sorted(site.begrippen):
            for relation, _, target in site.begrippen[ident].koppelingen.items():
                other = iris.get(target)
                if other is not None:
                    self.own_mappings.setdefault(ident, []).append((relation, other))
                    self.own_mappings.setdefault(other, []).append(
                        (INVERSE_MATCH[relation], ident))
        self.own_targets = set(iris)

    def title(self, scheme: str | None) -> str:
        """The scheme's title as inert Markdown in the display language."""
        if scheme is None:
            return "Zonder begrippenkader"
        titel = self.site.kader.titel if scheme == MAIN else self.site.kader.kaders[scheme].titel
        return self.site.taal.inline(*self.site.taal.pick(titel)) if titel else "Begrippenkader"

    @staticmethod
    def href(scheme: str | None, prefix: str) -> str:
        """The scheme's page, from a page `prefix` below the root of docs/ ('../' for a
        concept page)."""
        if scheme == MAIN:
            return f"{prefix}downloads/begrippenkader.md"
        if scheme is None:
            return f"{prefix}begrippen/{NO_SCHEME}.md"
        return f"{prefix}begrippen/kader/{scheme}.md"

    def link(self, scheme: str | None, prefix: str) -> str:
        return f"[{self.title(scheme)}]({self.href(scheme, prefix)})"

    def overview(self, prefix: str, skip: tuple[str | None, ...] = ()) -> list[str]:
        """One line per scheme (with its number of concepts), those in `skip` left out."""
        return [f"- {self.link(scheme, prefix)} ({len(ids)} begrippen)"
                for scheme, ids in self.members.items() if scheme not in skip]

    def generate(self, out: Output) -> None:
        """The page of every scheme but the main one (whose page is the scheme IRI's)."""
        if not self.several:
            return
        for scheme in self.members:
            if scheme != MAIN:
                out.add(self.href(scheme, ""), self.page(scheme))

    def page(self, scheme: str | None) -> str:
        """The page of another scheme (or of the concepts in none): title, explanation, IRI,
        top concepts and every concept it holds."""
        site, prefix = self.site, "../../" if scheme is not None else "../"
        plain = site.taal.pick(site.kader.kaders[scheme].titel)[1] if scheme is not None \
            else "Zonder begrippenkader"
        lines = ["---", f"title: {meta(plain)}", "---", "", f"# {self.title(scheme)}", ""]
        ids = self.members[scheme]
        if scheme is None:
            lines += no_links([f"{len(ids)} begrippen staan in de bron als skos:Concept, maar in "
                               "geen enkel begrippenkader (zonder skos:inScheme). Ze hebben "
                               "wel een eigen pagina; de export noemt ook voor hen geen "
                               "begrippenkader."])
        else:
            neven = site.kader.kaders[scheme]
            if neven.uitleg:
                lines += [site.taal.paragraphs(*site.taal.pick(neven.uitleg)), ""]
            lines += [f"- **IRI:** `{nevenkader_iri(site.kader, scheme)}`",
                      f"- **Begrippen:** {len(ids)}", ""]
            tops = sorted(site_top_concepts(site.inhoud, scheme), key=site.order)
            if tops:
                lines += ["## Topbegrippen", "", *[
                    f"- {site.notation_prefix(i)}{site.link(i, prefix + 'begrippen/')}"
                    for i in tops], ""]
        if ids:
            lines += ["## Begrippen", "", '<div class="kb-geen-links" markdown="1">', "",
                      *[f"- {site.notation_prefix(i)}{site.link(i, prefix + 'begrippen/')}"
                        for i in ids], "", "</div>", ""]
        lines += ["## Andere begrippenkaders in dit project", "",
                  *self.overview(prefix, (scheme,)), ""]
        return "\n".join(lines)

    def concept_rows(self, ident: str, match_text: dict[str, str]) -> list[str]:
        """On a concept page (in begrippen/): its schemes and its mappings to and from the
        project's other concepts, as links to their pages."""
        if not self.several and ident not in self.own_mappings:
            return []
        site, rows = self.site, []
        if self.several:
            schemes = places_of(site.begrippen[ident])
            rows.append("- **Begrippenkader:** " + ", ".join(self.link(s, "../")
                                                             for s in schemes))
        for relation, other in self.own_mappings.get(ident, []):
            where = ", ".join(self.title(s) for s in schemes_of(site.begrippen[other])) or \
                self.title(None)
            rows.append(f"- **{match_text[relation].capitalize()}:** {site.link(other)} "
                        f"({where})")
        return rows
