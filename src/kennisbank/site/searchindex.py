"""The site's own search index, written by the generator and read by docs/assets/zoeken.js.

Everything the browser needs is built here, so the browser only reads and compares, and a
query fetches only the files it needs:

- `zoeken/labels.json`, loaded when someone starts to search: a small manifest with the
  concepts' ids, terms and statuses, the other pages' addresses, titles and summaries, and
  the names of the label shards and typo files (`searchlabels`).
- `zoeken/labels-<xx>.json` and `zoeken/woorden-<side><c>-<n>.json` (`searchlabels`): every
  label and notation of every concept (and the titles of the other pages) normalised (lower
  case, no accents, only letters and digits), split by their first letters so that exact,
  prefix and word look-ups fetch one shard, and a typo fetches the keys and words of about
  its length that share its first or its last character, with the labels they find.
  Zoektermen are in it only as normalised keys, marked hidden: the script finds by them
  and never shows them. Terms are in the display language (`taal` in _kader.yaml, the
  index's `taal`); a term, label or definition in another language (a concept without a
  label in the display language) names its own, so that the script can mark it with `lang`.
- `zoeken/definities-<n>.json`: the first sentence of the definitie, per block of
  `BLOCK` concepts, fetched only for the concepts a result list shows; a string, or
  [text, language] when the text is not in the display language.
- `zoeken/tekst-<xx>.json`: the full text (definitie, uitleg, toelichting, voorbeelden,
  leidraad steps, hand-written pages) as an inverted index of word stems, one shard per
  first two letters of the stem, fetched only when the labels do not fill the result list.
- `downloads/termen.json`: the label index for machines (documented, with a JSON Schema).

The normalisation, the stemmer and the shards exist twice, here and in zoeken.js, and must
agree: the shared vectors (tests/data/gedeeld/tekst.json) hold both to the same answers.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from kennisbank.content.model import Begrip, Inhoud
from kennisbank.content.termen import page_title, prose
from kennisbank.core.text import search_key
from kennisbank.site import searchlabels
from kennisbank.site.markup import Output, nl, nl_list
from kennisbank.site.searchlabels import shard
from kennisbank.site.taal import Taal
from kennisbank.site.tooltip import short_definition
from kennisbank.skos.mapping import concept_iris, scheme_iri, stated_status

# 3: the labels moved from labels.json into shards (searchlabels); definitions in blocks of 32
# 4: typo candidates by first and last character, each with the labels it finds
VERSION = 4
BLOCK = 32  # concepts per definitions file: a result list of 20 fetches at most 20 blocks
# Label kinds in zoeken/labels.json (lower ranks first among equally good matches). A term
# in another language ranks as an alternatieve term does ("person harmed" finds gedupeerde
# first); OTHER_ALT, an alternatieve term in another language than the one the page shows,
# finds without being named. NOTATION, a code of the concept in a classification
# (skos:notation: 'nld', '1.2'), ranks as the voorkeursterm and is found only whole or by
# its start, never as a word or by a typo.
PREF, ALT, OTHER_PREF, HIDDEN, TITLE, OTHER_ALT, NOTATION = range(7)
STATUS = {"vastgesteld": 0, "ontwerp": 1, "verouderd": 2}
# Full-text fields (posting = document * 4 + field); the script weighs them 3, 2, 1.
DEFINITIE, UITLEG, OVERIG = range(3)
SUFFIXES = ("heden", "ingen", "heid", "ing", "en", "e", "s")
_NOT_WORD = re.compile(r"[\W_]+")
_VOWELS = "aeiouy"


def stem(word: str) -> str:
    """A light Dutch stemmer for full text: the first matching suffix off (keeping at least
    three letters), then a doubled final consonant halved. kwijtschelding and kwijtschelden
    both become kwijtscheld, erkenning and erkennen erken (zoeken.js: `stem`)."""
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in _VOWELS:
        word = word[:-1]
    return word


def stems(value: str) -> set[str]:
    """The stems of a text, plus the stems of separable compounds written apart: 'kwijt te
    schelden' also gives the stem of kwijtschelden, 'tegemoet te komen' of tegemoetkomen."""
    words = search_key(value).split()
    found = {stem(w) for w in words if len(w) >= 2}
    for before, te, after in zip(words, words[1:], words[2:], strict=False):
        if te == "te" and before.isalpha() and after.isalpha() and len(before) >= 2:
            found.add(stem(before + after))
    return found


def first_sentence(value: str) -> str:
    """Plain text, as zoeken.js inserts it (with textContent): never HTML-escaped here."""
    return short_definition(value, 240)


@dataclass
class Document:
    url: str  # relative to the site root, e.g. "leidraad/signaal/"
    title: str
    kind: str  # what the result says it is: "Leidraadstap", "Pagina", "Collectie"
    summary: str
    texts: list[tuple[int, str]]  # (field, text)
    lang: str = ""  # the title's language when it is not the display language

    def row(self) -> list[str]:
        return [self.url, self.title, self.kind, self.summary, *([self.lang] if self.lang
                                                                 else [])]


def _page_url(rel: str) -> str:
    """The page's address relative to the site root, percent-encoded so that it can only be
    a relative path: a file named 'javascript:x.md' gives 'javascript%3Ax/', never a link
    with a scheme (zoeken.js refuses any address that leaves the site as well)."""
    if rel == "index.md":
        return ""
    if rel.endswith("/index.md"):
        path = rel[: -len("index.md")]
    else:
        path = rel[: -len(".md")] + "/"
    url = quote(path, safe="/-._~!$&'()*+,;=@")
    return "%2F" + url[1:] if url.startswith("/") else url


_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
_FENCED = re.compile(r"^(```|~~~).*?^\1.*?$", re.S | re.M)
_NOT_TEXT = re.compile(r"^\s*(?:#.*|!!!.*|\?\?\?.*|[|].*|-{3,}|\*{3,})$"  # heading, admonition,
                       r"|<[^>\n]*>|\{[:#.][^}\n]*\}", re.M)               # table; tag; attrs
_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_CODE = re.compile(r"`+([^`\n]*)`+")
# An emphasis run: '*', '**', '_' or '__' around text, not inside a word (snake_case, 2*3).
_EMPHASIS = re.compile(r"(?<![\w*\\])(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1(?![\w*])")


def _summary(markdown: str) -> str:
    """The first sentence of a page's text after its heading, as plain text: links become
    their text, emphasis loses its markers, but an '_' or '*' that is text stays."""
    body = _FENCED.sub(" ", _FRONT.sub("", markdown))
    body = _NOT_TEXT.sub(" ", body)
    body = _CODE.sub(r"\1", _LINK.sub(r"\1", body))
    for _ in range(3):  # nested emphasis: ***x***, **_x_**
        body = _EMPHASIS.sub(r"\2", body)
    body = re.sub(r"\\([\\`*_{}\[\]()#+\-.!])", r"\1", body)  # Markdown escapes
    body = html.unescape(re.sub(r"\s+([.,;:!?])", r"\1", " ".join(body.split())))
    return first_sentence(body) if body else ""


def documents(inhoud: Inhoud, taal: Taal | None = None) -> list[Document]:
    """Everything besides the concepts that the search finds: steps, pages, collections."""
    taal = taal or Taal(inhoud.kader.taal if inhoud.kader else "")
    docs: list[Document] = []
    leidraad = inhoud.leidraad
    if leidraad is not None:
        docs.append(Document("leidraad/", nl(leidraad.titel), "Leidraad",
                             first_sentence(nl(leidraad.inleiding)) if leidraad.inleiding
                             else "", [(UITLEG, nl(leidraad.inleiding)), *(
                                 (OVERIG, f"{nl(p.titel)} {nl(p.uitleg)}")
                                 for p in leidraad.principes)]))
        docs.append(Document("leidraad/dossier/", "Dossier", "Leidraad",
                             "Uw antwoorden, acties en notities per stap, om af te drukken "
                             "of te bewaren.", []))
        for ident in sorted(inhoud.stappen):
            stap = inhoud.stappen[ident]
            others = [*nl_list(stap.checklist), *(nl(u.antwoord) for u in stap.uitkomsten),
                      *(nl(u.einde) for u in stap.uitkomsten if u.einde)]
            docs.append(Document(f"leidraad/{ident}/", nl(stap.titel), "Leidraadstap",
                                 first_sentence(nl(stap.vraag)),
                                 [(DEFINITIE, nl(stap.vraag)), (UITLEG, nl(stap.toelichting)),
                                  (OVERIG, "\n".join(others))]))
    for rel, markdown in sorted((inhoud.paginas or {}).items()):
        if rel.startswith("assets/"):
            continue
        docs.append(Document(_page_url(rel), page_title(markdown, rel), "Pagina",
                             _summary(markdown), [(UITLEG, prose(markdown))]))
    if inhoud.kader is not None:
        for ident, collectie in sorted(inhoud.kader.collecties.items()):
            lang, naam = taal.pick(collectie.naam)
            uitleg = taal.pick(collectie.uitleg)[1]
            docs.append(Document(f"begrippen/collectie/{ident}/", naam, "Collectie",
                                 first_sentence(uitleg) if uitleg else "", [(UITLEG, uitleg)],
                                 lang if lang != taal.taal else ""))
    for url, title in (("begrippen/", "Begrippen A–Z"), ("begrippen/hierarchie/", "Hiërarchie"),
                       ("begrippen/collecties/", "Collecties"), ("downloads/", "Downloads"),
                       ("vocabulaires/", "Andere begrippenkaders")):
        docs.append(Document(url, title, "Pagina", "", []))
    for ident, vocab in sorted(inhoud.vocabulaires.items()):
        docs.append(Document(f"vocabulaires/{ident}/", nl(vocab.naam), "Ander begrippenkader",
                             "", []))
    return docs


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def write(inhoud: Inhoud, out: Output) -> None:
    """Add the search index and the label download to `out`."""
    taal = Taal(inhoud.kader.taal if inhoud.kader else "")
    begrippen = [inhoud.begrippen[i] for i in sorted(inhoud.begrippen)]
    pages = documents(inhoud, taal)
    labels: set[tuple[str, int, int, str, str]] = set()

    def label(value: str, doc: int, kind: int, shown: str = "", lang: str = "") -> None:
        key = search_key(value)
        if key:
            # The language only of a shown label that is not in the display language.
            labels.add((key, doc, kind, shown, lang if shown and lang != taal.taal else ""))

    for doc, b in enumerate(begrippen):
        term_lang = taal.pick(b.voorkeursterm)[0]
        for lang, value in b.voorkeursterm.items():
            if lang == term_lang:
                label(value, doc, PREF)
            else:  # shown on the page as a translation: may be named in "gevonden via"
                label(value, doc, OTHER_PREF, value, lang)
        alt_lang = taal.pick_list(b.alternatieve_termen)[0]
        for lang, values in b.alternatieve_termen.items():
            for value in values:  # only those in the language the page shows are named
                if lang == alt_lang:
                    label(value, doc, ALT, value, lang)
                else:
                    label(value, doc, OTHER_ALT)
        for values in b.zoektermen.values():
            for value in values:
                label(value, doc, HIDDEN)
        for notatie in b.notaties:
            label(notatie, doc, NOTATION, notatie)
    for n, page in enumerate(pages):
        label(page.title, len(begrippen) + n, TITLE)
    # One entry per key, document and kind; the display form only where it may be shown.
    best: dict[tuple[str, int, int], tuple[str, str]] = {}
    for key, doc, kind, shown, lang in sorted(labels):
        best.setdefault((key, doc, kind), (shown, lang))
    rows: list[list[Any]] = []
    for (key, doc, kind), (shown, lang) in sorted(best.items()):
        rows.append([key, doc, kind, *([shown] if shown else []), *([lang] if lang else [])])
    for name, data in searchlabels.write(rows, {
        "versie": VERSION,
        "blok": BLOCK,
        "taal": taal.taal,
        "begrippen": [_concept_row(b, taal, inhoud) for b in begrippen],
        "paginas": [page.row() for page in pages],
    }).items():
        out.add(name, data)
    for start in range(0, len(begrippen), BLOCK):
        out.add(f"zoeken/definities-{start // BLOCK}.json", _json(
            [_in_language(taal, *taal.pick(b.definitie))
             for b in begrippen[start:start + BLOCK]]))
    _full_text(out, [
        *([(DEFINITIE, taal.pick(b.definitie)[1]), (UITLEG, taal.pick(b.uitleg)[1]),
           (OVERIG, "\n".join([taal.pick(b.toelichting)[1], *taal.pick_list(b.voorbeelden)[1]]))]
          for b in begrippen),
        *(page.texts for page in pages)])
    out.add("downloads/termen.json", label_download(inhoud))


def _concept_row(b: Begrip, taal: Taal, inhoud: Inhoud) -> list[Any]:
    """[id, term], then the status when the source states one (else null when a language
    follows), then the term's language when it is not the display language."""
    term_lang, term = taal.pick(b.voorkeursterm)
    status = stated_status(b, inhoud.kader)
    row: list[Any] = [b.id, term]
    if status or term_lang != taal.taal:
        row.append(STATUS[status] if status else None)
    if term_lang != taal.taal:
        row.append(term_lang)
    return row


def _in_language(taal: Taal, lang: str, value: str) -> str | list[str]:
    """The first sentence of a text; with its language when that is not the display one."""
    sentence = first_sentence(value)
    return [sentence, lang] if sentence and lang != taal.taal else sentence


def _full_text(out: Output, texts: Iterable[list[tuple[int, str]]]) -> None:
    postings: dict[str, dict[int, int]] = {}  # stem → document → best (lowest) field
    for doc, fields in enumerate(texts):
        for field, value in fields:
            if not value:
                continue
            for word_stem in stems(value):
                per_doc = postings.setdefault(word_stem, {})
                if per_doc.get(doc, 99) > field:
                    per_doc[doc] = field
    shards: dict[str, dict[str, list[int]]] = {}
    for word_stem in sorted(postings):
        per_doc = postings[word_stem]
        shards.setdefault(shard(word_stem), {})[word_stem] = [
            doc * 4 + per_doc[doc] for doc in sorted(per_doc)]
    for name, index in sorted(shards.items()):
        out.add(f"zoeken/tekst-{name}.json", _json(index))


# -- the label index for machines --------------------------------------------------------

def label_download(inhoud: Inhoud) -> str:
    """downloads/termen.json: every label with its language, kind, normalised key and the
    concept's IRI, voorkeursterm, status and page (schemas/termen.schema.json)."""
    iris = concept_iris(inhoud)
    kader = inhoud.kader
    taal = Taal(kader.taal if kader else "")
    rows = []
    for ident in sorted(inhoud.begrippen):
        b = inhoud.begrippen[ident]
        term_lang, term = taal.pick(b.voorkeursterm)
        kinds: list[tuple[str, dict[str, list[str]]]] = [
            ("voorkeursterm", {lang: [v] for lang, v in b.voorkeursterm.items()}),
            ("alternatieve term", b.alternatieve_termen), ("zoekterm", b.zoektermen)]
        for kind, values in kinds:
            for lang in sorted(values):
                for value in values[lang]:
                    rows.append({"label": value, "sleutel": search_key(value), "taal": lang,
                                 "soort": kind, "iri": str(iris[ident]), "id": ident,
                                 "voorkeursterm": term, "voorkeursterm_taal": term_lang,
                                 "status": stated_status(b, inhoud.kader) or None,
                                 "pagina": f"begrippen/{ident}/"})
    rows.sort(key=lambda r: (r["sleutel"], r["label"], r["iri"], r["taal"], r["soort"]))
    data = {
        "$schema": "https://begrippen.erkenningenherstel.nl/schema/termen.schema.json",
        "begrippenkader": str(scheme_iri(kader)) if kader else None,
        "titel": taal.pick(kader.titel)[1] or None if kader else None,
        "taal": taal.taal,
        "versie": kader.versie or None if kader else None,
        "aantal_begrippen": len(inhoud.begrippen),
        "termen": rows,
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
