"""`kennisbank match`: propose mappings between our concepts and another vocabulary's.

Evidence, strongest first: the same voorkeursterm; a synonym (alternatieve term) on either
side; a word form (plural, zoekterm); similar terms (character trigrams); shared words in
the definitions. A label is only half the evidence: exactMatch is proposed only when the
labels are the same *and* the definitions agree (most of their content words shared); the
same label with a different or missing definition is a closeMatch to check, and a label
match whose definitions have nothing in common ranks low (a homonym: 'loket' as a desk for
victims and as a ticket window). Proposals from shared definition words alone are
weak (common words such as 'besluit' connect unrelated concepts); `candidates` returns them
marked `definition_only`, and the command hides them unless asked.

Every lookup goes through an index of the other vocabulary, so the work grows with the size
of both vocabularies, not with their product: 10,000 concepts take a few seconds, most of it
reading the RDF.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kennisbank.content.model import Begrip, ExternBegrip, Inhoud
from kennisbank.content.termen import definition_from_genus, first_word
from kennisbank.content.vocabulaires import label
from kennisbank.core.text import fold, plural_forms

# (score, relation, reason) per kind of evidence; higher scores rank first.
EXACT = (1.0, "exactMatch", "zelfde voorkeursterm en definitie")
SAME_LABEL = (0.85, "closeMatch", "zelfde voorkeursterm, definitie deels anders")
SAME_LABEL_UNDEFINED = (0.75, "closeMatch", "zelfde voorkeursterm, definitie ontbreekt")
SYNONYM = (0.9, "closeMatch", "synoniem")
WORD_FORM = (0.8, "closeMatch", "zelfde term in een andere woordvorm")
# A zoekterm is a search aid (a misspelling, a related word such as 'bezwaarschrift' on
# 'bezwaar'), not a synonym: the same text there suggests a related concept at most.
SEARCH_TERM = (0.6, "relatedMatch", "")
# One term is the other plus words or a compound's first part ('gedupeerde ouder', 'ouder';
# 'kinderopvangtoeslag', 'toeslag'), or a definition names the other as its genus: the
# longer term is the narrower concept. Relations as SKOS reads them from our side: our
# concept skos:broadMatch theirs means theirs is the broader one.
HEAD_BROADER = (0.62, "broadMatch", "onze term eindigt op hun term: ons begrip is specifieker")
HEAD_NARROWER = (0.62, "narrowMatch", "hun term eindigt op onze term: hun begrip is "
                 "specifieker")
GENUS_BROADER = (0.66, "broadMatch", "onze definitie noemt hun begrip als soort")
GENUS_NARROWER = (0.66, "narrowMatch", "hun definitie noemt ons begrip als soort")
DEFINITION_REASON = "overlap in definitie"
# Which label of ours met which label of theirs, as the reason says it.
_SYNONYM_REASON = {("pref", "alt"): "onze voorkeursterm is hun alternatieve term",
                   ("alt", "pref"): "onze alternatieve term is hun voorkeursterm",
                   ("alt", "alt"): "zelfde alternatieve term"}
# Definitions agree when this share of their content words is common to both (Dice); below
# DIFFERENT they have (almost) nothing in common and the label evidence is discounted.
AGREE = 0.5
DIFFERENT = 0.2
STOPWORDS = frozenset("""de het een en of van in op aan voor met door bij als die dat dit deze
is zijn was waren wordt worden werd kan kunnen moet heeft hebben hun haar zijn er ook niet
naar tot uit over om te zo dan maar nog wel al wat wie waar hoe omdat zodat wanneer welke
the of and to in for is are by with that which""".split())


@dataclass(frozen=True)
class Candidate:
    ours: str
    relation: str
    iri: str
    label: str
    score: float
    reason: str
    our_definition: str = ""
    their_definition: str = ""
    our_label: str = ""

    @property
    def ident(self) -> str:
        """A short id that stays the same as long as both concepts do: seven hex digits of a
        hash of our id and their IRI (as git abbreviates commits)."""
        return hashlib.sha1(f"{self.ours}\n{self.iri}".encode(), usedforsecurity=False
                            ).hexdigest()[:7]

    @property
    def definition_only(self) -> bool:
        """True when nothing but shared definition words supports the proposal."""
        return self.reason == DEFINITION_REASON


def _labels(pref: dict[str, str], alt: dict[str, list[str]],
            hidden: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(normalised label, kind) with kind 'pref', 'alt', 'hidden' (zoekterm) or 'form' (a
    plural or singular of a voorkeursterm or alternatieve term)."""
    result: list[tuple[str, str]] = []
    for text in pref.values():
        result.append((fold(text), "pref"))
    for texts in alt.values():
        result += [(fold(t), "alt") for t in texts]
    for texts in hidden.values():
        result += [(fold(t), "hidden") for t in texts]
    for text in [*pref.values(), *(t for ts in alt.values() for t in ts)]:
        result += [(fold(form), "form") for form in plural_forms(text)]
    return [(text, kind) for text, kind in result if text]


def _stem(word: str) -> str:
    """A crude Dutch stem, so 'verbindingen' and 'verbinding' count as one word."""
    for suffix in ("en", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _content(definition: str) -> set[str]:
    return {_stem(w) for w in _words(definition)}


def agreement(ours: str, theirs: str) -> float | None:
    """How far two definitions agree: the share of content words both use (Dice, 0-1);
    None when either is missing."""
    return _dice(_content(ours), _content(theirs))


def _dice(a: set[str], b: set[str]) -> float | None:
    if not a or not b:
        return None
    return 2 * len(a & b) / (len(a) + len(b))


def _evidence(ours: str, theirs: str, agree: float | None) -> tuple[float, str, str]:
    """Label evidence weighed with the agreement of the definitions."""
    if ours == "pref" and theirs == "pref":
        if agree is None:
            return SAME_LABEL_UNDEFINED
        if agree >= AGREE:
            return EXACT
        if agree >= DIFFERENT:
            return SAME_LABEL
        return (0.55, "closeMatch", "zelfde voorkeursterm, andere definitie")
    if "hidden" in (ours, theirs):
        base = (SEARCH_TERM[0], SEARCH_TERM[1],
                "onze zoekterm is hun term" if ours == "hidden" else "hun zoekterm is onze term")
    elif "form" in (ours, theirs):
        base = WORD_FORM
    else:
        base = (SYNONYM[0], SYNONYM[1], _SYNONYM_REASON[(ours, theirs)])
        if agree is not None and agree >= AGREE and "pref" in (ours, theirs):
            # The voorkeursterm of one is a synonym of the other and they define the
            # same thing: one concept, named differently.
            return (0.95, "exactMatch", base[2] + ", zelfde definitie")
    return _weighed(base, agree)


def _weighed(base: tuple[float, str, str], agree: float | None, different: float = 0.3,
             missing: float = 0.15) -> tuple[float, str, str]:
    """Evidence from the terms, lowered when a definition has nothing in common with the
    other (by `different`) or is missing (by `missing`)."""
    if agree is None and missing:  # weaker than the same voorkeursterm without a definition
        return (round(base[0] - missing, 3), base[1], base[2] + ", definitie ontbreekt")
    if agree is not None and agree < DIFFERENT:
        return (round(base[0] - different, 3), base[1], base[2] + ", andere definitie")
    return base


def _trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"\w+", fold(text)) if len(w) > 3 and
            w not in STOPWORDS]


class _Theirs:
    """The other vocabulary, indexed once: labels by normalised text and by trigram, and the
    definitions' words with their inverse document frequencies."""

    def __init__(self, theirs: dict[str, ExternBegrip]) -> None:
        self.by_label: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.by_trigram: dict[str, set[str]] = defaultdict(set)
        self.labels: dict[str, str] = {}
        self.gram_count: dict[str, int] = {}
        for iri, extern in theirs.items():
            for text, kind in _labels(extern.voorkeursterm, extern.alternatieve_termen,
                                      extern.zoektermen):
                self.by_label[text].append((iri, kind))
                if kind in ("pref", "alt") and text not in self.labels:
                    self.labels[text] = iri
                    grams = _trigrams(text)
                    self.gram_count[text] = len(grams)
                    for gram in grams:
                        self.by_trigram[gram].add(text)
        self.documents = {iri: Counter(_words(" ".join(e.definitie.values())))
                          for iri, e in theirs.items() if e.definitie}
        frequency: Counter[str] = Counter()
        self.postings: dict[str, list[str]] = defaultdict(list)
        for iri, words in self.documents.items():
            frequency.update(words.keys())
            for word in words:
                self.postings[word].append(iri)
        self.idf = {w: math.log((1 + len(self.documents)) / (1 + n)) + 1
                    for w, n in frequency.items()}
        self.norms = {iri: math.sqrt(sum((c * self.idf[w]) ** 2 for w, c in words.items()))
                      for iri, words in self.documents.items()}
        self._content: dict[str, set[str]] = {}
        # Their voorkeurstermen and alternatieve termen by every tail that could be a head
        # ('toeslag' of 'kinderopvangtoeslag', 'ouder' of 'gedupeerde ouder'), and their
        # definitions from the genus on, by its first word.
        self.by_tail: dict[str, set[str]] = defaultdict(set)
        self.genera: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for iri, extern in theirs.items():
            own = [fold(t) for t in [*extern.voorkeursterm.values(),
                                     *(t for ts in extern.alternatieve_termen.values()
                                       for t in ts)] if fold(t)]
            for text in own:
                for tail in tails(text):
                    self.by_tail[tail].add(iri)
            for definitie in extern.definitie.values():
                body = definition_from_genus(definitie, own)
                self.genera[first_word(body)].append((body, iri))

    def agree_with(self, own: set[str], iri: str) -> float | None:
        if iri not in self._content:
            words = self.documents.get(iri)  # the definition's words, already normalised
            self._content[iri] = {_stem(w) for w in words} if words else set()
        return _dice(own, self._content[iri])

    def look_alikes(self, text: str) -> Iterator[tuple[str, float]]:
        """Their labels spelled like `text` (Dice on trigrams ≥ 0.7), with the Dice."""
        grams = _trigrams(text)
        shared: Counter[str] = Counter()
        for gram in grams:
            shared.update(self.by_trigram.get(gram, ()))
        least = 0.35 * len(grams)  # Dice >= 0.7 needs at least this many shared
        for other, count in shared.items():
            if count < least:
                continue
            dice = 2 * count / (len(grams) + self.gram_count[other])
            if dice >= 0.7 and other != text:
                yield other, dice

    def by_definition(self, definitie: str) -> Iterator[tuple[str, float]]:
        """The five concepts whose definitions share the most weighted words, with cosine."""
        words = Counter(_words(definitie))
        if not words:
            return
        scores: dict[str, float] = defaultdict(float)
        for word, count in words.items():
            for iri in self.postings.get(word, ()):
                scores[iri] += count * self.idf[word] * self.documents[iri][word] * self.idf[word]
        own_norm = math.sqrt(sum((c * self.idf.get(w, 1.0)) ** 2 for w, c in words.items()))
        for iri, dot in sorted(scores.items(), key=lambda kv: -kv[1])[:5]:
            yield iri, dot / (own_norm * self.norms[iri])


def tails(text: str) -> Iterator[str]:
    """The ends of a term that could be its head: after a space or hyphen, or inside a
    compound after at least three letters; never shorter than four characters."""
    for i in range(3, len(text) - 3):
        if text[i - 1] in " -" or (text[i - 1].isalpha() and text[i].isalpha()
                                     and " " not in text[i:]):
            yield text[i:]


# After a genus: 'afname of invoeding' names two things, neither of them the genus.
_COORDINATION = re.compile(r"\s*(?:,|of\b|en\b|and\b|or\b|/)")


def _names(body: str, term: str) -> bool:
    """Whether a definition (from its genus on) starts with `term` as a whole term that is
    not the first of a list."""
    return (body.startswith(term) and not body[len(term):len(term) + 1].isalnum()
            and not _COORDINATION.match(body, len(term)))


def candidates(inhoud: Inhoud, theirs: dict[str, ExternBegrip]) -> list[Candidate]:
    """All proposals, best first (one per pair of concepts: its strongest evidence)."""
    best: dict[tuple[str, str], tuple[float, str, str]] = {}

    def propose(ours: str, iri: str, evidence: tuple[float, str, str]) -> None:
        if evidence[0] > best.get((ours, iri), (0.0, "", ""))[0]:
            best[(ours, iri)] = evidence

    index = _Theirs(theirs)
    for ident in sorted(inhoud.begrippen):
        b: Begrip = inhoud.begrippen[ident]
        own_content = _content(" ".join(b.definitie.values()))
        own = _labels(b.voorkeursterm, b.alternatieve_termen, b.zoektermen)
        for text, kind in own:
            for iri, their_kind in index.by_label.get(text, []):
                if kind in ("pref", "alt") or their_kind in ("pref", "alt"):
                    agree = index.agree_with(own_content, iri)
                    propose(ident, iri, _evidence(kind, their_kind, agree))
        terms = [text for text, kind in own if kind in ("pref", "alt")]
        for text in terms:
            for other, dice in index.look_alikes(text):
                relation = "closeMatch" if dice >= 0.9 else "relatedMatch"
                iri = index.labels[other]
                agree = index.agree_with(own_content, iri)
                score = 0.35 + 0.35 * dice
                if agree is not None and agree < DIFFERENT:
                    score -= 0.2  # similar spelling, unrelated meaning
                propose(ident, iri, (round(score, 3), relation, "gelijkende term"))
        for evidence, iris in _hierarchical(index, terms, b):
            for iri in sorted(iris):
                # A narrower concept's definition differs from its genus's by nature, so
                # the genus is weighed more mildly; it still drops below the synonyms when
                # the two share no word (a 'medewerker' in another domain).
                genus = evidence in (GENUS_BROADER, GENUS_NARROWER)
                agree = index.agree_with(own_content, iri)
                propose(ident, iri, _weighed(evidence, agree, 0.2, 0.0) if genus
                        else _weighed(evidence, agree))
        for iri, cosine in index.by_definition(" ".join(b.definitie.values())):
            if cosine >= 0.25:
                propose(ident, iri, (round(0.5 * cosine, 3), "relatedMatch",
                                     DEFINITION_REASON))

    # A concept with an exact proposal needs no look-alike: a similar term next to an exact
    # match is nearly always a sibling ('kleinverbruikaansluiting' beside
    # 'grootverbruikaansluiting'), on either side. Nor does our concept need a broader or
    # narrower one: the exact match already places it in their hierarchy.
    exact_ours = {ours for (ours, _), ev in best.items() if ev[1] == "exactMatch"}
    exact_theirs = {iri for (_, iri), ev in best.items() if ev[1] == "exactMatch"}
    best = {(ours, iri): ev for (ours, iri), ev in best.items()
            if not (ev[2] == "gelijkende term" and (ours in exact_ours or iri in exact_theirs))
            and not (ev[1] in ("broadMatch", "narrowMatch") and ours in exact_ours)}
    mapped = {(ident, iri) for ident, b in inhoud.begrippen.items()
              for _, _, iri in b.koppelingen.items()}
    result = [Candidate(ours, relation, iri, label(theirs[iri].voorkeursterm, iri), score,
                        reason, label(inhoud.begrippen[ours].definitie),
                        label(theirs[iri].definitie),
                        label(inhoud.begrippen[ours].voorkeursterm, ours))
              for (ours, iri), (score, relation, reason) in best.items()
              if (ours, iri) not in mapped]
    result.sort(key=lambda c: (-c.score, c.ours, c.iri))
    return result


def _hierarchical(index: _Theirs, terms: list[str],
                  b: Begrip) -> Iterator[tuple[tuple[float, str, str], set[str]]]:
    """Their concepts broader or narrower than ours by the terms or a genus: each kind of
    evidence with the IRIs it points at."""
    for text in terms:
        yield HEAD_BROADER, {iri for tail in tails(text)
                             for iri, kind in index.by_label.get(tail, [])
                             if kind in ("pref", "alt")}
        yield HEAD_NARROWER, index.by_tail.get(text, set())
    for definitie in b.definitie.values():
        body = definition_from_genus(definitie, terms)
        cuts = [body[:m.start()] for m in re.finditer(r"\W|$", body)][:6]
        for text in (cut for cut in cuts if _names(body, cut)):
            yield GENUS_BROADER, {iri for iri, kind in index.by_label.get(text, [])
                                  if kind in ("pref", "alt")}
    for text in terms:
        yield GENUS_NARROWER, {iri for body, iri in index.genera.get(first_word(text), [])
                               if _names(body, text)}


# -- writing accepted mappings into concept files ------------------------------------------


def add_mapping(text: str, relation: str, iri: str) -> str | None:
    """The file text with `iri` added under koppelingen.<relation>, keeping everything else
    as written (line endings too: only '\n' or '\r\n' end a line, as in YAML, so a U+2028
    inside a text stays where it is); None when the file's layout is not one this can edit
    safely."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = (text[:-len(newline)] if text.endswith(newline) else text).split(newline)
    top = next((i for i, line in enumerate(lines) if re.match(r"koppelingen:\s*(#.*)?$", line)),
               None)
    if top is None:
        if any(line.startswith("koppelingen:") for line in lines):
            return None  # flow style or a value on the same line
        lines += ["koppelingen:", f"  {relation}:", f"    - {iri}"]
        return newline.join(lines) + newline
    end = top + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][:1] in " #"):
        end += 1
    block = lines[top + 1:end]
    indent = next((len(line) - len(line.lstrip()) for line in block if line.strip()), 2)
    pad = " " * indent
    for n, line in enumerate(block):
        if not line.startswith(f"{pad}{relation}:"):
            continue
        rest = line[len(pad) + len(relation) + 1:].strip()
        at = top + 1 + n
        if rest.startswith("[") and rest.endswith("]"):
            inner = rest[1:-1].strip()
            lines[at] = f"{pad}{relation}: [{inner + ', ' if inner else ''}{iri}]"
            return newline.join(lines) + newline
        if rest:
            return None
        last = at
        while last + 1 < end and lines[last + 1].lstrip().startswith("- ") and \
                len(lines[last + 1]) - len(lines[last + 1].lstrip()) > indent - 1:
            last += 1
        item_pad = " " * (len(lines[last]) - len(lines[last].lstrip())) if last > at else \
            pad + "  "
        lines.insert(last + 1, f"{item_pad}- {iri}")
        return newline.join(lines) + newline
    insert_at = top + 1 + max((n + 1 for n, line in enumerate(block) if line.strip()),
                              default=0)
    lines[insert_at:insert_at] = [f"{pad}{relation}:", f"{pad}  - {iri}"]
    return newline.join(lines) + newline


def write(root: Path, accepted: list[Candidate]) -> tuple[dict[Path, str], list[Candidate]]:
    """New texts for the concept files (nothing written yet) and the candidates that could
    not be added automatically."""
    texts: dict[Path, str] = {}
    skipped = []
    for candidate in accepted:
        path = root / "begrippen" / f"{candidate.ours}.yaml"
        current = texts.get(path) or path.read_bytes().decode("utf-8")
        updated = add_mapping(current, candidate.relation, candidate.iri)
        if updated is None:
            skipped.append(candidate)
        else:
            texts[path] = updated
    return texts, skipped
