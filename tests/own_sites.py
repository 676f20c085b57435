"""Projects that build into a site of their own, without anything copied from this
repository: `kennisbank init` and `kennisbank import` of real vocabularies, built by the
engine's defaults alone. Shared by test_own_site.py and test_own_site_browser.py."""

from __future__ import annotations

import re
from pathlib import Path

from kennisbank.cli.main import main

DATA = Path(__file__).parent / "data"
TITLE = "Begrippen van het Waterschap Voorbeeld"
INIT_ARGS = ["--titel", TITLE, "--basis-uri", "https://begrippen.waterschap.example/id/begrip/",
             "--uitgever", "Waterschap Voorbeeld", "--licentie", "cc-by",
             "--email", "begrippen@waterschap.example"]
# Each real vocabulary: its file, its title as the source gives it, a concept page.
IMPORTS = {
    "netbeheer": (DATA / "echt/netbeheer/begrippenkader.ttl",
                  "Begrippenkader van Netbeheer Nederland"),
    "systematik": (DATA / "echt/skohub-systematik/systematik.ttl",
                   "Destatis-Systematik der Fächergruppen, Studienbereiche und Studienfächer"),
    "imka-hitte": (DATA / "echt/imka-hitte/imka-begrippen.ttl",
                   "Begrippenkader Klimaatadaptatie - Hitte"),
    "mim-begrippen": (DATA / "echt/mim-begrippen/begrippen.ttl", "Typering beschouwingsdomein"),
    "nlsbb-thesaurus": (DATA / "echt/nlsbb-thesaurus/thesaurus.ttl", "Begrippenkader nlbegrip"),
    # The scheme has no title at all: the site is titled with the file's name (the export
    # adds no title; tests/test_real_vocabularies.py).
    "coar-versietypen": (DATA / "echt/coar-versietypen/version_types.rdf", "version_types"),
}
# Text of this programme that a site of another organisation must never show.
FOREIGN = re.compile(r"erkenning|herstel|werkversie|leidraad|dossier", re.I)
FOREIGN_CASED = re.compile(r"BZK")
# The engine's own namespaces (kb: for ontradenTerm, the JSON Schemas' $id) are still under
# the programme's domain: technical identifiers, reported as not done.
ENGINE_IRIS = re.compile(r"https://begrippen\.erkenningenherstel\.nl/(def/kennisbank#|schema/)")
TEXT_FILES = (".html", ".js", ".json", ".css", ".xml", ".txt", ".svg")


def init_project(target: Path) -> Path:
    assert main(["init", str(target), *INIT_ARGS]) == 0
    return target


def import_project(name: str, target: Path) -> Path:
    source, _ = IMPORTS[name]
    assert main(["import", str(source), "--out", str(target)]) == 0
    return target


def build(root: Path, engine: str) -> Path:
    assert main(["build", "--root", str(root), "--engine", engine]) == 0
    return root / "site"


def foreign_text(site: Path, source: Path | None = None) -> list[str]:
    """Every place in the site's text files where this programme's words appear. A word that
    the imported source itself uses (an organisation may well write "herstellen") is its own."""
    own = source.read_text(encoding="utf-8").casefold() if source is not None else ""
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix not in TEXT_FILES or not path.is_file():
            continue
        text = ENGINE_IRIS.sub("", path.read_text(encoding="utf-8", errors="replace"))
        for match in [*FOREIGN.finditer(text), *FOREIGN_CASED.finditer(text)]:
            word = re.search(r"\w*$", text[:match.start()]).group() + match.group() + \
                re.match(r"\w*", text[match.end():]).group()  # type: ignore[union-attr]
            # The search index also keys compounds of neighbouring words ("activiteiten
            # herstellen" → "activiteitenherstel"): there the source's stem is enough.
            derived = path.relative_to(site).parts[0] == "zoeken"
            if own and (word.casefold() in own or derived and match.group().casefold() in own):
                continue
            around = text[max(0, match.start() - 40):match.end() + 40]
            found.append(f"{path.relative_to(site)}: {around!r}")
    return found


def raw_markup(site: Path) -> list[str]:
    return [str(p.relative_to(site)) for p in sorted(site.rglob("*.html"))
            if "{:" in p.read_text(encoding="utf-8")]
