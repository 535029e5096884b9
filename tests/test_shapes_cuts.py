"""Pages stored cut at an arbitrary point: the row the page ends in is not complete.

A page of extracted web text that stops inside a line (no line break at its end) was cut
there: its last row, the one the text stops in, is an issue ``row-incomplete``, never an
indicator, whatever its value looks like (``≥9`` cut from ``≥95%``). That holds for cells one
per line (and for two column sets printed as rows of their own: a medium-term row whose
annual row the page cut off is not complete either), for a pipe row with no row above it to
compare with, for a last row whose value is only a unit (the cells after a unit column were
cut), and for targets written as sentences (the last target, after the last ；). Markup
(HTML), CSV and an export of TAB-separated cells that only lack their last line break are
not cut pages and keep their last row.

Each fixture in tests/data/shapes was written by hand (invented units, projects and numbers)
and is named after the defect it holds; the expectations were read from the fixture text.
"""

from __future__ import annotations

from decimal import Decimal

from tests.test_shapes import OUT, RECIPIENT, SAT, _extract, _form, _issues, _rows

# --- cells one per line: the page stops inside the last value -------------------------------


def test_page_cut_in_last_value_one_cell_per_line() -> None:
    name = "page-cut-in-last-value-one-cell-per-line.txt"
    assert _rows(name) == [
        (19, OUT, "数量指标", "安装太阳能路灯", "≥120盏"),
        (27, OUT, "质量指标", "路灯亮灯率", "≥98%"),
    ]  # 村民满意度 ≥9 is where the page was cut: not a target of ≥9
    assert (33, "row-incomplete") in _issues(_extract(name))


# --- two column sets printed as rows of their own: the page stops in the annual one -------


def test_page_cut_in_annual_value_two_sets() -> None:
    name = "page-cut-in-annual-value-two-sets.txt"
    assert _rows(name) == [(25, OUT, "数量指标", "建设养老驿站", "2个")]  # the annual 2个
    # 助餐服务人次: its annual value 18 is where the page was cut, not a target of 18
    assert (39, "row-incomplete") in _issues(_extract(name))


def test_page_cut_in_annual_name_two_sets() -> None:
    name = "page-cut-in-annual-name-two-sets.txt"
    assert _rows(name) == [(25, OUT, "数量指标", "建设养老驿站", "2个")]
    # 助餐服务人次 5000人次 is its medium-term set; the page ends inside its annual row (助餐服)
    issues = _issues(_extract(name))
    assert (39, "row-incomplete") in issues and (47, "row-incomplete") in issues


# --- a pipe row with no row above it: left open at the page's end ---------------------------


def test_page_cut_in_first_row_pipe() -> None:
    name = "page-cut-in-first-row-pipe.txt"
    assert _form(name) == ("示例社区健身广场建设", "", "示例街道办事处", None)
    assert _rows(name) == []  # | 新建健身广场面积 | 1 — the number was cut
    assert (5, "row-incomplete") in _issues(_extract(name))


# --- a unit column before the value: the page stops after the unit cell -------------------


def test_page_cut_after_unit_cell() -> None:
    name = "page-cut-after-unit-cell.txt"
    assert _rows(name) == [(16, OUT, "数量指标", "修缮防火通道", "=12公里")]
    # 通道验收合格率 | % | ≥ — a unit alone is no target: its number was cut off
    assert (23, "row-incomplete") in _issues(_extract(name))


# --- targets as sentences: the last one, after the last ；, is unfinished -------------------


def test_page_cut_in_prose_target() -> None:
    name = "page-cut-in-prose-target.txt"
    assert _form(name) == ("示例农村饮水维护项目", "", "示例县水务站", Decimal(300_000))
    assert _rows(name) == [
        (2, "", "数量指标", "维修供水点", "≥12处"),
        (2, "", "时效指标", "维修完成及时率", "=100%"),
    ]  # 受益群众满意度≥9: the page ends inside it
    assert (2, "row-incomplete") in _issues(_extract(name))


# --- an export of TAB-separated cells without its last line break is whole -----------------


def test_tsv_export_no_last_line_break() -> None:
    name = "tsv-export-no-last-line-break.txt"
    assert _rows(name) == [
        (5, OUT, "数量指标", "清淤河道长度", "≥8公里"),
        (6, SAT, RECIPIENT, "沿岸群众满意度", "≥90%"),
    ]
    assert not any(code == "row-incomplete" for _, code in _issues(_extract(name)))
