"""`kennisbank init`: a new, empty begrippenkader project: `begrippen/_kader.yaml` from the
options, one example concept, a .gitignore for what kennisbank generates, and no leidraad.
The project is written into a temporary folder first and checked there; only a project
without errors is moved into place, so a failed run leaves nothing behind."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import tempfile
from pathlib import Path

from kennisbank.checks.pipeline import check
from kennisbank.content.load import GENERATED
from kennisbank.core.findings import KennisbankError, Level, count, summary

EXAMPLE = "voorbeeldbegrip"
# Well-known licences, so that `--licentie cc0` is enough.
LICENCES = {
    "cc0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "cc-by": "https://creativecommons.org/licenses/by/4.0/",
    "cc-by-sa": "https://creativecommons.org/licenses/by-sa/4.0/",
    "eupl": "https://eupl.eu/1.2/nl/",
}


def _q(value: str) -> str:
    """A YAML scalar that reads back as exactly this string (JSON strings are YAML)."""
    return json.dumps(value, ensure_ascii=False)


def kader_yaml(args: argparse.Namespace, licentie: str | None) -> str:
    lines = ["# Het begrippenkader als geheel. Elke sleutel en wat die betekent staat in de "
             "JSON Schema's",
             "# die `kennisbank schema` schrijft (een editor toont die uitleg terwijl je typt).",
             f"titel: {_q(args.titel)}",
             "# uitleg: Waar dit begrippenkader over gaat, in een paar zinnen. Komt op de "
             "startpagina.",
             f"basis_uri: {_q(args.basis_uri)}",
             f"uitgever: {_q(args.uitgever)}"]
    lines.append(f"licentie: {_q(licentie)}" if licentie else
                 "# licentie: https://creativecommons.org/publicdomain/zero/1.0/")
    lines.append("versie: 0.1.0")
    if args.email or args.formulier:
        lines.append("contact:")
        if args.email:
            lines.append(f"  email: {_q(args.email)}")
        if args.formulier:
            lines.append(f"  formulier: {_q(args.formulier)}")
    else:
        lines += ["# Waar lezers een fout melden of een vraag stellen; zonder contact krijgen "
                  "de pagina's geen meldlink.", "# contact:", "#   email: begrippen@example.org"]
    if args.taal != "nl":
        lines.append(f"taal: {_q(args.taal)}")
    return "\n".join(lines) + "\n"


EXAMPLE_YAML = """\
# Een voorbeeld van een begrip: vervang het door een echt begrip, of verwijder dit bestand.
# De bestandsnaam is de id van het begrip; die komt in zijn vaste webadres (IRI).
voorkeursterm: voorbeeldbegrip
definitie: >-
  Begrip dat laat zien hoe een bestand in de map begrippen eruitziet.
uitleg: >-
  Dit begrip is een voorbeeld. Vervang het door een echt begrip.
bronnen:
  - titel: SKOS Simple Knowledge Organization System Reference
    url: https://www.w3.org/TR/skos-reference/
status: ontwerp
"""


def gitignore() -> str:
    lines = ["# Made by kennisbank build and serve (kennisbank init wrote this file).",
             "/site/", "/.site-*/", "/.site.lock", "/.cache/", "/.kennisbank-*",
             *(f"/docs/{folder}/" for folder in GENERATED),
             "/docs/.kennisbank-*"]
    return "\n".join(lines) + "\n"


def _validate(args: argparse.Namespace) -> str | None:
    """Problems with the options that the kader check would report less clearly."""
    for name, value in (("--titel", args.titel), ("--uitgever", args.uitgever)):
        if not value.strip():
            raise KennisbankError(f"kennisbank init: {name} is leeg; geef een tekst",
                                  exit_code=2)
    uri = args.basis_uri
    if not re.match(r"https?://[^/\s]+/", uri):
        raise KennisbankError(f"kennisbank init: --basis-uri {uri!r} is geen http(s)-adres met "
                              "een pad; bijvoorbeeld https://begrippen.example.org/id/begrip/",
                              exit_code=2)
    if not uri.endswith("/"):
        raise KennisbankError(f"kennisbank init: --basis-uri {uri!r} moet eindigen op '/' "
                              f"(de IRI van een begrip is basis_uri + id); bedoel je "
                              f"{uri + '/'!r}?", exit_code=2)
    licentie = LICENCES.get(args.licentie.lower(), args.licentie) if args.licentie else None
    if licentie and not re.match(r"https?://\S+$", licentie):
        raise KennisbankError(f"kennisbank init: --licentie {args.licentie!r} is geen adres en "
                              f"geen bekende licentie ({', '.join(LICENCES)})", exit_code=2)
    return licentie


def init_command(args: argparse.Namespace) -> int:
    target: Path = args.map
    licentie = _validate(args)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise KennisbankError(f"kennisbank init: {target} bestaat al en is niet leeg; kies een "
                              "nieuwe of lege map (er is niets veranderd)", exit_code=2)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".kennisbank-init-", dir=target.parent) as tmp:
        work = Path(tmp) / "project"
        (work / "begrippen").mkdir(parents=True)
        (work / "begrippen" / "_kader.yaml").write_text(kader_yaml(args, licentie),
                                                        encoding="utf-8")
        (work / "begrippen" / f"{EXAMPLE}.yaml").write_text(EXAMPLE_YAML, encoding="utf-8")
        (work / ".gitignore").write_text(gitignore(), encoding="utf-8")
        _, findings = check(work)
        if count(findings, Level.FOUT):
            shown = "".join(f"\n  {f.format()}" for f in findings if f.level is Level.FOUT)
            raise KennisbankError("kennisbank init: met deze gegevens klopt het kader niet; "
                                  f"er is niets gemaakt ({summary(findings)}):{shown}",
                                  exit_code=2)
        if target.exists():
            target.rmdir()
        shutil.move(str(work), str(target))
    print(f"gemaakt: {target}")
    print(f"  begrippen/_kader.yaml      het kader: titel, basis-URI, uitgever"
          f"{', licentie' if licentie else ''}")
    print(f"  begrippen/{EXAMPLE}.yaml  een voorbeeldbegrip; vervang het door een echt begrip")
    print("verder:")
    print(f"  kennisbank check --root {target}")
    print(f"  kennisbank build --root {target}   (de site komt in {target / 'site'})")
    return 0
