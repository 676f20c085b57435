"""Term links in built pages: Dutch word forms, longest match, no self-links, nothing inside
headings, links or code, the first occurrence per section, suppression, and backlinks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import DATA
from kennisbank.checks.pipeline import check
from kennisbank.content.termen import TermIndex
from kennisbank.core.text import plurals
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
    from kennisbank.content.model import Begrip
    from kennisbank.site.pages.concept import search_tags

    loket = Begrip(voorkeursterm={"nl": "loket"}, definitie={"nl": "Een loket is een balie."},
                   alternatieve_termen={"nl": ["servicepunt"]},
                   zoektermen={"nl": ["loketten", "balie", "servicepunten"]})
    assert search_tags(loket) == ["loket", "servicepunt", "loketten", "servicepunten"]


# -- capitals, pieces of labels, tooltips and collection pages (issue 15) -----------------

CAPS = DATA / "termlinks-hoofdletters"


@pytest.fixture(scope="module")
def caps_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_project(CAPS, tmp_path_factory.mktemp("caps"))


def _index(**begrippen: dict[str, object]) -> TermIndex:
    from kennisbank.content.model import Begrip

    return TermIndex({ident: Begrip(**fields) for ident, fields in  # type: ignore[arg-type]
                      begrippen.items()})


def _found(index: TermIndex, text: str) -> list[tuple[str, str]]:
    return [(text[m.start:m.end], m.ident) for m in index.find(text)]


def test_a_zoekterm_or_alternatieve_term_with_capitals_needs_those_capitals() -> None:
    index = _index(
        programma={"voorkeursterm": {"nl": "herstelprogramma"},
                   "alternatieve_termen": {"nl": ["programma Erkenning en Herstel"]},
                   "zoektermen": {"nl": ["Erkenning en Herstel"]}},
        herstel={"voorkeursterm": {"nl": "herstel"}},
        erkenning={"voorkeursterm": {"nl": "erkenning"}})
    assert _found(index, "Erkenning en herstel") == [("Erkenning", "erkenning"),
                                                     ("herstel", "herstel")]
    assert _found(index, "erkenning en herstel") == [("erkenning", "erkenning"),
                                                     ("herstel", "herstel")]
    assert _found(index, "het Erkenning en Herstel") == [("Erkenning en Herstel", "programma")]
    # Only the label's capitals count: a small letter may be written as a capital.
    assert _found(index, "Programma Erkenning en Herstel") == [
        ("Programma Erkenning en Herstel", "programma")]
    assert _found(index, "programma erkenning en herstel") == [
        ("erkenning", "erkenning"), ("herstel", "herstel")]
    # A voorkeursterm is matched in any case (here: the start of a sentence).
    assert _found(index, "Herstelprogramma's") == [("Herstelprogramma's", "programma")]


def test_a_capitalised_label_wins_over_an_equal_one_without_capitals() -> None:
    index = _index(naam={"voorkeursterm": {"nl": "het programma"},
                         "alternatieve_termen": {"nl": ["Herstel Nu"]}},
                   ding={"voorkeursterm": {"nl": "iets"},
                         "alternatieve_termen": {"nl": ["herstel nu"]}})
    assert _found(index, "Herstel Nu") == [("Herstel Nu", "naam")]
    assert _found(index, "herstel nu") == [("herstel nu", "ding")]


def test_a_zoekterm_that_is_only_a_piece_of_a_label_does_not_link() -> None:
    index = _index(
        getroffene={"voorkeursterm": {"nl": "getroffene"},
                    "zoektermen": {"nl": ["getroffen", "getroffenen"]}},
        operatie={"voorkeursterm": {"nl": "DUO-hersteloperatie"},
                  "alternatieve_termen": {"nl": ["hersteloperatie Controle Uitwonendenbeurs"]},
                  "zoektermen": {"nl": ["uitwonendenbeurs", "Controle Uitwonendenbeurs"]}},
        voorwaarden={"voorkeursterm": {"nl": "deelnemersvoorwaarden"},
                     "zoektermen": {"nl": ["deelnemersvoorwaarde"]}})
    assert _found(index, "wie getroffen is") == []
    assert _found(index, "de getroffenen") == [("getroffenen", "getroffene")]
    assert _found(index, "de uitwonendenbeurs") == []
    assert _found(index, "de Controle Uitwonendenbeurs") == [
        ("Controle Uitwonendenbeurs", "operatie")]
    # The singular of a plural voorkeursterm is a word form, not a piece: it links.
    assert _found(index, "een deelnemersvoorwaarde") == [
        ("deelnemersvoorwaarde", "voorwaarden")]


def test_this_repositorys_topic_and_programme_are_told_apart() -> None:
    from conftest import REPO

    inhoud, _ = check(REPO)
    index = TermIndex.of(inhoud)
    topic = {m.ident for m in index.find("Erkenning en herstel is een opgave.")}
    assert "programma-erkenning-en-herstel" not in topic
    assert [m.ident for m in index.find("het programma Erkenning en Herstel")] == [
        "programma-erkenning-en-herstel"]
    assert "getroffene" not in {m.ident for m in index.find("wie getroffen is")}
    assert "duo-hersteloperatie" not in {m.ident for m in index.find("de uitwonendenbeurs")}


def test_capitals_and_pieces_on_a_built_page(caps_site: Path) -> None:
    first = [(shown, href) for href, _, shown in TERM.findall(
        _section(caps_site, "proef/index.html", "proef-met-hoofdletters"))]
    assert first == [("Erkenning", "../begrippen/erkenning/"),
                     ("herstel", "../begrippen/herstel/"),
                     ("programma Erkenning en Herstel", "../begrippen/herstelprogramma/")]
    second = [shown for _, _, shown in TERM.findall(
        _section(caps_site, "proef/index.html", "getroffen"))]
    assert second == ["getroffene", "deelnemersvoorwaarde"]  # not 'getroffen'
    third = [(shown, href) for href, _, shown in TERM.findall(
        _section(caps_site, "proef/index.html", "naam"))]
    assert third == [("Erkenning en Herstel", "../begrippen/herstelprogramma/"),
                     ("erkenning", "../begrippen/erkenning/"),
                     ("herstel", "../begrippen/herstel/")]


def test_tooltips_end_at_a_sentence_or_a_whole_word(caps_site: Path) -> None:
    tips = {shown: title for _, title, shown in _links(caps_site, "proef/index.html")}
    long = tips["programma Erkenning en Herstel"]
    assert long.endswith("…") and len(long) <= 200
    words = long[:-1].split()
    definition = (CAPS / "begrippen" / "herstelprogramma.yaml").read_text(encoding="utf-8")
    assert " ".join(definition.split()).count(" ".join(words) + " ") == 1  # whole words
    assert tips["Erkenning"] == ("Erkenning is het uitspreken dat iemand onrecht is aangedaan, "
                                 "los van herstel.")


@pytest.mark.parametrize(("definitie", "limit", "expected"), [
    ("Een loket is een plek. Daarna meer.", 200, "Een loket is een plek."),
    ("Een regeling, bijv. de kindregeling, is iets. Meer.", 200,
     "Een regeling, bijv. de kindregeling, is iets."),
    ("Schade volgens art. 6:162 BW is nadeel. Zo.", 200,
     "Schade volgens art. 6:162 BW is nadeel."),
    ("Een bedrag van ca. 30.000 euro. Meer.", 200, "Een bedrag van ca. 30.000 euro."),
    ("Het is zo. dan verder. Einde.", 200, "Het is zo. dan verder."),
    ("abc def ghi jkl mno pqr", 11, "abc def…"),
    ("abc def ghi jkl mno pqr", 12, "abc def ghi…"),
    ("abc def, ghi jkl mno pqr", 11, "abc def…"),
    ("x" * 30, 11, "x" * 10 + "…"),
])
def test_short_definition_cuts_at_boundaries(definitie: str, limit: int, expected: str) -> None:
    from kennisbank.site.tooltip import short_definition

    assert short_definition(definitie, limit) == expected


def test_a_collection_page_links_each_concept_once(caps_site: Path) -> None:
    html = (caps_site / "begrippen" / "collectie" / "kern" / "index.html").read_text(
        encoding="utf-8")
    body = html[html.index('<article'):html.index('</article>')]
    targets = re.findall(r"<a [^>]*href=\"\.\./\.\./([a-z0-9-]+)/\"", body)
    assert sorted(targets) == sorted(set(targets))  # every concept once
    assert set(targets) == {"deelnemersvoorwaarden", "erkenning", "getroffene", "herstel",
                            "herstelprogramma"}
