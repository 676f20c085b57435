"""Load a content folder: begrippen/*.yaml and leidraad/*.yaml → Inhoud, plus findings.

Per-file problems (syntax, types, unknown keys) are found here; rules across files live in
`validate`. Reading never writes anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kennisbank.findings import Finding, Level
from kennisbank.model import BEGRIP, KADER, LEIDRAAD, STAP, Inhoud
from kennisbank.schema import ID_RE, Ctx, Missing, Record, slugify
from kennisbank.yamlsource import read_document

KADER_FILE = "_kader.yaml"
LEIDRAAD_FILE = "_leidraad.yaml"


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


def _content_files(folder: Path, root: Path, special: str,
                   findings: list[Finding]) -> list[tuple[str, Path, str]]:
    """(id, path, relative path) of the item files in `folder`, sorted by id."""
    items = []
    for path in sorted(folder.iterdir()):
        rel = path.relative_to(root).as_posix()
        name = path.name
        if name.startswith(".") or not path.is_file() or name == special:
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
    findings: list[Finding] = []
    inhoud = Inhoud()

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
        for ident, path, rel in _content_files(begrippen_dir, root, KADER_FILE, findings):
            begrip = _parse(path, rel, BEGRIP, findings)
            if begrip is None:
                inhoud.onleesbaar.add(ident)
            else:
                begrip.id = ident
                inhoud.begrippen[ident] = begrip

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
        for ident, path, rel in items:
            stap = _parse(path, rel, STAP, findings)
            if stap is None:
                inhoud.onleesbare_stappen.add(ident)
            else:
                stap.id = ident
                inhoud.stappen[ident] = stap
    return inhoud, findings
