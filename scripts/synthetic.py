"""Generate a synthetic content folder of N concepts, for benchmarks.

Concepts look like real ones: labels in two languages, a definition, an explanation,
synonyms, a source, a broader concept (a tree), related links and a collection.
"""

from __future__ import annotations

import random
from pathlib import Path

WORDS = ("herstel erkenning schade overheid burger ouder kind toeslag besluit regeling "
         "tegemoetkoming ondersteuning gemeente traject beoordeling bezwaar compensatie "
         "uitvoering signaal afweging").split()


def write_content(root: Path, n: int, steps: int = 12, seed: int = 7) -> Path:
    rnd = random.Random(seed)
    begrippen = root / "begrippen"
    begrippen.mkdir(parents=True, exist_ok=True)
    (begrippen / "_kader.yaml").write_text(
        "titel: Synthetisch kader\nbasis_uri: https://example.org/id/begrip/\n"
        "uitgever: Benchmark\nversie: '1'\ncollecties:\n"
        + "".join(f"  c{i}:\n    naam: Collectie {i}\n" for i in range(7)),
        encoding="utf-8")
    labels: list[str] = []
    for i in range(n):
        labels.append(f"term {i} {rnd.choice(WORDS)}")
        words = " ".join(rnd.choice(WORDS) for _ in range(18))
        parent = rnd.randrange(i) if i else None
        broader = f"breder: [b{parent}]\n" if parent is not None else ""
        sibling = rnd.randrange(i) if i > 2 else None
        related = f"gerelateerd: [b{sibling}]\n" if sibling not in (None, parent) else ""
        (begrippen / f"b{i}.yaml").write_text(
            f"voorkeursterm:\n  nl: {labels[i]}\n  en: term {i}\n"
            f"definitie: Een {labels[i]} is een soort {labels[parent or 0]} dat {words}.\n"
            f"uitleg: >-\n  Uitleg in eenvoudige woorden over {words}, zoals bij "
            f"{labels[sibling or 0]}.\n"
            f"alternatieve_termen: [synoniem {i}]\nzoektermen: [termen {i}]\n"
            f"bronnen:\n  - titel: Bron {i}\n    url: https://example.org/bron/{i}\n"
            f"{broader}{related}collecties: [c{i % 7}]\nstatus: ontwerp\n",
            encoding="utf-8")
    leidraad = root / "leidraad"
    leidraad.mkdir(exist_ok=True)
    (leidraad / "_leidraad.yaml").write_text("titel: Leidraad\nstart: s0\n", encoding="utf-8")
    for i in range(steps):
        nxt = f"volgende: s{i + 1}" if i + 1 < steps else "einde: Klaar."
        (leidraad / f"s{i}.yaml").write_text(
            f"titel: Stap {i}\nvraag: Vraag {i}?\nbegrippen: [b{i % max(n, 1)}]\n"
            f"checklist:\n  - Actie {i}\nuitkomsten:\n  - antwoord: Ja\n    {nxt}\n"
            "  - antwoord: Nee\n    einde: Geen hersteltraject.\n", encoding="utf-8")
    return root
