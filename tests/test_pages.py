"""Claims on the hand-written pages that once went beyond the sources (issue 15), checked
against the seed letter they cite."""

from __future__ import annotations

import re

from conftest import DATA, REPO

DOCS = REPO / "docs"
LETTER = DATA / "inhoud" / "brieven" / "voortgangsbrief-eh-2026-02-10.txt"  # a seed letter


def _text(name: str) -> str:
    return " ".join((DOCS / name).read_text(encoding="utf-8").split())


def test_the_role_of_government_is_not_given_a_formula_no_source_has() -> None:
    assert "beoordelaar" not in _text("visie.md")
    assert "betaler" not in _text("visie.md")


def test_the_werkconferentie_names_only_the_perspectives_the_letter_names() -> None:
    sentence = next(s for s in re.split(r"(?<=\.) ", _text("visie.md"))
                    if "Werkconferentie" in s)
    assert "toezichthouders" not in sentence and "uitvoerders" not in sentence
    for group in ("ambtenaren", "gedupeerde burgers", "medeoverheden",
                  "maatschappelijke organisaties", "wetenschap"):
        assert group in sentence


def test_the_goals_are_not_dated_to_february() -> None:
    text = _text("over.md")
    assert "aangescherpt in februari 2026" not in text
    assert "al eerder zijn aangescherpt" in text


def test_the_letter_says_so() -> None:
    """The facts the corrections rest on, in the letter itself."""
    letter = " ".join(LETTER.read_text(encoding="utf-8").split())
    assert "drie (reeds aangescherpte) strategische doelen" in letter
    conference = letter[letter.index("Werkconferentie Erkenning en Herstel op 8 september"):][:400]
    assert "toezichthouders" not in conference and "medeoverheden" in conference
    assert "beoordelaar" not in letter and "betaler" not in letter
