"""The preview's page-first regeneration (`site.incremental`): after a save that changes only
text, the pages it writes are the ones a full generation would change, and the full
generation that follows leaves docs/ exactly as a fresh `generate` does."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import DATA
from kennisbank.checks.pipeline import check
from kennisbank.core.findings import KennisbankError
from kennisbank.site import incremental
from kennisbank.site.files import OWNED, write_some
from kennisbank.site.generate import generate
from kennisbank.site.markup import Output
from site_fixtures import copy_project


def _nothing(output: Output) -> None:  # the preview's amend, for MkDocs: changes nothing
    del output


def _generated(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for folder in OWNED
            for p in (docs / folder).rglob("*") if p.is_file()}


def _edit(path: Path, change: Callable[[str], str]) -> None:
    before = path.read_text(encoding="utf-8")
    after = change(before)
    assert after != before, path
    path.write_text(after, encoding="utf-8")


def _definition(text: str) -> Callable[[str], str]:
    return lambda source: re.sub(r"(?m)^definitie: .*$", f"definitie: {text}", source)


# Saves that change only text, each with a word another page's 'Gebruikt in' depends on.
TEXT_SAVES = [
    ("begrippen/herstel.yaml", _definition("Herstel is wat de overheid doet na excuses.")),
    ("begrippen/excuses.yaml", lambda s: s.replace(
        "uitleg: Sorry zeggen namens de overheid.",
        "uitleg: Sorry zeggen namens de overheid, ook bij aanvullende schade.")),
    ("leidraad/" + "STEP", lambda s: re.sub(r"(?m)^vraag: .*$",
                                            "vraag: Is er sprake van erkenning?", s)),
    ("docs/visie.md", lambda s: s + "\n\nEen nieuwe alinea over spijtbetuiging.\n"),
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(DATA / "site", tmp_path / "project")


def _step(root: Path) -> str:
    return sorted(p.name for p in (root / "leidraad").glob("*.yaml")
                  if not p.name.startswith("_"))[0]


@pytest.mark.parametrize("save", range(len(TEXT_SAVES)))
def test_a_text_save_writes_every_page_it_changes_and_the_rest_follows(
        project: Path, tmp_path: Path, save: int) -> None:
    docs = project / "docs"
    generator = incremental.Generator(docs, "mkdocs")
    inhoud, _ = check(project)
    generator.write_full(*generator.full(inhoud), _nothing)
    before = _generated(docs)

    rel, change = TEXT_SAVES[save]
    rel = rel.replace("STEP", _step(project))
    _edit(project / rel, change)
    inhoud, findings = check(project)
    assert not [f for f in findings if f.level.name == "FOUT"]
    result = generator.partial(inhoud)
    assert result is not None, "a text save is generated page first"
    merged, first = result
    first_stats = generator.write_changed(merged, only=first)
    after_first = _generated(docs)
    stats = generator.write_changed(merged)
    after_partial = _generated(docs)

    # What a fresh generation of the same content writes, in a copy of the project.
    fresh = copy_project(DATA / "site", tmp_path / "fresh")
    for path in project.rglob("*"):
        if path.is_file() and not path.relative_to(project).parts[0].startswith(("site", ".")):
            target = fresh / path.relative_to(project)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    generate(check(fresh)[0], fresh / "docs")
    expected = _generated(fresh / "docs")
    assert expected.keys() == after_partial.keys()

    changed_pages = {r for r in expected if expected[r] != before.get(r) and r.endswith(".md")}
    if rel.startswith("begrippen/"):
        ident = Path(rel).stem
        assert {f"begrippen/{ident}.md", f"begrippen/{ident}.ttl"} <= changed_pages | {
            r for r in expected if expected[r] != before[r]}
    # The saved concept's or step's own page is right after the first write, and only the
    # files of what was saved were written then ...
    saved = {f"begrippen/{Path(rel).stem}.md"} if rel.startswith("begrippen/") else \
        {f"leidraad/{Path(rel).stem}.md"} if rel.startswith("leidraad/") else set()
    assert all(after_first[r] == expected[r] for r in saved), saved
    assert saved <= first
    assert {r for r in expected if after_first[r] != before[r]} <= first
    # ... every page (and every file of a changed concept) after the second ...
    stale = {r for r in expected if expected[r] != after_partial[r]}
    assert not {r for r in stale if r.endswith(".md")}, stale
    # It wrote only what changed (and, outside the page folders, the term data).
    assert (first_stats.changed | stats.changed) & expected.keys() == {
        r for r in expected if after_partial[r] != before[r]}
    # ... and the background generation writes the rest: the same files as a fresh one.
    generator.write_full(*generator.full(inhoud), _nothing)
    assert _generated(docs) == expected


@pytest.mark.parametrize("change", [
    lambda s: s.replace("[herstel bieden]", "[herstel bieden, rechtherstel]"),
    lambda s: s + "gerelateerd: [excuses]\n",
])
def test_a_save_that_changes_more_than_text_is_generated_in_full(
        project: Path, change: Callable[[str], str]) -> None:
    docs = project / "docs"
    generator = incremental.Generator(docs, "mkdocs")
    generator.write_full(*generator.full(check(project)[0]), _nothing)
    _edit(project / "begrippen" / "herstel.yaml", change)
    inhoud, findings = check(project)
    assert not [f for f in findings if f.level.name == "FOUT"], findings
    assert generator.site is not None
    assert incremental.changed_concepts(generator.site.ctx.inhoud, inhoud) is None
    assert generator.partial(inhoud) is None


def test_nothing_to_do_before_a_first_full_generation(project: Path) -> None:
    generator = incremental.Generator(project / "docs", "mkdocs")
    assert generator.partial(check(project)[0]) is None


def test_a_background_generation_stops_when_a_newer_save_came(project: Path) -> None:
    generator = incremental.Generator(project / "docs", "mkdocs")
    calls = []

    def stop() -> bool:
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(incremental.Stale):
        generator.full(check(project)[0], stop=stop)
    assert len(calls) == 3  # it stopped at the first checkpoint that said so
    assert not (project / "docs" / "begrippen").exists()  # and wrote nothing


def test_a_partial_write_never_goes_through_a_symbolic_link(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (tmp_path / "elders").mkdir()
    docs.mkdir()
    (docs / "begrippen").symlink_to(tmp_path / "elders")
    with pytest.raises(KennisbankError, match="symbolische koppeling"):
        write_some(docs, {"begrippen/x.md": b"x"})
    assert not list((tmp_path / "elders").iterdir())


SHARED = "https://example.org/id/document/herstelrapport"


def _shared_source(title: str) -> Callable[[str], str]:
    """A first source known by the IRI two concepts share, with this title."""
    return lambda source: re.sub(r"(?m)^bronnen:\n  - titel: .*$",
                                 f"bronnen:\n  - uri: {SHARED}\n    titel: {title}", source)


@pytest.mark.parametrize("save", [
    ("begrippen/herstel.yaml", _definition("Herstel is wat de overheid doet na excuses.")),
    ("begrippen/herstel.yaml", lambda s: s.replace("titel: Herstelrapport\n",
                                                   "titel: Herstelrapport, tweede druk\n")),
    ("begrippen/excuses.yaml", lambda s: s.replace("titel: Herstelrapport\n",
                                                   "titel: Herstelrapport, tweede druk\n")),
    TEXT_SAVES[1],
    ("begrippen/excuses.yaml", lambda s: "# opmerking\n" + s),  # only its places change
])
def test_a_text_save_reuses_only_the_triples_it_cannot_change(
        project: Path, save: tuple[str, Callable[[str], str]]) -> None:
    """The preview takes the triples of every concept a text save left as they were; the
    whole is still exactly the export's, also for a source that two concepts share by its
    IRI when one of them changes its title (the other still states the old one)."""
    from kennisbank.skos.mapping import to_triples

    for rel in ("begrippen/herstel.yaml", "begrippen/excuses.yaml"):
        _edit(project / rel, _shared_source("Herstelrapport"))
    generator = incremental.Generator(project / "docs", "mkdocs")
    inhoud, _ = check(project)
    generator.write_full(*generator.full(inhoud), _nothing)
    assert generator.site is not None and generator.site.ctx.triples == to_triples(inhoud)
    rel, change = save
    _edit(project / rel, change)
    inhoud, findings = check(project)
    assert not [f for f in findings if f.level.name == "FOUT"]
    assert generator.partial(inhoud) is not None, "a text save is generated page first"
    assert generator.site.ctx.triples == to_triples(inhoud)
    if "Herstelrapport, tweede druk" in (project / rel).read_text(encoding="utf-8"):
        titles = {str(o) for s, _, o in generator.site.ctx.triples if str(s) == SHARED
                  and "Herstelrapport" in str(o)}
        assert titles == {"Herstelrapport", "Herstelrapport, tweede druk"}
