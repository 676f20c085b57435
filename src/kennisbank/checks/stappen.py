"""The programme's rules on the steps of the leidraad (only under `profiel:
erkenning-en-herstel`): a step is complete (toelichting, checklist, bronnen), every checklist
item names who does it, the introduction describes those roles, and a step whose answers all
lead to the same place says why."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kennisbank.checks.common import at, error
from kennisbank.content.model import Inhoud, Stap
from kennisbank.core.findings import Finding

# Issue 29: every checklist item is an action someone can be held to, so it names who does it;
# the roles are those the leidraad's introduction describes.
ROLES = ("bewindspersoon", "ambtelijk opdrachtgever", "herstelteam", "jurist",
         "communicatieadviseur", "financieel adviseur", "uitvoeringsorganisatie")
ROLE = re.compile(r"\b(?:" + "|".join(map(re.escape, ROLES)) + r")\b")
SAME_ROUTE_EXPLAINED = re.compile(r"(?:Elk antwoord|Beide antwoorden|Alle antwoorden)[^.]*leid")
REQUIRED = ("toelichting", "checklist", "bronnen")


def stappen(inhoud: Inhoud) -> Iterator[Finding]:
    if not inhoud.stappen:
        return
    if inhoud.leidraad is not None:
        introduction = " ".join(inhoud.leidraad.inleiding.values())
        missing = [role for role in ROLES if role not in introduction]
        if missing:
            yield error(at(inhoud.leidraad.locs, "inleiding", "leidraad/_leidraad.yaml"),
                        "rol-niet-beschreven", "de inleiding beschrijft de rol"
                        f"{'len' if len(missing) > 1 else ''} "
                        f"{', '.join(map(repr, missing))} niet; verwacht dat de inleiding "
                        "elke rol noemt die een checklist gebruikt: "
                        f"{', '.join(ROLES)}")
    for ident in sorted(inhoud.stappen):
        stap = inhoud.stappen[ident]
        path = f"leidraad/{ident}.yaml"
        yield from _complete(stap, path)
        for lang in sorted(stap.checklist):
            for i, item in enumerate(stap.checklist[lang]):
                if not ROLE.search(item):
                    shown = item if len(item) <= 60 else item[:57] + "…"
                    yield error(at(stap.locs, f"checklist.{lang}.{i}", path),
                                "checklist-zonder-rol", f"checklistpunt {i + 1} ({shown!r}) "
                                "noemt niet wie het doet; verwacht een van de rollen: "
                                f"{', '.join(ROLES)}")
        yield from _same_route(stap, path)


def _complete(stap: Stap, path: str) -> Iterator[Finding]:
    missing = [name for name in REQUIRED if not getattr(stap, name)]
    if missing:
        yield error(at(stap.locs, "", path), "onvolledige-stap", f"stap {stap.id!r} heeft geen "
                    f"{' en geen '.join(map(repr, missing))}; verwacht bij elke stap een "
                    "toelichting, een checklist en minstens één bron")


def _same_route(stap: Stap, path: str) -> Iterator[Finding]:
    """Where every answer leads to the same next step, the step says why."""
    if stap.parallel or not stap.uitkomsten:
        return
    targets = {u.volgende or f"einde {i}" for i, u in enumerate(stap.uitkomsten)}
    if len(targets) != 1 or SAME_ROUTE_EXPLAINED.search(" ".join(stap.toelichting.values())):
        return
    target = stap.uitkomsten[0].volgende or "het einde"
    yield error(at(stap.locs, "uitkomsten", path), "antwoord-zonder-gevolg",
                f"elk antwoord op de vraag van stap {stap.id!r} leidt naar {target!r}; "
                "verwacht in 'toelichting' een zin als 'Elk antwoord leidt naar …, omdat …', "
                "of antwoorden die naar verschillende stappen leiden")
