"""Term links over labels that hold '&': 'programma Erkenning & Herstel' is one link to the
programme, never links to erkenning and herstel, whether the '&' comes from content
(escaped by markup.text) or is written in a page as '&' or '&amp;'."""

from __future__ import annotations

import re
from collections.abc import Iterator

import markdown
import pytest

from kennisbank.content.model import Begrip
from kennisbank.site import termlinks
from kennisbank.site.markup import text
from kennisbank.site.termlinks import TermLinksExtension, Terms

LINK = re.compile(r'<a class="kb-term" href="/begrippen/([a-z-]+)\.md" title="[^"]*">(.*?)</a>')


def _begrip(ident: str, term: str, zoektermen: list[str] | None = None) -> Begrip:
    return Begrip(id=ident, voorkeursterm={"nl": term}, alternatieve_termen={},
                  zoektermen={"nl": zoektermen} if zoektermen else {},
                  definitie={"nl": f"De definitie van {term}."})


@pytest.fixture
def render() -> Iterator[object]:
    from kennisbank.content.termen import TermIndex

    begrippen = {b.id: b for b in [
        _begrip("erkenning", "erkenning"), _begrip("herstel", "herstel"),
        _begrip("programma-erkenning-en-herstel", "programma Erkenning & Herstel",
                ["Erkenning & Herstel"]),
        _begrip("r-en-d", "R&D"), _begrip("kaart", "kaart")]}
    termlinks.use(Terms(TermIndex(begrippen), {i: f"uitleg {i}" for i in begrippen}))
    yield lambda source: LINK.findall(markdown.markdown(source,
                                                        extensions=[TermLinksExtension()]))
    termlinks.use(None)


def test_content_with_an_ampersand_links_the_longest_term(render) -> None:  # type: ignore[no-untyped-def]
    links = render(text("Het programma Erkenning & Herstel werkt aan erkenning."))
    assert links == [("programma-erkenning-en-herstel", "programma Erkenning &amp; Herstel"),
                     ("erkenning", "erkenning")]


@pytest.mark.parametrize("written", ["Erkenning & Herstel", "Erkenning &amp; Herstel",
                                     "Erkenning &#38; Herstel", "Erkenning &#x26; Herstel"])
def test_a_page_may_write_the_ampersand_as_a_reference(render, written: str) -> None:  # type: ignore[no-untyped-def]
    links = render(f"Over het programma {written}, en over herstel.")
    assert [ident for ident, _ in links] == ["programma-erkenning-en-herstel", "herstel"]
    assert links[0][1].startswith("programma Erkenning &") and links[0][1].endswith(" Herstel")


def test_a_label_with_an_ampersand_between_letters(render) -> None:  # type: ignore[no-untyped-def]
    assert render(text("Geld voor R&D en een kaart.")) == [("r-en-d", "R&amp;D"),
                                                            ("kaart", "kaart")]


def test_other_raw_html_still_guards_its_place(render) -> None:  # type: ignore[no-untyped-def]
    # An inline tag is raw HTML: never part of a term, and the words around it still link.
    links = render("Erkenning <b>en</b> herstel; programma Erkenning <i>&</i> Herstel.")
    assert ("programma-erkenning-en-herstel", "programma Erkenning &amp; Herstel") not in links
    assert [ident for ident, _ in links][:2] == ["erkenning", "herstel"]


@pytest.mark.parametrize("value", ["a &lt; b", "a &amp; b", "&#60;script&#62;", "<b>x</b> & y"])
def test_text_stays_literal(value: str) -> None:
    """Whatever the content holds is shown as written: a reference in content is text."""
    rendered = markdown.markdown(text(value))
    from html import unescape

    assert unescape(re.sub(r"</?p>", "", rendered)) == value
