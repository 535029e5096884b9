"""Write the graph: ``kg.ttl`` (everything), ``kg.trig`` (a named graph per source document) and
``catalog.ttl`` (DCAT). Same input, byte-identical files: triples are sorted before pyoxigraph
serialises them, nothing depends on time unless ``SOURCE_DATE_EPOCH`` is set, and every file is
written to a temporary name and renamed into place.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from kg.ids import Ids
from kg.model import Extraction
from kg.rdf.build import build_document, by_source
from kg.rdf.terms import Triples, date, en, n, s, zh
from kg.resources import ONTOLOGY
from kg.vocab import DCAT, DCT, KG, PROV, RDF

LICENSE = "http://creativecommons.org/licenses/by/4.0/"
_MEDIA = {"kg.ttl": "text/turtle", "kg.trig": "application/trig"}


@dataclass
class Graph:
    """The triples of each source document, plus the fixed code lists they refer to."""

    documents: dict[str, set[ox.Triple]]
    vocabulary: set[ox.Triple]
    ids: Ids
    names: dict[str, str]  # source → the document's IRI, which names its graph in TriG
    #: across documents: audit findings and entity resolution (a named graph of its own)
    audit: set[ox.Triple] = field(default_factory=set)

    def triples(self) -> set[ox.Triple]:
        union = set(self.vocabulary) | self.audit
        for triples in self.documents.values():
            union |= triples
        return union

    def audit_name(self) -> str:
        return self.ids.local("dataset", "audit")


def build_graph(extraction: Extraction, base: str | None = None, audit: bool = True) -> Graph:
    """Build the graph of every document in an extraction; with ``audit``, also the audit's
    findings and the cross-document entity resolution (see :mod:`kg.rdf.findings`)."""
    ids = Ids(base)
    split = by_source(extraction)
    documents = {src: build_document(extraction, src, ids, split[src]).items for src in split}
    names = {src: ids.document(extraction.digests.get(src) or src) for src in split}
    graph = Graph(documents, vocabulary(), ids, names)
    if audit:
        from kg.audit import audit as run_audit
        from kg.audit import facts
        from kg.rdf.findings import finding_triples, resolution_triples

        findings = run_audit(extraction)
        graph.audit = finding_triples(findings, documents, names, ids) | resolution_triples(
            facts(extraction), ids
        )
    return graph


def vocabulary() -> set[ox.Triple]:
    """The fixed SKOS schemes (fund sources, indicator categories, ...) from ontology/."""
    path = ONTOLOGY / "schemes.ttl"
    if not path.exists():  # pragma: no cover - the file ships with the repository
        return set()
    return {q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}


def sorted_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def _stable(data: bytes | None) -> bytes:
    """Sort the ``@prefix`` lines, whose order the serializer does not promise."""
    assert data is not None
    lines = data.split(b"\n")
    head = [ln for ln in lines if ln.startswith(b"@prefix ")]
    return b"\n".join(sorted(head) + lines[len(head) :])


def turtle(triples: Iterable[ox.Triple], ids: Ids) -> bytes:
    return _stable(
        ox.serialize(
            sorted_triples(triples), format=ox.RdfFormat.TURTLE, prefixes=ids.all_prefixes()
        )
    )


def catalog_triples(
    ids: Ids,
    files: Iterable[str],
    regions: Iterable[str],
    years: Iterable[str],
    documents: Iterable[tuple[str, str]],
) -> set[ox.Triple]:
    """The DCAT description of the exports: ``documents`` are (file name, document IRI)."""
    out = Triples()
    cat, ds = ids.local("catalog", "kg"), ids.local("dataset", "kg")
    out.types(cat, DCAT.Catalog)
    out.add(cat, DCT.title, zh("预算绩效目标知识图谱"))
    out.add(cat, DCT.title, en("kg: who funds what, for whom, against which targets"))
    out.add(cat, DCAT.dataset, n(ds))
    out.types(ds, DCAT.Dataset)
    out.add(ds, DCT.title, zh("地方预算项目、资金来源、绩效指标与受益群体"))
    out.add(
        ds,
        DCT.title,
        en("Local budget projects, fund sources, performance targets and beneficiary groups"),
    )
    out.add(ds, DCT.license, n(LICENSE))
    issued = os.environ.get("SOURCE_DATE_EPOCH")
    if issued:
        day = datetime.fromtimestamp(int(issued), UTC).date().isoformat()
        out.add(ds, DCT.issued, date(day))
    for region in sorted(regions):
        out.add(ds, DCT.spatial, n(region))
    for y in sorted(years):
        period = ids.local("period", y)
        out.types(period, DCT.PeriodOfTime)
        out.add(period, DCAT.startDate, date(f"{y}-01-01"))
        out.add(period, DCAT.endDate, date(f"{y}-12-31"))
        out.add(ds, DCT.temporal, n(period))
    for source, name in sorted(documents):
        out.add(ds, PROV.wasDerivedFrom, n(name))
        out.add(name, DCT.title, s(source))
    for name in files:
        dist = ids.local("distribution", name)
        out.types(dist, DCAT.Distribution)
        out.add(dist, DCT.title, s(name))
        out.add(dist, DCAT.downloadURL, n(ids.local("download", name)))
        out.add(
            dist, DCAT.mediaType, n(f"http://www.iana.org/assignments/media-types/{_MEDIA[name]}")
        )
        out.add(ds, DCAT.distribution, n(dist))
    out.add(ds, DCT.conformsTo, n(str(KG._NS)[:-1]))
    out.add(ds, RDF.type, n(DCAT.Dataset))
    return set(out.items)


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_graph(graph: Graph, out: Path) -> dict[str, int]:
    """Write kg.ttl, kg.trig and catalog.ttl; returns triples (or quads) per file. The same
    writer as the streaming build (:mod:`kg.pipeline`), so both give the same bytes."""
    from kg.pipeline import Exports, doc_graph

    exports = Exports(out, graph.ids, graph.vocabulary)
    try:
        for source in sorted(graph.documents):
            triples = graph.documents[source]
            exports.add_graph(
                doc_graph(source, graph.names[source], triples, graph.ids), len(triples)
            )
        return exports.finish(graph.audit, graph.audit_name())
    except BaseException:
        exports.cleanup()
        raise
