"""Load a content folder: begrippen/*.yaml and leidraad/*.yaml → Inhoud, plus findings.

Per-file problems (syntax, types, unknown keys) are found here; rules across files live in
`validate`. Reading never writes anything.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from kennisbank.content.fields import Record
from kennisbank.content.model import BEGRIP, KADER, LEIDRAAD, STAP, VOCABULAIRE, Inhoud
from kennisbank.content.parsecache import ParseCache
from kennisbank.content.records import build_record
from kennisbank.content.reviewed import unreviewed_code
from kennisbank.content.schema import ID_RE, Ctx, Missing, slugify
from kennisbank.content.yamlsource import parse_document, read_content
from kennisbank.core.findings import Finding, KennisbankError, Level, os_reason
from kennisbank.core.forked import PARALLEL_FROM, can_fork, pool

KADER_FILE = "_kader.yaml"
LEIDRAAD_FILE = "_leidraad.yaml"
# Folders under docs/ that the site generator owns (gitignored); everything else is prose.
GENERATED = ("begrippen", "downloads", "formaat", "id", "leidraad", "vocabulaires",
             "wijzigingen", "zoeken")
# Developer-facing Markdown beside vendored code: no page (mkdocs.yml's `exclude_docs`, which
# Zensical honours too), so no concept lists it under "Op pagina's".
NOT_PAGES = ("assets/vendor/",)
# What the generator last wrote into its folders, one path per line relative to docs/ (read
# here, written by site.files). A dot file, like the generator's other own files in docs/:
# MkDocs and Zensical publish no file or folder whose name starts with a dot.
MANIFEST = ".kennisbank-bestanden"
# Files a browser may open as a document of our origin although they are no page: read so
# that checks.pages can look for markup in them (a file without a suffix may be sniffed).
READ_AS_MARKUP = frozenset({".svg", ""})


# The default pages the site generator wrote into docs/ (a home page from the kader, ...),
# with the hash of each as written: while a page still has that hash it is the engine's,
# not hand-written (src/kennisbank/site/project.py). The record is a file in docs/ that a
# pull request can commit, so it counts only for the pages the generator writes there, and
# every build writes those again: a page the record names wrongly is replaced, not published.
DEFAULT_PAGES = ".kennisbank-bestanden-standaard"
DEFAULT_PAGE_NAMES = ("index.md", "tekstcheck.md")


def default_pages(docs: Path) -> dict[str, str]:
    """The record of default pages: path under docs/ → hash of what was written."""
    try:
        data = json.loads((docs / DEFAULT_PAGES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def unchanged_default(docs: Path, rel: str, record: dict[str, str]) -> bool:
    """True when docs/rel is the very default page the generator wrote."""
    path = docs / rel
    if rel not in DEFAULT_PAGE_NAMES or rel not in record or path.is_symlink() or \
            not path.is_file():
        return False
    return hashlib.sha256(path.read_bytes()).hexdigest() == record[rel]


def read_pages(docs: Path, findings: list[Finding]) -> dict[str, str] | None:
    """The hand-written Markdown pages under docs/ (None if there is no docs/ folder, or no
    hand-written page in it: the default pages kennisbank wrote itself do not count)."""
    return read_docs(docs, findings)[0] or None


def read_docs(docs: Path, findings: list[Finding]) -> tuple[dict[str, str] | None,
                                                             dict[str, str | None]]:
    """The hand-written pages under docs/, and every other file the site would publish
    that the generator did not write (relative path → its text when it is read as markup:
    SVG, files without a suffix and Markdown in the generator's folders; else None).

    A file in a generator folder counts as generated only when the last manifest names it:
    before the first build (a fresh clone) nothing there is, so a committed file in
    docs/id/ is checked like any other. A default page the engine wrote (a home page from
    the kader) is the engine's while it is unchanged: no hand-written page."""
    if docs.is_symlink():
        findings.append(Finding("docs", 1, 1, Level.FOUT, "onleesbaar-bestand",
                                f"de map docs/ is een symbolische koppeling naar "
                                f"{os.readlink(docs)!r}; de site zou publiceren wat daar staat "
                                "(verwachtte een gewone map)"))
        return None, {}
    if not docs.is_dir():
        return None, {}
    manifest = docs / MANIFEST
    generated = set(manifest.read_text(encoding="utf-8", errors="replace").splitlines()) \
        if manifest.is_file() and not manifest.is_symlink() else set()
    pages: dict[str, str] = {}
    others: dict[str, str | None] = {}
    record = default_pages(docs)
    for rel, entry in _docs_entries(docs, findings):
        name = entry.name
        owned = rel.split("/", 1)[0] in GENERATED and "/" in rel
        if rel in generated and owned or \
                rel.startswith(NOT_PAGES) and name.endswith(".md") or \
                unchanged_default(docs, rel, record):
            continue
        markdown = name.endswith(".md")
        if not owned and not markdown and \
                os.path.splitext(name)[1].lower() not in READ_AS_MARKUP:
            others[rel] = None  # judged by its name alone: no need to read it
            continue
        try:
            text = Path(entry.path).read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            findings.append(Finding(f"docs/{rel}", 1, 1, Level.FOUT, "onleesbaar-bestand",
                                    f"kan het bestand niet lezen: {os_reason(exc)}"))
            continue
        if markdown and not owned:
            pages[rel] = text
        else:
            others[rel] = text
    return pages, others


def _docs_entries(docs: Path, findings: list[Finding]) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """(path relative to docs/, entry) of every regular file under docs/ but dot files, in
    sorted order. Every symbolic link (to a file or a folder, with any name) and every other
    entry that is no regular file or folder gets a finding and is neither followed nor read:
    both engines publish what a link points to (`docs/env.txt -> /proc/self/environ` would
    publish the build's environment). The engines skip names that start with a dot."""
    todo = [(str(docs), "")]  # (folder, its path relative to docs/ with a '/', or '')
    while todo:
        folder, prefix = todo.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            findings.append(Finding(f"docs/{prefix}".rstrip("/"), 1, 1, Level.FOUT,
                                    "onleesbaar-bestand",
                                    f"kan de map niet lezen: {os_reason(exc)}"))
            continue
        folders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = prefix + entry.name
            # A plain file or folder says so from its directory entry, without a system call.
            problem = None if entry.is_file(follow_symlinks=False) else _not_plain_entry(entry)
            if problem:
                findings.append(Finding(f"docs/{rel}", 1, 1, Level.FOUT, "onleesbaar-bestand",
                                        problem))
            elif entry.is_dir(follow_symlinks=False):
                folders.append((entry.path, rel + "/"))
            else:
                yield rel, entry
        todo += reversed(folders)


def _not_plain_entry(entry: os.DirEntry[str]) -> str | None:
    """Why an entry of docs/ may not be published: a symbolic link (told where it points,
    from the link itself: the target is never opened) or no regular file or folder."""
    if entry.is_symlink():
        try:
            target = os.readlink(entry.path)
        except OSError:
            target = "?"
        if not os.path.exists(entry.path):
            return ("een symbolische koppeling die nergens heen wijst (of een kring van "
                    "koppelingen); de site publiceert geen koppelingen (verwachtte een gewoon "
                    "bestand of een gewone map)")
        return (f"een symbolische koppeling naar {target!r}; beide sitegeneratoren zouden "
                "publiceren wat daar staat, dus kennisbank weigert elke koppeling in docs/, "
                "ook binnen het project (verwachtte een gewoon bestand of een gewone map: "
                "zet het bestand zelf in docs/)")
    if entry.is_dir(follow_symlinks=False) or entry.is_file(follow_symlinks=False):
        return None
    return ("geen gewoon bestand (maar bijvoorbeeld een named pipe of apparaat); verwachtte "
            "een gewoon bestand of een gewone map")


def _not_plain_file(path: Path, inside: Path) -> str | None:
    """Why `path` may not be read as content: it leads outside `inside` (through a symbolic
    link) or is no regular file (a named pipe would make reading wait forever)."""
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "een symbolische koppeling die nergens heen wijst (of een kring van koppelingen)"
    if not resolved.is_relative_to(inside):
        return (f"een symbolische koppeling naar {str(resolved)!r}, buiten {str(inside)!r}; "
                "kennisbank leest alleen bestanden binnen de inhoudsmap")
    if not resolved.is_file():
        return "geen gewoon bestand (maar bijvoorbeeld een named pipe of apparaat)"
    return None


# Records straight from the parser's events where the file allows (content.records); the
# usual compose-and-parse otherwise. Off only to compare the two (tests/test_records.py).
DIRECT = True


def _parse(path: Path, rel: str, record: Record, findings: list[Finding]) -> Any:
    data = read_content(path, rel, findings)
    if data is None:
        return None
    if DIRECT:
        built = build_record(data, record)
        if built is not None:
            item: Any = built[0]
            item.locs = built[1]
            return item
    node = parse_document(data, rel, findings)
    if node is None:
        return None
    ctx = Ctx(rel, findings)
    value = record.parse(node, ctx, "")
    if isinstance(value, Missing):
        return None
    value.locs = ctx.locs
    return value



def _parse_item(job: tuple[str, Path, str, bool]) -> tuple[str, Any, list[Finding]]:
    ident, path, rel, is_stap = job
    findings: list[Finding] = []
    return ident, _parse(path, rel, STAP if is_stap else BEGRIP, findings), findings


def _parse_all(jobs: list[tuple[str, Path, str, bool]]) -> list[tuple[str, Any, list[Finding]]]:
    """Parse item files, on all cores for large folders (YAML composing dominates check).

    The files go in small chunks to forked workers, which take them from the front; the
    parent takes them from the back, each chunk that no worker has started yet (its future
    still cancels). So the work goes to whichever process gets a core: on a busy machine
    the parent does more itself instead of waiting for a worker. A worker that dies is
    reported (concurrent.futures notices; multiprocessing.Pool would wait forever).
    """
    if not can_fork(len(jobs), PARALLEL_FROM):
        return [_parse_item(job) for job in jobs]
    workers = min(os.cpu_count() or 1, 8)
    size = max(50, len(jobs) // (workers * 16))
    chunks = [jobs[i:i + size] for i in range(0, len(jobs), size)]
    done: list[list[tuple[str, Any, list[Finding]]] | None] = [None] * len(chunks)
    with pool(workers - 1) as parsers:
        pending = [parsers.submit(_parse_chunk, part) for part in chunks]
        for i in reversed(range(len(chunks))):
            if not pending[i].cancel():
                break  # a worker has it, and every chunk before it
            done[i] = _parse_chunk(chunks[i])
        for i, future in enumerate(pending):
            if done[i] is not None:
                continue
            try:
                done[i] = future.result()
            except BrokenProcessPool as exc:
                part = chunks[i]
                raise KennisbankError(
                    f"een werkproces van de controle stopte onverwacht bij een van de "
                    f"bestanden {part[0][2]} tot en met {part[-1][2]}; er is niets "
                    "veranderd") from exc
    return [item for part in done if part is not None for item in part]


def _parse_chunk(jobs: list[tuple[str, Path, str, bool]]) -> list[tuple[str, Any, list[Finding]]]:
    return [_parse_item(job) for job in jobs]


def _content_files(folder: Path, root: Path, special: str, findings: list[Finding],
                   refused: set[str]) -> list[tuple[str, Path, str]]:
    """(id, path, relative path) of the item files in `folder`, sorted by id. Files that
    look like items but cannot be read safely get a finding, and their ids go in `refused`
    (they exist, so references to them are no further errors)."""
    items = []
    prefix = folder.relative_to(root).as_posix()
    inside = root.resolve()
    # In a folder that is where it seems (no link on the way to it), a regular file that is
    # no link is inside the root: the directory entry says so without a system call. Links,
    # and every entry of a folder reached through a link, are resolved one by one.
    direct = folder.resolve() == inside / prefix
    with os.scandir(folder) as scan:
        entries = sorted(scan, key=lambda entry: entry.name)
    for entry in entries:
        name = entry.name
        rel = f"{prefix}/{name}"
        path = folder / name
        if name.startswith(".") or name == special or (
                path.is_dir() if entry.is_symlink() else entry.is_dir(follow_symlinks=False)):
            continue
        lower = name.lower()
        if lower.endswith((".yml", ".yaml")) and not name.endswith(".yaml"):
            findings.append(Finding(rel, 1, 1, Level.FOUT, "ongeldige-bestandsnaam",
                f"bestandsnaam {name!r} eindigt niet op .yaml (kleine letters); hernoem het "
                f"naar {name.rsplit('.', 1)[0] + '.yaml'!r}, anders wordt het niet gelezen"))
            continue
        if not name.endswith(".yaml"):
            continue
        stem = name[:-5]
        if stem.startswith("_"):
            findings.append(Finding(rel, 1, 1, Level.FOUT, "ongeldige-bestandsnaam",
                f"onbekend bestand {name!r}; alleen {special!r} mag met '_' beginnen"))
            continue
        if not ID_RE.fullmatch(stem):
            findings.append(Finding(rel, 1, 1, Level.FOUT, "ongeldige-bestandsnaam",
                f"bestandsnaam {name!r} is geen geldige id; gebruik kleine letters a-z, cijfers "
                f"en '-', bijvoorbeeld {slugify(stem) + '.yaml'!r}"))
            continue
        problem = None if direct and entry.is_file(follow_symlinks=False) else \
            _not_plain_file(path, inside)
        if problem:
            findings.append(Finding(rel, 1, 1, Level.FOUT, "onleesbaar-bestand",
                                    f"het bestand is {problem}"))
            refused.add(stem)
            continue
        items.append((stem, path, rel))
    return items


def load(root: Path, cache: ParseCache | None = None) -> tuple[Inhoud, list[Finding]]:
    """The content of `root` with the findings of reading it; `cache` keeps parsed files
    from one load to the next (a long-running process)."""
    # Loading allocates a few hundred thousand long-lived objects; the cyclic garbage
    # collector would rescan them over and over (a third of the time at 10,000 files).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(root, cache)
    finally:
        if enabled:
            gc.enable()


def _load(root: Path, cache: ParseCache | None) -> tuple[Inhoud, list[Finding]]:
    findings: list[Finding] = []
    inhoud = Inhoud()
    jobs: list[tuple[str, Path, str, bool]] = []

    begrippen_dir = root / "begrippen"
    if not begrippen_dir.is_dir():
        findings.append(Finding("begrippen", 1, 1, Level.FOUT, "ontbrekende-map",
            f"de map 'begrippen/' ontbreekt in {root}; is --root goed?"))
    else:
        kader_path = begrippen_dir / KADER_FILE
        problem = _not_plain_file(kader_path, root.resolve()) if kader_path.exists() or \
            kader_path.is_symlink() else None
        if problem:
            findings.append(Finding(f"begrippen/{KADER_FILE}", 1, 1, Level.FOUT,
                                    "onleesbaar-bestand", f"het bestand is {problem}"))
        elif kader_path.is_file():
            inhoud.kader = _parse(kader_path, f"begrippen/{KADER_FILE}", KADER, findings)
        else:
            findings.append(Finding(f"begrippen/{KADER_FILE}", 1, 1, Level.FOUT,
                "ontbrekend-bestand", "begrippen/_kader.yaml ontbreekt; daarin staan titel, "
                "basis_uri en collecties van het begrippenkader"))
        jobs += [(ident, path, rel, False) for ident, path, rel
                 in _content_files(begrippen_dir, root, KADER_FILE, findings,
                                   inhoud.onleesbaar)]

    leidraad_dir = root / "leidraad"
    if leidraad_dir.is_dir():  # a begrippenkader without a leidraad is fine
        items = _content_files(leidraad_dir, root, LEIDRAAD_FILE, findings,
                               inhoud.onleesbare_stappen)
        leidraad_path = leidraad_dir / LEIDRAAD_FILE
        problem = _not_plain_file(leidraad_path, root.resolve()) if leidraad_path.exists() or \
            leidraad_path.is_symlink() else None
        if problem:
            findings.append(Finding(f"leidraad/{LEIDRAAD_FILE}", 1, 1, Level.FOUT,
                                    "onleesbaar-bestand", f"het bestand is {problem}"))
        elif leidraad_path.is_file():
            inhoud.leidraad = _parse(leidraad_path, f"leidraad/{LEIDRAAD_FILE}", LEIDRAAD,
                                     findings)
        elif items:
            findings.append(Finding(f"leidraad/{LEIDRAAD_FILE}", 1, 1, Level.FOUT,
                "ontbrekend-bestand", "leidraad/_leidraad.yaml ontbreekt; daarin staan titel, "
                "inleiding en de eerste stap ('start')"))
        jobs += [(ident, path, rel, True) for ident, path, rel in items]

    parsed = _parse_all(jobs) if cache is None else cache.parse_all(jobs, _parse_all)
    for (ident, _, _, is_stap), (_, item, item_findings) in zip(jobs, parsed, strict=True):
        findings.extend(item_findings)
        if item is None:
            (inhoud.onleesbare_stappen if is_stap else inhoud.onleesbaar).add(ident)
        else:
            item.id = ident
            (inhoud.stappen if is_stap else inhoud.begrippen)[ident] = item
    pages, inhoud.bestanden = read_docs(root / "docs", findings)
    inhoud.paginas = pages or None  # only the engine's default pages: none hand-written
    findings += unreviewed_code(root)
    _load_vocabularies(root / "vocabulaires", inhoud, findings)
    return inhoud, findings


def _load_vocabularies(folder: Path, inhoud: Inhoud, findings: list[Finding]) -> None:
    """vocabulaires/<id>.yaml (metadata) and the RDF file each one names."""
    if not folder.is_dir():
        return
    for ident, path, rel in _content_files(folder, folder.parent, "", findings, set()):
        meta = _parse(path, rel, VOCABULAIRE, findings)
        if meta is None or not meta.bestand:
            continue
        meta.id = ident
        inhoud.vocabulaires[ident] = meta
        line, column = meta.locs.get("bestand", (1, 1))
        rdf = folder / meta.bestand
        problem = _not_plain_file(rdf, folder.parent.resolve()) if rdf.exists() or \
            rdf.is_symlink() else None
        if problem:
            line_, column_ = meta.locs.get("bestand", (1, 1))
            findings.append(Finding(rel, line_, column_, Level.FOUT, "onleesbaar-bestand",
                                    f"'bestand' {meta.bestand!r} is {problem}"))
            continue
        if not rdf.is_file():
            findings.append(Finding(rel, line, column, Level.FOUT, "ontbrekend-bestand",
                f"'bestand' noemt {meta.bestand!r}, maar dat staat niet in vocabulaires/"))
            continue
        from kennisbank.content.vocabulaires import concepts, parse_rdf  # rdflib: only when needed
        from kennisbank.rdf.parseerrors import RdfSyntaxError

        try:
            graph = parse_rdf(rdf)
        except KennisbankError as exc:  # refused: a DOCTYPE, a remote @context
            where = re.match(r"[^:]*:(?:(\d+):)? (.*)", exc.message, re.DOTALL)
            findings.append(Finding(f"vocabulaires/{meta.bestand}",
                int(where.group(1)) if where and where.group(1) else 1, 1, Level.FOUT,
                "onveilige-rdf", where.group(2) if where else exc.message))
            continue
        except RdfSyntaxError as exc:  # rdflib's error, told in Dutch with line and column
            findings.append(Finding(f"vocabulaires/{meta.bestand}", exc.line, exc.column,
                Level.FOUT, "ongeldige-rdf", f"het bestand is geen geldige {exc.label}: "
                f"{exc.problem}"))
            continue
        found = concepts(graph, ident, meta.naam)
        if not found:
            findings.append(Finding(rel, line, column, Level.WAARSCHUWING, "leeg-vocabulaire",
                f"{meta.bestand!r} bevat geen skos:Concept; is het een SKOS-bestand?"))
        for iri, begrip in found.items():
            inhoud.extern.setdefault(iri, begrip)
