"""Shapes that particular extraction tools give a form's HTML table: html2text's rows
(``项目名称| 体检费| …``, the pipe right after the cell, no pipe at either end), a markdown
writer's escapes (``\\*项目名称``, ``\\-20%``), and a text browser's dump (lynx/w3m: a rule of
underscores, the ``References`` list of the page's links).

Each fixture in tests/data/shapes was written by hand (invented projects, units and numbers)
and is named after the defect it holds; the expectations were read from the fixture text.
"""

from __future__ import annotations

from decimal import Decimal

from tests.test_shapes import EFFECT, OUT, RECIPIENT, SAT, _extract, _form, _issues, _project, _rows

# --- html2text: cell| cell| cell --------------------------------------------------------------


def test_html2text_pipe_after_cell() -> None:
    name = "html2text-pipe-after-cell.txt"
    assert _form(name) == (
        "北岭镇河道保洁经费",
        "北岭县水务局",
        "北岭镇农业服务中心",
        Decimal(360000),
    )
    assert _rows(name) == [
        (13, OUT, "数量指标", "保洁河道长度", "24公里"),
        (14, OUT, "质量指标", "河面漂浮物清理率", "≥95%"),
        (15, SAT, RECIPIENT, "沿河群众满意度", "≥90%"),
    ]
    assert _issues(_extract(name)) == []


# --- a markdown writer's escapes: \* \- ------------------------------------------------------


def test_markdown_escaped_marks() -> None:
    name = "markdown-escaped-marks.txt"
    assert _form(name) == (
        "东川县老旧小区路灯改造",
        "东川县住房和城乡建设局",
        "东川县市政设施服务中心",
        Decimal(480000),
    )
    assert _rows(name) == [
        (10, OUT, "数量指标", "更换路灯数量", "320盏"),
        (11, EFFECT, "经济效益指标", "路灯电费同比变化", "≤-20%"),
        (12, SAT, RECIPIENT, "居民满意度", "≥90%"),
    ]
    assert _issues(_extract(name)) == []


# --- lynx/w3m -dump: ____ rules and the References list ---------------------------------------


def test_text_browser_dump_furniture() -> None:
    name = "text-browser-dump-furniture.txt"
    assert _form(name) == (
        "西坝乡村级道路养护经费",
        "西坝县交通运输局",
        "西坝乡人民政府",
        Decimal(540000),
    )
    assert _rows(name) == [
        (10, OUT, "数量指标", "养护村道里程", "≥85公里"),
        (11, OUT, "质量指标", "路面完好率", "≥90%"),
        (12, SAT, "服务对象满意度", "村民满意度", "≥90%"),
    ]
    assert _issues(_extract(name)) == []


# --- page layout (pandoc's plain tables, lynx): a field's value wrapped in its column --------


def test_layout_field_value_wrapped() -> None:
    name = "layout-field-value-wrapped.txt"
    assert _form(name) == (
        "南岗镇农村公厕管护经费",  # over three lines of its column
        "南岗县农业农村局",
        "南岗镇人民政府",
        Decimal(420000),
    )
    assert _rows(name) == [
        (16, OUT, "数量指标", "管护公厕数量", "56座"),
        (18, OUT, "质量指标", "公厕完好率", "≥95%"),
        (20, SAT, RECIPIENT, "村民满意度", "≥90%"),
    ]
    assert _issues(_extract(name)) == []


# --- antiword: a bordered grid whose cells wrap onto lines printing all the pipes ------------


def test_bordered_grid_cells_wrapped() -> None:
    name = "bordered-grid-cells-wrapped.txt"
    assert _form(name) == (
        "石门县乡镇卫生院设备购置",
        "石门县卫生健康局",
        "石门县乡镇卫生院管理中心",
        Decimal(1200000),
    )
    assert (
        _project(_extract(name)).goal
        == "为12家乡镇卫生院购置B超、心电图机等设备，提高基层诊疗能力。"
    )
    assert _rows(name) == [
        (9, OUT, "数量指标", "购置设备台数", "≥36台"),
        (10, OUT, "质量指标", "设备验收合格率", "100%"),
        (11, SAT, RECIPIENT, "就诊群众满意度", "≥90%"),
    ]
    assert _issues(_extract(name)) == []


# --- html2text: a <br> inside a cell puts the cell's rest on a line of its own ----------------


def test_html2text_cell_line_break() -> None:
    name = "html2text-cell-line-break.txt"
    ex = _extract(name)
    assert _form(name) == ("青石镇敬老院运转经费", "青石县民政局", "青石镇敬老院", Decimal(260000))
    assert _project(ex).goal == "1.保障入住老人基本生活；2.全年安全事故为零。"
    assert _rows(name) == [
        (10, OUT, "数量指标", "入住老人数", "≥40人"),
        (11, OUT, "时效指标", "经费拨付时间", "2025年3月底前"),
        (13, SAT, RECIPIENT, "入住老人满意度", "≥90%"),
    ]
    assert _issues(ex) == []
