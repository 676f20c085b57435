"""The term-link extension in any Python-Markdown pipeline, without `kennisbank build`: it
loads the term index itself, from the data file the generator writes or from the content."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import markdown
import pytest

from conftest import DATA
from kennisbank.checks.pipeline import check
from kennisbank.site import termlinks
from kennisbank.site.generate import generate

TERM = re.compile(r'<a class="kb-term" href="([^"]+)" title="([^"]*)">([^<]+)</a>')
TEXT = "De gedupeerden kregen loketten voor hun aanvullende schade en een VSO."


@pytest.fixture(autouse=True)
def no_handed_over_terms() -> Iterator[None]:
    """As in another process: nothing was handed over with `use`."""
    termlinks.use(None)
    termlinks._LOADED.clear()
    yield
    termlinks.use(None)
    termlinks._LOADED.clear()


def _render(text: str, **config: str) -> list[tuple[str, str, str]]:
    md = markdown.Markdown(extensions=[termlinks.TermLinksExtension(**config)])
    return TERM.findall(md.convert(text))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(DATA / "termlinks", tmp_path / "p")
    return tmp_path / "p"


def test_a_plain_pipeline_links_terms_from_the_content_root(project: Path) -> None:
    links = _render(TEXT, root=str(project))
    assert [(href, text) for href, _, text in links] == [
        ("/begrippen/gedupeerde.md", "gedupeerden"), ("/begrippen/loket.md", "loketten"),
        ("/begrippen/aanvullende-schade.md", "aanvullende schade"),
        ("/begrippen/vaststellingsovereenkomst.md", "VSO")]
    assert links[1][1] == "Een loket is een plek waar een gedupeerde terechtkan."


def test_the_data_file_gives_the_same_links_as_the_content(project: Path) -> None:
    from_content = _render(TEXT, root=str(project))
    inhoud, _ = check(project)
    generate(inhoud, project / "docs")
    termlinks.use(None)  # generate hands its terms over; another process has only the file
    data_file = project / "docs" / termlinks.DATA_FILE
    assert json.loads(data_file.read_text(encoding="utf-8"))["formaat"] == \
        "kennisbank-termlinks"
    shutil.rmtree(project / "begrippen")  # so only the file can be the source
    assert _render(TEXT, root=str(project)) == from_content
    assert _render(TEXT, data=str(data_file)) == from_content


def test_a_changed_data_file_is_read_again(project: Path) -> None:
    inhoud, _ = check(project)
    generate(inhoud, project / "docs")
    termlinks.use(None)
    data_file = project / "docs" / termlinks.DATA_FILE
    assert _render(TEXT, root=str(project))[1][1].startswith("Een loket is")
    raw = json.loads(data_file.read_text(encoding="utf-8"))
    raw["tooltips"]["loket"] = "Een nieuwe uitleg."
    data_file.write_text(json.dumps(raw), encoding="utf-8")
    stat = data_file.stat()
    os.utime(data_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert _render(TEXT, root=str(project))[1][1] == "Een nieuwe uitleg."


def test_no_content_no_links(tmp_path: Path) -> None:
    assert _render(TEXT, root=str(tmp_path)) == []


def test_a_page_path_makes_links_relative_to_the_page(project: Path) -> None:
    """Under an engine the page's own path is known (MkDocs' link processor, Zensical's
    rendering context): links are relative .md links, which both engines resolve."""
    from zensical.extensions.context import ContextExtension, Page

    page = Page(url="leidraad/stap/", path="leidraad/stap.md")
    md = markdown.Markdown(extensions=[ContextExtension(page=page, config={}),
                                       termlinks.TermLinksExtension(root=str(project))])
    hrefs = [href for href, _, _ in TERM.findall(md.convert(TEXT))]
    assert hrefs[0] == "../begrippen/gedupeerde.md"
    own = Page(url="begrippen/loket/", path="begrippen/loket.md")
    md = markdown.Markdown(extensions=[ContextExtension(page=own, config={}),
                                       termlinks.TermLinksExtension(root=str(project))])
    hrefs = [href for href, _, _ in TERM.findall(md.convert(TEXT))]
    assert "../begrippen/loket.md" not in hrefs and "../begrippen/gedupeerde.md" in hrefs
