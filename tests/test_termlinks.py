"""Term links in built pages: Dutch word forms, longest match, no self-links, nothing inside
headings, links or code, the first occurrence per section, suppression, and backlinks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import DATA
from kennisbank.termen import TermIndex, plurals
from kennisbank.validate import check
from site_fixtures import build_project

TERM = re.compile(r'<a class="kb-term" href="([^"]+)" title="([^"]*)">([^<]+)</a>')


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_project(DATA / "termlinks", tmp_path_factory.mktemp("project"))


def _links(site: Path, rel: str) -> list[tuple[str, str, str]]:
    """(target, tooltip, text) of every term link on a page, in order."""
    html = (site / rel).read_text(encoding="utf-8")
    return [(href, title, shown) for href, title, shown in TERM.findall(html)]


def _section(site: Path, rel: str, heading_id: str) -> str:
    html = (site / rel).read_text(encoding="utf-8")
    start = html.index(f'id="{heading_id}"')
    end = html.find("<h2", start + 1)
    return html[start:end if end != -1 else None]


def test_plurals_and_longest_match(site: Path) -> None:
    links = _links(site, "proef/index.html")
    shown = {text: href for href, _, text in links}
    assert shown["gedupeerden"] == "../begrippen/gedupeerde/"  # plural -n
    assert shown["aanvullende schade"] == "../begrippen/aanvullende-schade/"  # not 'schade'
    assert shown["loketten"] == "../begrippen/loket/"  # doubled consonant
    assert shown["VSO"] == "../begrippen/vaststellingsovereenkomst/"  # an alternatieve term
    assert "vaststellingsovereenkomsten" not in shown  # already linked in this section


def test_first_occurrence_per_section_and_whole_words(site: Path) -> None:
    first = TERM.findall(_section(site, "proef/index.html", "proefpagina-over-gedupeerden"))
    texts = [shown for _, _, shown in first]
    assert texts.count("gedupeerden") + texts.count("gedupeerde") == 1
    assert "schade" in texts  # 'meer schade': schade's first own occurrence
    second = [shown for _, _, shown in TERM.findall(_section(site, "proef/index.html",
                                                             "tweede-deel"))]
    assert second == ["gedupeerde"]  # linked again in a new section; not in 'schadeloos'


def test_abbreviations_in_capitals_only(site: Path) -> None:
    texts = [shown for _, _, shown in _links(site, "proef/index.html")]
    assert "VSO" in texts and "vso" not in texts
    html = (site / "proef" / "index.html").read_text(encoding="utf-8")
    assert "een vso in kleine letters" in html


def test_headings_links_code_and_suppressed_passages_are_left_alone(site: Path) -> None:
    html = (site / "proef" / "index.html").read_text(encoding="utf-8")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert "kb-term" not in heading
    assert '<a href="..">de gedupeerde</a>' in html or '<a href="../">de gedupeerde</a>' in html
    assert "<code>schade in code</code>" in html
    suppressed = re.search(r'<p class="kb-geen-links">(.*?)</p>', html, re.S).group(1)
    assert "kb-term" not in suppressed


def test_tooltip_is_the_short_definition(site: Path) -> None:
    links = _links(site, "proef/index.html")
    tips = {text: title for _, title, text in links}
    assert tips["loketten"] == "Een loket is een plek waar een gedupeerde terechtkan."


def test_a_concept_page_does_not_link_to_itself_but_to_others(site: Path) -> None:
    links = _links(site, "begrippen/loket/index.html")
    targets = [href for href, _, _ in links]
    assert "../gedupeerde/" in targets  # in its definition
    assert not any(t.endswith("/loket/") for t in targets)


def test_concept_pages_say_where_they_are_used(site: Path) -> None:
    html = (site / "begrippen" / "gedupeerde" / "index.html").read_text(encoding="utf-8")
    used = html[html.index('id="gebruikt-in"'):]
    assert '<a href="../loket/">loket</a>' in used  # another concept's definition
    assert '<a href="../../proef/">Proefpagina</a>' in used  # a prose page


def test_dutch_plural_forms() -> None:
    assert {"gedupeerden", "gedupeerdes"} <= plurals("gedupeerde")
    assert "loketten" in plurals("loket")
    assert "signalen" in plurals("signaal")
    assert "regelingen" in plurals("regeling")
    assert "VSO's" not in plurals("VSO")


def test_matching_is_linear_and_prefers_explicit_labels() -> None:
    inhoud, _ = check(DATA / "termlinks")
    index = TermIndex.of(inhoud)
    text = "De gedupeerden en hun aanvullende schade. " * 2000
    matches = list(index.find(text))
    assert len(matches) == 4000
    assert {m.ident for m in matches} == {"gedupeerde", "aanvullende-schade"}


def test_capitals_matter_only_for_abbreviations() -> None:
    inhoud, _ = check(DATA / "termlinks")
    index = TermIndex.of(inhoud)
    assert [m.ident for m in index.find("een VSO")] == ["vaststellingsovereenkomst"]
    assert list(index.find("een vso")) == []
    assert [m.ident for m in index.find("Gedupeerden")] == ["gedupeerde"]
    assert list(index.find("schadeloos onschade")) == []


def test_search_tags_add_plural_zoektermen_but_keep_other_zoektermen_hidden() -> None:
    from kennisbank.model import Begrip
    from kennisbank.site import search_tags

    loket = Begrip(voorkeursterm={"nl": "loket"}, definitie={"nl": "Een loket is een balie."},
                   alternatieve_termen={"nl": ["servicepunt"]},
                   zoektermen={"nl": ["loketten", "balie", "servicepunten"]})
    assert search_tags(loket) == ["loket", "servicepunt", "loketten", "servicepunten"]
