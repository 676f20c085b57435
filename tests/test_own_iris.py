"""Own IRIs resolve: every real vocabulary of tests/data/echt is imported unedited with
`kennisbank import --out`, built in place into a site of its own (MkDocs; two under
Zensical), given the configuration of `kennisbank serverconfig nginx`, and served by
Debian's nginx on a loopback port, whose unprivileged worker reads the project where the
import put it. Every concept, collection and scheme IRI (every scheme of a file with several)
of the vocabulary on the site's host is then requested at its real path with four Accept
headers: each must be a 303 with `Vary: Accept` and the security headers to the right page
or document, and that document must parse and describe exactly that IRI. A second site holds
the hard cases (hash IRIs, a query, percent-encoding, non-ASCII, a local name that is no slug,
the host root, paths a server cannot answer)."""

from __future__ import annotations

import contextlib
import html
import io
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from rdflib import RDF, SKOS, Graph, URIRef

from conftest import DATA
from kennisbank.site.security import CSP_HEADER, REFERRER_POLICY
from server_support import free_port, request, running_nginx
from site_fixtures import BUILDS, build_project

ECHT = DATA / "echt"
# (folder in tests/data/echt, file, engine)
VOCABULARIES = [
    ("netbeheer", "begrippenkader.ttl", "mkdocs"),
    ("energiesysteembeheer", "energiesysteembeheer.ttl", "mkdocs"),
    ("openskos-iso639", "iso-639-3-clavas.rdf", "mkdocs"),
    ("skohub-systematik", "systematik.ttl", "mkdocs"),
    ("skohub-twee-schemas", "twoConceptSchemesOneFile.ttl", "mkdocs"),
    ("skosmos-test", "test.ttl", "zensical"),
    ("skosmos-microthesauri", "test-concept-schemes.ttl", "mkdocs"),
    ("imka-hitte", "imka-begrippen.ttl", "zensical"),
    ("mim-begrippen", "begrippen.ttl", "mkdocs"),
    ("nlsbb-thesaurus", "thesaurus.ttl", "mkdocs"),
    ("coar-versietypen", "version_types.rdf", "mkdocs"),
]
ACCEPT = {"html": "text/html", "turtle": "text/turtle", "jsonld": "application/ld+json",
          "rdfxml": "application/rdf+xml"}
SUFFIX = {"turtle": ".ttl", "jsonld": ".jsonld", "rdfxml": ".rdf"}
RDFLIB = {"turtle": "turtle", "jsonld": "json-ld", "rdfxml": "xml"}
TYPES = {"begrip": SKOS.Concept, "collectie": SKOS.Collection,
         "begrippenkader": SKOS.ConceptScheme}


def _serverconfig(site: Path, folder: Path, port: int, *extra: str) -> tuple[str, str]:
    from kennisbank.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert main(["serverconfig", "nginx", "--root", str(site), "--listen",
                     f"127.0.0.1:{port}", *extra]) == 0
    (folder / "kennisbank.conf").write_text(out.getvalue(), encoding="utf-8")
    return out.getvalue(), err.getvalue()


def _target(iri: str) -> str:
    """The request target of an IRI, computed here without the code under test."""
    parts = urlsplit(iri)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return "".join(c if ord(c) < 128 else "".join(f"%{b:02X}" for b in c.encode())
                   for c in target)


def _expected(entry: dict[str, object], fmt: str) -> str:
    formats = entry["formaten"]
    assert isinstance(formats, list)
    if fmt == "html" or fmt not in formats:
        return "/index.html" if _target(str(entry["iri"])) == "/" else f"/{entry['pagina']}"
    return f"/{entry['gegevens']}{SUFFIX[fmt]}"


def _problems(port: int, entry: dict[str, object], site: Path) -> list[str]:
    """Everything wrong with how the server answers one IRI (empty when all is right)."""
    iri, kind = str(entry["iri"]), str(entry["soort"])
    problems = []
    for fmt, accept in ACCEPT.items():
        response, _ = request(port, _target(iri), accept)
        where = f"{iri} [{accept}]"
        location = response.getheader("Location")
        if response.status != 303 or location != _expected(entry, fmt):
            problems.append(f"{where}: {response.status} {location}, verwacht 303 "
                            f"{_expected(entry, fmt)}")
            continue
        if (response.getheader("Vary"), response.getheader("Content-Security-Policy"),
                response.getheader("X-Content-Type-Options"),
                response.getheader("Referrer-Policy")) != ("Accept", CSP_HEADER, "nosniff",
                                                           REFERRER_POLICY):
            problems.append(f"{where}: headers {response.getheaders()}")
        served, body = request(port, location)
        media = (served.getheader("Content-Type") or "").split(";")[0]
        if served.status != 200:
            problems.append(f"{where}: {location} gave {served.status}")
            continue
        if fmt == "html" or fmt not in entry["formaten"]:  # type: ignore[operator]
            named = location == "/index.html" or iri in html.unescape(body.decode())
            if media != "text/html" or not named:
                problems.append(f"{where}: the page {location} does not name the IRI")
            continue
        if media != ACCEPT[fmt]:
            problems.append(f"{where}: {location} served as {media}")
        graph = Graph().parse(data=body, format=RDFLIB[fmt])
        if (URIRef(iri), RDF.type, TYPES[kind]) not in graph:
            problems.append(f"{where}: {location} does not type the IRI as {TYPES[kind]}")
        typed = set(graph.subjects(RDF.type, TYPES[kind]))
        if kind != "begrippenkader" and typed != {URIRef(iri)}:
            problems.append(f"{where}: {location} describes {sorted(typed)}")
    return problems


@pytest.fixture(scope="module")
def readable() -> Iterator[Path]:
    """A folder an unprivileged nginx worker may read (pytest's tmp_path is 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="kennisbank-iri-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module", params=VOCABULARIES, ids=[v[0] for v in VOCABULARIES])
def nginx(request: pytest.FixtureRequest,
          readable: Path) -> Iterator[tuple[list[Path], list[int], Path]]:
    """One real vocabulary imported into a project of its own, built there (nothing copied
    from this repository) and served in place by nginx."""
    from kennisbank.cli.main import main

    name, file, engine = request.param
    tmp = readable / name
    root = tmp / "project"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["import", str(ECHT / name / file), "--out", str(root)]) == 0
        assert main(["build", "--root", str(root), "--engine", engine]) == 0
    BUILDS[(f"echt/{name} (eigen site)", engine)] += 1
    server = tmp / "nginx0"
    server.mkdir()
    port = free_port()
    _serverconfig(root / "site", server, port)
    with running_nginx(server, port):
        yield [root / "site"], [port], ECHT / name / file


@pytest.mark.slow
def test_every_own_iri_answers_with_its_document(
        nginx: tuple[list[Path], list[int], Path]) -> None:
    sites, ports, source = nginx
    graph = Graph().parse(source, format="xml" if source.suffix == ".rdf" else "turtle")
    schemes = {str(s) for s in graph.subjects(RDF.type, SKOS.ConceptScheme)} | {
        str(o) for o in graph.objects(None, SKOS.inScheme)}
    requests, failures, answered = 0, [], 0
    for site, port in zip(sites, ports, strict=True):
        entries = json.loads((site / "downloads" / "iris.json").read_text(encoding="utf-8"))
        # every scheme of the file, not only the main one, has its page and documents
        assert schemes <= {e["iri"] for e in entries if e["soort"] == "begrippenkader"}
        conf = (site.parent.parent / f"nginx{sites.index(site)}" / "kennisbank.conf").read_text(
            encoding="utf-8")
        host = conf.split("# Eigen IRI's beantwoord op host ", 1)[1].split(":", 1)[0]
        mine = [e for e in entries if urlsplit(e["iri"]).hostname == host]
        assert len(mine) >= len(entries) / 2  # the default host is the host of most IRIs
        for entry in mine:
            answered += 1
            requests += 2 * len(ACCEPT)
            failures += _problems(port, entry, site)
        others = len(entries) - len(mine)
        assert (f"{others} IRI's staan op een andere host" in conf) == bool(others)
        # an IRI of the vocabulary with one letter changed is not answered
        response, _ = request(port, _target(mine[0]["iri"]) + "-x", "text/turtle")
        assert response.status == 404
    print(f"\n{answered} IRIs, {requests} requests, {len(failures)} failures")
    assert not failures, "\n".join(failures[:20])


# -- the hard cases ------------------------------------------------------------------------

HARD = {  # concept id → its IRI
    "erkenning": "https://example.org/def/begrippen#erkenning",
    "herstel": "https://example.org/id/concept/herstel?versie=2&taal=nl",
    "excuses": "https://example.org/id/concept/café",
    # '$' (R4-4): nginx has no escape for it in a string; the map values get it from a variable
    "spijtbetuiging": "https://example.org/id/concept/3d_geometrie%2Fx$prijs",
    "aanvullende-schade": "https://other.example.net/id/begrip/aanvullende-schade",
}


@pytest.fixture(scope="module")
def hard_site(readable: Path) -> Path:
    tmp = readable / "hard"
    content = tmp / "inhoud"
    shutil.copytree(DATA / "site", content)
    for ident, iri in HARD.items():
        path = content / "begrippen" / f"{ident}.yaml"
        path.write_text(f"uri: {iri}\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    kader = content / "begrippen" / "_kader.yaml"
    kader.write_text("uri: https://example.org\n" + kader.read_text(encoding="utf-8"),
                     encoding="utf-8")
    site = build_project(content, tmp / "project")
    site.parent.chmod(0o755)
    return site


def test_hard_iris_become_exact_targets(hard_site: Path) -> None:
    from kennisbank.site.iripaths import read_map, request_target

    entries = {e.iri: e for e in read_map(
        (hard_site / "downloads" / "iris.json").read_text(encoding="utf-8"))}
    assert request_target(HARD["herstel"]) == "/id/concept/herstel?versie=2&taal=nl"
    assert request_target(HARD["excuses"]) == "/id/concept/caf%C3%A9"
    assert request_target(HARD["spijtbetuiging"]) == "/id/concept/3d_geometrie%2Fx$prijs"
    assert request_target(HARD["erkenning"]) == "/def/begrippen"
    assert request_target("https://example.org") == "/"
    assert entries["https://example.org"].kind == "begrippenkader"
    assert entries[HARD["excuses"]].page == "begrippen/excuses/"


@pytest.mark.parametrize(("iri", "problem"), [
    ("https://example.org/a/../b", "een segment '.' of '..'"),
    ("https://example.org/a%zz", "geen geldig URI-pad"),
    ("https://example.org/" + "a" * 1001, "hoogstens 1000"),
    ("https://example.org/begrippen/herstel/", "valt samen met een bestand of map"),
    ("https://example.org/downloads/iris.json", "valt samen met een bestand of map"),
    ("https://example.org/ID/Concept/Herstel", "nginx vergelijkt paden zonder op hoofdletters"),
])
def test_what_a_server_cannot_answer_is_a_finding(iri: str, problem: str) -> None:
    from kennisbank.site.iripaths import IriEntry, routes

    first = IriEntry("https://example.org/id/concept/herstel", "begrip", "begrippen/herstel/",
                     "begrippen/herstel", ("turtle",), 2)
    bad = IriEntry(iri, "begrip", "begrippen/x/", "begrippen/x", ("turtle",), 3)
    answered, findings, other = routes([first, bad], "example.org",
                                       {"begrippen/herstel/", "downloads/iris.json"}, "m.json")
    assert [r.iri for r in answered] == [first.iri] and other == 0
    assert len(findings) == 1 and problem in findings[0].message
    assert findings[0].format().startswith("m.json:3:1: waarschuwing [iri-")
    assert iri in findings[0].message and "de server beantwoordt haar niet" in findings[0].message


def test_hard_iris_answer_behind_nginx(hard_site: Path) -> None:
    folder = hard_site.parent.parent / "nginx"
    folder.mkdir()
    port = free_port()
    conf, err = _serverconfig(hard_site, folder, port)
    assert "1 IRI's staan op een andere host (other.example.net)" in conf
    assert err == ""
    entries = json.loads((hard_site / "downloads" / "iris.json").read_text(encoding="utf-8"))
    with running_nginx(folder, port):
        for entry in entries:
            if entry["iri"] == HARD["aanvullende-schade"]:
                response, _ = request(port, "/id/begrip/aanvullende-schade", "text/turtle")
                assert response.getheader("Location") == "/begrippen/aanvullende-schade.ttl"
                continue  # only its alias: the IRI is on another host
            if "#" in entry["iri"]:
                continue
            assert _problems(port, entry, hard_site) == [], entry["iri"]
        # the hash IRI: its document is the whole vocabulary, which describes it
        response, _ = request(port, "/def/begrippen", "text/turtle")
        assert (response.status, response.getheader("Location")) == (
            303, "/downloads/begrippenkader.ttl")
        _, body = request(port, "/downloads/begrippenkader.ttl")
        graph = Graph().parse(data=body, format="turtle")
        assert (URIRef(HARD["erkenning"]), RDF.type, SKOS.Concept) in graph
        # exact comparison: another query, lower-case hex, the decoded form, another case
        for target in ("/id/concept/herstel", "/id/concept/herstel?versie=2",
                       "/id/concept/caf%c3%a9", "/id/concept/3d_geometrie/x$prijs",
                       "/id/concept/3d_geometrie%2Fx", "/id/concept/3d_geometrie%2Fx%24prijs",
                       "/ID/concept/herstel?versie=2&taal=nl"):
            response, _ = request(port, target, "text/turtle")
            assert response.status == 404, target
        # the home page still works for a browser: the host root is the scheme's IRI
        response, _ = request(port, "/", "text/html,application/xhtml+xml,*/*;q=0.8")
        assert (response.status, response.getheader("Location")) == (303, "/index.html")
        response, body = request(port, "/index.html")
        assert response.status == 200 and b"<h1" in body
        response, _ = request(port, "/?x=1", "text/html")
        assert response.status == 200  # another target: the home page itself


def test_htaccess_refuses_more_own_iris_than_apache_reads_per_request() -> None:
    # R4-5: Apache reads the .htaccess and runs its rules on every request; one IRI more
    # than the limit is refused with the alternatives, the limit itself is written.
    from kennisbank.core.findings import KennisbankError
    from kennisbank.site.iripaths import Route
    from kennisbank.site.serverconfig import MAX_HTACCESS_IRIS, Own, apache

    def own(n: int) -> Own:
        return Own(tuple(Route(f"/id/begrip/c{i}", f"begrippen/c{i}/", f"begrippen/c{i}",
                               ("turtle",), f"https://example.org/id/begrip/c{i}")
                         for i in range(n)), "example.org")

    text = apache(own(MAX_HTACCESS_IRIS))
    assert text.count("RewriteCond %{THE_REQUEST}") == 2 * MAX_HTACCESS_IRIS
    with pytest.raises(KennisbankError) as refused:
        apache(own(MAX_HTACCESS_IRIS + 1))
    message = refused.value.message
    assert message.startswith("kennisbank serverconfig apache: 1.001 eigen IRI's op host "
                              "example.org; een .htaccess beantwoordt er hoogstens 1.000")
    assert "RewriteMap" in message and "serverconfig nginx" in message
    assert "niets geschreven" in message
