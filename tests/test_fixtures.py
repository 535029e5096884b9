"""Each fixture in tests/data holds one kind of defect the converted text shows."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.pipeline import extract
from tests.conftest import DATA


def _read(name: str):  # type: ignore[no-untyped-def]
    ex = extract([DATA / name])
    inds = [(i.l1, i.l2, i.content, i.value) for i in ex.indicators]
    issues = [(i.line, i.code) for i in ex.issues]
    return ex, inds, issues


def test_row_shifted_left_is_read_by_meaning() -> None:
    _, inds, issues = _read("row-shifted-left.txt")
    assert inds == [
        ("产出指标", "数量指标", "受益人数", "≥100人"),
        ("产出指标", "成本指标", "预算控制率", "≤100%"),  # 成本指标 in the level-1 column
        ("效益指标", "社会效益", "生活水平", "提高"),
        ("满意度指标", "服务对象满意度", "群众满意度", "≥90%"),
    ]
    assert issues == []


def test_row_shifted_right_keeps_labels() -> None:
    _, inds, issues = _read("row-shifted-right.txt")
    assert inds[1:3] == [
        ("产出指标", "质量指标", "合格率", "=100%"),
        ("产出指标", "质量指标", "达标率", "≥95%"),
    ]
    assert issues == []


def test_continuation_row_without_leading_cells() -> None:
    ex, inds, _ = _read("continuation-row.txt")
    assert inds[-1] == ("满意度指标", "服务对象满意度", "学生和家长满意度", "≥90%")
    assert [b.group for b in ex.beneficiaries] == ["学校", "学生和家长"]


def test_rows_above_their_labels_take_the_labels_below() -> None:
    _, inds, issues = _read("labels-below-rows.txt")
    assert [i[:2] for i in inds] == [("产出指标", "数量指标")] * 3 + [("产出指标", "质量指标")]
    assert issues == []


def test_level2_label_without_level1_infers_it_and_keeps_it_across_the_late_label() -> None:
    _, inds, _ = _read("level2-without-level1.txt")
    assert inds == [
        ("产出指标", "数量指标", "完成率", "=100%"),
        ("产出指标", "数量指标", "覆盖率", "≥80%"),
        ("产出指标", "质量指标", "合规率", "=100%"),
        ("产出指标", "质量指标", "验收合格率", "=100%"),
        ("产出指标", "时效指标", "及时率", "=100%"),
    ]


def test_duplicated_content_cell_is_read_once_but_equal_content_and_value_stay() -> None:
    _, inds, issues = _read("content-duplicated.txt")
    assert inds == [
        ("产出指标", "成本指标", "大厦运营经费", "≤100000元"),
        ("效益指标", "生态效益", "无", "无"),
    ]
    assert issues == []


def test_value_missing_is_an_issue_not_a_drop() -> None:
    _, inds, issues = _read("value-missing.txt")
    assert ("产出指标", "成本指标", "项目成本", "") in inds
    assert ("产出指标", "成本指标", "教师人均成本", "≤600元/人") in inds
    assert issues == [(15, "indicator-value-missing")]


def test_value_on_next_line_joins_its_content() -> None:
    _, inds, issues = _read("value-on-next-line.txt")
    assert inds[0] == ("产出指标", "数量指标", "受益人数", "≥100人")
    assert len(inds) == 2 and issues == []


def test_converter_noise_is_cleaned() -> None:
    ex, inds, issues = _read("converter-noise.txt")
    assert inds == [
        ("产出指标", "数量指标", "发放人数", "≥11000人"),
        ("产出指标", "质量指标", "精准度", "=100%"),
        ("满意度指标", "服务对象满意度", "居民投诉率", "投诉率≤2%"),
    ]
    project = ex.projects[0]
    assert project.total_yuan == Decimal(1200000)
    assert project.goal == "保障运转"
    assert ex.indicators[0].number == Decimal(11000)
    assert issues == []  # the --|-- line is noise, not a row
    assert ex.beneficiaries == []  # a complaint rate names no group


def test_unplaced_row_becomes_an_issue_with_its_line() -> None:
    _, _, issues = _read("unplaced-row.txt")
    assert issues == [(5, "row-unplaced")]


def test_row_outside_any_form() -> None:
    ex, _, issues = _read("row-outside-form.txt")
    assert issues == [(1, "row-outside-form")]
    assert len(ex.projects) == 1


def test_department_form_with_header_split_from_its_label() -> None:
    ex, inds, issues = _read("department-header-split.txt")
    dept = ex.departments[0]
    assert (dept.code, dept.name, dept.total_yuan) == ("999", "测试部门", Decimal("1234.56"))
    assert {(f.source_kind, f.amount_yuan) for f in ex.funding} == {
        ("general_public", Decimal(1000)),
        ("gov_fund", Decimal(0)),
        ("state_capital", Decimal(0)),
        ("other", Decimal("234.56")),
    }
    assert [(s.kind, s.ordinal, s.text) for s in ex.statements] == [
        ("function", 1, "负责测试。"),
        ("function", 2, "负责验证。"),
        ("goal", 1, "完成测试。"),
    ]
    assert inds == [
        ("产出指标", "数量指标", "测试次数", "≥3次"),
        ("产出指标", "时效指标", "完成时间", "2025年12月31日前"),
    ]
    assert ex.indicators[1].date == "2025-12-31"
    assert issues == []


@pytest.mark.parametrize("path", sorted(DATA.glob("*.txt")), ids=lambda p: p.stem)
def test_every_row_of_every_fixture_is_placed(path) -> None:  # type: ignore[no-untyped-def]
    ex = extract([path])
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = {
        n
        for n, raw in enumerate(lines, 1)
        if "\t" in raw and raw.replace("\t", "").strip() and not set(raw) <= set("-|:\t ")
    }
    assert rows <= {line for (_, line) in ex.placed}
