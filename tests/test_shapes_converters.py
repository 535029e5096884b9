"""Noise of the converters that turn a page into text: what they add to a form's cells.

Each fixture in tests/data/shapes was written by hand (invented projects, units and numbers)
and is named after the defect it holds; the expectations were read from the fixture text.
"""

from __future__ import annotations

from decimal import Decimal

from tests.test_shapes import _extract, _issues, _project

# --- a spreadsheet copied as TSV: a cell with line breaks comes in quotes -------------------


def test_spreadsheet_cells_quoted_over_lines() -> None:
    ex = _extract("spreadsheet-quoted-line-breaks.txt")
    p = _project(ex)
    assert (p.name, p.total_yuan) == ("街道综合文化站设备购置", Decimal(240000))
    assert p.goal == "为6个街道综合文化站购置音响、投影设备，满足群众文化活动需要。"
    assert [(i.line, i.l2, i.content, i.value) for i in ex.indicators] == [
        (9, "数量指标", "购置设备套数", "6套"),
        (11, "质量指标", "设备验收合格率", "100%"),
        (12, "服务对象满意度指标", "参加活动群众满意度", "≥90%"),
    ]
    assert [b.group for b in ex.beneficiaries] == ["参加活动群众"]
    assert _issues(ex) == []


# --- a page's source text: HTML entities (&ge;, &gt;=, &nbsp;) and <br> inside cells -------


def test_html_entities_and_line_break_tags_in_cells() -> None:
    ex = _extract("html-entities-in-cells.txt")
    assert _project(ex).total_yuan == Decimal(580000)
    got = [(i.line, i.content, i.value, i.operator, i.number, i.unit) for i in ex.indicators]
    assert got == [
        (8, "更新微型消防站数量", "≥12个", "≥", Decimal(12), "个"),
        (9, "设施完好率", ">=98%", "≥", Decimal(98), "%"),  # >= as printed, read as ≥
        (10, "单站更新成本", "≤4.8万元", "≤", Decimal("4.8"), "万元"),
        (11, "社区居民满意度", "≥90%", "≥", Decimal(90), "%"),
    ]
    assert _issues(ex) == []


def test_layout_text_with_wrapped_cells_in_character_columns() -> None:
    # a converter that gives a Chinese character one column: the wraps line up by characters
    ex = _extract("layout-wrapped-cells-char-columns.txt")
    assert _project(ex).total_yuan == Decimal(1200000)
    assert [(i.line, i.l1, i.l2, i.content, i.value) for i in ex.indicators] == [
        (6, "产出指标", "数量指标", "清淤河道长度", "≥8公里"),
        (7, "产出指标", "时效指标", "工程完工时间", "2024年5月底前"),
        (9, "满意度指标", "服务对象满意度指标", "沿河群众满意度", "≥90%"),
    ]
    assert _issues(ex) == []


# --- a converter that copies a merged cell into every column it spans ---------------------


def test_cells_copied_across_their_colspan() -> None:
    ex = _extract("colspan-copied-cells.txt")
    p = _project(ex)
    assert (p.name, p.year, p.supervising_unit, p.implementing_unit, p.total_yuan) == (
        "老旧小区雨污分流改造",
        2024,  # from the title, printed once per column
        "清溪区住房和城乡建设局",
        "清溪区市政工程中心",
        Decimal(1800000),
    )
    assert p.goal == "完成6个老旧小区雨污分流改造。"  # once, not once per column
    assert [(i.line, i.l1, i.l2, i.content, i.value) for i in ex.indicators] == [
        (8, "产出指标", "数量指标", "改造小区数量", "6个"),
        (9, "产出指标", "质量指标", "工程验收合格率", "100%"),
        (10, "满意度指标", "服务对象满意度指标", "小区居民满意度", "≥90%"),
    ]
    assert _issues(ex) == []


# --- a markdown row whose cell text the converter broke over lines ------------------------


def test_markdown_row_broken_over_lines() -> None:
    ex = _extract("markdown-row-broken-over-lines.txt")
    p = _project(ex)
    assert (p.name, p.total_yuan) == ("农村供暖运行补贴", Decimal(3600000))
    assert p.goal == "对全区6000户清洁取暖农户发放运行补贴，保障农村居民冬季清洁取暖。"
    assert [(i.line, i.l2, i.content, i.value) for i in ex.indicators] == [
        (8, "数量指标", "补贴农户数", "≥6000户"),
        (9, "时效指标", "补贴发放完成时间", "2024年12月31日前"),
        (11, "服务对象满意度指标", "受益农户满意度", "≥90%"),
    ]
    assert _issues(ex) == []


# --- one cell per line, a page number between two rows of a table -------------------------


def test_page_number_between_the_rows_of_a_table() -> None:
    ex = _extract("page-number-between-rows-cells.txt")
    assert _project(ex).total_yuan == Decimal(520000)
    assert [(i.line, i.l2, i.content, i.value) for i in ex.indicators] == [
        (15, "数量指标", "运行中转站数量", "8座"),
        (20, "数量指标", "垃圾日转运量", "≥120吨"),  # the table goes on below 第 1 页 共 2 页
        (22, "服务对象满意度指标", "群众满意度", "≥90%"),
    ]
    assert _issues(ex) == []
