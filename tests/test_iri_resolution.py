"""Every IRI resolves: a real nginx (Debian's package) serves a real site build with the
configuration of `kennisbank serverconfig nginx`; the Apache .htaccess is run through an
interpreter of the mod_rewrite rules it uses and, in Debian's Apache started on a loopback
port with the `AllowOverride` the developer docs give, must answer exactly like nginx."""

from __future__ import annotations

import contextlib
import grp
import http.client
import os
import pwd
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, SKOS, Graph, URIRef

from conftest import DATA, REPO
from kennisbank.site.security import CSP_HEADER, CSP_META, REFERRER_POLICY
from kennisbank.skos.mapping import EXTENSIONS, MEDIA_TYPES
from server_support import free_port, running_nginx, wait_for_port
from site_fixtures import build_project

BASE = "https://example.org/"
# (IRI path, IRI, rdf:type, HTML page, documents without their suffix)
IRIS = [
    ("id/begrip/herstel", BASE + "id/begrip/herstel", SKOS.Concept,
     "begrippen/herstel"),
    ("id/collectie/kern", BASE + "id/collectie/kern", SKOS.Collection,
     "begrippen/collectie/kern"),
    ("id/begrippenkader/sitekader", BASE + "id/begrippenkader/sitekader", SKOS.ConceptScheme,
     "downloads/begrippenkader"),
]
SUFFIX = {"html": "/", "turtle": ".ttl", "jsonld": ".jsonld", "rdfxml": ".rdf"}
TYPES = {"html": "text/html", "turtle": "text/turtle", "jsonld": "application/ld+json",
         "rdfxml": "application/rdf+xml"}
RDFLIB = {"turtle": "turtle", "jsonld": "json-ld", "rdfxml": "xml"}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
# Accept header → the format the IRI must redirect to.
ACCEPT = [
    (None, "html"),
    ("", "html"),
    ("text/html", "html"),
    (BROWSER, "html"),
    ("*/*", "html"),
    ("text/*", "html"),
    ("application/xhtml+xml", "html"),
    ("text/turtle", "turtle"),
    ("TEXT/Turtle", "turtle"),
    ("application/x-turtle", "turtle"),
    ("text/turtle, application/x-turtle, */*;q=0.1", "turtle"),  # rdflib's, format="turtle"
    ("application/ld+json", "jsonld"),
    ("application/ld+json, application/json;q=0.9, */*;q=0.1", "jsonld"),  # rdflib json-ld
    ('application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"', "jsonld"),
    ("application/*", "jsonld"),
    ("application/rdf+xml", "rdfxml"),
    ("application/rdf+xml, */*;q=0.1", "rdfxml"),  # rdflib's, format="xml"
    ("application/rdf+xml;q=0.9, text/html;q=0.5", "rdfxml"),
    ("text/html;q=0.1, text/turtle;q=0.8, application/ld+json;q=0.9", "jsonld"),
    ("text/html;q=0.85, application/rdf+xml;q=0.9", "rdfxml"),
    ("text/html;q=0.05, text/turtle;q=0.02", "html"),  # equal at one decimal: html first
    ("text/html;q=0.00, text/turtle;q=0.001", "turtle"),
    ("text/turtle;q=0, application/rdf+xml", "rdfxml"),
    ("text/html;q=0, */*", "turtle"),
    ("text/turtle;q=1.0, text/html;q=0.999", "turtle"),
    ("text/turtle ; q = 0.7 , text/html ; q = 0.6", "turtle"),
    ("text/html;level=1;q=0.2, application/ld+json;q=0.3", "jsonld"),
    ("application/json", "html"),  # nothing we have: the page
    ("image/png, text/plain", "html"),
    ("text/turtlex, text/html;q=0.1", "html"),  # not text/turtle
]


@pytest.fixture(scope="module")
def world_readable_site(fixture_sites: Any) -> Path:
    """The fixture site (built once per session, conftest.py) in a folder where an
    unprivileged nginx worker may read it (pytest's tmp_path is 0700, like every mkdtemp)."""
    return Path(fixture_sites.site("mkdocs"))


@pytest.fixture(scope="module")
def nginx(world_readable_site: Path) -> Iterator[int]:
    """Debian's nginx on a loopback port, serving the site with the generated block."""
    from kennisbank.cli.main import main

    folder = world_readable_site.parent.parent / "nginx"
    folder.mkdir()
    port = free_port()
    conf = folder / "kennisbank.conf"
    with conf.open("w", encoding="utf-8") as out, contextlib.redirect_stdout(out):
        assert main(["serverconfig", "nginx", "--root", str(world_readable_site),
                     "--listen", f"127.0.0.1:{port}"]) == 0
    with running_nginx(folder, port):
        yield port


def _get(port: int, path: str, accept: str | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {} if accept is None else {"Accept": accept}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def _body(port: int, path: str) -> tuple[http.client.HTTPResponse, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def _security_headers(response: http.client.HTTPResponse) -> None:
    assert response.getheader("Content-Security-Policy") == CSP_HEADER
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Referrer-Policy") == REFERRER_POLICY


@pytest.mark.parametrize(("accept", "fmt"), ACCEPT)
@pytest.mark.parametrize(("path", "iri", "rdf_type", "target"), IRIS,
                         ids=[row[0] for row in IRIS])
def test_nginx_answers_every_iri_by_accept_header(nginx: int, path: str, iri: str,
                                                  rdf_type: URIRef, target: str,
                                                  accept: str | None, fmt: str) -> None:
    for variant in (path, path + "/"):
        response = _get(nginx, "/" + variant, accept)
        assert response.status == 303, (variant, accept)
        assert response.getheader("Location") == f"/{target}{SUFFIX[fmt]}", (variant, accept)
        assert response.getheader("Vary") == "Accept"
        _security_headers(response)


# Folders of the built site without an index.html: no server may list their files.
FOLDERS = ["assets/", "assets/javascripts/", "zoeken/", "begrippen/geschiedenis/", "id/",
           "id/begrip/", "begrippen/collectie/"]


def test_nginx_lists_no_folder_and_names_no_version(nginx: int,
                                                    world_readable_site: Path) -> None:
    for folder in FOLDERS:
        assert (world_readable_site / folder).is_dir(), folder
        assert not (world_readable_site / folder / "index.html").exists(), folder
        response, body = _body(nginx, "/" + folder)
        assert response.status == 403, folder
        assert b"Index of" not in body and b"<pre>" not in body, folder
    response = _get(nginx, "/begrippen/herstel/")
    assert response.getheader("Server") == "nginx"  # server_tokens off: no version
    _security_headers(response)


@pytest.mark.parametrize(("path", "iri", "rdf_type", "target"), IRIS,
                         ids=[row[0] for row in IRIS])
@pytest.mark.parametrize("fmt", ["html", "turtle", "jsonld", "rdfxml"])
def test_nginx_serves_each_document_describing_its_iri(nginx: int, path: str, iri: str,
                                                       rdf_type: URIRef, target: str,
                                                       fmt: str) -> None:
    location = _get(nginx, "/" + path, TYPES[fmt]).getheader("Location")
    assert location is not None
    response, body = _body(nginx, location)
    assert response.status == 200
    assert (response.getheader("Content-Type") or "").split(";")[0] == TYPES[fmt]
    _security_headers(response)
    if fmt == "html":
        assert iri in body.decode("utf-8")
        return
    graph = Graph().parse(data=body, format=RDFLIB[fmt])
    assert (URIRef(iri), RDF.type, rdf_type) in graph
    assert (URIRef(iri), SKOS.prefLabel, None) in graph


def test_rdflib_follows_the_redirect_of_every_iri(nginx: int) -> None:
    """An RDF client that only knows the IRI (rdflib, its own Accept header and urllib's
    redirect handling) gets the data, typed by the Content-Type it was served with."""
    for path, iri, rdf_type, _ in IRIS:
        graph = Graph().parse(f"http://127.0.0.1:{nginx}/{path}")
        assert (URIRef(iri), RDF.type, rdf_type) in graph


def test_nginx_unknown_iris_and_other_files(nginx: int, world_readable_site: Path) -> None:
    for path in ("id/begrip/bestaat-niet", "id/collectie/bestaat-niet",
                 "id/begrippenkader/ander-kader", "id/begrip/Herstel"):
        response = _get(nginx, "/" + path, "text/turtle")
        assert response.status == 404, path
        _security_headers(response)
    for fmt, ext in EXTENSIONS.items():
        response, body = _body(nginx, f"/downloads/begrippenkader.{ext}")
        assert response.status == 200
        assert response.getheader("Content-Type") == MEDIA_TYPES[fmt]
        assert body == (world_readable_site / "downloads" / f"begrippenkader.{ext}").read_bytes()
    # the static fallback page itself stays reachable by its file name
    response, body = _body(nginx, "/id/begrip/herstel/index.html")
    assert response.status == 200 and b'rel="alternate describedby"' in body
    response = _get(nginx, "/begrippen/herstel")  # pages keep their slash: relative links
    assert (response.status, response.getheader("Location")) == (301, "/begrippen/herstel/")
    response, _ = _body(nginx, "/begrippen/herstel/")
    assert response.status == 200 and response.getheader("Content-Type", "").startswith(
        "text/html")
    _security_headers(response)


# -- the .htaccess, run by a small interpreter of the mod_rewrite subset it uses -------------


class Htaccess:
    """RewriteCond/RewriteRule as mod_rewrite evaluates them in per-directory context:
    conditions ANDed, %N from the last matched condition, E= sets variables, R ends, F
    forbids (the answer is then '403')."""

    def __init__(self, text: str, root: Path):
        self.lines = [line for line in text.splitlines()
                      if line.strip() and not line.startswith("#")]
        self.root = root

    def request(self, path: str, accept: str | None) -> str | None:
        """The Location of the 303 for `path` (without leading /), '403', or None."""
        env: dict[str, str] = {}
        conditions: list[tuple[str, str, str]] = []
        for line in self.lines:
            words = line.split(" ")
            if words[0] == "RewriteCond":
                conditions.append((words[1], words[2], words[3] if len(words) > 3 else ""))
                continue
            if words[0] != "RewriteRule":
                continue
            pattern, substitution, flags = words[1], words[2], words[3].strip("[]").split(",")
            match = re.search(pattern, path)
            backrefs: tuple[str, ...] = ()
            ok = match is not None
            for test, cond, cflags in conditions if ok else []:
                value = self.expand(test, env, accept, path)
                if cond in ("-f", "!-f", "-d"):
                    ok = {"-f": Path(value).is_file, "-d": Path(value).is_dir,
                          "!-f": lambda v=value: not Path(v).is_file()}[cond]()
                elif cond.startswith("="):
                    ok = value == cond[1:]
                else:
                    assert cflags in ("", "[NC]"), cflags
                    found = re.search(cond, value, re.I if cflags else 0)
                    ok = found is not None
                    if found:
                        backrefs = tuple(g or "" for g in found.groups())
                if not ok:
                    break
            conditions = []
            if not ok or match is None:
                continue
            for flag in flags:
                if flag.startswith("E="):
                    name, value = flag[2:].split(":", 1)
                    for i, group in enumerate(backrefs, start=1):
                        value = value.replace(f"%{i}", group)
                    env[name] = value
                else:
                    assert flag in ("R=303", "L", "F", "QSD"), flag
            assert "%" not in "".join(env.values())
            if "F" in flags:
                return "403"
            if substitution != "-":
                assert "R=303" in flags and "L" in flags
                target = substitution
                for i, group in enumerate(match.groups(), start=1):
                    target = target.replace(f"${i}", group)
                return "/" + self.expand(target, env, accept, path)
        return None

    def expand(self, value: str, env: dict[str, str], accept: str | None, path: str) -> str:
        def variable(m: re.Match[str]) -> str:
            name = m[1]
            if name.startswith("ENV:"):
                return env.get(name[4:], "")
            if name == "HTTP_ACCEPT":
                return accept or ""
            if name == "THE_REQUEST":
                return f"GET /{path} HTTP/1.1"
            assert name == "REQUEST_FILENAME", name
            return str(self.root / path)

        return re.sub(r"%\{([A-Z_:]+)\}", variable, value)


@pytest.fixture(scope="module")
def htaccess(world_readable_site: Path) -> str:
    from kennisbank.site.serverconfig import apache, own_iris

    own, findings = own_iris(world_readable_site, None)
    assert len(own.routes) == 8 and findings == []  # 5 concepts, 2 collections, the scheme
    return apache(own)


@pytest.mark.parametrize(("accept", "fmt"), ACCEPT)
def test_htaccess_answers_like_nginx(htaccess: str, world_readable_site: Path,
                                     accept: str | None, fmt: str) -> None:
    rules = Htaccess(htaccess, world_readable_site)
    for path, _, _, target in IRIS:
        for variant in (path, path + "/"):
            assert rules.request(variant, accept) == f"/{target}{SUFFIX[fmt]}", (variant, accept)
    for missing in ("id/begrip/bestaat-niet", "id/collectie/bestaat-niet",
                    "id/begrippenkader/ander-kader", "begrippen/herstel/"):
        assert rules.request(missing, accept) is None
    for folder in FOLDERS:
        assert rules.request(folder, accept) == "403", folder


def test_htaccess_covers_every_media_type_and_header(htaccess: str) -> None:
    for fmt, ext in EXTENSIONS.items():
        assert f"AddType {MEDIA_TYPES[fmt]} .{ext}\n" in htaccess
    assert f'Header always set Content-Security-Policy "{CSP_HEADER}"\n' in htaccess
    assert "Header always set X-Content-Type-Options nosniff\n" in htaccess
    assert f"Header always set Referrer-Policy {REFERRER_POLICY}\n" in htaccess
    # No Options line: `AllowOverride Options` does not allow MultiViews (a 500 for every
    # request), and without Options in AllowOverride any Options line is a 500 as well.
    assert not re.search(r"^\s*Options\b", htaccess, re.M)
    assert "Header always merge Vary Accept env=KB_IRI\n" in htaccess
    redirects = re.findall(r"^RewriteRule \^id/(\w+)/\S+ (\S+) \[R=303,L,E=KB_IRI:1\]$",
                           htaccess, re.M)
    assert redirects == [("begrip", "begrippen/$1%{ENV:KB_SUFFIX}"),
                         ("collectie", "begrippen/collectie/$1%{ENV:KB_SUFFIX}"),
                         ("begrippenkader", "downloads/begrippenkader%{ENV:KB_SUFFIX}")]
    # every line is a directive the interpreter above (or Apache's core) knows
    for line in htaccess.splitlines():
        assert not line or line.startswith("#") or line.split(" ")[0] in {
            "AddType", "Header", "ErrorDocument", "RewriteEngine", "RewriteBase",
            "RewriteCond", "RewriteRule"}, line


# -- a real Apache: Debian's apache2, installed by `make test` --------------------------------

APACHE = Path("/usr/sbin/apache2")
APACHE_MODULES = Path("/usr/lib/apache2/modules")


def _documented_allow_override() -> str:
    """The `AllowOverride` that dev/cli.md tells an administrator to set."""
    found = re.search(r"`AllowOverride ([A-Za-z ]+)`", (REPO / "dev" / "cli.md").read_text(
        encoding="utf-8"))
    assert found, "dev/cli.md names the AllowOverride the .htaccess needs"
    return found.group(1)


def _allow_overrides() -> list[str]:
    from kennisbank.site.serverconfig import APACHE_ALLOW_OVERRIDE

    return sorted({_documented_allow_override(), APACHE_ALLOW_OVERRIDE})


@pytest.fixture(scope="module", params=_allow_overrides())
def apache(request: pytest.FixtureRequest, world_readable_site: Path,
           htaccess: str) -> Iterator[int]:
    """Debian's Apache on a loopback port (never as a service), the site's <Directory> with
    the AllowOverride of the docs (and the minimum the .htaccess says it needs)."""
    if not APACHE.is_file():
        pytest.fail("Apache ontbreekt: `make test` installeert Debian's apache2 (apt-get)")
    allow = request.param
    folder = world_readable_site.parent.parent / f"apache-{allow.replace(' ', '-')}"
    folder.mkdir()
    site = folder / "site"  # a copy: the shared build stays as it was built
    shutil.copytree(world_readable_site, site)
    (site / ".htaccess").write_text(htaccess, encoding="utf-8")
    port = free_port()
    modules = "".join(f"LoadModule {name}_module {APACHE_MODULES}/mod_{name}.so\n"
                      for name in ("mpm_prefork", "authz_core", "dir", "mime", "rewrite",
                                   "headers", "autoindex"))
    user = ""
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        user = f"User nobody\nGroup {grp.getgrgid(nobody.pw_gid).gr_name}\n"
    (folder / "httpd.conf").write_text(
        f"ServerRoot {folder}\nServerName 127.0.0.1\nListen 127.0.0.1:{port}\n"
        f"PidFile {folder / 'httpd.pid'}\nErrorLog {folder / 'error.log'}\n{modules}{user}"
        f"TypesConfig /etc/mime.types\nDocumentRoot {site}\n"
        "DirectoryIndex index.html\n<Directory />\n  AllowOverride None\n"
        "  Require all denied\n</Directory>\n"
        # as Debian's default site: listings on, unless the .htaccess refuses them
        f"<Directory {site}>\n  Options Indexes FollowSymLinks\n"
        f"  AllowOverride {allow}\n  Require all granted\n"
        "</Directory>\n", encoding="utf-8")
    # Its own session: on SIGTERM Apache's parent signals its whole process group.
    process = subprocess.Popen([str(APACHE), "-f", str(folder / "httpd.conf"), "-DFOREGROUND"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        wait_for_port(process, port, folder, "apache")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()


@pytest.mark.parametrize(("accept", "fmt"), ACCEPT)
def test_real_apache_answers_like_nginx(apache: int, accept: str | None, fmt: str) -> None:
    for path, _, _, target in IRIS:
        for variant in (path, path + "/"):
            response = _get(apache, "/" + variant, accept)
            assert response.status == 303, (variant, accept)
            location = (response.getheader("Location") or "").replace(
                f"http://127.0.0.1:{apache}", "")
            assert location == f"/{target}{SUFFIX[fmt]}", (variant, accept)
            assert response.getheader("Vary") == "Accept"
            _security_headers(response)
            served = _get(apache, location)
            assert served.status == 200
            assert (served.getheader("Content-Type") or "").split(";")[0] == TYPES[fmt]
            _security_headers(served)
    assert _get(apache, "/id/begrip/bestaat-niet", accept).status == 404


def test_real_apache_lists_no_folder_like_nginx(apache: int) -> None:
    """Debian's Apache lists a folder's files unless told not to; nginx answers 403."""
    for folder in FOLDERS:
        response, body = _body(apache, "/" + folder)
        assert response.status == 403, folder
        assert b"Index of" not in body, folder
    response, body = _body(apache, "/begrippen/herstel/")
    assert response.status == 200 and b"herstel" in body
    _security_headers(response)


# -- the static-host fallback: the page at each IRI path ------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def _tags(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Links()
    parser.feed(html)
    return parser.tags


@pytest.mark.parametrize(("path", "iri", "rdf_type", "target"), IRIS,
                         ids=[row[0] for row in IRIS])
def test_fallback_page_forwards_and_links_its_data(world_readable_site: Path, path: str,
                                                   iri: str, rdf_type: URIRef,
                                                   target: str) -> None:
    folder = world_readable_site / path
    html = (folder / "index.html").read_text(encoding="utf-8")
    tags = _tags(html)
    assert ("html", {"lang": "nl"}) in tags
    page = "../" * path.count("/") + "../" + target + "/"
    assert ("meta", {"http-equiv": "refresh", "content": f"0; url={page}"}) in tags
    assert ("link", {"rel": "canonical", "href": page}) in tags
    assert (folder / page / "index.html").resolve().is_file()
    assert iri in html
    # Material fetches a sitemap.xml beside every link whose rel is exactly "alternate"
    assert all(a.get("rel") != "alternate" for _, a in tags)
    alternates = {a["type"]: a["href"] for tag, a in tags
                  if tag == "link" and a.get("rel") == "alternate describedby"}
    visible = {a["type"]: a["href"] for tag, a in tags if tag == "a" and "type" in a}
    assert set(alternates) == {TYPES[fmt] for fmt in RDFLIB}
    assert visible == alternates
    for fmt in RDFLIB:
        href = alternates[TYPES[fmt]]
        assert href == "../" * path.count("/") + "../" + target + SUFFIX[fmt]
        graph = Graph().parse((folder / href).resolve(), format=RDFLIB[fmt])
        assert (URIRef(iri), RDF.type, rdf_type) in graph
    assert [a["content"] for tag, a in tags if a.get("http-equiv") ==
            "Content-Security-Policy"] == [CSP_META]


def test_concept_page_links_all_three_documents(world_readable_site: Path) -> None:
    html = (world_readable_site / "begrippen" / "herstel" / "index.html").read_text("utf-8")
    head, body = html.split("</head>", 1)
    for ext, media_type in (("ttl", "text/turtle"), ("jsonld", "application/ld+json"),
                            ("rdf", "application/rdf+xml")):
        assert f'<link rel="alternate describedby" type="{media_type}" href="../herstel.{ext}">' \
            in head
        assert f'<a href="../herstel.{ext}" type="{media_type}">' in body
    graph = Graph().parse(world_readable_site / "begrippen" / "herstel.rdf", format="xml")
    assert (URIRef(BASE + "id/begrip/herstel"), RDF.type, SKOS.Concept) in graph
    assert not any(s != URIRef(BASE + "id/begrip/herstel") for s in graph.subjects()
                   if isinstance(s, URIRef))


def test_scheme_page_says_what_the_scheme_says(world_readable_site: Path) -> None:
    html = (world_readable_site / "downloads" / "begrippenkader" / "index.html").read_text(
        "utf-8")
    assert re.search(r"<h1[^>]*>Sitekader<", html)
    assert "Een kader om de site mee te testen." in html
    assert BASE + "id/begrippenkader/sitekader" in html
    assert "Testorganisatie" in html
    assert "<strong>Versie:</strong> 2.0" in html
    assert 'href="https://creativecommons.org/publicdomain/zero/1.0/"' in html
    assert 'href="../../begrippen/collectie/kern/"' in html
    assert 'href="../../begrippen/herstel/"' in html  # a top concept
    for ext in ("ttl", "jsonld", "rdf"):
        assert f'href="../begrippenkader.{ext}"' in html


def test_collection_documents_hold_the_collection(world_readable_site: Path) -> None:
    kern = URIRef(BASE + "id/collectie/kern")
    graph = Graph().parse(world_readable_site / "begrippen" / "collectie" / "kern.ttl")
    assert (kern, RDF.type, SKOS.Collection) in graph
    assert (kern, SKOS.member, URIRef(BASE + "id/begrip/herstel")) in graph
    assert set(graph.subjects()) == {kern}


def test_iri_documents_are_deterministic(tmp_path: Path) -> None:
    from kennisbank.content.load import load
    from kennisbank.site.generate import Site

    inhoud, _ = load(DATA / "site")
    first = Site(inhoud).generate().files
    second = Site(load(DATA / "site")[0]).generate().files
    mine = [rel for rel in first if rel.startswith("id/") or rel.endswith(".rdf")
            or rel.startswith("begrippen/collectie/") or rel == "downloads/begrippenkader.md"]
    assert len(mine) > 15
    assert all(first[rel] == second[rel] for rel in mine)
    assert {rel for rel in second if rel.startswith("id/")} == \
        {rel for rel in first if rel.startswith("id/")}


# -- the command ---------------------------------------------------------------------------


def test_serverconfig_command_and_its_usage_errors(run_cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                   world_readable_site: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    site = str(world_readable_site)
    code, out, _ = run_cli("serverconfig", "nginx", "--root", site, "--listen",
                           "[::1]:8080", "--server-name", "begrippen.example.nl")
    assert code == 0
    assert f'    root "{site}";\n' in out and "    listen [::1]:8080;\n" in out
    assert "    server_name begrippen.example.nl;\n" in out
    # four Accept maps, format and suffix; page, documents, fallback and location of own IRIs
    assert out.count("server {") == 1 and out.count("map ") == 11
    assert "# Eigen IRI's beantwoord op host example.org: " in out
    monkeypatch.chdir(world_readable_site.parent)
    code, out, _ = run_cli("serverconfig", "nginx")
    assert code == 0 and "    listen 80;\n" in out and f'root "{site}";' in out
    code, out, _ = run_cli("serverconfig", "apache")
    assert code == 0 and out.startswith("# kennisbank") and "RewriteEngine On\n" in out
    code, out, err = run_cli("serverconfig", "nginx", "--root", str(tmp_path))
    assert (code, out) == (1, "")
    assert f"{tmp_path}/downloads/iris.json: bestaat niet" in err and "kennisbank build" in err
    (tmp_path / "downloads").mkdir()
    (tmp_path / "downloads" / "iris.json").write_text('{"a": 1}', encoding="utf-8")
    code, out, err = run_cli("serverconfig", "apache", "--root", str(tmp_path))
    assert (code, out) == (1, "") and "geen lijst van IRI's van kennisbank" in err
    for args, message in [
        (("--listen", "80; include /etc/passwd"), "--listen '80; include /etc/passwd' is geen "
         "adres"),
        (("--listen", "70000"), "--listen '70000' is geen adres"),
        (("--listen", "localhost:0"), "--listen 'localhost:0' is geen adres"),
        (("--root", "/srv/$host"), "--root '/srv/$host' is geen bruikbaar absoluut pad"),
        (("--root", '/srv/"x'), "is geen bruikbaar absoluut pad"),
        (("--root", "/srv/x\\y"), "is geen bruikbaar absoluut pad"),
        (("--root", "/srv/x\n}"), "is geen bruikbaar absoluut pad"),
        (("--server-name", "a;b"), "--server-name 'a;b' is geen servernaam"),
        (("--host", "a b;"), "--host 'a b;' is geen host"),
    ]:
        for_root = ["--root", site] if args[0] != "--root" else []
        code, out, err = run_cli("serverconfig", "nginx", *for_root, *args)
        assert (code, out) == (2, ""), args
        assert message in err
    code, out, err = run_cli("serverconfig", "apache", "--listen", "80")
    assert (code, out) == (2, "") and "--listen geldt alleen voor nginx" in err
    code, _, err = run_cli("serverconfig", "iis")
    assert code == 2 and "ongeldige keuze: 'iis' (kies uit 'nginx', 'apache')" in err


def test_no_rdfxml_where_rdfxml_cannot_say_it(tmp_path: Path) -> None:
    """Under `profiel: skos` an overige_rdf predicate without XML name is a warning; the
    site then has no RDF/XML of that concept or of the scheme, and links to none."""
    content = tmp_path / "inhoud"
    shutil.copytree(DATA / "site", content)
    kader = content / "begrippen" / "_kader.yaml"
    kader.write_text("profiel: skos\n" + kader.read_text("utf-8"), encoding="utf-8")
    with (content / "begrippen" / "herstel.yaml").open("a", encoding="utf-8") as out:
        out.write("overige_rdf: |\n  <https://example.org/id/begrip/herstel> "
                  '<http://example.org/def/12> "x" .\n')
    site = build_project(content, tmp_path / "project")
    assert not (site / "begrippen" / "herstel.rdf").exists()
    assert not (site / "downloads" / "begrippenkader.rdf").exists()
    assert (site / "begrippen" / "erkenning.rdf").is_file()
    for page in ("id/begrip/herstel/index.html", "id/begrippenkader/sitekader/index.html",
                 "begrippen/herstel/index.html"):
        html = (site / page).read_text("utf-8")
        assert "application/rdf+xml" not in html and 'type="text/turtle"' in html, page
    downloads = (site / "downloads" / "index.html").read_text("utf-8")
    assert "niet beschikbaar: RDF/XML kan een predicaat" in downloads
    assert 'href="begrippenkader.rdf"' not in downloads


@pytest.mark.parametrize("header", [
    "*/*;" + " " * 65_000 + ";q=x",
    "text/html;" + " " * 65_000 + ";q=x",
    "text/html" + " " * 65_000 + "x",
    "*/*;a=" + "b " * 32_000 + ";q=x",
], ids=["spaces-after-param", "spaces-after-type-param", "spaces-after-type", "words"])
def test_no_accept_header_makes_the_maps_backtrack(header: str) -> None:
    """The second attack on round two: thousands of spaces in one Accept header made every
    rule try every way to split them (nginx: 0.8 s per request, a worker blocked). Every rule
    of both servers over a 64 kB hostile header: linear now (milliseconds), quadratic before
    (over a minute). A hang limit, not a timing target."""

    from kennisbank.site.serverconfig import RANGES, accept_rules

    patterns = [re.compile(rule.pattern.replace("(?<", "(?P<"), re.IGNORECASE)
                for ranges in RANGES.values() for media_range in ranges
                for rule in accept_rules(media_range, "q")]
    started = time.monotonic()
    for pattern in patterns:
        pattern.search(header)
    assert time.monotonic() - started < 10
