"""The MkDocs preview reads a configuration file only as the last check approved it
(site.safeyaml.ApprovedLoader; issue 24, R13-1): compared as it is read, so a file that
arrives between the check and MkDocs' read is refused, never loaded. Real MkDocs."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError

from kennisbank.site import safeyaml

CONFIG = "site_name: Proef\ndocs_dir: docs\n"
HOOK = "import pathlib\npathlib.Path({marker!r}).touch()\n"


@pytest.fixture
def root(tmp_path: Path) -> Iterator[Path]:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Proef\n", encoding="utf-8")
    _record(tmp_path, CONFIG)
    yield tmp_path
    safeyaml.protect_mkdocs()  # the process-wide loader as the other tests expect it


def _record(root: Path, text: str) -> None:
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode()).hexdigest()
    (root / "gekeurde-code.sha256").write_text(f"{digest}  mkdocs.yml\n", encoding="utf-8")


def _load(root: Path) -> object:
    return load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))


def test_the_approved_configuration_loads(root: Path) -> None:
    safeyaml.protect_mkdocs(safeyaml.approved(root), root)
    assert _load(root)["site_name"] == "Proef"  # type: ignore[index]


def test_a_configuration_changed_after_the_approval_is_refused_and_its_hook_never_runs(
        root: Path, tmp_path: Path) -> None:
    safeyaml.protect_mkdocs(safeyaml.approved(root), root)
    marker = tmp_path / "UITGEVOERD"
    (root / "haak.py").write_text(HOOK.format(marker=str(marker)), encoding="utf-8")
    _record(root, CONFIG + "hooks:\n- haak.py\n")  # the record too: it arrived with the branch
    with pytest.raises(ConfigurationError, match="niet de configuratie die kennisbank"):
        _load(root)
    assert not marker.exists()


def test_an_inherited_file_that_was_not_approved_is_refused(root: Path) -> None:
    (root / "basis.yml").write_text("site_name: Basis\n", encoding="utf-8")
    approved = safeyaml.approved(root)
    (root / "ander").mkdir()
    (root / "ander" / "basis.yml").write_text("site_name: Ander\n", encoding="utf-8")
    _record(root, "INHERIT: ander/basis.yml\ndocs_dir: docs\n")
    safeyaml.protect_mkdocs({**approved, **safeyaml.approved(root)}, root)
    with pytest.raises(ConfigurationError, match="ander/basis.yml is niet de configuratie"):
        _load(root)


def test_an_approved_mkdocs_yml_that_is_not_as_recorded_is_refused(root: Path) -> None:
    (root / "mkdocs.yml").write_text(CONFIG + "site_description: anders\n", encoding="utf-8")
    safeyaml.protect_mkdocs(safeyaml.approved(root), root)  # approved, not reviewed
    with pytest.raises(ConfigurationError, match="niet de configuratie"):
        _load(root)


def test_approval_refuses_a_configuration_that_arrived_during_the_check(root: Path) -> None:
    before = safeyaml.approved(root)
    (root / "zensical.yml").write_text("site_name: Nieuw\n", encoding="utf-8")
    assert safeyaml.approval(before, safeyaml.approved(root), {}) is None


def test_approval_takes_kennisbanks_own_files_as_written_not_as_read_back(root: Path) -> None:
    ours = root / ".kennisbank-zensical.yml"
    ours.write_text("INHERIT: mkdocs.yml\n", encoding="utf-8")
    written = {str(ours.resolve()): hashlib.sha256(b"INHERIT: mkdocs.yml\n").hexdigest()}
    before = safeyaml.approved(root)
    ours.write_text("INHERIT: mkdocs.yml\nhooks: [haak.py]\n", encoding="utf-8")  # replaced
    configs = safeyaml.approval(before, safeyaml.approved(root), written)
    assert configs is not None and configs[str(ours.resolve())] == next(iter(written.values()))
    assert str((root / "mkdocs.yml").resolve()) in configs


def test_a_link_arriving_at_the_top_during_the_check_makes_the_approval_unsteady(
        root: Path) -> None:
    (root / "instellingen.yml").write_text(CONFIG + "hooks:\n- haak.py\n", encoding="utf-8")
    before = safeyaml.approved(root)
    (root / "mkdocs.yml").unlink()
    (root / "mkdocs.yml").symlink_to("instellingen.yml")
    after = safeyaml.approved(root)
    assert after[safeyaml.key(root / "mkdocs.yml")].startswith("koppeling naar")
    assert safeyaml.approval(before, after, {}) is None


def test_a_configuration_read_through_a_link_is_refused_whatever_it_points_to(
        root: Path) -> None:
    (root / "instellingen.yml").write_text(CONFIG, encoding="utf-8")  # approved content
    safeyaml.protect_mkdocs(safeyaml.approved(root), root)
    (root / "mkdocs.yml").unlink()
    (root / "mkdocs.yml").symlink_to("instellingen.yml")
    with pytest.raises(ConfigurationError, match="niet de configuratie"):
        _load(root)
