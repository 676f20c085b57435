"""Dutch text as the whole engine compares it: one normaliser and the plural forms.

`fold` is the only normaliser: every key that says two texts are "the same" (duplicate
labels, term look-ups, sorting, the search index, termen.json) starts from it. The site's
search script does the same in JavaScript (`docs/assets/zoeken.js`); the shared vectors in
`tests/data/gedeeld/` hold both to the same answers.
"""

from __future__ import annotations

import re
import unicodedata

VOWELS = "aeiouy"
_NOT_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Case- and accent-insensitive form: 'Ééndaagse  Schade' → 'eendaagse schade',
    'Straße' → 'strasse'.

    Compatibility decomposition (NFKD), every mark dropped (accents, and also vowel signs
    and enclosing marks, as the search script's `\\p{M}` does), invisible format characters
    (zero-width spaces and joiners, soft hyphens, bidi controls) dropped so they cannot make
    two equal terms look different, full case folding, white space runs as one space."""
    if text.isascii():  # nothing to decompose: the common case, three times faster
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if unicodedata.category(c)[0] != "M"
                   and unicodedata.category(c) != "Cf")
    return " ".join(bare.casefold().split())


def search_key(text: str) -> str:
    """`fold`, with every run of characters that are not letters or digits as one space: the
    form in which search and termen.json compare ('Erkenning & Herstel' → 'erkenning
    herstel'; zoeken.js: `normalise`)."""
    return " ".join(_NOT_WORD.sub(" ", fold(text)).split())


def plurals(word: str) -> set[str]:
    """Simple Dutch plural forms of a (last) word: -en, -s, -n after e, -'s after a vowel,
    a doubled final consonant (loket → loketten) and a long vowel halved (signaal →
    signalen). Over-generating is harmless: a form only links when it occurs in the text
    and no label of any concept claims it."""
    w = word
    forms = {w + "en", w + "s"}
    if w.endswith("e"):
        forms.add(w + "n")
    if w[-1:] in "aiouy":
        forms.add(w + "'s")
    if len(w) >= 3 and w[-1] not in VOWELS and w[-2] in VOWELS and w[-3] not in VOWELS:
        forms.add(w + w[-1] + "en")
    if len(w) >= 4 and w[-1] not in VOWELS and w[-2] == w[-3] and w[-2] in "aeou":
        forms.add(w[:-2] + w[-1] + "en")
    return forms


def plural_forms(label: str) -> set[str]:
    """The label with its last word in each plural form ('klemmende situatie' → 'klemmende
    situaties', ...); none for an abbreviation in capitals."""
    words = label.split()
    if not words or label.isupper():
        return set()
    stem = label[: label.rfind(words[-1])]
    return {stem + form for form in plurals(words[-1])}
