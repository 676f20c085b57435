"""The check of a finished build (`site.security.unsafe_pages`) on what a browser may open as
a document of the site besides its pages: SVG images and XML files (issue 24, seventh
attack: an SVG with a script was published when `check` was bypassed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kennisbank.site.security import CSP_META, site_entries, unsafe_pages

PAGE = (f'<!doctype html><html lang="nl"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP_META}"></head>'
        "<body><p>Hallo</p></body></html>")


@pytest.mark.parametrize(("name", "text"), [
    ("plaatje.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("plaatje.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ("assets/a.svg", '<svg><a href="javascript:alert(1)"><text>x</text></a></svg>'),
    ("a.svg", "<svg><foreignObject><p>html</p></foreignObject></svg>"),
    ("feed.xml", '<feed><x:script xmlns:x="http://www.w3.org/1999/xhtml"/><script>a</script>'
                 "</feed>"),
])
def test_a_built_svg_or_xml_with_a_script_stops_the_build(tmp_path: Path, name: str,
                                                          text: str) -> None:
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(text, encoding="utf-8")
    problems = list(unsafe_pages(tmp_path))
    assert len(problems) == 1 and problems[0].startswith(f"{name}:1: "), problems


def test_plain_svg_and_xml_pass(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="4" '
        'fill="#154273"/><title>Logo met tekst over het onderwerp</title></svg>',
        encoding="utf-8")
    (tmp_path / "feed.xml").write_text(
        "<feed><entry><summary>&lt;script&gt; is tekst hier, en javascript: ook"
        "</summary></entry></feed>", encoding="utf-8")
    assert list(unsafe_pages(tmp_path)) == []


def test_site_entries_are_sorted_as_paths_folder_by_folder(tmp_path: Path) -> None:
    for rel in ("a/b.html", "a-c/d.html", "a.b", "a/z/y.ttl", "ab", "B/x"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    (tmp_path / "a" / "naar-b").symlink_to("../B")
    entries = site_entries(tmp_path)
    assert [rel for rel, _ in entries] == sorted((rel for rel, _ in entries),
                                                 key=lambda rel: rel.split("/"))
    assert [rel for rel, _ in entries][:6] == ["B", "B/x", "a", "a/b.html", "a/naar-b", "a/z"]
    assert dict(entries) == {"B": "dir", "B/x": "file", "a": "dir", "a/b.html": "file",
                             "a/naar-b": "link", "a/z": "dir", "a/z/y.ttl": "file",
                             "a-c": "dir", "a-c/d.html": "file", "a.b": "file", "ab": "file"}
