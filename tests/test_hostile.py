"""Hostile content: every case runs the real CLI in a subprocess on a copy of a small project
and asserts the exit code, that the message names the file, that there is no traceback,
that nothing outside the project changed, that no connection was attempted (every proxy
variable points at a local socket that counts connections) and that it finished well
within a time limit (a hang fails the test instead of blocking CI).

RDF-specific cases (remote JSON-LD contexts, entity expansion, overige_rdf) are in
test_hostile_rdf.py; the leidraad's stored state in the leidraad browser tests.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import DATA, REPO
from kennisbank.site.files import OWNED

LIMIT = 30  # seconds; a normal run of any case takes a few
# A build runs a whole engine build besides: 8-13 s on a quiet machine for the largest case
# here, but well over 30 s when the two cores are shared. A hang still ends at this limit.
BUILD_LIMIT = 120
SECRET = "GEHEIM-BUITEN-DE-MAP"  # noqa: S105 (a canary, not a password)


class Listener:
    """A local socket that accepts and counts connections (and answers nothing)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop = True
        self._thread.join()
        self.sock.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


@dataclass
class Run:
    code: int
    out: str
    seconds: float


class Project:
    """A copy of tests/data/site (with the site set-up) in tmp/project, beside tmp/buiten
    (a folder with a secret that no command may read, change or delete)."""

    def __init__(self, tmp: Path, listener: Listener, site_setup: bool = True):
        self.tmp, self.listener = tmp, listener
        self.root = tmp / "project"
        shutil.copytree(DATA / "site", self.root)
        if site_setup:
            for name in ("mkdocs.yml", "gekeurde-code.sha256"):  # the reviewed set-up
                shutil.copy(REPO / name, self.root / name)
            for folder in ("docs", "overrides"):
                shutil.copytree(REPO / folder, self.root / folder,
                                ignore=shutil.ignore_patterns(*OWNED, ".kennisbank-*"))
        self.outside = tmp / "buiten"
        (self.outside / "map").mkdir(parents=True)
        (self.outside / "geheim.yaml").write_text(f"voorkeursterm: {SECRET}\n"
                                                  f"definitie: {SECRET}.\n")
        (self.outside / "map" / "bewaar.txt").write_text(SECRET)
        self.before = self.snapshot(self.outside)

    def write(self, rel: str, content: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return path

    @staticmethod
    def snapshot(folder: Path) -> dict[str, str]:
        return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                if p.is_file() else "dir" for p in sorted(folder.rglob("*"))}

    def run(self, *args: str, root: bool = True) -> Run:
        env = dict(os.environ)
        proxy = f"http://127.0.0.1:{self.listener.port}"
        for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy",
                     "ALL_PROXY"):
            env[name] = proxy
        env.pop("no_proxy", None)
        env.pop("NO_PROXY", None)
        command = [sys.executable, "-m", "kennisbank", *args]
        if root:
            command += ["--root", str(self.root)]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=self.root, env=env, capture_output=True,
                              text=True, check=False,
                              timeout=BUILD_LIMIT if args[:1] == ("build",) else LIMIT)
        return Run(done.returncode, done.stdout + done.stderr, time.perf_counter() - started)

    def assert_safe(self, run: Run, code: int, *named: str) -> None:
        assert "Traceback" not in run.out, run.out
        assert run.code == code, run.out
        for name in named:
            assert name in run.out, f"{name!r} not in {run.out}"
        assert SECRET not in run.out, "a file outside the project was read and printed"
        assert self.snapshot(self.outside) == self.before, "something outside changed"
        assert self.listener.connections == 0, "a network connection was attempted"


@pytest.fixture
def project(tmp_path: Path, listener: Listener) -> Project:
    listener.connections = 0
    return Project(tmp_path, listener, site_setup=False)


@pytest.fixture
def site_project(tmp_path: Path, listener: Listener) -> Project:
    listener.connections = 0
    return Project(tmp_path, listener)


def _concept(term: str, definitie: str = "Een proef is iets om mee te testen.",
             extra: str = "") -> str:
    return f"voorkeursterm: {term}\ndefinitie: {definitie}\n{extra}"


# -- script injection ------------------------------------------------------------------------


def test_a_definition_with_markup_stays_text_in_every_tooltip(site_project: Project) -> None:
    payload = "Erkenning <img src=x onerror=alert(1)> is iets & meer."
    site_project.write("begrippen/erkenning.yaml",
                       (DATA / "site/begrippen/erkenning.yaml").read_text()
                       .replace("Erkenning is het openlijk benoemen van wat mensen is "
                                "aangedaan.", payload))
    run = site_project.run("build")
    site_project.assert_safe(run, 0)
    from html.parser import HTMLParser

    titles: list[str] = []

    class Titles(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "a" and ("class", "kb-term") in attrs:
                titles.append(dict(attrs).get("title") or "")

    for page in (site_project.root / "site").rglob("*.html"):
        Titles().feed(page.read_text(encoding="utf-8"))
    tips = [t for t in titles if "onerror" in t]
    assert tips, "the definition is used as a tooltip somewhere"
    # Material inserts the attribute's value as HTML: it must be HTML that shows the text.
    assert all("<" not in t and "&lt;img" in t for t in tips), tips


def test_a_leidraad_title_with_markup_stays_text_in_the_page_title(
        site_project: Project) -> None:
    path = site_project.root / "leidraad/signaal.yaml"
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("titel:")
    path.write_text(text.replace(first, 'titel: "</title><img src=x onerror=alert(1)>"', 1))
    run = site_project.run("build")
    site_project.assert_safe(run, 0)
    page = (site_project.root / "site/leidraad/signaal/index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in page
    assert "&lt;/title&gt;&lt;img" in page


# -- the file system -------------------------------------------------------------------------


def test_a_generated_folder_that_is_a_link_out_stops_the_build(site_project: Project) -> None:
    (site_project.root / "docs/downloads").symlink_to(site_project.outside / "map")
    run = site_project.run("build")
    site_project.assert_safe(run, 1, "docs/downloads", "symbolische koppeling")
    assert not (site_project.root / "site").exists()


def test_a_link_inside_a_generated_folder_stops_the_build(site_project: Project) -> None:
    (site_project.root / "docs/begrippen").mkdir()
    (site_project.root / "docs/begrippen/erkenning.md").symlink_to(
        site_project.outside / "map" / "bewaar.txt")
    run = site_project.run("build")
    site_project.assert_safe(run, 1, "docs/begrippen/erkenning.md")


def test_a_file_the_generator_did_not_write_is_kept(site_project: Project) -> None:
    site_project.assert_safe(site_project.run("build"), 0)
    own = site_project.write("docs/downloads/eigen-rapport.pdf", b"%PDF eigen werk")
    run = site_project.run("build")
    site_project.assert_safe(run, 1, "docs/downloads/eigen-rapport.pdf", "docs/assets/")
    assert own.read_bytes() == b"%PDF eigen werk"


@pytest.mark.parametrize("folder", ["begrippen", "leidraad"])
def test_a_content_file_that_links_out_is_refused_unread(project: Project,
                                                           folder: str) -> None:
    (project.root / folder / "geheim.yaml").symlink_to(project.outside / "geheim.yaml")
    run = project.run("check")
    project.assert_safe(run, 1, f"{folder}/geheim.yaml", "buiten")


def test_a_vocabulary_file_that_links_out_is_refused_unread(project: Project) -> None:
    (project.root / "vocabulaires/uwv.jsonld").unlink()
    (project.root / "vocabulaires/uwv.jsonld").symlink_to(project.outside / "geheim.yaml")
    run = project.run("check")
    project.assert_safe(run, 1, "vocabulaires/uwv.yaml", "buiten")


def test_a_named_pipe_does_not_make_check_wait(site_project: Project) -> None:
    os.mkfifo(site_project.root / "docs/p.md")
    os.mkfifo(site_project.root / "begrippen/pijp.yaml")
    run = site_project.run("check")
    site_project.assert_safe(run, 1, "docs/p.md", "begrippen/pijp.yaml", "named pipe")


def test_odd_entries_in_docs_give_messages_not_tracebacks(site_project: Project) -> None:
    (site_project.root / "docs/map.md").mkdir()
    (site_project.root / "docs/los.md").symlink_to(site_project.root / "docs/bestaat-niet.md")
    run = site_project.run("check")
    site_project.assert_safe(run, 1, "docs/los.md", "nergens heen")


def test_unreadable_page(site_project: Project) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any file; the dangling-link case covers the message path")
    page = site_project.write("docs/dicht.md", "# Dicht\n")
    page.chmod(0)
    run = site_project.run("check")
    site_project.assert_safe(run, 1, "docs/dicht.md", "geen toestemming")


# -- YAML that crashes or hangs parsers --------------------------------------------------------


def test_deep_nesting_is_a_finding_not_a_crash(project: Project) -> None:
    project.write("begrippen/diep.yaml", "voorkeursterm: " + "[" * 30_000 + "]" * 30_000)
    run = project.run("check")
    project.assert_safe(run, 1, "begrippen/diep.yaml:1:", "te-diep-genest")


def test_deep_nesting_in_a_large_folder_is_reported_by_the_workers(project: Project) -> None:
    for i in range(900):
        project.write(f"begrippen/b{i:04d}.yaml", _concept(f"term {i}"))
    project.write("begrippen/b0850.yaml", "voorkeursterm: " + "{a: " * 20_000 + "}" * 20_000)
    run = project.run("check")
    project.assert_safe(run, 1, "begrippen/b0850.yaml", "te-diep-genest")


@pytest.mark.parametrize(("value", "code"), [
    ('{"nl": !eigen x}', "yaml-tag"),
    ('{"nl": &a x}', "yaml-alias"),
    ("!!python/object:os.system x", "yaml-tag"),
])
def test_tags_and_anchors_are_found_wherever_they_are(project: Project, value: str,
                                                      code: str) -> None:
    project.write("begrippen/tag.yaml", f"voorkeursterm: {value}\ndefinitie: Een tag.\n")
    run = project.run("check")
    project.assert_safe(run, 1, "begrippen/tag.yaml:1:", code)


def test_a_huge_file_is_refused_before_it_is_read(project: Project) -> None:
    project.write("begrippen/groot.yaml", "voorkeursterm: groot\ndefinitie: " +
                  "x" * (50 * 1024 * 1024) + "\n")
    run = project.run("check")
    project.assert_safe(run, 1, "begrippen/groot.yaml", "bestand-te-groot")


@pytest.mark.parametrize(("rel", "text", "code"), [
    ("begrippen/nl.yaml", 'voorkeursterm: {"nl\\n": term}\ndefinitie: Een term.\n',
     "ongeldige-taalcode"),
    ("begrippen/id.yaml", 'voorkeursterm: term\ndefinitie: Een term.\nbreder: ["herstel\\n"]\n',
     "ongeldige-id"),
    ("begrippen/nul.yaml", 'voorkeursterm: term\ndefinitie: "Een \\0 term."\n',
     "ongeldig-teken"),
    ("begrippen/een.yaml", 'voorkeursterm: "term\\x01"\ndefinitie: Een term.\n',
     "ongeldig-teken"),
    ("begrippen/plek.yaml", 'voorkeursterm: term\ndefinitie: "Een \\x02wzxhzdk:0\\x03 term."\n',
     "ongeldig-teken"),
    ("begrippen/lang.yaml", "voorkeursterm: " + "t" * 48_000 + "\ndefinitie: " +
     "d " * 240_000 + "\n", "te-lang"),
    ("begrippen/links.yaml", "voorkeursterm: links\ndefinitie: \"" +
     "[a](https://example.org/) " * 5_600 + "\"\n", "te-lang"),
])
def test_values_that_break_formats_are_findings(project: Project, rel: str, text: str,
                                                code: str) -> None:
    project.write(rel, text)
    run = project.run("check")
    project.assert_safe(run, 1, rel, code)


def test_invisible_characters_do_not_hide_a_duplicate_term(project: Project) -> None:
    project.write("begrippen/kopie.yaml", _concept("erken\u200bning"))
    project.write("begrippen/kopie2.yaml", _concept("her\u00adstel"))
    run = project.run("check")
    project.assert_safe(run, 1, "begrippen/kopie.yaml", "begrippen/kopie2.yaml",
                        "dubbele-voorkeursterm")


@pytest.mark.parametrize("kind", ["breder_generiek", "breder_partitief", "breder_instantie"])
def test_cycles_through_every_broader_kind_are_found(project: Project, kind: str) -> None:
    project.write("begrippen/a.yaml", _concept("a-term", extra=f"{kind}: [b]\n"))
    project.write("begrippen/b.yaml", _concept("b-term", extra="breder: [a]\n"))
    run = project.run("check")
    project.assert_safe(run, 1, "begrippen/a.yaml", "cyclus-breder")


# -- growth: deep and wide hierarchies ------------------------------------------------------


def test_a_broader_chain_of_300_builds(site_project: Project) -> None:
    for i in range(300):
        parent = f"breder: [k{i - 1:03d}]\n" if i else ""
        site_project.write(f"begrippen/k{i:03d}.yaml",
                           _concept(f"keten {i:03d}", "Een schakel is een deel van een keten.",
                                    parent + "collecties: [kern]\n"))
    run = site_project.run("build")
    site_project.assert_safe(run, 0)


def test_many_parents_keep_the_hierarchy_page_linear(site_project: Project) -> None:
    for layer in range(16):
        for side in "ab":
            parents = f"breder: [l{layer - 1:02d}a, l{layer - 1:02d}b]\n" if layer else ""
            site_project.write(f"begrippen/l{layer:02d}{side}.yaml",
                               _concept(f"laag {layer} {side}", "Een laag is een deel.",
                                        parents + "collecties: [kern]\n"))
    run = site_project.run("build")
    site_project.assert_safe(run, 0)
    page = site_project.root / "docs/begrippen/hierarchie.md"
    assert page.stat().st_size < 20_000, page.stat().st_size
    assert run.seconds < LIMIT


# -- the build's own files ----------------------------------------------------------------------


@pytest.mark.slow  # builds killed again and again
def test_a_killed_build_always_leaves_a_whole_site(site_project: Project) -> None:
    site_project.assert_safe(site_project.run("build"), 0)
    first = site_project.run("build")
    env = dict(os.environ)
    for fraction in (0.5, 0.75, 0.9, 0.95, 0.99):
        process = subprocess.Popen([sys.executable, "-m", "kennisbank", "build", "--root",
                                    str(site_project.root)], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, env=env)
        time.sleep(first.seconds * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert (site_project.root / "site/index.html").is_file(), fraction
        assert (site_project.root / "site/begrippen/erkenning/index.html").is_file()
    run = site_project.run("build")
    site_project.assert_safe(run, 0)
    assert not list(site_project.root.glob(".site-*")), "folders of killed builds removed"


def test_a_second_build_at_the_same_time_is_refused(site_project: Project) -> None:
    import fcntl

    with open(site_project.root / ".site.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        run = site_project.run("build")
    site_project.assert_safe(run, 1, "er loopt al een build")


def test_the_site_is_readable_by_a_web_server(site_project: Project) -> None:
    old = os.umask(0o077)
    try:
        site_project.assert_safe(site_project.run("build"), 0)
    finally:
        os.umask(old)
    site = site_project.root / "site"
    modes = {p.stat().st_mode & 0o777 for p in [site, *site.rglob("*")]}
    assert modes == {0o755, 0o644}


def test_strict_warnings_of_mkdocs_are_shown(site_project: Project) -> None:
    site_project.write("docs/kapot.md", "# Kapot\n\n[weg](bestaat-niet.md)\n")
    run = site_project.run("build")
    site_project.assert_safe(run, 1, "bestaat-niet.md")


# -- the command line ---------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "code", "named"), [
    (("export", "--format", "turtle", "-o", "."), 2, "is een map"),
    (("export", "--format", "turtle", "-o", "/proc/geen/plek.ttl"), 2, "/proc/geen/plek.ttl"),
    (("schema", "--out", "/proc/geen"), 2, "/proc/geen"),
    (("check", "--onzin"), 2, "onbekende argumenten"),
    (("match", "vocabulaires/uwv.jsonld", "--limit", "-1"), 2, "positief geheel getal"),
    (("match", "vocabulaires/uwv.jsonld", "--drempel", "2"), 2, "tussen 0 en 1"),
    (("diff", "--", "v1.0.0", "--"), 2, "dit ontbreekt: nieuw"),
    (("diff", "v1.0.0", "--", "--"), 2, "dit ontbreekt: nieuw"),
])
def test_usage_errors_are_dutch_messages(project: Project, args: tuple[str, ...], code: int,
                                         named: str) -> None:
    run = project.run(*args)
    project.assert_safe(run, code, named)


def test_no_command_at_all(project: Project) -> None:
    run = project.run(root=False)
    project.assert_safe(run, 2, "gebruik: kennisbank", "dit ontbreekt: commando")


def test_match_write_changes_only_what_it_adds(project: Project) -> None:
    path = project.root / "begrippen/herstel.yaml"
    original = path.read_bytes().replace(b"\n", b"\r\n").replace(
        b"definitie: ", "definitie: Ook\u2028hier: ".encode())
    path.write_bytes(original)
    run = project.run("match", "vocabulaires/uwv.jsonld", "--write", "--drempel", "0")
    assert "Traceback" not in run.out
    now = path.read_bytes()
    assert "Ook\u2028hier".encode() in now
    assert b"\n" not in now.replace(b"\r\n", b""), "line endings kept"
    if run.code != 0:
        assert now == original, "an undone write restores the file byte for byte"

