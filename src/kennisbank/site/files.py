"""The generator's own folders under docs/: written in one burst, only what changed, and never
a file it did not write (a manifest says which)."""

from __future__ import annotations

import filecmp
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from kennisbank.content.load import GENERATED, MANIFEST
from kennisbank.core.findings import KennisbankError
from kennisbank.core.safewrite import is_temporary, write_file
from kennisbank.site.markup import Content, Output, Packed, payload
from kennisbank.site.security import site_entries

OWNED = GENERATED  # folders under docs/ that belong to the generator (gitignored)


@dataclass
class Stats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    changed: set[str] = field(default_factory=set)  # paths written or removed
    gone: set[str] = field(default_factory=set)  # paths removed


# MANIFEST: what the generator wrote last time, one path per line (relative to docs/; MkDocs
# skips dot files). Only those are ever removed again.


def sync(docs: Path, output: Output, known: dict[str, Content] | None = None) -> Stats:
    """Make the owned folders hold exactly `output`, touching only what changed.

    Never follows a symbolic link (a committed `docs/downloads -> /elders` would otherwise
    make the build write there and delete the rest; every file goes through
    `core.safewrite`, which also refuses a link at the file's own place) and never removes a
    file it did not write: stale files are those of the previous run's manifest. A file in
    an owned folder that the generator did not write stops the build, so it is not lost
    either. (Before the first manifest exists, the owned folders are trusted to hold
    generated files only, as documented.)

    `known`: what this process wrote there last (a preview): a file whose content is the same
    in memory is not read back from disk.
    """
    present, empty = _present(docs)
    manifest = docs / MANIFEST
    previous = set(manifest.read_text(encoding="utf-8").splitlines()) \
        if manifest.is_file() and not manifest.is_symlink() else None
    strangers = sorted(present - set(output.files) - (previous if previous is not None
                                                       else present))
    if strangers:
        raise KennisbankError(
            f"{len(strangers)} bestand(en) in de mappen van de generator zijn niet door "
            f"kennisbank gemaakt: {', '.join('docs/' + s for s in strangers[:5])}"
            f"{' ...' if len(strangers) > 5 else ''}; deze mappen ({', '.join(OWNED)}) "
            "maakt kennisbank zelf, zet eigen bestanden ergens anders (bijvoorbeeld in "
            "docs/assets/); er is niets veranderd")
    stats = Stats()
    # Compare first, then write in one burst: a watching engine (`kennisbank serve`) then
    # sees one change and builds once.
    changed = []
    for rel, data in sorted(output.files.items()):
        target = docs / rel
        before = known.get(rel) if known is not None else None
        if before is not None and (before is data or before == data) and target.is_file():
            stats.unchanged += 1
        elif data == target:  # compared with docs/ as it was made (Output.docs): equal
            stats.unchanged += 1
        elif not isinstance(data, Packed) and target.is_file() and _same(target, data):
            stats.unchanged += 1
        else:
            changed.append((rel, target, data))
    for rel, target, data in changed:
        write_file(target, payload(data), docs.parent)
        stats.written += 1
        stats.changed.add(rel)
    for rel in sorted(present - set(output.files), reverse=True):
        (docs / rel).unlink()
        stats.removed += 1
        stats.changed.add(rel)
        stats.gone.add(rel)
    if stats.removed or empty:  # folders left empty (walked again only then)
        for folder in OWNED:
            for dirpath, _, _ in sorted(os.walk(docs / folder), reverse=True):
                if not os.listdir(dirpath):
                    os.rmdir(dirpath)
    listing = "".join(f"{rel}\n" for rel in sorted(output.files))
    if previous is None or set(listing.splitlines()) != previous:  # untouched: no rebuild
        write_file(manifest, listing.encode("utf-8"), docs.parent)
    return stats


def write_some(docs: Path, files: dict[str, Content]) -> Stats:
    """Write these files of the owned folders (each one already in the manifest), in one
    burst, and nothing else: what a preview writes after a save that changed only text.
    As sync, it never writes through a symbolic link (each path is checked, not the folders:
    a save must stay quick)."""
    for rel in files:
        path = docs
        for part in Path(rel).parts:
            path = path / part
            if path.is_symlink():
                raise KennisbankError(
                    f"de generator schrijft alleen in eigen mappen, maar "
                    f"{path.relative_to(docs.parent)} is een symbolische koppeling; verwijder "
                    "de koppeling (de map is gegenereerd en staat niet in git); er is niets "
                    "veranderd")
    stats = Stats()
    for rel, data in sorted(files.items()):
        write_file(docs / rel, payload(data), docs.parent)
        stats.written += 1
        stats.changed.add(rel)
    return stats


def drop_outputs(site_dir: Path, rels: set[str]) -> None:
    """Remove the built copies of these static files (paths relative to docs/, where an
    engine copies them unchanged) from an engine's own output folder, following no link: a
    preview's dirty build never removes output, and these are no pages, so no full build."""
    for rel in sorted(rels):
        path, plain = site_dir, True
        for part in PurePosixPath(rel).parts:
            path = path / part
            plain = plain and part not in ("", ".", "..") and not path.is_symlink()
        if plain and path.is_file():
            path.unlink()


def _same(target: Path, content: Content) -> bool:
    data = payload(content)
    if isinstance(data, Path):
        return filecmp.cmp(target, data, shallow=False)
    return target.stat().st_size == len(data) and target.read_bytes() == data


def _present(docs: Path) -> tuple[set[str], bool]:
    """The regular files in the owned folders (paths relative to docs/), in one walk that
    follows no link, and whether it met an empty folder. Stops before anything is changed
    when docs/ or an owned folder is, or holds, a symbolic link; then removes the temporary
    files a killed build left (core.safewrite's name), which are not counted."""
    if docs.is_symlink():
        raise KennisbankError(f"{docs} is een symbolische koppeling naar "
                              f"{os.readlink(docs)!r}; kennisbank schrijft niet door een "
                              "koppeling heen (verwachtte een gewone map docs/)")
    files: list[str] = []
    links: list[str] = []
    temporary: list[str] = []
    empty = False
    for folder in OWNED:
        if (docs / folder).is_symlink():
            links.append(folder)
            continue
        if not (docs / folder).is_dir():
            continue
        entries = site_entries(docs / folder)  # one scandir walk, no link entered
        # A folder that is no entry's parent is empty (the owned folder itself too).
        parents = {rel.rpartition("/")[0] for rel, _ in entries}
        empty = empty or not entries or any(
            kind == "dir" and rel not in parents for rel, kind in entries)
        for rel, kind in entries:
            path = f"{folder}/{rel}"
            if kind == "link":
                links.append(path)
            elif kind == "file":
                (temporary if is_temporary(rel.rpartition("/")[2]) else files).append(path)
    if links:
        shown = ", ".join(f"{docs.name}/{link}" for link in sorted(links)[:5])
        what = "is een symbolische koppeling" if len(links) == 1 else \
            "zijn symbolische koppelingen"
        raise KennisbankError(
            f"de generator schrijft en verwijdert alleen in eigen mappen, maar {shown} {what}; "
            "verwijder de koppeling (de map is gegenereerd en staat niet in git); er is niets "
            "veranderd")
    for path in temporary:
        (docs / path).unlink(missing_ok=True)
    return set(files), empty or bool(temporary)
