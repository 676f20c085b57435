"""The fourth attack (issue 24, December 2026): each finding reproduced as a test of what
should happen, marked xfail(strict=True) with the finding's id until it is fixed (then the
mark goes and the test guards the fix).

Every case runs the real CLI in a subprocess on a fresh project made by `kennisbank init` in
a temporary folder, with a time limit; the nginx case runs Debian's nginx (`nginx -t`)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from server_support import NGINX, nginx_conf

LIMIT = 120  # seconds for one CLI run


def _cli(*args: str, cwd: Path, env: dict[str, str] | None = None
         ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kennisbank", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=LIMIT,
                          env={**os.environ, **(env or {})}, check=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    done = _cli("init", "p", "--titel", "Aanval", "--basis-uri",
                "https://begrippen.example.org/id/begrip/", "--uitgever", "X",
                "--licentie", "cc-by", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return tmp_path / "p"


def _no_traceback(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr + done.stdout
    assert "interne fout" not in done.stderr + done.stdout


# -- R4-1 (high): a symbolic link in docs/ with an inert suffix is published ---------------

@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_r4_1_linked_file_in_docs_is_refused(project: Path, tmp_path: Path,
                                              engine: str) -> None:
    secret = tmp_path / "geheim.txt"
    secret.write_text("ghp_GEHEIM_TOKEN\n", encoding="utf-8")
    outside = tmp_path / "buiten"
    outside.mkdir()
    (outside / "sleutels.csv").write_text("ghp_GEHEIM_MAP\n", encoding="utf-8")
    docs = project / "docs"
    docs.mkdir()
    (docs / "notities.txt").symlink_to(secret)
    (docs / "omgeving.txt").symlink_to("/proc/self/environ")
    (docs / "lek").symlink_to(outside, target_is_directory=True)
    check = _cli("check", "--root", str(project), cwd=tmp_path)
    _no_traceback(check)
    built = _cli("build", "--root", str(project), "--engine", engine, cwd=tmp_path,
                 env={"KB_AANVAL_GEHEIM": "ghp_GEHEIM_OMGEVING"})
    site = project / "site"
    published = [p for p in site.rglob("*") if p.is_file() and any(
        word in p.read_bytes() for word in (b"ghp_GEHEIM_TOKEN", b"ghp_GEHEIM_MAP",
                                            b"ghp_GEHEIM_OMGEVING"))] if site.is_dir() else []
    assert published == []
    assert check.returncode == 1
    for name in ("docs/notities.txt", "docs/omgeving.txt", "docs/lek"):
        assert name in check.stdout
    assert built.returncode == 1


# -- R4-2 (high): a template in overrides/ is code nobody checks -------------------------

def test_r4_2_template_in_overrides_runs_no_code(project: Path, tmp_path: Path) -> None:
    marker = tmp_path / "UITGEVOERD"
    (project / "overrides").mkdir()
    (project / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block content %}{{ super() }}<!-- {{ config.__class__'
        ".__init__.__globals__['__builtins__']['__import__']('os').system('touch "
        f"{marker}') }}}} -->{{% endblock %}}\n", encoding="utf-8")
    built = _cli("build", "--root", str(project), cwd=tmp_path)
    _no_traceback(built)
    assert not marker.exists(), "een sjabloon in overrides/ voerde een opdracht uit"
    assert built.returncode == 1 and "overrides/main.html" in built.stdout + built.stderr


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_r4_2_template_in_overrides_keeps_the_csp(project: Path, tmp_path: Path,
                                                  engine: str) -> None:
    (project / "overrides").mkdir()
    (project / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n'
        "{% block extrahead %}<script>document.title='XSS'</script>{% endblock %}\n",
        encoding="utf-8")
    check = _cli("check", "--root", str(project), cwd=tmp_path)
    built = _cli("build", "--root", str(project), "--engine", engine, cwd=tmp_path)
    _no_traceback(built)
    home = project / "site" / "index.html"
    if built.returncode == 0:
        page = home.read_text(encoding="utf-8")
        assert "Content-Security-Policy" in page and "document.title='XSS'" not in page
    else:
        assert check.returncode == 1 and "overrides/main.html" in check.stdout


def _review(project: Path) -> None:
    """Record the project's code as reviewed, as a maintainer does (`sha256sum`)."""
    files = sorted(p for p in [project / "mkdocs.yml", project / "zensical.yml",
                               *(project / "overrides").rglob("*")] if p.is_file())
    (project / "gekeurde-code.sha256").write_text("".join(
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(project).as_posix()}\n"
        for p in files), encoding="utf-8")


# What a reviewed template may still get wrong: the build checks the pages it made, whatever
# Jinja did to make them.
UNSAFE_TEMPLATES = {  # name: (template under overrides/, its text)
    "zonder-csp": ("main.html", '{% extends "base.html" %}\n'),
    "inline-script": ("partials/copyright.html",
                      "<script>document.title='XSS'</script>\n"),
    "script-uit-tekst": ("partials/copyright.html",
                         '<script src="{{ \'notities.txt\' | url }}"></script>\n'),
}


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
@pytest.mark.parametrize("kind", sorted(UNSAFE_TEMPLATES))
def test_r4_2_a_reviewed_template_that_drops_the_csp_stops_the_build(
        project: Path, tmp_path: Path, engine: str, kind: str) -> None:
    (project / "docs").mkdir()
    (project / "docs" / "notities.txt").write_text("document.title='XSS'\n", encoding="utf-8")
    first = _cli("build", "--root", str(project), "--engine", engine, cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    name, text = UNSAFE_TEMPLATES[kind]
    (project / "overrides" / name).parent.mkdir(parents=True)
    (project / "overrides" / name).write_text(text, encoding="utf-8")
    check = _cli("check", "--root", str(project), cwd=tmp_path)
    assert check.returncode == 1 and f"overrides/{name}" in check.stdout  # not reviewed
    _review(project)
    assert _cli("check", "--root", str(project), cwd=tmp_path).returncode == 0
    built = _cli("build", "--root", str(project), "--engine", engine, cwd=tmp_path)
    _no_traceback(built)
    said = built.stdout + built.stderr
    assert built.returncode == 1, said
    assert "index.html" in said and "site/ is niet veranderd" in said
    after = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before


# -- R4-3 (medium): docs/assets/vendor/**.md is never checked, but published --------------

@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_r4_3_markdown_under_vendor_is_checked_or_not_published(
        project: Path, tmp_path: Path, engine: str) -> None:
    folder = project / "docs" / "assets" / "vendor" / "x"
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(
        '# Hallo\n\n<meta http-equiv="refresh" content="0;url=https://aanvaller.example/">\n'
        "<script>alert(document.domain)</script>\n\n[klik](javascript:alert(1))\n",
        encoding="utf-8")
    check = _cli("check", "--root", str(project), cwd=tmp_path)
    built = _cli("build", "--root", str(project), "--engine", engine, cwd=tmp_path)
    _no_traceback(built)
    published = [p for p in (project / "site").rglob("*.html")
                 if "aanvaller.example" in p.read_text(encoding="utf-8", errors="replace")]
    # A build that failed published nothing either: then the check must have said why.
    assert (built.returncode == 0 and published == []) or (
        check.returncode == 1 and "docs/assets/vendor/x/README.md" in check.stdout)


# -- R4-4 (medium): an own IRI with '$' breaks the nginx configuration ---------------------

@pytest.mark.server
def test_r4_4_dollar_in_an_iri_gives_a_loadable_nginx_config(project: Path,
                                                              tmp_path: Path) -> None:
    if not NGINX.is_file():
        pytest.fail("nginx ontbreekt: `make test` installeert Debian's nginx (apt-get)")
    concept = project / "begrippen" / "voorbeeldbegrip.yaml"
    concept.write_text(concept.read_text(encoding="utf-8") +
                       "uri: https://begrippen.example.org/id/begrip/prijs$x\n",
                       encoding="utf-8")
    check = _cli("check", "--root", str(project), cwd=tmp_path)
    assert check.returncode == 0, check.stdout  # '$' may be in a URI path
    built = _cli("build", "--root", str(project), cwd=tmp_path)
    assert built.returncode == 0, built.stdout + built.stderr
    config = _cli("serverconfig", "nginx", "--root", str(project / "site"),
                  "--listen", "127.0.0.1:18099", cwd=tmp_path)
    assert config.returncode in (0, 1)
    folder = tmp_path / "nginx"
    folder.mkdir()
    (folder / "kennisbank.conf").write_text(config.stdout, encoding="utf-8")
    (folder / "nginx.conf").write_text(nginx_conf(folder), encoding="utf-8")
    tested = subprocess.run([str(NGINX), "-t", "-c", str(folder / "nginx.conf"), "-p",
                             str(folder)], capture_output=True, text=True, timeout=30,
                            check=False)
    assert tested.returncode == 0, tested.stderr


# -- R4-5 (medium): Apache reads one rule per IRI on every request -------------------------

def test_r4_5_htaccess_does_not_grow_with_every_iri(project: Path, tmp_path: Path) -> None:
    built = _cli("build", "--root", str(project), cwd=tmp_path)
    assert built.returncode == 0, built.stdout + built.stderr
    iris = project / "site" / "downloads" / "iris.json"
    rows = json.loads(iris.read_text(encoding="utf-8"))
    page = next(r for r in rows if r["soort"] == "begrip")
    rows += [{**page, "iri": f"https://begrippen.example.org/id/begrip/c{i}"}
             for i in range(20_000)]
    iris.write_text("[\n" + ",\n".join(json.dumps(r) for r in rows) + "\n]\n",
                    encoding="utf-8")
    config = _cli("serverconfig", "apache", "--root", str(project / "site"), cwd=tmp_path)
    _no_traceback(config)
    # Either a file whose size does not follow the vocabulary, or a clear refusal that says
    # to use the server configuration (RewriteMap) instead.
    assert len(config.stdout.encode()) < 1_000_000 or (
        config.returncode != 0 and "RewriteMap" in config.stderr)


# -- R4-6 (medium): a review CSV read back accepts a proposal nobody accepted -------------

def test_r4_6_review_csv_read_back_unchanged_accepts_nothing(tmp_path: Path) -> None:
    from kennisbank.cli.matchreview import decisions, review_text
    from kennisbank.skos.match import Candidate

    found = [Candidate("b0", "closeMatch", "https://ander.example/c0", "term", 0.7,
                       "gelijkende term", "onze definitie", "=x';ja;z")]
    found += [Candidate(f"b{i}", "closeMatch", f"https://ander.example/c{i}", "=term'", 0.7,
                        "gelijkende term", "onze definitie", "=d'") for i in range(1, 6)]
    review = tmp_path / "voorstellen.csv"
    review.write_bytes(review_text(review, found, "ander.ttl"))
    assert decisions(review, found) == []  # nobody filled in a decision


# -- R4-7 (medium): a 477 kB .docx takes 1.4 GB in `kennisbank tekst` -----------------------

def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1_200_000_000, 1_200_000_000))


@pytest.mark.slow
def test_r4_7_many_empty_paragraphs_stay_within_memory(project: Path, tmp_path: Path) -> None:
    import base64
    import zipfile

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    pad = base64.b64encode(os.urandom(400_000)).decode()  # keeps the ratio under MAX_RATIO
    document = tmp_path / "brief.docx"
    with zipfile.ZipFile(document, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://'
                         'schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr("word/document.xml", f'<?xml version="1.0"?><w:document xmlns:w="{w}">'
                         f"<w:body><w:p><w:r><w:t>{pad}</w:t></w:r></w:p>"
                         + "<w:p/>" * 8_200_000 + "</w:body></w:document>")
    assert document.stat().st_size < 600_000
    done = subprocess.run([sys.executable, "-m", "kennisbank", "tekst", "--root", str(project),
                           str(document)], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300, check=False, preexec_fn=_limit_memory)  # noqa: PLW1509
    _no_traceback(done)
    assert done.returncode in (0, 2), done.stderr[-500:]
    if done.returncode == 2:
        assert "brief.docx" in done.stderr


# -- R4-8 (low): a hand-written page shadows a generated one ------------------------------

@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_r4_8_page_named_like_a_generated_page_is_refused(project: Path, tmp_path: Path,
                                                          engine: str) -> None:
    (project / "docs").mkdir()
    (project / "docs" / "downloads.md").write_text(
        "# Downloads\n\n[Het begrippenkader](assets/kader.ttl)\n", encoding="utf-8")
    check = _cli("check", "--root", str(project), cwd=tmp_path)
    built = _cli("build", "--root", str(project), "--engine", engine, cwd=tmp_path)
    _no_traceback(built)
    assert check.returncode == 1 and "docs/downloads.md" in check.stdout
    assert built.returncode == 1 and "docs/downloads.md" in built.stdout + built.stderr


# -- R4-9 (medium): the genus rule is quadratic in terms that share a first word -----------

GENUS_RUN = """
from kennisbank.content.model import Begrip, Inhoud
from kennisbank.checks.terms import genus_not_broader
inhoud = Inhoud()
inhoud.begrippen = {f"wet-{i}": Begrip(id=f"wet-{i}", voorkeursterm={"nl": f"wet nummer {i}"},
                                       definitie={"nl": f"Wet die regel {i} vastlegt."})
                    for i in range(40_000)}
print(sum(1 for _ in genus_not_broader(inhoud)))
"""


@pytest.mark.slow
def test_r4_9_genus_rule_on_terms_sharing_a_first_word_is_not_quadratic(
        tmp_path: Path) -> None:
    # A time limit so that a quadratic rule fails, not a speed claim: linear, this takes a
    # second or two even on a busy machine.
    done = subprocess.run([sys.executable, "-c", GENUS_RUN], cwd=tmp_path,
                          capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0, done.stderr[-500:]


def test_r4_9_genus_rule_takes_the_longest_term_at_a_word_boundary() -> None:
    # What the lookup by length must keep from the scan it replaced: the longest term wins,
    # only at a word boundary, and of two concepts with the same term the first id.
    from kennisbank.checks.terms import genus_not_broader
    from kennisbank.content.model import Begrip, Inhoud

    def begrip(ident: str, term: str, definitie: str) -> Begrip:
        return Begrip(id=ident, voorkeursterm={"nl": term}, definitie={"nl": definitie})

    inhoud = Inhoud()
    inhoud.begrippen = {b.id: b for b in [
        begrip("wet", "wet", "Regel van de wetgever."),
        begrip("wet-b", "wet nummer", "Regel met een nummer."),
        begrip("wet-a", "Wet nummer", "Regel met een nummer, ook."),
        begrip("x", "x", "Wet nummer die iets regelt."),
        begrip("y", "y", "Wetnummer die iets anders regelt."),
        begrip("z", "z", "Een z is een wet, kort."),
    ]}
    found = [(f.message.split("van begrip ")[1].split(",")[0], f.message)
             for f in genus_not_broader(inhoud)]
    assert [genus for genus, _ in found] == ["'wet-a'", "'wet'"]
    assert "'Wet nummer'" in found[0][1] and "'wet'" in found[1][1]
