"""A hand-written page's front matter that the theme prints raw (the second attack on round
two: a `description` that closed its attribute and ran a script before the policy)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import DATA

PAYLOAD = '"><script>window.PWNED=1</script><meta name="x" content="'


# The column is where the YAML value starts. The later cases are the third attack's ways around
# a line-based rule: a block scalar, YAML escapes, a quoted key, a title, our own keys.
@pytest.mark.parametrize("front, line, column", [
    (f"description: '{PAYLOAD}'", 2, 14),
    ('author: "Jan <b>de</b> Vries"', 2, 9),
    ('description: "Zij zei \\"ja\\""', 2, 14),
    (f"description: |\n  {PAYLOAD}", 2, 14),
    ('description: "\\x22\\x3e\\x3cscript\\x3e"', 2, 14),
    (f"\"description\": '{PAYLOAD}'", 2, 16),
    ("title: 'Een <titel>'", 2, 8),
    ("kennisbank_begrip: {turtle: '\"><script src=x></script>', jsonld: x}", 2, 29),
])
def test_a_raw_front_matter_value_with_markup_is_refused(
        run_cli, tmp_path: Path, front: str, line: int, column: int) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "inhoud"
    shutil.copytree(DATA / "geldig", root)
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "pagina.md").write_text(f"---\n{front}\n---\n# Een pagina\n",
                                              encoding="utf-8")
    code, out, _ = run_cli("check", "--root", str(root))
    assert code == 1
    assert f"docs/pagina.md:{line}:{column}: fout [onveilige-paginagegevens]" in out


@pytest.mark.parametrize("front", ["description: Erkenning & Herstel in het kort",
                                   "description: 'Wat de leidraad is; en wat niet'",
                                   "title: Een gewone titel"])
def test_ordinary_front_matter_passes(run_cli, tmp_path: Path, front: str) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "inhoud"
    shutil.copytree(DATA / "geldig", root)
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "pagina.md").write_text(f"---\n{front}\n---\n# Een pagina\n",
                                              encoding="utf-8")
    code, out, _ = run_cli("check", "--root", str(root))
    assert "onveilige-paginagegevens" not in out


@pytest.mark.parametrize("front", [
    "x: &kwaad 'tekst'\nauthor: *kwaad",                 # an anchor and an alias
    "<<: {description: '\"><script src=x></script>'}",  # a merge key's values count
])
def test_anchors_aliases_and_merge_keys_are_read(run_cli, tmp_path: Path, front: str) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "inhoud"
    shutil.copytree(DATA / "geldig", root)
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "pagina.md").write_text(f"---\n{front}\n---\n# Een pagina\n",
                                              encoding="utf-8")
    code, out, _ = run_cli("check", "--root", str(root))
    assert code == 1 and "onveilige-paginagegevens" in out


@pytest.mark.parametrize("opening, closing", [("\ufeff---", "---"), ("---  ", "..."),
                                              ("---", "...")])
def test_the_front_matter_is_found_as_mkdocs_finds_it(
        run_cli, tmp_path: Path, opening: str, closing: str) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "inhoud"
    shutil.copytree(DATA / "geldig", root)
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "pagina.md").write_text(
        f"{opening}\ndescription: '{PAYLOAD}'\n{closing}\n# Een pagina\n", encoding="utf-8")
    code, out, _ = run_cli("check", "--root", str(root))
    assert code == 1 and "onveilige-paginagegevens" in out


# -- markup that runs or loads something (issue 24: a contributor's script) -------------------
# Each case is one way of writing it; the position is where the check points in the page. The
# later cases are the bypasses tried on the rule itself: case, character references, HTML
# comments the parser and the browser read differently, raw text elements, reference links,
# attr_list, md_in_html, and front matter MkDocs renders as the page after all.

@pytest.mark.parametrize("page, line, column", [
    ('<script src="../kwaad.js"></script>', 1, 1),
    ("<SCRIPT SRC=kwaad.js></SCRIPT>", 1, 1),
    ("<svg><script href=kwaad.js></script></svg>", 1, 6),
    ("Een alinea\n{: onclick=\"alert(1)\" }", 2, 4),
    ("# Kop {: onmouseover=alert(1) }", 1, 10),
    ("[klik](javascript:alert(1))", 1, 8),
    ("[klik][r]\n\n[r]: jav&#x09;ascript&colon;alert(1)", 3, 9),
    ('<a href="&#106;avascript:alert(1)">x</a>', 1, 10),
    ("<!--><img src=x onerror=alert(1)>-->", 1, 17),
    ("<noscript><p title=\"</noscript><img alt='>' src=x onerror=alert(1)>\"></noscript>", 1, 51),
    ('<div markdown="1">\n*x* <iframe src="https://example.org"></iframe>\n</div>', 2, 5),
    ('<object data="kwaad.swf"></object>', 1, 1),
    ('<embed src="kwaad.swf">', 1, 1),
    ('<base href="https://example.org/">', 1, 1),
    ('<meta http-equiv="refresh" content="0;url=https://example.org">', 1, 1),
    ('<form action="https://example.org"><button>x</button></form>', 1, 7),
    ('<button formaction="https://example.org">x</button>', 1, 9),
    ("<img/src=x/onerror=alert(1)>", 1, 12),
    ("---\nx: [kapot\n<script src=kwaad.js></script>\n---\n# Kop", 3, 1),
    ("---\n- een lijst\n- <script src=kwaad.js></script>\n---\n# Kop", 3, 3),
])
def test_markup_that_runs_or_loads_something_is_refused(
        run_cli, tmp_path: Path, page: str, line: int, column: int) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "inhoud"
    shutil.copytree(DATA / "geldig", root)
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "pagina.md").write_text(page + "\n", encoding="utf-8")
    code, out, _ = run_cli("check", "--root", str(root))
    assert code == 1
    assert f"docs/pagina.md:{line}:{column}: fout [onveilige-html]" in out, out


@pytest.mark.parametrize("page", [
    "Tekst met `<script>` in code, `onclick` en een [link](https://example.org).",
    "```html\n<script src=\"x.js\"></script>\n```",
    "    <iframe src=x></iframe>",
    "Gewone tekst met <b>vet</b>, een <a href=\"https://example.org\">link</a> en on = 3.",
    '<form id="f" hidden><textarea id="t"></textarea><noscript><p>x</p></noscript></form>',
    "---\ntitle: Een titel\nsearch:\n  exclude: true\n---\n# Kop",
])
def test_ordinary_markup_passes(run_cli, tmp_path: Path, page: str) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "inhoud"
    shutil.copytree(DATA / "geldig", root)
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "pagina.md").write_text(page + "\n", encoding="utf-8")
    code, out, _ = run_cli("check", "--root", str(root))
    assert "onveilige-html" not in out and "docs/pagina.md" not in out, out


@pytest.mark.parametrize("page, line, column, code", [
    # MultiMarkdown-style data, which MkDocs reads when there is no YAML front matter.
    ('Description: "><script src=x.js></script>\n\n# Kop', 1, 14,
     "onveilige-paginagegevens"),
    ("template: redirect.html\nlocation: https://example.org/\n\n# Kop", 1, 1,
     "onveilige-paginagegevens"),
    ("Titel: x\nAuthor: Jan\n    de \"Vries\"\n\n# Kop", 3, 5, "onveilige-paginagegevens"),
    ("---\ntemplate: redirect.html\nlocation: https://example.org/\n---\n# Kop", 2, 1,
     "onveilige-paginagegevens"),
    ("---\n<<: {template: redirect.html}\n---\n# Kop", 2, 6, "onveilige-paginagegevens"),
    # Nested deeper than the parsers go: a finding, not "interne fout".
    ("- " * 2000 + "x", 1, 1, "te-diep-genest"),
])
def test_page_data_and_nesting_the_engine_reads_differently(
        run_cli, tmp_path: Path, page: str, line: int, column: int, code: str) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "inhoud"
    shutil.copytree(DATA / "geldig", root)
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "pagina.md").write_text(page + "\n", encoding="utf-8")
    exit_code, out, _ = run_cli("check", "--root", str(root))
    assert exit_code == 1
    assert f"docs/pagina.md:{line}:{column}: fout [{code}]" in out, out


def test_front_matter_nested_too_deep_is_no_internal_error(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "inhoud"
    shutil.copytree(DATA / "geldig", root)
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "pagina.md").write_text(
        "---\ndescription: " + "[" * 3000 + "]" * 3000 + "\n---\n# Kop\n", encoding="utf-8")
    code, out, err = run_cli("check", "--root", str(root))
    assert "interne fout" not in out + err
    assert code in (0, 1)
