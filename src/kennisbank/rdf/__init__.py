"""Generic RDF: parsing that never fetches anything, and deterministic writers. Knows nothing of
our model."""
