"""Project forms (项目支出绩效目标申报表; 004's 绩效目标表) and department forms.

Department forms are 部门整体绩效申报表.

A form's header rows are read by their labels (项目名称 → the next cell that is not a
label), so a value shifted one column left or right is still found. Funding rows pair each
source label with the amount that follows it on the row. Amounts are in the unit a heading
of the form states (金额(元), 项目资金申请(万元)), else the unit noted above the form
(单位：万元), else 元; an amount that prints its own unit (250万) keeps it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from kg import labels
from kg.labels import key
from kg.model import Department, FundingLine, Project, SpendingPlan, Statement
from kg.parse.base import Context, Out, Owner
from kg.parse.indicators import IndicatorTable, is_section_start
from kg.read import Line
from kg.values import parse_amount, parse_money, to_yuan

_SUPERVISING = re.compile(r"^(\d+)\s*[-－—]\s*(.+)$")
_ATTRIBUTE = re.compile(r"^\d+\s*[-－]\s*")


@dataclass
class _Header:
    fields: dict[str, str] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)  # field → the line it was read on
    funding: list[tuple[int, str, Decimal, str]] = field(default_factory=list)
    total: Decimal | None = None
    goal: str = ""
    purpose: str = ""
    statements: list[tuple[int, str, int, str]] = field(default_factory=list)
    plan: list[tuple[int, str, Decimal | None]] = field(default_factory=list)
    unit: str = "元"  # the unit amounts without their own are printed in


def parse_project(lines: list[Line], ctx: Context, out: Out) -> None:
    head, rest = _read_header(lines, ctx, out, labels.PROJECT_FIELDS)
    f = head.fields
    if ctx.unit_code:  # 004: the budget unit is printed above the table, not in it
        f.setdefault("implementing_unit", ctx.unit_name)
        f.setdefault("supervising", f"{ctx.unit_code}-{ctx.unit_name.removesuffix('本级')}")
    code, name = f.get("code", ""), f.get("name", "")
    sup_code, sup_name = _split_supervising(f.get("supervising", ""))
    region = code[:6] if code[:6].isdigit() else ctx.region
    attribute_raw = f.get("attribute", "")
    project = Project(
        ctx.source,
        lines[0].number,
        code,
        name,
        ctx.year,
        region,
        labels.REGIONS.get(region, ctx.region_name),
        f.get("implementing_unit", ""),
        sup_name,
        sup_code,
        _attribute(attribute_raw),
        attribute_raw,
        head.total,
        head.goal,
        head.purpose,
        head.field_lines.get("supervising", lines[0].number),
    )
    out.add(project)
    owner = Owner("project", code, name)
    _require(out, lines[0], owner, f, ("code", "name", "implementing_unit", "supervising"))
    _emit_funding(out, owner, head)
    for line_no, period, amount in head.plan:
        out.add(SpendingPlan(ctx.source, line_no, code, period, amount))
    _read_indicators(rest, out, owner)


def parse_department(lines: list[Line], ctx: Context, out: Out) -> None:
    head, rest = _read_header(lines, ctx, out, labels.DEPARTMENT_FIELDS)
    f = head.fields
    code, name = f.get("code", ""), f.get("name", "")
    out.add(
        Department(
            ctx.source,
            lines[0].number,
            code,
            name,
            ctx.region,
            ctx.region_name,
            ctx.year,
            head.total,
        )
    )
    owner = Owner("department", code, name)
    _require(out, lines[0], owner, f, ("code", "name"))
    _emit_funding(out, owner, head)
    for line_no, kind, ordinal, text in head.statements:
        out.add(Statement(ctx.source, line_no, "department", code, name, kind, ordinal, text))
    _read_indicators(rest, out, owner)


# --- header rows -------------------------------------------------------------------------


def _read_header(
    lines: list[Line], ctx: Context, out: Out, names: dict[str, str]
) -> tuple[_Header, list[Line]]:
    head = _Header(unit=ctx.unit)
    for i, line in enumerate(lines):
        if not line.is_row:
            continue
        if is_section_start(line):
            return head, lines[i:]
        what = _header_row(line, ctx, head, names, lines[i - 1] if i else None)
        if what:
            out.place(line.number, what)
    return head, []


def _header_row(
    line: Line, ctx: Context, head: _Header, names: dict[str, str], previous: Line | None
) -> str:
    keys = [key(c) for c in line.cells]
    _read_unit(line, head)
    if any(k in names for k in keys):
        for name, value in _labelled(line.cells, names):
            head.fields[name] = value
            head.field_lines[name] = line.number
        return "form-header"
    if _is_funding_row(line, keys):
        _funding_row(line, head)
        return "funding"
    if any(labels.without_unit(k) in labels.FUNDING_HEADER for k in keys):
        return "form-header"
    first = keys[0] if keys else ""
    if first in labels.GOAL_LABELS:
        head.goal = "".join(line.filled[1:])
        return "goal"
    if first.startswith("资金支出计划") or (
        previous and key(previous.cells[0]).startswith("资金支出计划")
    ):
        return _plan_row(line, head, previous)
    if _statement_row(line, head):
        return "statements"
    if previous is not None and any(key(c) == "预算规模及资金用途" for c in previous.cells):
        head.purpose = "".join(line.filled)
        return "purpose"
    return ""


def _labelled(cells: tuple[str, ...], names: dict[str, str]) -> Iterator[tuple[str, str]]:
    """(field, value) for each label cell: the value is the next non-empty, non-label cell."""
    for i, cell in enumerate(cells):
        name = names.get(key(cell))
        if name is None:
            continue
        for nxt in cells[i + 1 :]:
            if not nxt:
                continue
            if key(nxt) not in names:
                yield name, nxt
            break


def _read_unit(line: Line, head: _Header) -> None:
    """A heading or note that states the unit of the amounts (金额(元), 单位：万元)."""
    for cell in line.filled:
        if labels.label_kind(cell) in ("funding", "funding-header") or labels.unit_note(cell):
            unit = labels.unit_heading(cell)
            if unit:
                head.unit = unit


def _funding_kind(cell: str) -> str | None:
    """The source an amount cell's label names ('total' for 合计 and 资金总额 …)."""
    base = labels.without_unit(key(cell))
    if base in labels.FUNDING_TOTAL_HEADINGS:
        return "total"
    return labels.FUNDING.get(base)


def _is_funding_row(line: Line, keys: list[str]) -> bool:
    if any(labels.without_unit(k) in labels.FUNDING for k in keys):
        return True
    return any(labels.without_unit(k) in labels.FUNDING_TOTAL_HEADINGS for k in keys) and any(
        parse_money(c) for c in line.cells
    )


def _funding_row(line: Line, head: _Header) -> None:
    pending: str | None = None
    for cell in line.cells:
        kind = _funding_kind(cell)
        if kind is not None:
            pending = kind
            continue
        money = parse_money(cell)
        if money is None or pending is None:
            continue
        amount, own_unit = money
        unit = own_unit or head.unit
        yuan = to_yuan(amount, unit)
        printed = cell if own_unit else f"{cell}{unit}"
        if pending == "total":
            head.total = yuan
        else:
            head.funding.append((line.number, pending, yuan, printed))
        pending = None


def _plan_row(line: Line, head: _Header, previous: Line | None) -> str:
    if key(line.cells[0]).startswith("资金支出计划"):
        return "spending-plan-header"
    assert previous is not None
    periods = [c for c in previous.filled[1:]]
    amounts = line.filled
    for period, amount in zip(periods, amounts, strict=False):
        head.plan.append((line.number, period, parse_amount(amount)))
    return "spending-plan"


def _statement_row(line: Line, head: _Header) -> bool:
    found = False
    cells = line.cells
    for i, cell in enumerate(cells):
        m = labels.STATEMENT_ORDINAL.match(key(cell))
        if not m:
            continue
        text = next((c for c in cells[i + 1 :] if c), "")
        kind = "function" if m.group(1) == "职能" else "goal"
        head.statements.append((line.number, kind, int(m.group(2)), text))
        found = True
    return found


# --- helpers -----------------------------------------------------------------------------


def _emit_funding(out: Out, owner: Owner, head: _Header) -> None:
    for line_no, kind, amount, printed in head.funding:
        out.add(
            FundingLine(
                out.source, line_no, owner.kind, owner.code, owner.name, kind, amount, printed
            )
        )


def _read_indicators(lines: list[Line], out: Out, owner: Owner) -> None:
    table = IndicatorTable(out, owner)
    for line in lines:
        if line.is_row:
            table.feed(line)
    table.finish()


def _require(
    out: Out, line: Line, owner: Owner, found: dict[str, str], names: tuple[str, ...]
) -> None:
    missing = [n for n in names if not found.get(n)]
    if missing:
        out.issue(
            line.number,
            "form-field-missing",
            f"{owner.describe()}: no {', '.join(missing)} printed on the form",
            line.raw,
        )


def _split_supervising(text: str) -> tuple[str, str]:
    """'118-柳州市柳江区教育局' → ('118', '柳州市柳江区教育局')."""
    m = _SUPERVISING.match(text)
    return (m.group(1), m.group(2).strip()) if m else ("", text)


def _attribute(text: str) -> str:
    """'2-阶段性项目' → '阶段性' (traditional characters written simplified)."""
    return labels.simplified(_ATTRIBUTE.sub("", text)).removesuffix("项目")
