from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.domain.values import fmt_decimal, parse_amount, parse_target


@pytest.mark.parametrize(
    ("text", "op", "number", "unit"),
    [
        ("≥2200人", "≥", "2200", "人"),
        ("=43362人", "=", "43362", "人"),
        ("≤141.04万元", "≤", "141.04", "万元"),
        ("720/生/年", "", "720", "/生/年"),
        ("≥100元/月/人", "≥", "100", "元/月/人"),
        ("约1801批次", "", "1801", "批次"),
        ("100%以内", "≤", "100", "%"),
        ("小于、等于5911728.99元", "≤", "5911728.99", "元"),
        ("=100百分比", "=", "100", "%"),
        ("≥2818641.07m²", "≥", "2818641.07", "m²"),
        ("<5%", "<", "5", "%"),
        (">32万", ">", "32", "万"),
        ("=0", "=", "0", ""),
    ],
)
def test_numeric_targets(text: str, op: str, number: str, unit: str) -> None:
    t = parse_target(text)
    assert (t.operator, t.number, t.unit, t.kind) == (op, Decimal(number), unit, "numeric")
    assert t.text == text


@pytest.mark.parametrize(
    ("text", "kind", "date"),
    [
        ("2025年12月31日前", "date", "2025-12-31"),
        ("2023年6月30日前", "date", "2023-06-30"),
        ("2023年3月前", "date", "2023-03"),
        ("12月底前", "date", ""),
        ("有效改善", "text", ""),
        ("2023年重大赛事", "text", ""),
        ("伤残：7200元/人/年、死亡7800元/人/年", "text", ""),
        ("", "empty", ""),
    ],
)
def test_other_targets(text: str, kind: str, date: str) -> None:
    t = parse_target(text)
    assert (t.kind, t.date) == (kind, date)


def test_operator_without_number_is_kept() -> None:
    t = parse_target("≤上年数")
    assert (t.operator, t.number, t.kind) == ("≤", None, "text")


def test_money_targets_in_yuan() -> None:
    assert parse_target("≤150万元").amount_yuan == Decimal(1500000)
    assert parse_target("≤4900000元").amount_yuan == Decimal(4900000)
    assert parse_target("≥90%").amount_yuan is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,371,400", "1371400"),
        ("5,543,935.57", "5543935.57"),
        ("2,600.00", "2600"),
        ("-1,784", "-1784"),
        ("0", "0"),
        (" 1160932 ", "1160932"),
    ],
)
def test_amounts_are_exact(text: str, value: str) -> None:
    assert fmt_decimal(parse_amount(text)) == value


@pytest.mark.parametrize("text", ["", "合计", "1,37,1400", "12a", "--"])
def test_not_amounts(text: str) -> None:
    assert parse_amount(text) is None


@given(st.text())
def test_value_parser_never_crashes(text: str) -> None:
    t = parse_target(text)
    assert t.text == text


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_amount_round_trip(value: Decimal) -> None:
    assert parse_amount(fmt_decimal(value)) == value
