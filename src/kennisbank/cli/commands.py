"""One function per command: each takes the parsed arguments and returns the exit code. They
raise KennisbankError for everything a user can cause; `main` turns it into a message."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kennisbank.checks.pipeline import check
from kennisbank.content.model import Inhoud
from kennisbank.core import safewrite
from kennisbank.core.findings import (
    PLACES_PER_CODE,
    Finding,
    KennisbankError,
    Level,
    count,
    dutch_number,
    os_reason,
    report_lines,
    summary,
)

# Where a command puts what it made when the process ends right after it (the console
# script: `main.run` ends with os._exit), so that it is not freed object by object when the
# command returns (0.08 s for a model of 10,000 concepts). None in a process that goes on.
KEPT: list[object] | None = None


def diff_command(args: argparse.Namespace) -> int:
    from kennisbank.history.diff import compare, diff_text, source_state

    old, new = source_state(args.root, args.oud), source_state(args.root, args.nieuw)
    changes = compare(old, new)
    if args.format == "json":
        json.dump({"oud": args.oud, "nieuw": args.nieuw, **changes.as_dict()}, sys.stdout,
                  ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(diff_text(changes, args.oud, args.nieuw))
    return 0


def _report(findings: list[Finding], fmt: str, stats: str, everything: bool) -> None:
    if fmt == "json":
        json.dump({"bevindingen": [f.as_dict() for f in findings],
                   "fouten": count(findings, Level.FOUT),
                   "waarschuwingen": count(findings, Level.WAARSCHUWING)},
                  sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    for line in report_lines(findings, everything):
        print(line)
    print(f"{summary(findings)} ({stats})")


def check_command(args: argparse.Namespace) -> int:
    inhoud, findings = check(args.root)
    if KEPT is not None:
        KEPT.append((inhoud, findings))
    stats = (f"{dutch_number(len(inhoud.begrippen))} begrippen, "
             f"{dutch_number(len(inhoud.stappen))} stappen")
    _report(findings, args.format, stats, args.alle)
    failing = count(findings, Level.FOUT) + (count(findings, Level.WAARSCHUWING)
                                             if args.strict else 0)
    return 1 if failing else 0


def schema_command(args: argparse.Namespace) -> int:
    from kennisbank.content.jsonschemas import DOWNLOADS, SCHEMAS, rendered

    # The default folder is the project's own (a pull request may have committed a link
    # there: refused); a folder the user names may be, or lie behind, a link of theirs.
    project = None if args.out else args.root
    out: Path = args.out or args.root / "schemas"
    for name in [*SCHEMAS, *DOWNLOADS]:
        write_if_changed(out / f"{name}.schema.json", rendered(name), project)
    return 0


def write_if_changed(target: Path, text: str, project: Path | None = None) -> None:
    """Write `text` to `target` unless it holds it already (see `write_atomically`)."""
    data = text.encode("utf-8")
    try:
        if project is not None:
            written = safewrite.write_if_changed(target, data, project)
        elif (written := _differs(target, data)):
            _write_user_file(target, data)
    except OSError as exc:
        raise unwritable(target, exc) from exc
    if written:
        print(f"geschreven: {target}")


def _differs(target: Path, data: bytes) -> bool:
    try:
        return not (target.is_file() and target.read_bytes() == data)
    except OSError:
        return True


def _write_user_file(target: Path, data: bytes) -> None:
    if target.is_dir():
        raise KennisbankError(f"kennisbank: {str(target)!r} is een map; geef een bestandsnaam",
                              exit_code=2)
    safewrite.write_file(target, data, replace_link=True)


def unwritable(target: Path, exc: OSError) -> KennisbankError:
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


def write_atomically(target: Path, data: bytes, project: Path | None = None) -> None:
    """Write via a temporary file and rename, so a failure never leaves half a file. A
    target that cannot be written is a usage error (exit 2) naming it.

    Never through a symbolic link (`core.safewrite`). `project`: the target is a file of that
    project (a concept file), so a link on its way or at its place is refused. Without it the
    path is the user's choice (`export -o`, `match --review`): the folders on the way may be
    links the user made and are followed, and a link at the target itself is replaced by the
    file, never written through."""
    try:
        if project is not None:
            safewrite.write_file(target, data, project)
        else:
            _write_user_file(target, data)
    except OSError as exc:
        raise unwritable(target, exc) from exc


def export_command(args: argparse.Namespace) -> int:
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
    if args.output is None and sys.stdout.isatty():  # for a reader: escapes shown, not obeyed
        sys.stdout.write(data.decode("utf-8", errors="replace"))
    elif args.output is None:  # for a pipe or a file: the exact bytes
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomically(args.output, data)
    return 0


def import_command(args: argparse.Namespace) -> int:
    from kennisbank.skos.importer import import_file

    if not args.file.is_file():
        raise KennisbankError(f"kennisbank: bestand {str(args.file)!r} bestaat niet", exit_code=2)
    folders, dropped = import_file(args.file, args.out, lossy=args.lossy)
    shown = dropped if args.alle else dropped[:PLACES_PER_CODE]
    for line in shown:
        print(f"weggelaten: {line}")
    if len(dropped) > len(shown):
        print(f"  … en nog {dutch_number(len(dropped) - len(shown))} weggelaten triples "
              f"({dutch_number(len(dropped))} in totaal; --alle toont ze allemaal)")
    worst = 0
    for folder in folders:
        inhoud, findings = check(folder)
        print(f"{folder}: {dutch_number(len(inhoud.begrippen))} begrippen; controle: "
              f"{summary(findings)}")
        for line in report_lines(findings, args.alle):
            print(f"  {line}")
        worst = max(worst, 1 if count(findings, Level.FOUT) else 0)
    return worst


def build_command(args: argparse.Namespace) -> int:
    from kennisbank.site.build import build

    return build(args.root, args.engine)


def serve_command(args: argparse.Namespace) -> int:
    from kennisbank.site.serve import serve

    return serve(args.root, args.engine, args.adres)


def serverconfig_command(args: argparse.Namespace) -> int:
    from kennisbank.site import serverconfig
    from kennisbank.site.iripaths import summarised

    if args.server == "apache":
        given = [name for name, value in (("--listen", args.listen),
                                          ("--server-name", args.server_name)) if value]
        if given:
            raise KennisbankError(f"kennisbank: {', '.join(given)} geldt alleen voor nginx; "
                                  "de .htaccess hoort in de hoofdmap van de site",
                                  exit_code=2)
    root = Path(args.root or "site").absolute()
    if args.server == "nginx":
        serverconfig.check_nginx_args(str(root), args.listen or "80", args.server_name)
    own, findings = serverconfig.own_iris(root, args.host)
    if args.server == "apache":
        text = serverconfig.apache(own)
    else:
        text = serverconfig.nginx(str(root), args.listen or "80", args.server_name, own)
    for line in summarised(findings):
        print(line, file=sys.stderr)
    sys.stdout.write(text)
    return 0
