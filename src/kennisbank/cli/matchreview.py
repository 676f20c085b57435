"""Proposals of `kennisbank match` reviewed by people: accepted by id on the command line
(`--accepteer ID[=RELATIE]`), or written as a review file (`--review voorstellen.csv|.md`) that
a colleague marks up in a spreadsheet or a pull request, and read back (`--besluiten`).

The CSV opens in a Dutch spreadsheet as it is (UTF-8 with a byte order mark, ';' between
cells); a cell that a spreadsheet would run as a formula (=, +, -, @ at its start) gets a
leading apostrophe, since labels and definitions come from another organisation's file.
Reading back finds the columns by their header, so they may be moved or hidden; the header
also says which delimiter a spreadsheet saved with, and a row with another number of cells
is refused rather than read from the wrong column."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from kennisbank.content.model import MATCH_KEYS
from kennisbank.core.findings import KennisbankError

if TYPE_CHECKING:
    from kennisbank.skos.match import Candidate

# A relation as people write it: the SKOS name in any case, or its Dutch word.
RELATIONS = {**{key.lower(): key for key in MATCH_KEYS}, "exact": "exactMatch",
             "nauw": "closeMatch", "breder": "broadMatch", "smaller": "narrowMatch",
             "verwant": "relatedMatch"}
YES = frozenset({"ja", "j", "x", "akkoord", "ok"})
NO = frozenset({"", "nee", "n", "-"})
EXPECTED = ("een relatie (exactMatch, closeMatch, broadMatch, narrowMatch, relatedMatch of "
            "exact, nauw, breder, smaller, verwant), 'ja' voor de voorgestelde relatie of "
            "'nee'/leeg om over te slaan")
HEADER = ("id", "begrip", "onze term", "voorgestelde relatie", "hun term", "hun IRI", "score",
          "waarom", "onze definitie", "hun definitie", "besluit")
_FORMULA = re.compile(r"^[=+\-@\t\r]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#!])")
_MD_ITEM = re.compile(r"^\s*[-*] \[([ xX])\] `([0-9a-f]{7})` (\S+)")


def _relation(value: str, proposed: str) -> str | None:
    """The relation a decision means, None to skip; KeyError when it means nothing."""
    word = value.strip().lower()
    if word in NO:
        return None
    if word in YES:
        return proposed
    return RELATIONS[word]


def _by_id(every: list[Candidate]) -> dict[str, Candidate]:
    return {c.ident: c for c in every}


def accepted_by_id(values: list[str], every: list[Candidate]) -> list[Candidate]:
    """The proposals `--accepteer ID[=RELATIE]` names; every wrong value at once, as a usage
    error."""
    by_id, problems, result = _by_id(every), [], []
    for value in values:
        ident, _, relation = value.partition("=")
        found = by_id.get(ident.strip().lower())
        if found is None:
            problems.append(f"--accepteer {value!r}: geen voorstel met id {ident!r}; verwacht "
                            "een id van zeven tekens uit de lijst van kennisbank match")
            continue
        try:
            chosen = _relation(relation or "ja", found.relation)
        except KeyError:
            problems.append(f"--accepteer {value!r}: onbekende relatie {relation!r}; verwacht "
                            + EXPECTED)
            continue
        if chosen:
            result.append(dataclasses.replace(found, relation=chosen))
    return _all_or_nothing(result, problems)


def _all_or_nothing(result: list[Candidate], problems: list[str]) -> list[Candidate]:
    """The accepted proposals, or one usage error naming every wrong value (nothing is
    written then)."""
    if problems:
        raise KennisbankError("kennisbank match: " + "\n".join(problems) + "\nniets geschreven",
                              exit_code=2)
    return result


def review_text(path: Path, found: list[Candidate], source: str) -> bytes:
    """The review file for `found`, as CSV or Markdown by the name's extension."""
    kind = path.suffix.lower()
    if kind == ".csv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        for c in found:
            writer.writerow([_cell(v) for v in (c.ident, c.ours, c.our_label, c.relation,
                                                c.label, c.iri, f"{c.score:.2f}", c.reason,
                                                c.our_definition, c.their_definition, "")])
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    if kind == ".md":
        lines = [f"# Voorstellen voor koppelingen met {_md(source)}", "",
                 "Vink aan wat klopt (`[x]`) en verander zo nodig de relatie na het id "
                 "(exactMatch, closeMatch, broadMatch, narrowMatch, relatedMatch). Lees de "
                 f"besluiten in met `kennisbank match {_md(source)} --besluiten` gevolgd door "
                 "de naam van dit bestand.", ""]
        for c in found:
            lines += [f"- [ ] `{c.ident}` {c.relation} — **{_md(c.our_label)}** "
                      f"(`{c.ours}`) → {_md(c.label)} `{c.iri.replace('`', '%60')}` — "
                      f"{c.score:.2f}, {_md(c.reason)}",
                      f"  - ons: {_md(c.our_definition or '(geen definitie)')}",
                      f"  - hun: {_md(c.their_definition or '(geen definitie)')}"]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise KennisbankError(f"kennisbank match: --review {str(path)!r}: onbekende soort bestand "
                          f"{kind or '(geen extensie)'!r}; verwacht .csv of .md", exit_code=2)


def _cell(value: str) -> str:
    value = " ".join(value.split())
    return "'" + value if _FORMULA.match(value) else value


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def decisions(path: Path, every: list[Candidate]) -> list[Candidate]:
    """The proposals accepted in a review file, each with the relation its reviewer chose;
    every wrong row at once (file, line, column, the value, what was expected)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise KennisbankError(f"kennisbank match: --besluiten {str(path)!r} is niet te lezen "
                              f"als UTF-8-tekst ({exc.__class__.__name__})", exit_code=2) from exc
    rows = _markdown_rows(text) if path.suffix.lower() == ".md" else _csv_rows(path, text)
    by_id, problems, result = _by_id(every), [], []
    for line, column, ident, value in rows:
        place = f"{path}:{line}:{column}"
        found = by_id.get(ident)
        if found is None:
            problems.append(f"{place}: geen voorstel met id {ident!r} (meer); het vocabulaire "
                            "of de begrippen zijn veranderd sinds de review: maak een nieuwe")
            continue
        try:
            chosen = _relation(value, found.relation)
        except KeyError:
            problems.append(f"{place}: besluit {value!r} voor {ident}; verwacht {EXPECTED}")
            continue
        if chosen:
            result.append(dataclasses.replace(found, relation=chosen))
    return _all_or_nothing(result, problems)


# The dialect --review writes is ';' between cells and '"' around them. A spreadsheet saved
# in another locale may use ',' or a tab instead: that is read only when the header row says
# so on its own (with exactly one of the three it holds both 'id' and 'besluit'). No guessing
# from the data: another organisation's labels decide nothing about how a row is read.
DELIMITERS = (";", ",", "\t")


def _header(text: str, delimiter: str) -> list[str]:
    first = next(csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"'), [])
    return [cell.strip().lower() for cell in first]


def _delimiter(path: Path, text: str) -> str:
    """The one delimiter with which the header row names the columns 'id' and 'besluit'."""
    fits = [d for d in DELIMITERS if {"id", "besluit"} <= set(_header(text, d))]
    if len(fits) == 1:
        return fits[0]
    first = text.split("\n", 1)[0].rstrip("\r")
    why = ("mist de kolom 'id' of 'besluit'" if not fits else
           "is met meer dan een scheidingsteken te lezen ("
           + ", ".join(repr(d) for d in fits) + ")")
    raise KennisbankError(f"kennisbank match: {path}:1:1: de kopregel {first[:200]!r} {why}; "
                          "verwacht de kopregel die --review schrijft, met ';' (of overal ',' "
                          "of overal een tab) tussen de cellen\nniets geschreven", exit_code=2)


def _csv_rows(path: Path, text: str) -> list[tuple[int, int, str, str]]:
    """(line, column, id, decision) of every row of a review CSV; a row with another number
    of cells than the header is refused, every such row at once."""
    delimiter = _delimiter(path, text)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"')
    header = [cell.strip().lower() for cell in next(reader, [])]
    at_id, at_decision = header.index("id"), header.index("besluit")
    rows, problems, start = [], [], reader.line_num + 1
    for cells in reader:
        first, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            # The column is the spreadsheet's, as for a decision: the first cell too many, or
            # the first one missing.
            column = min(len(cells), len(header)) + 1
            ident = cells[at_id].strip()[:40] if at_id < len(cells) else ""
            problems.append(f"{path}:{first}:{column}: de rij met id {ident!r} heeft "
                            f"{len(cells)} cellen; verwacht "
                            f"{len(header)}, zoveel als de kopregel (een {delimiter!r} of '\"' "
                            "te veel of te weinig?)")
            continue
        ident = cells[at_id].strip().lstrip("'").lower()
        value = cells[at_decision]
        rows.append((reader.line_num, at_decision + 1, ident, value.strip().lstrip("'")))
    if problems:
        raise KennisbankError("kennisbank match: " + "\n".join(problems) + "\nniets geschreven",
                              exit_code=2)
    return rows


def _markdown_rows(text: str) -> list[tuple[int, int, str, str]]:
    """(line, column, id, decision) of every ticked item of a review in Markdown; an item
    not ticked is skipped."""
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if (m := _MD_ITEM.match(line)) and m.group(1) in "xX":
            rows.append((n, m.start(3) + 1, m.group(2), m.group(3)))
    return rows
