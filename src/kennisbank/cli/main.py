"""The command line: `kennisbank check | build | serve | ...`. Exit: 0 ok, 1 findings, 2 usage."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from kennisbank.cli import commands
from kennisbank.cli.commands import (
    build_command,
    check_command,
    diff_command,
    export_command,
    import_command,
    schema_command,
    serve_command,
    serverconfig_command,
)
from kennisbank.cli.dutch import DutchParser
from kennisbank.cli.init import LICENCES, init_command
from kennisbank.cli.match import match_command
from kennisbank.cli.tekst import tekst_command
from kennisbank.core.findings import KennisbankError, os_reason, report_lines
from kennisbank.core.terminal import safe_output


def _count(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is geen positief geheel getal")
    return int(value)


def _fraction(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"{value!r} is geen getal tussen 0 en 1")
    return number


def _root(value: str) -> Path:
    path = Path(value)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"map {value!r} bestaat niet")
    return path.resolve()


def _with_everything(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--alle", action="store_true", help="toon elke bevinding; standaard "
                        "per code de eerste vijf en hoeveel er nog meer zijn, fouten eerst")


def _parser() -> argparse.ArgumentParser:
    parser = DutchParser(prog="kennisbank", description="Controleert en publiceert een "
                     "begrippenkader en leidraad.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=DutchParser,
                                     metavar="commando", title="commando's")

    def with_root(name: str, help_: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_, description=help_)
        sub.add_argument("--root", type=_root, default=Path.cwd(), metavar="MAP",
                         help="map met begrippen/, leidraad/ en mkdocs.yml (standaard: de "
                         "huidige map)")
        return sub

    check_ = with_root("check", "controleer alle inhoud en meld alle bevindingen")
    check_.add_argument("--strict", action="store_true", help="waarschuwingen tellen als fouten")
    check_.add_argument("--format", choices=("text", "json"), default="text",
                        help="json: alle bevindingen als één JSON-document (altijd volledig)")
    _with_everything(check_)

    schema = with_root("schema", "schrijf de JSON Schema's voor editors")
    schema.add_argument("--out", type=Path, default=None,
                        metavar="MAP", help="map voor de schema's (standaard: <root>/schemas)")

    export = with_root("export", "exporteer het begrippenkader als SKOS/RDF (NL-SBB)")
    export.add_argument("--format", choices=("turtle", "jsonld", "rdfxml", "ntriples",
                                              "leidraad"), required=True,
                        help="een RDF-formaat, of 'leidraad' voor de leidraad als JSON")
    export.add_argument("-o", "--output", type=Path, default=None, metavar="BESTAND",
                        help="bestand om naar te schrijven (standaard: standaarduitvoer)")

    import_ = commands.add_parser("import", help="lees een SKOS-vocabulaire in als inhoudsmap",
                                  description="lees een SKOS-vocabulaire (Turtle, RDF/XML, "
                                  "JSON-LD, N-Triples) in als map met begrippen/*.yaml")
    import_.add_argument("file", type=Path, metavar="BESTAND", help="het RDF-bestand")
    import_.add_argument("--out", type=Path, default=Path("geimporteerd"), metavar="MAP",
                         help="lege map voor het resultaat (standaard: ./geimporteerd)")
    _with_everything(import_)
    import_.add_argument("--lossy", action="store_true", help="laat RDF zonder eigen sleutel "
                         "weg in plaats van het als 'overige_rdf' te bewaren (en noem het)")

    init = commands.add_parser(
        "init", help="maak een nieuw, leeg begrippenkader in een nieuwe map",
        description="maak een nieuw begrippenkader: begrippen/_kader.yaml met de gegevens "
        "hieronder en één voorbeeldbegrip; `kennisbank build --root MAP` maakt er een site van")
    init.add_argument("map", type=Path, metavar="MAP", help="nieuwe of lege map")
    init.add_argument("--titel", required=True, help="titel van het begrippenkader")
    init.add_argument("--basis-uri", required=True, metavar="URI",
                      help="begin van de IRI van elk begrip, eindigend op '/', bijvoorbeeld "
                      "https://begrippen.example.org/id/begrip/")
    init.add_argument("--uitgever", required=True, help="organisatie die het kader uitgeeft")
    init.add_argument("--licentie", default=None, metavar="URL",
                      help=f"adres van de licentie, of een van: {', '.join(LICENCES)}")
    init.add_argument("--email", default=None, metavar="ADRES",
                      help="e-mailadres voor meldingen en vragen van lezers")
    init.add_argument("--formulier", default=None, metavar="URL",
                      help="adres van een meldformulier (http of https)")
    init.add_argument("--taal", default="nl", metavar="TAAL",
                      help="taal waarin de site het kader toont (BCP 47, standaard nl)")

    build_ = with_root("build", "controleer de inhoud en bouw de site in site/")
    build_.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs",
                        help="de sitegenerator (standaard: mkdocs)")
    _with_everything(build_)
    serve = with_root("serve", "bouw de site en toon haar op http://127.0.0.1:8000; elke "
                      "wijziging in begrippen/, leidraad/ of docs/ is na één build te zien")
    serve.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs",
                       help="de sitegenerator (standaard: mkdocs)")
    serve.add_argument("--adres", default="127.0.0.1:8000", metavar="HOST:POORT",
                       help="adres van de voorvertoning (standaard 127.0.0.1:8000)")

    match = with_root("match", "stel koppelingen voor tussen onze begrippen en die in een "
                      "ander SKOS-vocabulaire")
    match.add_argument("file", type=Path, metavar="BESTAND",
                       help="het RDF-bestand van het andere vocabulaire")
    match.add_argument("--limit", type=_count, default=30, metavar="N",
                       help="toon zoveel voorstellen, de beste eerst (standaard 30)")
    match.add_argument("--write", action="store_true", help="schrijf voorstellen in de "
                       "begripbestanden: alleen exactMatch (zelfde voorkeursterm en definitie), "
                       "tenzij --drempel is gegeven")
    match.add_argument("--definities", action="store_true", help="toon (en schrijf, met "
                       "--drempel) ook voorstellen die alleen op gedeelde woorden in de "
                       "definities berusten; zwak bewijs, standaard verborgen")
    match.add_argument("--drempel", type=_fraction, default=None, metavar="SCORE",
                       help="met --write: schrijf alle voorstellen met minstens deze score "
                       "(0-1)")
    match.add_argument("--accepteer", action="append", default=[], metavar="ID[=RELATIE]",
                       help="schrijf het voorstel met dit id (de eerste kolom), met de "
                       "voorgestelde relatie of met RELATIE (exactMatch, closeMatch, broadMatch, "
                       "narrowMatch, relatedMatch); mag vaker")
    match.add_argument("--review", type=Path, default=None, metavar="BESTAND",
                       help="schrijf alle voorstellen ter beoordeling naar BESTAND (.csv voor "
                       "een spreadsheet, .md voor een pull request), met een kolom 'besluit'")
    match.add_argument("--besluiten", type=Path, default=None, metavar="BESTAND",
                       help="schrijf de voorstellen die in een ingevuld reviewbestand "
                       "(.csv of .md) zijn aanvaard")
    server = commands.add_parser(
        "serverconfig", help="druk een serverconfiguratie af die elke IRI met een 303 "
        "beantwoordt (content negotiation)", description="druk een nginx-configuratie "
        "(map- en server-blok voor de http-context) of een Apache-.htaccess af die elke IRI "
        "van begrip, collectie en begrippenkader op de host van de site met een 303 "
        "doorstuurt naar de HTML-pagina of het RDF-document dat de Accept-header vraagt; "
        "IRI's op een andere host beantwoordt de server van die host")
    server.add_argument("server", choices=("nginx", "apache"), help="nginx of apache")
    server.add_argument("--root", default=None, metavar="SITE",
                        help="de map met de gebouwde site (standaard: ./site); daar staat "
                        "de lijst van IRI's (downloads/iris.json)")
    server.add_argument("--host", default=None, metavar="HOST",
                        help="de host waarop de site staat; alleen IRI's op die host worden "
                        "beantwoord (standaard: de host van de meeste IRI's)")
    server.add_argument("--listen", default=None, metavar="ADRES",
                        help="nginx: poort of adres:poort (standaard: 80)")
    server.add_argument("--server-name", default=None, metavar="NAAM",
                        help="nginx: de servernaam (standaard: geen)")
    tekst = with_root("tekst", "zoek de termen van het begrippenkader in een tekst: "
                      "begrippen, andere termen, ontraden en verouderde termen")
    tekst.add_argument("files", nargs="+", metavar="BESTAND",
                       help="een .txt-, .md-, .docx- of .odt-bestand")
    tekst.add_argument("--json", action="store_true",
                       help="druk één JSON-lijst af in plaats van een regel per bevinding")
    diff = with_root("diff", "toon wat er in de betekenis veranderde tussen twee versies "
                     "(twee git-refs, zoals v1.0.0 en HEAD, of twee mappen)")
    diff.add_argument("oud", help="git-ref (tag, branch, commit) of map met begrippen/")
    diff.add_argument("nieuw", help="git-ref of map met begrippen/")
    diff.add_argument("--format", choices=("text", "json"), default="text")
    return parser


COMMANDS = {"check": check_command, "schema": schema_command, "export": export_command,
            "import": import_command, "init": init_command, "build": build_command,
            "serve": serve_command, "match": match_command, "diff": diff_command,
            "serverconfig": serverconfig_command, "tekst": tekst_command}
# KENNISBANK_DEBUG=1 prints the traceback behind "interne fout" (for developers; editors get
# the one-line message).
DEBUG = "KENNISBANK_DEBUG"


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command. Every failure is a Dutch message and an exit code (2: usage, 1: content
    or anything else that went wrong), never a traceback. Whatever it prints goes through
    core.terminal: no value can send the terminal an escape sequence."""
    with safe_output():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    everything = False
    try:
        args = _parser().parse_args(argv)
        everything = bool(getattr(args, "alle", False))
        return COMMANDS[args.command](args)
    except KennisbankError as exc:
        for line in report_lines(exc.findings, everything):
            print(line, file=sys.stderr)
        print(exc.message, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("kennisbank: afgebroken", file=sys.stderr)
        return 130
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"kennisbank: fout bij lezen of schrijven{where}: {os_reason(exc)}",
              file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the last line of defence: never a traceback
        if os.environ.get(DEBUG, "") not in ("", "0"):
            traceback.print_exc()
        detail = " ".join(str(exc).split())[:300]
        print(f"kennisbank: interne fout ({type(exc).__name__}: {detail}); er is niets "
              "veranderd. Meld dit met het bestand dat het veroorzaakte (met "
              f"{DEBUG}=1 volgt ook de traceback).", file=sys.stderr)
        return 1


def run() -> None:
    """The console script: `main`, then the process ends at once, its output flushed. A normal
    exit would free every object one by one and collect them all once more (0.3 s after a
    check of 10,000 concepts, a fifth of the check); the system takes the memory back at
    once. Nothing is left to finish: files are written and closed, pools and servers stopped
    when their commands return."""
    commands.KEPT = []
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # None: started with the stream closed
                stream.flush()
        except (OSError, ValueError):  # a reader that went away (a closed pipe)
            code = code or 1
    os._exit(code)
