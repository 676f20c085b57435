"""The format reference for editors: every key of every content file, generated from the
declared format, so the page can never disagree with what `kennisbank check` accepts."""

from __future__ import annotations

from kennisbank.content.jsonschemas import format_reference

PAGE = "formaat/index.md"


def format_page() -> str:
    return "\n".join([
        "---", "title: Het formaat van de bestanden", "search:", "  exclude: true", "---", "",
        "# Het formaat van de bestanden", "",
        "Welke sleutels elk bestand in `begrippen/`, `leidraad/` en `vocabulaires/` mag hebben, "
        "welke verplicht zijn, wat voor waarde ze krijgen en op welke SKOS-eigenschap ze "
        "uitkomen. Deze pagina wordt gemaakt uit dezelfde beschrijving waarmee `kennisbank "
        "check` de bestanden controleert. Hoe je een begrip toevoegt en wat de meldingen "
        "betekenen, staat in [Zo werk je aan de begrippen](../redactie.md).", "",
        "Een editor met ondersteuning voor JSON Schema (zoals VS Code met de YAML-uitbreiding) "
        "toont dezelfde uitleg terwijl je typt: de schema's staan in de map `schemas/` van de "
        "repository (`kennisbank schema` maakt ze opnieuw).", "",
        # Interface text: a key named after a concept must not become a term link.
        '<div class="kb-geen-links" markdown="1">', "",
        format_reference(),
        "</div>", ""])
