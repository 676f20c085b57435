"""History from git: a temporary repository with commits and tags, built and checked for real.

The story: v1.0.0 (five concepts), a commit that only reformats a file, v1.1.0 (a new
definitie for herstel, a new concept, versie 1.1.0), then unreleased: spijtbetuiging
deprecated. Then an editor tries to delete a published concept.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, XSD

from conftest import DATA, REPO
from kennisbank.cli.main import main
from kennisbank.site.files import OWNED

ATOM = "{http://www.w3.org/2005/Atom}"
HERSTEL = URIRef("https://example.org/id/begrip/herstel")
ERKENNING = URIRef("https://example.org/id/begrip/erkenning")
SCHEME = "https://example.org/id/begrippenkader/sitekader"
OLD_DEF = "Herstel is het geheel van maatregelen dat schade zo veel mogelijk goedmaakt."
NEW_DEF = "Herstel is het geheel van maatregelen waarmee de overheid schade goedmaakt."


def git(root: Path, *args: str, date: str = "2026-01-05T10:00:00+01:00") -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date, GIT_CONFIG_NOSYSTEM="1",
               HOME=str(root.parent))
    result = subprocess.run(["git", *args], cwd=root, env=env, check=True,  # noqa: S607
                            capture_output=True, text=True)
    return result.stdout


def commit(root: Path, message: str, date: str) -> None:
    git(root, "add", "-A", date=date)
    git(root, "commit", "-q", "-m", message, date=date)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def make_repo(root: Path) -> Path:
    """The repository of the story above, with the site set-up (mkdocs.yml, docs, ...)."""
    shutil.copytree(DATA / "site", root, dirs_exist_ok=True)
    (root / "verwacht.txt").unlink()
    for name in ("mkdocs.yml", "gekeurde-code.sha256"):  # the reviewed site set-up
        shutil.copy(REPO / name, root / name)
    shutil.copy(REPO / ".gitignore", root / ".gitignore")
    for folder in ("docs", "overrides"):
        shutil.copytree(REPO / folder, root / folder, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(*OWNED))
    begrippen = root / "begrippen"
    edit(begrippen / "_kader.yaml", 'versie: "2.0"', "versie: 1.0.0")
    edit(begrippen / "spijtbetuiging.yaml", "status: verouderd\nvervangen_door: excuses\n",
         "status: ontwerp\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Test Redacteur")
    git(root, "config", "user.email", "redacteur@example.org")
    commit(root, "First version", "2026-01-05T10:00:00+01:00")
    git(root, "tag", "v1.0.0")
    # Only the formatting changes: a comment, quotes, a flow list written as a block list.
    text = (begrippen / "erkenning.yaml").read_text(encoding="utf-8")
    (begrippen / "erkenning.yaml").write_text("# opmaak\n" + text, encoding="utf-8")
    commit(root, "Reformat erkenning", "2026-02-10T09:00:00+01:00")
    edit(begrippen / "herstel.yaml", OLD_DEF, NEW_DEF)
    (begrippen / "schadevergoeding.yaml").write_text(
        "voorkeursterm: schadevergoeding\ndefinitie: Een schadevergoeding is geld dat "
        "schade vergoedt.\nuitleg: Geld voor schade.\nbreder: [herstel]\n"
        "bronnen:\n  - titel: Bron\n    url: https://example.org/bron\n", encoding="utf-8")
    edit(begrippen / "_kader.yaml", "versie: 1.0.0", "versie: 1.1.0")
    commit(root, "New definitie for herstel", "2026-03-15T14:30:00+01:00")
    git(root, "tag", "-a", "v1.1.0", "-m", "Versie 1.1.0", date="2026-03-16T08:00:00+01:00")
    edit(begrippen / "spijtbetuiging.yaml", "status: ontwerp\n",
         "status: verouderd\nvervangen_door: excuses\n")
    commit(root, "Deprecate spijtbetuiging", "2026-04-20T11:00:00+02:00")
    return root


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repo(tmp_path_factory.mktemp("h") / "kader")


@pytest.fixture(scope="module")
def site(repo: Path) -> Path:
    assert main(["build", "--root", str(repo)]) == 0
    return repo / "site"


def _html(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def _export(root: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> Graph:
    capsysbinary.readouterr()  # whatever ran before
    assert main(["export", "--root", str(root), "--format", "turtle"]) == 0
    return Graph().parse(data=capsysbinary.readouterr().out, format="turtle")


def test_dates_in_the_turtle(repo: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    graph = _export(repo, capsysbinary)
    assert graph.value(HERSTEL, DCTERMS.created) == Literal("2026-01-05", datatype=XSD.date)
    assert graph.value(HERSTEL, DCTERMS.modified) == Literal("2026-03-15", datatype=XSD.date)
    # the reformatting commit of 2026-02-10 does not count as a change
    assert graph.value(ERKENNING, DCTERMS.modified) == Literal("2026-01-05", datatype=XSD.date)
    new = URIRef("https://example.org/id/begrip/schadevergoeding")
    assert graph.value(new, DCTERMS.created) == Literal("2026-03-15", datatype=XSD.date)
    scheme = URIRef(SCHEME)
    assert graph.value(scheme, OWL.versionIRI) == URIRef(f"{SCHEME}/1.1.0")
    assert set(graph.objects(scheme, DCTERMS.hasVersion)) == {
        URIRef(f"{SCHEME}/1.0.0"), URIRef(f"{SCHEME}/1.1.0")}


def test_uncommitted_change_has_no_modified_date(
        tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    root = make_repo(tmp_path / "kader")
    edit(root / "begrippen" / "herstel.yaml", NEW_DEF, "Herstel is iets anders.")
    text = (root / "begrippen" / "erkenning.yaml").read_text(encoding="utf-8")
    (root / "begrippen" / "erkenning.yaml").write_text(text + "\n# alleen opmaak\n",
                                                       encoding="utf-8")
    graph = _export(root, capsysbinary)
    assert graph.value(HERSTEL, DCTERMS.created) == Literal("2026-01-05", datatype=XSD.date)
    assert graph.value(HERSTEL, DCTERMS.modified) is None
    assert graph.value(ERKENNING, DCTERMS.modified) == Literal("2026-01-05", datatype=XSD.date)


def test_dates_and_history_link_on_the_concept_page(site: Path) -> None:
    page = _html(site, "begrippen/herstel/index.html")
    assert "Laatst gewijzigd op 15 maart 2026." in page
    assert "Opgenomen op 5 januari 2026." in page
    assert 'href="../geschiedenis/herstel/"' in page
    history = _html(site, "begrippen/geschiedenis/herstel/index.html").split("<article", 1)[1]
    assert history.index("15 maart 2026: versie 1.1.0") < history.index(
        "5 januari 2026: versie 1.0.0")
    assert OLD_DEF in history and NEW_DEF in history
    assert "<code>definitie</code>" in history
    erkenning = _html(site, "begrippen/geschiedenis/erkenning/index.html")
    assert "10 februari 2026" not in erkenning, "a reformatting commit is no version"


def test_changes_page_per_release(site: Path) -> None:
    page = _html(site, "wijzigingen/index.html").split("<article", 1)[1]
    since = page.index("Sinds de laatste versie (1.1.0)")
    v11, v10 = page.index("Versie 1.1.0"), page.index("Versie 1.0.0")
    assert since < v11 < v10
    assert "Uitgebracht op 15 maart 2026." in page
    unreleased, release_11, release_10 = page[since:v11], page[v11:v10], page[v10:]
    assert "Verouderd (1)" in unreleased and "spijtbetuiging" in unreleased
    assert 'href="../begrippen/excuses/"' in unreleased
    assert "Nieuw (1)" in release_11 and "schadevergoeding" in release_11
    assert "Gewijzigd (1)" in release_11
    assert f"<td>{OLD_DEF}</td>" in release_11 and f"<td>{NEW_DEF}</td>" in release_11
    assert "erkenning" not in release_11.split("Gewijzigd (1)")[1]
    assert "Nieuw (5)" in release_10


def test_changes_page_lists_the_newest_changes_as_the_feed_does(site: Path) -> None:
    """Before any release (and after) the page is not empty while the feed has entries: the
    newest changes, newest first, each with its date and a link to its history."""
    page = _html(site, "wijzigingen/index.html").split("<article", 1)[1]
    recent = page[page.index("Recent gewijzigd"):page.index("Versie 1.1.0")]
    feed = ET.parse(site / "wijzigingen" / "feed.xml").getroot()  # noqa: S314 (our own file)
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert recent.count("<li>") == min(len(titles), 30)
    first = recent.split("<li>")[1]
    assert first.startswith("20 april 2026: verouderd") and "spijtbetuiging" in first
    assert 'href="../begrippen/geschiedenis/spijtbetuiging/"' in first


def test_versioned_downloads(site: Path) -> None:
    downloads = site / "downloads"
    graphs = {}
    for name in ("begrippenkader-1.0.0", "begrippenkader-1.1.0", "begrippenkader-laatste",
                 "begrippenkader"):
        for ext, fmt in (("ttl", "turtle"), ("jsonld", "json-ld"), ("rdf", "xml"),
                         ("nt", "nt")):
            graph = Graph().parse(downloads / f"{name}.{ext}", format=fmt)
            assert len(graph) > 50
        graphs[name] = Graph().parse(downloads / f"{name}.ttl", format="turtle")
    scheme = URIRef(SCHEME)
    old, new = graphs["begrippenkader-1.0.0"], graphs["begrippenkader-1.1.0"]
    assert old.value(scheme, OWL.versionIRI) == URIRef(f"{SCHEME}/1.0.0")
    assert new.value(scheme, OWL.versionIRI) == URIRef(f"{SCHEME}/1.1.0")
    assert str(old.value(HERSTEL, URIRef("http://www.w3.org/2004/02/skos/core#definition"))) \
        == OLD_DEF
    assert str(new.value(HERSTEL, URIRef("http://www.w3.org/2004/02/skos/core#definition"))) \
        == NEW_DEF
    assert set(old.objects(scheme, DCTERMS.hasVersion)) == {URIRef(f"{SCHEME}/1.0.0")}
    schade = URIRef("https://example.org/id/begrip/schadevergoeding")
    assert (schade, None, None) not in old and (schade, None, None) in new
    assert (downloads / "begrippenkader-laatste.ttl").read_bytes() == \
        (downloads / "begrippenkader-1.1.0.ttl").read_bytes()
    spijt = URIRef("https://example.org/id/begrip/spijtbetuiging")
    assert (spijt, OWL.deprecated, None) not in new
    assert (spijt, OWL.deprecated, None) in graphs["begrippenkader"]
    page = _html(site, "downloads/index.html")
    assert 'href="begrippenkader-1.0.0.ttl"' in page and 'href="begrippenkader-laatste.ttl"' \
        in page


def test_atom_feed(site: Path) -> None:
    feed = ET.parse(site / "wijzigingen" / "feed.xml").getroot()  # noqa: S314 (our own file)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Testorganisatie"
    assert feed.find(f"{ATOM}updated").text == "2026-04-20T11:00:00+02:00"
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert titles[0] == "Verouderd: spijtbetuiging"
    assert "Gewijzigd: herstel" in titles and "Nieuw begrip: schadevergoeding" in titles
    assert "Gewijzigd: erkenning" not in titles
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(ids) == len(set(ids))
    for entry in entries:
        for required in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{required}") is not None
        assert entry.find(f"{ATOM}link").get("rel") == "alternate"
    head = _html(site, "begrippen/herstel/index.html").split("</head>")[0]
    assert 'rel="alternate feed" type="application/atom+xml"' in head
    assert 'href="../../wijzigingen/feed.xml"' in head
    assert 'href="wijzigingen/feed.xml"' in _html(site, "index.html").split("</head>")[0]


def test_build_is_deterministic(repo: Path, site: Path, tmp_path: Path) -> None:
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()
             and p.suffix in (".ttl", ".xml", ".html", ".nt", ".jsonld")}
    assert main(["build", "--root", str(repo)]) == 0
    second = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()
              and p.suffix in (".ttl", ".xml", ".html", ".nt", ".jsonld")}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_check_refuses_deleting_a_published_concept(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(tmp_path / "kader")
    (root / "begrippen" / "schadevergoeding.yaml").unlink()
    code, out, _ = run_cli("check", "--root", str(root))
    assert code == 1
    assert ("begrippen/schadevergoeding.yaml:1:1: fout [gepubliceerd-begrip-weg] begrip "
            "'schadevergoeding' is verwijderd, maar het staat in versie 1.1.0 (v1.1.0) en zijn "
            "IRI moet blijven werken; verwijder geen gepubliceerd begrip; zet status op "
            "verouderd met vervangen_door") in out
    # a renamed id is the same error, naming the new id
    (root / "begrippen" / "schadeloosstelling.yaml").write_text(
        "voorkeursterm: schadevergoeding\ndefinitie: Een schadevergoeding is geld dat "
        "schade vergoedt.\nuitleg: Geld voor schade.\nbreder: [herstel]\n"
        "bronnen:\n  - titel: Bron\n    url: https://example.org/bron\n", encoding="utf-8")
    code, out, _ = run_cli("check", "--root", str(root))
    assert code == 1
    assert "het id van 'schadevergoeding' is gewijzigd in 'schadeloosstelling'" in out


def test_check_versie_against_the_tags(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(tmp_path / "kader")
    kader = root / "begrippen" / "_kader.yaml"
    edit(kader, "versie: 1.1.0", "versie: 1.0.5")
    code, out, _ = run_cli("check", "--root", str(root))
    assert code == 1
    assert ("fout [versie-tag] versie '1.0.5' is ouder dan de nieuwste release v1.1.0; "
            "verwachtte 1.1.0 of hoger") in out
    edit(kader, "versie: 1.0.5", "versie: 1.2.0")  # the coming release: fine
    code, out, _ = run_cli("check", "--root", str(root))
    assert "versie-tag" not in out
    commit(root, "Bump", "2026-05-01T10:00:00+02:00")
    git(root, "tag", "v1.3.0")
    code, out, _ = run_cli("check", "--root", str(root))
    assert code == 1
    assert "deze commit heeft tag v1.3.0, maar versie is '1.2.0'; verwachtte '1.3.0'" in out


def test_diff_text_and_json(repo: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("diff", "--root", str(repo), "v1.0.0", "v1.1.0")
    assert code == 0
    assert out.startswith("Wijzigingen van v1.0.0 naar v1.1.0:\nversie: 1.0.0 → 1.1.0\n")
    assert "Nieuwe begrippen (1):\n  schadevergoeding (schadevergoeding)\n" in out
    assert (f"Gewijzigde begrippen (1):\n  herstel (herstel): definitie\n"
            f"    oud:   {OLD_DEF}\n    nieuw: {NEW_DEF}\n") in out
    assert "erkenning" not in out
    assert out.endswith("Begrippen: 1 nieuw, 1 gewijzigd, 0 verouderd, 0 verwijderd\n")
    code, out, _ = run_cli("diff", "--root", str(repo), "v1.1.0", "HEAD", "--format", "json")
    data = json.loads(out)
    assert data["begrippen"]["verouderd"] == [{"id": "spijtbetuiging", "term": "spijtbetuiging",
        "velden": ["status", "vervangen_door"], "vervangen_door": "excuses"}]
    assert data["begrippen"]["nieuw"] == data["begrippen"]["gewijzigd"] == []


def test_diff_between_folders(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    old, new = tmp_path / "oud", tmp_path / "nieuw"
    shutil.copytree(DATA / "site", old)
    shutil.copytree(DATA / "site", new)
    (new / "begrippen" / "excuses.yaml").unlink()
    code, out, _ = run_cli("diff", str(old), str(new))
    assert code == 0
    assert "Verwijderde begrippen (1):\n  excuses (excuses)\n    let op:" in out
    code, _, err = run_cli("diff", str(old), "bestaat-niet")
    assert code == 2 and "'bestaat-niet' is geen map met begrippen/ en geen git-ref" in err


def test_build_without_git(fixture_sites: Any,
                           capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """A source tarball: no .git. No dates, no versions, no error; the pages say why. (The
    shared build of the fixture site, conftest.py, is made outside any repository.)"""
    site = Path(fixture_sites.site("mkdocs"))
    page = _html(site, "begrippen/herstel/index.html")
    assert "Laatst gewijzigd" not in page
    assert "De geschiedenis is niet beschikbaar" in _html(site, "wijzigingen/index.html")
    feed = ET.parse(site / "wijzigingen" / "feed.xml").getroot()  # noqa: S314
    assert feed.findall(f"{ATOM}entry") == []
    assert feed.find(f"{ATOM}updated").text == "1970-01-01T00:00:00Z"
    graph = _export(site.parent, capsysbinary)
    assert graph.value(HERSTEL, DCTERMS.created) is None


def _pages(root: Path) -> dict[str, str]:
    """The generated Markdown, in-process (no mkdocs build)."""
    from kennisbank.checks.pipeline import check
    from kennisbank.site.generate import Site

    inhoud, _ = check(root)
    return {rel: data.decode("utf-8") for rel, data in Site(inhoud).generate().files.items()
            if rel.endswith((".md", ".xml"))}


def test_uncommitted_changes_on_the_pages(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "kader")
    edit(root / "begrippen" / "herstel.yaml", NEW_DEF, "Herstel is iets anders.")
    shutil.copy(root / "begrippen" / "herstel.yaml", root / "begrippen" / "nieuwtje.yaml")
    edit(root / "begrippen" / "nieuwtje.yaml", "{nl: herstel, en: redress}", "nieuwtje")
    pages = _pages(root)
    history = pages["begrippen/geschiedenis/herstel.md"]
    assert "## Nog niet vastgelegd" in history and "Herstel is iets anders\\." in history
    assert "Dit begrip is nog niet in git vastgelegd." in pages[
        "begrippen/geschiedenis/nieuwtje.md"]
    assert "Laatst gewijzigd" not in pages["begrippen/nieuwtje.md"]
    since = pages["wijzigingen/index.md"].split("## Versie 1")[0]
    assert "### Nieuw (1)" in since and "### Gewijzigd (1)" in since
    assert "Nieuw begrip: nieuwtje" not in pages["wijzigingen/feed.xml"]


def test_shallow_clone(repo: Path, tmp_path: Path,
                       capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    clone = tmp_path / "ondiep"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{repo}", str(clone))
    graph = _export(clone, capsysbinary)
    spijt = URIRef("https://example.org/id/begrip/spijtbetuiging")
    # the oldest visible commit (v1.1.0's) holds everything: its date is no creation date
    assert graph.value(spijt, DCTERMS.created) is None
    assert graph.value(spijt, DCTERMS.modified) == Literal("2026-04-20", datatype=XSD.date)
    assert graph.value(HERSTEL, DCTERMS.modified) is None
    page = _pages(clone)["wijzigingen/index.md"]
    assert "Deze site is gebouwd uit een ondiepe" in page
    assert "## Versie 1\\.1\\.0" in page and "De vorige versie ontbreekt" in page
    assert "## Versie 1\\.0\\.0" not in page


def test_release_downloads_come_from_the_cache(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A release is fixed by its tag: a second build takes its downloads from
    .git/kennisbank/releases/ (the same bytes) and loads, checks and exports nothing of it;
    another code version misses the cache and prunes the old entries; without a usable
    git folder it simply exports."""
    from kennisbank.checks.pipeline import check
    from kennisbank.site import releases as releasecache
    from kennisbank.site.generate import Site
    from kennisbank.site.pages import changes as historysite

    root = make_repo(tmp_path / "kader")

    def release_files() -> dict[str, bytes]:
        inhoud, _ = check(root)
        out = Site(inhoud).generate()
        return {name: data.read_bytes() if isinstance(data, Path) else bytes(data)
                for name, data in out.files.items()
                if name.startswith("downloads/begrippenkader-")}

    exported: list[str] = []
    real = historysite.release_inhoud

    def counting(hist, release, current):  # type: ignore[no-untyped-def]
        exported.append(release.version)
        return real(hist, release, current)

    monkeypatch.setattr(historysite, "release_inhoud", counting)
    first = release_files()
    assert sorted(exported) == ["1.0.0", "1.1.0"]
    cache = root / ".git" / "kennisbank" / "releases"
    entries = sorted(p.name for p in cache.iterdir())
    assert len(entries) == 2

    exported.clear()
    assert release_files() == first
    assert exported == []

    monkeypatch.setattr(releasecache, "code_fingerprint", lambda: "een andere versie")
    assert release_files() == first
    assert sorted(exported) == ["1.0.0", "1.1.0"]
    assert not set(entries) & {p.name for p in cache.iterdir()}  # old entries pruned

    exported.clear()
    shutil.rmtree(root / ".git" / "kennisbank")
    (root / ".git" / "kennisbank").write_text("geen map", encoding="utf-8")
    assert release_files() == first  # the cache cannot be written: exported, no error
    assert release_files() == first
    assert exported.count("1.0.0") == 2


def test_a_build_runs_git_three_times_whatever_the_number_of_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The history is read in one pass: rev-parse, one `git log` for all files, one
    `git cat-file --batch` for all their versions; not a process per file or release."""
    from kennisbank.checks.pipeline import check
    from kennisbank.history import git as history
    from kennisbank.site.generate import Site

    root = make_repo(tmp_path / "kader")
    calls: list[str] = []
    real = history.subprocess.run

    def counting(args, *rest, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args[5])  # after "git -c log.showSignature=false -c log.showRoot=true"
        return real(args, *rest, **kwargs)

    monkeypatch.setattr(history.subprocess, "run", counting)
    inhoud, _ = check(root)
    Site(inhoud).generate()
    assert calls == ["rev-parse", "log", "cat-file"]


def test_unexpected_git_log_output_is_refused_not_guessed() -> None:
    from kennisbank.core.findings import KennisbankError
    from kennisbank.history.git import parse_log

    sha = "a" * 40
    good = f"C\0{sha}\0\0" "2026-03-02T10:00:00+01:00\0tag: v1.0.0\0\0".encode()
    assert [r.tag for r in parse_log(good, False).releases] == ["v1.0.0"]
    for bad in (good.replace(b"2026-03-02T10:00:00+01:00", b"1 januari"),
                good.replace(sha.encode(), b"x" * 40), good + b"rommel\0", b"C\0" + sha.encode()):
        with pytest.raises(KennisbankError, match="onverwachte uitvoer van git log"):
            parse_log(bad, False)
