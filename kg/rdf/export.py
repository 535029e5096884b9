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
from kg.labels import REGIONS
from kg.model import Extraction
from kg.rdf.build import build_document, by_source
from kg.rdf.terms import Triples, date, en, n, s, zh
from kg.resources import ONTOLOGY
from kg.vocab import DCAT, DCT, FOAF, KG, PROV, RDF, SKOS

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
    """What every export carries besides the documents' triples: the fixed SKOS schemes (fund
    sources, indicator categories, ...) and the Data Cube structures, from ontology/."""
    triples: set[ox.Triple] = set()
    for name in ("schemes.ttl", "cube.ttl"):
        path = ONTOLOGY / name
        triples |= {q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}
    return triples


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


#: the EU Publications Office's authority tables DCAT-AP takes its values from
EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
_FILE_TYPE = {"kg.ttl": "RDF_TURTLE", "kg.trig": "RDF_TRIG"}
_DESCRIPTION = {
    "catalog": (
        "从地方政府公开的预算与绩效目标文件读出的知识图谱：部门、实施单位、项目、资金来源、"
        "绩效指标及其目标值、受益群体，每个值注明来源文件与行号。",
        "A knowledge graph read from the budget and performance-target documents Chinese local "
        "governments publish: departments, implementing units, projects, fund sources, "
        "performance indicators with their targets and beneficiary groups, each value citing "
        "the file and line it was read from.",
    ),
    "kg.ttl": ("整个图谱（Turtle）。", "The whole graph (Turtle)."),
    "kg.trig": (
        "每个来源文件一个命名图（TriG），默认图为全部数据的并集。",
        "One named graph per source document (TriG); the default graph holds their union.",
    ),
}
_KEYWORDS = (zh("预算"), zh("绩效目标"), zh("资金来源"), en("budget"), en("performance targets"))


def catalog_triples(
    ids: Ids,
    files: Iterable[str],
    regions: Iterable[str],
    years: Iterable[str],
    documents: Iterable[tuple[str, str]],
) -> set[ox.Triple]:
    """The DCAT-AP description of the exports: ``documents`` are (file name, document IRI).
    ``ontology/dcat-ap-shapes.ttl`` holds the DCAT-AP constraints it is checked against."""
    out = Triples()
    cat, ds = ids.local("catalog", "kg"), ids.local("dataset", "kg")
    publisher = _publisher(out, ids)
    out.types(cat, DCAT.Catalog)
    out.add(cat, DCT.title, zh("预算绩效目标知识图谱"))
    out.add(cat, DCT.title, en("kg: who funds what, for whom, against which targets"))
    _described(out, cat, "catalog")
    out.add(cat, DCT.publisher, n(publisher))
    out.add(cat, DCT.license, n(LICENSE))
    out.add(cat, DCT.language, n(EU_AUTHORITY + "language/ZHO"))
    out.types(EU_AUTHORITY + "language/ZHO", DCT.LinguisticSystem)
    out.add(cat, DCAT.themeTaxonomy, n(EU_AUTHORITY + "data-theme"))
    out.types(EU_AUTHORITY + "data-theme", SKOS.ConceptScheme)
    out.add(cat, DCAT.dataset, n(ds))
    out.types(ds, DCAT.Dataset)
    out.add(ds, DCT.title, zh("地方预算项目、资金来源、绩效指标与受益群体"))
    out.add(
        ds,
        DCT.title,
        en("Local budget projects, fund sources, performance targets and beneficiary groups"),
    )
    _described(out, ds, "catalog")
    out.add(ds, DCT.publisher, n(publisher))
    out.add(ds, DCAT.theme, n(EU_AUTHORITY + "data-theme/GOVE"))
    out.types(EU_AUTHORITY + "data-theme/GOVE", SKOS.Concept)
    for keyword in _KEYWORDS:
        out.add(ds, DCAT.keyword, keyword)
    out.add(ds, DCT.license, n(LICENSE))
    out.types(LICENSE, DCT.LicenseDocument)
    issued = os.environ.get("SOURCE_DATE_EPOCH")
    if issued:
        day = datetime.fromtimestamp(int(issued), UTC).date().isoformat()
        out.add(ds, DCT.issued, date(day))
    _coverage(out, ids, ds, regions, years)
    for source, name in sorted(documents):
        out.add(ds, PROV.wasDerivedFrom, n(name))
        out.add(name, DCT.title, s(source))
    for name in files:
        out.add(ds, DCAT.distribution, n(_distribution(out, ids, name)))
    ontology = str(KG._NS)[:-1]
    out.add(ds, DCT.conformsTo, n(ontology))
    out.types(ontology, DCT.Standard)
    out.add(ds, RDF.type, n(DCAT.Dataset))
    return set(out.items)


def _described(out: Triples, node: str, key: str) -> None:
    text_zh, text_en = _DESCRIPTION[key]
    out.add(node, DCT.description, zh(text_zh))
    out.add(node, DCT.description, en(text_en))


def _publisher(out: Triples, ids: Ids) -> str:
    """Whoever publishes the exports: an agent under the base IRI, which its owner describes."""
    agent = ids.local("agent", "publisher")
    out.types(agent, FOAF.Agent)
    out.add(agent, FOAF.name, zh("预算绩效目标知识图谱发布者"))
    out.add(agent, FOAF.name, en("Publisher of the kg graph"))
    return agent


def _coverage(
    out: Triples, ids: Ids, ds: str, regions: Iterable[str], years: Iterable[str]
) -> None:
    """Where (the regions, as locations) and when (the budget and execution years)."""
    for region in sorted(regions):
        out.add(ds, DCT.spatial, n(region))
        out.types(region, DCT.Location)
        code = region.rsplit("/", 1)[-1]
        out.add(region, SKOS.prefLabel, zh(REGIONS.get(code, code)))
    for y in sorted(years):
        period = ids.local("period", y)
        out.types(period, DCT.PeriodOfTime)
        out.add(period, DCAT.startDate, date(f"{y}-01-01"))
        out.add(period, DCAT.endDate, date(f"{y}-12-31"))
        out.add(ds, DCT.temporal, n(period))


def _distribution(out: Triples, ids: Ids, name: str) -> str:
    dist = ids.local("distribution", name)
    out.types(dist, DCAT.Distribution)
    out.add(dist, DCT.title, s(name))
    _described(out, dist, name)
    url = n(ids.local("download", name))
    out.add(dist, DCAT.accessURL, url)
    out.add(dist, DCAT.downloadURL, url)
    media = f"http://www.iana.org/assignments/media-types/{_MEDIA[name]}"
    out.add(dist, DCAT.mediaType, n(media))
    out.types(media, DCT.MediaType)
    out.add(dist, DCT["format"], n(EU_AUTHORITY + "file-type/" + _FILE_TYPE[name]))
    out.types(EU_AUTHORITY + "file-type/" + _FILE_TYPE[name], DCT.MediaTypeOrExtent)
    out.add(dist, DCT.license, n(LICENSE))
    return dist


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
