"""The DCAT catalog of an export (``catalog.ttl``): the dataset, its distributions, the regions
and years it covers, the documents it was read from. Nothing depends on time unless
``SOURCE_DATE_EPOCH`` is set.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import UTC, datetime

import pyoxigraph as ox

from kg.domain.labels import REGIONS
from kg.rdf.ids import Ids
from kg.rdf.terms import Triples, date, en, n, s, zh
from kg.rdf.vocab import DCAT, DCT, FOAF, KG, PROV, RDF, SKOS

LICENSE = "http://creativecommons.org/licenses/by/4.0/"
_MEDIA = {"kg.ttl": "text/turtle", "kg.trig": "application/trig"}
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
    return out.triples()


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
