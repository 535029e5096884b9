"""A budget table's own arithmetic: a total against its items (amounts and printed changes),
完成% against 执行数/调整预算数, a change (增减 amount or %) against the two years' figures."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from kg.checks.base import Finding, about_budget_line, bare, finding
from kg.domain.model import BudgetChange, BudgetLine, Extraction
from kg.domain.values import fmt_decimal

CODES = ("table-sum", "table-completion", "table-growth")

_HALF = Decimal("0.5")


def _pct_bound(a: Decimal, b: Decimal) -> Decimal:
    """How far a printed a/b×100 may be from the one recomputed from 万元 rounded to 1."""
    return 100 * (_HALF / abs(b) + abs(a) * _HALF / (b * b)) + Decimal("0.005")


def check_tables(ex: Extraction) -> Iterable[Finding]:
    lines = ex.budget_lines
    at: dict[tuple[str, str, str, str], BudgetLine] = {}
    for b in lines:
        at.setdefault((b.source, b.table, b.item, b.measure), b)
    children: dict[tuple[str, str, str, str], list[BudgetLine]] = defaultdict(list)
    for b in lines:
        if b.parent:
            children[(b.source, b.table, b.parent, b.measure)].append(b)
    for (source, table, parent, measure), kids in sorted(children.items()):
        top = at.get((source, table, parent, measure))
        if top is None or top.amount_wan is None:
            continue
        filled = [k.amount_wan for k in kids if k.amount_wan is not None]
        if not filled and not top.amount_wan:
            continue  # nothing printed below a blank or zero total
        total = sum(filled, Decimal(0))  # a blank cell under a printed total counts as 0
        if abs(total - top.amount_wan) > _HALF * max(len(filled), 1):
            yield finding(
                "table-sum",
                source,
                top.line,
                f"{table}|{bare(parent)}|{measure}",
                f"{table} {parent}（{measure}）{fmt_decimal(top.amount_wan)} 万元，"
                f"{len(filled)} 项明细相加 {fmt_decimal(total)} 万元",
                f"printed {fmt_decimal(top.amount_wan)}; items {fmt_decimal(total)}",
                [about_budget_line(source, top.line, measure)],
            )
    yield from _change_sums(ex, lines)
    printed = {(c.source, c.table, c.item, c.column): c.value for c in ex.budget_changes}
    for c in ex.budget_changes:
        if c.value is None:
            continue
        prior = printed.get((c.source, c.table, c.item, "change_vs_prior_amount"))
        found = _check_change(c, at, prior)
        if found:
            yield found


_CHANGE_AMOUNTS = {
    "change_vs_prior_amount": "比上年完成数增减金额",
    "change_vs_executed_amount": "比2024年执行数增减金额",
}


def _change_sums(ex: Extraction, lines: list[BudgetLine]) -> Iterable[Finding]:
    """The printed change amounts of a total against those of its items (blank = 0)."""
    printed = {
        (c.source, c.table, c.item, c.column): c
        for c in ex.budget_changes
        if c.column in _CHANGE_AMOUNTS and c.value is not None
    }
    kids: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for b in lines:
        if b.parent and b.item not in kids[(b.source, b.table, b.parent)]:
            kids[(b.source, b.table, b.parent)].append(b.item)
    for (source, table, parent), items in sorted(kids.items()):
        for column, name in _CHANGE_AMOUNTS.items():
            top = printed.get((source, table, parent, column))
            if top is None or top.value is None:
                continue
            values = [
                c.value
                for item in items
                if (c := printed.get((source, table, item, column))) and c.value is not None
            ]
            total = sum(values, Decimal(0))
            if abs(total - top.value) > _HALF * max(len(values), 1):
                yield finding(
                    "table-sum",
                    source,
                    top.line,
                    f"{table}|{bare(parent)}|{column}",
                    f"{table} {parent} {name} {fmt_decimal(top.value)} 万元，"
                    f"{len(values)} 项明细相加 {fmt_decimal(total)} 万元（空格按 0 计）",
                    f"printed {fmt_decimal(top.value)}; items {fmt_decimal(total)}",
                    [about_budget_line(source, top.line)],
                )


def _check_change(
    c: BudgetChange, at: dict[tuple[str, str, str, str], BudgetLine], prior: Decimal | None
) -> Finding | None:
    """One printed ratio or change against the line's own figures (``prior``: the printed
    比上年完成数增减 amount, the base of the % beside it: 2023 = 2024 执行数 − change)."""

    def amount(measure: str) -> Decimal | None:
        b = at.get((c.source, c.table, c.item, measure))
        return b.amount_wan if b is not None else None

    adjusted, executed, proposed = amount("adjusted"), amount("executed"), amount("proposed")
    value = c.value
    assert value is not None
    expected: Decimal | None = None
    bound = Decimal(0)
    code = "table-growth"
    if c.column == "completion_pct" and adjusted and executed is not None:
        expected, bound = executed / adjusted * 100, _pct_bound(executed, adjusted)
        code = "table-completion"
    elif c.column == "change_vs_executed_amount" and executed is not None:
        expected = (proposed or Decimal(0)) - executed
    elif c.column == "change_vs_executed_pct" and executed:
        change = (proposed or Decimal(0)) - executed
        expected, bound = change / executed * 100, _pct_bound(change, executed)
    elif (
        c.column == "change_vs_prior_pct"
        and executed is not None
        and prior is not None
        and (base := executed - prior)
    ):
        expected, bound = prior / base * 100, _pct_bound(prior, base)
    if expected is None or abs(expected - value) <= bound:
        return None
    shown = expected.quantize(Decimal("0.01"), ROUND_HALF_UP)
    return finding(
        code,
        c.source,
        c.line,
        f"{c.table}|{bare(c.item)}|{c.column}",
        f"{c.table} {c.item}：印 {fmt_decimal(value)}，按表内数字应为 {fmt_decimal(shown)}",
        f"printed {fmt_decimal(value)}; recomputed {fmt_decimal(shown)}",
        [about_budget_line(c.source, c.line)],
    )
