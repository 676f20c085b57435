"""What changed in meaning between two states (`kennisbank diff`, the Wijzigingen page)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kennisbank.core.findings import KennisbankError
from kennisbank.history.git import (
    cat_blobs,
    run_git,
)
from kennisbank.history.records import (
    State,
    changed_fields,
    current_state,
    parse_blob,
    place_record,
    record_type,
    same,
)


def state_at_ref(root: Path, ref: str) -> State:
    """The content as committed at a git ref (`kennisbank diff`): one ls-tree, one cat-file."""
    listing = run_git(root, "ls-tree", "-r", "-z", "--full-tree", ref, "--", "begrippen",
                   "leidraad")
    entries: list[tuple[str, str]] = []
    for item in listing.decode("utf-8", errors="replace").split("\0"):
        meta, _, path = item.partition("\t")
        fields = meta.split()
        if len(fields) == 3 and fields[1] == "blob" and record_type(path) is not None:
            entries.append((path, fields[2]))
    blobs = cat_blobs(root, sorted({sha for _, sha in entries})) if entries else {}
    state = State()
    for path, sha in sorted(entries):
        record = parse_blob(blobs.get(sha), path)
        if record is not None:
            place_record(state, path, record)
    return state


def _nl(value: dict[str, str]) -> str:
    return value.get("nl") or next(iter(value.values()), "")


@dataclass
class Wijziging:
    id: str
    term: str
    velden: list[str] = field(default_factory=list)
    definitie_oud: str = ""
    definitie_nieuw: str = ""
    vervangen_door: str = ""

    def as_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {"id": self.id, "term": self.term}
        if self.velden:
            result["velden"] = self.velden
        if "definitie" in self.velden:
            result["definitie"] = {"oud": self.definitie_oud, "nieuw": self.definitie_nieuw}
        if self.vervangen_door:
            result["vervangen_door"] = self.vervangen_door
        return result


@dataclass
class Wijzigingen:
    nieuw: list[Wijziging] = field(default_factory=list)
    gewijzigd: list[Wijziging] = field(default_factory=list)
    verouderd: list[Wijziging] = field(default_factory=list)
    verwijderd: list[Wijziging] = field(default_factory=list)
    stappen: dict[str, list[str]] = field(default_factory=dict)  # nieuw/gewijzigd/verwijderd
    versie: tuple[str, str] = ("", "")

    def __bool__(self) -> bool:
        return bool(self.nieuw or self.gewijzigd or self.verouderd or self.verwijderd
                    or any(self.stappen.values()))

    def as_dict(self) -> dict[str, Any]:
        return {"versie": {"oud": self.versie[0], "nieuw": self.versie[1]},
                "begrippen": {kind: [w.as_dict() for w in getattr(self, kind)]
                              for kind in ("nieuw", "gewijzigd", "verouderd", "verwijderd")},
                "stappen": self.stappen}


def compare(old: State, new: State) -> Wijzigingen:
    """What changed from `old` to `new`: concepts added, changed (which fields), deprecated
    (with replacement) and removed, steps added, changed and removed."""
    result = Wijzigingen(versie=(old.kader.versie if old.kader else "",
                                 new.kader.versie if new.kader else ""))
    for ident in sorted(new.begrippen):
        b = new.begrippen[ident]
        term = _nl(b.voorkeursterm)
        before = old.begrippen.get(ident)
        if before is None:
            result.nieuw.append(Wijziging(ident, term, definitie_nieuw=_nl(b.definitie)))
            continue
        fields = changed_fields(before, b)
        if not fields:
            continue
        change = Wijziging(ident, term, fields, _nl(before.definitie), _nl(b.definitie),
                           b.vervangen_door)
        if b.status == "verouderd" and before.status != "verouderd":
            result.verouderd.append(change)
        else:
            result.gewijzigd.append(change)
    for ident in sorted(set(old.begrippen) - set(new.begrippen)):
        b = old.begrippen[ident]
        result.verwijderd.append(Wijziging(ident, _nl(b.voorkeursterm),
                                           definitie_oud=_nl(b.definitie)))
    result.stappen = {
        "nieuw": sorted(set(new.stappen) - set(old.stappen)),
        "gewijzigd": sorted(i for i in set(new.stappen) & set(old.stappen)
                            if not same(old.stappen[i], new.stappen[i])),
        "verwijderd": sorted(set(old.stappen) - set(new.stappen))}
    return result


def diff_text(changes: Wijzigingen, old: str, new: str) -> str:
    """The changes in Dutch for a reviewer (`kennisbank diff`)."""
    lines = [f"Wijzigingen van {old} naar {new}:"]
    if changes.versie[0] != changes.versie[1]:
        lines.append(f"versie: {changes.versie[0] or '(geen)'} → {changes.versie[1] or '(geen)'}")
    for kind, title in (("nieuw", "Nieuwe begrippen"), ("gewijzigd", "Gewijzigde begrippen"),
                        ("verouderd", "Verouderde begrippen"),
                        ("verwijderd", "Verwijderde begrippen")):
        items: list[Wijziging] = getattr(changes, kind)
        if not items:
            continue
        lines += ["", f"{title} ({len(items)}):"]
        for w in items:
            line = f"  {w.id} ({w.term})"
            if w.velden:
                line += ": " + ", ".join(w.velden)
            if kind == "verouderd":
                line += (f"; vervangen door {w.vervangen_door}" if w.vervangen_door
                         else "; zonder vervanger")
            lines.append(line)
            if "definitie" in w.velden:
                lines += [f"    oud:   {w.definitie_oud}", f"    nieuw: {w.definitie_nieuw}"]
            if kind == "verwijderd":
                lines.append("    let op: een gepubliceerd begrip hoort niet te verdwijnen; "
                             "zet status op verouderd met vervangen_door")
    names = {"nieuw": "nieuw", "gewijzigd": "gewijzigd", "verwijderd": "verwijderd"}
    steps = [f"{names[k]}: {', '.join(v)}" for k, v in changes.stappen.items() if v]
    if steps:
        lines += ["", "Stappen van de leidraad:", *[f"  {s}" for s in steps]]
    counts = (f"{len(changes.nieuw)} nieuw, {len(changes.gewijzigd)} gewijzigd, "
              f"{len(changes.verouderd)} verouderd, {len(changes.verwijderd)} verwijderd")
    lines += ["", f"Begrippen: {counts}" if changes else "Geen wijzigingen in de betekenis."]
    return "\n".join(lines) + "\n"


def source_state(root: Path, source: str) -> State:
    """`kennisbank diff`'s argument: a folder with begrippen/, else a git ref in `root`."""
    folder = Path(source)
    if not folder.is_absolute():
        folder = Path.cwd() / folder
    if (folder / "begrippen").is_dir():
        from kennisbank.content.load import load

        inhoud, _ = load(folder)
        return current_state(inhoud)
    try:
        run_git(root, "rev-parse", "--verify", "--quiet", f"{source}^{{commit}}")
    except (OSError, subprocess.CalledProcessError) as exc:
        raise KennisbankError(f"kennisbank: {source!r} is geen map met begrippen/ en geen "
                              f"git-ref (tag, branch of commit) in {root}", exit_code=2) from exc
    return state_at_ref(root, source)
