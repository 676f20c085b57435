"""For `mkdocs serve` only: regenerate the pages from begrippen/ and leidraad/ on each edit."""

from kennisbank.mkdocs_hooks import on_pre_build  # noqa: F401
