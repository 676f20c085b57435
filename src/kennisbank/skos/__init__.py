"""SKOS: the model as RDF (IRIs, triples, NL-SBB), importing a vocabulary as content, and
proposing mappings to another vocabulary."""
