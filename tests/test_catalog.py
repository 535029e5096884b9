"""exports/catalog.ttl is a DCAT-AP 2.1.1 catalogue: it conforms to the DCAT-AP shapes written
from the specification (ontology/dcat-ap-shapes.ttl), and the shapes catch what they are for."""

from __future__ import annotations

import pyshacl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SH

from tests.conftest import ROOT

CATALOG = ROOT / "exports" / "catalog.ttl"
SHAPES = ROOT / "ontology" / "dcat-ap-shapes.ttl"
ID = Namespace("https://kg.example.org/id/")
#: recommended properties a publisher fills in; what the tool cannot know
PUBLISHERS_PART = {
    ("catalog/kg", "http://xmlns.com/foaf/0.1/homepage"),
    ("catalog/kg", str(DCTERMS.issued)),
    ("catalog/kg", str(DCTERMS.modified)),
    ("dataset/kg", str(DCAT.contactPoint)),
    ("agent/publisher", str(DCTERMS.type)),
}


@pytest.fixture(scope="module")
def catalog() -> Graph:
    return Graph().parse(CATALOG, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def results(data: Graph, shapes: Graph) -> set[tuple[str, str, str]]:
    """(severity, focus node below the base, path) of every validation result."""
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    return {
        (
            str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
            str(report.value(r, SH.focusNode)).removeprefix(str(ID)),
            str(report.value(r, SH.resultPath)),
        )
        for r in report.subjects(RDF.type, SH.ValidationResult)
    }


def test_the_catalog_is_dcat_ap(catalog: Graph, shapes: Graph) -> None:
    found = results(catalog, shapes)
    assert {r for r in found if r[0] == "Violation"} == set()
    assert {(focus, path) for _, focus, path in found} == PUBLISHERS_PART


def test_the_fields_data_portals_need(catalog: Graph) -> None:
    cat, ds = ID["catalog/kg"], ID["dataset/kg"]
    for node in (cat, ds):
        assert {d.language for d in catalog.objects(node, DCTERMS.description)} == {"zh", "en"}
        assert catalog.value(node, DCTERMS.publisher) == ID["agent/publisher"]
    for name in ("kg.ttl", "kg.trig"):
        dist = ID[f"distribution/{name}"]
        assert catalog.value(dist, DCAT.accessURL) == ID[f"download/{name}"]
    years = sorted(
        str(catalog.value(p, DCAT.startDate))[:4] for p in catalog.objects(ds, DCTERMS.temporal)
    )
    assert years == ["2023", "2024", "2025"]  # 2024: the budget tables' execution year


@pytest.mark.parametrize(
    ("remove", "focus", "path"),
    [
        ((ID["catalog/kg"], DCTERMS.publisher), "catalog/kg", DCTERMS.publisher),
        ((ID["catalog/kg"], DCTERMS.description), "catalog/kg", DCTERMS.description),
        ((ID["dataset/kg"], DCTERMS.title), "dataset/kg", DCTERMS.title),
        ((ID["distribution/kg.ttl"], DCAT.accessURL), "distribution/kg.ttl", DCAT.accessURL),
    ],
)
def test_a_missing_mandatory_field_is_a_violation(
    catalog: Graph, shapes: Graph, remove: tuple[URIRef, URIRef], focus: str, path: URIRef
) -> None:
    broken = Graph()
    for triple in catalog:
        broken.add(triple)
    broken.remove((*remove, None))
    assert ("Violation", focus, str(path)) in results(broken, shapes)


def test_a_wrong_range_is_a_violation(catalog: Graph, shapes: Graph) -> None:
    broken = Graph()
    for triple in catalog:
        broken.add(triple)
    broken.add((ID["dataset/kg"], DCTERMS.temporal, Literal("2025")))
    assert ("Violation", "dataset/kg", str(DCTERMS.temporal)) in results(broken, shapes)
