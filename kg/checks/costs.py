"""Cost indicators (成本指标) against the form's total: a money cap above it, the only cap
below it, a cap that is the total rounded, a cost stated in a unit that is not money."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from kg.checks.base import (
    MONEY,
    Finding,
    about_form,
    about_indicator,
    by_form,
    finding,
    forms,
    yuan,
)
from kg.domain.model import Extraction, Indicator
from kg.domain.values import fmt_decimal

CODES = ("cost-cap-above-total", "cost-cap-below-total", "cost-cap-rounding", "cost-cap-unit")


def _is_cost(i: Indicator) -> bool:
    return "成本" in i.l1 or "成本" in i.l2


def _money_cap(i: Indicator) -> Decimal | None:
    """A cost cap in yuan: ≤/</= (or no operator) and a plain money unit (no per-unit part)."""
    if i.number is None or i.unit not in MONEY or i.operator not in ("≤", "<", "=", ""):
        return None
    return i.number * MONEY[i.unit]


def _same_rounded(i: Indicator, total: Decimal) -> bool:
    """A cap printed in 万元 that is the total at the cap's precision (698.14万元 for
    6,981,385.80 元) states the same figure, not a different one."""
    assert i.number is not None
    scale = MONEY[i.unit]
    places = Decimal(1).scaleb(i.number.as_tuple().exponent)  # type: ignore[arg-type]
    return scale > 1 and (total / scale).quantize(places, ROUND_HALF_UP) == i.number


def check_costs(ex: Extraction) -> Iterable[Finding]:
    indicators = by_form(ex)
    for key, form in forms(ex).items():
        costs = [i for i in indicators.get(key, []) if _is_cost(i)]
        total = form.total_yuan
        caps = [(i, cap) for i in costs if (cap := _money_cap(i)) is not None]
        for i, cap in caps:
            if total is not None and cap != total and _same_rounded(i, total):
                yield finding(
                    "cost-cap-rounding",
                    i.source,
                    i.line,
                    f"{form.code}|{i.content}",
                    f"{form.name}: 成本指标 {i.content} {i.value} 是合计 {yuan(total)} 的四舍五入",
                    f"cap {fmt_decimal(cap)}; total {fmt_decimal(total)}",
                    [about_form(form), about_indicator(i)],
                )
            if total is not None and cap > total and not _same_rounded(i, total):
                yield finding(
                    "cost-cap-above-total",
                    i.source,
                    i.line,
                    f"{form.code}|{i.content}",
                    f"{form.name}: 成本指标 {i.content} {i.value} 高于合计 {yuan(total)}",
                    f"cap {fmt_decimal(cap)}; total {fmt_decimal(total)}",
                    [about_form(form), about_indicator(i)],
                )
        if (
            len(caps) == 1
            and total is not None
            and caps[0][1] < total
            and not _same_rounded(caps[0][0], total)
        ):
            i, cap = caps[0]
            yield finding(
                "cost-cap-below-total",
                i.source,
                i.line,
                f"{form.code}|{i.content}",
                f"{form.name}: 唯一的成本指标 {i.content} {i.value} 低于合计 {yuan(total)}",
                f"cap {fmt_decimal(cap)}; total {fmt_decimal(total)}",
                [about_form(form), about_indicator(i)],
            )
        for i in costs:
            money = i.unit.split("/")[0] in MONEY or (i.unit.startswith("/") and "元" in i.value)
            if i.number is not None and not money and i.unit != "%":
                yield finding(
                    "cost-cap-unit",
                    i.source,
                    i.line,
                    f"{form.code}|{i.content}",
                    f"{form.name}: 成本指标 {i.content} 的值 {i.value} 不是金额"
                    + ("（无单位）" if not i.unit else f"（单位 {i.unit}）"),
                    f"value {i.value}",
                    [about_form(form), about_indicator(i)],
                )
