"""The SPARQL query library (kg/queries/*.rq): headers, every query on the sample graph,
answers checked against figures read by hand from the sample documents, parameter safety.

The expected figures below were read from the printed forms in data/samples/ (file and line
next to each); none of them was copied from a query's output.
"""

from __future__ import annotations

import re
import shlex
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.rdf.ids import Ids
from kg.store.library import (
    PARAM_TYPES,
    Query,
    QueryError,
    bind,
    format_result,
    library,
    run,
    value,
    with_values,
)
from kg.store.open import open_store

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = library()
NAMES = sorted(LIBRARY)
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CJK = re.compile(r"[\u4e00-\u9fff]")

D000 = "000_e9a51e7a28d1f068.txt"
D001 = "001_ca9d259f3fbd1813.txt"
D002 = "002_d290202f47e626bf.txt"
D004 = "004_984c5e6ba91bd99b.txt"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    """The sample graph, loaded once for this module."""
    return open_store([ROOT / "exports" / "kg.ttl"])


def example_params(query: Query, example: str) -> dict[str, str]:
    """The --param KEY=VALUE pairs of an example command line."""
    tokens = shlex.split(example)
    assert tokens[:3] == ["kg", "query", query.name], example
    params: dict[str, str] = {}
    rest = tokens[3:]
    while rest:
        flag, item, *rest = rest
        assert flag in ("--param", "-p"), example
        key, sep, val = item.partition("=")
        assert sep, example
        params[key] = val
    return params


def examples() -> list[tuple[str, dict[str, str]]]:
    return [(q.name, example_params(q, ex)) for q in LIBRARY.values() for ex in q.examples]


def ask(store: ox.Store, name: str, **params: str) -> list[dict[str, str]]:
    """The rows of a library query as {variable: plain text} ('' when unbound)."""
    query = LIBRARY[name]
    result = run(store, query.text, bind(query, params))
    return [dict(zip(result.variables, map(value, row), strict=True)) for row in result.rows]


def ask_sparql(store: ox.Store, text: str) -> list[dict[str, str]]:
    """The rows of any SELECT (with the project's prefixes) as {variable: plain text}."""
    result = run(store, "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n" + text)
    return [dict(zip(result.variables, map(value, row), strict=True)) for row in result.rows]


def yuan(text: str) -> Decimal:
    return Decimal(text)


# --- the library and its headers ----------------------------------------------------------


def test_the_library_has_at_least_fifteen_named_queries() -> None:
    assert len(LIBRARY) >= 15
    for name in (
        "who-funds-what",
        "departments-by-funding",
        "units-by-funding",
        "projects-by-fund-source",
        "project-indicators",
        "beneficiary-groups",
        "satisfaction-targets",
        "cost-caps-vs-totals",
        "indicator-categories-by-region",
        "budget-lines-by-function",
        "department-functions-and-goals",
        "targets-missing-unit-or-operator",
        "search",
    ):
        assert name in LIBRARY


@pytest.mark.parametrize("name", NAMES)
def test_every_query_has_a_complete_header(name: str) -> None:
    q = LIBRARY[name]
    assert KEBAB.match(name), name
    assert "|" in q.title, "title: 中文标题 | English title"
    assert CJK.search(q.title_zh) and not CJK.search(q.title_en)
    assert re.search(r"[A-Za-z]", q.title_en)
    assert len(q.description) > 20
    assert q.examples, "at least one example line"
    assert all(p.type in PARAM_TYPES for p in q.params)
    assert len({p.name for p in q.params}) == len(q.params)
    for example in q.examples:
        params = example_params(q, example)
        assert set(params) <= {p.name for p in q.params}
        assert {p.name for p in q.params if p.required} <= set(params)
    text = re.sub(r"(?m)#[^\n]*", "", q.text)
    assert re.search(r"\bORDER BY\b", text), "results are ordered"
    where = text[re.search(r"\bWHERE\s*\{", text, re.I).end() :]  # type: ignore[union-attr]
    for p in q.params:
        assert re.search(rf"\?{p.name}\b", where), f"?{p.name} is used in the query"


@pytest.mark.parametrize(("name", "params"), examples(), ids=lambda x: str(x))
def test_every_example_runs_and_answers(store: ox.Store, name: str, params: dict[str, str]) -> None:
    assert ask(store, name, **params)


@pytest.mark.parametrize(("name", "params"), examples(), ids=lambda x: str(x))
def test_every_query_declares_its_prefixes(
    store: ox.Store, name: str, params: dict[str, str]
) -> None:
    """The file runs as is elsewhere (YASGUI, Fuseki): no prefix comes from the runner."""
    q = LIBRARY[name]
    text = with_values(q.text, bind(q, params))
    answer = store.query(text, use_default_graph_as_union=True)  # no prefixes= given
    assert isinstance(answer, ox.QuerySolutions)
    assert list(answer)


@pytest.mark.parametrize(
    "name", [n for n in NAMES if not any(p.required for p in LIBRARY[n].params)]
)
def test_optional_parameters_only_narrow_the_answer(store: ox.Store, name: str) -> None:
    """Unbound, an optional parameter leaves a meaningful query; bound, it selects a subset."""
    everything = {tuple(row.values()) for row in ask(store, name)}
    assert everything
    for example in LIBRARY[name].examples:
        params = example_params(LIBRARY[name], example)
        narrowed = {tuple(row.values()) for row in ask(store, name, **params)}
        assert narrowed <= everything, params


@pytest.mark.parametrize("name", NAMES)
def test_answers_are_deterministic(store: ox.Store, name: str) -> None:
    q = LIBRARY[name]
    params = example_params(q, q.examples[0])
    assert ask(store, name, **params) == ask(store, name, **params)


# --- answers checked against the documents, read by hand ------------------------------------


def test_largest_project_of_the_city_002(store: ox.Store) -> None:
    rows = ask(store, "largest-projects", region="450200")
    top = rows[0]
    assert top["project"] == "园区发展资金"  # 002 line 522: 项目名称 园区发展资金
    assert top["code"] == "450200220451000005256"  # 002 line 522: 项目编码
    assert yuan(top["total"]) == Decimal("99000000")  # 002 line 526: 合计 99,000,000
    assert top["department"] == "柳州市工业和信息化局"  # 002 line 523: 510-柳州市工业和信息化局
    # 002 line 317/321: 柳州市智慧城市专项资金 68,450,000 is the second largest
    assert (rows[1]["project"], yuan(rows[1]["total"])) == ("柳州市智慧城市专项资金", 68450000)


def test_all_25_project_forms_of_002_are_for_2023(store: ox.Store) -> None:
    # 002: 25 lines "项目名称" (lines 4 … 573), each form titled 2023年度部门预算 (line 3 …)
    rows = ask(store, "largest-projects", year="2023")
    assert len(rows) == 25
    assert {r["regionName"] for r in rows} == {"柳州市"}


def test_local_funding_of_liujiang_001(store: ox.Store) -> None:
    rows = ask(store, "fund-source-totals-by-region", region="450206")
    local = next(r for r in rows if r["source"] == "general_public_local")
    # 001 本级 lines: 31 5410000, 56 1320000, 77 6500000, 101 3000000, 122 7504790,
    # 143 2000000, 165 3500000, 194 3000000, 217 0, 237 0, 260 0, 283 1600000, 309 0
    assert yuan(local["total"]) == Decimal("33834790")
    assert local["forms"] == "9"  # the nine non-zero 本级 lines above
    assert local["formKind"] == "project"


def test_gov_fund_projects_of_001(store: ox.Store) -> None:
    rows = ask(store, "projects-by-fund-source", source="gov_fund", region="450206")
    got = {(r["project"], yuan(r["amount"])) for r in rows}
    # 001 政府性基金 lines: 218 5000000 (新兴工业园…), 238 26000000 (拉堡、新兴污水处理费),
    # 261 5000000 (柳江区16个村镇…), 310 5000000 (form 环卫清扫保洁经费, line 303)
    assert got == {
        ("新兴工业园环卫园林一体化服务项目", Decimal("5000000")),
        ("拉堡、新兴污水处理费", Decimal("26000000")),
        ("柳江区16个村镇垃圾转运站运行经费", Decimal("5000000")),
        ("环卫清扫保洁经费", Decimal("5000000")),
    }
    assert sum(yuan(r["amount"]) for r in rows) == Decimal("41000000")
    assert rows[0]["project"] == "拉堡、新兴污水处理费"  # largest first


def test_project_totals_of_001_against_its_summary_table(store: ox.Store) -> None:
    (row,) = ask(store, "regions-overview", region="450206")
    assert row["projects"] == "13"  # 001 lines 8-20: thirteen key projects, thirteen forms
    # 001 合计 lines 29, 54, 75, 99, 120, 141, 163, 192, 215, 235, 258, 281, 307 add up to
    # 74,834,790 yuan; the summary table prints 7,483.48 万元 (line 21) because line 12 rounds
    # 7,504,790 yuan to 750.48 万元.
    assert yuan(row["projectFunding"]) == Decimal("74834790")


def test_departments_with_a_form_in_000(store: ox.Store) -> None:
    # 000: 60 headings "2025年度部门整体绩效申报表" (first at line 325), each with a 部门编码
    rows = ask(store, "departments-by-funding", region="450203")
    assert len(rows) == 60
    assert all(r["budget"] for r in rows)  # every one prints 部门预算安排资金
    npc = next(r for r in rows if r["code"] == "101")
    assert npc["department"] == "柳州市鱼峰区人民代表大会常务委员会"  # 000 line 327
    assert yuan(npc["budget"]) == Decimal("5543935.57")  # 000 line 328: 合计 5,543,935.57
    assert rows[0]["department"] == "柳州市鱼峰区教育局"  # 000 line 1460: 958,395,830.39, largest
    assert yuan(rows[0]["budget"]) == Decimal("958395830.39")


def test_indicators_of_project_006423(store: ox.Store) -> None:
    rows = ask(store, "project-indicators", project="450206220411800006423")
    assert len(rows) == 7  # 001 lines 61-67, seven indicator rows
    assert [r["line"] for r in rows] == [str(n) for n in range(61, 68)]
    first = rows[0]  # 001 line 61: 乡村教师体检人数 ≥ 2200 人
    assert (first["indicator"], first["operator"], first["unit"]) == ("乡村教师体检人数", "≥", "人")
    assert Decimal(first["number"]) == 2200
    assert rows[2]["deadline"] == "2025-11-30"  # 001 line 63: 完成时间 2025年11月30日前
    assert rows[3]["indicator"] == "项目成本" and rows[3]["target"] == ""  # line 64: no value
    cost = rows[4]  # 001 line 65: 教师体检费人均成本 ≤ 600 元/人
    assert (cost["indicator"], cost["operator"], cost["unit"]) == (
        "教师体检费人均成本",
        "≤",
        "元/人",
    )
    assert Decimal(cost["number"]) == 600
    assert cost["level2"] == "成本指标"  # line 64 prints 成本指标 for the rows below it
    assert rows[6]["indicator"] == "体检教师满意度"  # 001 line 67: $\geq 95\%$
    assert Decimal(rows[6]["number"]) == 95


def test_education_budget_line_of_000(store: ox.Store) -> None:
    rows = [
        r
        for r in ask(store, "budget-lines-by-function", region="450203", table="general_public")
        if r["item"] == "教育支出"
    ]
    by_year = {r["year"]: r for r in rows}
    # 000 line 195: （四）教育支出 48,622 44,781 44,770 99.98 239 0.54 80,817 36,047 80.52 (万元)
    assert yuan(by_year["2024"]["initial"]) == Decimal("486220000")
    assert yuan(by_year["2024"]["adjusted"]) == Decimal("447810000")
    assert yuan(by_year["2024"]["executed"]) == Decimal("447700000")
    assert Decimal(by_year["2024"]["executionRate"]) == Decimal("99.98")  # 完成调整预算%
    assert yuan(by_year["2025"]["proposed"]) == Decimal("808170000")
    assert by_year["2024"]["proposed"] == "" and by_year["2025"]["executed"] == ""
    (change,) = [
        r
        for r in ask(store, "budget-proposal-vs-execution", year="2025", table="general_public")
        if r["item"] == "教育支出"
    ]
    assert yuan(change["change"]) == Decimal("360470000")  # line 195: 比2024年执行数增减 36,047
    assert Decimal(change["changePercent"]) == Decimal("80.52")  # line 195: 80.52 %


def test_functions_and_goals_of_department_101(store: ox.Store) -> None:
    rows = ask(store, "department-functions-and-goals", department="450203-101")
    functions = [r for r in rows if r["kind"].startswith("function")]
    goals = [r for r in rows if r["kind"].startswith("goal")]
    assert len(functions) == 14  # 000 lines 333-346: 职能1 … 职能14
    assert len(goals) == 3  # 000 lines 347-349: 目标1 … 目标3
    assert functions[-1]["text"] == "决定授予地方的荣誉称号。"  # 000 line 346: 职能14
    assert goals[1]["text"] == "开展视察和专题调研。"  # 000 line 348: 目标2


def test_indicators_of_department_101(store: ox.Store) -> None:
    rows = ask(store, "department-indicators", department="450203-101")
    assert len(rows) == 10  # 000 lines 351-360
    assert rows[0]["indicator"] == "召开会议次数" and rows[0]["target"] == "13次"  # line 351
    # 000 line 356: 部门履职成本 ≤5543935.57 — a number without a unit, which the
    # missing-unit query reports, and 13次 (line 351) a number without an operator.
    problems = {
        (r["problem"], r["indicator"])
        for r in ask(store, "targets-missing-unit-or-operator", region="450203")
        if r["code"] == "101"
    }
    assert ("numeric without unit", "部门履职成本") in problems
    assert ("numeric without operator", "召开会议次数") in problems
    assert ("text without operator", "人大履职效率") in problems  # line 357: 提高


def test_school_group_served_by_project_006425(store: ox.Store) -> None:
    (row,) = ask(store, "beneficiary-groups", group="学校师生")
    assert row["code"] == "450206220411800006425"  # 001 line 25
    assert row["name"] == "本年中小学义教公用经费本级配套资金"  # 001 line 25
    assert yuan(row["amount"]) == Decimal("5410000")  # 001 line 29: 合计 5410000
    (target,) = ask(store, "satisfaction-targets", group="学校师生")
    assert target["indicator"] == "学校师生满意度"  # 001 line 46: 学校师生满意度 ≥95%
    assert (target["operator"], Decimal(target["number"])) == ("≥", 95)


def test_cost_cap_larger_than_the_project_total(store: ox.Store) -> None:
    rows = ask(store, "cost-caps-vs-totals", region="450203")
    top = rows[0]
    assert top["code"] == "450203213600010000813"  # 000 line 2728: 教育发展管理项目
    assert yuan(top["cap"]) == Decimal("4430000")  # 000 line 2742: 预算成本 ≤4430000元
    assert yuan(top["total"]) == Decimal("1000000")  # 000 line 2732: 合计 1000000
    assert yuan(top["difference"]) == Decimal("3430000")
    assert top["exceedsTotal"] == "true"
    # 001 line 41: 预算经费控制 ≤541万元 against 合计 5410000 (line 29): no difference
    (equal,) = [
        r for r in ask(store, "cost-caps-vs-totals") if r["code"] == "450206220411800006425"
    ]
    assert yuan(equal["cap"]) == yuan(equal["total"]) == Decimal("5410000")
    assert yuan(equal["difference"]) == 0


def test_categories_line_up_across_frameworks(store: ox.Store) -> None:
    rows = {
        (r["level1"], r["category"]): int(r["indicators"])
        for r in ask(store, "indicator-categories-by-region", region="450206")
    }
    # 001 line 226: the only 生态效益 indicator of 柳江区
    assert rows[("效益指标", "生态效益指标")] == 1
    # 001 lines 154, 249, 272, 298: four 可持续影响 indicators, which the 2021 framework has
    # no level 2 for; the SKOS broadMatch files them under 效益指标 itself
    assert rows[("效益指标", "效益指标")] == 4
    # local 成本指标 sits under 产出 (001 line 41); in the 2021 framework it is level 1
    assert ("成本指标", "成本指标") in rows
    assert all(level1 != "产出指标" or cat != "成本指标" for level1, cat in rows)


def test_funding_breakdown_of_project_006425(store: ox.Store) -> None:
    rows = {r["source"]: r for r in ask(store, "project-funding", project="450206220411800006425")}
    assert yuan(rows["general_public_local"]["amount"]) == Decimal("5410000")  # 001 line 31: 本级
    assert rows["general_public_local"]["line"] == "31"
    assert Decimal(rows["general_public_local"]["percentOfTotal"]) == 100
    assert yuan(rows["general_public_upper"]["amount"]) == 0  # 001 line 30: 上级 0
    assert yuan(rows["gov_fund"]["amount"]) == 0  # 001 line 32: 政府性基金 0


def test_projects_of_department_118_of_001(store: ox.Store) -> None:
    rows = ask(store, "department-projects", department="450206-118")
    # 001 lines 26 and 51: both forms print 项目主管单位 118-柳州市柳江区教育局
    assert [(r["project"], yuan(r["total"])) for r in rows] == [
        ("本年中小学义教公用经费本级配套资金", Decimal("5410000")),  # 001 line 29
        ("乡村教师体检费", Decimal("1320000")),  # 001 line 54
    ]
    assert {r["unit"] for r in rows} == {"柳州市柳江区教育局教研室"}  # 001 lines 26, 51
    assert [r["indicators"] for r in rows] == ["11", "7"]  # 001 lines 36-46 and 61-67


def test_spending_plan_of_the_004_project(store: ox.Store) -> None:
    rows = ask(store, "spending-plan", project="13082325P00590110010F")
    # 004 lines 99-100: 3月底 2.50, 6月底 5.00, 10月底 7.50, 12月底 10.00 (万元, line 94)
    assert [(r["period"], yuan(r["amount"])) for r in rows] == [
        ("3月底", Decimal("25000")),
        ("6月底", Decimal("50000")),
        ("10月底", Decimal("75000")),
        ("12月底", Decimal("100000")),
    ]


def test_search_and_provenance(store: ox.Store) -> None:
    rows = ask(store, "search", text="螺蛳粉")
    projects = [r for r in rows if r["kind"] == "project"]
    # 002 line 114: 柳州螺蛳粉检验检测能力建设经费 450200220412500005744
    assert [(r["name"], r["code"]) for r in projects] == [
        ("柳州螺蛳粉检验检测能力建设经费", "450200220412500005744")
    ]
    (where,) = ask(
        store, "provenance", node="https://kg.example.org/id/project/450206220411800006425"
    )
    assert (where["document"], where["line"]) == (D001, "25")  # 001 line 25: 项目名称
    (target,) = ask(
        store, "provenance", node="https://kg.example.org/id/target/450206220411800006423-05"
    )
    assert (target["document"], target["line"]) == (D001, "65")  # 001 line 65


def test_documents_and_their_departments(store: ox.Store) -> None:
    rows = {(r["document"], r["kind"]): int(r["nodes"]) for r in ask(store, "documents")}
    assert rows[(D000, "Department")] == 60  # 000: 60 部门整体绩效申报表
    assert rows[(D001, "Project")] == 13  # 001 lines 8-20
    assert rows[(D002, "Project")] == 25  # 002: 25 项目名称 lines
    assert rows[(D004, "Project")] == 1  # 004 line 96: 项目编码 13082325P00590110010F


# --- parameter safety -------------------------------------------------------------------

HOSTILE = [
    '" } INSERT DATA { <x> <y> <z> } #',
    '"',
    "'",
    "}",
    "{ }",
    '") } } SELECT * WHERE { ?s ?p ?o } #',
    "\\",
    '"\n} DELETE WHERE { ?s ?p ?o } #',
    "?s ?p ?o",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_hostile_string_parameter_is_only_a_string(store: ox.Store, text: str) -> None:
    before = len(store)
    assert ask(store, "search", text=text) == []
    assert ask(store, "projects-by-fund-source", source=text) == []
    assert ask(store, "beneficiary-groups", group=text) == []
    assert ask(store, "budget-lines-by-function", table=text) == []
    assert len(store) == before


def test_a_string_with_quotes_finds_the_right_rows(store: ox.Store) -> None:
    before = len(store)
    # 002 line 19: 对持有“免死金牌”的患有艾滋病、传染病等违法犯罪分子形成有力的震慑
    rows = ask(store, "search", text="“免死金牌”")
    assert [r["code"] for r in rows] == ["450200220411900005783"]  # 002 line 4
    assert rows[0]["kind"] == "indicator"
    assert len(store) == before


@pytest.mark.parametrize(
    "iri",
    [
        "https://kg.example.org/id/project/4502 06",
        "<https://kg.example.org/id/project/450206220411800006425>",
        "https://kg.example.org/id/x> } INSERT DATA { <a:b> <a:c> <a:d> } #",
        'https://kg.example.org/id/"x"',
        "https://kg.example.org/id/{x}",
        "no-colon-here",
        "",
    ],
)
def test_a_bad_iri_parameter_is_refused(iri: str) -> None:
    with pytest.raises(QueryError, match="is not an IRI"):
        bind(LIBRARY["provenance"], {"node": iri})


@pytest.mark.parametrize("code", ['450206"', "450206' ", "450206 }", "4502<06>", ""])
def test_a_region_code_with_quotes_is_refused(code: str) -> None:
    with pytest.raises(QueryError, match="is not a region code"):
        bind(LIBRARY["who-funds-what"], {"region": code})


def test_other_bad_parameter_values_are_refused() -> None:
    with pytest.raises(QueryError, match="is not a project code"):
        bind(LIBRARY["project-indicators"], {"project": '450206220411800006425" }'})
    with pytest.raises(QueryError, match="REGION-CODE"):
        bind(LIBRARY["department-indicators"], {"department": "450203"})
    with pytest.raises(QueryError, match="is not a number"):
        bind(LIBRARY["largest-projects"], {"year": "2025) }"})


def test_an_unknown_parameter_is_refused() -> None:
    with pytest.raises(QueryError, match=r"unknown parameter colour \(it takes: region\)"):
        bind(LIBRARY["who-funds-what"], {"colour": "red"})


def test_a_missing_required_parameter_is_refused() -> None:
    with pytest.raises(QueryError, match="parameter project is required"):
        bind(LIBRARY["project-indicators"], {})
    with pytest.raises(QueryError, match="parameter text is required"):
        bind(LIBRARY["search"], {})


def test_an_update_is_not_run(store: ox.Store) -> None:
    before = len(store)
    with pytest.raises(QueryError):
        run(store, "INSERT DATA { <https://x.org/a> <https://x.org/b> <https://x.org/c> }")
    assert len(store) == before


def test_audit_findings_are_in_the_graph(store: ox.Store) -> None:
    rows = ask(store, "audit-findings", check="narrative-mismatch")
    # 000 line 125: 政府性基金预算收入 0.10 亿元; table line 239, 建议数 939 万元 (= 0.09 亿元)
    fund = [r for r in rows if r["line"] == "125"]
    assert len(fund) == 1 and fund[0]["document"] == D000
    assert "0.10亿元" in fund[0]["message"] and "939" in fund[0]["message"]
    assert fund[0]["severity"] == "warning"
    # 001 line 177: 现役军人家属优待金 (form 450206211610010001964), 363户 × 10000元/人/户
    (payout,) = [
        r
        for r in ask(store, "audit-findings", check="payout-exceeds-total")
        if r["document"] == D001
    ]
    assert payout["line"] == "177" and "现役军人家属优待金" in payout["concerns"]
    assert "义务兵家属优待金发放标准" in payout["concerns"]  # the standard's indicator node


def test_department_303_has_one_node_and_one_preferred_name(store: ox.Store) -> None:
    rows = ask_sparql(
        store,
        """SELECT ?pref ?alt WHERE {
             <https://kg.example.org/id/department/450203-303> skos:prefLabel ?pref ;
                                                              skos:altLabel ?alt }""",
    )
    # 000 line 818: 部门名称 柳州市鱼峰区发展和改革委员会 (its own form);
    # line 2509: 项目主管单位 303-柳州市鱼峰区发展和改革局
    assert rows == [{"pref": "柳州市鱼峰区发展和改革委员会", "alt": "柳州市鱼峰区发展和改革局"}]


@pytest.mark.parametrize(
    "value",
    [b"year=Infinity", b"year=NaN", b"year=1e30000000", b"year=-5", b"year=20250", b"year=\xff"],
)
def test_a_bad_parameter_is_one_line_and_exit_2(value: bytes, tmp_path: Path) -> None:
    """Parameters are checked before they are converted: no traceback, no hang (1e30000000
    written out took minutes), bytes that are not UTF-8 named as such."""
    import os
    import subprocess
    import sys

    graph = tmp_path / "g.ttl"
    graph.write_text("", encoding="utf-8")
    kg = [os.fsencode(sys.executable), b"-m", b"kg.cli", b"query", b"deadlines"]
    done = subprocess.run(
        [*kg, b"--graph", os.fsencode(graph), b"--param", value],
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    assert len(lines) == 1 and "year" in lines[0] and "Traceback" not in lines[0]


# --- SPARQL 1.1 Query Results CSV ---------------------------------------------------------


@pytest.mark.parametrize(("name", "params"), examples())
def test_csv_is_the_sparql_results_csv_the_engine_writes(
    store: ox.Store, name: str, params: dict[str, str]
) -> None:
    """kg query --format csv gives, byte for byte, what pyoxigraph's own SPARQL 1.1 Query
    Results CSV serializer writes for the same query: CRLF lines, RFC 4180 quoting, literals
    by lexical form, decimals canonical (1320000, not 1320000.0), no spreadsheet guard."""
    query = LIBRARY[name]
    bindings = bind(query, params)
    ours = format_result(run(store, query.text, bindings), "csv").encode("utf-8")
    theirs = store.query(
        with_values(query.text, bindings),
        prefixes=Ids().all_prefixes(),
        use_default_graph_as_union=True,
    ).serialize(format=ox.QueryResultsFormat.CSV)  # type: ignore[union-attr]
    assert ours == theirs


def test_csv_cells_are_written_as_the_standard_writes_them() -> None:
    """SPARQL 1.1 CSV, with the one rule of every CSV of the project: only a cell a
    spreadsheet would execute (=SUM(1)) is guarded; a printed =100% stays as it is."""
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["query", "largest-projects", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.endswith(b"\r\n") and b"'" not in result.stdout_bytes
    text = (
        'SELECT ("=SUM(1)" AS ?f) ("=100%" AS ?t) (1320000.0 AS ?d) ("a,\\"b\\""@zh AS ?s) ?none {}'
    )
    result = CliRunner().invoke(main, ["sparql", text, "--format", "csv"])
    assert result.exit_code == 0, result.output
    want = 'f,t,d,s,none\r\n\'=SUM(1),=100%,1320000,"a,""b""",\r\n'
    assert result.stdout_bytes.decode() == want
