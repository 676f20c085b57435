"""Only content is term-linked: the site's own sentences ('Download dit begrip als …', the A–Z
and hierarchy introductions, the status box, the count on a collection page), a concept's own
labels under 'Andere termen', and another organisation's definition under 'In andere
begrippenkaders' get no term links, even in a vocabulary that defines *begrip* and
*voorkeursterm*."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import DATA
from site_fixtures import build_project

TERM = re.compile(r'<a class="kb-term" href="[^"]*" title="[^"]*">([^<]+)</a>')


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("inhoud") / "site"
    shutil.copytree(DATA / "site", content)
    (content / "begrippen" / "begrip.yaml").write_text(
        "voorkeursterm: begrip\n"
        "definitie: Eenheid van denken die met een term wordt aangeduid.\n"
        "status: vastgesteld\n", encoding="utf-8")
    (content / "begrippen" / "voorkeursterm.yaml").write_text(
        "voorkeursterm: voorkeursterm\n"
        "definitie: De term die de voorkeur heeft om een begrip aan te duiden.\n"
        "status: vastgesteld\n", encoding="utf-8")
    vocabulary = content / "vocabulaires" / "uwv.jsonld"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace(
        "Uitspreken dat het de organisatie spijt.",
        "Uitspreken dat het de organisatie spijt, als excuses of als herstel."),
        encoding="utf-8")
    return build_project(content, tmp_path_factory.mktemp("project"))


def _terms(html: str) -> list[str]:
    return TERM.findall(html)


def _between(html: str, start: str, end: str) -> str:
    begin = html.index(start)
    stop = html.find(end, begin + len(start))
    return html[begin:stop if stop != -1 else None]


def test_concept_page_interface_is_not_linked(site: Path) -> None:
    page = (site / "begrippen" / "herstel" / "index.html").read_text(encoding="utf-8")
    assert "Download dit begrip als" in page
    assert "begrip" not in _terms(_between(page, 'id="gegevens"', "</article>"))
    # 'begrip' occurs in the definition of voorkeursterm: content, so linked there
    other = (site / "begrippen" / "voorkeursterm" / "index.html").read_text(encoding="utf-8")
    assert "begrip" in _terms(other)


def test_status_box_and_own_labels_are_not_linked(site: Path) -> None:
    page = (site / "begrippen" / "spijtbetuiging" / "index.html").read_text(encoding="utf-8")
    box = _between(page, 'class="admonition', "</div>")
    assert "Verouderd" in box and _terms(box) == []


def test_another_organisations_definition_is_not_linked(site: Path) -> None:
    page = (site / "begrippen" / "spijtbetuiging" / "index.html").read_text(encoding="utf-8")
    section = _between(page, 'id="in-andere-begrippenkaders"', "<h2")
    assert "als excuses of als herstel" in section
    assert _terms(section) == []


@pytest.mark.parametrize("rel", ["begrippen/index.html", "begrippen/hierarchie/index.html"])
def test_index_introductions_are_not_linked(site: Path, rel: str) -> None:
    page = (site / rel).read_text(encoding="utf-8")
    intro = _between(page, "<h1", "<h2")
    assert "begrip" in intro and _terms(intro) == []
