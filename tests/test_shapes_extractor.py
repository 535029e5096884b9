"""Shapes found by a sixth set of probe pages, written to imitate the page text extractor of
the real documents as closely as possible (rows padded or not with bare pipes, merged cells
dropped, one cell per line, cells run together, spaced rows): a 备注 column filled so that
rows print no trailing empty cell, 定性 under 指标性质 beside an empty 计量单位, a row cut
after its sign, 金额单位 noted inside a department form, explanations that restate the name
with a worded target on the next line, the name labels of 专项资金, 转移支付 and 政府投资
forms (专项资金名称, 专项转移支付名称, 年度投资), a last row cut before its unit cell,
满意度指标 printed as the level-2 of both column sets, prose targets under numbered
paragraphs that name each project and its budget, and comparisons printed in words in a
sign column (大于等于 → ≥).

Each fixture in tests/data/shapes was written by hand (invented units, projects and numbers)
and is named after the defect it holds; the expectations were read from the fixture text.
"""

from __future__ import annotations

from decimal import Decimal

from tests.test_shapes import EFFECT, OUT, RECIPIENT, SAT, _extract, _issues, _rows


def _projects(name: str) -> list[tuple[str, str, Decimal | None]]:
    return [(p.name, p.supervising_unit, p.total_yuan) for p in _extract(name).projects]


# --- 三级指标 | 指标值 | 备注, the 备注 filled: rows that end without an empty cell --------


def test_note_column_filled_rows_unpadded() -> None:
    assert _rows("note-column-filled-rows-unpadded.txt") == [
        (4, OUT, "数量指标", "更新图书册数", "6000册"),
        (5, OUT, "数量指标", "补充书屋数量", "40个"),
        (6, OUT, "时效指标", "图书配送完成率", "≥95%"),  # not 分两批配送 (the 备注)
        (7, OUT, "成本指标", "每个书屋补助标准", "3000元/个"),  # a row of its own
        (8, EFFECT, "社会效益指标", "村民借阅人次", "2000人次"),
        (9, SAT, RECIPIENT, "村民满意度", "≥90%"),
    ]


# --- 计量单位 | 指标性质 | 指标值: 定性 is no unit; a row cut after its sign is no target ---


def test_kind_word_beside_empty_unit_cut_row() -> None:
    name = "kind-word-beside-empty-unit-cut-row.txt"
    assert _rows(name) == [
        (4, OUT, "数量指标", "修补道路面积", "≥5000平方米"),
        (5, EFFECT, "社会效益指标", "道路通行状况", "明显改善"),  # not 明显改善定性
    ]  # 市民满意度 | % | ≥ | : the page ends before its number (not ≥%)
    assert (6, "row-incomplete") in _issues(_extract(name))


# --- 部门名称: … / 金额单位:万元 / 部门预算总额 312.5: the unit noted inside the form -------


def test_unit_line_inside_department_form() -> None:
    ex = _extract("unit-line-inside-department-form.txt")
    assert [(d.name, d.total_yuan) for d in ex.departments] == [("东川县档案馆", Decimal(3125000))]
    assert _rows("unit-line-inside-department-form.txt") == [
        (7, OUT, "数量指标", "档案数字化页数", "≥20万页"),
        (8, SAT, RECIPIENT, "查档群众满意度", "≥90%"),
    ]


# --- 三级指标指标解释 run together: the explanation restates the name ----------------------


def test_runon_explanation_restates_name() -> None:
    assert _rows("runon-explanation-restates-name.txt") == [
        (8, OUT, "数量指标", "救助人数", "300人"),
        (10, OUT, "数量指标", "护送返乡人次", "≥80人次"),  # 护送返乡人次 | 全年护送返乡人次
        (12, EFFECT, "社会效益指标", "受助人员基本生活保障", "有效保障"),  # the next line
        (14, SAT, RECIPIENT, "受助人员满意度", "≥90%"),
    ]


# --- 专项资金名称, 专项转移支付名称 | 地方主管部门 | 年度金额, 总投资 | 年度投资 ----------------


def test_special_fund_and_transfer_name_labels() -> None:
    name = "special-fund-and-transfer-name-labels.txt"
    assert _projects(name) == [
        ("河道保洁专项资金", "上湾县水利局", Decimal(880000)),
        ("养老服务补助资金", "上湾县民政局", Decimal(640000)),
        ("上湾县排涝泵站", "", Decimal(3000000)),  # the year's 300万, not 总投资 900万
    ]
    assert _rows(name) == [
        (16, OUT, "数量指标", "保洁河道长度", "45公里"),
        (21, SAT, RECIPIENT, "沿河群众满意度", "≥90%"),
        (32, OUT, "数量指标", "补助养老机构数量", "5家"),
        (33, SAT, RECIPIENT, "入住老人满意度", "≥90%"),
        (39, OUT, "数量指标", "新建泵站座数", "1座"),
    ]


# --- 计算符号 | 目标值 | 度量单位: the page cut before the last row's unit cell ---------------


def test_unit_cell_cut_at_page_end() -> None:
    name = "unit-cell-cut-at-page-end.txt"
    assert _rows(name) == [
        (4, OUT, "数量指标", "巡护湿地面积", "≥1200公顷"),
        (5, OUT, "质量指标", "巡护记录完整率", "=100%"),
    ]  # 湿地保有率 | ≥ | 98 |: its unit cell is past the page's end (not ≥98)
    assert (6, "row-incomplete") in _issues(_extract(name))


# --- two column sets: 满意度指标 printed in each set's level-2 column, 效果指标 merged above --


def test_two_sets_satisfaction_level2_repeated() -> None:
    assert _rows("two-sets-satisfaction-level2-repeated.txt") == [
        (10, "预期产出指标", "数量指标", "养护绿地面积", "30万平方米"),
        (11, "效果指标", "社会效益指标", "公园环境质量", "有所提升"),
        (12, "效果指标", "满意度指标", "游园市民满意度", "≥88%"),  # not a level-1 of its own
    ]


# --- prose: 1.某项目，预算金额32万元。设1条数量指标：… — a project for each numbered paragraph --


def test_prose_numbered_projects_with_budgets() -> None:
    name = "prose-numbered-projects-with-budgets.txt"
    assert _projects(name) == [
        ("乡村文化广场维护项目", "", Decimal(320000)),
        ("非遗传承补助资金", "", Decimal(85000)),
    ]
    ex = _extract(name)
    assert [(i.line, i.owner_name, i.l2, i.content, i.value) for i in ex.indicators] == [
        (3, "乡村文化广场维护项目", "数量指标", "维护文化广场数量", "=12个"),
        (4, "乡村文化广场维护项目", "满意度指标", "村民满意度", "≥90%"),
        (5, "非遗传承补助资金", "数量指标", "补助传承人人数", "≥15人"),
        (6, "非遗传承补助资金", "时效指标", "补助发放及时率", "=100%"),
    ]


# --- 指标性质 | 指标值 | 计量单位: the comparison printed in words (大于等于) ----------------


def test_operator_words_in_sign_column() -> None:
    assert _rows("operator-words-in-sign-column.txt") == [
        (4, OUT, "数量指标", "普查古树株数", "≥800株"),  # not 大于等于800株
        (5, OUT, "数量指标", "挂牌保护株数", "=800株"),
        (6, OUT, "成本指标", "单株普查成本", "≤150元/株"),
        (7, EFFECT, "生态效益指标", "古树保护状况", "明显改善"),
    ]
