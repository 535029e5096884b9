"""Indicator tables: which indicators a form states, and how the table prints them.

Contents and values come from the form's sector and the shared lists of
:mod:`kg.synth.vocabulary`; each value is kept as a correct reading gives it and as printed
(LaTeX ``$\\geq 90\\%$``, full-width digits and operators, spaces, dates spaced out). The table
prints level-1 and level-2 labels once and carries them down, sometimes in the middle of their
group, in the level-1 column or shifted one column left, with rows split over two lines and
cells printed twice.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from decimal import Decimal

from kg.synth.printing import bold, log_uniform, spaced, tab_row
from kg.synth.specs import IndicatorSpec
from kg.synth.vocabulary import (
    CANONICAL_L1,
    DEPT_COSTS,
    DEPT_QUALITY,
    DEPT_TIMELY,
    L1_OF,
    L2_LABELS,
    L2_RANK,
    PROJECT_COSTS,
    PROJECT_QUALITY,
    PROJECT_TIMELY,
    SATISFACTION,
    Sector,
)

_FULLWIDTH = str.maketrans(
    {
        **{str(i): chr(0xFF10 + i) for i in range(10)},
        "%": "％",
        "=": "＝",
        "<": "＜",
        ">": "＞",
        "≥": "≧",
        "≤": "≦",
        ".": "．",
    }
)
_LATEX_OPS = {"≥": r"\geq", "≤": r"\leq", "=": "=", "<": "<", ">": ">"}


def _printed_target(rng: random.Random, op: str, number: str, unit: str) -> tuple[str, str]:
    """(value as read, value as printed) for an operator, a number and a unit."""
    clean = f"{op}{number}{unit}"
    r = rng.random()
    if r < 0.06 and op:
        if unit == "%":
            return clean, f"${_LATEX_OPS[op]} {number}\\%$"
        return clean, f"${_LATEX_OPS[op]} {number}$ {unit}".rstrip()
    if r < 0.12:
        return clean, f"{op} {number} {unit}".strip()
    if r < 0.16:
        return clean, clean.translate(_FULLWIDTH)
    return clean, clean


def _printed_text(rng: random.Random, value: str) -> str:
    """A value without an operator as printed: dates sometimes spaced or full-width."""
    if value[:1].isdigit() and "月" in value:
        r = rng.random()
        if r < 0.1:
            return value.translate(_FULLWIDTH)
        if r < 0.2:
            return value.replace("年", " 年 ").replace("月", " 月 ").replace("日", " 日")
    return value


def _split_value(value: str) -> tuple[str, str, str] | None:
    """'≥90%' → ('≥', '90', '%'), or None for text values."""
    op = value[0] if value[:1] in _LATEX_OPS else ""
    rest = value[len(op) :]
    digits = len(rest) - len(rest.lstrip("0123456789."))
    if digits == 0 or "月" in rest:
        return None
    return op, rest[:digits], rest[digits:]


def _target(rng: random.Random, value: str) -> tuple[str, str]:
    parts = _split_value(value)
    if parts is None:
        return value, _printed_text(rng, value)
    return _printed_target(rng, *parts)


def _wan(yuan: Decimal) -> str:
    """Yuan → 万元 with at most 2 decimals, as cost caps print it (541, 141.04)."""
    text = f"{(yuan / 10000).quantize(Decimal('0.01'))}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class _Indicators:
    """Draws the indicator rows of one form."""

    def __init__(self, rng: random.Random, year: int, layout: str) -> None:
        self.rng = rng
        self.year = year
        self.column = 1 if layout == "city" else 0
        self.drawn: list[tuple[int, IndicatorSpec]] = []

    @property
    def rows(self) -> list[IndicatorSpec]:
        """The rows in table order (产出 … 成本, 效益, 满意度), whatever order they were drawn."""
        return [row for _, row in sorted(self.drawn, key=lambda t: t[0])]

    def add(self, l2: str, content: str, value: str) -> None:
        clean, printed = _target(self.rng, value.replace("{y}", str(self.year)))
        label = L2_LABELS[l2][self.column]
        self.drawn.append((L2_RANK[l2], IndicatorSpec(L1_OF[l2], label, content, clean, printed)))

    def quantities(self, sector: Sector, n: int) -> None:
        for content, unit, low, high in self.rng.sample(sector.quantity, n):
            op = self.rng.choice(("≥", "≥", "≥", "=", ">", ""))
            self.add("quantity", content, f"{op}{log_uniform(self.rng, low, high)}{unit}")

    def pick(self, l2: str, options: Sequence[tuple[str, tuple[str, ...]]], n: int) -> None:
        for content, values in self.rng.sample(list(options), n):
            self.add(l2, content, self.rng.choice(values))

    def costs(self, names: Sequence[str], total: Decimal, sector: Sector) -> None:
        rng = self.rng
        content = rng.choice(names)
        if rng.random() < 0.15:
            self.add("cost", "预算控制率", "≤100%")
        elif total % 100 == 0 and rng.random() < 0.5:
            self.add("cost", content, f"≤{_wan(total)}万元")
        else:
            self.add("cost", content, f"≤{total}" + ("元" if rng.random() < 0.92 else ""))
        if sector.standards and rng.random() < 0.4:
            self.standard(rng.choice(sector.standards), total)

    def standard(self, spec: tuple[str, str, int, int], total: Decimal) -> None:
        """A cost standard (元/人/年), kept low enough that standard × count fits the total."""
        name, unit, low, high = spec
        per = set(unit.split("/")[1:])
        counts = [
            Decimal(parts[1])
            for row in self.rows
            if (parts := _split_value(row.value)) is not None and parts[2] in per
        ]
        yuan = 10000 if unit.startswith("万元") else 1
        value = self.rng.randint(low, high)
        if counts:
            value = min(value, int(total / (max(counts) * yuan)))
        if value >= 1:
            self.add("cost", name, f"{self.rng.choice(('≤', '=', ''))}{value}{unit}")

    def outcomes(self, sector: Sector, n: int) -> None:
        for l2, content, values in self.rng.sample(sector.outcomes, n):
            self.add(l2, content, self.rng.choice(values))

    def satisfaction(self, sector: Sector, n: int) -> list[tuple[str, str]]:
        found = []
        for group in self.rng.sample(sector.groups, n):
            content = self.rng.choice(SATISFACTION).format(g=group)
            self.add("satisfaction", content, self.rng.choice(("≥90%", "≥95%", "≥85%", "100%")))
            found.append((group, content))
        if self.rng.random() < 0.05:
            self.add("satisfaction", "群众投诉率", "≤5%")
        return found


def project_indicators(
    rng: random.Random, sector: Sector, total: Decimal, year: int, layout: str
) -> tuple[tuple[IndicatorSpec, ...], tuple[tuple[str, str], ...]]:
    """A project form's indicators and the beneficiary groups its satisfaction indicators name."""
    ind = _Indicators(rng, year, layout)
    ind.quantities(sector, rng.randint(1, min(4, len(sector.quantity))))
    ind.pick("quality", (*sector.quality, *PROJECT_QUALITY), rng.randint(1, 2))
    ind.pick("timeliness", PROJECT_TIMELY, rng.randint(1, 2))
    ind.outcomes(sector, rng.randint(1, 2))
    ind.costs(PROJECT_COSTS, total, sector)  # after the outcomes: its standard sees their counts
    groups = ind.satisfaction(sector, 1 if rng.random() < 0.8 else 2)
    return tuple(ind.rows), tuple(groups)


def department_indicators(
    rng: random.Random, sector: Sector, total: Decimal, year: int
) -> tuple[tuple[IndicatorSpec, ...], tuple[tuple[str, str], ...]]:
    """A department form's indicators and the groups its satisfaction indicators name."""
    ind = _Indicators(rng, year, "district")
    ind.quantities(sector, rng.randint(1, min(3, len(sector.quantity))))
    ind.pick("quality", DEPT_QUALITY, rng.randint(1, 2))
    ind.pick("timeliness", DEPT_TIMELY, 1)
    ind.outcomes(sector, rng.randint(1, min(3, len(sector.outcomes))))
    ind.costs(DEPT_COSTS, total, sector)
    groups = ind.satisfaction(sector, 1)
    return tuple(ind.rows), tuple(groups)


def indicator_lines(rng: random.Random, rows: Sequence[IndicatorSpec], section: str) -> list[str]:
    """The indicator table: header, then rows with labels printed once and carried down."""
    style = rng.random()
    wrap = "<b>{}</b>" if style < 0.55 else "**{}**" if style < 0.6 else "{}"
    header = [wrap.format(h) for h in _INDICATOR_HEADER]
    out = [tab_row(spaced(rng, section) if rng.random() < 0.3 else section, *header)]
    plan = _label_plan(rng, rows)
    for row, (l1, l2) in zip(rows, plan, strict=True):
        out.extend(_indicator_row(rng, row, l1, l2))
    return out


_INDICATOR_HEADER = ("一级指标", "二级指标", "指标内容", "指标值")


def _label_plan(rng: random.Random, rows: Sequence[IndicatorSpec]) -> list[tuple[str, str]]:
    """Which labels each row prints: a group's labels on its first row, sometimes on its
    second (a merged cell printed in its middle) or after an unlabelled first row."""
    plan: list[tuple[str, str]] = []
    for i, row in enumerate(rows):
        new1 = i == 0 or rows[i - 1].l1 != row.l1
        new2 = new1 or rows[i - 1].l2 != row.l2
        plan.append((row.l1 if new1 else "", row.l2 if new2 else ""))
    for i, row in enumerate(rows[:-1]):
        nxt = rows[i + 1]
        if plan[i][0] and nxt.l1 == row.l1 and row.l1 in CANONICAL_L1 and rng.random() < 0.1:
            plan[i], plan[i + 1] = ("", plan[i][1]), (row.l1, plan[i + 1][1])
        elif i == 0 and nxt.l2 == row.l2 and rng.random() < 0.05:
            plan[0], plan[1] = ("", ""), plan[0]
    return plan


def _indicator_row(rng: random.Random, row: IndicatorSpec, l1: str, l2: str) -> list[str]:
    content = spaced(rng, row.content) if rng.random() < 0.05 else row.content
    value = row.printed
    split = row.value[:1] in _LATEX_OPS and rng.random() < 0.04
    cells = [content, "" if split else value]
    if not split and rng.random() < 0.03:
        cells = [content, content, value]  # a cell printed twice
    r = rng.random()
    if l1 and r < 0.12:
        line = tab_row(bold(rng, l1, 0.1), l2, *cells, "")  # shifted one column left
    elif l1 or l2:
        if not l1 and r < 0.15:
            line = tab_row("", l2, *cells, "")  # the level-2 label in the level-1 column
        else:
            line = tab_row("", spaced(rng, l1) if l1 and r > 0.97 else l1, l2, *cells)
    elif r < 0.08:
        line = tab_row("", "", *cells, "")
    else:
        line = tab_row("", "", "", *cells)
    if split:
        return [line, tab_row("", "", "", "", value)]
    return [line]
