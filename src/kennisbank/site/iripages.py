"""Every IRI the site mints resolves: concept, scheme and collection.

Each IRI kind has an HTML page and three data documents beside it, named alike: the page
at `{target}/` and the documents at `{target}.ttl`, `.jsonld` and `.rdf` (for a concept
`begrippen/herstel/` and `begrippen/herstel.ttl`). At the IRI's own path (`id/begrip/herstel/`)
the site holds a small page for static hosts: a meta refresh to the HTML page, a canonical
link, and `<link rel="alternate describedby">` plus visible links to the data documents.
`serverconfig` answers the same paths with a 303 chosen by the Accept header; it finds out
whether an IRI exists by looking for that page, so the configuration depends on no content.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rdflib import BNode
from rdflib.term import Node

from kennisbank.content.model import Kader
from kennisbank.content.schema import slugify
from kennisbank.rdf.write import Index, Triple
from kennisbank.site.markup import attr
from kennisbank.site.security import CSP_META
from kennisbank.skos.mapping import domain, scheme_iri, serialize

# Format → (file suffix of its document, media type). "html" is the page itself.
DOCUMENTS = {"html": ("/", "text/html"), "turtle": (".ttl", "text/turtle"),
             "jsonld": (".jsonld", "application/ld+json"),
             "rdfxml": (".rdf", "application/rdf+xml")}
DATA_FORMATS = ("turtle", "jsonld", "rdfxml")
FORMAT_NAMES = {"turtle": "Turtle", "jsonld": "JSON-LD", "rdfxml": "RDF/XML"}
SEGMENT = "[a-z0-9-]+"  # every id and scheme name is a slug


@dataclass(frozen=True)
class Kind:
    name: str       # 'begrip'
    iri_path: str   # the IRI's path below the site's domain, without the name: 'id/begrip/'
    target: str     # page and documents: '{name}' is replaced by the IRI's last segment
    noun: str       # for the page text: 'Dit begrip'

    def page(self, name: str) -> str:
        return self.target.format(name=name) + "/"

    def document(self, name: str, fmt: str) -> str:
        return self.target.format(name=name) + DOCUMENTS[fmt][0]


KINDS = (Kind("begrip", "id/begrip/", "begrippen/{name}", "Dit begrip"),
         Kind("collectie", "id/collectie/", "begrippen/collectie/{name}", "Deze collectie"),
         Kind("begrippenkader", "id/begrippenkader/", "downloads/begrippenkader",
              "Dit begrippenkader"))
BEGRIP, COLLECTIE, BEGRIPPENKADER = KINDS
# Every other scheme of the project (`kaders` in _kader.yaml): its page is the one
# site.pages.kaders writes, its documents describe the scheme itself.
NEVENKADER = Kind("begrippenkader", "id/begrippenkader/", "begrippen/kader/{name}",
                  "Dit begrippenkader")


def scheme_name(kader: Kader) -> str:
    """The last segment of the scheme IRI when it follows the URI strategy, else (for an
    imported scheme with an IRI of its own) the slug of its title."""
    iri = str(scheme_iri(kader))
    prefix = domain(kader.basis_uri) + BEGRIPPENKADER.iri_path
    rest = iri[len(prefix):] if iri.startswith(prefix) else ""
    if re.fullmatch(SEGMENT, rest):
        return rest
    return slugify(next(iter(kader.titel.values()), "begrippenkader"))


def fallback_page(kind: Kind, name: str, iri: str, formats: Iterable[str]) -> tuple[str, str]:
    """(path, HTML) of the page at the IRI's path, for hosts that cannot redirect by Accept
    header. Every link is relative, so the site works under any prefix."""
    up = "../" * (kind.iri_path.count("/") + 1)
    page = attr(up + kind.page(name))
    links = [(fmt, attr(up + kind.document(name, fmt))) for fmt in formats]
    head = "".join(f'<link rel="alternate describedby" type="{DOCUMENTS[fmt][1]}" '
                   f'href="{href}">\n' for fmt, href in links)
    data = ", ".join(f'<a href="{href}" type="{DOCUMENTS[fmt][1]}">{FORMAT_NAMES[fmt]}</a>'
                     for fmt, href in links)
    html = (f'<!doctype html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{attr(CSP_META)}">\n'
            f'<title>Doorverwijzing</title>\n'
            f'<meta http-equiv="refresh" content="0; url={page}">\n'
            f'<link rel="canonical" href="{page}">\n{head}'
            f'<meta name="robots" content="noindex">\n</head>\n<body>\n'
            f'<p>{kind.noun} (<code>{attr(iri)}</code>) staat op <a href="{page}">'
            f'{attr(kind.page(name))}</a>.</p>\n')
    if data:
        html += f"<p>Als gegevens: {data}.</p>\n"
    html += "</body>\n</html>\n"
    return f"{kind.iri_path}{name}/index.html", html


def described(about: Mapping[Node, list[Triple]], node: Node) -> list[Triple]:
    """The triples about `node`, with those of the blank nodes it leads to."""
    result: list[Triple] = []
    todo, seen = [node], {node}
    while todo:
        for triple in about.get(todo.pop(), []):
            result.append(triple)
            if isinstance(triple[2], BNode) and triple[2] not in seen:
                seen.add(triple[2])
                todo.append(triple[2])
    return result


def rdfxml(triples: list[Triple] | Index) -> bytes | None:
    """RDF/XML, or None when a predicate has no XML name (allowed, with the warning
    onschrijfbare-rdf, under `profiel: skos`)."""
    try:
        return serialize(triples, "rdfxml")
    except ValueError:
        return None


def documents(triples: list[Triple]) -> dict[str, bytes]:
    """Format → bytes of the data documents (RDF/XML only when it can be written)."""
    index = Index(triples)
    result = {fmt: serialize(index, fmt) for fmt in ("turtle", "jsonld")}
    data = rdfxml(index)
    if data is not None:
        result["rdfxml"] = data
    return result
