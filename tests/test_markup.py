"""Content as inert Markdown (markup.text): what is escaped, and what must not be, because
the escape would split a word that a term link has to find whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kennisbank.site.markup import text
from site_fixtures import build_project

TERM = re.compile(r'<a class="kb-term" href="([^"]+)"[^>]*>([^<]+)</a>')


@pytest.mark.parametrize(("value", "inert"), [
    ("- lijst", r"\- lijst"),          # would start a list
    ("---", r"\-\-\-"),                # would be a rule or a heading underline
    ("a - b", r"a \- b"),
    ("x- en -y", r"x\- en \-y"),
    ("ex-toeslagpartners (ouders)", r"ex-toeslagpartners \(ouders\)"),  # a word stays whole
    ("1. punt", r"1\. punt"),
])
def test_markdown_syntax_is_escaped_but_a_hyphen_inside_a_word_is_not(value: str,
                                                                        inert: str) -> None:
    assert text(value) == inert


CONCEPT = """voorkeursterm: {term}
definitie: {definitie}
uitleg: Uitleg.
bronnen: [{{titel: Bron}}]
collecties: [kern]
"""


def test_a_hyphenated_term_links_whole_on_a_concept_page(tmp_path: Path) -> None:
    # Escaped, the hyphen became a placeholder between 'ex' and 'toeslagpartners': the
    # concept page linked 'toeslagpartners' to toeslagpartner, inside 'ex-toeslagpartners'.
    content = tmp_path / "inhoud"
    folder = content / "begrippen"
    folder.mkdir(parents=True)
    (folder / "_kader.yaml").write_text("titel: Termen\nbasis_uri: https://example.org/id/"
                                        "begrip/\ncollecties:\n  kern:\n    naam: Kern\n",
                                        encoding="utf-8")
    concepts = {
        "toeslagpartner": ("toeslagpartner", "Partner van wie het inkomen meetelt voor de "
                           "toeslag van een aanvrager."),
        "ex-toeslagpartner": ("ex-toeslagpartner", "Persoon die eerder toeslagpartner was van "
                              "een aanvrager en dat nu niet meer is."),
        "regeling": ("regeling", "Regeling die ex-toeslagpartners een eigen bedrag geeft, los "
                     "van de hoogte van de terugvordering."),
    }
    for ident, (term, definitie) in concepts.items():
        (folder / f"{ident}.yaml").write_text(CONCEPT.format(term=term, definitie=definitie),
                                              encoding="utf-8")
    site = build_project(content, tmp_path / "project")
    page = (site / "begrippen" / "regeling" / "index.html").read_text(encoding="utf-8")
    assert ("../ex-toeslagpartner/", "ex-toeslagpartners") in TERM.findall(page)
    assert ("../toeslagpartner/", "toeslagpartners") not in TERM.findall(page)
