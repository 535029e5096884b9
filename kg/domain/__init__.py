"""The domain: labels, values, records, problems — no RDF here."""
