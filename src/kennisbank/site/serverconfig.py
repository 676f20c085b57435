"""Server configurations that answer every IRI with a 303 chosen by the Accept header.

`kennisbank serverconfig nginx` prints `map` blocks and a `server { ... }` block (for the
`http` context, such as /etc/nginx/conf.d/); `kennisbank serverconfig apache` prints an
`.htaccess` for the root of site/. Both come from the same tables: the vocabulary's own IRIs
(`iripaths`, read from the built site's map), the alias IRI kinds of `iripages` and the Accept
rules below, so the two servers answer alike.

The own IRIs: nginx looks the request target up in `map $request_uri` blocks (a hash, one
entry per IRI) and sends a 303 from a server-level check, before any location; Apache gets
one RewriteCond on THE_REQUEST per IRI (RewriteMap is not allowed in .htaccess), for at most
MAX_HTACCESS_IRIS of them, since Apache reads the file on every request. Every path
in either comes from `iripaths.routes`, which admits only URI characters.

Accept handling: per format the quality of the first media range that names it (the exact
type before `text/*`, `application/*` and `*/*`), compared to one decimal (q=0.95 counts as
0.9); the highest wins, a tie goes to the earlier format in PREFERENCE, and without any
acceptable format the answer is the HTML page. q=0 refuses a format.

nginx: a regular expression in `if` resets the numbered captures of the location, so every
capture here is named; the Accept header is read by `map`, never by `if`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from kennisbank.core.findings import Finding, KennisbankError, os_reason
from kennisbank.site.iripages import DOCUMENTS, KINDS, SEGMENT
from kennisbank.site.iripaths import (
    MAP_FILE,
    Route,
    default_host,
    host_of,
    read_map,
    routes,
)
from kennisbank.site.security import CSP_HEADER, REFERRER_POLICY
from kennisbank.skos.mapping import EXTENSIONS, MEDIA_TYPES

PREFERENCE = ("html", "turtle", "jsonld", "rdfxml")
# The media ranges that ask for a format, in the order they are looked for.
RANGES = {
    "html": ("text/html", "application/xhtml+xml", "text/*", "*/*"),
    "turtle": ("text/turtle", "application/x-turtle", "text/*", "*/*"),
    "jsonld": ("application/ld+json", "application/*", "*/*"),
    "rdfxml": ("application/rdf+xml", "application/*", "*/*"),
}
LEVELS = "A987654321"  # q=1, q=0.9 ... q=0.1 (and 0.01-0.09); '0' refused, '-' not named
ABSENT = "-"
NOSNIFF = "nosniff"
# What the .htaccess needs from the server's <Directory> for the site (the docs say the same,
# and the Apache test runs with exactly this): FileInfo for mod_rewrite, mod_headers, mod_mime
# and ErrorDocument. It has no `Options` line: under `AllowOverride Options` Apache 2.4 refuses
# `Options -MultiViews` (500 on every request), and directory listings are refused by a
# rewrite rule instead of `Options -Indexes`.
APACHE_ALLOW_OVERRIDE = "FileInfo"


@dataclass(frozen=True)
class Rule:
    """A media range with a quality: `pattern` (case-insensitive) matches the Accept header;
    its level is `level`, or the digit captured by the pattern's one group."""
    pattern: str
    level: str | None


def accept_rules(media_range: str, group: str = "") -> list[Rule]:
    """The rules for one media range, most specific first. `group` names the capture
    (nginx: `(?<name>`); empty for a numbered one (Apache's %1)."""
    start = r"(?:^|,)\s*" + re.escape(media_range) + r"\s*"
    # Parameters other than q. No part of a rule may match what the next part matches: a
    # parameter's value takes its trailing spaces itself (no `\s*` after it), so a header of
    # thousands of spaces cannot make the engine try every way to split them (it made nginx
    # spend 0.8 s per request on one 8 kB Accept header).
    params = r"(?:;(?!\s*q\s*=)[^,;]*)*"
    end = r"\s*(?:[,;]|$)"
    q = r";\s*q\s*=\s*"
    capture = f"(?<{group}>" if group else "("
    return [
        Rule(start + params + r"(?:,|$)", "A"),
        Rule(start + params + q + r"1(?:\.0{0,3})?" + end, "A"),
        Rule(start + params + q + r"0(?:\.0{0,3})?" + end, "0"),
        Rule(start + params + q + r"0\." + capture + r"[1-9])[0-9]{0,2}" + end, None),
        Rule(start + params + q + r"0\.0[0-9]{0,2}" + end, "1"),
    ]


def format_rules() -> list[tuple[str, str]]:
    """(pattern, format) on the levels of the four formats written one after the other
    (PREFERENCE order): the first pattern that matches gives the format."""
    result = []
    for level in LEVELS:
        for i, fmt in enumerate(PREFERENCE):
            result.append(("^" + "." * i + level, fmt))
    return result


def _nginx_quote(value: str) -> str:
    """A quoted nginx string. nginx turns \\t, \\n and \\r inside quotes into control
    characters and \\" into a quote; none of them is ever needed here."""
    if re.search(r'"|\\[tnr"\\]', value):
        raise ValueError(f"cannot quote {value!r} for nginx")
    return f'"{value}"'


_ROOT_FORBIDDEN = re.compile(r'["\\$\x00-\x1f\x7f]')
_LISTEN = re.compile(r"(?:(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):)?[0-9]{1,5}"
                     r"|unix:/[A-Za-z0-9._/-]+")
_NAME = re.compile(r"[A-Za-z0-9.*_-]+(?: [A-Za-z0-9.*_-]+)*")


@dataclass(frozen=True)
class Own:
    """The vocabulary's own IRIs that a server answers: its routes, the host, and the lines
    of comment that say what it does not answer."""
    routes: tuple[Route, ...] = ()
    host: str = ""
    notes: tuple[str, ...] = ()


_HOST = re.compile(r"[a-z0-9.-]+(?::[0-9]{1,5})?|\[[0-9a-f:.]+\](?::[0-9]{1,5})?")


def own_iris(site: Path, host: str | None) -> tuple[Own, list[Finding]]:
    """The own IRIs of the built site in `site` (its map file) that a server on `host` (by
    default the host of most IRIs) answers, and findings for those it cannot answer."""
    path = site / MAP_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KennisbankError(f"{path}: {os_reason(exc)}; bouw de site eerst met "
                              "'kennisbank build' (de lijst van IRI's staat in de site)") from exc
    try:
        entries = read_map(text)
    except ValueError as exc:
        raise KennisbankError(f"{path}: geen lijst van IRI's van kennisbank ({exc})") from exc
    if host is not None and not _HOST.fullmatch(host.lower()):
        raise KennisbankError(f"kennisbank: --host {host!r} is geen host; verwachtte een naam "
                              "zoals begrippen.example.nl (eventueel met :poort)", exit_code=2)
    chosen = host.lower() if host is not None else default_host(entries)
    exists: set[str] = set()
    for folder, dirs, files in os.walk(site):
        rel = os.path.relpath(folder, site)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        exists.update(prefix + name for name in files)
        exists.update(prefix + name + "/" for name in dirs)
    answered, findings, other = routes(entries, chosen, exists, str(path))
    notes = [f"Eigen IRI's beantwoord op host {chosen or '(geen)'}: {len(answered)} "
             f"(van {len(entries)} in {MAP_FILE})."]
    if other:
        hosts = sorted({host_of(e.iri) or "(geen host)" for e in entries
                        if host_of(e.iri) != chosen})
        notes.append(f"{other} IRI's staan op een andere host ({', '.join(hosts[:5])}"
                     f"{', ...' if len(hosts) > 5 else ''}) en worden hier niet beantwoord: "
                     "dat doet de server van die host (kies een host met --host).")
    if findings:
        notes.append(f"{len(findings)} IRI's op deze host kan de server niet beantwoorden "
                     "(zie de meldingen).")
    return Own(tuple(answered), chosen, tuple(notes)), findings


def _location(route: Route, fmt: str) -> str:
    """Where a route sends a request for `fmt`: its page for HTML and for a format the site
    has no document in."""
    if fmt == "html" or fmt not in route.formats:
        return "/" + route.page
    return "/" + route.data + DOCUMENTS[fmt][0]


def _hash_sizes(keys: list[str]) -> list[str]:
    """map_hash_* for maps whose keys are longer or more than nginx's defaults hold (64-byte
    buckets, 2048 of them)."""
    longest = max((len(k.encode()) for k in keys), default=0)
    bucket, size = 64, 2048
    while bucket < longest + 32:
        bucket *= 2
    while size < 2 * len(keys):
        size *= 2
    lines = []
    if bucket > 64:
        lines.append(f"map_hash_bucket_size {bucket};")
    if size > 2048:
        lines.append(f"map_hash_max_size {size};")
    if lines:
        lines.insert(0, "# Lange of veel IRI-paden: grotere hashtabellen voor de map-blokken "
                        "(staat dit al in nginx.conf, laat dan de grootste waarde staan; het "
                        "moet vóór het eerste map-blok staan).")
    return lines


# nginx reads '$' in a map's value as a variable and has no escape for it; a value gets it
# from a variable that holds it (a geo value is taken literally). A map's string keys are
# literal already. '$' is an RFC 3986 sub-delimiter, so an IRI path may hold it.
DOLLAR = "kb_dollar"


def _nginx_value(value: str) -> str:
    return _nginx_quote(value.replace("$", "${" + DOLLAR + "}"))


def _nginx_own(own: Own) -> list[str]:
    """The map blocks of the own IRIs: request target → page, documents, and (only for a
    route without every document) which format falls back to the page."""
    lines: list[str] = []
    if any("$" in r.target + r.page + r.data for r in own.routes):
        lines += [f'geo ${DOLLAR} {{ default "$"; }}', ""]
    # nginx compares a map's string keys ignoring case: the target itself is looked up too and
    # compared exactly before anything is answered.
    columns: dict[str, list[str]] = {"target": [r.target for r in own.routes],
                                     "page": ["/" + r.page for r in own.routes],
                                     "data": ["/" + r.data for r in own.routes]}
    for var, values in columns.items():
        lines += [f"map $request_uri $kb_iri_{var} {{", '    default "";']
        lines += [f"    {_nginx_quote(r.target)} {_nginx_value(value)};"
                  for r, value in zip(own.routes, values, strict=True)]
        lines += ["}", ""]
    lines += ['map "$kb_format $request_uri" $kb_iri_fallback {', '    default "";']
    lines += [f"    {_nginx_quote(fmt + ' ' + r.target)} page;" for r in own.routes
              for fmt in PREFERENCE[1:] if fmt not in r.formats]
    lines += ["}", "", "map $kb_iri_fallback$kb_format $kb_iri_location {",
              "    default $kb_iri_page;"]
    lines += [f"    {fmt} $kb_iri_data{DOCUMENTS[fmt][0]};" for fmt in PREFERENCE[1:]]
    return lines + ["}", ""]


def check_nginx_args(root: str, listen: str, server_name: str | None) -> None:
    """Refuse (exit 2) a value that could change the configuration."""
    if _ROOT_FORBIDDEN.search(root) or not root.startswith("/"):
        raise KennisbankError(f"kennisbank: --root {root!r} is geen bruikbaar absoluut pad "
                              "voor nginx (geen aanhalingstekens, backslash, '$' of "
                              "regeleinden)", exit_code=2)
    port = listen.rsplit(":", 1)[-1]
    if not _LISTEN.fullmatch(listen) or (port.isdigit() and not 0 < int(port) < 65536):
        raise KennisbankError(f"kennisbank: --listen {listen!r} is geen adres; verwachtte "
                              "een poort (8080), adres:poort (127.0.0.1:8080, [::1]:8080) "
                              "of unix:/pad", exit_code=2)
    if server_name is not None and not _NAME.fullmatch(server_name):
        raise KennisbankError(f"kennisbank: --server-name {server_name!r} is geen servernaam "
                              "(letters, cijfers, '.', '-', '*', gescheiden door spaties)",
                              exit_code=2)


def nginx(root: str, listen: str, server_name: str | None = None, own: Own = Own()) -> str:
    """`map` blocks and a `server` block for the http context."""
    check_nginx_args(root, listen, server_name)
    lines = ["# kennisbank: elke IRI (begrip, collectie, begrippenkader) antwoordt met 303 naar",
             "# de HTML-pagina of het RDF-document dat de Accept-header vraagt. Voor de",
             "# http-context, bijvoorbeeld /etc/nginx/conf.d/kennisbank.conf.",
             *[f"# {note}" for note in own.notes], ""]
    # Before the first map: nginx fixes the hash sizes when it reads one.
    keys = [r.target for r in own.routes]
    sizes = _hash_sizes(keys + [f"rdfxml {k}" for k in keys])
    lines += [*sizes, ""] if sizes else []
    for fmt in PREFERENCE:
        var = f"kb_q_{fmt}"
        lines += [f"map $http_accept ${var} {{", f"    default {ABSENT};"]
        for media_range in RANGES[fmt]:
            for rule in accept_rules(media_range, f"kb_d_{fmt}"):
                value = rule.level if rule.level is not None else f"$kb_d_{fmt}"
                lines.append(f"    {_nginx_quote('~*' + rule.pattern)} {value};")
        lines += ["}", ""]
    levels = "".join(f"$kb_q_{fmt}" for fmt in PREFERENCE)
    lines += [f'map "{levels}" $kb_format {{', "    default html;"]
    lines += [f"    {_nginx_quote('~' + pattern)} {fmt};" for pattern, fmt in format_rules()]
    lines += ["}", "", "map $kb_format $kb_suffix {", '    default "/";']
    lines += [f'    {fmt} "{DOCUMENTS[fmt][0]}";' for fmt in PREFERENCE if fmt != "html"]
    lines += ["}", ""]
    if own.routes:
        lines += _nginx_own(own)
    headers = [f"add_header Content-Security-Policy {_nginx_quote(CSP_HEADER)} always;",
               f"add_header X-Content-Type-Options {NOSNIFF} always;",
               f"add_header Referrer-Policy {REFERRER_POLICY} always;"]
    lines += ["server {", f"    listen {listen};"]
    if server_name:
        lines.append(f"    server_name {server_name};")
    lines += [f"    root {_nginx_quote(root)};", "    index index.html;",
              "    # Geen versienummer in de Server-header en op foutpagina's.",
              "    server_tokens off;",
              "    # Een directory zonder index.html: 403 (autoindex uit), net als Apache.",
              "    autoindex off;",
              "    # Location: /pad, zonder schema en host (werkt ook achter een proxy).",
              "    absolute_redirect off;", "    error_page 404 /404.html;",
              *[f"    {h}" for h in headers], ""]
    if own.routes:
        lines += [f"    # De eigen IRI's op {own.host} (exact pad en query, URI-vorm): 303 "
                  "vóór elke location.",
                  '    if ($kb_iri_target = $request_uri) {', "        rewrite ^ /.kb-iri last;",
                  "    }",
                  "    location = /.kb-iri {", "        internal;",
                  "        add_header Vary Accept always;", *[f"        {h}" for h in headers],
                  "        return 303 $kb_iri_location;", "    }", ""]
    lines += ["    location / {", "        try_files $uri $uri/ =404;", "    }", "",
              "    # De RDF-documenten met hun mediatype.",
              "    location ~* \"\\.(?:" + "|".join(EXTENSIONS.values()) + ')$" {',
              "        types {",
              *[f"            {MEDIA_TYPES[fmt]} {ext};" for fmt, ext in EXTENSIONS.items()],
              "        }", "    }"]
    for kind in KINDS:
        target = "/" + kind.target.format(name="$kb_name")
        lines += ["", f"    # {kind.name}: /{kind.iri_path}<naam> bestaat als de site er een "
                  "pagina voor heeft.",
                  f'    location ~ "^/{kind.iri_path}(?<kb_name>{SEGMENT})/?$" {{',
                  f"        if (!-f $document_root/{kind.iri_path}$kb_name/index.html) {{",
                  "            return 404;", "        }",
                  "        add_header Vary Accept always;",
                  *[f"        {h}" for h in headers],
                  f"        return 303 {target}$kb_suffix;", "    }"]
    lines += ["}", ""]
    return "\n".join(lines)


def _apache_regex(target: str) -> str:
    """THE_REQUEST ('GET /pad?query HTTP/1.1') for exactly this request target: one word of
    the .htaccess (the target holds no quote, backslash or space: see iripaths)."""
    return r"^[A-Z]+\s" + re.escape(target) + r"\sHTTP/"


# Apache reads the .htaccess again and runs its conditions on every request in the site's
# folder: 20,000 IRIs made a 2.7 MB file and 67 ms per request. Beyond this many, a lookup in
# the server configuration (a RewriteMap, a hash) or nginx's map is the way.
MAX_HTACCESS_IRIS = 1_000


def _dutch(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _apache_own(own: Own) -> list[str]:
    lines = ["", f"# De eigen IRI's op {own.host} (exact pad en query, URI-vorm): 303 naar de "
             "pagina of het document."]
    for route in own.routes:
        cond = f"RewriteCond %{{THE_REQUEST}} {_apache_regex(route.target)}"
        flags = "[R=303,L,QSD,E=KB_IRI:1]"
        page_formats = ["html", *[f for f in PREFERENCE[1:] if f not in route.formats]]
        if route.page == route.data + "/" and page_formats == ["html"]:
            lines += [cond, f"RewriteRule ^ {route.data}%{{ENV:KB_SUFFIX}} {flags}"]
            continue
        lines += [cond, f"RewriteCond %{{ENV:KB_FORMAT}} ^({'|'.join(page_formats)})$",
                  f"RewriteRule ^ {route.page} {flags}"]
        if len(page_formats) < len(PREFERENCE):
            lines += [cond, f"RewriteRule ^ {route.data}%{{ENV:KB_SUFFIX}} {flags}"]
    return lines


def apache(own: Own = Own()) -> str:
    """An .htaccess for the root of site/ (mod_rewrite, mod_headers, mod_mime); refused
    beyond MAX_HTACCESS_IRIS own IRIs."""
    if len(own.routes) > MAX_HTACCESS_IRIS:
        raise KennisbankError(
            f"kennisbank serverconfig apache: {_dutch(len(own.routes))} eigen IRI's op host "
            f"{own.host or '(geen)'}; een .htaccess beantwoordt er hoogstens "
            f"{_dutch(MAX_HTACCESS_IRIS)}, omdat Apache het bestand bij elk verzoek opnieuw "
            "leest en elke regel nagaat (20.000 IRI's: 2,7 MB en 67 ms per verzoek). Gebruik "
            "nginx (kennisbank serverconfig nginx zoekt een IRI op in een hashtabel), of zet "
            "in de serverconfiguratie van Apache een RewriteMap met de IRI-paden uit "
            f"{MAP_FILE} (RewriteMap mag niet in een .htaccess); niets geschreven")
    env = {fmt: f"KB_Q_{fmt.upper()}" for fmt in PREFERENCE}
    applies = "^" if own.routes else "^id/"  # the requests that need the Accept rules
    lines = ["# kennisbank: elke IRI (begrip, collectie, begrippenkader) antwoordt met 303 naar",
             "# de HTML-pagina of het RDF-document dat de Accept-header vraagt. Zet dit",
             "# bestand als .htaccess in de hoofdmap van de site (de server moet daar",
             f"# 'AllowOverride {APACHE_ALLOW_OVERRIDE}' toestaan); nodig: mod_rewrite, "
             "mod_headers en mod_mime.", "",
             *[f"AddType {MEDIA_TYPES[fmt]} .{ext}" for fmt, ext in EXTENSIONS.items()],
             f'Header always set Content-Security-Policy "{CSP_HEADER}"',
             f"Header always set X-Content-Type-Options {NOSNIFF}",
             f"Header always set Referrer-Policy {REFERRER_POLICY}",
             "Header always merge Vary Accept env=KB_IRI",
             "ErrorDocument 404 /404.html", "",
             "RewriteEngine On",
             "# Staat de site niet in de hoofdmap van de server, zet hier haar pad.",
             "RewriteBase /", "",
             "# Per formaat de kwaliteit (q) waarmee de Accept-header het vraagt.",
             f"RewriteRule {applies} - [" + ",".join(f"E={var}:{ABSENT}" for var in env.values())
             + ",E=KB_FORMAT:-,E=KB_SUFFIX:/]"]
    for fmt in PREFERENCE:
        for media_range in RANGES[fmt]:
            for rule in accept_rules(media_range):
                lines += [f"RewriteCond %{{ENV:{env[fmt]}}} ={ABSENT}",
                          f"RewriteCond %{{HTTP_ACCEPT}} {rule.pattern} [NC]",
                          f"RewriteRule {applies} - [E={env[fmt]}:{rule.level or '%1'}]"]
    lines += ["", "# Het formaat met de hoogste kwaliteit; bij gelijke stand de eerste van "
              + ", ".join(PREFERENCE) + "."]
    levels = "".join(f"%{{ENV:{env[fmt]}}}" for fmt in PREFERENCE)
    for pattern, fmt in format_rules():
        lines += ["RewriteCond %{ENV:KB_FORMAT} =-", f"RewriteCond {levels} {pattern}",
                  f"RewriteRule {applies} - [E=KB_FORMAT:{fmt},E=KB_SUFFIX:{DOCUMENTS[fmt][0]}]"]
    lines += _apache_own(own) if own.routes else []
    for kind in KINDS:
        target = kind.target.format(name="$1")
        lines += ["", f"# {kind.name}: /{kind.iri_path}<naam> bestaat als de site er een "
                  "pagina voor heeft.",
                  "RewriteCond %{REQUEST_FILENAME}/index.html -f",
                  f"RewriteRule ^{kind.iri_path}({SEGMENT})/?$ {target}%{{ENV:KB_SUFFIX}} "
                  "[R=303,L,E=KB_IRI:1]"]
    lines += ["", "# Een directory zonder index.html: 403, zoals nginx (geen lijst van bestanden).",
              "RewriteCond %{REQUEST_FILENAME} -d",
              "RewriteCond %{REQUEST_FILENAME}/index.html !-f",
              "RewriteRule ^ - [F]", ""]
    return "\n".join(lines)
