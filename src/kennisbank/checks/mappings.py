"""Rules on `koppelingen` to other vocabularies: known targets, no contradicting relations, one
exactMatch per vocabulary, no two of our concepts made one."""

from __future__ import annotations

from collections.abc import Iterator

from kennisbank.checks.common import (
    at,
    begrip_path,
    error,
    warning,
)
from kennisbank.checks.profile import is_skos
from kennisbank.content.iris import concept_iris, places_of
from kennisbank.content.model import Inhoud
from kennisbank.content.schema import MAX_TERM, MAX_TEXT, bidi_character, forbidden_character
from kennisbank.core.findings import Finding, Pos
from kennisbank.core.text import fold


def mappings(inhoud: Inhoud) -> Iterator[Finding]:
    if inhoud.kader is None or not inhoud.kader.basis_uri:
        return
    base = inhoud.kader.basis_uri
    # A mapping to a concept of another scheme of the same project is what mappings are for.
    others = _other_schemes_concepts(inhoud)
    for b in inhoud.begrippen.values():
        for relation, i, iri in b.koppelingen.items():
            if iri.startswith(base) and (iri not in others or not others[iri].isdisjoint(
                    places_of(b))):
                yield error(at(b.locs, f"koppelingen.{relation}.{i}", begrip_path(b)),
                             "koppeling-naar-eigen-kader", f"{relation} {iri!r} ligt binnen de "
                             f"eigen basis_uri {base!r}; gebruik 'breder' of 'gerelateerd' voor "
                             "begrippen uit dit kader")


def _other_schemes_concepts(inhoud: Inhoud) -> dict[str, set[str | None]]:
    """IRI → the schemes of every concept of the project (None: in no scheme)."""
    iris = concept_iris(inhoud)
    return {str(iris[i]): set(places_of(b)) for i, b in inhoud.begrippen.items()}


# Mapping relations that cannot hold together for one target (SKOS: exactMatch is not broader
# or related; broader and narrower exclude each other; related is disjoint with broader).
CONTRADICTORY = {frozenset(pair) for pair in (
    ("exactMatch", "broadMatch"), ("exactMatch", "narrowMatch"), ("exactMatch", "relatedMatch"),
    ("broadMatch", "narrowMatch"), ("broadMatch", "relatedMatch"),
    ("narrowMatch", "relatedMatch"))}
SKOS_ALLOWS = {frozenset(("broadMatch", "narrowMatch"))}


def mapping_targets(inhoud: Inhoud) -> Iterator[Finding]:
    """Every mapping target exists in its vocabulary; no contradictory mappings."""
    from kennisbank.content.vocabulaires import label, namespace

    by_namespace: dict[str, str] = {}
    for iri, known in sorted(inhoud.extern.items()):
        by_namespace.setdefault(namespace(iri), known.vocabulaire)
    own = inhoud.kader.basis_uri if inhoud.kader and inhoud.kader.basis_uri else None
    ours = {str(i) for i in concept_iris(inhoud).values()} if inhoud.kader else set()
    equal: dict[str, str] = {}  # exactMatch target → the first of our concepts with it
    for ident in sorted(inhoud.begrippen):
        b = inhoud.begrippen[ident]
        seen: dict[str, str] = {}
        exact_in: dict[str, str] = {}
        for relation, i, iri in b.koppelingen.items():
            pos = at(b.locs, f"koppelingen.{relation}.{i}", begrip_path(b))
            extern = inhoud.extern.get(iri)
            vocab = extern.vocabulaire if extern else by_namespace.get(namespace(iri))
            if extern is None and vocab is not None:
                naam = inhoud.vocabulaires[vocab].naam
                yield error(pos, "onbekende-koppeling", f"{relation} {iri!r} staat niet in "
                             f"vocabulaire {vocab!r} ({naam.get('nl') or label(naam)})"
                             f"{_suggest_extern(iri, vocab, inhoud)}")
            elif vocab is None and not (own and iri.startswith(own)) and iri not in ours:
                # NL-SBB needs the target's label and definition, which only vocabulaires/
                # can give: an error under nl-sbb; under skos the export leaves it untyped.
                level = warning if is_skos(inhoud) else error
                yield level(pos, "koppeling-buiten-vocabulaires", f"{relation} {iri!r} "
                            "hoort bij geen vocabulaire in vocabulaires/, dus de site kent "
                            "het label niet en de controle kan niet zien of het bestaat; "
                            "voeg het begrippenkader toe aan vocabulaires/")
            pair = frozenset((seen.get(iri, relation), relation))
            if pair in CONTRADICTORY:
                # broadMatch with narrowMatch breaks no SKOS integrity condition (S27 and
                # S46 exclude the others): under `profiel: skos` only a warning.
                level = warning if pair in SKOS_ALLOWS and is_skos(inhoud) else error
                yield level(pos, "tegenstrijdige-koppeling", f"{iri!r} staat zowel bij "
                             f"{seen[iri]} als bij {relation}; die relaties sluiten elkaar uit")
            seen.setdefault(iri, relation)
            if relation != "exactMatch":
                continue
            if vocab is not None and vocab in exact_in and exact_in[vocab] != iri:
                yield error(pos, "dubbele-exacte-koppeling", f"exactMatch naar {iri!r} én naar "
                             f"{exact_in[vocab]!r}, twee begrippen uit hetzelfde vocabulaire "
                             f"{vocab!r}; een begrip kan met maar één begrip daarin exact "
                             "overeenkomen (gebruik closeMatch)")
            if vocab is not None:
                exact_in.setdefault(vocab, iri)
            if equal.setdefault(iri, ident) != ident:
                yield error(pos, "gelijkgestelde-begrippen", f"exactMatch {iri!r} staat ook "
                             f"bij {equal[iri]!r}; dan zouden {equal[iri]!r} en {ident!r} "
                             "hetzelfde begrip zijn (exactMatch is transitief); gebruik "
                             "closeMatch of voeg de begrippen samen")


def mapping_target_texts(inhoud: Inhoud) -> Iterator[Finding]:
    """The label and definition of every mapping target are written into our export and
    shown on our pages: the same limits as our own texts (length, no control characters),
    reported in the vocabulary's file. Texts of concepts nobody maps to are not written
    (and were cut at MAX_TEXT + 1 when the vocabulary was read)."""
    from kennisbank.content.vocabulaires import placed

    # target IRI → the first of our concepts that maps to it; the broader concepts that the
    # export writes to place a target in its own vocabulary (skos.mapping) count as mapped
    mapped: dict[str, str] = {}
    for ident in sorted(inhoud.begrippen):
        for _, _, iri in inhoud.begrippen[ident].koppelingen.items():
            mapped.setdefault(iri, ident)
            for concept in placed(iri, inhoud.extern):
                mapped.setdefault(concept.iri, ident)
    for iri in sorted(mapped):
        known = inhoud.extern.get(iri)
        vocab = inhoud.vocabulaires.get(known.vocabulaire) if known else None
        if known is None or vocab is None:
            continue
        pos = Pos(f"vocabulaires/{vocab.bestand}", 1, 1)
        via = f"gekoppeld vanuit begrippen/{mapped[iri]}.yaml"
        for name, texts, limit in (("skos:prefLabel", known.voorkeursterm, MAX_TERM),
                                   ("skos:definition", known.definitie, MAX_TEXT)):
            for lang, value in sorted(texts.items()):
                where = f"{name}@{lang} van <{iri}> ({via})"
                if len(value) > limit:
                    most = f"{limit:,}".replace(",", ".")
                    yield error(pos, "te-lang", f"{where} is langer dan {most} tekens, de "
                                f"grens voor teksten van dit kader: {value[:60]!r}…")
                bad = forbidden_character(value)
                if bad:
                    yield error(pos, "ongeldig-teken", f"{where} bevat het stuurteken {bad}, "
                                "dat RDF/XML niet kan schrijven; verwijder het uit het "
                                f"vocabulaire: {value[:80]!r}")
                bidi = bidi_character(value) if limit == MAX_TERM else None
                if bidi:
                    yield error(pos, "ongeldig-teken", f"{where} bevat het richtingsteken "
                                f"{bidi}, dat de term anders laat lijken dan hij is: "
                                f"{value[:80]!r}")


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
