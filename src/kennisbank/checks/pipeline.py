"""The check as a whole: load a root, run every rule, compare with what was published, apply
the profile, sort the findings."""

from __future__ import annotations

import gc
from pathlib import Path

from kennisbank.checks.bronregels import bronregels
from kennisbank.checks.common import Rule
from kennisbank.checks.huisstijl import huisstijl
from kennisbank.checks.labels import direction_controls, labels
from kennisbank.checks.leidraad import leidraad_graph
from kennisbank.checks.links import committed_links
from kennisbank.checks.mappings import (
    mapping_target_texts,
    mapping_targets,
    mappings,
)
from kennisbank.checks.ontraden import ontraden
from kennisbank.checks.pages import (
    docs_files,
    generated_names,
    page_markup,
    raw_front_matter,
)
from kennisbank.checks.profile import apply_profile, is_programme, is_skos
from kennisbank.checks.published import published_rules
from kennisbank.checks.rdf import extra_rdf
from kennisbank.checks.stappen import stappen
from kennisbank.checks.structure import (
    broader_and_related,
    broader_cycles,
    completeness,
    duplicates_in_lists,
    kader,
    references,
    unique_iris,
)
from kennisbank.checks.terms import (
    genus_not_broader,
    terms,
)
from kennisbank.content.load import load
from kennisbank.content.model import Inhoud
from kennisbank.content.parsecache import ParseCache
from kennisbank.core.findings import Finding
from kennisbank.core.forked import PARALLEL_FROM, beside, can_fork

RULES: tuple[Rule, ...] = (references, duplicates_in_lists, broader_cycles, broader_and_related,
                           labels, direction_controls, mappings, kader, unique_iris, completeness,
                           extra_rdf, leidraad_graph, terms, mapping_targets,
                           mapping_target_texts, genus_not_broader, ontraden,
                           raw_front_matter, page_markup, docs_files, generated_names, huisstijl,
                           bronregels, stappen)
# Rules that report only house rules (profile.HOUSE_RULES): not even run under `profiel:
# skos`, which saves the term index of a large vocabulary.
HOUSE_ONLY: frozenset[Rule] = frozenset({completeness, terms, genus_not_broader, ontraden})
# Rules that report only the programme's own rules (profile.PROGRAMME_RULES): run only under
# `profiel: erkenning-en-herstel`.
PROGRAMME_ONLY: frozenset[Rule] = frozenset({huisstijl, bronregels, stappen})


# Rules that stay in the checking process when the rules run in two: `terms` makes the term
# index that the site's generation takes over (TermIndex.of); with `genus_not_broader` they
# take about as long as all the others together, which the worker runs (at 10,000 concepts
# 0.67 s here against 0.52 s there, which also pays the fork and sends its findings back).
HERE: frozenset[Rule] = frozenset({terms, genus_not_broader})


def validate(inhoud: Inhoud, parallel: bool = False) -> list[Finding]:
    """Every rule's findings, in the order of RULES. With `parallel` and a large model the
    rules outside HERE run in a forked process at the same time (the same findings)."""
    skip = (HOUSE_ONLY if is_skos(inhoud) else frozenset()) | (
        frozenset() if is_programme(inhoud) else PROGRAMME_ONLY)
    chosen = [i for i, rule in enumerate(RULES) if rule not in skip]
    found: dict[int, list[Finding]] = {}
    away = tuple(i for i in chosen if RULES[i] not in HERE)
    if parallel and away and can_fork(len(inhoud.begrippen), PARALLEL_FROM):
        theirs, mine = beside(lambda: _run_rules(inhoud, away),
                              lambda: [(i, list(RULES[i](inhoud))) for i in chosen
                                       if i not in away])
        found.update(mine)
        found.update(zip(away, theirs, strict=True))
    found.update((i, list(RULES[i](inhoud))) for i in chosen if i not in found)
    return [finding for i in chosen for finding in found[i]]


def _run_rules(inhoud: Inhoud, chosen: tuple[int, ...]) -> list[list[Finding]]:
    return [list(RULES[i](inhoud)) for i in chosen]


def check(root: Path, cache: ParseCache | None = None) -> tuple[Inhoud, list[Finding]]:
    """Load and validate `root`; findings sorted by file, line and column. `cache` keeps
    parsed files between the checks of a long-running process (the preview)."""
    # The model is a few hundred thousand long-lived objects and the rules make few cycles:
    # the cyclic garbage collector would rescan the model over and over (a third of the
    # rules' time at 10,000 concepts). Switched on again, its first collection would still
    # walk everything the check made, all in the youngest generation (0.3 s at 10,000
    # concepts): so what the check leaves moves to the oldest generation at once (freeze,
    # then unfreeze: two list splices), which a full collection still visits in its time.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _check(root, cache)
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _check(root: Path, cache: ParseCache | None) -> tuple[Inhoud, list[Finding]]:
    inhoud, findings = load(root, cache)
    findings.extend(committed_links(root))  # where kennisbank writes: no links (core.safewrite)
    # A long-running process (the preview: a cache) has threads; it is not forked for rules.
    findings.extend(validate(inhoud, parallel=cache is None))
    if not is_skos(inhoud):  # IRIs never break, versie follows the tags: house rules
        findings.extend(published_rules(root, inhoud))
    findings = apply_profile(inhoud, findings)
    findings.sort(key=Finding.sort_key)
    return inhoud, findings
