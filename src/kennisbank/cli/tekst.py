"""`kennisbank tekst`: check documents against the begrippenkader. Each term found is a
finding (hint, or a warning for an ontraden or verouderd term); exit 0 without warnings, 1 with
warnings, 2 when a file cannot be read."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from kennisbank.checks.tekst import TekstIndex, as_json, markdown_prose
from kennisbank.cli.documenten import read_document
from kennisbank.content.load import load
from kennisbank.core.findings import KennisbankError, Level


def index_of(root: Path) -> TekstIndex:
    from kennisbank.skos.mapping import concept_iris

    inhoud, _ = load(root)
    if not inhoud.begrippen:
        raise KennisbankError(f"{root}: geen begrippen gevonden (map begrippen/); geef de map "
                              "van het begrippenkader met --root", exit_code=2)
    return TekstIndex(inhoud, {ident: str(iri) for ident, iri in concept_iris(inhoud).items()})


def _plural(n: int, one: str, more: str) -> str:
    return f"{n} {one if n == 1 else more}"


def tekst_command(args: argparse.Namespace) -> int:
    index = index_of(args.root)
    rows: list[dict[str, Any]] = []
    warnings = hints = unreadable = 0
    for name in args.files:
        path = Path(name)
        try:
            text = read_document(path)
        except KennisbankError as exc:
            print(exc.message, file=sys.stderr)
            unreadable += 1
            continue
        if path.suffix.lower() == ".md":
            text = markdown_prose(text)
        for finding, hit in index.findings(name, text):
            if finding.level is Level.WAARSCHUWING:
                warnings += 1
            else:
                hints += 1
            if args.json:
                rows.append(as_json(finding, hit, index))
            else:
                print(finding.format())
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        read = len(args.files) - unreadable
        print(f"{_plural(warnings, 'waarschuwing', 'waarschuwingen')}, "
              f"{_plural(hints, 'hint', 'hints')} ({_plural(read, 'bestand', 'bestanden')}"
              + (f"; {unreadable} niet te lezen" if unreadable else "") + ")")
    return 2 if unreadable else (1 if warnings else 0)
