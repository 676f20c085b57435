"""The vocabulary's own IRIs as request paths: the map the site writes (`downloads/iris.json`),
read back by `serverconfig`, and turned into the exact paths and queries a server compares
requests with, with a finding for every IRI a server cannot answer.

A server answers an IRI when it is on the host the site is deployed at (`--host`; by default
the host that holds most of the vocabulary's IRIs). It compares the request target exactly
with the IRI's path and query in URI form (RFC 3987 §3.1: every character outside ASCII as
percent-encoded UTF-8; percent-encodings of the IRI kept as they are), so `/a%2Fb` and `/a/b`
stay different IRIs, as RFC 3986 §6.2.1 compares them. A hash IRI (`…/vocab#c1`) cannot be
requested: its document (`…/vocab`) is answered with the whole vocabulary, unless another IRI
has that path. The host root (`https://host` or `https://host/`) is the path `/`; its HTML
page is the site's home page (`/index.html`).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from kennisbank.core.findings import Finding, Level

MAP_FILE = "downloads/iris.json"
HOME = "index.html"
# What a request target may hold after the IRI → URI mapping: RFC 3986's unreserved and
# reserved characters and percent-encodings. No quote, backslash, space or control character
# can reach a server configuration.
_TARGET = re.compile(r"/(?:[A-Za-z0-9\-._~:/?\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*")
_DOT_SEGMENT = re.compile(r"(?:^|/)\.{1,2}(?:/|$)")
MAX_TARGET = 1000  # longer paths do not fit a server's hash buckets or request line sensibly
_SAFE = "/:@!$&'()*+,;=?[]~%-._"


@dataclass(frozen=True)
class IriEntry:
    """One IRI of the vocabulary and where the site holds its page and documents: `page` is
    the HTML page ('begrippen/x/'), `data` the documents without suffix ('begrippen/x'),
    `formats` the data formats written. `line` is its line in the map file."""
    iri: str
    kind: str
    page: str
    data: str
    formats: tuple[str, ...]
    line: int = 0


@dataclass(frozen=True)
class Route:
    """A request target (path and query, URI form) a server answers with a 303."""
    target: str
    page: str
    data: str
    formats: tuple[str, ...]
    iri: str


def map_text(entries: list[IriEntry]) -> str:
    """The map file: one JSON object per line, so that a finding can name its line."""
    rows = [json.dumps({"iri": e.iri, "soort": e.kind, "pagina": e.page, "gegevens": e.data,
                        "formaten": list(e.formats)}, ensure_ascii=False, sort_keys=True)
            for e in entries]
    return "[\n" + ",\n".join(rows) + "\n]\n"


def read_map(text: str) -> list[IriEntry]:
    """The entries of a map file (ValueError when it is not one)."""
    data = json.loads(text)
    if not isinstance(data, list):
        raise ValueError("geen lijst")
    result = []
    for line, row in enumerate(data, start=2):
        if not isinstance(row, dict) or not all(isinstance(row.get(k), str) for k in
                                                 ("iri", "soort", "pagina", "gegevens")):
            raise ValueError(f"regel {line}: geen IRI met soort, pagina en gegevens")
        formats = row.get("formaten")
        if not isinstance(formats, list) or not all(isinstance(f, str) for f in formats):
            raise ValueError(f"regel {line}: 'formaten' is geen lijst van namen")
        result.append(IriEntry(row["iri"], row["soort"], row["pagina"], row["gegevens"],
                               tuple(formats), line))
    return result


def host_of(iri: str) -> str:
    """'https://Example.org:443/x' → 'example.org'; the port only when it is not the
    scheme's default. Empty when the IRI has no host."""
    try:
        parts = urlsplit(iri)
        port = parts.port
    except ValueError:
        return ""
    host = (parts.hostname or "").lower()
    if port is not None and (parts.scheme, port) not in (("http", 80), ("https", 443)):
        host += f":{port}"
    return host


def default_host(entries: list[IriEntry]) -> str:
    """The host that holds most IRIs; on a tie the scheme's."""
    counts = Counter(host_of(e.iri) for e in entries if host_of(e.iri))
    if not counts:
        return ""
    schemes = {host_of(e.iri) for e in entries if e.kind == "begrippenkader"}
    return max(sorted(counts), key=lambda h: (counts[h], h in schemes))


def request_target(iri: str) -> str:
    """The IRI's path and query in URI form, as a client sends them ('/' for the host root);
    the fragment left off."""
    rest = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*", "", iri).split("#", 1)[0]
    target = quote(rest, safe=_SAFE)  # only what a URI cannot hold: UTF-8 %XX
    return target if target.startswith("/") else "/" + target


def _problem(entry: IriEntry, target: str, exists: set[str]) -> str | None:
    """Why a server cannot answer this IRI at `target`, or None."""
    path = target.split("?", 1)[0]
    if len(target) > MAX_TARGET:
        return f"het pad is {len(target)} tekens lang; verwachtte hoogstens {MAX_TARGET}"
    if not _TARGET.fullmatch(target) or re.search(r"%(?![0-9A-Fa-f]{2})", target):
        return ("het pad is geen geldig URI-pad (een '%' zonder twee hexadecimale cijfers "
                "of een teken dat een URI niet kan bevatten)")
    if _DOT_SEGMENT.search(path.lstrip("/")):
        return "het pad bevat een segment '.' of '..', dat een client weghaalt vóór hij vraagt"
    if path != "/" and path.lstrip("/") in exists:
        return f"het pad valt samen met een bestand of map van de site ('{path}')"
    return None


def routes(entries: list[IriEntry], host: str, exists: set[str],
           map_path: str) -> tuple[list[Route], list[Finding], int]:
    """The routes a server on `host` answers, the findings for IRIs it cannot answer there,
    and how many IRIs are on other hosts. `exists` holds every file of the site and every
    folder with a trailing '/' (relative paths): an IRI there would hide it. A folder's name
    without the slash may be an IRI (the alias pages live at id/begrip/<id>/): the server
    would only have redirected it to the folder."""
    found: list[Finding] = []
    taken: dict[str, Route] = {}
    folded: dict[str, Route] = {}  # by lower-case target
    hashes: dict[str, Route] = {}
    other = 0
    scheme = next((e for e in entries if e.kind == "begrippenkader"), None)

    def finding(entry: IriEntry, code: str, message: str) -> None:
        found.append(Finding(map_path, entry.line, 1, Level.WAARSCHUWING, code,
                             f"IRI '{entry.iri}' ({entry.kind}): {message}; de server "
                             "beantwoordt haar niet"))

    for entry in entries:
        if host_of(entry.iri) != host:
            other += 1
            continue
        target = request_target(entry.iri)
        problem = _problem(entry, target, exists)
        if problem:
            finding(entry, "iri-onbruikbaar-pad", problem)
            continue
        if "#" in entry.iri:
            if scheme is not None and target not in hashes:
                hashes[target] = Route(target, scheme.page, scheme.data, scheme.formats,
                                       entry.iri)
            continue
        page = HOME if target == "/" else entry.page
        route = Route(target, page, entry.data, entry.formats, entry.iri)
        if target.lower() in folded:
            finding(entry, "iri-dubbel-pad", f"het pad '{target}' hoort al bij IRI "
                    f"'{folded[target.lower()].iri}' (nginx vergelijkt paden zonder op "
                    "hoofdletters te letten)")
            continue
        taken[target] = folded[target.lower()] = route
    for target, route in hashes.items():
        if target.lower() not in folded:
            taken[target] = Route(target, HOME if target == "/" else route.page, route.data,
                                  route.formats, route.iri)
    return [taken[t] for t in sorted(taken)], found, other


def summarised(findings: list[Finding], first: int = 5) -> list[str]:
    """Per code the first few findings and how many more there are."""
    lines: list[str] = []
    for code in sorted({f.code for f in findings}):
        mine = [f for f in findings if f.code == code]
        lines += [f.format() for f in mine[:first]]
        if len(mine) > first:
            lines.append(f"  ... en nog {len(mine) - first} keer [{code}]")
    return lines
