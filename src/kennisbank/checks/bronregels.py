"""The programme's rules on sources (only under `profiel: erkenning-en-herstel`): a source a
reader can find, no private copy of an official paper, a secondary source marked as such, news
not called a press release, every concept resting on an official source (or saying why not),
and an adopted concept citing a primary one."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kennisbank.checks.common import at, begrip_path, error
from kennisbank.content.model import Begrip, Bron, Inhoud, Stap
from kennisbank.core.findings import Finding

# Official publishers: a source elsewhere is secondary and says so in its citatie.
OFFICIAL_HOSTS = (
    "tweedekamer.nl", "officielebekendmakingen.nl", "wetten.overheid.nl", "overheid.nl",
    "raadvanstate.nl", "rijksoverheid.nl", "rechtspraak.nl", "nationaleombudsman.nl",
    "eerstekamer.nl", "rekenkamer.nl", "grenzeloossamenwerken.nl", "belastingdienst.nl",
    "toeslagen.nl", "uwv.nl", "duo.nl", "schadedoormijnbouw.nl", "vng.nl", "putten.nl",
    "gov.uk", "parliament.uk", "infectedbloodinquiry.org.uk", "government.nl",
    "nao.org.uk")  # the UK's National Audit Office, as rekenkamer.nl is ours
# Where a primary source lives: parliament, the official journals, the law, the Council of
# State, the government and the ombudsman. A concept the programme adopts must cite one.
PRIMARY = re.compile(r"https://(www\.)?(tweedekamer\.nl|zoek\.officielebekendmakingen\.nl|"
                     r"wetten\.overheid\.nl|raadvanstate\.nl|rijksoverheid\.nl|"
                     r"nationaleombudsman\.nl|officielebekendmakingen\.nl|"
                     r"uitspraken\.rechtspraak\.nl)/")
# Private copies of official papers and AI summaries of them.
MIRRORS = ("berthub.eu", "lexboost.com", "openkamer.org", "parliament.jmoore.io",
           "tkconv", "politiekdossier.nl")
OFFICIAL_CITATION = re.compile(r"Kamerbrief|Kamerstuk")
# What a concept without an official source says in its toelichting.
NO_OFFICIAL_SOURCE = "Geen officiële bron"
SECONDARY = "secundair"


def host(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[0].removeprefix("www.").casefold()


def is_official(url: str) -> bool:
    name = host(url)
    return any(name == d or name.endswith("." + d) for d in OFFICIAL_HOSTS)


def is_mirror(url: str) -> str | None:
    name = host(url)
    return next((m for m in MIRRORS if name == m or name.endswith("." + m) or m in url), None)


def bronregels(inhoud: Inhoud) -> Iterator[Finding]:
    owners: list[tuple[str, Begrip | Stap]] = [
        (begrip_path(inhoud.begrippen[i]), inhoud.begrippen[i]) for i in sorted(inhoud.begrippen)]
    owners += [(f"leidraad/{i}.yaml", inhoud.stappen[i]) for i in sorted(inhoud.stappen)]
    for path, owner in owners:
        for i, bron in enumerate(owner.bronnen):
            yield from _source(owner, path, i, bron)
    for ident in sorted(inhoud.begrippen):
        yield from _official_basis(inhoud.begrippen[ident])


def _source(owner: Begrip | Stap, path: str, i: int, bron: Bron) -> Iterator[Finding]:
    pos = at(owner.locs, f"bronnen.{i}", path)
    if not (bron.url or bron.citatie):
        yield error(pos, "bron-zonder-vindplaats", f"bron {i + 1} heeft geen 'url' en geen "
                    "'citatie', dus een lezer kan haar niet vinden; verwacht minstens een van "
                    "beide")
    if bron.url and (mirror := is_mirror(bron.url)):
        yield error(at(owner.locs, f"bronnen.{i}.url", path), "bron-is-kopie",
                    f"bron {i + 1} verwijst naar {bron.url!r} op {mirror!r}, een kopie of "
                    "samenvatting van een officieel stuk; verwacht de officiële publicatie "
                    "(zoals tweedekamer.nl, officielebekendmakingen.nl of wetten.overheid.nl)")
    elif bron.url and not is_official(bron.url) and SECONDARY not in bron.citatie:
        yield error(at(owner.locs, f"bronnen.{i}.url", path), "secundaire-bron",
                    f"bron {i + 1} ({host(bron.url)!r}) is geen officiële uitgever, maar de "
                    f"citatie zegt niet dat het een secundaire bron is; verwacht "
                    f"'{SECONDARY}' in 'citatie', of de officiële publicatie als bron")
    if "persbericht" in bron.citatie.casefold() and not (bron.url and is_official(bron.url)):
        yield error(at(owner.locs, f"bronnen.{i}.citatie", path), "nieuws-als-persbericht",
                    f"bron {i + 1} heet een persbericht, maar komt niet van een officiële "
                    "uitgever; een persbericht geeft een overheidsorgaan zelf uit; verwacht "
                    "bij een krantenartikel 'nieuwsbericht' of 'artikel'")


def cites_an_official_source(b: Begrip) -> bool:
    """An official address, or an official paper cited by its kenmerk without one."""
    return any(is_official(bron.url) if bron.url else bool(OFFICIAL_CITATION.search(bron.citatie))
               for bron in b.bronnen)


def _official_basis(b: Begrip) -> Iterator[Finding]:
    if b.bronnen and not cites_an_official_source(b) \
            and NO_OFFICIAL_SOURCE not in b.toelichting.get("nl", ""):
        yield error(at(b.locs, "bronnen", begrip_path(b)), "geen-officiele-bron",
                    f"begrip {b.id!r} berust op geen officiële bron; verwacht een officiële "
                    f"publicatie bij 'bronnen', of in 'toelichting' de woorden "
                    f"'{NO_OFFICIAL_SOURCE}' met de reden")
    if b.status == "vastgesteld" and not any(PRIMARY.match(bron.url) for bron in b.bronnen):
        yield error(at(b.locs, "status", begrip_path(b)), "vastgesteld-zonder-primaire-bron",
                    f"begrip {b.id!r} is vastgesteld, maar geen bron is een primaire bron; "
                    "verwacht een bron op tweedekamer.nl, officielebekendmakingen.nl, "
                    "wetten.overheid.nl, raadvanstate.nl, rijksoverheid.nl, "
                    "nationaleombudsman.nl of uitspraken.rechtspraak.nl")
