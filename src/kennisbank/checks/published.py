"""The rule that what was published stays: a released concept never disappears (its IRI must
keep working) and the kader's versie keeps up with the release tags. Reads the history."""

from __future__ import annotations

from pathlib import Path

from kennisbank.content.model import Inhoud
from kennisbank.core.findings import Finding, Level
from kennisbank.history.git import (
    Geschiedenis,
    read,
    version_key,
    )
from kennisbank.history.records import (
    KADER_PATH,
    same,
)


def attach(root: Path, inhoud: Inhoud) -> Geschiedenis:
    hist = read(root, inhoud)
    inhoud.geschiedenis = hist
    return hist


def published_rules(root: Path, inhoud: Inhoud) -> list[Finding]:
    """Compare with the newest release: published concepts never disappear, and the kader's
    versie keeps up with the tags. Reads the history and attaches it to `inhoud`."""
    hist = attach(root, inhoud)
    newest = hist.newest
    if newest is None:
        return []
    findings: list[Finding] = []
    released = hist.state_at(newest.commit.index)
    present = set(inhoud.begrippen) | inhoud.onleesbaar
    added = [i for i in inhoud.begrippen if i not in released.begrippen]
    for ident in sorted(set(released.begrippen) - present):
        old = released.begrippen[ident]
        renamed = [i for i in added if same(inhoud.begrippen[i], old) or
                   inhoud.begrippen[i].voorkeursterm == old.voorkeursterm]
        what = (f"het id van {ident!r} is gewijzigd in {renamed[0]!r}" if renamed else
                f"begrip {ident!r} is verwijderd")
        findings.append(Finding(f"begrippen/{ident}.yaml", 1, 1, Level.FOUT,
            "gepubliceerd-begrip-weg", f"{what}, maar het staat in versie {newest.version} "
            f"({newest.tag}) en zijn IRI moet blijven werken; verwijder geen gepubliceerd "
            "begrip; zet status op verouderd met vervangen_door"))
    kader = inhoud.kader
    if kader is not None and kader.versie:
        line, column = kader.locs.get("versie", (1, 1))
        head_tags = [r for r in hist.releases if r.commit.index == len(hist.commits) - 1]
        if not version_key(kader.versie):
            findings.append(Finding(KADER_PATH, line, column, Level.FOUT, "versie-tag",
                f"versie {kader.versie!r} heeft niet de vorm X.Y.Z van de releases "
                f"(nieuwste: {newest.tag})"))
        elif head_tags and kader.versie not in {r.version for r in head_tags}:
            findings.append(Finding(KADER_PATH, line, column, Level.FOUT, "versie-tag",
                f"deze commit heeft tag {head_tags[-1].tag}, maar versie is "
                f"{kader.versie!r}; verwachtte {head_tags[-1].version!r}"))
        elif version_key(kader.versie) < newest.key:
            findings.append(Finding(KADER_PATH, line, column, Level.FOUT, "versie-tag",
                f"versie {kader.versie!r} is ouder dan de nieuwste release {newest.tag}; "
                f"verwachtte {newest.version} of hoger"))
    return findings
