"""'Meld een fout of stel een vraag': the configured contact, validated; the link on every
concept page and leidraad step with the IRI (or step) and the version filled in, encoded so
hostile content cannot add headers or parameters; the hand-written pages that name it."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from playwright.sync_api import Browser

from conftest import DATA, REPO
from kennisbank.content.model import Contact
from kennisbank.site.feedback import LINK_TEXT, block, form_url, mailto
from site_fixtures import build_project, serve

HOSTILE = 'herstel & "excuses"?cc=kwaad@example.org&body=<script>x</script>\n#'
MELDEN = re.compile(r'<p class="kb-melden"><a href="([^"]+)">' + LINK_TEXT +
                    r'</a> ([^<.]*)\.(?: Liever per e-mail: <a href="([^"]+)">([^<]+)</a>)?')


def _project(tmp: Path, contact: dict[str, str]) -> Path:
    shutil.copytree(DATA / "site", tmp, dirs_exist_ok=True)
    kader = tmp / "begrippen" / "_kader.yaml"
    data = yaml.safe_load(kader.read_text(encoding="utf-8"))
    data["contact"] = contact
    kader.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    concept = tmp / "begrippen" / "excuses.yaml"
    begrip = yaml.safe_load(concept.read_text(encoding="utf-8"))
    begrip["voorkeursterm"] = HOSTILE.replace("\n", " ")
    concept.write_text(yaml.safe_dump(begrip, allow_unicode=True), encoding="utf-8")
    return tmp


@pytest.fixture(scope="module")
def mail_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _project(tmp_path_factory.mktemp("mail"), {"email": "redactie@example.nl"})
    return build_project(root, tmp_path_factory.mktemp("mailbuild"))


@pytest.fixture(scope="module")
def form_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _project(tmp_path_factory.mktemp("form"), {
        "email": "redactie@example.nl",
        "formulier": "https://example.org/issues/new?title={onderwerp}&body={tekst}"})
    return build_project(root, tmp_path_factory.mktemp("formbuild"))


def _link(site: Path, rel: str) -> re.Match[str]:
    found = MELDEN.search((site / rel).read_text(encoding="utf-8"))
    assert found, f"no feedback link on {rel}"
    return found


def _mail(href: str) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(html.unescape(href))
    assert parts.scheme == "mailto"
    return parts.path, parse_qs(parts.query, keep_blank_values=True)


def test_every_concept_page_has_a_mailto_with_iri_and_version(mail_site: Path) -> None:
    for concept in sorted((mail_site / "begrippen").glob("*/index.html")):
        ident = concept.parent.name
        if not (DATA / "site" / "begrippen" / f"{ident}.yaml").exists():
            continue  # A–Z, hierarchy, collections
        link = _link(mail_site, f"begrippen/{ident}/index.html")
        assert link.group(2) == "over dit begrip"
        address, query = _mail(link.group(1))
        assert address == "redactie@example.nl"
        assert set(query) == {"subject", "body"}
        body = query["body"][0]
        assert f"IRI: https://example.org/id/begrip/{ident}\r\n" in body
        assert "Versie van het begrippenkader: 2.0\r\n" in body
        assert body.endswith("Mijn opmerking of vraag:\r\n")


def test_hostile_terms_are_encoded_not_interpreted(mail_site: Path) -> None:
    raw = _link(mail_site, "begrippen/excuses/index.html").group(1)
    assert "<" not in raw and '"' not in raw
    href = html.unescape(raw)
    # Only the link's own separators: the term's '?', '&', '=' and '#' are percent-encoded.
    assert href.count("?") == 1 and href.count("&") == 1 and "#" not in href
    address, query = _mail(raw)
    assert address == "redactie@example.nl" and set(query) == {"subject", "body"}
    assert "cc" not in query
    term = HOSTILE.replace("\n", " ")
    assert query["subject"] == [f"Begrip ‘{term}’: melding of vraag"]
    assert f"Begrip: {term}\r\n" in query["body"][0]


def test_every_step_has_the_link_with_step_and_version(mail_site: Path) -> None:
    for step in ("signaal", "vaststellen", "besluit", "leren"):
        link = _link(mail_site, f"leidraad/{step}/index.html")
        assert link.group(2) == "over deze stap"
        _, query = _mail(link.group(1))
        body = query["body"][0]
        assert f"Id van de stap: {step}\r\n" in body
        assert "Versie van de leidraad: 1.0\r\n" in body
        assert re.search(r"Vingerafdruk: [0-9a-f]{16}\r\n", body)


def test_a_meldformulier_gets_the_link_and_the_address_is_named_beside_it(
        form_site: Path) -> None:
    link = _link(form_site, "begrippen/herstel/index.html")
    form = urlsplit(html.unescape(link.group(1)))
    assert (form.scheme, form.netloc, form.path) == ("https", "example.org", "/issues/new")
    query = parse_qs(form.query)
    assert set(query) == {"title", "body"}
    assert "IRI: https://example.org/id/begrip/herstel" in query["body"][0]
    assert link.group(4) == "redactie@example.nl"
    assert _mail(link.group(3))[0] == "redactie@example.nl"
    hostile = urlsplit(html.unescape(_link(form_site, "begrippen/excuses/index.html").group(1)))
    assert set(parse_qs(hostile.query)) == {"title", "body"} and hostile.fragment == ""


def test_the_encoding_itself() -> None:
    url = mailto("a@example.nl", "x & y", "regel 1\nregel 2?")
    assert url == "mailto:a@example.nl?subject=x%20%26%20y&body=regel%201%0D%0Aregel%202%3F"
    assert unquote(url.split("body=")[1]) == "regel 1\r\nregel 2?"
    assert form_url("https://e.org/n?t={onderwerp}&b={tekst}", "a/b", "c d") == \
        "https://e.org/n?t=a%2Fb&b=c%20d"
    assert block(Contact(), "onderwerp", [("IRI", "x")], "over dit begrip") == []


def test_without_a_contact_there_is_no_link(tmp_path_factory: pytest.TempPathFactory) -> None:
    site = build_project(DATA / "termlinks-hoofdletters", tmp_path_factory.mktemp("geen"))
    page = (site / "begrippen" / "herstel" / "index.html").read_text(encoding="utf-8")
    assert "kb-melden" not in page and LINK_TEXT not in page


def test_the_pages_about_the_site_state_the_configured_channel() -> None:
    kader = yaml.safe_load((REPO / "begrippen" / "_kader.yaml").read_text(encoding="utf-8"))
    address = kader["contact"]["email"]
    for page in ("over.md", "over-deze-begrippen.md", "toegankelijkheid.md"):
        text = " ".join((REPO / "docs" / page).read_text(encoding="utf-8").split())
        assert f"mailto:{address}" in text, page
        assert LINK_TEXT in text, page  # and they tell readers the link on every page


# -- in a real browser -----------------------------------------------------------------

@pytest.fixture(scope="module")
def base_url(mail_site: Path) -> Iterator[str]:
    yield from serve(mail_site)


@pytest.mark.parametrize(("path", "expected"), [
    ("begrippen/herstel/", "IRI: https://example.org/id/begrip/herstel"),
    ("begrippen/excuses/", "IRI: https://example.org/id/begrip/excuses"),
    ("leidraad/signaal/", "Id van de stap: signaal"),
])
def test_the_link_in_chromium(browser: Browser, base_url: str, path: str,
                              expected: str) -> None:
    from test_browser import axe_violations

    page = browser.new_page(locale="nl-NL")
    try:
        page.goto(base_url + path)
        link = page.get_by_role("link", name=LINK_TEXT)
        assert link.count() == 1
        href = link.get_attribute("href") or ""
        address, query = _mail(href)
        assert address == "redactie@example.nl" and set(query) == {"subject", "body"}
        assert expected in query["body"][0]
        assert axe_violations(page) == []
    finally:
        page.close()
