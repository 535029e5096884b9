"""The graph in memory: each source document's triples, the code lists they refer to, and the
audit's graph. :func:`kg.pipeline.build_graph` makes one; :func:`kg.rdf.write.write_graph` writes
it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.domain.model import Extraction
from kg.rdf.build import build_document, by_source
from kg.rdf.ids import Ids
from kg.rdf.terms import parse_lines
from kg.resources import ONTOLOGY


@dataclass
class Graph:
    """The triples of each source document (sorted N-Triples lines), plus the fixed code lists
    they refer to."""

    documents: dict[str, list[bytes]]
    vocabulary: set[ox.Triple]
    ids: Ids
    names: dict[str, str]  # source → the document's IRI, which names its graph in TriG
    #: across documents: audit findings and entity resolution (a named graph of its own)
    audit: set[ox.Triple] = field(default_factory=set)

    def triples(self) -> set[ox.Triple]:
        """Every triple, as pyoxigraph terms."""
        lines = {line for doc in self.documents.values() for line in doc}
        return parse_lines(sorted(lines)) | self.vocabulary | self.audit

    def audit_name(self) -> str:
        return self.ids.local("dataset", "audit")


def documents(extraction: Extraction, ids: Ids) -> Graph:
    """The graph of every document in an extraction (no audit: see
    :func:`kg.pipeline.build_graph`)."""
    split = by_source(extraction)
    lines = {src: build_document(extraction, src, ids, split[src]).nt() for src in split}
    names = {src: ids.document(extraction.digests.get(src) or src) for src in split}
    return Graph(lines, vocabulary(), ids, names)


def vocabulary() -> set[ox.Triple]:
    """What every export carries besides the documents' triples: the fixed SKOS schemes (fund
    sources, indicator categories, ...) and the Data Cube structures, from ontology/."""
    triples: set[ox.Triple] = set()
    for name in ("schemes.ttl", "cube.ttl"):
        path = ONTOLOGY / name
        triples |= {q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}
    return triples
