"""The command line: `kennisbank check | build | serve | ...`. Exit: 0 ok, 1 findings, 2 usage."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kennisbank.checks.rules import check
from kennisbank.content.model import Inhoud
from kennisbank.core.findings import Finding, KennisbankError, Level, count, os_reason, summary

if TYPE_CHECKING:
    from kennisbank.skos.match import Candidate


# argparse's own texts in Dutch. argparse looks them up through module-level gettext
# functions; replacing those is the one place to set them (no .mo catalogue needed).
_DUTCH = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "the following arguments are required: %s": "dit ontbreekt: %s",
    "one of the arguments %s is required": "een van de argumenten %s is verplicht",
    "not allowed with argument %s": "niet toegestaan samen met %s",
    "ignored explicit argument %r": "waarde %r wordt genegeerd",
    "expected one argument": "verwachtte één waarde",
    "expected at most one argument": "verwachtte hooguit één waarde",
    "expected at least one argument": "verwachtte minstens één waarde",
    "ambiguous option: %(option)s could match %(matches)s":
        "optie %(option)s is dubbelzinnig: bedoelde je %(matches)s?",
    "unexpected option string: %s": "onverwachte optie: %s",
    "invalid %(type)s value: %(value)r": "ongeldige waarde: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "ongeldige keuze: %(value)r (kies uit %(choices)s)",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "onbekend commando %(parser_name)r (kies uit %(choices)s)",
    "can't open '%(filename)s': %(error)s": "kan '%(filename)s' niet openen: %(error)s",
}


def _gettext(message: str) -> str:
    return _DUTCH.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return "verwachtte %s waarde" if n == 1 else "verwachtte %s waarden"
    return _gettext(singular if n == 1 else plural)


argparse._ = _gettext  # type: ignore[attr-defined]
argparse.ngettext = _ngettext  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise KennisbankError(f"kennisbank: {message}", exit_code=2)


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


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kennisbank", description="Controleert en publiceert een "
                     "begrippenkader en leidraad.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser,
                                     metavar="commando", title="commando's")

    def with_root(name: str, help_: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_, description=help_)
        sub.add_argument("--root", type=_root, default=Path.cwd(), metavar="MAP",
                         help="map met begrippen/, leidraad/ en mkdocs.yml (standaard: de "
                         "huidige map)")
        return sub

    check_ = with_root("check", "controleer alle inhoud en meld alle bevindingen")
    check_.add_argument("--strict", action="store_true", help="waarschuwingen tellen als fouten")
    check_.add_argument("--format", choices=("text", "json"), default="text")

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
    import_.add_argument("--lossy", action="store_true", help="laat RDF zonder eigen sleutel "
                         "weg in plaats van het als 'overige_rdf' te bewaren (en noem het)")

    build_ = with_root("build", "controleer de inhoud en bouw de site in site/")
    build_.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs",
                        help="de sitegenerator (standaard: mkdocs)")
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
    server = commands.add_parser(
        "serverconfig", help="druk een serverconfiguratie af die elke IRI met een 303 "
        "beantwoordt (content negotiation)", description="druk een nginx-configuratie "
        "(map- en server-blok voor de http-context) of een Apache-.htaccess af die elke IRI "
        "van begrip, collectie en begrippenkader met een 303 doorstuurt naar de HTML-pagina "
        "of het RDF-document dat de Accept-header vraagt")
    server.add_argument("server", choices=("nginx", "apache"), help="nginx of apache")
    server.add_argument("--root", default=None, metavar="SITE",
                        help="nginx: de map met de gebouwde site (standaard: ./site)")
    server.add_argument("--listen", default=None, metavar="ADRES",
                        help="nginx: poort of adres:poort (standaard: 80)")
    server.add_argument("--server-name", default=None, metavar="NAAM",
                        help="nginx: de servernaam (standaard: geen)")
    diff = with_root("diff", "toon wat er in de betekenis veranderde tussen twee versies "
                     "(twee git-refs, zoals v1.0.0 en HEAD, of twee mappen)")
    diff.add_argument("oud", help="git-ref (tag, branch, commit) of map met begrippen/")
    diff.add_argument("nieuw", help="git-ref of map met begrippen/")
    diff.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def _diff(args: argparse.Namespace) -> int:
    from kennisbank.history.git import compare, diff_text, source_state

    old, new = source_state(args.root, args.oud), source_state(args.root, args.nieuw)
    changes = compare(old, new)
    if args.format == "json":
        json.dump({"oud": args.oud, "nieuw": args.nieuw, **changes.as_dict()}, sys.stdout,
                  ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(diff_text(changes, args.oud, args.nieuw))
    return 0


def _report(findings: list[Finding], fmt: str, stats: str) -> None:
    if fmt == "json":
        json.dump({"bevindingen": [f.as_dict() for f in findings],
                   "fouten": count(findings, Level.FOUT),
                   "waarschuwingen": count(findings, Level.WAARSCHUWING)},
                  sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    for finding in findings:
        print(finding.format())
    print(f"{summary(findings)} ({stats})")


def _check(args: argparse.Namespace) -> int:
    inhoud, findings = check(args.root)
    stats = f"{len(inhoud.begrippen)} begrippen, {len(inhoud.stappen)} stappen"
    _report(findings, args.format, stats)
    failing = count(findings, Level.FOUT) + (count(findings, Level.WAARSCHUWING)
                                             if args.strict else 0)
    return 1 if failing else 0


def _schema(args: argparse.Namespace) -> int:
    from kennisbank.content.jsonschemas import DOWNLOADS, SCHEMAS, rendered, with_format_reference

    out: Path = args.out or args.root / "schemas"
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _unwritable(out, exc) from exc
    for name in [*SCHEMAS, *DOWNLOADS]:
        _write_if_changed(out / f"{name}.schema.json", rendered(name))
    readme = args.root / "README.md"
    if readme.is_file():
        _write_if_changed(readme, with_format_reference(readme.read_text(encoding="utf-8")))
    return 0


def _write_if_changed(target: Path, text: str) -> None:
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        write_atomically(target, text.encode("utf-8"))
        print(f"geschreven: {target}")


def _unwritable(target: Path, exc: OSError) -> KennisbankError:
    reason = "het is een map" if target.is_dir() else os_reason(exc)
    return KennisbankError(f"kennisbank: kan niet schrijven naar {str(target)!r}: {reason}",
                           exit_code=2)


def checked(root: Path) -> Inhoud:
    """The content of `root`, or KennisbankError when check finds errors (nothing downstream
    ever runs on invalid content)."""
    inhoud, findings = check(root)
    errors = [f for f in findings if f.level is Level.FOUT]
    if errors:
        raise KennisbankError(f"gestopt: {summary(findings)}; los eerst de fouten op "
                              "(kennisbank check)", errors)
    return inhoud


def write_atomically(target: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so a failure never leaves half a file. A
    target that cannot be written is a usage error (exit 2) naming it."""
    if target.is_dir():
        raise KennisbankError(f"kennisbank: {str(target)!r} is een map; geef een bestandsnaam",
                              exit_code=2)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        tmp.replace(target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise _unwritable(target, exc) from exc


def _export(args: argparse.Namespace) -> int:
    from kennisbank.skos.mapping import concept_iris, serialize, to_triples

    inhoud = checked(args.root)
    if args.format == "leidraad":
        from kennisbank.site.pages.leidraad import LeidraadPages

        if inhoud.leidraad is None:
            raise KennisbankError("er is geen leidraad (leidraad/_leidraad.yaml) om te "
                                  "exporteren")
        iris = concept_iris(inhoud)
        data = LeidraadPages(inhoud, lambda ident: str(iris[ident])).json_bytes()
    else:
        try:
            data = serialize(to_triples(inhoud), args.format)
        except ValueError as exc:  # RDF/XML cannot write a predicate without an XML name
            raise KennisbankError(f"kennisbank: kan niet als {args.format} exporteren: {exc} "
                                  "(zie de waarschuwing [onschrijfbare-rdf]); kies turtle, "
                                  "jsonld of ntriples") from exc
    if args.output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomically(args.output, data)
    return 0


def _import(args: argparse.Namespace) -> int:
    from kennisbank.skos.importer import import_file

    if not args.file.is_file():
        raise KennisbankError(f"kennisbank: bestand {str(args.file)!r} bestaat niet", exit_code=2)
    folders, dropped = import_file(args.file, args.out, lossy=args.lossy)
    for line in dropped:
        print(f"weggelaten: {line}")
    worst = 0
    for folder in folders:
        inhoud, findings = check(folder)
        print(f"{folder}: {len(inhoud.begrippen)} begrippen; controle: {summary(findings)}")
        for finding in findings:
            print(f"  {finding.format()}")
        worst = max(worst, 1 if count(findings, Level.FOUT) else 0)
    return worst


def _build(args: argparse.Namespace) -> int:
    from kennisbank.site.build import build

    return build(args.root, args.engine)


def _serve(args: argparse.Namespace) -> int:
    from kennisbank.site.serve import serve

    return serve(args.root, args.engine, args.adres)


def _serverconfig(args: argparse.Namespace) -> int:
    from kennisbank.site import serverconfig

    if args.server == "apache":
        given = [name for name, value in (("--root", args.root), ("--listen", args.listen),
                                          ("--server-name", args.server_name)) if value]
        if given:
            raise KennisbankError(f"kennisbank: {', '.join(given)} geldt alleen voor nginx; "
                                  "de .htaccess hoort in de hoofdmap van de site",
                                  exit_code=2)
        text = serverconfig.apache()
    else:
        root = Path(args.root or "site").absolute()
        text = serverconfig.nginx(str(root), args.listen or "80", args.server_name)
    sys.stdout.write(text)
    return 0


def _match(args: argparse.Namespace) -> int:
    from kennisbank.content.vocabulaires import concepts, parse_rdf
    from kennisbank.skos.match import EXACT, candidates, write

    if not args.file.is_file():
        raise KennisbankError(f"kennisbank: bestand {str(args.file)!r} bestaat niet", exit_code=2)
    inhoud = checked(args.root)
    try:
        theirs = concepts(parse_rdf(args.file), args.file.stem)
    except Exception as exc:  # rdflib raises many kinds; all mean "cannot read this"
        raise KennisbankError(f"{args.file}: geen leesbare RDF: {' '.join(str(exc).split())}"
                              ) from exc
    every = candidates(inhoud, theirs)
    found = [c for c in every if args.definities or not c.definition_only]
    hidden = len(every) - len(found)
    shown = found[: args.limit]
    rows = [("begrip", "relatie", "hun IRI", "hun term", "score", "waarom")] + [
        (c.ours, c.relation, c.iri, c.label, f"{c.score:.2f}", c.reason) for c in shown]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows if shown else []):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
              .rstrip())
        if n:
            print(_definitions(shown[n - 1]))
    print(f"{len(found)} voorstellen voor {len(theirs)} begrippen in {args.file.name}"
          + (f"; de beste {len(shown)} getoond" if len(shown) < len(found) else "")
          + (f"; {hidden} die alleen op woorden in de definities berusten verborgen "
             "(--definities toont ze)" if hidden else ""))
    if not args.write:
        return 0
    # Only what the table could show, and never below the threshold the user gave.
    wanted = [c for c in found if (c.score >= args.drempel if args.drempel is not None
                                   else c.relation == "exactMatch" and c.reason == EXACT[2])]
    accepted, skipped = _unambiguous(wanted)
    texts, manual = write(args.root, accepted)
    originals = {path: path.read_bytes() for path in texts}  # undone byte for byte
    for path, text in texts.items():
        write_atomically(path, text.encode("utf-8"))
    _, findings = check(args.root)
    errors = [f for f in findings if f.level is Level.FOUT]
    if errors:
        for path, data in originals.items():
            write_atomically(path, data)
        raise KennisbankError("de koppelingen gaven fouten; niets geschreven", errors)
    for c in skipped:
        print(f"niet geschreven (niet eenduidig): {c.ours} {c.relation} {c.iri}")
    for c in manual:
        print(f"niet geschreven (voeg met de hand toe): {c.ours} {c.relation} {c.iri}")
    written = len(accepted) - len(manual)
    print(f"{written} koppelingen geschreven in {len(texts)} bestanden")
    return 0


def _definitions(c: Candidate, width: int = 56) -> str:
    """Both definitions side by side, wrapped, under a proposal: read them before accepting."""
    import textwrap

    left = textwrap.wrap(c.our_definition or "(geen definitie)", width) or [""]
    right = textwrap.wrap(c.their_definition or "(geen definitie)", width) or [""]
    lines = []
    for i in range(max(len(left), len(right))):
        ours = left[i] if i < len(left) else ""
        theirs = right[i] if i < len(right) else ""
        lines.append(f"    {'ons:' if i == 0 else '':<4} {ours:<{width}} | "
                     f"{'hun:' if i == 0 else '':<4} {theirs}".rstrip())
    return "\n".join(lines)


def _unambiguous(wanted: list[Candidate]) -> tuple[list[Candidate], list[Candidate]]:
    """Leave out exactMatches that the check would refuse: two targets for one concept, or
    one target for two of our concepts. Other relations pass."""
    exact = [c for c in wanted if c.relation == "exactMatch"]
    per_ours = Counter(c.ours for c in exact)
    per_target = Counter(c.iri for c in exact)
    accepted: list[Candidate] = []
    skipped: list[Candidate] = []
    for c in wanted:
        clash = c.relation == "exactMatch" and (per_ours[c.ours] > 1 or per_target[c.iri] > 1)
        (skipped if clash else accepted).append(c)
    return accepted, skipped


COMMANDS = {"check": _check, "schema": _schema, "export": _export, "import": _import,
            "build": _build, "serve": _serve, "match": _match, "diff": _diff,
            "serverconfig": _serverconfig}


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command. Every failure is a Dutch message and an exit code (2: usage, 1: content
    or anything else that went wrong), never a traceback."""
    try:
        args = _parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except KennisbankError as exc:
        for finding in exc.findings:
            print(finding.format(), file=sys.stderr)
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
        detail = " ".join(str(exc).split())[:300]
        print(f"kennisbank: interne fout ({type(exc).__name__}: {detail}); er is niets "
              "veranderd. Meld dit met het bestand dat het veroorzaakte.", file=sys.stderr)
        return 1


def run() -> None:
    sys.exit(main())
