"""The typed content model. The fields declared with `key` are the YAML contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from kennisbank.content.fields import ListOf, MapOf, Record, Text, TextList, key
from kennisbank.content.schema import (
    ID,
    MAX_TERM,
    URL,
    VERSION,
    Bool,
    Ctx,
    Enum,
    LangList,
    LangText,
    Loc,
    Str,
)
from kennisbank.content.yamlsource import MAX_FILE_BYTES

TEXT, TEXTS, PLAIN = Text(), TextList(), Str()
TERM, TERMS = Text(MAX_TERM), TextList(MAX_TERM)
# Turtle that an import keeps: as long as a content file may be.
TURTLE = Str(limit=MAX_FILE_BYTES)


def check_date(value: str) -> str | None:
    import datetime

    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return f"{value!r} is geen datum; verwachtte JJJJ-MM-DD, bijvoorbeeld 2026-11-01"
    return None


def check_language(value: str) -> str | None:
    from kennisbank.content.schema import LANG_RE

    if value == "und" or not LANG_RE.fullmatch(value):
        return f"{value!r} is geen taalcode (BCP 47); verwachtte bijvoorbeeld 'nl', 'en' of 'de'"
    return None


PROFIELEN = ("nl-sbb", "skos", "erkenning-en-herstel")


def check_file_name(value: str) -> str | None:
    if "/" in value or "\\" in value or value.startswith("."):
        return f"{value!r} is geen bestandsnaam in vocabulaires/; verwachtte alleen een naam"
    return None
IDS = ListOf(ID)
IRIS = ListOf(URL)
STATUSES = ("ontwerp", "vastgesteld", "verouderd")


@dataclass(kw_only=True)
class Bron:
    """Een bron van een begrip of stap: een document of webpagina. Geef minstens een titel, url
    of uri."""

    titel: LangText = key(TEXT, "Titel van het document of de pagina.", rdf="dct:title")
    url: str = key(URL, "Webadres (http of https) van de bron.", rdf="foaf:page")
    citatie: str = key(PLAIN, "Verwijzing zoals je die in een tekst zou opnemen, bijvoorbeeld "
                       "het Kamerstuknummer en de datum (één tekst, zonder taal).",
                       rdf="dct:bibliographicCitation")
    uri: str = key(URL, "IRI van de bron zelf, als die een eigen IRI heeft (zoals bij "
                   "geïmporteerde kaders).")


def _check_bron(record: Any, node: yaml.Node, ctx: Ctx, where: str) -> None:
    named = {k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    if not named & {"titel", "url", "uri"}:
        ctx.error(node, "ontbrekende-sleutel", "een bron heeft minstens een 'titel', 'url' of "
                  "'uri' nodig")


BRONNEN = ListOf(Record(Bron, _check_bron, {"anyOf": [
    {"required": ["titel"]}, {"required": ["url"]}, {"required": ["uri"]}]}))


@dataclass(kw_only=True)
class Koppelingen:
    """Koppelingen naar begrippen in andere begrippenkaders (IRI's), per SKOS-relatie."""

    exactMatch: list[str] = key(IRIS, "Begrippen die exact hetzelfde betekenen.",  # noqa: N815
                                rdf="skos:exactMatch")
    closeMatch: list[str] = key(IRIS, "Begrippen die bijna hetzelfde betekenen.",  # noqa: N815
                                rdf="skos:closeMatch")
    broadMatch: list[str] = key(IRIS, "Bredere begrippen in een ander kader.",  # noqa: N815
                                rdf="skos:broadMatch")
    narrowMatch: list[str] = key(IRIS, "Smallere begrippen in een ander kader.",  # noqa: N815
                                 rdf="skos:narrowMatch")
    relatedMatch: list[str] = key(IRIS, "Verwante begrippen in een ander kader.",  # noqa: N815
                                  rdf="skos:relatedMatch")

    def items(self) -> list[tuple[str, int, str]]:
        """(relation, index, iri) for every mapping, in declaration order."""
        return [(name, i, iri) for name in MATCH_KEYS for i, iri in enumerate(getattr(self, name))]


MATCH_KEYS = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")


@dataclass(kw_only=True)
class Begrip:
    """Een begrip uit het begrippenkader (skos:Concept). De bestandsnaam is de id."""

    voorkeursterm: LangText = key(TERM, "De term die het begrip benoemt, per taal één.",
                                  required=True, rdf="skos:prefLabel")
    definitie: LangText = key(TEXT, "Wat het begrip betekent, beginnend met het bredere begrip: "
                              "'Brief waarin de overheid ...' (niet 'Een excuusbrief is ...').",
                              required=True, rdf="skos:definition")
    alternatieve_termen: LangList = key(TERMS, "Synoniemen en afkortingen die hetzelfde "
                                        "betekenen.", rdf="skos:altLabel")
    zoektermen: LangList = key(TERMS, "Andere schrijfwijzen en woordvormen (zoals meervouden) "
                               "waarop het begrip gevonden moet worden; niet getoond.",
                               rdf="skos:hiddenLabel")
    ontraden_termen: LangList = key(TERMS, "Woorden die het programma afraadt voor dit begrip "
                                    "(bijvoorbeeld een stigmatiserende of verouderde naam); "
                                    "`kennisbank tekst` en de pagina Tekst controleren "
                                    "noemen dan de voorkeursterm.", rdf="kb:ontradenTerm")
    uitleg: LangText = key(TEXT, "Uitleg in eenvoudige taal (B1).", rdf="rdfs:comment")
    toelichting: LangText = key(TEXT, "Afbakening en gebruik: waar het begrip wel en niet voor "
                                "staat, verschil met verwante termen.", rdf="skos:scopeNote")
    voorbeelden: LangList = key(TEXTS, "Concrete voorbeelden.", rdf="skos:example")
    bronnen: list[Bron] = key(BRONNEN, "Bronnen waarop het begrip berust.",
                              rdf="dct:source")
    breder: list[str] = key(IDS, "Ids van bredere begrippen (smaller wordt afgeleid).",
                            rdf="skos:broader")
    gerelateerd: list[str] = key(IDS, "Ids van verwante begrippen (wordt in beide richtingen "
                                 "vastgelegd).", rdf="skos:related")
    collecties: list[str] = key(IDS, "Ids van collecties uit _kader.yaml.", rdf="skos:member")
    koppelingen: Koppelingen = key(Record(Koppelingen), "Koppelingen naar begrippen in andere "
                                   "begrippenkaders.")
    status: str = key(Enum(*STATUSES, default="ontwerp"), "ontwerp (standaard), vastgesteld of "
                      "verouderd.", rdf="adms:status")
    vervangen_door: str = key(ID, "Id van het begrip dat dit verouderde begrip vervangt.",
                              rdf="dct:isReplacedBy")
    # Keys that mostly matter for vocabularies imported from elsewhere (kennisbank import).
    notaties: list[str] = key(ListOf(PLAIN), "Codes of nummers van het begrip in een "
                              "classificatie.", rdf="skos:notation")
    breder_generiek: list[str] = key(IDS, "Ids van bredere begrippen in een soort-relatie "
                                     "(ISO 25964).", rdf="isothes:broaderGeneric")
    breder_partitief: list[str] = key(IDS, "Ids van gehelen waar dit begrip deel van is "
                                      "(ISO 25964).", rdf="isothes:broaderPartitive")
    breder_instantie: list[str] = key(IDS, "Ids van klassen waarvan dit begrip een exemplaar is "
                                      "(ISO 25964).", rdf="isothes:broaderInstantial")
    notities: LangList = key(TEXTS, "Algemene notities.", rdf="skos:note")
    redactionele_notities: LangList = key(TEXTS, "Notities voor redacteuren.",
                                          rdf="skos:editorialNote")
    wijzigingsnotities: LangList = key(TEXTS, "Wat er aan het begrip is veranderd.",
                                       rdf="skos:changeNote")
    historische_notities: LangList = key(TEXTS, "Eerdere betekenis of gebruik van het begrip.",
                                         rdf="skos:historyNote")
    naam: LangText = key(TEXT, "Naam van het begrip als die afwijkt van de voorkeursterm "
                         "(standaard: de voorkeursterm).", rdf="rdfs:label")
    kaders: list[str] = key(IDS, "Ids van andere begrippenkaders (uit 'kaders' in "
                            "_kader.yaml) waarin het begrip ook staat.", rdf="skos:inScheme")
    buiten_hoofdkader: bool = key(Bool(), "true als het begrip niet in het begrippenkader van "
                                  "_kader.yaml zelf staat: dan alleen in zijn 'kaders', of "
                                  "zonder 'kaders' in geen enkel begrippenkader.")
    uri: str = key(URL, "IRI van het begrip als die afwijkt van basis_uri + id.")
    overige_rdf: str = key(TURTLE, "Overige RDF over dit begrip (Turtle) die het formaat niet "
                           "apart kent; wordt ongewijzigd mee geëxporteerd.")

    id: str = ""
    locs: dict[str, Loc] = field(default_factory=dict, repr=False)


@dataclass(kw_only=True)
class Collectie:
    """Een collectie: een thematische groep begrippen (skos:Collection)."""

    naam: LangText = key(TEXT, "Naam van de collectie.", required=True, rdf="skos:prefLabel")
    uitleg: LangText = key(TEXT, "Wat de collectie bevat.", rdf="rdfs:comment")
    uri: str = key(URL, "IRI van de collectie als die afwijkt van {domein}/id/collectie/{id}.")


@dataclass(kw_only=True)
class Nevenkader:
    """Een ander begrippenkader (skos:ConceptScheme) in hetzelfde project, naast dat van
    _kader.yaml; een begrip staat erin als het zijn id noemt onder 'kaders'."""

    titel: LangText = key(TEXT, "Titel van het begrippenkader.", required=True, rdf="dct:title")
    uitleg: LangText = key(TEXT, "Waar het begrippenkader over gaat.", rdf="rdfs:comment")
    uri: str = key(URL, "IRI van het begrippenkader als die afwijkt van "
                   "{domein}/id/begrippenkader/{id}.")
    topbegrippen: list[str] = key(IDS, "Ids van de topbegrippen van dit kader, zoals de bron ze "
                                  "noemt.", rdf="skos:hasTopConcept")
    overige_rdf: str = key(TURTLE, "Overige RDF over dit begrippenkader (Turtle) die het formaat "
                           "niet apart kent; wordt ongewijzigd mee geëxporteerd.")


# An e-mail address as a mailto: link can carry it safely: no spaces, no '?', '&', '%', ','
# or quotes (they would add headers or recipients to the link).
EMAIL_PATTERN = r"^[A-Za-z0-9._+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?" \
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
FORM_FIELDS = ("onderwerp", "tekst")  # what a meldformulier address may have filled in


def check_email(value: str) -> str | None:
    import re

    if re.fullmatch(EMAIL_PATTERN, value) and len(value) <= 254:
        return None
    return (f"{value!r} is geen e-mailadres; verwachtte naam@domein.nl, zonder spaties en "
            "zonder tekens als ? & % , of aanhalingstekens")


def check_form(value: str) -> str | None:
    """An http(s) address in which {onderwerp} and {tekst} are filled in (URL-encoded)."""
    import re

    from kennisbank.content.schema import check_url

    unknown = sorted({name for name in re.findall(r"\{([^{}]*)\}", value)
                      if name not in FORM_FIELDS})
    if unknown:
        return (f"onbekende plaatshouder {{{unknown[0]}}} in {value!r}; toegestaan zijn "
                f"{{onderwerp}} en {{tekst}}")
    filled = value
    for name in FORM_FIELDS:
        filled = filled.replace("{" + name + "}", "x")
    return check_url(filled)


def _check_contact(record: Any, node: yaml.Node, ctx: Ctx, where: str) -> None:
    named = {k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    if not named & {"email", "formulier"}:
        ctx.error(node, "ontbrekende-sleutel", "'contact' heeft een 'email' of een "
                  "'formulier' nodig (of allebei)")


@dataclass(kw_only=True)
class Contact:
    """Waar lezers een fout melden of een vraag stellen. Elke begrip- en stappagina krijgt de
    link 'Meld een fout of stel een vraag', met het begrip (IRI) of de stap en de versie al
    ingevuld. Geef minstens een email of een formulier."""

    email: str = key(Str(check_email, "ongeldig-e-mailadres", {"pattern": EMAIL_PATTERN},
                         limit=254),
                     "E-mailadres voor meldingen en vragen; de link opent een e-mail aan dit "
                     "adres met onderwerp en tekst ingevuld.")
    formulier: str = key(Str(check_form, "ongeldige-url", {"pattern": "^https?://"}),
                         "Adres van een meldformulier of issue-tracker (http of https), "
                         "bijvoorbeeld https://github.com/org/repo/issues/new?title={onderwerp}"
                         "&body={tekst}; {onderwerp} en {tekst} worden ingevuld. Met een "
                         "formulier gaat de link daarheen en wordt het e-mailadres ernaast "
                         "genoemd.")


@dataclass(kw_only=True)
class Kader:
    """Het begrippenkader als geheel (skos:ConceptScheme): begrippen/_kader.yaml."""

    titel: LangText = key(TEXT, "Titel van het begrippenkader.", required=True, rdf="dct:title")
    uitleg: LangText = key(TEXT, "Waar het begrippenkader over gaat.", rdf="rdfs:comment")
    basis_uri: str = key(URL, "Begin van de IRI van elk begrip; IRI = basis_uri + id. Eindigt "
                         "op '/'.", required=True)
    uitgever: LangText = key(TEXT, "Organisatie die het kader uitgeeft.", rdf="dct:publisher")
    licentie: str = key(URL, "Adres van de licentie.", rdf="dct:license")
    versie: str = key(VERSION, "Versie van het kader, bijvoorbeeld 0.1.0.",
                           rdf="owl:versionInfo")
    collecties: dict[str, Collectie] = key(MapOf(Record(Collectie)), "Collecties, per id een "
                                           "naam en uitleg.", rdf="skos:Collection")
    uri: str = key(URL, "IRI van het begrippenkader als die afwijkt van "
                   "{domein}/id/begrippenkader/{titel}.")
    kaders: dict[str, Nevenkader] = key(MapOf(Record(Nevenkader)), "Andere begrippenkaders in "
                                        "dit project (een import van een bestand met meer "
                                        "kaders), per id; één site toont ze allemaal.",
                                        rdf="skos:ConceptScheme")
    overige_rdf: str = key(TURTLE, "Overige RDF (Turtle) die het formaat niet apart kent, zoals "
                           "DCAT-metadata; wordt ongewijzigd mee geëxporteerd.")
    profiel: str = key(Enum(*PROFIELEN, default="nl-sbb"), "De regels waaraan het kader "
                       "voldoet: nl-sbb (standaard: definitie, bronnen en status verplicht), "
                       "skos (alleen wat SKOS zelf verbiedt is een fout; wat NL-SBB toevoegt "
                       "een waarschuwing; kennisbank import kiest dit voor kaders die niet aan "
                       "NL-SBB voldoen) of erkenning-en-herstel (nl-sbb plus de huisregels van "
                       "het programma voor definities, uitleg, bronnen en de leidraad).")
    taal: str = key(Str(check_language, "ongeldige-taalcode"), "Taal waarin de site het kader "
                    "toont (BCP 47, standaard nl); teksten in andere talen krijgen hun eigen "
                    "lang-attribuut.")
    topbegrippen: list[str] = key(IDS, "Ids van de topbegrippen (skos:hasTopConcept), zoals "
                                  "de bron ze noemt. Zonder deze sleutel is elk begrip zonder "
                                  "breder begrip een topbegrip.", rdf="skos:hasTopConcept")
    geimporteerd: bool = key(Bool(), "true als `kennisbank import` het kader maakte: de export "
                             "zegt dan alleen wat de bron zei (geen dct:title, skos:prefLabel, "
                             "rdfs:label of dct:language afgeleid van titel, termen en talen; "
                             "geen topbegrippen als de bron er geen noemt: de site leidt ze dan "
                             "af van breder).")
    contact: Contact = key(Record(Contact, _check_contact, {"anyOf": [
        {"required": ["email"]}, {"required": ["formulier"]}]}), "Waar lezers een fout melden "
        "of een vraag stellen (e-mailadres en/of meldformulier); zonder contact krijgen de "
        "pagina's geen meldlink.")

    locs: dict[str, Loc] = field(default_factory=dict, repr=False)


def _check_uitkomst(record: Any, node: yaml.Node, ctx: Ctx, where: str) -> None:
    targets = {"volgende", "einde"} & {
        k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    if len(targets) != 1:
        wording = "allebei" if targets else "geen van beide"
        ctx.error(node, "uitkomst-doel", f"een uitkomst heeft óf 'volgende' (een stap-id) óf "
                  f"'einde' (een eindtekst), maar deze heeft {wording}")


@dataclass(kw_only=True)
class Uitkomst:
    """Een mogelijk antwoord op de vraag van een stap, met de volgende stap of een einde."""

    antwoord: LangText = key(TEXT, "Het antwoord op de vraag van de stap.", required=True)
    volgende: str = key(ID, "Id van de stap die na dit antwoord volgt.")
    einde: LangText = key(TEXT, "Eindtekst als de leidraad na dit antwoord stopt.")


@dataclass(kw_only=True)
class Stap:
    """Een stap van de leidraad: leidraad/<id>.yaml."""

    titel: LangText = key(TEXT, "Korte titel van de stap.", required=True)
    vraag: LangText = key(TEXT, "De kernvraag van de stap.", required=True)
    toelichting: LangText = key(TEXT, "Waar de stap over gaat en waar je op let.")
    begrippen: list[str] = key(IDS, "Ids van begrippen die de stap gebruikt.")
    checklist: LangList = key(TEXTS, "Concrete acties om af te vinken.")
    uitkomsten: list[Uitkomst] = key(ListOf(Record(Uitkomst, _check_uitkomst, {"oneOf": [
                                         {"required": ["volgende"]}, {"required": ["einde"]}]})),
                                     "Mogelijke antwoorden, elk met 'volgende' of 'einde'.",
                                     required=True)
    bronnen: list[Bron] = key(BRONNEN, "Bronnen van de stap.")
    parallel: bool = key(Bool(), "true voor een spoor dat naast de route loopt (zoals leren en "
                         "vastleggen); zo'n stap hoeft niet via 'volgende' bereikbaar te zijn.")

    id: str = ""
    locs: dict[str, Loc] = field(default_factory=dict, repr=False)


@dataclass(kw_only=True)
class Principe:
    """Een principe dat voor elke stap van de leidraad geldt."""

    titel: LangText = key(TEXT, "Het principe in een paar woorden.", required=True)
    uitleg: LangText = key(TEXT, "Wat het principe inhoudt.")


@dataclass(kw_only=True)
class Leidraad:
    """De leidraad als geheel: leidraad/_leidraad.yaml."""

    titel: LangText = key(TEXT, "Titel van de leidraad.", required=True)
    inleiding: LangText = key(TEXT, "Waar de leidraad voor is en hoe je hem gebruikt.")
    start: str = key(ID, "Id van de eerste stap.", required=True)
    versie: str = key(VERSION, "Versie van de leidraad; een dossier noteert bij elk antwoord "
                      "de versie en blijft geldig in een nieuwe versie.")
    principes: list[Principe] = key(ListOf(Record(Principe)), "Principes die voor elke stap "
                                    "gelden.")

    locs: dict[str, Loc] = field(default_factory=dict, repr=False)


@dataclass(kw_only=True)
class Vocabulaire:
    """Een begrippenkader van een andere organisatie, lokaal bewaard:
    vocabulaires/<id>.yaml naast het RDF-bestand zelf."""

    naam: LangText = key(TEXT, "Naam van het begrippenkader, zoals het op de site staat.",
                         required=True, rdf="dct:title")
    uitgever: LangText = key(TEXT, "Organisatie die het begrippenkader uitgeeft.",
                             rdf="dct:publisher")
    bron: str = key(URL, "Adres waar het bestand is opgehaald.", required=True,
                    rdf="dct:source")
    licentie: str = key(URL, "Adres van de licentie van het begrippenkader.",
                        rdf="dct:license")
    opgehaald: str = key(Str(check_date, "ongeldige-datum", {"format": "date"}),
                         "Datum waarop het bestand is opgehaald (JJJJ-MM-DD).", required=True,
                         rdf="dct:issued")
    bestand: str = key(Str(check_file_name, "ongeldige-bestandsnaam"), "Naam van het "
                       "RDF-bestand in vocabulaires/ (Turtle, RDF/XML, JSON-LD, N-Triples, ...).",
                       required=True)

    id: str = ""
    locs: dict[str, Loc] = field(default_factory=dict, repr=False)


@dataclass
class ExternBegrip:
    """A concept of another organisation's vocabulary, as far as we show and match it."""

    iri: str
    voorkeursterm: LangText
    alternatieve_termen: LangList
    zoektermen: LangList
    definitie: LangText
    vocabulaire: str  # id of the vocabulary it comes from
    # Where the source places the concept in its own vocabulary, so that an export that
    # maps to it can say so (NL-SBB asks every skos:Concept to be a top concept or to have a
    # broader one): its schemes (IRI → the scheme's title as the source gives it), the
    # schemes it is top concept of, and its skos:broader concepts.
    kaders: dict[str, LangText] = field(default_factory=dict)
    topbegrip_van: list[str] = field(default_factory=list)
    breder: list[str] = field(default_factory=list)


@dataclass
class Inhoud:
    """All content of one root folder."""

    kader: Kader | None = None
    begrippen: dict[str, Begrip] = field(default_factory=dict)
    leidraad: Leidraad | None = None
    stappen: dict[str, Stap] = field(default_factory=dict)
    # Ids of files that exist but could not be read: they still count as existing, so one
    # broken file does not cause a cascade of "unknown id" findings elsewhere.
    onleesbaar: set[str] = field(default_factory=set)
    onleesbare_stappen: set[str] = field(default_factory=set)
    # Hand-written pages under docs/ (path relative to docs/ → Markdown), where concepts'
    # terms are found for "Gebruikt in" and for the check that every concept is used.
    paginas: dict[str, str] | None = None
    # Every other file under docs/ the site would publish that the generator did not write
    # (path relative to docs/ → its text when checks.pages reads it as markup, else None).
    bestanden: dict[str, str | None] = field(default_factory=dict)
    vocabulaires: dict[str, Vocabulaire] = field(default_factory=dict)
    extern: dict[str, ExternBegrip] = field(default_factory=dict)  # IRI → concept
    # The git history (kennisbank.history.Geschiedenis), attached by `validate.check`.
    geschiedenis: Any = None


KADER, BEGRIP, LEIDRAAD, STAP = Record(Kader), Record(Begrip), Record(Leidraad), Record(Stap)
VOCABULAIRE = Record(Vocabulaire)
