"""Rules on the leidraad as a graph: every outcome goes somewhere, every step is reachable from
the start and can reach an end."""

from __future__ import annotations

from collections.abc import Iterator

from kennisbank.checks.common import (
    at,
    error,
)
from kennisbank.content.model import Inhoud
from kennisbank.content.schema import suggest
from kennisbank.core.findings import Finding


def leidraad_graph(inhoud: Inhoud) -> Iterator[Finding]:
    leidraad, stappen = inhoud.leidraad, inhoud.stappen
    if leidraad is None:
        return
    path = "leidraad/_leidraad.yaml"
    edges: dict[str, list[str]] = {ident: [] for ident in stappen}
    ends: set[str] = set()
    for stap in stappen.values():
        for i, uitkomst in enumerate(stap.uitkomsten):
            if uitkomst.einde:
                ends.add(stap.id)
            if not uitkomst.volgende:
                continue
            if uitkomst.volgende in stappen:
                edges[stap.id].append(uitkomst.volgende)
            elif uitkomst.volgende not in inhoud.onleesbare_stappen:
                pos = at(stap.locs, f"uitkomsten.{i}.volgende", f"leidraad/{stap.id}.yaml")
                yield error(pos,
                             "onbekende-stap", f"'volgende' verwijst naar {uitkomst.volgende!r}, "
                             f"dat geen stap is{suggest(uitkomst.volgende, stappen)}")
    if inhoud.onleesbare_stappen:
        return  # reachability is meaningless while a step file could not be read
    if leidraad.start and leidraad.start not in stappen:
        yield error(at(leidraad.locs, "start", path), "onbekende-stap",
                     f"'start' verwijst naar {leidraad.start!r}, dat geen stap is"
                     f"{suggest(leidraad.start, stappen)}")
        return
    reached = _reachable([leidraad.start], edges) if leidraad.start else set()
    for ident in sorted(stappen):
        stap = stappen[ident]
        if ident not in reached and not stap.parallel:
            yield error(at(stap.locs, "", f"leidraad/{ident}.yaml"), "stap-onbereikbaar",
                         f"stap {ident!r} is vanaf de start ({leidraad.start!r}) niet te bereiken "
                         "via 'volgende'; verwijs ernaar of markeer haar met 'parallel: true'")
    reverse: dict[str, list[str]] = {ident: [] for ident in stappen}
    for source, targets in edges.items():
        for target in targets:
            reverse[target].append(source)
    can_end = _reachable(sorted(ends), reverse)
    for ident in sorted(stappen):
        if ident not in can_end:
            yield error(at(stappen[ident].locs, "uitkomsten", f"leidraad/{ident}.yaml"),
                         "geen-einde", f"vanuit stap {ident!r} is geen einde te bereiken: elke "
                         "route loopt in een kring; geef een uitkomst met 'einde'")


def _reachable(starts: list[str], edges: dict[str, list[str]]) -> set[str]:
    seen, todo = set(starts), list(starts)
    while todo:
        for target in edges.get(todo.pop(), []):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen
