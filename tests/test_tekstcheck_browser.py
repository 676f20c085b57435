"""The page Tekst controleren (docs/tekstcheck.md, docs/assets/tekstcheck.js) in headless
Chromium on the fixture site, under both engines: the shared vectors give what Python gives,
the text is marked and linked, ontraden and verouderde terms are flagged, the text never
leaves the page, keyboard and axe, 390 px, and 5,000 words within 200 ms."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from browser_support import axe_violations
from kennisbank.cli.tekst import index_of
from test_tekst import ROOT, VECTORS


def _open(page: Page, base_url: str) -> Page:
    page.goto(base_url + "tekstcheck/")
    page.wait_for_function("() => window.kennisbankTekstcheck && window.kennisbankTekstcheck.klaar")
    return page


def test_shared_vectors(page: Page, base_url: str) -> None:
    data = index_of(ROOT).data()
    cases = VECTORS["gevallen"]
    got = _open(page, base_url).evaluate(
        "([texts, data]) => texts.map(t => window.kennisbankTekstcheck.vind(t, data))",
        [[c["tekst"] for c in cases], data])
    wrong = [(c["naam"], c["vondsten"], js) for c, js in zip(cases, got, strict=True)
             if js != c["vondsten"]]
    assert wrong == []


def test_markdown_prose_is_the_same_as_python(page: Page, base_url: str) -> None:
    from kennisbank.checks.tekst import markdown_prose

    text = "---\na: b\n---\nx `code` <b>y</b> [z](http://q)\n```\nfence\n```\nend {: #id }"
    got = _open(page, base_url).evaluate("t => window.kennisbankTekstcheck.markdownProse(t)", text)
    assert got == markdown_prose(text)


def test_markdown_blanking_is_linear_in_the_browser_too(page: Page, base_url: str) -> None:
    """300,000 '<' and 100,000 '[a](' on one line: the old pattern froze the tab."""
    opened = _open(page, base_url)
    ms = opened.evaluate("""() => { const t0 = performance.now();
        const a = window.kennisbankTekstcheck.markdownProse("<".repeat(300000) + "\\nx");
        const b = window.kennisbankTekstcheck.markdownProse("[a](".repeat(100000));
        return a.length + b.length > 0 ? performance.now() - t0 : -1; }""")
    assert 0 <= ms < 30_000  # a hang limit, not a timing target


MARKER = "Kwartelkoning-7319"
TEXT = (f"Beste {MARKER},\n\nHet herstel begint met erkenning. Een schadeloosstelling is niet "
        "genoeg,\nen een spijtbetuiging ook niet: wij bieden excuses.")


def test_check_a_text_by_keyboard_and_it_never_leaves_the_page(page: Page, base_url: str) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(f"{r.url}\n{r.post_data or ''}"))
    _open(page, base_url)
    box = page.get_by_label("Uw tekst", exact=True)
    box.focus()
    page.keyboard.insert_text(TEXT)
    page.keyboard.press("Control+Enter")
    status = page.locator("#kb-tekst-status")
    expect(status).to_have_text(re.compile(r"^5 termen gevonden, van 4 begrippen; 2 "
                                           r"waarschuwingen en 0 tips\.$"))
    view = page.locator("#kb-tekst-weergave")
    assert view.inner_text() == TEXT
    links = view.get_by_role("link")
    assert links.all_inner_texts() == ["herstel", "erkenning", "schadeloosstelling",
                                       "spijtbetuiging", "excuses"]
    assert (links.first.get_attribute("href") or "").endswith("/begrippen/herstel/")
    attention = page.locator("#kb-tekst-aandacht li").all_inner_texts()
    assert attention == ["Waarschuwing: regel 3, “schadeloosstelling” wordt afgeraden; "
                         "gebruik herstel.",
                         "Waarschuwing: regel 4, “spijtbetuiging” is verouderd; gebruik "
                         "excuses."]
    concepts = page.locator("#kb-tekst-begrippen li").all_inner_texts()
    assert [c.split(" (")[0] for c in concepts] == ["erkenning", "excuses", "herstel",
                                                   "spijtbetuiging"]
    assert concepts[2].startswith("herstel (2×): Herstel is het geheel van maatregelen")
    # The definition on focus, gone with Escape.
    view.get_by_role("link", name="schadeloosstelling (ontraden)").focus()
    tip = page.get_by_role("tooltip")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("wordt afgeraden; gebruik herstel.")
    expect(tip).to_contain_text("Herstel is het geheel van maatregelen")
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    # Nothing but the page and its files was fetched, and no request carries the text.
    assert requests and not [r for r in requests if MARKER.casefold() in r.casefold()]
    assert axe_violations(page) == []


def test_open_a_markdown_file_at_390_px(page: Page, base_url: str, tmp_path: Path) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    _open(page, base_url)
    path = tmp_path / "brief.md"
    path.write_text("# Erkenning\n\n`herstel` in code telt niet, herstel wel.\n", encoding="utf-8")
    page.get_by_label("Of open een bestand (.txt of .md)").set_input_files(str(path))
    expect(page.locator("#kb-tekst-status")).to_have_text(re.compile(r"^2 termen gevonden"))
    assert page.locator("#kb-tekst-weergave").get_by_role("link").all_inner_texts() == [
        "Erkenning", "herstel"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    wrong = tmp_path / "brief.pdf"
    wrong.write_bytes(b"%PDF")
    page.get_by_label("Of open een bestand (.txt of .md)").set_input_files(str(wrong))
    expect(page.locator("#kb-tekst-status")).to_have_text(re.compile("Kies een .txt- of "
                                                                      ".md-bestand"))


def test_five_thousand_words_within_200_ms(page: Page, base_url: str) -> None:
    sentence = ("Het herstel van gedupeerden begint met erkenning en excuses, en een "
                "spijtbetuiging of schadeloosstelling past daar niet bij volgens de brief. ")
    text = sentence * (5000 // len(sentence.split()) + 1)
    _open(page, base_url)
    page.get_by_label("Uw tekst", exact=True).fill(text)
    elapsed = page.evaluate("""() => new Promise(resolve => {
        const status = document.getElementById("kb-tekst-status");
        const start = performance.now();
        new MutationObserver((_, observer) => { observer.disconnect();
            resolve(performance.now() - start); }).observe(status, {childList: true,
            characterData: true, subtree: true});
        document.querySelector("#kb-tekst-formulier button[type=submit]").click();
    })""")
    scan = page.evaluate("window.kennisbankTekstcheck.laatsteDuur")
    print(f"5,000+ words: {len(text.split())} words, results shown {elapsed:.0f} ms after "
          f"Controleer (scan and render {scan:.0f} ms)")
    assert elapsed < 200
    assert json.dumps(text[:10])  # the text itself stayed in the page (see the test above)


def test_the_concept_page_says_which_words_to_avoid(page: Page, base_url: str) -> None:
    page.goto(base_url + "begrippen/herstel/")
    expect(page.get_by_text("Gebruik liever niet:")).to_have_text(
        "Gebruik liever niet: schadeloosstelling. Gebruik herstel.")
    page.goto(base_url + "begrippen/")
    nav = page.get_by_role("link", name="Tekst controleren")
    assert nav.count() >= 1
