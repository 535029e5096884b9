"""The RDF graph: parses twice, round-trips, conforms, merges, matches the tables."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.cli import main
from kg.domain.model import Extraction
from kg.pipeline import build_graph, extract
from kg.rdf.ids import DEFAULT_BASE, Ids
from kg.rdf.vocab import FUND_SOURCE, KG, OBEU_MEASURE, RDF, RDFS, SCHEMA
from kg.rdf.write import turtle, write_atomic
from kg.resources import SAMPLES
from kg.store.validate import validate
from tests.conftest import ROOT

EXPORTS = ROOT / "exports"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build")
    result = CliRunner().invoke(main, ["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def graph(built: Path) -> Graph:
    return Graph().parse(built / "kg.ttl", format="turtle")


def test_rebuild_reproduces_the_committed_exports_byte_for_byte(built: Path) -> None:
    for name in (
        "kg.ttl",
        "kg.trig",
        "catalog.ttl",
        "projects.csv",
        "indicators.csv",
        "funding.csv",
        "issues.csv",
    ):
        assert (built / name).read_bytes() == (EXPORTS / name).read_bytes(), name


def test_parses_in_two_parsers_and_round_trips(built: Path, graph: Graph) -> None:
    ox_triples = list(ox.parse(path=str(built / "kg.ttl"), format=ox.RdfFormat.TURTLE))
    assert len(ox_triples) == len(graph) > 30000
    again = Graph().parse(data=graph.serialize(format="turtle"), format="turtle")
    assert isomorphic(graph, again)
    trig = list(ox.parse(path=str(built / "kg.trig"), format=ox.RdfFormat.TRIG))
    assert {(q.subject, q.predicate, q.object) for q in trig} == {
        (t.subject, t.predicate, t.object) for t in ox_triples
    }


def test_no_blank_nodes(built: Path) -> None:
    for name in ("kg.ttl", "kg.trig", "catalog.ttl"):
        fmt = ox.RdfFormat.TRIG if name.endswith("trig") else ox.RdfFormat.TURTLE
        for q in ox.parse(path=str(built / name), format=fmt):
            assert not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object)), q


def test_conforms_to_the_shapes(graph: Graph) -> None:
    assert validate(graph) == []


def test_a_broken_graph_is_reported_with_its_node(graph: Graph, tmp_path: Path) -> None:
    broken = Graph()
    for triple in graph:
        broken.add(triple)
    project = URIRef(DEFAULT_BASE + "project/450206220411800006423")
    broken.add((project, RDFS.label, Literal("第二个名称", lang="zh")))  # a project has one name
    violations = validate(broken)
    assert [v.focus for v in violations] == [str(project)]
    path = tmp_path / "broken.ttl"
    broken.serialize(path, format="turtle")
    result = CliRunner().invoke(main, ["validate", str(path), "--format", "csv"])
    assert result.exit_code == 1
    assert str(project) in result.stdout


def test_validate_cli_exit_codes(built: Path, tmp_path: Path) -> None:
    assert CliRunner().invoke(main, ["validate", "--graph", str(built / "kg.ttl")]).exit_code == 0
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <<<", encoding="utf-8")
    assert CliRunner().invoke(main, ["validate", str(bad)]).exit_code == 2
    assert CliRunner().invoke(main, ["validate", str(tmp_path / "none.ttl")]).exit_code == 2


def _rdflib(ex: Extraction) -> Graph:
    built = build_graph(ex)
    return Graph().parse(data=turtle(built.triples(), built.ids), format="turtle")


def test_two_districts_built_apart_merge_into_the_graph_built_together() -> None:
    liujiang = _rdflib(extract([SAMPLES / "001_ca9d259f3fbd1813.txt"]))
    city = _rdflib(extract([SAMPLES / "002_d290202f47e626bf.txt"]))
    together = _rdflib(
        extract([SAMPLES / "001_ca9d259f3fbd1813.txt", SAMPLES / "002_d290202f47e626bf.txt"])
    )
    merged = liujiang + city
    assert isomorphic(merged, together)
    city_region = URIRef(DEFAULT_BASE + "region/450200")
    assert len(list(merged.objects(city_region, RDFS.label))) == 1  # shared, appears once
    assert (URIRef(DEFAULT_BASE + "region/450206"), None, None) in merged
    fund = URIRef(str(FUND_SOURCE.general_public_local))
    assert len(list(merged.objects(fund, RDF.type))) == len(list(city.objects(fund, RDF.type)))


def test_same_document_under_another_name_mints_the_same_iris(tmp_path: Path) -> None:
    copy = tmp_path / "renamed.txt"
    copy.write_bytes((SAMPLES / "001_ca9d259f3fbd1813.txt").read_bytes())
    original = _rdflib(extract([SAMPLES / "001_ca9d259f3fbd1813.txt"]))
    renamed = _rdflib(extract([copy]))
    differing = {(s, p, o) for s, p, o in original ^ renamed}
    assert all(p == URIRef("http://purl.org/dc/terms/title") for _, p, _ in differing)


def test_base_iri_is_one_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    ex = extract([SAMPLES / "004_984c5e6ba91bd99b.txt"])
    monkeypatch.setenv("KG_BASE_IRI", "https://data.example.gov.cn/kg")
    g = build_graph(ex)
    subjects = {t.subject.value for t in g.triples()}
    assert "https://data.example.gov.cn/kg/project/13082325P00590110010F" in subjects
    assert not any(s.startswith(DEFAULT_BASE) for s in subjects)
    assert Ids("https://x.org/id/").project("P1") == "https://x.org/id/project/P1"


def _csv(name: str) -> list[dict[str, str]]:
    with (EXPORTS / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_graph_content_matches_the_tables(graph: Graph) -> None:
    ids = Ids()
    for row in _csv("projects.csv"):
        node = URIRef(ids.project(row["code"]))
        assert graph.value(node, RDFS.label) == Literal(row["name"], lang="zh")
        assert graph.value(node, KG.totalAmount).toPython() == Decimal(row["total_yuan"])
    departments = {graph.value(s, RDFS.label) for s in graph.subjects(RDF.type, KG.Department)}
    for row in _csv("departments.csv"):
        assert Literal(row["name"], lang="zh") in departments
    per_owner = Counter(
        (r["source"], r["owner_code"], r["owner_name"]) for r in _csv("indicators.csv")
    )
    assert len(set(graph.subjects(RDF.type, KG.Indicator))) == sum(per_owner.values())
    for (_, code, _), count in per_owner.items():
        if len(code) == 21:
            project = URIRef(ids.project(code))
            assert len(list(graph.objects(project, KG.hasIndicator))) == count


def test_funding_amounts_match_the_table_per_document(graph: Graph) -> None:
    expected: dict[str, Decimal] = defaultdict(Decimal)
    for row in _csv("funding.csv"):
        expected[row["source"]] += Decimal(row["amount_yuan"])
    got: dict[str, Decimal] = defaultdict(Decimal)
    for line in graph.subjects(RDF.type, KG.FundingLine):
        doc = graph.value(line, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
        title = str(graph.value(doc, URIRef("http://purl.org/dc/terms/title")))
        got[title] += graph.value(line, OBEU_MEASURE.amount).toPython()
    assert got == expected
    assert len(set(graph.subjects(RDF.type, KG.FundingLine))) == len(_csv("funding.csv"))


def test_beneficiary_links(graph: Graph) -> None:
    ids = Ids()
    for row in _csv("beneficiaries.csv"):
        if row["owner_kind"] == "project":
            group = URIRef(ids.group(row["group"]))
            assert (URIRef(ids.project(row["owner_code"])), KG.serves, group) in graph
            assert graph.value(group, RDFS.label) == Literal(row["group"], lang="zh")


def test_who_funds_what_simple_view(graph: Graph) -> None:
    line = URIRef(DEFAULT_BASE + "funding/450206220413600006280-gov_fund")
    assert graph.value(line, SCHEMA.fundedItem) == URIRef(
        DEFAULT_BASE + "project/450206220413600006280"
    )
    assert graph.value(line, SCHEMA.funder) == URIRef(DEFAULT_BASE + "region/450206")
    amount = graph.value(line, SCHEMA.amount)
    assert graph.value(amount, SCHEMA.value).toPython() == Decimal(26000000)


def test_atomic_write_keeps_the_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "kg.ttl"
    write_atomic(target, b"old")
    with pytest.raises(TypeError):
        write_atomic(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["kg.ttl"]


def test_groups_keep_every_printed_form_under_one_preferred_name() -> None:
    from kg.checks import facts
    from kg.domain.model import Beneficiary
    from kg.rdf.findings import resolution_triples
    from kg.rdf.ids import Ids

    ex = extract([SAMPLES / "004_984c5e6ba91bd99b.txt"])
    ids = Ids()
    for printed in ("群众", "群 众", "群众", "人民群众"):  # a width/space variant and another group
        ex.add(Beneficiary("x.txt", 1, "project", "P", "p", printed, printed + "满意度"))
    triples = resolution_triples(facts(ex), ids)
    about = {
        (t.predicate.value.rsplit("#", 1)[-1], t.object.value)
        for t in triples
        if t.subject.value == ids.group("群众")
    }
    assert about == {("prefLabel", "群众"), ("altLabel", "群 众")}
    assert ids.group("人民群众") != ids.group("群众")  # kept apart: not the same words


def test_org_identifiers_are_keys(graph: Graph) -> None:
    """ORG declares owl:hasKey (org:identifier): no two organisations share one, so a reasoner
    merges nothing. Department codes repeat across regions; the printed code is
    kg:departmentCode."""
    org_identifier = URIRef("http://www.w3.org/ns/org#identifier")
    owners: dict[Literal, set[URIRef]] = defaultdict(set)
    for s, _, o in graph.triples((None, org_identifier, None)):
        owners[o].add(s)  # type: ignore[index,arg-type]
    assert len(owners) > 90
    assert {str(k): v for k, v in owners.items() if len(v) > 1} == {}
    codes = Counter(str(o) for o in graph.objects(None, KG.departmentCode))
    assert codes["203"] == 2  # 203 in two regions: two departments, two identifiers
    department = URIRef(DEFAULT_BASE + "department/450203-318")
    assert str(graph.value(department, org_identifier)) == "450203-318"
    assert str(graph.value(department, KG.departmentCode)) == "318"


def test_a_graph_has_one_base(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A worker minting under another base (its own KG_BASE_IRI) is refused by name; the
    build resolves the base once and hands it to every worker."""
    from kg import pipeline

    real = pipeline._process
    bases: list[str | None] = []

    def worker(path: Path, base: str | None, superseded: object, ocr: bool) -> object:
        bases.append(base)
        if path.name.startswith("002"):
            base = "https://data.other.example/kg/id/"
        return real(path, base, superseded, ocr)  # type: ignore[arg-type]

    monkeypatch.setenv("KG_BASE_IRI", "https://data.example.gov.cn/kg/id")
    monkeypatch.setattr(pipeline, "_process", worker)
    samples = [SAMPLES / "001_ca9d259f3fbd1813.txt", SAMPLES / "002_d290202f47e626bf.txt"]
    args = ["build", *map(str, samples), "--out", str(tmp_path), "--jobs", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert bases[0] == "https://data.example.gov.cn/kg/id/"  # resolved, not None
    assert "002_d290202f47e626bf.txt was built under another base IRI" in result.stderr
    assert "https://data.other.example/kg/id/" in result.stderr
    assert not (tmp_path / "kg.ttl").exists()  # nothing half-written
    relative = CliRunner().invoke(main, ["build", "--base", "kg/id", "--out", str(tmp_path)])
    assert relative.exit_code == 2 and "not an absolute IRI" in relative.stderr
