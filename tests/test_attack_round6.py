"""The sixth attack (issue 24, December 2026): each finding reproduced as a test of what
should happen, marked xfail(strict=True) with the finding's id until it is fixed (then the
mark goes and the test guards the fix).

Every case runs the real CLI in a subprocess on a fresh project made by `kennisbank init` in
a temporary folder, with a time limit, and builds with the real engine. The files a case
tries to reach lie in the temporary folder, beside the project, never elsewhere."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

# The CLI runner and the freshly initialised project of the fourth round.
from test_attack_round4 import _cli, _no_traceback, project  # noqa: F401, F811 (a fixture)

# -- R6-1 (critical): kennisbank writes its own files through links a pull request commits -
# `build` (and `serve`) write files of their own outside the generator's folders: the default
# configurations at the top of the project, Zensical's temporary configuration, the lock,
# the term data and the manifest in docs/ (dot names, which `check` skips), and the cache
# record in .cache/. Each is written with a plain open(), which follows a symbolic link, and
# git checks a committed link out as a link (`git add -f` passes .gitignore). So a content
# pull request that adds `.kennisbank-mkdocs.yml -> /home/<user>/.bashrc` makes the build
# overwrite that file with the default configuration, whose `site_name` is the kader's
# title; a title `... $(commando)` then runs in the next shell. The term data
# (`docs/..kennisbank-termen.json.tmp`) carries every definition, in double quotes, and is
# written for every project and both engines, also one with its own mkdocs.yml.

BASH = shutil.which("bash") or "/bin/bash"
HOSTILE_TITLE = "Aanval $(touch {marker})"

LINKS = {  # case: (the link in the project, the engine)
    "standaardconfiguratie": (".kennisbank-mkdocs.yml", "mkdocs"),
    "zensical-standaardconfiguratie": (".kennisbank-zensical.yml", "zensical"),
    "zensical-tijdelijke-configuratie": (".site-nieuw.yml", "zensical"),
    "termgegevens": ("docs/..kennisbank-termen.json.tmp", "mkdocs"),
    "termgegevens-zensical": ("docs/..kennisbank-termen.json.tmp", "zensical"),
    "manifest": ("docs/.kennisbank-bestanden.tmp", "mkdocs"),
    "cacheverslag": (".cache/.kennisbank-termen.json.tmp", "zensical"),
}


@pytest.mark.parametrize("case", sorted(LINKS))
def test_r6_1_build_writes_nothing_through_a_committed_link(project: Path,  # noqa: F811
                                                            tmp_path: Path,
                                                            case: str) -> None:
    link, engine = LINKS[case]
    marker = tmp_path / "UITGEVOERD"
    kader = project / "begrippen" / "_kader.yaml"
    kader.write_text(kader.read_text(encoding="utf-8").replace(
        'titel: "Aanval"', f'titel: "{HOSTILE_TITLE.format(marker=marker)}"'), encoding="utf-8")
    concept = project / "begrippen" / "voorbeeldbegrip.yaml"
    concept.write_text(concept.read_text(encoding="utf-8").replace(
        "Begrip dat", f"Begrip $(touch {marker}) dat"), encoding="utf-8")
    victim = tmp_path / "buiten" / ".bashrc"  # stands for the user's own files
    victim.parent.mkdir()
    victim.write_text("# mijn shell\n", encoding="utf-8")
    (project / link).parent.mkdir(parents=True, exist_ok=True)
    (project / link).symlink_to(victim)
    check = _cli("check", "--root", str(project), cwd=tmp_path)
    built = _cli("build", "--root", str(project), "--engine", engine, cwd=tmp_path)
    _no_traceback(check)
    _no_traceback(built)
    written = victim.read_text(encoding="utf-8")
    # What the overwritten file does in the next shell.
    subprocess.run([BASH, "-c", f"source {victim}"], capture_output=True, timeout=30,
                   check=False)
    assert written == "# mijn shell\n", f"{victim} overschreven via {link}"
    assert not marker.exists(), "de titel of definitie werd als opdracht uitgevoerd"
    assert built.returncode == 0 or link in check.stdout + built.stdout + built.stderr


OTHER_VOCABULARY = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://ander.example/s> a skos:ConceptScheme ; skos:prefLabel "Ander"@nl .
<https://ander.example/c1> a skos:Concept ; skos:inScheme <https://ander.example/s> ;
  skos:prefLabel "voorbeeldbegrip"@nl ;
  skos:definition "Begrip dat laat zien hoe een bestand in de map begrippen eruitziet."@nl .
"""


def test_r6_1_match_write_writes_nothing_through_a_committed_link(project: Path,  # noqa: F811
                                                                  tmp_path: Path) -> None:
    # `match --write` writes a concept file via `begrippen/.<id>.yaml.tmp`, a dot name that
    # `check` skips. It writes the concept through the link, renames the link into place,
    # finds the link on its own check, puts the concept back and says "niets geschreven";
    # the file outside the project keeps the concept's YAML.
    victim = tmp_path / "buiten" / ".bashrc"
    victim.parent.mkdir()
    victim.write_text("# mijn shell\n", encoding="utf-8")
    (project / "begrippen" / ".voorbeeldbegrip.yaml.tmp").symlink_to(victim)
    vocabulary = tmp_path / "ander.ttl"
    vocabulary.write_text(OTHER_VOCABULARY, encoding="utf-8")
    done = _cli("match", "--root", str(project), str(vocabulary), "--write", cwd=tmp_path)
    _no_traceback(done)
    assert victim.read_text(encoding="utf-8") == "# mijn shell\n", \
        f"{victim} overschreven via begrippen/.voorbeeldbegrip.yaml.tmp"


def test_r6_1_the_lock_creates_no_file_through_a_committed_link(project: Path,  # noqa: F811
                                                                tmp_path: Path) -> None:
    victim = tmp_path / "buiten" / "nieuw-bestand"
    victim.parent.mkdir()
    (project / ".site.lock").symlink_to(victim)
    built = _cli("build", "--root", str(project), cwd=tmp_path)
    _no_traceback(built)
    assert not victim.exists(), "de build maakte een bestand buiten het project"


# -- R6-2 (high): R5-2 again, with .cache/ as a committed link ------------------------------
# The seal of R5-2 compares the entries of `.cache/` with the record, but `_entries` returns
# nothing when `.cache` is a symbolic link, and no entries means "nothing to distrust": the
# build runs without --clean, and Zensical follows the link. A pull request that commits
# entries in an ordinary folder (here `cachedata/`, any name) and `.cache -> cachedata` gets
# its HTML published as it is, unread by `check`: a <meta http-equiv="refresh"> to another
# site, forged definitions. The key of an entry depends only on the page and the project's
# path, both known in CI.

def _poison(cache: Path) -> int:
    poisoned = 0
    for entry in cache.iterdir():
        try:
            stored = json.loads(entry.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, ValueError):
            continue
        page = stored.get("data") if isinstance(stored, dict) else None
        if isinstance(page, str) and "Written by kennisbank from begrippen" in page:
            stored["data"] = page.replace(
                "</head>", '<meta http-equiv="refresh" content="0;url=https://aanvaller.'
                'example/"></head>', 1)
            entry.write_text(json.dumps(stored), encoding="utf-8")
            poisoned += 1
    return poisoned


def test_r6_2_a_linked_zensical_cache_is_not_published(project: Path,  # noqa: F811
                                                       tmp_path: Path) -> None:
    first = _cli("build", "--root", str(project), "--engine", "zensical", cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    assert _poison(project / ".cache"), "geen opgeslagen startpagina in .cache/ gevonden"
    # What the pull request commits: the entries in a folder of its own, and the link.
    (project / ".cache").rename(project / "cachedata")
    (project / "cachedata" / "kennisbank-termen.json").unlink()
    (project / ".cache").symlink_to("cachedata", target_is_directory=True)
    for path in sorted((project / "site").rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    check = _cli("check", "--root", str(project), cwd=tmp_path)
    built = _cli("build", "--root", str(project), "--engine", "zensical", cwd=tmp_path)
    _no_traceback(built)
    home = project / "site" / "index.html"
    published = home.is_file() and "aanvaller.example" in home.read_text(encoding="utf-8")
    assert not published, "de pagina uit de gekoppelde .cache/ werd gepubliceerd"
    assert built.returncode == 0 or (check.returncode == 1 and ".cache" in check.stdout)
