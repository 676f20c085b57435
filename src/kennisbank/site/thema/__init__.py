"""The site's neutral theme, as package data: Material for MkDocs extended by the engine's
templates (CSP, search box, Dutch interface, footer) and assets (styles, search, leidraad and
text-check scripts). Registered as the MkDocs theme `kennisbank` (entry point
`mkdocs.themes`), which Zensical reads too; this module only marks the folder."""
