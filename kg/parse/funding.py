"""The funding rows of a form: each source label with the amount that follows it.

Amounts are in the unit a heading of the form states (金额(元), 项目资金申请(万元)), also when
the heading's unit is printed on a line of its own below it or below the first amounts
(项目资金 / （万元）, a merged cell's text centred beside its rows); else the unit noted above
the form (单位：万元), else 元. An amount that prints its own unit (250万) keeps it. A row of
labels with no amount (资金总额(万元) | 财政拨款 | 其他资金) heads the amounts on the row below;
a sentence that states them (年度资金总额650万元，其中财政拨款650万元) is read for each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from kg.domain import labels
from kg.domain.model import FundingLine
from kg.domain.values import parse_money, to_yuan
from kg.parse.base import Out, Owner
from kg.read import Line

#: (line, source kind, yuan, as printed, annual column)
Amount = tuple[int, str, Decimal, str, bool]


@dataclass
class Funding:
    """What a form's funding rows hold, as they are read."""

    amounts: list[Amount] = field(default_factory=list)
    total: Decimal | None = None
    unit: str = "元"  # the unit amounts without their own are printed in
    unit_stated: bool = False  # printed in a heading or note, not assumed
    stated: dict[Decimal, str] = field(default_factory=dict)  # figures the text states in a unit
    #: amounts read in the assumed unit, by (line, source): the figure and its cell, so a unit
    #: printed below them still applies
    assumed: dict[tuple[int, str], tuple[Decimal, str]] = field(default_factory=dict)
    #: a row of funding labels with no amount: the labels by position, for the row below
    above: tuple[str, ...] = ()
    unplaced: list[tuple[int, str]] = field(default_factory=list)  # 市级资金 | 153.5184


def read_unit(line: Line, money: Funding) -> None:
    """A heading or note that states the unit of the amounts (金额(元), 单位：万元, （万元）),
    or any heading of a funding row (部门预算总额(万元) | 资金总额 | 486.30)."""
    for cell in line.filled:
        unit = labels.unit_heading(cell)
        if not unit:  # most cells: no unit, whatever they head
            continue
        heading = labels.label_kind(cell) in ("funding", "funding-header") or (
            is_funding_row(line) and parse_money(cell) is None
        )
        if heading or labels.unit_note(cell):
            money.unit = unit
            money.unit_stated = True
            _restate(money)


def _restate(money: Funding) -> None:
    """Amounts read before the form stated their unit, in the unit it states."""
    if not money.assumed:
        return
    for n, (line_no, source, _, _, annual) in enumerate(money.amounts):
        if (line_no, source) in money.assumed:
            amount, cell = money.assumed[(line_no, source)]
            yuan = to_yuan(amount, money.unit)
            money.amounts[n] = (line_no, source, yuan, f"{cell}{money.unit}", annual)
    money.assumed.clear()
    _settle(money)


def is_funding_row(line: Line) -> bool:
    cells = _cells(line.cells)
    if any(labels.funding_label(c) for c in cells):
        named = [labels.funding_label(c) for c in cells if labels.funding_label(c)]
        # a source, or two labels heading the amounts below (部门预算 | 总额 | 基本支出)
        return (
            any(parse_money(c) for c in cells)
            or len(named) > 1
            or any(kind != ("total", False) for kind in named)
        )
    return False


def amounts_below(line: Line, money: Funding, above: tuple[str, ...]) -> bool:
    """A row of amounts under a row of funding labels: each amount under its label."""
    if not line.filled or not all(parse_money(c) for c in line.filled):
        return False
    cells = [c for pair in zip(above, line.cells, strict=False) for c in pair]
    funding_row(Line(line.number, line.raw, tuple(cells), True), money)
    return True


def funding_row(line: Line, money: Funding) -> None:
    if not any(parse_money(c) for c in line.cells):
        money.above = line.cells  # 资金总额 | 财政拨款 | 其他资金, the amounts on the row below
    cells = _cells(line.cells)
    pending: tuple[str, bool] | None = None
    for cell in _in_order(cells) or cells:
        kind = labels.funding_label(cell)
        if kind is not None:
            pending = kind
            continue
        if labels.label_kind(cell) == "description":  # 中期市财政预算, 基本支出: not a source
            pending = None
            continue
        found = parse_money(cell)
        if found is not None and pending is not None:
            _add(money, line.number, pending, cell, found)
            pending = None
    _settle(money)


def _in_order(cells: list[str]) -> list[str]:
    """The labels of a row and its amounts interleaved, where all the labels come first and
    as many amounts follow (合计 | 一般公共预算拨款 | 其他资金 | 682.50 | 652.50 | 30.00, a
    table's header and amount rows run together); [] otherwise.

    >>> _in_order(["合计", "其他资金", "100", "20"])
    ['合计', '100', '其他资金', '20']
    >>> _in_order(["资金情况", "资金总额", "65", "其中：某某资金", "50"])
    []
    """
    named = [c for c in cells if labels.funding_label(c)]
    amounts = [c for c in cells if parse_money(c) is not None]
    if len(named) < 2 or len(named) != len(amounts):
        return []
    last = max(n for n, c in enumerate(cells) if labels.funding_label(c))
    first = min(n for n, c in enumerate(cells) if parse_money(c) is not None)
    # only amounts after the first (not 6500 | 其中：专项债券资金 | 5000: a label it does not know)
    only = all(parse_money(c) is not None for c in cells[first:] if c.strip())
    pairs = [c for pair in zip(named, amounts, strict=True) for c in pair]
    return pairs if last < first and only else []


_STATED = re.compile(
    r"([^\d，,；;。：:、]{2,16}?)[:：为]?\s*(\d[\d,]*(?:\.\d+)?\s*(?:万元|亿元|元))"
)


def _cells(cells: tuple[str, ...]) -> list[str]:
    """The cells, a sentence stating amounts (年度资金总额650万元，其中财政拨款650万元) as the
    label and amount cells it states."""
    return [part for cell in cells for part in _stated_cells(cell)]


@lru_cache(maxsize=labels.CACHED)
def _stated_cells(cell: str) -> tuple[str, ...]:
    """One cell as :func:`_cells` reads it: itself, or the label and amount cells of the
    sentence it is."""
    pairs = _STATED.findall(cell) if parse_money(cell) is None else []
    stated = [(label, amount) for label, amount in pairs if labels.funding_label(label)]
    return tuple(c for pair in stated for c in pair) if stated else (cell,)


def _add(
    money: Funding,
    line: int,
    pending: tuple[str, bool],
    cell: str,
    found: tuple[Decimal, str | None],
) -> None:
    amount, own_unit = found
    unit = own_unit or (money.unit if money.unit_stated else money.stated.get(amount, money.unit))
    source, annual = pending
    if not own_unit and not money.unit_stated and amount not in money.stated:
        money.assumed[(line, source)] = (amount, cell)
    printed = cell if own_unit else f"{cell}{unit}"
    money.amounts.append((line, source, to_yuan(amount, unit), printed, annual))


def _settle(money: Funding) -> None:
    """The year's amounts where a table prints the period's and the year's (资金总额 and
    当年资金总额): the annual column replaces the other for each source it prints."""
    annual = {kind for _, kind, _, _, is_annual in money.amounts if is_annual}
    money.amounts = [f for f in money.amounts if f[4] or f[1] not in annual]
    totals = [f for f in money.amounts if f[1] == "total"]
    money.total = totals[-1][2] if totals else None


def emit(out: Out, owner: Owner, money: Funding) -> None:
    """The fund sources read (not the total), and an issue for each amount not placed."""
    for line_no, raw in money.unplaced:
        out.issue(
            line_no,
            "funding-source-unplaced",
            f"{owner.describe()}: an amount under a source whose level the fund-source "
            "scheme cannot place (市级: upper or own level?); not read as a fund source",
            raw,
        )
    for line_no, kind, amount, printed, _ in money.amounts:
        if kind == "total":
            continue
        out.add(
            FundingLine(
                out.source, line_no, owner.kind, owner.code, owner.name, kind, amount, printed
            )
        )
