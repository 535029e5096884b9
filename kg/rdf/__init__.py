"""The RDF graph.

Records → triples in :mod:`kg.rdf.build`, written deterministically by :mod:`kg.rdf.write`.
"""
