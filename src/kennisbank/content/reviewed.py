"""The project's code that only maintainers change: the templates in `overrides/` and the
configuration `mkdocs.yml` and `zensical.yml`. MkDocs renders templates with Jinja outside a
sandbox and reads hooks and plugins from its configuration, so each of these files can run
commands during a build. `check` compares each with the fingerprint a maintainer recorded in
`gekeurde-code.sha256` (the output of `sha256sum`) and refuses one that differs or is new,
before any engine reads it. The record is no sandbox: a pull request that changes a template
and the record passes, which is why the record is owned by the maintainers (CODEOWNERS) and
shows up in every review (dev/security.md)."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from kennisbank.core.findings import Finding, Level, os_reason

REVIEWED = "gekeurde-code.sha256"
CONFIGS = ("mkdocs.yml", "zensical.yml")
TEMPLATES = "overrides"
_LINE = re.compile(r"([0-9a-f]{64}) [ *](.+)")


def recorded(root: Path) -> dict[str, str]:
    """Path → sha256 as a maintainer recorded them (`sha256sum` lines; others ignored)."""
    path = root / REVIEWED
    if path.is_symlink() or not path.is_file():
        return {}
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    return {m.group(2).removeprefix("./"): m.group(1) for line in text.splitlines()
            if (m := _LINE.fullmatch(line.strip()))}


def code_files(root: Path) -> list[str]:
    """The project's code files that exist, relative to root, sorted: the two configurations
    and every entry under overrides/ (links and other odd entries too, never followed)."""
    found = [name for name in CONFIGS if os.path.lexists(root / name)]
    top = root / TEMPLATES
    if top.is_symlink():
        return [*found, TEMPLATES]
    for dirpath, dirnames, filenames in os.walk(top):
        folder = Path(dirpath)
        for name in sorted(dirnames):
            if (folder / name).is_symlink():
                found.append((folder / name).relative_to(root).as_posix())
        dirnames[:] = sorted(d for d in dirnames if not (folder / d).is_symlink())
        found += [(folder / name).relative_to(root).as_posix() for name in sorted(filenames)]
    return sorted(found)


def unreviewed_code(root: Path) -> list[Finding]:
    """A finding for every code file that is not exactly what a maintainer recorded."""
    record = recorded(root)
    findings = []
    for rel in code_files(root):
        path = root / rel
        why = None
        if path.is_symlink() or not path.is_file():
            why = "is een symbolische koppeling of geen gewoon bestand"
        else:
            try:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError as exc:
                why = f"kan niet worden gelezen: {os_reason(exc)}"
            else:
                if rel not in record:
                    why = f"staat niet in {REVIEWED}"
                elif record[rel] != digest:
                    why = f"is veranderd sinds een ontwikkelaar het keurde ({REVIEWED})"
        if why:
            findings.append(Finding(rel, 1, 1, Level.FOUT, "ongekeurde-code",
                f"{rel!r} {why}; sjablonen in {TEMPLATES}/ en {' en '.join(CONFIGS)} zijn code "
                "die tijdens het bouwen opdrachten kan uitvoeren, en alleen de ontwikkelaars "
                "veranderen ze (verwachtte het bestand zoals gekeurd; een ontwikkelaar keurt "
                f"het met: sha256sum {' '.join(CONFIGS)} $(find {TEMPLATES} -type f) > "
                f"{REVIEWED})"))
    return findings
