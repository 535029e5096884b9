"""The four 区本级 budget tables of a district report, in 万元.

一般公共预算, 政府性基金预算, 国有资本经营预算 (own revenue + transfers in = own spending +
transfers out, 年终结余 what is left) and 社会保险基金预算 (上年结余 + 收入 − 支出 = 年末滚存结余):
items that add up, 年初预算数/调整预算数/执行数/完成%/增减/建议数 columns, the larger tables split
over two pages. Each table comes with the budget lines and changes it means, and the figures the
narrative states.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from kg.synth.printing import TWO_PLACES, chinese_number, log_uniform, tab_row
from kg.synth.specs import BudgetChangeSpec, BudgetLineSpec
from kg.synth.vocabulary import (
    CAPITAL_INCOME,
    CAPITAL_SPENDING,
    FUND_INCOME,
    FUND_SPENDING,
    GENERAL_CLASSES,
    INSURANCE_FUNDS,
)

_MEASURES = ("initial", "adjusted", "executed", "proposed")
_SUMMED = (*_MEASURES, "prior")  # prior: 2023's 执行数, behind the 比上年完成数增减 columns


@dataclass
class _Item:
    """A budget-table row while it is being built."""

    item: str
    level: int
    section: str
    values: dict[str, Decimal | None]
    children: list[_Item] = field(default_factory=list)
    own: bool = False  # the budget's own revenue or spending (printed with % columns)
    bold: bool = False


def _leaf(rng: random.Random, name: str, scale: int, present: float = 0.85) -> _Item:
    if rng.random() > present:
        return _Item(name, 2, "", dict.fromkeys(_SUMMED))
    initial = Decimal(log_uniform(rng, max(1, scale // 20), scale))
    adjusted = (initial * Decimal(rng.uniform(0.7, 1.5))).quantize(Decimal(1))
    executed = (adjusted * Decimal(rng.uniform(0.6, 1.3))).quantize(Decimal(1))
    proposed = (executed * Decimal(rng.uniform(0.6, 1.6))).quantize(Decimal(1))
    values: dict[str, Decimal | None] = {
        "initial": initial if rng.random() > 0.05 else None,
        "adjusted": adjusted,
        "executed": executed,
        "proposed": proposed if rng.random() > 0.1 else None,
        "prior": (executed * Decimal(rng.uniform(0.6, 1.4))).quantize(Decimal(1)),
    }
    return _Item(name, 2, "", values)


def _sum(items: Sequence[_Item], measure: str) -> Decimal | None:
    found = [v for i in items if (v := i.values.get(measure)) is not None]
    return sum(found, Decimal(0)) if found else None


def _group(name: str, level: int, children: list[_Item], own: bool = False) -> _Item:
    item = _Item(name, level, "", {}, children, own)
    item.values = {m: _sum(children, m) for m in _SUMMED}
    if own:
        for child in children:
            child.own = True
    return item


def _numbered(names: Sequence[str], paren: str) -> list[str]:
    left, right = ("(", ")") if paren == "ascii" else ("（", "）")
    return [f"{left}{chinese_number(i)}{right}{n}" for i, n in enumerate(names, 1)]


def _balance(rng: random.Random, income: _Item, spending: list[_Item], rest: _Item) -> None:
    """Make 年终结余 what income leaves after spending (topping up 上级补助收入 if short)."""
    carry = income.children[-1].children[0]  # 二、转移性收入 → 上级补助收入
    for m in _MEASURES:
        spent = sum((s.values[m] or Decimal(0) for s in spending), Decimal(0))
        have = income.values[m] or Decimal(0)
        margin = Decimal(log_uniform(rng, 10, 5000))
        if have - spent < margin:
            carry.values[m] = (carry.values[m] or Decimal(0)) + spent + margin - have
            _resum(income)
            have = income.values[m] or Decimal(0)
        rest.values[m] = have - spent


def _resum(item: _Item) -> None:
    for child in item.children:
        if child.children:
            _resum(child)
    if item.children:
        item.values = {m: _sum(item.children, m) for m in _SUMMED}


def _two_sided(
    rng: random.Random,
    name: str,
    incomes: Sequence[str],
    spendings: Sequence[str],
    transfers_in: tuple[str, ...],
    transfers_out: tuple[str, ...],
    scale: int,
    present: float = 0.5,
) -> list[_Item]:
    """收入总计 / 支出总计 tables: own revenue + transfers in = own spending + transfers out."""
    paren = rng.choice(("full", "ascii"))
    own_in = [_leaf(rng, n, scale, present) for n in _numbered(incomes, paren)]
    t_in = [_leaf(rng, n, scale * 2, 1.0) for n in _numbered(transfers_in, paren)]
    own_out = [_leaf(rng, n, scale * 2, 0.6) for n in _numbered(spendings, paren)]
    t_out = [_leaf(rng, n, scale, 0.7) for n in _numbered(transfers_out[:-1], paren)]
    rest = _Item(_numbered(transfers_out, paren)[-1], 2, "", {})
    g_in = [_group(f"一、{name}收入合计", 1, own_in, own=True), _group("二、转移性收入", 1, t_in)]
    spend_head = f"一、{name}支出合计" if name != "国有资本经营预算" else f"一、{name}支出"
    income = _group("收入总计", 0, g_in)
    _balance(rng, income, [*own_out, *t_out], rest)
    g_out = [_group(spend_head, 1, own_out, own=True), _group("二、转移性支出", 1, [*t_out, rest])]
    spending = _group("支出总计", 0, g_out)
    for top, section in ((income, "收入"), (spending, "支出")):
        top.bold = True
        _sections(top, section)
    return [income, *g_in, spending, *g_out]


def _sections(item: _Item, section: str) -> None:
    item.section = section
    for child in item.children:
        _sections(child, section)


def _insurance(rng: random.Random) -> list[_Item]:
    """社会保险基金预算: per fund, 上年结余 + 收入 − 支出 = 年末滚存结余."""
    prefix = "区本级社会保险基金"
    income = [
        _leaf(rng, n, 15000, 1.0) for n in _numbered([f"{f}收入" for f in INSURANCE_FUNDS], "full")
    ]
    spending = [
        _leaf(rng, n, 15000, 1.0) for n in _numbered([f"{f}支出" for f in INSURANCE_FUNDS], "full")
    ]
    prior, closing = [], []
    for i, fund in enumerate(INSURANCE_FUNDS):
        start = {m: Decimal(log_uniform(rng, 500, 9000)) for m in _MEASURES}
        end = {}
        for m in _MEASURES:
            flow = (income[i].values[m] or Decimal(0)) - (spending[i].values[m] or Decimal(0))
            start[m] = max(start[m], -flow + 100)
            end[m] = start[m] + flow
        tag = f"（{chinese_number(i + 1)}）{fund}"
        prior.append(_Item(f"{tag}上年收支结余", 2, "", dict(start)))
        closing.append(_Item(f"{tag}年末滚存结余", 2, "", dict(end)))
    groups = [
        (_group(f"一、{prefix}收入合计", 1, income, own=True), "收入"),
        (_group(f"二、{prefix}上年结余合计", 1, prior), "结余"),
        (_group(f"三、{prefix}支出合计", 1, spending, own=True), "支出"),
        (_group(f"四、{prefix}年末滚存结余合计", 1, closing), "结余"),
    ]
    for group, section in groups:
        group.bold = True
        _sections(group, section)
    return [g for g, _ in groups]


def _flatten(items: Sequence[_Item]) -> list[_Item]:
    out: list[_Item] = []
    for item in items:
        out.append(item)
        if item.level == 1:
            out.extend(item.children)
    return out


_HEADER_1 = "项 目\t2024年\t\t\t\t\t\t2025年预算\t\t\t备注"
_HEADER_2 = (
    "\t年初预算数\t调整预算数\t执行数\t完成调整 预算%\t比上年完成数增减\t\t建议数"
    "\t比2024年执行数增减\t\t"
)
_HEADER_3 = "\t\t\t\t\t金额\t%\t\t金额\t%\t"


def _changes(item: _Item) -> dict[str, Decimal]:
    """完成%, 比上年完成数增减 (金额, %), 比2024年执行数增减 (金额, %) of an own row."""
    v = item.values
    adjusted, executed, proposed, prior = v["adjusted"], v["executed"], v["proposed"], v["prior"]
    out: dict[str, Decimal] = {}
    if executed is None or prior is None:
        return out
    if adjusted:
        out["completion_pct"] = (executed * 100 / adjusted).quantize(TWO_PLACES, ROUND_HALF_UP)
    out["change_vs_prior_amount"] = executed - prior
    if prior:
        out["change_vs_prior_pct"] = ((executed - prior) * 100 / prior).quantize(
            TWO_PLACES, ROUND_HALF_UP
        )
    change = (proposed or Decimal(0)) - executed  # a blank 建议数 is nothing proposed
    out["change_vs_executed_amount"] = change
    if executed:
        out["change_vs_executed_pct"] = (change * 100 / executed).quantize(
            TWO_PLACES, ROUND_HALF_UP
        )
    return out


_CHANGE_COLUMNS = ("completion_pct", "change_vs_prior_amount", "change_vs_prior_pct")
_LATER_CHANGES = ("change_vs_executed_amount", "change_vs_executed_pct")


def _table_row(item: _Item, changes: dict[str, Decimal]) -> str:
    def amount(m: str) -> str:
        value = item.values[m]
        return "" if value is None else f"{value:,}"

    def change(c: str) -> str:
        value = changes.get(c)
        return "" if value is None else f"{value:,}" if c.endswith("amount") else f"{value}"

    name = f"<b>{item.item}</b>" if item.bold else item.item.replace(")", ") ", 1)
    cells = [name, amount("initial"), amount("adjusted"), amount("executed")]
    cells += [change(c) for c in _CHANGE_COLUMNS]
    cells += [amount("proposed"), *(change(c) for c in _LATER_CHANGES), ""]
    return tab_row(*cells)


@dataclass
class BudgetTable:
    """One budget table: its lines as printed, the budget lines and changes they mean, and per
    section the figures the narrative states."""

    lines: list[str] = field(default_factory=list)
    budget: list[BudgetLineSpec] = field(default_factory=list)
    changes: list[BudgetChangeSpec] = field(default_factory=list)
    figures: dict[str, dict[str, Decimal]] = field(default_factory=dict)  # item → facts


def _render_table(rng: random.Random, name: str, kind: str, items: list[_Item]) -> BudgetTable:
    table = BudgetTable()
    rows = _flatten(items)
    cut = rng.randint(3, len(rows) - 2) if len(rows) > 12 and rng.random() < 0.7 else len(rows)
    parents: dict[int, str] = {}
    for i, item in enumerate(rows):
        if i in (0, cut):
            heading = "# " if i == 0 and kind == "general_public" else "## "
            table.lines += [
                "",
                f"{heading}区本级{name}2025年预算",
                "",
                rng.choice(("单位:万元", "单位：万元")),
                "",
                _HEADER_1,
                _HEADER_2,
                _HEADER_3,
            ]
        changes = _changes(item) if item.own else {}
        table.lines.append(_table_row(item, changes))
        parent = parents.get(item.level - 1, "") if item.level else ""
        parents[item.level] = item.item
        for m in _MEASURES:
            year = 2025 if m == "proposed" else 2024
            table.budget.append(
                BudgetLineSpec(
                    name, kind, item.section, item.item, item.level, parent, year, m, item.values[m]
                )
            )
        table.changes += [BudgetChangeSpec(name, item.item, c, v) for c, v in changes.items()]
        if item.level == 1 and item.own:
            amounts = {m: v for m in _MEASURES if (v := item.values[m])}
            table.figures[item.section] = {**changes, **amounts}
    return table


def budget_tables(rng: random.Random) -> list[tuple[str, str, BudgetTable]]:
    """The four 区本级 tables: (name, kind, the table as printed and as meant)."""
    general = _two_sided(
        rng,
        "一般公共预算",
        ("税收收入", "非税收入"),
        GENERAL_CLASSES,
        ("上级补助收入", "上年结余收入", "一般债务转贷收入"),
        ("上解上级支出", "安排预算稳定调节基金", "年终结余"),
        20000,
        1.0,
    )
    fund = _two_sided(
        rng,
        "政府性基金预算",
        FUND_INCOME,
        FUND_SPENDING,
        ("上级补助收入", "上年结余收入", "地方政府专项债务转贷收入"),
        ("上解上级支出", "调出资金", "地方政府专项债务还本支出", "年终结余"),
        3000,
    )
    capital = _two_sided(
        rng,
        "国有资本经营预算",
        CAPITAL_INCOME,
        CAPITAL_SPENDING,
        ("上级补助收入", "上年结余收入"),
        ("调出资金", "年终结余"),
        300,
    )
    built = (
        ("一般公共预算", "general_public", general),
        ("政府性基金预算", "gov_fund", fund),
        ("国有资本经营预算", "state_capital", capital),
        ("社会保险基金预算", "social_insurance", _insurance(rng)),
    )
    return [(name, kind, _render_table(rng, name, kind, items)) for name, kind, items in built]
