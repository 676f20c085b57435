"""`kennisbank match`: proposals for mappings to another vocabulary, shown side by side, and
written into the concept files with --write."""

from __future__ import annotations

import argparse
from collections import Counter
from typing import TYPE_CHECKING

from kennisbank.checks.pipeline import check
from kennisbank.core.findings import KennisbankError, Level

if TYPE_CHECKING:
    from kennisbank.skos.match import Candidate
from kennisbank.cli.commands import (
    checked,
    write_atomically,
)


def match_command(args: argparse.Namespace) -> int:
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
