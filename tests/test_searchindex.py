"""The search index the generator writes (src/kennisbank/searchindex.py)."""

from __future__ import annotations

import json
import re

import jsonschema

from conftest import DATA, REPO
from kennisbank.content.jsonschemas import DOWNLOADS, json_schema, rendered
from kennisbank.content.load import load
from kennisbank.core.text import search_key as normalise
from kennisbank.site import searchindex, searchlabels
from kennisbank.site.generate import Site
from kennisbank.site.searchindex import ALT, HIDDEN, NOTATION, PREF, shard, stem, stems
from search_support import label_rows


def _output() -> dict[str, bytes]:
    inhoud, _ = load(DATA / "site")
    return Site(inhoud).generate().files


def test_shipped_download_schema_is_up_to_date() -> None:
    for name in DOWNLOADS:
        shipped = (REPO / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
        assert shipped == rendered(name), "run `make schemas` and commit the result"


def test_label_download_follows_its_schema() -> None:
    data = json.loads(_output()["downloads/termen.json"])
    jsonschema.Draft202012Validator(json_schema("termen")).validate(data)
    by_label = {(r["sleutel"], r["soort"]): r for r in data["termen"]}
    sorry = by_label[("sorry b vet b", "alternatieve term")]
    assert sorry["label"] == "sorry <b>vet</b>"  # as written: a JSON string, not HTML
    assert sorry["iri"].endswith("/excuses") and sorry["voorkeursterm"] == "excuses"
    assert sorry["pagina"] == "begrippen/excuses/"
    assert ("rechtzetting", "zoekterm") in by_label
    broken = dict(data, termen=[dict(data["termen"][0], soort="synoniem")])
    assert list(jsonschema.Draft202012Validator(json_schema("termen")).iter_errors(broken))


def test_labels_are_sorted_and_hidden_ones_have_no_display_form() -> None:
    files = _output()
    index = json.loads(files["zoeken/labels.json"])
    assert index["versie"] == 4 and "labels" not in index  # the labels are in the shards
    for name in index["delen"]:
        entries = json.loads(files[f"zoeken/labels-{name}.json"])
        assert entries == sorted(entries, key=lambda e: (e[0], e[1], e[2], e[3]))
    rows = label_rows(files)
    hidden = [row for row in rows if row[2] == HIDDEN]
    assert hidden and all(len(row) == 3 for row in hidden)
    assert "rechtzetting" in {row[0] for row in hidden}
    terms = [b[1] for b in index["begrippen"]]
    assert "herstel" in terms
    assert any(p[0] == "leidraad/signaal/" for p in index["paginas"])
    assert "zoeken/definities-0.json" in files


def test_full_text_shards_hold_every_stem_once() -> None:
    files = _output()
    seen: set[str] = set()
    for name, data in files.items():
        if name.startswith("zoeken/tekst-"):
            for word_stem, postings in json.loads(data).items():
                assert f"zoeken/tekst-{shard(word_stem)}.json" == name
                assert word_stem not in seen and postings == sorted(postings)
                seen.add(word_stem)
    assert stem("erkenning") in seen


def test_normalise_and_stem() -> None:
    assert normalise("Immateriële  Schade") == "immateriele schade"
    assert normalise("VSO's") == "vso s"
    assert stem("kwijtschelding") == stem("kwijtschelden") == "kwijtscheld"
    assert stem("erkenning") == stem("erkennen")
    assert stem("mogelijkheden") == stem("mogelijkheid")
    # A separable verb written apart finds its noun: 'kwijt te schelden', kwijtschelding.
    assert stem("kwijtschelding") in stems("om schulden kwijt te schelden")


def test_label_lookup_example_in_the_docs() -> None:
    """The jq example in dev/site.md ('Labels for machines'), on this repository's own
    content."""
    from kennisbank.site.searchindex import label_download

    inhoud, _ = load(REPO)
    data = json.loads(label_download(inhoud))
    found = [f"{r['iri']} {r['voorkeursterm']} ({r['soort']}, {r['status']})"
             for r in data["termen"] if r["sleutel"] == normalise("UHT")]
    doc = (REPO / "dev" / "site.md").read_text(encoding="utf-8")
    assert 'select(.sleutel == "uht")' in doc
    assert found and all(line in doc for line in found)


def test_index_texts_are_plain_text_never_html_escaped() -> None:
    """zoeken.js inserts every text with textContent: an '&' or a tag in a definition or a
    page is stored as written, so it shows once and literally (issue 24)."""
    from kennisbank.content.model import Inhoud
    from kennisbank.site.searchindex import Document, documents, first_sentence

    assert first_sentence("Erkenning & Herstel <b>vet</b> doet iets. Meer.") == \
        "Erkenning & Herstel <b>vet</b> doet iets."
    # In a page '<b>' is markup and '&lt;' an entity: the summary holds what a reader sees.
    pages = {"over.md": "# Over\n\nHet programma Erkenning & Herstel <b>helpt</b> &lt;i&gt;. "
                        "Meer.\n"}
    found: list[Document] = documents(Inhoud(paginas=pages))
    assert found[0].summary == "Het programma Erkenning & Herstel helpt <i>."
    files = _output()
    index = json.loads(files["zoeken/labels.json"])
    for row in index["paginas"]:
        assert "&amp;" not in row[3] and "&lt;" not in row[3], row
    for name, data in files.items():
        if name.startswith("zoeken/definities-"):
            assert "&amp;" not in data.decode() and "&lt;" not in data.decode()


def test_page_summaries_keep_underscores_and_stars_that_are_text() -> None:
    from kennisbank.content.model import Inhoud
    from kennisbank.site.searchindex import documents

    page = ("---\ntitle: Namen\n---\n# Namen\n\nHet veld `kb_status` en de naam **snake_case**, "
            "_nadruk_, __vet__, 2 * 3 * 4 en een [link](x.md) met \\*sterren\\*. Verder.\n")
    summary = documents(Inhoud(paginas={"namen.md": page}))[0].summary
    assert summary == ("Het veld kb_status en de naam snake_case, nadruk, vet, 2 * 3 * 4 en "
                       "een link met *sterren*.")


def test_page_addresses_in_the_index_are_relative_paths_only() -> None:
    """A hand-written page named 'javascript:…' must not give that href (issue 24)."""
    from kennisbank.content.model import Inhoud
    from kennisbank.site.searchindex import documents

    pages = {"javascript:alert(1).md": "# x\n", "//evil.example/x.md": "# y\n",
             "a b/c#d.md": "# z\n", "over/index.md": "# Over\n"}
    urls = {d.title: d.url for d in documents(Inhoud(paginas=pages))}
    assert urls["x"] == "javascript%3Aalert(1)/"
    assert urls["z"] == "a%20b/c%23d/" and urls["Over"] == "over/"
    for url in urls.values():
        assert not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|[/\\]", url), url


def test_every_suffix_is_in_the_one_shard_its_first_letters_name() -> None:
    """The shards are the leaves of a trie: each entry's suffix starts with its shard's name
    (as `shard` writes it), no name is the start of another, and every label gives an entry
    for its whole key and one for the rest of it from each later word on."""
    files = _output()
    index = json.loads(files["zoeken/labels.json"])
    names = index["delen"]
    assert sorted(f"zoeken/labels-{n}.json" for n in names) == \
        sorted(n for n in files if n.startswith("zoeken/labels-"))
    assert not [(a, b) for a in names for b in names if a != b and b.startswith(a)]
    suffixes = set()
    for name in names:
        for suffix, start, doc, kind, *_ in json.loads(files[f"zoeken/labels-{name}.json"]):
            assert shard(suffix, len(name)) == name, (suffix, name)
            suffixes.add((suffix, start, doc, kind))
    for key, doc, kind, *_ in label_rows(files):
        starts = [0] + [at + 1 for at, c in enumerate(key) if c == " "] if kind != NOTATION \
            else [0]
        assert {(key[at:], at, doc, kind) for at in starts} <= suffixes, key


def test_a_big_shard_is_split_by_more_letters() -> None:
    """Labels that share their first letters (every synthetic term starts with 'term') are
    split until each shard is small; a query of the shared letters then needs all of them."""
    rows = [[f"term {i} {word}", i, PREF] for i, word in enumerate(["herstel", "schade"] * 2000)]
    parts = searchlabels.shards(rows)
    assert len(parts) > 10
    assert all(len(json.dumps(part)) <= searchlabels.SHARD_BYTES * 1.1 or
               len({e[0] for e in part}) == 1 for part in parts.values())
    assert sum(len(part) for part in parts.values()) == 4000 * 3  # key + two later words
    assert all(name.startswith("term_") for name in parts if name.startswith("te"))
    assert {"he", "sc"} <= set(parts)  # 'herstel' and 'schade' as later words: shards of their own
    assert searchlabels.NOTATION == NOTATION


def test_typo_candidates_carry_the_labels_they_find() -> None:
    """Each key and each word of a key is a typo candidate with the labels whose whole key it
    is and those that hold it as whole words (with their key's length in UTF-16 units, as
    zoeken.js counts); notations are never candidates."""
    rows = [["schade vergoeding", 0, PREF], ["erkenning", 1, PREF], ["f 1 2", 2, NOTATION],
            ["\U00020000x", 3, PREF], ["grote schade vergoeding", 4, ALT, "Grote schade"],
            ["schade", 5, HIDDEN], ["schade schade", 6, PREF], ["wet 2024", 7, PREF],
            ["term 4321", 8, PREF]]
    typos = searchlabels.typos(rows)
    assert typos["schade vergoeding"] == ["schade vergoeding", [[0, PREF]],
                                          [[4, ALT, 23, "Grote schade"]]]
    assert typos["schade"] == ["schade", [[5, HIDDEN]], [
        [0, PREF, 17], [4, ALT, 23, "Grote schade"], [6, PREF, 13]]]  # once for 'schade schade'
    assert typos["erkenning"] == ["erkenning", [[1, PREF]]]
    assert typos["vergoeding"] == ["vergoeding", [], [[0, PREF, 17], [4, ALT, 23, "Grote schade"]]]
    assert typos["grote"][1:] == [[], [[4, ALT, 23, "Grote schade"]]]
    assert not {"f 1 2", "f", "1", "2"} & set(typos)
    # Fewer than MIN_LETTERS letters: no query within its allowance of typos reaches it.
    assert not {"\U00020000x", "wet 2024", "wet", "2024", "4321"} & set(typos)
    assert typos["term 4321"] == ["term 4321", [[8, PREF]]] and typos["term"][1] == []
    assert list(typos) == sorted(typos, key=lambda v: (searchlabels.utf16_len(v), v))


def test_typo_files_by_first_and_last_character_and_length() -> None:
    """Every candidate is in the file of its first character (side b) and of its last (side
    e) that covers its length; the manifest lists each side's files by their first length,
    so zoeken.js fetches at most the files of two characters for the lengths it needs."""
    rows = [[f"{word} {i}", i, PREF] for i, word in
            enumerate(["erkenning", "herstel", "schade", "schadevergoeding", "ééntje"] * 300)]
    files = searchlabels.write(rows, {"versie": searchindex.VERSION})
    index = json.loads(files["zoeken/labels.json"])
    assert index["versie"] == 4
    names = {f"zoeken/woorden-{side}-{start}.json": (side, start, (starts + [10**6])[k + 1])
             for side, starts in index["woorden"].items() for k, start in enumerate(starts)}
    assert set(names) == {n for n in files if re.match(r"zoeken/woorden-[be]", n)}
    placed: dict[str, set[str]] = {}
    for name, (side, start, stop) in names.items():
        assert len(files[name]) <= searchlabels.TYPO_BYTES * 2 or start + 1 == stop, name
        for value, *_ in json.loads(files[name]):
            char = value[0] if side[0] == "b" else value[-1]
            assert shard(char, 1) == side[1] and start <= searchlabels.utf16_len(value) < stop
            placed.setdefault(value, set()).add(side[0])
    assert placed == {value: {"b", "e"} for value in searchlabels.typos(rows)}
    assert "ééntje" in placed and "zoeken/woorden-b_-6.json" in files  # not a-z0-9: side _


def test_a_word_in_many_labels_has_its_list_apart() -> None:
    """A word that more than MANY longer keys hold ('term' in every generated label) keeps
    the typo file small: its labels are in a file of their own, fetched only when a query
    comes within reach of the word."""
    many = searchlabels.MANY + 1
    rows = [[f"term {i} herstel", i, PREF] for i in range(many)]
    files = searchlabels.write(rows, {})
    entries = {e[0]: e for name, data in files.items() if name.startswith("zoeken/woorden-b")
               for e in json.loads(data)}
    term = entries["term"]
    assert isinstance(term[2], int)
    apart = json.loads(files[f"zoeken/woorden-x{term[2]}.json"])
    assert len(apart) == many and apart[0] == [0, PREF, len("term 0 herstel")]
    assert isinstance(entries["herstel"][2], int)
    assert entries["term 7 herstel"] == ["term 7 herstel", [[7, PREF]]]
