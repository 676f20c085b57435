"""The data of the page Tekst controleren (docs/tekstcheck.md, docs/assets/tekstcheck.js): the
term index of `kennisbank tekst` with, per concept, its page and the first sentence of its
definition. The script scans a text with it in the browser; the text is never sent anywhere."""

from __future__ import annotations

import json

from kennisbank.checks.tekst import TekstIndex
from kennisbank.site.context import SiteContext

DATA = "zoeken/tekstcheck.json"
VERSION = 1


def data(ctx: SiteContext) -> str:
    index = TekstIndex(ctx.inhoud, {ident: str(iri) for ident, iri in ctx.iris.items()})
    result = index.data()
    for ident, concept in result["begrippen"].items():
        concept["url"] = f"begrippen/{ident}/"
        concept["uitleg"] = ctx.tooltips.get(ident, "")
    return json.dumps({"versie": VERSION, **result}, ensure_ascii=False,
                      separators=(",", ":"), sort_keys=True)
