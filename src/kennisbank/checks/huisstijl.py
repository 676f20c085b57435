"""The programme's house style for concepts (only under `profiel: erkenning-en-herstel`): a
definition in NL-SBB form (not its own term, no "Een X is", 8 to 40 words, no example or year),
uitleg in short sentences with abbreviations written out, a Dutch and an English
voorkeursterm, one English word for one Dutch word, no known mistranslation, and every broader
link of one ISO 25964 kind."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kennisbank.checks.common import at, begrip_path, error, warning
from kennisbank.content.model import Begrip, Inhoud
from kennisbank.core.findings import Finding, Pos
from kennisbank.core.text import fold

# A definition names its genus and what sets the concept apart, without examples or passing
# facts, in at least MIN and at most MAX words; an uitleg sentence has at most MAX_SENTENCE.
MIN_DEFINITION = 8
MAX_DEFINITION = 40
MAX_SENTENCE = 20
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9ÉÈ€'\"(])")
WORD = re.compile(r"\w+(?:[-'’]\w+)*")
ABBREVIATION = re.compile(r"\b[A-Z][A-Z0-9]+\b")
EXAMPLE = re.compile(r"\b(?:bijvoorbeeld|zoals|onder meer|waaronder)\b", re.IGNORECASE)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
LANGUAGES = {"nl": "Nederlands", "en": "Engels"}
KINDS = {"breder_generiek": "een soort van", "breder_partitief": "een deel van",
         "breder_instantie": "een exemplaar van"}

# Where the Dutch term of one concept is part of another's (herstel → financieel herstel), the
# English term is part of the other's English term too. These pairs (part, whole) use the Dutch
# word in another sense, or are names.
OTHER_SENSE: dict[tuple[str, str], str] = {
    ("herstel", "emotioneel-herstel"): "recovery inside a person, not redress by the government",
    ("herstel", "herstel-van-vertrouwen"): "herstel as a verb: restoring trust",
    ("herstel", "stichting-gelijkwaardig-herstel"): "a name, not translated",
    ("gedupeerde", "kinderen-van-gedupeerde-ouders"): "the adjective: harmed parents",
    ("gedupeerde", "gedupeerde-ouder"): "the adjective: a harmed parent",
}

# English labels the programme's reviewers rejected (issue 15): (words of the Dutch
# voorkeursterm, or "" for every concept; the wrong English, folded; whole label or part of
# it; what to write instead).
MISTRANSLATIONS: tuple[tuple[str, str, bool, str], ...] = (
    ("regie", "agency", True, "'agency' is een dienst, zoals de Benefits Agency; gebruik "
     "'control' of 'direction'"),
    ("catshuisregeling", "benefit", False, "de Catshuisregeling is een herstelregeling, geen "
     "uitkering; gebruik 'scheme'"),
    ("", "non-mandatory", False, "onverplicht is 'non-obligatory'"),
    ("coordinerend bewindspersoon", "coordinating minister", True, "de bewindspersoon is "
     "niet altijd een minister; gebruik 'coordinating member of government'"),
)


def sentences(text: str) -> list[str]:
    """The sentences of a text, split where a reader stops."""
    return [s for s in SENTENCE_END.split(" ".join(text.split())) if s]


def word_count(text: str) -> int:
    return len(WORD.findall(text))


def huisstijl(inhoud: Inhoud) -> Iterator[Finding]:
    """Every house-style rule on concepts, concept by concept, then across concepts."""
    spelled = _expansions(inhoud)
    for ident in sorted(inhoud.begrippen):
        b = inhoud.begrippen[ident]
        yield from _definition(b)
        yield from _uitleg(b, spelled)
        yield from _languages(b)
        yield from _mistranslations(b)
        yield from _broader_kinds(b)
    yield from _english_per_dutch(inhoud)


def _definition(b: Begrip) -> Iterator[Finding]:
    for lang in sorted(b.definitie):
        text = " ".join(b.definitie[lang].split())
        pos = at(b.locs, f"definitie.{lang}", begrip_path(b))
        term = b.voorkeursterm.get(lang, "")
        if fold(text.rstrip(".")) == fold(term):
            yield error(pos, "definitie-is-term", f"de definitie {text!r} is alleen de term "
                        "zelf; schrijf op wat het begrip betekent: het bredere begrip en wat "
                        "dit begrip daarvan onderscheidt")
        elif (n := word_count(text)) < MIN_DEFINITION:
            yield error(pos, "definitie-te-kort", f"de definitie {text!r} heeft {n} "
                        f"{'woord' if n == 1 else 'woorden'}; verwacht minstens "
                        f"{MIN_DEFINITION}: het bredere begrip en wat dit begrip daarvan "
                        "onderscheidt")
        if lang == "nl":
            yield from _definition_nl(b, text, pos)


def _definition_nl(b: Begrip, text: str, pos: Pos) -> Iterator[Finding]:
    folded = fold(text)
    for term in [b.voorkeursterm.get("nl", ""), *b.alternatieve_termen.get("nl", [])]:
        found = re.match(rf"(?:een |de |het )?{re.escape(fold(term))} (?:is|zijn)\b",
                         folded) if term else None
        if found:
            k = len(folded[:found.end()].split())
            opening, rest = " ".join(text.split()[:k]), text.split()[k:]
            while rest and fold(rest[0]) in {"een", "de", "het"}:
                rest = rest[1:]
            start = " ".join(rest[:4])
            advice = f" (hier: {start[:1].upper() + start[1:]!r} …)" if start else ""
            yield error(pos, "definitie-herhaalt-term", f"de definitie begint met {opening!r}: "
                        "de term zelf; verwacht dat ze met het bredere begrip begint, zodat de "
                        f"definitie de term in een zin kan vervangen{advice}")
            break
    if (n := word_count(text)) > MAX_DEFINITION:
        yield error(pos, "definitie-te-lang", f"de definitie heeft {n} woorden; verwacht "
                    f"hoogstens {MAX_DEFINITION}; zet uitzonderingen en achtergrond in "
                    "'toelichting'")
    if example := EXAMPLE.search(text):
        yield error(pos, "voorbeeld-in-definitie", f"de definitie bevat {example.group()!r}: "
                    "een voorbeeld; verwacht een definitie zonder voorbeelden; zet "
                    "voorbeelden in 'voorbeelden'")
    if year := YEAR.search(text):
        yield error(pos, "jaartal-in-definitie", f"de definitie noemt het jaar "
                    f"{year.group()!r}; verwacht een definitie zonder data; zet data en de "
                    "stand van zaken in 'toelichting', want een definitie blijft langer geldig")


def _expansions(inhoud: Inhoud) -> dict[str, str]:
    """Abbreviation → the voorkeursterm of the concept that has it as an alternatieve term."""
    found: dict[str, str] = {}
    for ident in sorted(inhoud.begrippen):
        b = inhoud.begrippen[ident]
        for term in b.alternatieve_termen.get("nl", []):
            if ABBREVIATION.fullmatch(term) and "nl" in b.voorkeursterm:
                found.setdefault(term, b.voorkeursterm["nl"])
    return found


def _uitleg(b: Begrip, spelled: dict[str, str]) -> Iterator[Finding]:
    text = " ".join(b.uitleg.get("nl", "").split())
    pos = at(b.locs, "uitleg.nl", begrip_path(b))
    for i, sentence in enumerate(sentences(text), start=1):
        if (n := word_count(sentence)) > MAX_SENTENCE:
            shown = sentence if len(sentence) <= 60 else sentence[:57] + "…"
            yield error(pos, "zin-te-lang", f"zin {i} van de uitleg heeft {n} woorden "
                        f"({shown!r}); verwacht hoogstens {MAX_SENTENCE} woorden per zin "
                        "(eenvoudige taal, B1): maak er twee zinnen van")
    reported: set[str] = set()
    for match in ABBREVIATION.finditer(text):
        word = match.group()
        if word in reported or word in text[:match.start()]:
            continue  # not the first use
        if text[match.end():].startswith(" (") or text[:match.start()].endswith("("):
            continue
        reported.add(word)
        full = spelled.get(word)
        example = f"{full} ({word})" if full else f"de volledige naam ({word})"
        yield error(pos, "afkorting-niet-voluit", f"de afkorting {word!r} staat in de uitleg "
                    f"zonder dat ze de eerste keer voluit is geschreven; verwacht "
                    f"{example!r} bij het eerste gebruik")


def _languages(b: Begrip) -> Iterator[Finding]:
    for lang, name in LANGUAGES.items():
        if not b.voorkeursterm.get(lang):
            yield error(at(b.locs, "voorkeursterm", begrip_path(b)), "ontbrekende-taal",
                        f"begrip {b.id!r} heeft geen voorkeursterm in het {name} ({lang!r}); "
                        "verwacht een voorkeursterm in het Nederlands (nl) en in het Engels "
                        "(en)")


def _mistranslations(b: Begrip) -> Iterator[Finding]:
    dutch = f" {fold(b.voorkeursterm.get('nl', ''))} "
    labels = [("voorkeursterm.en", b.voorkeursterm["en"])] if "en" in b.voorkeursterm else []
    labels += [(f"alternatieve_termen.en.{i}", t)
               for i, t in enumerate(b.alternatieve_termen.get("en", []))]
    for where, label in labels:
        for nl, wrong, whole, advice in MISTRANSLATIONS:
            if nl and f" {nl} " not in dutch:
                continue
            if (fold(label) == wrong) if whole else (wrong in fold(label)):
                yield error(at(b.locs, where, begrip_path(b)), "bekende-vertaalfout",
                            f"de Engelse term {label!r} is een bekende vertaalfout: {advice}")


def _broader_kinds(b: Begrip) -> Iterator[Finding]:
    """Every `breder` has exactly one kind (generiek, partitief, instantie), and no kind is
    given without the `breder` link itself."""
    kinds: dict[str, list[str]] = {}
    for name in KINDS:
        for i, target in enumerate(getattr(b, name)):
            kinds.setdefault(target, []).append(name)
            if target not in b.breder:
                yield error(at(b.locs, f"{name}.{i}", begrip_path(b)), "breder-zonder-soort",
                            f"{name!r} noemt {target!r}, maar 'breder' niet; verwacht "
                            f"{target!r} ook in 'breder'")
    for i, target in enumerate(b.breder):
        given = kinds.get(target, [])
        if len(given) == 1:
            continue
        pos = at(b.locs, f"breder.{i}", begrip_path(b))
        if given:
            yield error(pos, "breder-zonder-soort", f"{target!r} staat in "
                        f"{' en '.join(map(repr, given))}; verwacht precies één soort")
        else:
            choices = "; ".join(f"{k!r} ({v})" for k, v in KINDS.items())
            yield error(pos, "breder-zonder-soort", f"'breder' noemt {target!r} zonder soort; "
                        f"verwacht {target!r} ook in precies één van: {choices}")


def _english_per_dutch(inhoud: Inhoud) -> Iterator[Finding]:
    """One English word for one Dutch word: the English term of a concept whose Dutch term is
    part of another's Dutch term is part of the other's English term too."""
    parts: dict[tuple[str, ...], list[Begrip]] = {}
    for ident in sorted(inhoud.begrippen):
        b = inhoud.begrippen[ident]
        if "nl" in b.voorkeursterm and "en" in b.voorkeursterm:
            parts.setdefault(tuple(re.findall(r"\w+", fold(b.voorkeursterm["nl"]))),
                             []).append(b)
    for ident in sorted(inhoud.begrippen):
        whole = inhoud.begrippen[ident]
        if "nl" not in whole.voorkeursterm or "en" not in whole.voorkeursterm:
            continue
        words = re.findall(r"\w+", fold(whole.voorkeursterm["nl"]))
        english = fold(whole.voorkeursterm["en"])
        seen: set[str] = set()
        for size in range(len(words), 0, -1):
            for start in range(len(words) - size + 1):
                for part in parts.get(tuple(words[start:start + size]), []):
                    en = fold(part.voorkeursterm["en"])
                    if part is whole or part.id in seen or (part.id, whole.id) in OTHER_SENSE \
                            or en in english:
                        continue
                    seen.add(part.id)
                    yield warning(at(whole.locs, "voorkeursterm.en", begrip_path(whole)),
                                  "engelse-term-wisselt",
                                  f"de Nederlandse term {part.voorkeursterm['nl']!r} (begrip "
                                  f"{part.id!r}) staat in {whole.voorkeursterm['nl']!r}, maar "
                                  f"de Engelse term {part.voorkeursterm['en']!r} staat niet in "
                                  f"{whole.voorkeursterm['en']!r}; verwacht voor hetzelfde "
                                  "Nederlandse woord hetzelfde Engelse woord")
