"""Shapes found by a seventh set of probe pages written in the dev set's extractor shapes
(new forms: 乡镇/街道 and 事业单位 department forms, 转移支付 区域绩效目标表, 专项债券 forms,
the older 项目完成指标 framework, 2021 成本指标 at level 1): a value column whose header
states the unit of the bare numbers below it (指标值（%）), not a qualifier (指标值(年度)),
the name label of the 中央对地方转移支付区域绩效目标表 (转移支付（项目）名称), a period's
value column before the year's (实施期指标值 | 年度指标值) in cells one per line, prose that
names each project after a Chinese ordinal with its budget and unit (（一）某项目，预算安排…万元，
实施单位为…), and a funding row whose amounts have an unknown source between them
(资金总额 | 1200 | 其中：某某债券资金 | 900).

Each fixture in tests/data/shapes was written by hand (invented units, projects and numbers)
and is named after the defect it holds; the expectations were read from the fixture text.
"""

from __future__ import annotations

from decimal import Decimal

from tests.test_shapes import EFFECT, OUT, RECIPIENT, SAT, _extract, _form, _rows

# --- 指标值（%）: the header's unit on each bare number below it -------------------------


def test_value_header_states_unit() -> None:
    assert _rows("value-header-states-unit.txt") == [
        (5, OUT, "质量指标", "河面漂浮物清理率", "≥98%"),
        (6, OUT, "时效指标", "保洁经费支付及时率", "100%"),
        (7, EFFECT, "社会效益指标", "河道环境", "明显改善"),  # words take no unit
        (8, SAT, RECIPIENT, "沿河居民满意度", "≥85%"),
    ]


def test_value_header_year_qualifier_no_unit() -> None:
    assert _rows("value-header-year-qualifier-no-unit.txt") == [
        (4, OUT, "数量指标", "维修校舍栋数", "3"),  # (年度) is the column set, not a unit
        (5, OUT, "质量指标", "维修工程验收合格率", "100%"),
    ]


# --- 转移支付（项目）名称: the form's name ------------------------------------------------


def test_transfer_project_name_label() -> None:
    name = "transfer-project-name-label.txt"
    assert _form(name) == ("示例困难群众救助补助资金", "示例县民政局", "", Decimal(3_000_000))
    assert _rows(name) == [
        (27, OUT, "数量指标", "临时救助人次", "≥400人次"),
        (35, SAT, RECIPIENT, "救助对象满意度", "≥90%"),
    ]


# --- 实施期指标值 | 年度指标值, one cell per line: a row ends at its second value ------------


def test_period_value_column_one_cell_per_line() -> None:
    assert _rows("period-value-column-one-cell-per-line.txt") == [
        (21, OUT, "数量指标", "新铺设供水管道", "≥25公里"),  # the year's, not ≥60公里
        (31, OUT, "时效指标", "管网通水时间", "2024年12月底前"),
        (39, SAT, RECIPIENT, "受益群众满意度", "≥90%"),
    ]


# --- prose: （一）某项目，预算安排…万元，实施单位为…: each project named with its unit ------------


def test_prose_project_chinese_ordinal_budget() -> None:
    found = _extract("prose-project-chinese-ordinal-budget.txt")
    assert [(p.name, p.implementing_unit, p.total_yuan) for p in found.projects] == [
        ("示例村级图书室运行项目", "示例县图书馆", Decimal(120_000)),
        ("示例非遗展演项目", "", Decimal(80_000)),
    ]
    assert [(i.owner_name, i.content, i.value) for i in found.indicators] == [
        ("示例村级图书室运行项目", "图书室开放天数", "≥250天"),
        ("示例村级图书室运行项目", "读者满意度", "≥90%"),
        ("示例非遗展演项目", "展演场次", "≥10场"),
        ("示例非遗展演项目", "资金支付及时率", "=100%"),
    ]


# --- 资金情况 | 资金总额 | 1200 | 其中：(a source it does not know) | 900: the total is 1200 ---


def test_funding_unknown_source_between_amounts() -> None:
    name = "funding-unknown-source-between-amounts.txt"
    assert _form(name) == (
        "示例物流园道路工程",
        "示例县发展和改革局",
        "示例县物流园管委会",
        Decimal(12_000_000),
    )
    assert _rows(name) == [(6, OUT, "数量指标", "新建园区道路长度", "≥3.5公里")]
