"""Shapes found by a second, independent set of probe pages: what web pages of other
regions print that the shapes before them did not.

Each fixture in tests/data/shapes was written by hand (invented projects, units and numbers)
and is named after the defect it holds; the expectations were read from the fixture text.
"""

from __future__ import annotations

from decimal import Decimal

from tests.test_shapes import (
    EFFECT,
    EMPTY,
    OUT,
    RECIPIENT,
    SAT,
    _extract,
    _form,
    _issues,
    _match,
    _rows,
)

# --- the header decides the order: 指标值 before 三级指标, 指标解释 after 指标值 -----------


def test_value_column_printed_before_the_indicator_name() -> None:
    assert _form("value-column-before-name.txt") == (
        "残疾人两项补贴发放",
        "东岭区残疾人联合会",
        "东岭区残疾人服务中心",
        Decimal(960000),
    )
    assert _rows("value-column-before-name.txt") == [
        (12, OUT, "数量指标", "补贴发放人数", "≥850人"),
        (13, OUT, "时效指标", "补贴发放时间", "按月"),
        (14, EFFECT, "社会效益指标", "残疾人基本生活", "有效保障"),
        (15, SAT, RECIPIENT, "受助残疾人满意度", "≥92%"),
    ]
    assert _issues(_extract("value-column-before-name.txt")) == []


def test_explanation_column_printed_after_the_value() -> None:
    ex = _extract("explanation-after-value.txt")
    assert _form("explanation-after-value.txt") == (
        "背街小巷保洁",
        "南湾区市容管理局",
        "南湾区环境卫生所",
        Decimal(4200000),
    )
    # rows 9 and 10 lost their empty first cell: their cells still go under the header
    assert _rows("explanation-after-value.txt") == [
        (8, OUT, "数量指标", "保洁背街小巷条数", "≥260条"),
        (9, OUT, "质量指标", "保洁质量等级", "一级"),
        (10, OUT, "成本指标", "每条年保洁成本", "≤1.6万元"),
        (11, SAT, RECIPIENT, "沿街居民满意度", "≥88%"),
    ]
    assert [i.description for i in ex.indicators][:2] == [
        "纳入保洁范围的条数",
        "按市容保洁标准考核",
    ]
    assert _issues(ex) == []


# --- 元/人/天 under 度量单位 ---------------------------------------------------------------


def test_rate_unit_per_person_and_day_under_the_unit_column() -> None:
    assert _form("rate-unit-per-person-day.txt") == (
        "寄宿生生活补助",
        "北川县教育局",
        "北川镇中心学校",
        Decimal(182000),
    )
    assert _rows("rate-unit-per-person-day.txt") == [
        (7, OUT, "数量指标", "补助寄宿学生人数", "≥520人"),
        (8, OUT, "成本指标", "每生每日补助标准", "=4元/人/天"),  # not the weight 10
        (9, SAT, RECIPIENT, "学生家长满意度", "≥90%"),
    ]


# --- 年度预算资金（万元） alone on its line above the amounts -----------------------------


def test_funding_heading_with_its_unit_in_blank_line_cells() -> None:
    ex = _extract("funding-heading-unit-blank-line-cells.txt")
    assert [(d.name, d.total_yuan) for d in ex.departments] == [
        ("西山区水务局", Decimal(12045000))  # 1,204.50 in the heading's 万元
    ]
    assert [(i.content, i.value) for i in ex.indicators] == [
        ("维护农村供水工程处数", "≥30处"),
        ("用水群众满意度", "≥90%"),
    ]


# --- the page around the form: 上一篇/下一篇, 网站地图 | 联系我们 ---------------------------


def test_links_to_neighbour_pages_after_a_form_one_cell_per_line() -> None:
    ex = _extract("neighbour-links-after-form-cells.txt")
    assert _form("neighbour-links-after-form-cells.txt")[3] == Decimal(120000)
    assert [(i.content, i.value) for i in ex.indicators] == [
        ("监测点数量", "≥20个"),
        ("农户满意度", "≥90%"),
    ]
    assert not {i.line for i in ex.issues} & {24, 25}


def test_site_links_row_after_a_pipe_table() -> None:
    ex = _extract("site-links-row-after-form.txt")
    assert [(i.content, i.value) for i in ex.indicators] == [
        ("维护路灯数量", "≥3200盏"),
        ("市民满意度", "≥90%"),
    ]
    assert _issues(ex) == []


# --- an indicator's name and its target in one cell ------------------------------------------


def test_name_and_target_run_together() -> None:
    assert _form("name-and-target-run-together.txt") == (
        "送戏下乡演出",
        "东坪县文化体育和旅游局",
        "东坪县文化馆",
        Decimal(360000),
    )
    assert _rows("name-and-target-run-together.txt") == [
        (11, OUT, "数量指标", "送戏下乡演出场次", "80场"),
        (12, OUT, "数量指标", "演出覆盖行政村数", "≥60个"),
        (13, OUT, "质量指标", "演出节目审查合格率", "100%"),
        (14, OUT, "时效指标", "演出完成时间", "2023年11月底前"),
        (15, EFFECT, "社会效益指标", "农村群众文化生活", "丰富"),
        (16, SAT, RECIPIENT, "观演群众满意度", "≥90%"),
    ]
    codes = {code for _, code in _issues(_extract("name-and-target-run-together.txt"))}
    assert "indicator-value-missing" not in codes


def test_levels_joined_by_dashes_and_the_target_after_a_colon() -> None:
    assert _form("levels-joined-by-dashes.txt") == (
        "农机购置补贴",
        "长河区农业农村局",
        "长河区农机推广站",
        Decimal(860000),
    )
    assert _rows("levels-joined-by-dashes.txt") == [
        (9, OUT, "数量指标", "补贴农机具数量", "≥300台"),
        (10, OUT, "时效指标", "补贴资金兑付时间", "2023年11月30日前"),
        (11, EFFECT, "社会效益指标", "主要农作物耕种收综合机械化率", "稳步提高"),
        (12, SAT, RECIPIENT, "购机农户满意度", "≥90%"),
    ]


# --- 年度绩效目标： at the end of its line, the targets listed on the lines below ------------


def test_goal_label_then_targets_listed_level_by_level() -> None:
    assert _form("goal-label-then-listed-targets.txt") == (
        "天然林保护管护",
        "南林县林业局",
        "南林县国有林场",
        Decimal(1200000),
    )
    got = _rows("goal-label-then-listed-targets.txt")
    expected = [
        (8, EMPTY, "数量指标", "管护天然林面积", "≥42万亩"),
        (8, EMPTY, "数量指标", "聘用护林员", "≥150人"),
        (9, EMPTY, "时效指标", "管护补助发放时间", "2024年12月31日前"),
        (10, EMPTY, "满意度指标", "护林员满意度", "≥90%"),  # one of the listed categories
    ]
    assert _match(got, expected) == expected


# --- a page cut inside a pipe row: | … | ≥ | 9 ------------------------------------------------


def test_pipe_row_left_open_where_the_page_is_cut() -> None:
    ex = _extract("pipe-row-cut-open.txt")
    assert _form("pipe-row-cut-open.txt")[3] == Decimal(1500000)
    assert [(i.content, i.value) for i in ex.indicators] == [
        ("培训农民工人次", "≥600人次"),
        ("培训合格率", "≥90%"),
    ]  # not 参训人员满意度 ≥9: its value is cut
    assert (8, "row-incomplete") in _issues(ex)


# --- a table that lists several projects: 序号 | 项目名称 | 一级指标 … ------------------------


def test_project_name_column_lists_the_projects_targets() -> None:
    ex = _extract("project-name-column-listing.txt")
    assert [(p.line, p.name) for p in ex.projects] == [(4, "孤儿基本生活保障"), (6, "临时救助")]
    assert [(i.line, i.owner_name, i.content, i.value) for i in ex.indicators] == [
        (4, "孤儿基本生活保障", "保障孤儿人数", "≥85人"),
        (5, "孤儿基本生活保障", "监护人满意度", ">=90%"),  # as printed; its operator ≥
        (6, "临时救助", "救助困难群众人次", "≥400人次"),
        (7, "临时救助", "救助资金发放及时率", "100%"),  # the name's merged cell left blank
    ]
    assert ex.indicators[1].operator == "≥"
    assert {code for _, code in _issues(ex)} == {"form-field-missing"}  # no units printed


# --- labels ending in a colon, each on its line above its value --------------------------------


def test_colon_labels_one_cell_per_line_with_the_unit_in_the_heading() -> None:
    assert _form("colon-labels-one-cell-per-line.txt") == (
        "街心花园养护",
        "东城区园林局",
        "东城区绿化队",
        Decimal(645000),  # 64.50 under 项目资金（万元）：
    )
    assert _rows("colon-labels-one-cell-per-line.txt") == [
        (17, OUT, "数量指标", "养护街心花园个数", "≥18个")  # the line of 产出指标
    ]


def test_department_budget_total_printed_inline() -> None:
    ex = _extract("department-budget-total-inline.txt")
    assert [(d.name, d.total_yuan) for d in ex.departments] == [
        ("南河区司法局", Decimal("2345600.50"))  # 部门预算总额 in the 元 of 金额单位
    ]
    assert [(i.content, i.value) for i in ex.indicators] == [
        ("开展法律援助案件数", "≥120件"),
        ("受援群众满意度", "≥90%"),
    ]


# --- 产出 | 数量: the framework's labels without 指标; ★ after a core indicator ---------------


def test_short_level_labels_and_core_marks() -> None:
    ex = _extract("short-level-labels-and-core-marks.txt")
    assert _form("short-level-labels-and-core-marks.txt")[3] == Decimal(480000)
    assert _rows("short-level-labels-and-core-marks.txt") == [
        (7, "产出", "数量", "督导小区个数", "≥210个"),
        (8, "产出", "质量", "分类准确率", "≥85%"),  # ★ is no part of the name
        (9, "效益", "社会效益", "居民分类意识", "明显增强"),
        (10, "满意度", "服务对象满意度", "居民满意度", "≥90%"),
    ]
    assert [i.l2_code for i in ex.indicators] == [
        "quantity",
        "quality",
        "social",
        "service-recipient",
    ]


# --- / printed in the cells a merged cell leaves empty ----------------------------------------


def test_slash_printed_in_empty_cells() -> None:
    ex = _extract("slash-in-empty-cells.txt")
    assert [(i.l1, i.l2, i.content, i.value) for i in ex.indicators] == [
        (OUT, "数量指标", "核桃提质增效面积", "≥2000亩"),
        (OUT, "质量指标", "嫁接成活率", "≥85%"),
        (SAT, RECIPIENT, "种植户满意度", "≥90%"),
    ]
    assert _issues(ex) == []


# --- 二级指标（年度） … before 二级指标（中期） … ------------------------------------------------


def test_annual_column_set_printed_first() -> None:
    assert _rows("annual-set-printed-first.txt") == [
        (6, OUT, "数量指标", "配备设备村卫生室数", "≥40个"),  # not the medium-term ≥120个
        (7, SAT, RECIPIENT, "村民满意度", "≥88%"),
    ]


# --- （一）产出指标 on its line, its numbered level-2 targets below --------------------------


def test_prose_level_headings_without_colon() -> None:
    ex = _extract("prose-level-headings-without-colon.txt")
    assert _form("prose-level-headings-without-colon.txt")[3] == Decimal(240000)
    assert _rows("prose-level-headings-without-colon.txt") == [
        (8, OUT, "数量指标", "开展技能培训", "≥4期"),
        (8, OUT, "数量指标", "培训退役士兵", "≥160人次"),
        (9, OUT, "时效指标", "培训完成时间", "2024年11月底前"),
        (11, SAT, RECIPIENT, "参训退役士兵满意度", "≥95%"),
    ]  # the headings and the ordinals 1. 2. are no targets
    assert [b.group for b in ex.beneficiaries] == ["参训退役士兵"]


# --- 一级指标：产出指标；二级指标：…；指标值：…: a row as its columns' names and cells ---------


def test_column_names_and_cells_printed_as_pairs() -> None:
    ex = _extract("column-names-and-cells-as-pairs.txt")
    assert _form("column-names-and-cells-as-pairs.txt") == (
        "困难老人助餐补贴",
        "北关区民政局",
        "北关区养老服务中心",
        Decimal(360000),
    )
    assert _rows("column-names-and-cells-as-pairs.txt") == [
        (7, OUT, "数量指标", "助餐服务老人人数", "≥800人"),
        (8, OUT, "成本指标", "每餐补贴标准", "≤5元"),
        (9, SAT, RECIPIENT, "用餐老人满意度", "≥90%"),
    ]
    assert _issues(ex) == []


# --- 部门编码 | 部门名称 | 年度预算（万元） above the row of their values ----------------------


def test_field_labels_above_their_values() -> None:
    ex = _extract("field-labels-above-values.txt")
    assert [(d.line, d.code, d.name, d.total_yuan) for d in ex.departments] == [
        (2, "116", "西关区审计局", Decimal(2058000))  # 205.8 under 年度预算（万元）
    ]
    assert [(i.content, i.value) for i in ex.indicators] == [
        ("完成审计项目数", "≥18个"),
        ("被审计单位满意度", "≥90%"),
    ]
    assert _issues(ex) == []


# --- 一级 | 二级 | 三级 | 指标值: level columns named short ----------------------------------


def test_short_level_column_names() -> None:
    ex = _extract("short-level-column-names.txt")
    assert _rows("short-level-column-names.txt") == [
        (6, OUT, "数量指标", "开展宣传活动场次", "≥40场"),  # the header row is no indicator
        (7, OUT, "质量指标", "宣传品发放完成率", "100%"),
        (8, SAT, RECIPIENT, "社区居民满意度", "≥85%"),
    ]
    assert _issues(ex) == []
