"""The content: YAML source with positions, the declared format (schema), the typed model,
loading a root folder, the other vocabularies in vocabulaires/ and the term index."""
