"""Generators of one kind of page each (concept, index pages, leidraad, history)."""
