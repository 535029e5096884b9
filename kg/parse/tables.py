"""The budget tables of seed 000 (区本级…预算, 万元) and the key-project summary table of 001.

Budget tables are aligned by column in the text, so their cells are read by the positions the
header gives; tables printed in two parts share one state so that items of the second part
keep their parent (二、转移性支出 → (一) 上解上级支出).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.domain import labels
from kg.domain.labels import key
from kg.domain.model import BudgetChange, BudgetLine, SummaryRow
from kg.domain.values import parse_amount
from kg.parse.base import BlockParser, Context, Out
from kg.read import Line

#: printed ratio/change columns: header text → (column name, span)
_CHANGES = {
    "完成调整预算%": ("completion_pct", 1),
    "比上年完成数增减": ("change_vs_prior", 2),
    "比2024年执行数增减": ("change_vs_executed", 2),
}


@dataclass
class BudgetState:
    """Column layout and the current parents of one budget table (kept across its parts)."""

    columns: dict[int, tuple[str, int | None]] = field(default_factory=dict)
    section: str = ""
    parents: dict[int, str] = field(default_factory=dict)


def table_name(title: str) -> tuple[str, str]:
    """(short name, kind) of a budget table from its title.

    >>> table_name("区本级政府性基金预算2025年预算")
    ('政府性基金预算', 'gov_fund')
    """
    for name, kind in labels.BUDGET_TABLES.items():
        if name in title:
            return name, kind
    return title, ""


def parse_budget(lines: list[Line], ctx: Context, out: Out, state: BudgetState) -> None:
    name, kind = table_name(ctx.title)
    header = [ln for ln in lines[:3] if ln.is_row and _is_header(ln)]
    if header:
        state.columns = _columns(header)
    for line in lines:
        if not line.is_row:
            continue
        if line in header:
            out.place(line.number, "budget-header")
            continue
        _budget_row(line, name, kind, state, out)


def _is_header(line: Line) -> bool:
    keys = {key(c) for c in line.cells}
    return bool(keys & {"项目", "年初预算数", "金额", "%"}) or any(
        labels.YEAR.search(c) for c in line.cells[1:3]
    )


def _columns(header: list[Line]) -> dict[int, tuple[str, int | None]]:
    """Column position → (measure or change column, year)."""
    years: list[tuple[int, int]] = []
    for i, cell in enumerate(header[0].cells):
        m = labels.YEAR.search(cell)
        if m:
            years.append((i, int(m.group(1))))
    columns: dict[int, tuple[str, int | None]] = {}
    names = header[1].cells if len(header) > 1 else ()
    for i, cell in enumerate(names):
        k = key(cell)
        year = next((y for pos, y in reversed(years) if pos <= i), None)
        if k in labels.BUDGET_COLUMNS:
            columns[i] = (labels.BUDGET_COLUMNS[k], year)
        elif k in _CHANGES:
            col, span = _CHANGES[k]
            if span == 1:
                columns[i] = (col, year)
            else:
                columns[i], columns[i + 1] = (f"{col}_amount", year), (f"{col}_pct", year)
    return columns


def _budget_row(line: Line, name: str, kind: str, state: BudgetState, out: Out) -> None:
    item = line.cells[0]
    if not item:
        out.issue(line.number, "row-unplaced", "a budget-table row with no item name", line.raw)
        return
    level = _level(item, state)
    parent = state.parents.get(level - 1, "") if level else ""
    state.parents[level] = item
    extra = [c for i, c in enumerate(line.cells[1:], 1) if c and i not in state.columns]
    if extra and not any(key(c) for c in extra if parse_amount(c) is None):
        out.issue(line.number, "row-extra-cells", f"{name}: figures outside the columns", line.raw)
    for pos, (column, year) in sorted(state.columns.items()):
        cell = line.cells[pos] if pos < len(line.cells) else ""
        amount = parse_amount(cell)
        if cell and amount is None:
            out.issue(line.number, "amount-not-numeric", f"{name} {item}: '{cell}'", line.raw)
        if column in ("initial", "adjusted", "executed", "proposed"):
            out.add(
                BudgetLine(
                    out.source,
                    line.number,
                    name,
                    kind,
                    state.section,
                    item,
                    level,
                    parent,
                    year,
                    column,
                    amount,
                )
            )
        elif amount is not None:
            out.add(BudgetChange(out.source, line.number, name, item, column, amount))


def _level(item: str, state: BudgetState) -> int:
    ordinal = labels.ORDINAL_PREFIX.match(item)
    if ordinal and ordinal["second"]:
        return 2
    if ordinal:
        for word in ("收入", "支出", "结余"):
            if word in item and "总计" not in item and not state.parents.get(0):
                state.section = word
        return 1
    if "总计" in item:
        state.section = "收入" if "收入" in item else "支出" if "支出" in item else ""
        state.parents.clear()
    return 0


def parse_summary(lines: list[Line], ctx: Context, out: Out) -> None:
    """The key-project summary table (amounts in 万元).

    Columns: 项目序号 | 部门名称 | 单位名称 | 项目名称 | 年初预算数.
    """
    for line in lines:
        if not line.is_row:
            continue
        cells = line.cells
        if "项目序号" in {key(c) for c in cells}:
            out.place(line.number, "summary-header")
            continue
        padded = (*cells, "", "", "", "", "")
        amount = parse_amount(next((c for c in reversed(cells) if c), ""))
        if key(padded[0]) == "合计":
            out.add(SummaryRow(ctx.source, line.number, "", "", "", "", amount, is_total=True))
            continue
        if amount is None or not padded[0].isdigit():
            out.issue(
                line.number,
                "row-unplaced",
                "a summary-table row that is not seq | department | unit | project | amount",
                line.raw,
            )
            continue
        out.add(
            SummaryRow(ctx.source, line.number, padded[0], padded[1], padded[2], padded[3], amount)
        )


def _summary_starts(line: Line) -> bool:
    return labels.SUMMARY_START in (key(c) for c in line.filled)


def _budget_starts(line: Line) -> bool:
    filled = line.filled
    return len(filled) > 1 and key(filled[0]) == "项目"  # 项目 | 2024年预算数 | …


def _budget(lines: list[Line], ctx: Context, out: Out, state: dict[Any, Any]) -> None:
    table = state.setdefault(("budget", table_name(ctx.title)[0]), BudgetState())
    parse_budget(lines, ctx, out, table)


#: the summary table of a district's projects (项目序号 | 项目名称 | …)
SUMMARY = BlockParser(
    "summary", _summary_starts, lambda ls, ctx, out, _: parse_summary(ls, ctx, out)
)
#: a budget table (项目 | 2024年执行数 | 2025年预算数 …), possibly printed in parts
BUDGET = BlockParser("budget", _budget_starts, _budget)
