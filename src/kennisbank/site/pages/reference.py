"""The format reference for editors: every key of every content file, generated from the
declared format, so the page can never disagree with what `kennisbank check` accepts."""

from __future__ import annotations

from kennisbank.content.jsonschemas import format_reference

PAGE = "formaat/index.md"


EDITORS = "redactie.md"  # the project's page for editors, linked when it has one


def format_page(editors_page: bool = True) -> str:
    editors = (" Hoe je een begrip toevoegt en wat de meldingen betekenen, staat in "
               f"[Zo werk je aan de begrippen](../{EDITORS}).") if editors_page else ""
    return "\n".join([
        "---", "title: Het formaat van de bestanden", "search:", "  exclude: true", "---", "",
        "# Het formaat van de bestanden", "",
        "Welke sleutels elk bestand in `begrippen/`, `leidraad/` en `vocabulaires/` mag hebben, "
        "welke verplicht zijn, wat voor waarde ze krijgen en op welke SKOS-eigenschap ze "
        "uitkomen. Deze pagina wordt gemaakt uit dezelfde beschrijving waarmee `kennisbank "
        f"check` de bestanden controleert.{editors}", "",
        "Een editor met ondersteuning voor JSON Schema (zoals VS Code met de YAML-uitbreiding) "
        "toont dezelfde uitleg terwijl je typt: de schema's staan in de map `schemas/` van de "
        "repository (`kennisbank schema` maakt ze opnieuw).", "",
        # Interface text: a key named after a concept must not become a term link.
        '<div class="kb-geen-links" markdown="1">', "",
        format_reference(),
        "</div>", ""])
