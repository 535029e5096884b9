"""The network page, checked as a file: self-contained, inert text, right nodes, deterministic.
(Opening it in headless Chromium is the next step of issue 5.)"""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from kg.extract import SAMPLES, extract
from kg.network import to_networkx
from kg.rdf.export import build_graph
from kg.viz import network_html, select
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


def test_view_from_a_construct_of_a_store_is_the_same_picture(network: nx.MultiDiGraph) -> None:
    from kg.network import view_triples
    from kg.query import open_store

    store = open_store([ROOT / "exports" / "kg.ttl"])
    small = select(to_networkx(view_triples(store)))
    full = select(network)
    assert sorted(small.nodes) == sorted(full.nodes)
    assert sorted(small.edges(keys=True)) == sorted(full.edges(keys=True))
    assert all(small.nodes[n]["amount"] == full.nodes[n]["amount"] for n in full)
