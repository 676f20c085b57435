"""`kennisbank match`: proposals for mappings to another vocabulary, shown side by side and
wrapped to the terminal, each with a short id; accepted with --write (by score), --accepteer
(by id, with the proposed or another relation) or --besluiten (a review file a colleague
marked up; `--review` writes one)."""

from __future__ import annotations

import argparse
import shutil
import textwrap
from collections import Counter
from typing import TYPE_CHECKING

from kennisbank.checks.pipeline import check
from kennisbank.cli.commands import checked, write_atomically
from kennisbank.cli.matchreview import accepted_by_id, decisions, review_text
from kennisbank.core.findings import KennisbankError, Level

if TYPE_CHECKING:
    from pathlib import Path

    from kennisbank.skos.match import Candidate


def match_command(args: argparse.Namespace) -> int:
    from kennisbank.content.vocabulaires import concepts, parse_rdf
    from kennisbank.rdf.parseerrors import RdfSyntaxError
    from kennisbank.skos.match import EXACT, candidates

    if not args.file.is_file():
        raise KennisbankError(f"kennisbank: bestand {str(args.file)!r} bestaat niet", exit_code=2)
    inhoud = checked(args.root)
    try:
        theirs = concepts(parse_rdf(args.file), args.file.stem)
    except RdfSyntaxError as exc:  # one Dutch line: file, line, column, what was expected
        raise KennisbankError(str(exc)) from exc
    every = candidates(inhoud, theirs)
    found = [c for c in every if args.definities or not c.definition_only]
    # Decisions are read before anything is shown or written: a bad id or review file
    # changes nothing.
    chosen: list[Candidate] = []
    if args.accepteer:
        chosen += accepted_by_id(args.accepteer, every)
    if args.besluiten:
        chosen += decisions(args.besluiten, every)
    if args.review:
        write_atomically(args.review, review_text(args.review, found, args.file.name))
    hidden = len(every) - len(found)
    shown = found[: args.limit] if not (chosen or args.review) else []
    width = max(60, shutil.get_terminal_size((100, 24)).columns)
    for c in shown:
        print(proposal(c, width))
    print(textwrap.fill(
        f"{len(found)} voorstellen voor {len(theirs)} begrippen in {args.file.name}"
        + (f"; de beste {len(shown)} getoond" if 0 < len(shown) < len(found) else "")
        + (f"; {hidden} die alleen op woorden in de definities berusten verborgen "
           "(--definities toont ze)" if hidden else "")
        + ("; schrijf er een met --accepteer ID of ID=RELATIE" if shown else ""), width,
        break_long_words=False, break_on_hyphens=False))
    if args.review:
        print(textwrap.fill(f"ter beoordeling geschreven: {args.review} ({len(found)} "
                            "voorstellen); vul de kolom 'besluit' in en lees het terug met "
                            "--besluiten", width, break_on_hyphens=False))
    if chosen:
        return _write(args.root, chosen)
    if not args.write:
        return 0
    # Only what the table could show, and never below the threshold the user gave.
    wanted = [c for c in found if (c.score >= args.drempel if args.drempel is not None
                                   else c.relation == "exactMatch" and c.reason == EXACT[2])]
    return _write(args.root, wanted)


def _write(root: Path, wanted: list[Candidate]) -> int:
    """Write the mappings into the concept files, checked as a whole: if the check finds an
    error every file is put back byte for byte."""
    from kennisbank.skos.match import write

    accepted, skipped = _unambiguous(wanted)
    texts, manual = write(root, accepted)
    originals = {path: path.read_bytes() for path in texts}  # undone byte for byte
    done: list[Path] = []
    try:
        for path, text in texts.items():  # files of the project: never through a link
            write_atomically(path, text.encode("utf-8"), root)
            done.append(path)
    except KennisbankError:
        _undo(root, originals, done)
        raise
    _, findings = check(root)
    errors = [f for f in findings if f.level is Level.FOUT]
    if errors:
        _undo(root, originals, done)
        raise KennisbankError("de koppelingen gaven fouten; niets geschreven", errors)
    for c in skipped:
        print(f"niet geschreven (niet eenduidig): {c.ours} {c.relation} {c.iri}")
    for c in manual:
        print(f"niet geschreven (voeg met de hand toe): {c.ours} {c.relation} {c.iri}")
    written = len(accepted) - len(manual)
    print(f"{written} {'koppeling' if written == 1 else 'koppelingen'} geschreven in "
          f"{len(texts)} {'bestand' if len(texts) == 1 else 'bestanden'}")
    return 0


def _undo(root: Path, originals: dict[Path, bytes], written: list[Path]) -> None:
    for path in written:
        write_atomically(path, originals[path], root)


def proposal(c: Candidate, width: int) -> str:
    """One proposal as a block no wider than `width`: id, our concept, relation, their term
    and IRI, score and reason, then both definitions side by side."""
    head = textwrap.wrap(f"{c.ident}  {c.ours}  {c.relation}  {c.label}  ({c.score:.2f}, "
                         f"{c.reason})", width, subsequent_indent="         ",
                         break_long_words=True, break_on_hyphens=False)
    iri = textwrap.wrap(c.iri, width - 9, break_long_words=True, break_on_hyphens=False)
    return "\n".join([*head, *(f"    IRI: {part}" if n == 0 else f"         {part}"
                               for n, part in enumerate(iri)), _definitions(c, width), ""])


def _definitions(c: Candidate, width: int) -> str:
    """Both definitions side by side, wrapped, under a proposal: read them before accepting."""
    column = max(20, (width - 17) // 2)
    left = textwrap.wrap(c.our_definition or "(geen definitie)", column) or [""]
    right = textwrap.wrap(c.their_definition or "(geen definitie)", column) or [""]
    lines = []
    for i in range(max(len(left), len(right))):
        ours = left[i] if i < len(left) else ""
        theirs = right[i] if i < len(right) else ""
        lines.append(f"    {'ons:' if i == 0 else '':<4} {ours:<{column}} | "
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

