"""The fund-flow Sankey, checked as data and as a file: flows conserve yuan, the figures are the
documents' own (hand-read from 001), the page fetches nothing and shows document text as text."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from decimal import Decimal

import networkx as nx
import pytest

from kg.pipeline import build_graph, extract
from kg.resources import SAMPLES
from kg.views.network import to_networkx
from kg.views.network_page import select, wan
from kg.views.sankey import STAGES, Flows, flows, sankey_html
from tests.conftest import DATA


@pytest.fixture(scope="module")
def network() -> nx.MultiDiGraph:
    return to_networkx(build_graph(extract([SAMPLES])).triples())


def _label(f: Flows, label: str, stage: str) -> str:
    (key,) = [k for k, n in f.nodes.items() if n["label"] == label and n["kind"] == stage]
    return key


def test_every_node_passes_on_what_it_receives(network: nx.MultiDiGraph) -> None:
    f = flows(select(network))
    inflow: dict[str, Decimal] = defaultdict(Decimal)
    outflow: dict[str, Decimal] = defaultdict(Decimal)
    for (a, b), v in f.links.items():
        assert v > 0
        outflow[a] += v
        inflow[b] += v
        assert STAGES.index(f.nodes[a]["kind"]) < STAGES.index(f.nodes[b]["kind"])  # no loops
    for k, node in f.nodes.items():
        if node["kind"] in ("department", "unit"):
            assert inflow[k] == outflow[k], node["label"]
        if node["kind"] == "project" and outflow[k]:
            assert inflow[k] == outflow[k], node["label"]


def test_liujiang_flows_are_the_printed_figures(network: nx.MultiDiGraph) -> None:
    f = flows(select(network, region="450206"))
    projects = [k for k, n in f.nodes.items() if n["kind"] == "project"]
    assert len(projects) == 13 and f.skipped == 0  # the 13 forms of 001
    sources = sum((v for (a, _), v in f.links.items() if f.nodes[a]["kind"] == "fund_source"))
    assert sources == Decimal(74834790)  # the 13 合计 lines of 001, added by hand
    fund = _label(f, "政府性基金", "fund_source")
    housing = _label(f, "柳州市柳江区住房和城乡建设局", "department")
    assert f.links[(fund, housing)] == Decimal(31000000)  # 拉堡、新兴 26,000,000 + 转运站 5,000,000
    # 住建局 implements its own projects: no unit node, the department feeds the project
    sewage = _label(f, "拉堡、新兴污水处理费", "project")
    assert f.links[(housing, sewage)] == Decimal(26000000)
    education = _label(f, "柳州市柳江区教育局", "department")
    unit = _label(f, "柳州市柳江区教育局教研室", "unit")
    assert f.links[(education, unit)] == Decimal(6730000)  # 5,410,000 + 1,320,000 (lines 29, 54)


def test_a_project_serving_several_groups_ends_in_one_node_naming_them(
    network: nx.MultiDiGraph,
) -> None:
    f = flows(select(network))
    several = [n for k, n in f.nodes.items() if n["kind"] == "group" and " + " in n["label"]]
    assert several  # two projects of the samples name several groups
    without = flows(select(network), groups=False)
    assert not any(n["kind"] == "group" for n in without.nodes.values())


def test_page_is_self_contained_and_deterministic(network: nx.MultiDiGraph) -> None:
    html = sankey_html(network)
    assert "default-src 'none'" in html
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=|@import", html)
    assert html.count("</script>") == 2  # plotly.js inline + our code
    assert html == sankey_html(network)
    assert '"region:450206"' in html and '"department:450203-318"' in html  # page menus


def test_text_from_documents_is_inert() -> None:
    g = to_networkx(build_graph(extract([DATA / "xss-names.txt"])).triples())
    html = sankey_html(g)
    assert "<img src=x" not in html and "alert(2)</script>" not in html
    assert html.count("</script>") == 2
    # entity-escaped for plotly's label markup, then JSON-escaped for the script block
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in html


# --- years (issue 14) ------------------------------------------------------------------------


def _headline(page: str) -> str:
    return re.search(r'<span id="note">([^<]*)</span>', page).group(1)  # type: ignore[union-attr]


def test_page_opens_at_the_latest_year_and_never_adds_years_up(network: nx.MultiDiGraph) -> None:
    page = sankey_html(network)
    # 002 is 柳州市's 2023 budget (25 forms); the other three documents are 2025 (62 - 25)
    assert _headline(page).startswith("2025 年 37 个项目 projects · ")
    assert '<option value="2025" selected>' in page
    assert "49163.07" not in page  # the 62 projects' yuan of both years added: never shown
    by_year = {
        y: sum(
            (
                d["amount"]
                for _, d in network.nodes(data=True)
                if d["kind"] == "project" and d["year"] == y
            ),
            Decimal(0),
        )
        for y in (2023, 2025)
    }
    every = json.loads(re.search(r"var variants = (.*);", page).group(1))["|"]  # type: ignore[union-attr]
    assert every["headline"] == (
        f"2023 年 25 个项目 projects · {wan(by_year[2023])}元；"
        f"2025 年 37 个项目 projects · {wan(by_year[2025])}元"
    )


def test_each_variant_has_its_own_headline_and_legend(network: nx.MultiDiGraph) -> None:
    page = sankey_html(network)
    variants = json.loads(re.search(r"var variants = (.*);", page).group(1))  # type: ignore[union-attr]
    liujiang = variants["2025|region:450206"]
    assert liujiang["headline"] == "2025 年 13 个项目 projects · 7483.48万元"  # 001's 13 合计 lines
    assert "2023|region:450206" not in variants  # 柳江区 has no 2023 project
    # 住建局 (136) implements its own two projects: no unit in its picture or legend
    assert variants["2025|department:450206-136"]["kinds"] == [
        "fund_source",
        "department",
        "project",
        "group",
    ]
    assert liujiang["kinds"] == list(STAGES)
