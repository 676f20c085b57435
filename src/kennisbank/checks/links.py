"""The rule on symbolic links where kennisbank keeps files of its own: none at the project's
top level, none with a dot name in begrippen/, leidraad/, vocabulaires/ or docs/.

kennisbank writes its own files there (the default configurations, Zensical's temporary
configuration and cache, the lock, the term data and the manifest in docs/, temporary files
beside the concept files), names that `content.load` never reads, and git checks a committed
link out as a link. Every write goes through `core.safewrite`, which never follows one; this
rule says so in `check` as well, before a build, with the place and where the link points
(read from the link itself, never followed).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from kennisbank.core.findings import Finding, Level

# content.load reports a docs/ that is a link itself (and every link in docs/ without a dot).
_REPORTED_BY_LOAD = frozenset({"docs"})
CONTENT_FOLDERS = ("begrippen", "leidraad", "vocabulaires", "docs")
CODE = "onleesbaar-bestand"


def committed_links(root: Path) -> list[Finding]:
    """Every symbolic link at the top of `root`, and every one with a dot name anywhere in
    its content folders (a folder that is a link is not entered). Any order: the pipeline
    sorts the findings."""
    findings = []
    for entry in _entries(root):
        if entry.is_symlink() and entry.name not in _REPORTED_BY_LOAD:
            findings.append(_finding(entry, entry.name, "in de hoofdmap van het project"))
    for folder in CONTENT_FOLDERS:
        path = root / folder
        if path.is_dir() and not path.is_symlink():
            findings += [_finding(entry, rel, f"met een naam die met een punt begint in "
                                              f"{folder}/")
                         for rel, entry in _dot_links(path, folder)]
    return findings


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as scan:
            return list(scan)
    except OSError:  # content.load says why a folder cannot be read
        return []


def _dot_links(folder: Path, rel: str) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Links with a dot name, and any link under a folder with a dot name (no engine and no
    rule reads there, kennisbank may write there)."""
    todo = [(folder, rel, False)]
    while todo:
        path, shown, hidden = todo.pop()
        for entry in _entries(path):
            dot = hidden or entry.name.startswith(".")
            if entry.is_symlink():
                if dot:
                    yield f"{shown}/{entry.name}", entry
            elif entry.is_dir(follow_symlinks=False):
                todo.append((Path(entry.path), f"{shown}/{entry.name}", dot))


def _finding(entry: os.DirEntry[str], rel: str, where: str) -> Finding:
    try:
        target = os.readlink(entry.path)
    except OSError:
        target = "?"
    return Finding(rel, 1, 1, Level.FOUT, CODE,
                   f"een symbolische koppeling naar {target!r} {where}; kennisbank schrijft "
                   "daar eigen bestanden (configuraties, cache, tijdelijke bestanden) en git "
                   "zet een koppeling terug als koppeling, dus kennisbank weigert hier elke "
                   "koppeling (verwachtte een gewoon bestand of een gewone map: verwijder de "
                   "koppeling)")
