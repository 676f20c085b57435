"""Every place kennisbank writes in a project, with a committed symbolic link in the way (the
sixth attack, R6-1 and R6-2, beyond the cases of tests/test_attack_round6.py): the writers
themselves, called without the check in front of them, never write through the link; and
`check` names every link where kennisbank writes.

A file beside the project (`buiten/.bashrc`) stands for the user's own; every case checks it
is untouched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kennisbank.checks.pipeline import check
from kennisbank.cli.main import main
from kennisbank.core.findings import KennisbankError, Level
from kennisbank.site import mirror, serve, termlinks, zensicalcache
from kennisbank.site import project as site_project
from kennisbank.site.files import sync
from kennisbank.site.markup import Output

# The outside file a link points at, as in the unit tests of core.safewrite.
from test_safewrite import MINE, victim  # noqa: F401 (a fixture)


@pytest.fixture
def root(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["init", str(tmp_path / "p"), "--titel", "Aanval", "--basis-uri",
                 "https://begrippen.example.org/id/begrip/", "--uitgever", "X"]) == 0
    capsys.readouterr()
    return tmp_path / "p"


def _untouched(victim: Path) -> None:  # noqa: F811
    assert victim.read_bytes() == MINE
    assert sorted(p.name for p in victim.parent.iterdir()) == [".bashrc"]


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "kennisbank", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300, check=False)
    assert "Traceback" not in done.stdout + done.stderr
    return done


# -- check ---------------------------------------------------------------------------------

def test_check_names_every_link_where_kennisbank_writes(root: Path, victim: Path) -> None:  # noqa: F811
    places = [".kennisbank-mkdocs.yml", ".cache", "schemas", "site",
              "begrippen/.voorbeeldbegrip.yaml.tmp", "docs/..kennisbank-termen.json.tmp",
              "docs/begrippen/.x.md.tmp", "docs/.verborgen/iets", "leidraad/.x",
              "vocabulaires/.y"]
    for place in places:
        (root / place).parent.mkdir(parents=True, exist_ok=True)
        (root / place).symlink_to(victim)
    (root / "begrippen" / ".gewoon-bestand").write_bytes(b"")  # no link: no finding
    _, findings = check(root)
    found = {f.path: f for f in findings if f.code == "onleesbaar-bestand"}
    assert sorted(found) == sorted(places)
    for finding in found.values():
        assert (finding.line, finding.column, finding.level) == (1, 1, Level.FOUT)
        assert f"symbolische koppeling naar {str(victim)!r}" in finding.message
        assert "verwachtte een gewoon bestand of een gewone map" in finding.message
    assert "in de hoofdmap van het project" in found[".cache"].message
    assert "naam die met een punt begint in docs/" in found["docs/.verborgen/iets"].message


def test_a_project_without_links_gets_no_such_finding(root: Path) -> None:
    _, findings = check(root)
    assert [f for f in findings if "symbolische koppeling" in f.message] == []


# -- build: the writers on their own (no check in front) ------------------------------------

def test_the_default_configuration_is_not_written_through_a_link(root: Path,
                                                                 victim: Path) -> None:  # noqa: F811
    inhoud, _ = check(root)
    (root / site_project.DEFAULT_MKDOCS).symlink_to(victim)
    with pytest.raises(KennisbankError, match=r"\.kennisbank-mkdocs\.yml, maar daar staat"):
        site_project.write_configs(root, inhoud)
    _untouched(victim)


@pytest.mark.parametrize("place", [".kennisbank-termen.json", ".kennisbank-bestanden",
                                   "index.md"])
def test_the_generator_writes_no_file_of_docs_through_a_link(root: Path, victim: Path,  # noqa: F811
                                                             place: str) -> None:
    output = Output()
    output.add("begrippen/a.md", "# A\n")
    output.add(place, "{}\n")
    (root / "docs").mkdir()
    (root / "docs" / place).symlink_to(victim)
    with pytest.raises(KennisbankError, match=f"docs/{place}, maar daar staat"):
        sync(root / "docs", output)
    _untouched(victim)


def test_the_generator_ignores_a_link_at_an_old_temporary_name(root: Path,
                                                               victim: Path) -> None:  # noqa: F811
    (root / "docs").mkdir()
    (root / "docs" / "..kennisbank-termen.json.tmp").symlink_to(victim)
    (root / "docs" / ".kennisbank-bestanden.tmp").symlink_to(victim)
    output = Output()
    output.add(termlinks.DATA_FILE, '{"definitie": "$(touch x)"}\n')
    sync(root / "docs", output)
    assert (root / "docs" / termlinks.DATA_FILE).read_text(encoding="utf-8").startswith("{")
    assert not (root / "docs" / termlinks.DATA_FILE).is_symlink()
    _untouched(victim)


def test_a_linked_docs_folder_stops_the_generator(root: Path, victim: Path) -> None:  # noqa: F811
    (root / "docs").symlink_to(victim.parent, target_is_directory=True)
    output = Output()
    output.add("index.md", "# Home\n")
    with pytest.raises(KennisbankError, match="symbolische koppeling"):
        sync(root / "docs", output)
    _untouched(victim)


def _terms() -> Output:
    output = Output()
    output.add(termlinks.DATA_FILE, "{}\n")
    return output


def test_a_linked_cache_is_replaced_by_a_folder_and_means_a_clean_build(
        root: Path, victim: Path) -> None:  # noqa: F811
    (root / "cachedata").mkdir()
    (root / "cachedata" / "123").write_bytes(b'{"data": "vergiftigd"}')
    (root / ".cache").symlink_to("cachedata", target_is_directory=True)
    assert zensicalcache.prepare(root, _terms()) is None  # a clean build
    assert (root / ".cache").is_dir() and not (root / ".cache").is_symlink()
    assert sorted(os.listdir(root / ".cache")) == [zensicalcache.RECORD]
    assert sorted(os.listdir(root / "cachedata")) == ["123"]  # the pull request's, as it was
    (root / ".cache").rename(root / "weg")
    (root / ".cache").symlink_to(victim.parent, target_is_directory=True)
    assert zensicalcache.prepare(root, _terms()) is None
    _untouched(victim)


def test_a_link_inside_the_cache_is_removed_and_means_a_clean_build(root: Path,
                                                                    victim: Path) -> None:  # noqa: F811
    (root / ".cache").mkdir()
    assert zensicalcache.prepare(root, _terms()) == 0  # an empty cache of our own
    zensicalcache.seal(root)
    (root / ".cache" / "123").symlink_to(victim)
    (root / ".cache" / f".{zensicalcache.RECORD}.tmp").symlink_to(victim)
    assert zensicalcache.prepare(root, _terms()) is None
    assert sorted(os.listdir(root / ".cache")) == [zensicalcache.RECORD]
    _untouched(victim)


def test_a_cache_that_is_a_file_is_refused(root: Path) -> None:
    (root / ".cache").write_bytes(b"")
    with pytest.raises(KennisbankError, match="geen map"):
        zensicalcache.prepare(root, _terms())


def test_zensicals_temporary_configuration_and_the_lock_through_the_cli(root: Path,
                                                                       victim: Path) -> None:  # noqa: F811
    (root / ".site-nieuw.yml").symlink_to(victim)
    built = _cli("build", "--root", str(root), "--engine", "zensical", cwd=root.parent)
    assert built.returncode == 1
    assert ".site-nieuw.yml" in built.stdout + built.stderr
    _untouched(victim)
    assert not (root / "site").exists()


# -- serve: its own folder ------------------------------------------------------------------

@pytest.mark.parametrize("place", [serve.PREVIEW_CONFIG, ".cache/kennisbank-labels", ".cache",
                                   "site"])
def test_the_preview_writes_nothing_through_a_link(root: Path, victim: Path,  # noqa: F811
                                                   place: str) -> None:
    """The Zensical preview's configuration, watched file, site and cache are in a folder of
    its own with a random name (site.mirror): a link a branch put where they were before
    (or where Zensical would build by default) is neither written through nor used."""
    inhoud, _ = check(root)
    site_project.write_configs(root, inhoud)
    (root / place).parent.mkdir(exist_ok=True)
    folder = place in (".cache", "site")
    (root / place).symlink_to(victim.parent if folder else victim, target_is_directory=folder)
    preview = serve.Preview(root, "zensical", "127.0.0.1:1")
    preview.mirror = mirror.Mirror(root)
    try:
        config = preview.mirror.configure(site_project.zensical_config(root)).decode()
        assert preview.mirror.config.read_text(encoding="utf-8") == config
        assert "docs_dir: docs\nsite_dir: site\n" in config
        assert preview.mirror.folder.parent == root
        assert preview.mirror.folder.name.startswith(".kennisbank-voorvertoning-")
        assert preview.mirror.folder.stat().st_mode & 0o777 == 0o700
        assert (root / place).is_symlink()
    finally:
        preview.mirror.remove()
    assert not preview.mirror.folder.exists()
    _untouched(victim)


# -- the CLI's own writes: export -o, schema, match --write -------------------------------

def test_export_never_writes_through_its_temporary_file_and_replaces_a_linked_target(
        root: Path, victim: Path, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "uit.ttl"
    (tmp_path / ".uit.ttl.tmp").symlink_to(victim)  # the temporary name of before
    assert main(["export", "--root", str(root), "--format", "turtle", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"PREFIX ")
    _untouched(victim)
    out.unlink()
    out.symlink_to(victim)  # the user's own link: replaced by the file, never written through
    assert main(["export", "--root", str(root), "--format", "turtle", "-o", str(out)]) == 0
    assert not out.is_symlink() and out.read_bytes().startswith(b"PREFIX ")
    _untouched(victim)


def test_schema_refuses_a_linked_schemas_folder_of_the_project(
        root: Path, victim: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    (root / "schemas").symlink_to(victim.parent, target_is_directory=True)
    assert main(["schema", "--root", str(root)]) == 1
    assert "in de map schemas, maar daar staat een symbolische koppeling" in \
        capsys.readouterr().err
    _untouched(victim)
    # A folder the user names may be a link of theirs.
    (tmp_path / "echt").mkdir()
    (tmp_path / "mijn-schemas").symlink_to(tmp_path / "echt", target_is_directory=True)
    assert main(["schema", "--root", str(root), "--out", str(tmp_path / "mijn-schemas")]) == 0
    assert any((tmp_path / "echt").glob("*.schema.json"))


OTHER = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://ander.example/s> a skos:ConceptScheme ; skos:prefLabel "Ander"@nl .
<https://ander.example/c1> a skos:Concept ; skos:inScheme <https://ander.example/s> ;
  skos:prefLabel "voorbeeldbegrip"@nl ;
  skos:definition "Begrip dat laat zien hoe een bestand in de map begrippen eruitziet."@nl .
"""


def test_match_write_refuses_a_concept_file_that_is_a_link(root: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    # A link that stays inside the project passes the loader; match --write still never
    # writes through it (before, the rename replaced it: the concept left its real file).
    concept = root / "begrippen" / "voorbeeldbegrip.yaml"
    real = root / "elders" / "voorbeeldbegrip.yaml"
    real.parent.mkdir()
    concept.rename(real)
    concept.symlink_to(Path("..") / "elders" / "voorbeeldbegrip.yaml")
    before = real.read_bytes()
    vocabulary = tmp_path / "ander.ttl"
    vocabulary.write_text(OTHER, encoding="utf-8")
    code = main(["match", "--root", str(root), str(vocabulary), "--write"])
    said = capsys.readouterr()
    assert code == 1, said.out + said.err
    assert "begrippen/voorbeeldbegrip.yaml, maar daar staat een symbolische koppeling" in \
        said.err
    assert concept.is_symlink() and real.read_bytes() == before


def test_a_temporary_file_a_killed_build_left_is_removed_not_a_stranger(root: Path) -> None:
    output = Output()
    output.add("begrippen/a.md", "# A\n")
    (root / "docs").mkdir()
    sync(root / "docs", output)
    left = root / "docs" / "begrippen" / ".a.md.0123456789ab.tmp"  # core.safewrite's name
    left.write_bytes(b"half")
    assert sync(root / "docs", output).written == 0
    assert not left.exists()
    other = root / "docs" / "begrippen" / ".a.md.tmp"  # not ours: a stranger, kept
    other.write_bytes(b"eigen")
    with pytest.raises(KennisbankError, match=r"docs/begrippen/\.a\.md\.tmp"):
        sync(root / "docs", output)
    assert other.read_bytes() == b"eigen"


def test_folders_a_sync_leaves_empty_are_removed_and_a_full_one_is_kept(root: Path) -> None:
    docs = root / "docs"
    docs.mkdir()
    both = Output()
    both.add("id/begrip/a/index.html", "<p>a</p>")
    both.add("id/begrip/b/index.html", "<p>b</p>")
    sync(docs, both)
    one = Output()
    one.add("id/begrip/a/index.html", "<p>a</p>")
    assert sync(docs, one).removed == 1
    assert not (docs / "id" / "begrip" / "b").exists()
    assert (docs / "id" / "begrip" / "a" / "index.html").is_file()
    (docs / "begrippen" / "leeg" / "dieper").mkdir(parents=True)  # e.g. a killed build's
    assert sync(docs, one).removed == 0
    assert not (docs / "begrippen").exists()
    assert (docs / "id" / "begrip" / "a").is_dir()
