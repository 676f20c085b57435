"""A text checked against the begrippenkader (`kennisbank tekst`, the page Tekst controleren):
every term of a concept in the text, ontraden and verouderde terms flagged with what to use,
and an abbreviation used before it is written out.

The matching is the term links' (`content.termen.TermIndex`: word forms, capitals of
abbreviations, longest term first, whole words), with the ontraden termen added and one rule
more: a word joined to another by a hyphen is part of a compound ('diploma-erkenning' is not
*erkenning*). The page's script gets the same index as data (`data()`) and scans the same way;
the shared vectors in tests/data/gedeeld/tekstcheck.json hold the two together.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from kennisbank.content.model import Begrip, Inhoud
from kennisbank.content.termen import NOT_PROSE, WORD_SPLIT, Key, TermIndex, separator_form, tokens
from kennisbank.core.findings import Finding, Level
from kennisbank.core.text import plurals

# What a form is for the concept it names, best first when one concept has it twice.
VOORKEUR, ALTERNATIEF, ONTRADEN, ZOEKTERM = "voorkeursterm", "alternatief", "ontraden", "zoekterm"
# The hyphens that join the parts of a compound (not the dashes between clauses).
HYPHENS = "-\u2010\u2011"
_BETWEEN_ABBREVIATION_AND_FULL = re.compile(r"[\s(]*")


@dataclass(frozen=True, slots=True)
class Hit:
    """One term found: where (offsets, 1-based line and column in code points), the words as
    written, the concept, what the form is for it, and whether it is an abbreviation."""

    start: int
    end: int
    line: int
    column: int
    text: str
    ident: str
    kind: str
    abbreviation: bool


def _is_abbreviation(label: str) -> bool:
    return len(label) >= 2 and label.isupper()


def _genitives(b: Begrip) -> list[str]:
    """The plural and genitive of an abbreviation ('VSO's'): one word to the term index."""
    labels = [b.voorkeursterm.get("nl", ""), *b.alternatieve_termen.get("nl", [])]
    return [label + s for label in labels if _is_abbreviation(label) for s in ("'s", "’s")]


class TekstIndex:
    """The term index with the ontraden termen, and per form what it is for its concept."""

    def __init__(self, inhoud: Inhoud, iris: dict[str, str]):
        self.begrippen = inhoud.begrippen
        self.iris = iris
        merged = {ident: dataclasses.replace(b, alternatieve_termen={
            "nl": [*b.alternatieve_termen.get("nl", []), *b.ontraden_termen.get("nl", []),
                   *_genitives(b)]})
            for ident, b in inhoud.begrippen.items()}
        self.index = TermIndex(merged)
        self.kinds: dict[Key, dict[str, str]] = {}
        self.abbreviations: set[tuple[Key, str]] = set()
        self.written_out: dict[str, str] = {}  # id → the form to write out an abbreviation
        for ident in sorted(inhoud.begrippen):
            self._forms(ident, inhoud.begrippen[ident])

    def _forms(self, ident: str, b: Begrip) -> None:
        labels = [(b.voorkeursterm.get("nl", ""), VOORKEUR),
                  *((t, ALTERNATIEF) for t in b.alternatieve_termen.get("nl", [])),
                  *((t, ONTRADEN) for t in b.ontraden_termen.get("nl", [])),
                  *((t, ZOEKTERM) for t in b.zoektermen.get("nl", []))]
        has_abbreviation = False
        for label, kind in labels:
            words, seps = tokens(label)
            if not words:
                continue
            folded = tuple(w.casefold() for w in words)
            keys = [(folded, seps)]
            upper = _is_abbreviation(label)
            if upper:
                keys += [(folded[:-1] + (folded[-1] + s,), seps) for s in ("'s", "’s")]
            if kind != ZOEKTERM and not upper:
                keys += [(folded[:-1] + (form,), seps) for form in sorted(plurals(folded[-1]))]
            for key in keys:
                self.kinds.setdefault(key, {}).setdefault(ident, kind)
                if upper and kind in (VOORKEUR, ALTERNATIEF):
                    self.abbreviations.add((key, ident))
                    has_abbreviation = True
            if kind in (VOORKEUR, ALTERNATIEF) and not upper and ident not in self.written_out:
                self.written_out[ident] = label
        if not has_abbreviation:
            self.written_out.pop(ident, None)

    def hits(self, text: str) -> list[Hit]:
        """Every term in `text`, left to right, the longest at each place; never a piece of a
        compound written with a hyphen."""
        parts = WORD_SPLIT.split(text)
        words = parts[1::2]
        folded = [w.casefold() for w in words]
        count, starts, terms = len(folded), self.index.starts, self.index.terms
        found: list[tuple[int, int, str, Key]] = []
        i = 0
        while i < count:
            lengths = starts.get(folded[i], ())
            if lengths and parts[2 * i][-1:] and parts[2 * i][-1] in HYPHENS:
                lengths = ()  # the second part of a compound
            for n in lengths:
                if i + n > count or parts[2 * (i + n)][:1] in tuple(HYPHENS):
                    continue  # too long for the text, or the first part of a compound
                key = (tuple(folded[i:i + n]),
                       tuple(separator_form(parts[2 * j + 2]) for j in range(i, i + n - 1)))
                claim = terms.get(key)
                if claim is None:
                    continue
                ident = claim if isinstance(claim, str) else \
                    TermIndex._settle(claim, words[i:i + n])
                if ident is None:
                    continue
                found.append((i, n, ident, key))
                i += n
                break
            else:
                i += 1
        return self._placed(text, parts, found)

    def _placed(self, text: str, parts: list[str],
                found: list[tuple[int, int, str, Key]]) -> list[Hit]:
        if not found:
            return []
        offsets, position = [], 0
        for k, part in enumerate(parts):
            if k % 2:
                offsets.append(position)
            position += len(part)
        line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        hits = []
        for i, n, ident, key in found:
            start = offsets[i]
            end = offsets[i + n - 1] + len(parts[2 * (i + n) - 1])
            line = bisect.bisect_right(line_starts, start)
            hits.append(Hit(start, end, line, start - line_starts[line - 1] + 1, text[start:end],
                            ident, self.kinds.get(key, {}).get(ident, ZOEKTERM),
                            (key, ident) in self.abbreviations))
        return hits

    def term(self, ident: str) -> str:
        b = self.begrippen.get(ident)
        return b.voorkeursterm.get("nl") or next(iter(b.voorkeursterm.values()), ident) \
            if b else ident

    def findings(self, path: str, text: str) -> list[tuple[Finding, Hit]]:
        """The findings of one text, in the order of the text, each with its hit."""
        hits = self.hits(text)
        result: list[tuple[Finding, Hit]] = []
        written: set[str] = set()
        for k, hit in enumerate(hits):
            level, code, message = self._finding(hit)
            result.append((Finding(path, hit.line, hit.column, level, code, message), hit))
            if not hit.abbreviation:
                written.add(hit.ident)
                continue
            full = self.written_out.get(hit.ident)
            if full is None or hit.ident in written:
                continue
            after = hits[k + 1] if k + 1 < len(hits) else None
            if after is not None and after.ident == hit.ident and not after.abbreviation and \
                    _BETWEEN_ABBREVIATION_AND_FULL.fullmatch(text[hit.end:after.start]):
                continue  # 'VSO (vaststellingsovereenkomst)'
            written.add(hit.ident)  # one hint per abbreviation
            result.append((Finding(path, hit.line, hit.column, Level.HINT, "afkorting-voluit",
                                   f"{hit.text!r} staat hier voor het eerst: schrijf de "
                                   f"afkorting de eerste keer voluit, als '{full} "
                                   f"({hit.text})'"), hit))
        return result

    def _finding(self, hit: Hit) -> tuple[Level, str, str]:
        b = self.begrippen[hit.ident]
        term, iri = self.term(hit.ident), self.iris.get(hit.ident, "")
        if b.status == "verouderd":
            if b.vervangen_door:
                new = self.term(b.vervangen_door)
                return (Level.WAARSCHUWING, "verouderd-begrip",
                        f"{hit.text!r} is een verouderd begrip ({term}); gebruik '{new}' "
                        f"({self.iris.get(b.vervangen_door, '')})")
            return (Level.WAARSCHUWING, "verouderd-begrip",
                    f"{hit.text!r} is een verouderd begrip ({term}, {iri}); het heeft geen "
                    "opvolger")
        if hit.kind == ONTRADEN:
            return (Level.WAARSCHUWING, "ontraden-term",
                    f"{hit.text!r} wordt afgeraden; gebruik '{term}' ({iri})")
        if hit.kind == VOORKEUR:
            return Level.HINT, "begrip", f"{hit.text!r} is het begrip '{term}' ({iri})"
        return (Level.HINT, "alternatieve-term",
                f"{hit.text!r} is een andere term; de voorkeursterm is '{term}' ({iri})")

    def data(self) -> dict[str, Any]:
        """The index as the page's script reads it: each form with its claim (one id, or the
        claims [priority, id, capitals] to settle by the capitals in the text) and what it is
        for each concept; per concept its term, IRI, status and successor."""
        forms = []
        for (words, seps), claim in sorted(self.index.terms.items()):
            settle: Any = claim if isinstance(claim, str) else \
                [[p, ident, [list(map(list, caps)) for caps in capitals]]
                 for p, ident, capitals in claim]
            kinds = self.kinds.get((words, seps), {})
            forms.append([list(words), list(seps), settle,
                          {ident: [kind, int(((words, seps), ident) in self.abbreviations)]
                           for ident, kind in sorted(kinds.items())}])
        concepts: dict[str, dict[str, Any]] = {}
        for ident, b in sorted(self.begrippen.items()):
            concepts[ident] = {"term": self.term(ident), "iri": self.iris.get(ident, ""),
                               **({"verouderd": True} if b.status == "verouderd" else {}),
                               **({"vervangen_door": b.vervangen_door}
                                  if b.vervangen_door in self.begrippen else {}),
                               **({"voluit": self.written_out[ident]}
                                  if ident in self.written_out else {})}
        return {"vormen": forms, "begrippen": concepts}


def as_json(finding: Finding, hit: Hit, index: TekstIndex) -> dict[str, Any]:
    """One finding as `kennisbank tekst --json` prints it."""
    return {"bestand": finding.path, "regel": finding.line, "kolom": finding.column,
            "tekst": hit.text, "niveau": str(finding.level), "code": finding.code,
            "melding": finding.message, "begrip": hit.ident,
            "iri": index.iris.get(hit.ident, ""), "voorkeursterm": index.term(hit.ident)}


_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)


def markdown_prose(markdown: str) -> str:
    """A Markdown text with what is not prose (front matter, code, tags, link targets,
    attributes) blanked out: spaces of the same length, line breaks kept, so every line and
    column stays where it was."""
    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    text = _FENCE.sub(blank, _FRONT_MATTER.sub(blank, markdown))
    return NOT_PROSE.sub(blank, text)
