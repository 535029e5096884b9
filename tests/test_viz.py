"""The network page, checked as a file: self-contained, inert text, right nodes, deterministic.
(Opening it in headless Chromium is the next step of issue 5.)"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result

from kg.cli import main
from kg.pipeline import build_graph, extract
from kg.rdf.vocab import KG, RDF
from kg.resources import SAMPLES
from kg.views import network_page
from kg.views.network import VIEW_PREDICATES, to_networkx, view_triples
from kg.views.network_page import network_html, select
from tests.conftest import DATA, ROOT


@pytest.fixture(scope="module")
def network() -> nx.MultiDiGraph:
    return to_networkx(build_graph(extract([SAMPLES])).triples())


def _projects(view: nx.MultiDiGraph) -> int:
    return sum(1 for _, d in view.nodes(data=True) if d["kind"] == "project")


def test_page_is_self_contained(network: nx.MultiDiGraph) -> None:
    html = network_html(select(network))
    assert "default-src 'none'" in html  # CSP: the page may not fetch anything
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=|@import|url\(\s*['\"]?https?:", html)
    assert html.count("</script>") == 2  # vis-network inline + our code


def test_text_from_documents_is_inert() -> None:
    g = to_networkx(build_graph(extract([DATA / "xss-names.txt"])).triples())
    html = network_html(select(g))
    assert "<img src=x" not in html and "alert(2)</script>" not in html
    assert html.count("</script>") == 2  # the name's </script> did not close a tag
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html  # kept, as escaped JSON text


def test_drawn_nodes_are_the_view(network: nx.MultiDiGraph) -> None:
    view = select(network)
    html = network_html(view)
    assert html.count('"shape": "dot"') == len(view)
    assert "indicator" not in {d["kind"] for _, d in view.nodes(data=True)}


def test_filters(network: nx.MultiDiGraph) -> None:
    assert _projects(select(network, region="450206")) == 13  # the 13 forms of 001
    # 政府性基金 funds four projects of 001 (lines 218, 238, 261, 310)
    assert _projects(select(network, source="gov_fund")) == 4
    # 鱼峰区财政局 (318) supervises 农村综合改革, 工程预结审经费, 高质量发展激励资金 (000)
    assert _projects(select(network, department="450203-318")) == 3


def test_over_the_node_budget_units_fold_into_departments(network: nx.MultiDiGraph) -> None:
    html = network_html(select(network), budget=50)
    assert "units folded into departments" in html
    assert '"kind": "unit"' not in html


def test_page_is_deterministic(network: nx.MultiDiGraph) -> None:
    assert network_html(select(network)) == network_html(select(network))


def test_committed_network_page_is_what_kg_viz_writes(network: nx.MultiDiGraph) -> None:
    committed = (ROOT / "exports" / "network.html").read_text(encoding="utf-8")
    assert committed == network_html(select(network))


def test_far_over_the_budget_projects_fold_into_departments_with_their_sums(
    network: nx.MultiDiGraph,
) -> None:
    view = select(network, region="450206")
    html = network_html(view, budget=20)  # 41 nodes without units: still over 20
    assert "projects folded into departments" in html and '"kind": "project"' not in html
    # 住建局 (136) supervises 拉堡、新兴污水处理费 26,000,000 and 转运站 5,000,000 (001)
    details = json.loads(re.search(r"var details = (.*);", html).group(1))  # type: ignore[union-attr]
    housing = details["https://kg.example.org/id/department/450206-136"]
    assert "项目 projects: 2，31000000 元" in housing
    assert '"regions": ["450206"]' in html  # the region menu still selects folded departments


@pytest.mark.parametrize("budget", [20, 255, 1000])  # units and projects fold, units, none
def test_folding_needs_none_of_the_project_edges_the_page_leaves_uncopied(
    network: nx.MultiDiGraph, budget: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = select(network)
    lean = network_html(view, budget=budget)
    monkeypatch.setattr(network_page, "_unfolded", lambda g, _: g.edges(keys=True, data=True))
    assert network_html(view, budget=budget) == lean
    assert ("projects folded" in lean) == (budget == 20)
    assert ("units folded" in lean) == (budget < len(view))


def test_view_from_a_construct_of_a_store_is_the_same_picture(network: nx.MultiDiGraph) -> None:
    from kg.store.open import open_store
    from kg.views.network import view_triples

    store = open_store([ROOT / "exports" / "kg.ttl"])
    small = select(to_networkx(view_triples(store)))
    full = select(network)
    assert sorted(small.nodes) == sorted(full.nodes)
    assert sorted(small.edges(keys=True)) == sorted(full.edges(keys=True))
    assert all(small.nodes[n]["amount"] == full.nodes[n]["amount"] for n in full)


# a funding line that is also an indicator, a department that is also a target, a project that
# is also a funding line, a document that is also an indicator, a label in two languages
_TANGLED = """
@prefix kg: <https://kg.example.org/def/kg#> .
@prefix schema: <https://schema.org/> .
@prefix m: <http://data.openbudgets.eu/ontology/dsd/measure/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix x: <https://x.test/> .
x:p1 a kg:Project ; rdfs:label "Roads"@en, "道路"@zh ; kg:totalAmount 30.0 ;
  prov:wasDerivedFrom x:d1 ; kg:sourceLine 12, 7 ; kg:supervisingDepartment x:dept ;
  kg:hasIndicator x:i1 .
x:p2 a kg:Project, kg:FundingLine ; rdfs:label "桥" ; prov:wasDerivedFrom x:d2 ;
  kg:fundSource x:f ; schema:fundedItem x:p1 ; m:amount 2.0 .
x:dept a kg:Department ; rdfs:label "交通局" .
x:gone a kg:Department, kg:Target ; rdfs:label "目标" .
x:f a kg:FundSource ; rdfs:label "一般公共预算" .
x:i1 a kg:Indicator ; rdfs:label "里程" .
x:d1 a kg:SourceDocument ; dct:title "001.txt" .
x:d2 a kg:SourceDocument, kg:Indicator ; dct:title "002.txt" .
x:l1 a kg:FundingLine ; kg:fundSource x:f ; schema:fundedItem x:p1 ; m:amount 10.0 .
x:l2 a kg:FundingLine, kg:Indicator ; kg:fundSource x:f ; schema:fundedItem x:dept ;
  m:amount 5.0 .
"""


def _as_before(store: ox.Store) -> list[ox.Triple]:
    """What view_triples gave before it read only what is drawn: every triple of the view's
    predicates, less the indicators' and targets'."""
    default, kind = ox.DefaultGraph(), ox.NamedNode(str(RDF.type))
    hidden = {
        q.subject
        for cls in (KG.Indicator, KG.Target)
        for q in store.quads_for_pattern(None, kind, ox.NamedNode(str(cls)), default)
    }
    return [
        q.triple
        for p in VIEW_PREDICATES
        for q in store.quads_for_pattern(None, ox.NamedNode(p), None, default)
        if q.subject not in hidden
    ]


@pytest.mark.parametrize("tangled", [False, True])
def test_view_triples_make_the_network_every_view_triple_makes(tangled: bool) -> None:
    store = ox.Store()
    if tangled:
        store.load(_TANGLED.encode(), format=ox.RdfFormat.TURTLE)
    else:
        store.bulk_load(path=str(ROOT / "exports" / "kg.ttl"), format=ox.RdfFormat.TURTLE)
    expected = to_networkx(_as_before(store))
    for g in (to_networkx(view_triples(store)), to_networkx(list(view_triples(store)))):
        assert list(g.nodes(data=True)) == list(expected.nodes(data=True))
        assert list(g.edges(keys=True, data=True)) == list(expected.edges(keys=True, data=True))
    if tangled:
        assert sorted(expected) == [f"https://x.test/{n}" for n in ("dept", "f", "p1", "p2")]
        p1 = expected.nodes["https://x.test/p1"]
        assert (p1["label"], p1["source"], p1["line"]) == ("道路", "001.txt", 7)
        assert expected.nodes["https://x.test/p2"]["source"] == ""  # its document is hidden
        funds = [(u, v, d["amount"]) for u, v, d in expected.edges(data=True) if d["amount"]]
        assert funds == [("https://x.test/f", "https://x.test/p1", Decimal(12))]  # not l2's


# --- years and the selection options (issue 14) ---------------------------------------------


def test_year_selects_the_projects_of_that_year(network: nx.MultiDiGraph) -> None:
    # 002 is 柳州市's 2023 budget (25 forms); the other documents are 2025: 62 - 25 projects
    assert _projects(select(network, year=2023)) == 25
    assert _projects(select(network, year=2025)) == 62 - 25
    assert _projects(select(network, region="450206", year=2025)) == 13
    assert _projects(select(network, region="450206", year=2023)) == 0


def test_network_page_has_a_year_menu_that_opens_at_the_latest_year(
    network: nx.MultiDiGraph,
) -> None:
    html = network_html(select(network))
    assert '<option value="2025" selected>2025 年 (37 个项目 projects)</option>' in html
    assert '<option value="2023">2023 年 (25 个项目 projects)</option>' in html
    assert '<option value="">全部年份 all years</option>' in html
    one = network_html(select(network, year=2023))  # kg viz --year 2023: only that year
    assert '<option value="2023" selected>' in one and '<option value="2025"' not in one


def _viz(*args: str, out: Path) -> Result:
    return CliRunner().invoke(main, ["viz", *args, "--out", str(out)])


@pytest.mark.parametrize(
    ("option", "value", "listed"),
    [
        ("--region", "999999", ["450206 柳州市柳江区", "450203 柳州市鱼峰区", "450200 柳州市"]),
        ("--department", "450206-999", ["450203-318 柳州市鱼峰区财政局"]),
        ("--source", "lottery", ["gov_fund 政府性基金"]),
        ("--year", "2024", ["2023 25 个项目 projects", "2025 37 个项目 projects"]),
    ],
)
def test_an_unknown_selection_exits_2_naming_the_values_there_are(
    tmp_path: Path, option: str, value: str, listed: list[str]
) -> None:
    out = tmp_path / "page.html"
    result = _viz(option, value, out=out)
    assert result.exit_code == 2, result.output
    assert f"no {option[2:]} {value} in the graph" in result.stderr
    for entry in listed:
        assert f"\n  {entry}\n" in result.stderr + "\n"
    assert not out.exists() and result.stdout == ""


def test_a_selection_matching_no_project_exits_2(tmp_path: Path) -> None:
    result = _viz("--region", "450206", "--year", "2023", out=tmp_path / "page.html")
    assert result.exit_code == 2
    assert "no project matches --region 450206 --year 2023; its years: 2025" in result.stderr


def test_kg_viz_year_writes_only_that_year(network: nx.MultiDiGraph, tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    result = _viz("--year", "2023", out=out)
    assert result.exit_code == 0, result.output
    view = select(network, year=2023)
    assert f"{len(view)} nodes, {view.number_of_edges()} edges; years 2023" in result.stderr
    assert out.read_text(encoding="utf-8") == network_html(view)
    sankey = tmp_path / "sankey.html"
    assert _viz("--sankey", "--year", "2023", out=sankey).exit_code == 0
    assert '<span id="note">2023 年 25 个项目 projects · ' in sankey.read_text(encoding="utf-8")
