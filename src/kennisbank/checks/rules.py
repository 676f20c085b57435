"""Rules across files, as plain functions over the whole model. Each returns findings."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kennisbank.content.load import load
from kennisbank.content.model import Begrip, Inhoud
from kennisbank.content.schema import Loc, suggest
from kennisbank.core.findings import Finding, Level, Pos
from kennisbank.core.text import fold

if TYPE_CHECKING:
    from kennisbank.content.termen import TermIndex

Rule = Callable[[Inhoud], Iterator[Finding]]
RELATION_KEYS = ("breder", "gerelateerd", "breder_generiek", "breder_partitief",
                 "breder_instantie")


def _pos(locs: dict[str, Loc], where: str, path: str) -> Pos:
    line, column = locs.get(where) or locs.get("") or (1, 1)
    return Pos(path, line, column)


def _error(pos: Pos, code: str, message: str) -> Finding:
    return Finding.at(pos, Level.FOUT, code, message)


def _warning(pos: Pos, code: str, message: str) -> Finding:
    return Finding.at(pos, Level.WAARSCHUWING, code, message)


def _begrip_path(begrip: Begrip) -> str:
    return f"begrippen/{begrip.id}.yaml"


def references(inhoud: Inhoud) -> Iterator[Finding]:
    """Every id a file mentions must exist."""
    begrippen = inhoud.begrippen
    collecties = inhoud.kader.collecties if inhoud.kader else {}
    for b in begrippen.values():
        for field_name in RELATION_KEYS:
            for i, target in enumerate(getattr(b, field_name)):
                pos = _pos(b.locs, f"{field_name}.{i}", _begrip_path(b))
                if target == b.id:
                    yield _error(pos, "verwijst-naar-zichzelf",
                                 f"{field_name!r} verwijst naar het begrip zelf ({target!r})")
                elif target not in begrippen and target not in inhoud.onleesbaar:
                    yield _error(pos, "onbekend-begrip", f"{field_name!r} verwijst naar "
                                 f"{target!r}, dat niet bestaat{suggest(target, begrippen)}")
        for i, target in enumerate(b.collecties):
            if inhoud.kader is not None and target not in collecties:
                known = ", ".join(sorted(collecties)) or "geen"
                yield _error(_pos(b.locs, f"collecties.{i}", _begrip_path(b)),
                             "onbekende-collectie", f"collectie {target!r} staat niet in "
                             f"_kader.yaml{suggest(target, collecties)} (bekend: {known})")
        if b.vervangen_door:
            pos = _pos(b.locs, "vervangen_door", _begrip_path(b))
            if b.vervangen_door not in begrippen and b.vervangen_door not in inhoud.onleesbaar:
                yield _error(pos, "onbekend-begrip", f"'vervangen_door' verwijst naar "
                             f"{b.vervangen_door!r}, dat niet bestaat"
                             f"{suggest(b.vervangen_door, begrippen)}")
            elif b.vervangen_door == b.id:
                yield _error(pos, "verwijst-naar-zichzelf",
                             "'vervangen_door' verwijst naar het begrip zelf")
            if b.status != "verouderd":
                yield _error(pos, "vervangen-zonder-verouderd", "'vervangen_door' hoort bij "
                             f"status 'verouderd', maar de status is {b.status!r}")
    for stap in inhoud.stappen.values():
        path = f"leidraad/{stap.id}.yaml"
        for i, target in enumerate(stap.begrippen):
            if target not in begrippen and target not in inhoud.onleesbaar:
                yield _error(_pos(stap.locs, f"begrippen.{i}", path), "onbekend-begrip",
                             f"'begrippen' noemt {target!r}, dat niet bestaat in begrippen/"
                             f"{suggest(target, begrippen)}")


def duplicates_in_lists(inhoud: Inhoud) -> Iterator[Finding]:
    for b in inhoud.begrippen.values():
        for field_name in ("breder", "gerelateerd", "collecties"):
            seen: set[str] = set()
            for i, target in enumerate(getattr(b, field_name)):
                if target in seen:
                    yield _warning(_pos(b.locs, f"{field_name}.{i}", _begrip_path(b)),
                                   "dubbele-waarde", f"{target!r} staat twee keer in "
                                   f"{field_name!r}")
                seen.add(target)


BROADER_KEYS = ("breder", "breder_generiek", "breder_partitief", "breder_instantie")


def _broader(b: Begrip) -> Iterator[tuple[str, int, str]]:
    """(key, index, id) of every broader concept, of whatever kind."""
    for name in BROADER_KEYS:
        for i, target in enumerate(getattr(b, name)):
            yield name, i, target


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
            targets = (t for _, _, t in _broader(begrippen[node]) if t in begrippen and t != node)
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
                    name, i = next((n, i) for n, i, t in _broader(b) if t == nxt)
                    yield _error(_pos(b.locs, f"{name}.{i}", _begrip_path(b)),
                                 "cyclus-breder", f"'{name}' maakt een kring: {route}; een "
                                 "begrip kan niet (via andere) breder zijn dan zichzelf")
            elif target not in state:
                enter(target)


def broader_and_related(inhoud: Inhoud) -> Iterator[Finding]:
    for b in inhoud.begrippen.values():
        broader = set(b.breder)
        for i, target in enumerate(b.gerelateerd):
            if target in broader:
                yield _error(_pos(b.locs, f"gerelateerd.{i}", _begrip_path(b)),
                             "breder-en-gerelateerd", f"{target!r} staat zowel in 'breder' als "
                             "in 'gerelateerd'; kies één relatie")
    for b in inhoud.begrippen.values():  # the same clash, written from the other side
        for i, target in enumerate(b.gerelateerd):
            other = inhoud.begrippen.get(target)
            if other is not None and b.id in other.breder and target not in b.breder:
                yield _error(_pos(b.locs, f"gerelateerd.{i}", _begrip_path(b)),
                             "breder-en-gerelateerd", f"{target!r} heeft dit begrip als "
                             "'breder', dus het kan niet ook 'gerelateerd' zijn")


def labels(inhoud: Inhoud) -> Iterator[Finding]:
    """Unique voorkeurstermen per language; no alternatieve term equal to a voorkeursterm."""
    pref: dict[tuple[str, str], Begrip] = {}
    for ident in sorted(inhoud.begrippen):
        b = inhoud.begrippen[ident]
        for lang, term in b.voorkeursterm.items():
            found = pref.setdefault((lang, fold(term)), b)
            if found is not b:
                yield _error(_pos(b.locs, f"voorkeursterm.{lang}", _begrip_path(b)),
                             "dubbele-voorkeursterm", f"voorkeursterm {term!r} ({lang}) is ook "
                             f"de voorkeursterm van {found.id!r}; elk begrip heeft een eigen "
                             "voorkeursterm")
    for ident in sorted(inhoud.begrippen):
        b = inhoud.begrippen[ident]
        for lang, terms in b.alternatieve_termen.items():
            for i, term in enumerate(terms):
                owner = pref.get((lang, fold(term)))
                if owner is None:
                    continue
                pos = _pos(b.locs, f"alternatieve_termen.{lang}.{i}", _begrip_path(b))
                whose = "de eigen voorkeursterm" if owner is b else \
                    f"de voorkeursterm van {owner.id!r}"
                yield _error(pos, "alternatieve-term-is-voorkeursterm",
                             f"alternatieve term {term!r} is {whose}; verwijder hem of kies "
                             "een andere relatie")


def mappings(inhoud: Inhoud) -> Iterator[Finding]:
    if inhoud.kader is None or not inhoud.kader.basis_uri:
        return
    base = inhoud.kader.basis_uri
    for b in inhoud.begrippen.values():
        for relation, i, iri in b.koppelingen.items():
            if iri.startswith(base):
                yield _error(_pos(b.locs, f"koppelingen.{relation}.{i}", _begrip_path(b)),
                             "koppeling-naar-eigen-kader", f"{relation} {iri!r} ligt binnen de "
                             f"eigen basis_uri {base!r}; gebruik 'breder' of 'gerelateerd' voor "
                             "begrippen uit dit kader")


# Mapping relations that cannot hold together for one target (SKOS: exactMatch is not broader
# or related; broader and narrower exclude each other; related is disjoint with broader).
CONTRADICTORY = {frozenset(pair) for pair in (
    ("exactMatch", "broadMatch"), ("exactMatch", "narrowMatch"), ("exactMatch", "relatedMatch"),
    ("broadMatch", "narrowMatch"), ("broadMatch", "relatedMatch"),
    ("narrowMatch", "relatedMatch"))}


def mapping_targets(inhoud: Inhoud) -> Iterator[Finding]:
    """Every mapping target exists in its vocabulary; no contradictory mappings."""
    from kennisbank.content.vocabulaires import label, namespace

    by_namespace: dict[str, str] = {}
    for iri, known in sorted(inhoud.extern.items()):
        by_namespace.setdefault(namespace(iri), known.vocabulaire)
    own = inhoud.kader.basis_uri if inhoud.kader and inhoud.kader.basis_uri else None
    equal: dict[str, str] = {}  # exactMatch target → the first of our concepts with it
    for ident in sorted(inhoud.begrippen):
        b = inhoud.begrippen[ident]
        seen: dict[str, str] = {}
        exact_in: dict[str, str] = {}
        for relation, i, iri in b.koppelingen.items():
            pos = _pos(b.locs, f"koppelingen.{relation}.{i}", _begrip_path(b))
            extern = inhoud.extern.get(iri)
            vocab = extern.vocabulaire if extern else by_namespace.get(namespace(iri))
            if extern is None and vocab is not None:
                naam = inhoud.vocabulaires[vocab].naam
                yield _error(pos, "onbekende-koppeling", f"{relation} {iri!r} staat niet in "
                             f"vocabulaire {vocab!r} ({naam.get('nl') or label(naam)})"
                             f"{_suggest_extern(iri, vocab, inhoud)}")
            elif vocab is None and not (own and iri.startswith(own)):
                # NL-SBB needs the target's label and definition, which only vocabulaires/
                # can give: an error under nl-sbb; under skos the export leaves it untyped.
                level = _warning if is_skos(inhoud) else _error
                yield level(pos, "koppeling-buiten-vocabulaires", f"{relation} {iri!r} "
                            "hoort bij geen vocabulaire in vocabulaires/, dus de site kent "
                            "het label niet en de controle kan niet zien of het bestaat; "
                            "voeg het begrippenkader toe aan vocabulaires/")
            if iri in seen and frozenset((seen[iri], relation)) in CONTRADICTORY:
                yield _error(pos, "tegenstrijdige-koppeling", f"{iri!r} staat zowel bij "
                             f"{seen[iri]} als bij {relation}; die relaties sluiten elkaar uit")
            seen.setdefault(iri, relation)
            if relation != "exactMatch":
                continue
            if vocab is not None and vocab in exact_in and exact_in[vocab] != iri:
                yield _error(pos, "dubbele-exacte-koppeling", f"exactMatch naar {iri!r} én naar "
                             f"{exact_in[vocab]!r}, twee begrippen uit hetzelfde vocabulaire "
                             f"{vocab!r}; een begrip kan met maar één begrip daarin exact "
                             "overeenkomen (gebruik closeMatch)")
            if vocab is not None:
                exact_in.setdefault(vocab, iri)
            if equal.setdefault(iri, ident) != ident:
                yield _error(pos, "gelijkgestelde-begrippen", f"exactMatch {iri!r} staat ook "
                             f"bij {equal[iri]!r}; dan zouden {equal[iri]!r} en {ident!r} "
                             "hetzelfde begrip zijn (exactMatch is transitief); gebruik "
                             "closeMatch of voeg de begrippen samen")


def _suggest_extern(iri: str, vocab: str, inhoud: Inhoud) -> str:
    """'; bedoelde je <iri> (label)?' by the IRI's last segment against labels and names."""
    import difflib

    from kennisbank.content.vocabulaires import label

    wanted = fold(iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1].replace("-", " "))
    options: dict[str, str] = {}
    for other, extern in inhoud.extern.items():
        if extern.vocabulaire != vocab:
            continue
        options.setdefault(fold(other.rsplit("/", 1)[-1].rsplit("#", 1)[-1]), other)
        for text in extern.voorkeursterm.values():
            options.setdefault(fold(text), other)
    match = difflib.get_close_matches(wanted, list(options), n=1, cutoff=0.6)
    if not match:
        return ""
    target = inhoud.extern[options[match[0]]]
    return f"; bedoelde je {target.iri!r} ({label(target.voorkeursterm)})?"


def kader(inhoud: Inhoud) -> Iterator[Finding]:
    k = inhoud.kader
    if k is not None and k.basis_uri and not k.basis_uri.endswith(("/", "#")):
        yield _error(_pos(k.locs, "basis_uri", "begrippen/_kader.yaml"), "ongeldige-basis-uri",
                     f"basis_uri {k.basis_uri!r} moet eindigen op '/' (of '#'), want de id "
                     "wordt er direct achter gezet")


def completeness(inhoud: Inhoud) -> Iterator[Finding]:
    narrower_or_related: set[str] = set()
    for b in inhoud.begrippen.values():
        narrower_or_related.update(b.breder)
        narrower_or_related.update(b.gerelateerd)
    for b in inhoud.begrippen.values():
        start = _pos(b.locs, "", _begrip_path(b))
        if "bronnen" not in b.locs:
            yield _warning(start, "geen-bronnen", f"begrip {b.id!r} heeft geen 'bronnen'; "
                           "noem minstens één bron (titel en url of citatie)")
        if "uitleg" not in b.locs:
            yield _warning(start, "geen-uitleg", f"begrip {b.id!r} heeft geen 'uitleg' in "
                           "eenvoudige taal")
        if not (b.breder or b.gerelateerd or b.collecties or b.id in narrower_or_related):
            yield _warning(start, "wees-begrip", f"begrip {b.id!r} hangt nergens aan: geen "
                           "breder, smaller of gerelateerd begrip en geen collectie")


def extra_rdf(inhoud: Inhoud) -> Iterator[Finding]:
    """'overige_rdf' must be Turtle that parses (it is added to the export as is)."""
    items: list[tuple[str, dict[str, Loc], str]] = [
        (b.overige_rdf, b.locs, _begrip_path(b)) for b in inhoud.begrippen.values()
        if b.overige_rdf]
    if inhoud.kader is not None and inhoud.kader.overige_rdf:
        items.append((inhoud.kader.overige_rdf, inhoud.kader.locs, "begrippen/_kader.yaml"))
    if not items:
        return
    from kennisbank.rdf.parse import parse_text  # rdflib: only loaded when needed

    parsed = []
    for text, locs, path in items:
        try:
            graph = parse_text(text)
        except Exception as exc:  # rdflib raises many kinds; all mean "not valid Turtle"
            problem = " ".join(str(exc).split())[:300]
            yield _error(_pos(locs, "overige_rdf", path), "ongeldige-rdf",
                         f"'overige_rdf' is geen geldige Turtle: {problem}")
            continue
        parsed.append((graph, _pos(locs, "overige_rdf", path)))
    yield from _writable(parsed)
    yield from _extra_integrity(inhoud, parsed)


def is_skos(inhoud: Inhoud) -> bool:
    """True when the kader states `profiel: skos` (only SKOS's own rules are errors)."""
    return inhoud.kader is not None and inhoud.kader.profiel == "skos"


def _writable(parsed: list[tuple[Any, Pos]]) -> Iterator[Finding]:
    """What the writers cannot express: a predicate with no XML name at its end (RDF/XML),
    a control character in a literal (not allowed in XML)."""
    from rdflib import Literal

    from kennisbank.rdf.write import xml_split

    for graph, pos in parsed:
        for predicate in sorted({str(p) for p in graph.predicates()}):
            if not xml_split(predicate)[1]:
                yield _error(pos, "onschrijfbare-rdf", f"predicaat <{predicate}> in "
                             "'overige_rdf' eindigt niet op een naam (letter of '_' gevolgd "
                             "door letters, cijfers, '-', '.' of '_'), dus RDF/XML kan het niet "
                             "schrijven (Turtle, JSON-LD en N-Triples wel); verwachtte een "
                             "predicaat als <http://example.org/def/naam>")
        for obj in sorted({o for o in graph.objects() if isinstance(o, Literal)}, key=str):
            bad = [c for c in str(obj) if (ord(c) < 32 and c not in "\t\n\r")
                   or 0xFFFE <= ord(c) <= 0xFFFF or 0xD800 <= ord(c) <= 0xDFFF]
            if bad:
                yield _error(pos, "ongeldige-rdf", f"een tekst in 'overige_rdf' bevat het "
                             f"stuurteken U+{ord(bad[0]):04X}, dat XML niet toestaat: "
                             f"{str(obj)[:80]!r}")


def _extra_integrity(inhoud: Inhoud, parsed: list[tuple[Any, Pos]]) -> Iterator[Finding]:
    """The SKOS integrity rules over the keys and 'overige_rdf' together: one prefLabel per
    language (S14), pref-, alt- and hiddenLabel disjoint (S13), related disjoint with
    broader (S27), exactMatch disjoint with broadMatch and relatedMatch (S46), and no
    concept broader than itself. Only clashes that involve 'overige_rdf' are reported here
    (the keys have rules of their own). Errors under nl-sbb; warnings under skos, where
    they are the source's own statements kept as they are."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import SKOS

    from kennisbank.skos.mapping import BROADER, concept_iris

    if not parsed or inhoud.kader is None:
        return
    level = _warning if is_skos(inhoud) else _error
    iris = concept_iris(inhoud)
    labels: dict[tuple[str, str, str], set[str]] = {}  # (subject, kind, lang) → values
    edges: dict[tuple[str, str], set[str]] = {}  # (subject, object) → kinds
    for ident, b in inhoud.begrippen.items():
        me = str(iris[ident])
        for kind, values in (("pref", {k: [v] for k, v in b.voorkeursterm.items()}),
                             ("alt", b.alternatieve_termen), ("hidden", b.zoektermen)):
            for lang, terms in values.items():
                labels.setdefault((me, kind, lang), set()).update(terms)
        for name in BROADER:
            for target in getattr(b, name):
                if target in iris:
                    edges.setdefault((me, str(iris[target])), set()).add("broader")
        for target in b.gerelateerd:
            if target in iris:
                edges.setdefault((me, str(iris[target])), set()).add("related")
        for relation, _, target in b.koppelingen.items():
            edges.setdefault((me, target), set()).add(relation)
    kinds = {SKOS.prefLabel: "pref", SKOS.altLabel: "alt", SKOS.hiddenLabel: "hidden"}
    up = {SKOS.broader, SKOS.broaderTransitive, *(down for down, _ in BROADER.values())}
    down_ = {SKOS.narrower, SKOS.narrowerTransitive, *(n for _, n in BROADER.values())}
    matches = {SKOS.exactMatch: "exactMatch", SKOS.broadMatch: "broadMatch",
               SKOS.narrowMatch: "narrowMatch", SKOS.relatedMatch: "relatedMatch"}
    for graph, pos in parsed:
        extra_labels: list[tuple[str, str, str, str]] = []
        extra_edges: list[tuple[str, str, str]] = []
        for s, p, o in sorted(graph, key=str):
            if p in kinds and isinstance(o, Literal):
                extra_labels.append((str(s), kinds[p], o.language or "und", str(o)))
            elif isinstance(o, URIRef) and (p in up or p in down_ or p == SKOS.related or
                                            p in matches):
                a, c = (str(o), str(s)) if p in down_ else (str(s), str(o))
                kind = "broader" if p in up or p in down_ else \
                    "related" if p == SKOS.related else matches[p]
                extra_edges.append((a, c, kind))
        for subject, kind, lang, value in extra_labels:
            if kind == "pref":
                others = labels.get((subject, "pref", lang), set()) - {value}
                if others:
                    yield level(pos, "skos-integriteit", f"<{subject}> krijgt in 'overige_rdf' "
                                f"een tweede skos:prefLabel in taal {lang!r} ({value!r} naast "
                                f"{sorted(others)[0]!r}); SKOS staat één voorkeursterm per taal "
                                "toe")
            for other in ("pref", "alt", "hidden"):
                if other != kind and value in labels.get((subject, other, lang), set()):
                    yield level(pos, "skos-integriteit", f"{value!r} ({lang}) is in "
                                f"'overige_rdf' skos:{kind}Label én elders skos:{other}Label "
                                f"van <{subject}>; SKOS houdt die gescheiden")
            labels.setdefault((subject, kind, lang), set()).add(value)
        for a, c, kind in extra_edges:
            if a == c and kind in ("broader", "related"):
                yield level(pos, "skos-integriteit", f"<{a}> is in 'overige_rdf' {kind} dan "
                            "zichzelf")
                continue
            known = edges.get((a, c), set()) | edges.get((c, a), set()) \
                if kind in ("broader", "related") else edges.get((a, c), set())
            clash = {"broader": {"related"}, "related": {"broader"},
                     "exactMatch": {"broadMatch", "narrowMatch", "relatedMatch"},
                     "broadMatch": {"exactMatch"}, "narrowMatch": {"exactMatch"},
                     "relatedMatch": {"exactMatch"}}.get(kind, set()) & known
            if clash:
                yield level(pos, "skos-integriteit", f"<{a}> en <{c}> zijn in 'overige_rdf' "
                            f"{kind} en elders {sorted(clash)[0]}; die relaties sluiten elkaar "
                            "in SKOS uit")
            edges.setdefault((a, c), set()).add(kind)


# Under `profiel: skos` these findings are warnings: NL-SBB (or our own format) asks for
# them, SKOS does not. (code, a word the message must contain, or "" for any)
NL_SBB_ONLY = (("ontbrekende-sleutel", "'definitie'"), ("ontbrekende-sleutel", "'titel'"),
               ("ontbrekende-sleutel", "'voorkeursterm'"), ("onschrijfbare-rdf", ""),
               ("dubbele-voorkeursterm", ""),
               ("alternatieve-term-is-voorkeursterm", "de voorkeursterm van"))


def apply_profile(inhoud: Inhoud, findings: list[Finding]) -> list[Finding]:
    if not is_skos(inhoud):
        return findings
    return [dataclasses.replace(f, level=Level.WAARSCHUWING)
            if f.level is Level.FOUT and any(f.code == code and word in f.message
                                             for code, word in NL_SBB_ONLY) else f
            for f in findings]


def leidraad_graph(inhoud: Inhoud) -> Iterator[Finding]:
    leidraad, stappen = inhoud.leidraad, inhoud.stappen
    if leidraad is None:
        return
    path = "leidraad/_leidraad.yaml"
    edges: dict[str, list[str]] = {ident: [] for ident in stappen}
    ends: set[str] = set()
    for stap in stappen.values():
        for i, uitkomst in enumerate(stap.uitkomsten):
            if uitkomst.einde:
                ends.add(stap.id)
            if not uitkomst.volgende:
                continue
            if uitkomst.volgende in stappen:
                edges[stap.id].append(uitkomst.volgende)
            elif uitkomst.volgende not in inhoud.onleesbare_stappen:
                pos = _pos(stap.locs, f"uitkomsten.{i}.volgende", f"leidraad/{stap.id}.yaml")
                yield _error(pos,
                             "onbekende-stap", f"'volgende' verwijst naar {uitkomst.volgende!r}, "
                             f"dat geen stap is{suggest(uitkomst.volgende, stappen)}")
    if inhoud.onleesbare_stappen:
        return  # reachability is meaningless while a step file could not be read
    if leidraad.start and leidraad.start not in stappen:
        yield _error(_pos(leidraad.locs, "start", path), "onbekende-stap",
                     f"'start' verwijst naar {leidraad.start!r}, dat geen stap is"
                     f"{suggest(leidraad.start, stappen)}")
        return
    reached = _reachable([leidraad.start], edges) if leidraad.start else set()
    for ident in sorted(stappen):
        stap = stappen[ident]
        if ident not in reached and not stap.parallel:
            yield _error(_pos(stap.locs, "", f"leidraad/{ident}.yaml"), "stap-onbereikbaar",
                         f"stap {ident!r} is vanaf de start ({leidraad.start!r}) niet te bereiken "
                         "via 'volgende'; verwijs ernaar of markeer haar met 'parallel: true'")
    reverse: dict[str, list[str]] = {ident: [] for ident in stappen}
    for source, targets in edges.items():
        for target in targets:
            reverse[target].append(source)
    can_end = _reachable(sorted(ends), reverse)
    for ident in sorted(stappen):
        if ident not in can_end:
            yield _error(_pos(stappen[ident].locs, "uitkomsten", f"leidraad/{ident}.yaml"),
                         "geen-einde", f"vanuit stap {ident!r} is geen einde te bereiken: elke "
                         "route loopt in een kring; geef een uitkomst met 'einde'")


def _reachable(starts: list[str], edges: dict[str, list[str]]) -> set[str]:
    seen, todo = set(starts), list(starts)
    while todo:
        for target in edges.get(todo.pop(), []):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def terms(inhoud: Inhoud) -> Iterator[Finding]:
    """Hints from where the concepts' terms occur (one term index for both)."""
    from kennisbank.content.termen import TermIndex

    index = TermIndex.of(inhoud)
    yield from _terms_in_definitions(inhoud, index)
    yield from _unused(inhoud, index)


def _terms_in_definitions(inhoud: Inhoud, index: TermIndex) -> Iterator[Finding]:
    """A definition that uses another concept's term hints at a missing relation."""
    neighbours: dict[str, set[str]] = {ident: set() for ident in inhoud.begrippen}
    for b in inhoud.begrippen.values():
        for target in [*(t for name in RELATION_KEYS for t in getattr(b, name)),
                       *([b.vervangen_door] if b.vervangen_door else [])]:
            neighbours[b.id].add(target)
            neighbours.setdefault(target, set()).add(b.id)
    for ident in sorted(inhoud.begrippen):
        b = inhoud.begrippen[ident]
        text = b.definitie.get("nl", "")
        # Two steps away counts as related: a definition of a kind of regeling may use the
        # terms of the regeling's own neighbours without a relation of its own.
        near = neighbours[ident].union(*(neighbours.get(n, set()) for n in neighbours[ident]))
        reported: set[str] = set()
        for match in index.find(text):
            other = match.ident
            if other == ident or other in near or other in reported:
                continue
            reported.add(other)
            yield _warning(_pos(b.locs, "definitie.nl", _begrip_path(b)), "term-zonder-relatie",
                           f"de definitie gebruikt {text[match.start:match.end]!r}, een term van "
                           f"begrip {other!r}, maar {other!r} staat niet in 'breder' of "
                           "'gerelateerd' (van een van beide kanten); voeg een relatie toe als "
                           "de begrippen samenhangen")


def _unused(inhoud: Inhoud, index: TermIndex) -> Iterator[Finding]:
    """A concept whose terms appear nowhere: not in the leidraad, another concept or a page.
    Only for a kader published with pages (a docs/ folder); a bare vocabulary has no prose."""
    if inhoud.paginas is None:
        return
    from kennisbank.content.termen import usage

    found = usage(inhoud, index)
    for ident in sorted(inhoud.begrippen):
        if not found.used(ident):
            b = inhoud.begrippen[ident]
            yield _warning(_pos(b.locs, "", _begrip_path(b)), "ongebruikt-begrip",
                           f"begrip {ident!r} komt nergens voor: niet in de leidraad, niet in "
                           "de tekst van een ander begrip en niet op een pagina in docs/")


_ARTICLE = re.compile(r"(?:een|de|het)\s+")
_COPULA = re.compile(r"\s+(?:is|zijn)\s+")


def _ancestors(inhoud: Inhoud, b: Begrip) -> set[str]:
    seen: set[str] = set()
    todo = [t for _, _, t in _broader(b)]
    while todo:
        ident = todo.pop()
        if ident not in seen and ident in inhoud.begrippen:
            seen.add(ident)
            todo.extend(t for _, _, t in _broader(inhoud.begrippen[ident]))
    return seen


def _genus(text: str, own: list[str]) -> str:
    """The normalised definition from its genus on: without a leading 'Een <term> is' (any of
    the concept's own terms) and without the article before the genus."""
    body = fold(text)
    for term in sorted(own, key=len, reverse=True):
        head = _ARTICLE.match(body)
        rest = body[head.end():] if head else body
        if rest.startswith(term) and (copula := _COPULA.match(rest, len(term))):
            body = rest[copula.end():]
            break
    head = _ARTICLE.match(body)
    return body[head.end():] if head else body


def _first_word(text: str) -> str:
    """The letters and digits `text` starts with: a term that `text` starts with, followed by
    a character that is not a letter or digit, starts with the same first word."""
    end = 0
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[:end]


def genus_not_broader(inhoud: Inhoud) -> Iterator[Finding]:
    """A definition that starts with another concept's voorkeursterm names that concept as its
    genus: it should be a broader concept (directly or higher up)."""
    # By language and first word: a definition is compared only with the terms that begin
    # with its own first word, longest first, so the rule is linear in the concepts.
    prefs: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for b in inhoud.begrippen.values():
        for lang, term in b.voorkeursterm.items():
            if normalised := fold(term):
                prefs.setdefault((lang, _first_word(normalised)), []).append((normalised, b.id))
    for terms_ in prefs.values():
        terms_.sort(key=lambda pair: (-len(pair[0]), pair[1]))
    for ident in sorted(inhoud.begrippen):
        b = inhoud.begrippen[ident]
        for lang in sorted(b.definitie):
            own = [fold(t) for t in [*b.voorkeursterm.values(),
                                          *b.alternatieve_termen.get(lang, [])] if fold(t)]
            body = _genus(b.definitie[lang], own)
            genus = next(((term, other) for term, other in prefs.get((lang, _first_word(body)), [])
                          if body.startswith(term)
                          and not body[len(term):len(term) + 1].isalnum()), None)
            if genus is None or genus[1] == ident or genus[1] in _ancestors(inhoud, b):
                continue
            other = genus[1]
            term = inhoud.begrippen[other].voorkeursterm[lang]
            yield _warning(_pos(b.locs, f"definitie.{lang}", _begrip_path(b)),
                           "genus-niet-breder",
                           f"de definitie begint met {term!r}, de voorkeursterm van begrip "
                           f"{other!r}, maar {other!r} is geen breder begrip; zet {other!r} in "
                           "'breder' of begin de definitie met het bredere begrip dat wel geldt")


RULES: tuple[Rule, ...] = (references, duplicates_in_lists, broader_cycles, broader_and_related,
                           labels, mappings, kader, completeness, extra_rdf, leidraad_graph,
                           terms, mapping_targets, genus_not_broader)


def validate(inhoud: Inhoud) -> list[Finding]:
    return [finding for rule in RULES for finding in rule(inhoud)]


def check(root: Path) -> tuple[Inhoud, list[Finding]]:
    """Load and validate `root`; findings sorted by file, line and column."""
    inhoud, findings = load(root)
    findings.extend(validate(inhoud))
    from kennisbank.history.git import published_rules  # reads git: only for a real root

    findings.extend(published_rules(root, inhoud))
    findings = apply_profile(inhoud, findings)
    findings.sort(key=Finding.sort_key)
    return inhoud, findings
