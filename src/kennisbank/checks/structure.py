"""Rules on the structure of the begrippenkader: references that exist, no duplicates in a list,
no cycle in `breder`, not broader and related at once, the kader's own keys, one thing per IRI,
completeness."""

from __future__ import annotations

from collections.abc import Iterator

from kennisbank.checks.common import (
    RELATION_KEYS,
    at,
    begrip_path,
    broader_of,
    error,
    warning,
)
from kennisbank.content.iris import collection_iri, nevenkader_iri, scheme_iri
from kennisbank.content.model import Inhoud
from kennisbank.content.schema import suggest
from kennisbank.core.findings import Finding


def references(inhoud: Inhoud) -> Iterator[Finding]:
    """Every id a file mentions must exist."""
    begrippen = inhoud.begrippen
    collecties = inhoud.kader.collecties if inhoud.kader else {}
    for b in begrippen.values():
        for field_name in RELATION_KEYS:
            for i, target in enumerate(getattr(b, field_name)):
                pos = at(b.locs, f"{field_name}.{i}", begrip_path(b))
                if target == b.id:
                    yield error(pos, "verwijst-naar-zichzelf",
                                 f"{field_name!r} verwijst naar het begrip zelf ({target!r})")
                elif target not in begrippen and target not in inhoud.onleesbaar:
                    yield error(pos, "onbekend-begrip", f"{field_name!r} verwijst naar "
                                 f"{target!r}, dat niet bestaat{suggest(target, begrippen)}")
        for i, target in enumerate(b.collecties):
            if inhoud.kader is not None and target not in collecties:
                known = ", ".join(sorted(collecties)) or "geen"
                yield error(at(b.locs, f"collecties.{i}", begrip_path(b)),
                             "onbekende-collectie", f"collectie {target!r} staat niet in "
                             f"_kader.yaml{suggest(target, collecties)} (bekend: {known})")
        if b.vervangen_door:
            pos = at(b.locs, "vervangen_door", begrip_path(b))
            if b.vervangen_door not in begrippen and b.vervangen_door not in inhoud.onleesbaar:
                yield error(pos, "onbekend-begrip", f"'vervangen_door' verwijst naar "
                             f"{b.vervangen_door!r}, dat niet bestaat"
                             f"{suggest(b.vervangen_door, begrippen)}")
            elif b.vervangen_door == b.id:
                yield error(pos, "verwijst-naar-zichzelf",
                             "'vervangen_door' verwijst naar het begrip zelf")
            if b.status != "verouderd":
                yield error(pos, "vervangen-zonder-verouderd", "'vervangen_door' hoort bij "
                             f"status 'verouderd', maar de status is {b.status!r}")
    yield from _kader_references(inhoud)
    for stap in inhoud.stappen.values():
        path = f"leidraad/{stap.id}.yaml"
        for i, target in enumerate(stap.begrippen):
            if target not in begrippen and target not in inhoud.onleesbaar:
                yield error(at(stap.locs, f"begrippen.{i}", path), "onbekend-begrip",
                             f"'begrippen' noemt {target!r}, dat niet bestaat in begrippen/"
                             f"{suggest(target, begrippen)}")


def _kader_references(inhoud: Inhoud) -> Iterator[Finding]:
    """The top concepts of every scheme exist; a concept's `kaders` are in _kader.yaml."""
    kader, begrippen = inhoud.kader, inhoud.begrippen
    if kader is None:
        return
    tops = [("topbegrippen", t) for t in kader.topbegrippen] + [
        (f"kaders.{ident}.topbegrippen", t) for ident, neven in sorted(kader.kaders.items())
        for t in neven.topbegrippen]
    seen: dict[str, int] = {}
    for where, target in tops:
        i = seen[where] = seen.get(where, -1) + 1
        if target not in begrippen and target not in inhoud.onleesbaar:
            yield error(at(kader.locs, f"{where}.{i}", "begrippen/_kader.yaml"),
                        "onbekend-begrip", f"'topbegrippen' noemt {target!r}, dat niet "
                        f"bestaat in begrippen/{suggest(target, begrippen)}")
    for b in begrippen.values():
        for i, target in enumerate(b.kaders):
            if target not in kader.kaders:
                known = ", ".join(sorted(kader.kaders)) or "geen"
                yield error(at(b.locs, f"kaders.{i}", begrip_path(b)), "onbekend-kader",
                            f"begrippenkader {target!r} staat niet onder 'kaders' in "
                            f"_kader.yaml{suggest(target, kader.kaders)} (bekend: {known})")


def duplicates_in_lists(inhoud: Inhoud) -> Iterator[Finding]:
    for b in inhoud.begrippen.values():
        for field_name in ("breder", "gerelateerd", "collecties"):
            values = getattr(b, field_name)
            if len(values) < 2 or len(set(values)) == len(values):  # most lists: no repeat
                continue
            seen: set[str] = set()
            for i, target in enumerate(values):
                if target in seen:
                    yield warning(at(b.locs, f"{field_name}.{i}", begrip_path(b)),
                                   "dubbele-waarde", f"{target!r} staat twee keer in "
                                   f"{field_name!r}")
                seen.add(target)


def broader_cycles(inhoud: Inhoud) -> Iterator[Finding]:
    """Report each cycle in 'breder' (or its ISO 25964 kinds, which are broader relations
    too) once, at the edge leaving its smallest id. Iterative: any depth."""
    begrippen = inhoud.begrippen
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    reported: set[frozenset[str]] = set()
    for start in sorted(begrippen):
        if start in state:
            continue
        path: list[str] = []
        stack: list[tuple[str, Iterator[str]]] = []

        def enter(node: str, path: list[str] = path,
                  stack: list[tuple[str, Iterator[str]]] = stack) -> None:
            state[node] = 1
            path.append(node)
            targets = (t for _, _, t in broader_of(begrippen[node]) if t in begrippen and t != node)
            stack.append((node, iter(targets)))

        enter(start)
        while stack:
            node, targets = stack[-1]
            target = next(targets, None)
            if target is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(target) == 1:
                cycle = path[path.index(target):]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    first = min(cycle)
                    nxt = cycle[(cycle.index(first) + 1) % len(cycle)]
                    b = begrippen[first]
                    route = " → ".join([*cycle[cycle.index(first):], *cycle[:cycle.index(first)],
                                        first])
                    name, i = next((n, i) for n, i, t in broader_of(b) if t == nxt)
                    yield error(at(b.locs, f"{name}.{i}", begrip_path(b)),
                                 "cyclus-breder", f"'{name}' maakt een kring: {route}; een "
                                 "begrip kan niet (via andere) breder zijn dan zichzelf")
            elif target not in state:
                enter(target)


def broader_and_related(inhoud: Inhoud) -> Iterator[Finding]:
    for b in inhoud.begrippen.values():
        broader = set(b.breder)
        for i, target in enumerate(b.gerelateerd):
            if target in broader:
                yield error(at(b.locs, f"gerelateerd.{i}", begrip_path(b)),
                             "breder-en-gerelateerd", f"{target!r} staat zowel in 'breder' als "
                             "in 'gerelateerd'; kies één relatie")
    for b in inhoud.begrippen.values():  # the same clash, written from the other side
        for i, target in enumerate(b.gerelateerd):
            other = inhoud.begrippen.get(target)
            if other is not None and b.id in other.breder and target not in b.breder:
                yield error(at(b.locs, f"gerelateerd.{i}", begrip_path(b)),
                             "breder-en-gerelateerd", f"{target!r} heeft dit begrip als "
                             "'breder', dus het kan niet ook 'gerelateerd' zijn")


def kader(inhoud: Inhoud) -> Iterator[Finding]:
    k = inhoud.kader
    if k is not None and k.basis_uri and not k.basis_uri.endswith(("/", "#")):
        yield error(at(k.locs, "basis_uri", "begrippen/_kader.yaml"), "ongeldige-basis-uri",
                     f"basis_uri {k.basis_uri!r} moet eindigen op '/' (of '#'), want de id "
                     "wordt er direct achter gezet")


def unique_iris(inhoud: Inhoud) -> Iterator[Finding]:
    """Every scheme, collection and concept has an IRI of its own. An own `uri` that another
    one already has would merge two things in the export (two preferred terms, a concept that
    is a scheme) and send a published IRI to another page; the earlier owner keeps it (the
    kader, its other schemes and collections, then concepts by their id, own `uri` last)."""
    k = inhoud.kader
    owners: dict[str, str] = {}
    if k is not None and k.basis_uri:
        owners[str(scheme_iri(k))] = "het begrippenkader van _kader.yaml"
        for ident in sorted(k.kaders):
            owners.setdefault(str(nevenkader_iri(k, ident)), f"het begrippenkader {ident!r}")
        for ident in sorted(k.collecties):
            owners.setdefault(str(collection_iri(k, ident)), f"de collectie {ident!r}")
    base = k.basis_uri if k is not None else ""
    for ident in sorted(inhoud.begrippen):
        if not inhoud.begrippen[ident].uri and base:
            owners.setdefault(base + ident, f"het begrip {ident!r}")
    for ident in sorted(inhoud.begrippen):
        b = inhoud.begrippen[ident]
        if not b.uri:
            continue
        owner = owners.setdefault(b.uri, f"het begrip {ident!r}")
        if owner != f"het begrip {ident!r}":
            yield error(at(b.locs, "uri", begrip_path(b)), "iri-al-gebruikt",
                        f"uri {b.uri!r} is al de IRI van {owner}; verwachtte een IRI die "
                        "nog niets anders aanduidt (een IRI hoort bij één ding)")


def completeness(inhoud: Inhoud) -> Iterator[Finding]:
    narrower_or_related: set[str] = set()
    for b in inhoud.begrippen.values():
        narrower_or_related.update(b.breder)
        narrower_or_related.update(b.gerelateerd)
    for b in inhoud.begrippen.values():
        start = at(b.locs, "", begrip_path(b))
        if "bronnen" not in b.locs:
            yield warning(start, "geen-bronnen", f"begrip {b.id!r} heeft geen 'bronnen'; "
                           "noem minstens één bron (titel en url of citatie)")
        if "uitleg" not in b.locs:
            yield warning(start, "geen-uitleg", f"begrip {b.id!r} heeft geen 'uitleg' in "
                           "eenvoudige taal")
        if not (b.breder or b.gerelateerd or b.collecties or b.id in narrower_or_related):
            yield warning(start, "wees-begrip", f"begrip {b.id!r} hangt nergens aan: geen "
                           "breder, smaller of gerelateerd begrip en geen collectie")
