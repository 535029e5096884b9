"""The Python API (kg/api.py, re-exported by ``import kg``)."""

from __future__ import annotations

import doctest
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pandas as pd
import pyoxigraph as ox
import pytest

import kg
from kg.checks import audit as audit_findings
from kg.domain.model import Extraction
from kg.views.network import stats as network_stats
from tests.conftest import ROOT

YUFENG = kg.SAMPLES / "000_e9a51e7a28d1f068.txt"
LIUJIANG = kg.SAMPLES / "001_ca9d259f3fbd1813.txt"


@pytest.fixture(scope="module")
def liujiang() -> Extraction:
    return kg.extract([LIUJIANG])


@pytest.fixture(scope="module")
def graph(liujiang: Extraction) -> kg.Graph:
    return kg.build_graph(liujiang)


@pytest.fixture(scope="module")
def store(graph: kg.Graph) -> ox.Store:
    return kg.load(graph)


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory, graph: kg.Graph) -> dict[str, Path]:
    """Two districts, each built and written on its own."""
    out = tmp_path_factory.mktemp("exports")
    kg.write_graph(kg.build_graph(kg.extract([YUFENG])), out / "yufeng")
    kg.write_graph(graph, out / "liujiang")
    return {"yufeng": out / "yufeng" / "kg.ttl", "liujiang": out / "liujiang" / "kg.ttl"}


# --- the package ---------------------------------------------------------------------------


def test_import_kg_is_light() -> None:
    code = (
        "import sys, kg; "
        "print(sorted(m for m in ('pandas', 'networkx', 'pyvis', 'plotly', 'pyshacl') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_functions_keep_their_names_beside_modules_of_the_same_name() -> None:
    # importing the submodules again does not rebind the package's names
    import kg.checks
    import kg.store.library
    import kg.views.tables

    for name in kg.__all__:
        assert getattr(kg, name) is not None, name
    assert callable(kg.query) and kg.query.__module__ == "kg.api"
    assert callable(kg.audit) and kg.audit.__module__ == "kg.api"
    assert callable(kg.extract) and kg.extract.__module__ == "kg.api"


# --- queries -------------------------------------------------------------------------------


def test_query_gives_the_variables_as_columns_with_python_values(store: ox.Store) -> None:
    df = kg.query(store, "largest-projects", region="450206")
    assert list(df.columns) == [
        "code",
        "project",
        "total",
        "regionName",
        "year",
        "department",
        "unit",
        "attribute",
    ]
    assert len(df) == 13
    assert df.total.dtype == "Float64"
    assert (df.total / 1e4).sum() == 7483.479  # amounts are numbers pandas computes with
    exact = kg.query(store, "largest-projects", exact=True, region="450206")
    assert exact.total.dtype == object and {type(v) for v in exact.total} == {Decimal}
    assert sum(exact.total) == Decimal(74834790)
    assert df.loc[0, "project"] == "拉堡、新兴污水处理费"
    assert df.loc[0, "year"] == "2025"  # xsd:gYear stays text
    assert pd.api.types.is_string_dtype(df.project)


def test_integer_columns_are_int64_or_nullable(store: ox.Store) -> None:
    overview = kg.query(store, "regions-overview")
    assert overview.projects.dtype == "Int64"  # 广西 and 柳州市 have no projects here
    row = overview.set_index("code").loc["450206"]
    assert (row.projects, row.projectFunding) == (13, 74834790.0)
    assert overview.projects.isna().sum() == 2 and overview.projectFunding.isna().sum() == 2
    full = kg.query(store, "regions-overview", region=450206)  # a number is accepted too
    assert full.projects.dtype == "Int64" and full.projects.tolist() == [13]


def test_sparql_literals_as_python_types(store: ox.Store) -> None:
    df = kg.sparql(
        store,
        """
        SELECT ?i ?d ?f ?b ?s ?iri ?missing WHERE {
          VALUES (?i ?d ?f ?b ?s ?iri ?missing) {
            (1 1.50 2.5e0 true "a"@zh kg:Project UNDEF)
            (UNDEF 2 UNDEF false "b" kg:Region UNDEF)
          }
        }""",
    )
    assert str(df.i.dtype) == "Int64" and df.i.tolist()[0] == 1
    assert df.d.tolist() == [1.5, 2.0]
    assert kg.sparql(store, "SELECT ?d { VALUES ?d { 1.50 2 } }", exact=True).d.tolist() == [
        Decimal("1.5"),
        Decimal("2"),
    ]
    assert df.f.dtype == "Float64" and df.f.tolist()[0] == 2.5
    assert df.b.tolist() == [True, False]
    assert df.s.tolist() == ["a", "b"]
    assert df.iri.tolist()[0] == "https://kg.example.org/def/kg#Project"
    assert df.missing.isna().all()


def test_sparql_ask_and_construct(store: ox.Store) -> None:
    assert kg.sparql(store, "ASK { ?p a kg:Project }").boolean.tolist() == [True]
    triples = kg.sparql(store, "CONSTRUCT { ?p a kg:Project } WHERE { ?p a kg:Project }")
    assert list(triples.columns) == ["subject", "predicate", "object"]
    assert len(triples) == 13


def test_a_graph_a_store_and_a_path_give_the_same_answer(
    graph: kg.Graph, store: ox.Store, exports: dict[str, Path]
) -> None:
    answers = [
        kg.query(source, "who-funds-what")
        for source in (graph, store, exports["liujiang"], str(exports["liujiang"]))
    ]
    for other in answers[1:]:
        pd.testing.assert_frame_equal(answers[0], other)


def test_list_queries() -> None:
    queries = kg.list_queries()
    assert list(queries.columns) == ["name", "title", "title_en", "parameters", "description"]
    assert "who-funds-what" in set(queries.name)
    assert queries.set_index("name").loc["project-funding", "parameters"] == "project"


# --- two districts -------------------------------------------------------------------------


def test_two_districts_loaded_together(exports: dict[str, Path]) -> None:
    both = kg.load([exports["yufeng"], exports["liujiang"]])
    alone = {name: len(kg.load(path)) for name, path in exports.items()}
    assert max(alone.values()) < len(both) < sum(alone.values())  # shared nodes merge
    overview = kg.query(both, "regions-overview").set_index("code")
    assert overview.loc["450203", "projects"] == 23
    assert overview.loc["450206", "projects"] == 13
    assert overview.loc["450203", "within"] == overview.loc["450206", "within"] == "柳州市"
    g = kg.to_networkx(both)
    projects = [n for n, kind in g.nodes(data="kind") if kind == "project"]
    assert len(projects) == 36


def test_trig_loads_as_one_graph(exports: dict[str, Path]) -> None:
    trig = exports["liujiang"].with_name("kg.trig")
    assert len(kg.load(trig)) == len(kg.load(exports["liujiang"]))
    assert len(kg.query(trig, "regions-overview")) == 3  # each row once, not once per graph


# --- errors --------------------------------------------------------------------------------


def test_unknown_query_name(store: ox.Store) -> None:
    with pytest.raises(kg.QueryError, match="no query named 'who-funds'; did you mean"):
        kg.query(store, "who-funds")


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("who-funds-what", {"district": "450206"}, "unknown parameter district"),
        ("who-funds-what", {"region": "45 02 06"}, "is not a region code"),
        ("project-funding", {}, "parameter project is required"),
        ("largest-projects", {"year": "2025.5"}, "not a whole number"),
        ("largest-projects", {"year": [2025]}, "give a string or a number, not list"),
        ("largest-projects", {"year": True}, "not bool"),
    ],
)
def test_bad_parameters(
    store: ox.Store, name: str, params: dict[str, object], message: str
) -> None:
    with pytest.raises(kg.QueryError, match=message):
        kg.query(store, name, **params)


def test_none_means_not_given(store: ox.Store) -> None:
    assert len(kg.query(store, "largest-projects", region=None, year=None)) == 13


def test_bad_sparql(store: ox.Store) -> None:
    with pytest.raises(kg.QueryError, match="syntax error"):
        kg.sparql(store, "SELECT WHERE")
    with pytest.raises(kg.QueryError, match="updates are not accepted"):
        kg.sparql(store, "INSERT DATA { kg:a kg:b kg:c }")


def test_bad_graphs(tmp_path: Path, liujiang: Extraction) -> None:
    with pytest.raises(FileNotFoundError, match="no such graph file"):
        kg.load(tmp_path / "missing.ttl")
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(kg.QueryError, match="cannot load"):
        kg.query(broken, "who-funds-what")
    with pytest.raises(TypeError, match="cannot read a graph from a Extraction"):
        kg.query(liujiang, "who-funds-what")  # type: ignore[arg-type]


# --- the network, pages, stats, audit -------------------------------------------------------


def test_to_networkx_takes_any_graph_and_passes_a_network_through(
    graph: kg.Graph, store: ox.Store
) -> None:
    g = kg.to_networkx(graph)
    assert isinstance(g, nx.MultiDiGraph)
    assert kg.to_networkx(g) is g
    assert nx.utils.graphs_equal(g, kg.to_networkx(store))


def test_pages_are_self_contained(graph: kg.Graph) -> None:
    g = kg.to_networkx(graph)
    network = kg.network_html(g, region="450206", source="gov_fund")
    sankey = kg.sankey_html(graph, region="450206", groups=False)
    for page in (network, sankey):
        assert page.startswith("<!DOCTYPE html>")
        assert "<script src" not in page and "<link " not in page
    assert "4 个项目 projects · 4100万元" in kg.sankey_html(g, source="gov_fund")


def test_stats_are_the_cli_tables(graph: kg.Graph) -> None:
    tables = kg.stats(graph, top=5)
    expected = network_stats(kg.to_networkx(graph), 5)
    assert list(tables) == list(expected)
    for name, rows in expected.items():
        assert tables[name].to_dict("records") == [
            {k: float(v) if isinstance(v, Decimal) else v for k, v in row.items()} for row in rows
        ]
    exact = kg.stats(graph, top=5, exact=True)
    for name, rows in expected.items():
        assert exact[name].to_dict("records") == rows


def test_audit_as_a_table(liujiang: Extraction) -> None:
    findings = kg.audit(liujiang)
    assert list(findings.columns) == [
        "code",
        "severity",
        "source",
        "line",
        "key",
        "message",
        "figures",
    ]
    assert findings.line.dtype == "Int64"
    assert len(findings) == len(audit_findings(liujiang))
    payout = findings[findings.code == "payout-exceeds-total"]
    assert payout[["line", "severity"]].values.tolist() == [[177, "warning"]]
    assert list(kg.audit(Extraction()).columns) == list(findings.columns)


def test_readme_example_runs() -> None:
    """The README's Python API session, as a doctest."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1]
    session = re.search(r"```python\n(.*?)```", section, re.S)
    assert session is not None
    test = doctest.DocTestParser().get_doctest(session.group(1), {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner()
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


# --- what pandas users do -----------------------------------------------------------------


def test_paths_may_be_strings(tmp_path: Path) -> None:
    ex = kg.extract(str(kg.SAMPLES / "001_ca9d259f3fbd1813.txt"))  # one path, as a str
    assert ex.sources == ["001_ca9d259f3fbd1813.txt"]
    written = kg.write_csv(ex, str(tmp_path / "tables"))
    assert (tmp_path / "tables" / "projects.csv") in written
    counts = kg.write_graph(kg.build_graph(ex), str(tmp_path / "graph"))
    assert counts and (tmp_path / "graph" / "kg.ttl").is_file()
    assert len(kg.load(str(tmp_path / "graph" / "kg.ttl"))) > 0


def test_amounts_divide_by_ten_thousand(store: ox.Store) -> None:
    flows = kg.query(store, "who-funds-what", region="450206")
    wan = flows.amount / 1e4  # 万元
    assert round(float(wan.sum()), 2) == 7483.48  # the README's 7,483.48万元 for 柳江区


def _missing_cells(frame: pd.DataFrame) -> set[str]:
    kinds = set()
    for column in frame.columns:
        for v in frame[column].tolist():
            if v is None:
                kinds.add("None")
            elif v is pd.NA:
                kinds.add("NA")
            elif isinstance(v, float) and v != v:
                kinds.add("NaN")
    return kinds


def test_one_missing_value_convention(store: ox.Store, graph: kg.Graph) -> None:
    free = [
        q.name
        for q in kg.list_queries().itertuples()
        if all(p.endswith("?") for p in q.parameters.split())  # no parameter is required
    ]
    frames = [kg.query(store, name) for name in free] + list(kg.stats(graph).values())
    frames.append(kg.sparql(store, "SELECT ?x ?y { VALUES (?x ?y) { (1 UNDEF) (UNDEF 'a') } }"))
    seen = set().union(*(_missing_cells(f) for f in frames))
    assert seen == {"NA"}  # something is missing somewhere, and it is always pd.NA


def test_one_decoder_of_literals(store: ox.Store, graph: kg.Graph) -> None:
    # the graph writes 1320000.0, a SPARQL SUM answers 1320000: one number, one form
    top = kg.query(store, "largest-projects", exact=True, region="450206")
    by_query = {r.project: r.total for r in top.itertuples()}
    g = kg.to_networkx(graph)
    by_view = {d["label"]: d["amount"] for _, d in g.nodes(data=True) if d["kind"] == "project"}
    smallest = by_query["乡村教师体检费"]
    assert repr(smallest) == repr(by_view["乡村教师体检费"]) == "Decimal('1320000')"
    departments = kg.stats(graph, exact=True)["departments"]
    assert all("." not in str(t) for t in departments.project_total_yuan)  # whole yuan
