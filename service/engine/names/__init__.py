"""Names: the gazetteer and its entries, the name spans of a document, name forms and
variants, and the registry linking every name mention to one entity."""
