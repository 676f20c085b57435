"""Finding the concepts' terms in running Dutch text.

One index of every Dutch label (voorkeursterm, alternatieve termen, zoektermen) plus simple
plural forms, and one matcher that the site's term links, the "Gebruikt in" lists and the
checker's hints all share. Matching is on whole words, case-insensitive except for the
capitals of abbreviations (VSO) and of alternatieve termen and zoektermen written with
capitals ('Erkenning en Herstel'), longest term first; a zoekterm that is only a piece
of another label of its concept ('getroffen' of 'getroffene') does not match; the separators
inside a multi-word term must be the same in the text ('opzet/grove schuld' is not 'opzet
grove schuld'). Scanning is linear in the length of the text: at each word the index is looked up
for the few lengths that terms have, never tried term by term.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from kennisbank.content.model import Begrip, Inhoud
from kennisbank.core.text import fold, plural_forms, plurals

# A word (with an apostrophe inside, as in VSO's); split() keeps the separators between them.
WORD_SPLIT = re.compile(r"(\w+(?:['’]\w+)?)")
MEMO_SIZE = 100_000  # texts kept per index (TermIndex.MEMOISE): then it starts again
# Priority of a label kind when two concepts claim the same form: lower wins.
PREF, ALT, HIDDEN, PLURAL = range(4)


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    ident: str


def separator_form(separator: str) -> str:
    """A separator between two words as matching compares it: white space as one space."""
    return separator if separator == " " else (" ".join(separator.split()) or " ")


def tokens(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(words, separators between them) of a label."""
    parts = WORD_SPLIT.split(text)
    return tuple(parts[1::2]), tuple(map(separator_form, parts[2:-1:2]))


# A label's capitals, per word: ((position, letter), ...). A text matches such a label only
# when it has the same capitals at the same places (other letters in any case).
Capitals = tuple[tuple[tuple[int, str], ...], ...]
Key = tuple[tuple[str, ...], tuple[str, ...]]  # (casefolded words, separators)
Claim = tuple[int, str, Capitals]  # (priority, id, capitals or () for any case)


def capitals(words: tuple[str, ...]) -> Capitals:
    return tuple(tuple((i, ch) for i, ch in enumerate(w) if ch.isupper()) for w in words)


def _fits(words: list[str], pattern: Capitals) -> bool:
    return all(i < len(word) and word[i] == ch
               for word, caps in zip(words, pattern, strict=True) for i, ch in caps)


def _case_sensitive(text: str, priority: int) -> bool:
    """Abbreviations in capitals (VSO) always; other capitals only in an alternatieve term or
    zoekterm ('Erkenning en Herstel' is the programme, 'erkenning en herstel' the topic). A
    voorkeursterm with a capital still matches in any case."""
    if len(text) >= 2 and text.isupper():
        return True
    if priority not in (ALT, HIDDEN):
        return False
    if text.isascii():  # A-Z are its only capitals, and lower() changes exactly those
        return text != text.lower()
    return any(ch.isupper() for ch in text)


def part_of_other_label(text: str, others: list[str]) -> bool:
    """A zoekterm in lower case that is only a piece of its concept's voorkeursterm or an
    alternatieve term (`others`): 'getroffen' of 'getroffene', 'uitwonendenbeurs' of
    'hersteloperatie Controle Uitwonendenbeurs'. It helps the search, but in running text it
    is usually another word, so it links nothing."""
    return _piece_of(" ".join(text.casefold().split()),
                     [" ".join(o.casefold().split()) for o in others])


def _piece_of(folded: str, others: list[str]) -> bool:
    """part_of_other_label on texts already in that form (casefolded, single spaces)."""
    longer = [o for o in others if len(folded) < len(o) and folded in o]
    if not longer:
        return False
    plural = plural_forms(folded)  # a singular of a plural term is a word form, not a piece
    return any(o not in plural for o in longer)


class TermIndex:
    """Dutch labels of all concepts → concept id."""

    # A long-running process (the preview, `site.incremental.memoise`) keeps what each text
    # holds for as long as the index lives (the labels stay the same): a save then scans
    # only the texts it changed.
    MEMOISE = False

    def __init__(self, begrippen: dict[str, Begrip]):
        self.memo: dict[tuple[str, str], Any] | None = {} if TermIndex.MEMOISE else None
        claims: dict[Key, list[Claim]] = {}
        for ident in sorted(begrippen):
            b = begrippen[ident]
            labels = [(b.voorkeursterm.get("nl", ""), PREF),
                      *((t, ALT) for t in b.alternatieve_termen.get("nl", [])),
                      *((t, HIDDEN) for t in b.zoektermen.get("nl", []))]
            names: list[str] | None = None  # the other labels in part_of_other_label's form
            for text, priority in labels:
                words, seps = tokens(text)
                if not words:
                    continue
                if priority == HIDDEN and text == text.casefold():
                    if names is None:
                        names = [" ".join(t.casefold().split()) for t, kind in labels
                                 if kind != HIDDEN]
                    if _piece_of(" ".join(text.split()), names):
                        continue
                upper = len(text) >= 2 and text.isupper()
                pattern = capitals(words) if _case_sensitive(text, priority) else ()
                folded = tuple(map(str.casefold, words))
                claims.setdefault((folded, seps), []).append((priority, ident, pattern))
                if priority != HIDDEN and not upper:
                    head = folded[:-1]
                    for form in plurals(folded[-1]):
                        claims.setdefault((head + (form,), seps), []).append(
                            (PLURAL, ident, pattern))
        # A key either resolves to one id whatever the case (str) or keeps its claims, best
        # first, to be settled by the capitals in the text (list).
        self.terms: dict[Key, str | list[Claim]] = {}
        for key, owners in claims.items():
            if len(owners) == 1:  # most forms: one claim, settled at once
                claim = owners[0]
                self.terms[key] = owners if claim[2] else claim[1]
                continue
            if any(pattern for _, _, pattern in owners):
                self.terms[key] = sorted(owners, key=lambda c: (c[0], not c[2], c[1]))
                continue
            best = min(p for p, _, _ in owners)
            winners = {ident for p, ident, _ in owners if p == best}
            if len(winners) == 1:  # a form two concepts claim equally links to neither
                self.terms[key] = winners.pop()
        # First word → the lengths (in words) of the terms that start with it, longest first:
        # most words of a text start no term and cost one dictionary lookup.
        starts: dict[str, set[int]] = {}
        for words, _ in self.terms:
            starts.setdefault(words[0], set()).add(len(words))
        self.starts = {word: sorted(lengths, reverse=True) for word, lengths in starts.items()}

    @staticmethod
    def _settle(claims: list[Claim], words: list[str]) -> str | None:
        """The id of the best claim whose capitals the text has: lowest priority, a claim
        with capitals before one without; two ids equally good link to neither."""
        fitting = [(p, not pattern, ident) for p, ident, pattern in claims
                   if not pattern or _fits(words, pattern)]
        if not fitting:
            return None
        best = fitting[0][:2]
        winners = {ident for p, free, ident in fitting if (p, free) == best}
        return winners.pop() if len(winners) == 1 else None

    @classmethod
    def of(cls, inhoud: Inhoud) -> TermIndex:
        """The index of a model's labels, made once for the check and the site's generation
        that follow it, and for the next model while its ids and Dutch labels are the same
        (the preview's next save: the index depends on nothing else); made again when one
        changed. It lives as long as the last model it was asked for."""
        key = _labels(inhoud.begrippen)
        if _LAST and _LAST[0]() is not None and _LAST[1] == key:
            found: TermIndex = _LAST[2]
        else:
            found = cls(inhoud.begrippen)
        if not _LAST or _LAST[0]() is not inhoud:
            _LAST[:] = [weakref.ref(inhoud, _gone), key, found]
        return found

    def _scan(self, parts: list[str]) -> Iterator[tuple[int, int, str]]:
        """(first word, number of words, id) of each match, left to right, the longest term
        at each place. `parts` alternates separators and words (re.split)."""
        words = parts[1::2]
        folded = list(map(str.casefold, words))
        count, starts, terms = len(folded), self.starts, self.terms
        free = 0  # the first word after the last match
        # Only the words that start a term are tried (most words start none).
        for i in [i for i, word in enumerate(folded) if word in starts]:
            if i < free:
                continue
            for n in starts[folded[i]]:
                if i + n > count:
                    continue
                seps = tuple(separator_form(parts[2 * j + 2]) for j in range(i, i + n - 1))
                found = terms.get((tuple(folded[i:i + n]), seps))
                if found is None:
                    continue
                ident = found if isinstance(found, str) else self._settle(found, words[i:i + n])
                if ident is None:
                    continue  # written without the capitals its label has
                yield i, n, ident
                free = i + n
                break

    def find(self, text: str) -> Iterator[Match]:
        """Non-overlapping matches with their place in `text`."""
        if self.memo is None:
            return self._find(text)
        return iter(self._remembered("find", text, lambda: tuple(self._find(text))))

    def concepts_in(self, text: str) -> set[str]:
        if self.memo is None:
            return self._concepts_in(text)
        return set(self._remembered("in", text, lambda: frozenset(self._concepts_in(text))))

    def _remembered(self, kind: str, text: str, make: Callable[[], Any]) -> Any:
        """What `make` finds in `text`, kept in the memo (which starts again when full)."""
        assert self.memo is not None  # noqa: S101 (only called with a memo)
        found = self.memo.get((kind, text))
        if found is None:
            if len(self.memo) >= MEMO_SIZE:
                self.memo.clear()
            found = self.memo[kind, text] = make()
        return found

    def _find(self, text: str) -> Iterator[Match]:
        parts = WORD_SPLIT.split(text)
        ends: list[int] = []
        for i, n, ident in self._scan(parts):
            if not ends:  # where each part ends: only for texts with a match
                ends = list(accumulate(map(len, parts)))
            # word i is part 2i + 1: it starts where part 2i ends
            yield Match(ends[2 * i], ends[2 * (i + n) - 1], ident)

    def _concepts_in(self, text: str) -> set[str]:
        return {ident for _, _, ident in self._scan(WORD_SPLIT.split(text))}


# The last model's index: [weak reference to the model, its Dutch labels, index]
# (TermIndex.of). Weak: the model goes when its user lets go of it, and the index with it
# (a model kept here to the end of the process made Python's last garbage collections walk
# all of it: a quarter of `kennisbank check` at 10,000 concepts).
_LAST: list[Any] = []


def _gone(model: weakref.ref[Inhoud]) -> None:
    if _LAST and _LAST[0] is model:
        _LAST.clear()


def forget() -> None:
    """Let go of the last model (a build, before the engine takes the memory)."""
    _LAST.clear()
    _USAGE.clear()


def _labels(begrippen: dict[str, Begrip]) -> tuple[object, ...]:
    """What the index depends on: every concept's Dutch labels."""
    return tuple((ident, b.voorkeursterm.get("nl", ""),
                  tuple(b.alternatieve_termen.get("nl", [])), tuple(b.zoektermen.get("nl", [])))
                 for ident, b in begrippen.items())


_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
# Linear: no class may match the character that opens its own pattern, so a run of '<',
# '](' or '{:' without a closer fails at once instead of scanning to the end of the line.
NOT_PROSE = re.compile(r"`[^`\n]*`|<[^<>\n]*>|\]\([^()\s]*\)|\{[:#.][^{}\n]*\}")


def prose(markdown: str) -> str:
    """The text of a Markdown page: no front matter, code, tags, link targets or attributes."""
    text = _FENCE.sub(" ", _FRONT_MATTER.sub("", markdown))
    return NOT_PROSE.sub(" ", text)


def page_title(markdown: str, fallback: str) -> str:
    front = _FRONT_MATTER.match(markdown)
    if front:
        title = re.search(r"^title:\s*(.+)$", front.group(0), re.M)
        if title:
            return title.group(1).strip().strip("\"'")
    heading = re.search(r"^# (.+)$", markdown, re.M)
    return heading.group(1).strip() if heading else fallback


CONCEPT_TEXTS = ("definitie", "uitleg", "toelichting")


@dataclass
class Usage:
    """Where each concept is used: in leidraad steps, other concepts' texts and pages."""

    steps: dict[str, set[str]]
    concepts: dict[str, set[str]]
    pages: dict[str, set[str]]

    def used(self, ident: str) -> bool:
        return bool(self.steps.get(ident) or self.concepts.get(ident) or self.pages.get(ident))


# The last usage found: [weak reference to the model, the index, its usage]. The check's
# term rules and the site's generation that follows ask for the same model's (read-only).
_USAGE: list[Any] = []


def _usage_gone(model: weakref.ref[Inhoud]) -> None:
    if _USAGE and _USAGE[0] is model:
        _USAGE.clear()


def usage(inhoud: Inhoud, index: TermIndex) -> Usage:
    """Where each concept is used, found once per model and index."""
    if _USAGE and _USAGE[0]() is inhoud and _USAGE[1] is index:
        found: Usage = _USAGE[2]
        return found
    found = _usage(inhoud, index)
    _USAGE[:] = [weakref.ref(inhoud, _usage_gone), index, found]
    return found


def _usage(inhoud: Inhoud, index: TermIndex) -> Usage:
    steps: dict[str, set[str]] = {}
    concepts: dict[str, set[str]] = {}
    pages: dict[str, set[str]] = {}
    for stap in inhoud.stappen.values():
        texts = [stap.titel.get("nl", ""), stap.vraag.get("nl", ""),
                 stap.toelichting.get("nl", ""), *stap.checklist.get("nl", []),
                 *(u.antwoord.get("nl", "") for u in stap.uitkomsten),
                 *(u.einde.get("nl", "") for u in stap.uitkomsten)]
        found = set(stap.begrippen) | index.concepts_in("\n".join(texts))
        for ident in found:
            steps.setdefault(ident, set()).add(stap.id)
    for b in inhoud.begrippen.values():
        text = "\n".join(getattr(b, name).get("nl", "") for name in CONCEPT_TEXTS)
        for ident in index.concepts_in(text) - {b.id}:
            concepts.setdefault(ident, set()).add(b.id)
    for rel, markdown in (inhoud.paginas or {}).items():
        for ident in index.concepts_in(prose(markdown)):
            pages.setdefault(ident, set()).add(rel)
    return Usage(steps, concepts, pages)


# A definition's genus: what follows a leading 'Een <term> is' and the article before it.
_ARTICLE = re.compile(r"(?:een|de|het)\s+")
_COPULA = re.compile(r"\s+(?:is|zijn)\s+")


def definition_from_genus(text: str, own: list[str]) -> str:
    """The normalised definition from its genus on: without a leading 'Een <term> is' (any of
    the concept's own terms, normalised) and without the article before the genus."""
    body = fold(text)
    for term in sorted(own, key=len, reverse=True):
        head = _ARTICLE.match(body)
        rest = body[head.end():] if head else body
        if rest.startswith(term) and (copula := _COPULA.match(rest, len(term))):
            body = rest[copula.end():]
            break
    head = _ARTICLE.match(body)
    return body[head.end():] if head else body


def first_word(text: str) -> str:
    """The letters and digits `text` starts with: a term that `text` starts with, followed by
    a character that is not a letter or digit, starts with the same first word."""
    end = 0
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[:end]
