"""The NetworkX view and kg stats, against figures read off the printed forms."""

from __future__ import annotations

import json
from decimal import Decimal

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.pipeline import build_graph, extract
from kg.resources import SAMPLES
from kg.views.network import stats, to_networkx


@pytest.fixture(scope="module")
def network() -> nx.MultiDiGraph:
    return to_networkx(build_graph(extract([SAMPLES])).triples())


@pytest.fixture(scope="module")
def tables(network: nx.MultiDiGraph) -> dict[str, list[dict[str, object]]]:
    return stats(network, top=100)


def test_counts_by_kind(tables: dict[str, list[dict[str, object]]]) -> None:
    counts = {r["kind"]: r["nodes"] for r in tables["counts"]}
    assert counts["project"] == 62  # 23 + 13 + 25 + 1 project forms
    # 60 department forms in 000 (every 000 supervising code has one); supervising codes of
    # the project forms: 10 in 001 (117 118 129 130 132 134 136 155 161 205), 17 in 002;
    # 004's 830001 (printed above its project table) is the town government of its goals
    assert counts["department"] == 60 + 10 + 17 + 1
    # 450203, 450206, 450200, 130823 and the regions above them: 450000, 130800, 130000
    assert counts["region"] == 7
    assert counts["fund_source"] == 6


def test_node_and_edge_attributes(network: nx.MultiDiGraph) -> None:
    project = "https://kg.example.org/id/project/450206220413600006280"
    node = network.nodes[project]
    assert (node["kind"], node["label"], node["code"], node["amount"]) == (
        "project",
        "拉堡、新兴污水处理费",
        "450206220413600006280",
        Decimal(26000000),
    )
    assert (node["source"], node["line"]) == ("001_ca9d259f3fbd1813.txt", 231)
    gov_fund = "https://kg.example.org/def/fund-source/gov_fund"
    edge = network.edges[gov_fund, project, f"funds:{gov_fund}"]
    assert (edge["relation"], edge["amount"]) == ("funds", Decimal(26000000))
    dept = "https://kg.example.org/id/department/450206-136"
    assert network.has_edge(dept, project, "supervises")


def test_fund_sources_per_level(tables: dict[str, list[dict[str, object]]]) -> None:
    rows = {(r["level"], r["fund_source"]): r["amount_yuan"] for r in tables["fund_sources"]}
    # 政府性基金: 001 lines 218, 238, 261, 310 (5,000,000 + 26,000,000 + 5,000,000 + 5,000,000)
    assert rows[("project", "政府性基金")] == Decimal(41000000)
    assert rows[("project", "其他资金")] == Decimal(60000000)  # 002 line 581
    assert rows[("department", "其他资金")] == Decimal("28107079.25")  # 000 line 1497
    shares = [r["share_pct"] for r in tables["fund_sources"] if r["level"] == "project"]
    assert abs(sum(shares) - 100) < Decimal("0.1")  # type: ignore[arg-type]


def test_departments_units_and_groups(tables: dict[str, list[dict[str, object]]]) -> None:
    depts = {r["code"]: r for r in tables["departments"]}
    # 001 lines 232 and 255: 拉堡、新兴污水处理费 26,000,000 and 垃圾转运站 5,000,000
    assert (depts["136"]["projects"], depts["136"]["project_total_yuan"]) == (2, 31000000)
    # 000 lines 2576, 2598, 2618: 2,420,000 + 1,000,000 + 5,000,000; own form total line 979
    assert (depts["318"]["projects"], depts["318"]["project_total_yuan"]) == (3, 8420000)
    assert depts["318"]["own_total_yuan"] == Decimal("125253254.14")
    units = {r["name"]: r for r in tables["units"]}
    # 001: 本年中小学义教公用经费 5,410,000 + 乡村教师体检费 1,320,000
    assert units["柳州市柳江区教育局教研室"]["project_total_yuan"] == Decimal(6730000)
    groups = {r["group"]: r for r in tables["groups"]}
    assert (groups["学校师生"]["projects"], groups["学校师生"]["amount_yuan"]) == (1, 5410000)


def test_components_and_gaps(tables: dict[str, list[dict[str, object]]]) -> None:
    assert tables["components"][0]["components"] == 1
    # both print only a complaint rate under 满意度 (000 lines 2548 and 2701): no group named
    assert [r["code"] for r in tables["projects_without_groups"]] == [
        "450203250431400008132",
        "450203250435600008392",
    ]
    assert tables["projects_without_indicators"] == []
    assert tables["centrality"][0]["degree"] > 0


def test_stats_cli_json() -> None:
    result = CliRunner().invoke(
        main, ["stats", str(SAMPLES / "001_ca9d259f3fbd1813.txt"), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {r["kind"]: r["nodes"] for r in data["counts"]}["project"] == 13
    assert any(
        r["fund_source"] == "政府性基金" and r["amount_yuan"] == "41000000"
        for r in data["fund_sources"]
    )
