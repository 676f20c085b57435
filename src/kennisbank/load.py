"""Load a content folder: begrippen/*.yaml and leidraad/*.yaml → Inhoud, plus findings.

Per-file problems (syntax, types, unknown keys) are found here; rules across files live in
`validate`. Reading never writes anything.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
from pathlib import Path
from typing import Any

from kennisbank.findings import Finding, Level
from kennisbank.model import BEGRIP, KADER, LEIDRAAD, STAP, VOCABULAIRE, Inhoud
from kennisbank.schema import ID_RE, Ctx, Missing, Record, slugify
from kennisbank.yamlsource import read_document

KADER_FILE = "_kader.yaml"
LEIDRAAD_FILE = "_leidraad.yaml"
# Folders under docs/ that the site generator owns (gitignored); everything else is prose.
GENERATED = ("begrippen", "downloads", "id", "leidraad", "vocabulaires", "zoeken")


def read_pages(docs: Path) -> dict[str, str] | None:
    """The hand-written Markdown pages under docs/ (None if there is no docs/ folder)."""
    if not docs.is_dir():
        return None
    pages = {}
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs).as_posix()
        if rel.split("/", 1)[0] not in GENERATED or "/" not in rel:
            pages[rel] = path.read_text(encoding="utf-8", errors="replace")
    return pages


def _parse(path: Path, rel: str, record: Record, findings: list[Finding]) -> Any:
    node = read_document(path, rel, findings)
    if node is None:
        return None
    ctx = Ctx(rel, findings)
    value = record.parse(node, ctx, "")
    if isinstance(value, Missing):
        return None
    value.locs = ctx.locs
    return value


# Below this many files a worker pool costs more than it saves.
PARALLEL_FROM = 800


def _parse_item(job: tuple[str, Path, str, bool]) -> tuple[str, Any, list[Finding]]:
    ident, path, rel, is_stap = job
    findings: list[Finding] = []
    return ident, _parse(path, rel, STAP if is_stap else BEGRIP, findings), findings


def _parse_all(jobs: list[tuple[str, Path, str, bool]]) -> list[tuple[str, Any, list[Finding]]]:
    """Parse item files, on all cores for large folders (YAML composing dominates check).

    The parent parses a share itself while forked workers parse the rest; the parent's share
    is a little smaller because it must also unpickle what the workers send back.
    """
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) < PARALLEL_FROM or workers < 2 or "fork" not in \
            multiprocessing.get_all_start_methods():
        return [_parse_item(job) for job in jobs]
    own = int(len(jobs) * 0.9 / workers)
    rest = jobs[own:]
    with multiprocessing.get_context("fork").Pool(workers - 1) as pool:
        pending = pool.map_async(_parse_item, rest,
                                 chunksize=max(1, len(rest) // ((workers - 1) * 2)))
        mine = [_parse_item(job) for job in jobs[:own]]
        return mine + pending.get()


def _content_files(folder: Path, root: Path, special: str,
                   findings: list[Finding]) -> list[tuple[str, Path, str]]:
    """(id, path, relative path) of the item files in `folder`, sorted by id."""
    items = []
    prefix = folder.relative_to(root).as_posix()
    with os.scandir(folder) as scan:
        entries = sorted((entry.name, entry.is_file()) for entry in scan)
    for name, is_file in entries:
        path, rel = folder / name, f"{prefix}/{name}"
        if name.startswith(".") or name == special or not is_file:
            continue
        if name.endswith(".yml"):
            findings.append(Finding(rel, 1, 1, Level.FOUT, "ongeldige-bestandsnaam",
                f"bestandsnaam {name!r} eindigt op .yml; gebruik .yaml "
                f"({name[:-4]}.yaml), anders wordt het bestand niet gelezen"))
            continue
        if not name.endswith(".yaml"):
            continue
        stem = name[:-5]
        if stem.startswith("_"):
            findings.append(Finding(rel, 1, 1, Level.FOUT, "ongeldige-bestandsnaam",
                f"onbekend bestand {name!r}; alleen {special!r} mag met '_' beginnen"))
            continue
        if not ID_RE.match(stem):
            findings.append(Finding(rel, 1, 1, Level.FOUT, "ongeldige-bestandsnaam",
                f"bestandsnaam {name!r} is geen geldige id; gebruik kleine letters a-z, cijfers "
                f"en '-', bijvoorbeeld {slugify(stem) + '.yaml'!r}"))
            continue
        items.append((stem, path, rel))
    return items


def load(root: Path) -> tuple[Inhoud, list[Finding]]:
    # Loading allocates a few hundred thousand long-lived objects; the cyclic garbage
    # collector would rescan them over and over (a third of the time at 10,000 files).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(root)
    finally:
        if enabled:
            gc.enable()


def _load(root: Path) -> tuple[Inhoud, list[Finding]]:
    findings: list[Finding] = []
    inhoud = Inhoud()
    jobs: list[tuple[str, Path, str, bool]] = []

    begrippen_dir = root / "begrippen"
    if not begrippen_dir.is_dir():
        findings.append(Finding("begrippen", 1, 1, Level.FOUT, "ontbrekende-map",
            f"de map 'begrippen/' ontbreekt in {root}; is --root goed?"))
    else:
        kader_path = begrippen_dir / KADER_FILE
        if kader_path.is_file():
            inhoud.kader = _parse(kader_path, f"begrippen/{KADER_FILE}", KADER, findings)
        else:
            findings.append(Finding(f"begrippen/{KADER_FILE}", 1, 1, Level.FOUT,
                "ontbrekend-bestand", "begrippen/_kader.yaml ontbreekt; daarin staan titel, "
                "basis_uri en collecties van het begrippenkader"))
        jobs += [(ident, path, rel, False) for ident, path, rel
                 in _content_files(begrippen_dir, root, KADER_FILE, findings)]

    leidraad_dir = root / "leidraad"
    if leidraad_dir.is_dir():  # a begrippenkader without a leidraad is fine
        items = _content_files(leidraad_dir, root, LEIDRAAD_FILE, findings)
        leidraad_path = leidraad_dir / LEIDRAAD_FILE
        if leidraad_path.is_file():
            inhoud.leidraad = _parse(leidraad_path, f"leidraad/{LEIDRAAD_FILE}", LEIDRAAD,
                                     findings)
        elif items:
            findings.append(Finding(f"leidraad/{LEIDRAAD_FILE}", 1, 1, Level.FOUT,
                "ontbrekend-bestand", "leidraad/_leidraad.yaml ontbreekt; daarin staan titel, "
                "inleiding en de eerste stap ('start')"))
        jobs += [(ident, path, rel, True) for ident, path, rel in items]

    for (ident, _, _, is_stap), (_, item, item_findings) in zip(jobs, _parse_all(jobs),
                                                                strict=True):
        findings.extend(item_findings)
        if item is None:
            (inhoud.onleesbare_stappen if is_stap else inhoud.onleesbaar).add(ident)
        else:
            item.id = ident
            (inhoud.stappen if is_stap else inhoud.begrippen)[ident] = item
    inhoud.paginas = read_pages(root / "docs")
    _load_vocabularies(root / "vocabulaires", inhoud, findings)
    return inhoud, findings


def _load_vocabularies(folder: Path, inhoud: Inhoud, findings: list[Finding]) -> None:
    """vocabulaires/<id>.yaml (metadata) and the RDF file each one names."""
    if not folder.is_dir():
        return
    for ident, path, rel in _content_files(folder, folder.parent, "", findings):
        meta = _parse(path, rel, VOCABULAIRE, findings)
        if meta is None or not meta.bestand:
            continue
        meta.id = ident
        inhoud.vocabulaires[ident] = meta
        line, column = meta.locs.get("bestand", (1, 1))
        rdf = folder / meta.bestand
        if not rdf.is_file():
            findings.append(Finding(rel, line, column, Level.FOUT, "ontbrekend-bestand",
                f"'bestand' noemt {meta.bestand!r}, maar dat staat niet in vocabulaires/"))
            continue
        from kennisbank.vocabulaires import concepts, parse_rdf  # rdflib: only when needed

        try:
            graph = parse_rdf(rdf)
        except Exception as exc:  # rdflib raises many kinds; all mean "cannot read this"
            problem = " ".join(str(exc).split())[:300]
            at_line = re.search(r"\bline (\d+)", problem)
            findings.append(Finding(f"vocabulaires/{meta.bestand}",
                int(at_line.group(1)) if at_line else 1, 1, Level.FOUT,
                "ongeldige-rdf", f"het bestand is geen leesbare RDF: {problem}"))
            continue
        found = concepts(graph, ident)
        if not found:
            findings.append(Finding(rel, line, column, Level.WAARSCHUWING, "leeg-vocabulaire",
                f"{meta.bestand!r} bevat geen skos:Concept; is het een SKOS-bestand?"))
        for iri, begrip in found.items():
            inhoud.extern.setdefault(iri, begrip)
