"""Project forms (项目支出绩效目标申报表; 004's 绩效目标表) and department forms.

Department forms are 部门整体绩效申报表.

A form's header rows are read by their labels (项目名称 → the next cell that is not a
label), so a value shifted one column left or right is still found. Funding rows pair each
source label with the amount that follows it on the row (:mod:`kg.parse.funding`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from kg.domain import labels
from kg.domain.labels import key
from kg.domain.model import Beneficiary, Department, Project, SpendingPlan, Statement
from kg.domain.values import parse_amount
from kg.parse import funding, targets
from kg.parse.base import BlockParser, Context, Out, Owner
from kg.parse.indicators import IndicatorTable, is_section_start
from kg.parse.records import make_indicator, satisfaction_group
from kg.read import Line
from kg.read.clean import clean_cell

_SUPERVISING = re.compile(r"^(\d+)\s*[-－—]\s*(.+)$")
_ATTRIBUTE = re.compile(r"^\d+\s*[-－]\s*")


@dataclass
class _Header:
    fields: dict[str, str] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)  # field → the line it was read on
    money: funding.Funding = field(default_factory=funding.Funding)
    goal: str = ""
    overall_goal: str = ""  # 总体目标 / 中期目标: the goal where no annual goal is printed
    goal_line: int = 0
    goal_where: list[int] = field(default_factory=list)  # the line each goal character is on
    awaiting: str = ""  # a label printed alone on its row, whose text is on the next row
    purpose: str = ""
    statements: list[tuple[int, str, int, str]] = field(default_factory=list)
    plan: list[tuple[int, str, Decimal | None]] = field(default_factory=list)
    listing: bool = False  # below the column names of a department's tasks or projects


def parse_project(lines: list[Line], ctx: Context, out: Out) -> None:
    head, rest = _read_header(lines, ctx, out, labels.PROJECT_FIELDS)
    f = head.fields
    for weak, strong in labels.FIELD_FALLBACKS.items():
        if f.get(weak) and not f.get(strong):
            f[strong], head.field_lines[strong] = f[weak], head.field_lines[weak]
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
        _unit_name(f.get("implementing_unit", "")),
        sup_name,
        sup_code,
        _attribute(attribute_raw),
        attribute_raw,
        head.money.total,
        head.goal or head.overall_goal,
        head.purpose,
        head.field_lines.get("supervising", lines[0].number),
    )
    out.add(project)
    owner = Owner("project", code, name)
    _require(out, lines[0], owner, f, ("code", "name", "implementing_unit", "supervising"))
    funding.emit(out, owner, head.money)
    for line_no, period, amount in head.plan:
        out.add(SpendingPlan(ctx.source, line_no, code, period, amount))
    _read_indicators(rest, out, owner, head)


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
            head.money.total,
        )
    )
    owner = Owner("department", code, name)
    _require(out, lines[0], owner, f, ("code", "name"))
    funding.emit(out, owner, head.money)
    goal = head.goal or head.overall_goal  # 整体绩效目标 | …: the goal, where none is numbered
    if goal and not any(kind == "goal" for _, kind, _, _ in head.statements):
        head.statements.append((head.goal_line, "goal", 0, goal))
    for line_no, kind, ordinal, text in head.statements:
        out.add(Statement(ctx.source, line_no, "department", code, name, kind, ordinal, text))
    _read_indicators(rest, out, owner, head)


# --- header rows -------------------------------------------------------------------------


def _read_header(
    lines: list[Line], ctx: Context, out: Out, names: dict[str, str]
) -> tuple[_Header, list[Line]]:
    money = funding.Funding(unit=ctx.unit, unit_stated=ctx.unit_stated)
    money.stated = dict(ctx.stated_units)
    head = _Header(money=money)
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
    if previous is not None and (below := _values_below(previous, line, names)) is not None:
        return _header_row(below, ctx, head, names, None)
    if names is labels.DEPARTMENT_FIELDS and _listed(line, head):
        return "tasks"
    keys = [key(c) for c in line.cells]
    above, head.money.above = head.money.above, ()  # funding labels on the row above, if any
    funding.read_unit(line, head.money)
    if head.awaiting and (what := _awaited(line, head)):
        return what
    if any(labels.lookup(names, c) for c in line.cells):
        for name, value in _labelled(line.cells, names):
            head.fields.setdefault(name, value)
            head.field_lines.setdefault(name, line.number)
        _goal_cells(line, head)
        if funding.is_funding_row(line):
            funding.funding_row(line, head.money)
        return "form-header"
    if line.filled and labels.TASK_ORDINAL.match(key(line.filled[0])):
        return "tasks"  # 任务1 | name | content | amounts: a task, not a fund source
    if funding.is_funding_row(line):
        funding.funding_row(line, head.money)
        return "funding"
    if above and funding.amounts_below(line, head.money, above):
        return "funding"
    if any(labels.without_unit(k) in labels.FUNDING_HEADER for k in keys):
        return "form-header"
    if _goal_cells(line, head):
        return "goal"
    if line.filled and labels.label_kind(line.filled[0]) == "description":
        if len(line.filled) == 1:
            head.awaiting = "description"  # its text is on the next row
        return "description"  # 项目概况及立项依据 | …, 年度预算执行率 | 100%: not a field we read
    if line.filled and labels.label_kind(line.filled[0]) == "funding-unplaced":
        head.money.unplaced.append((line.number, line.raw))
        return "funding"
    if (keys and key(line.filled[0]).startswith("资金支出计划")) or (
        previous and previous.cells and key(previous.cells[0]).startswith("资金支出计划")
    ):
        return _plan_row(line, head, previous)
    if _statement_row(line, head) or _section_text(line, head):
        return "statements"
    if previous is not None and any(key(c) == "预算规模及资金用途" for c in previous.cells):
        head.purpose = "".join(line.filled)
        return "purpose"
    if len(line.filled) == 1 and labels.label_kind(line.filled[0]) == "statement-section":
        head.awaiting = _section_kind(line.filled[0])  # alone: its text, or 职能1 …, below
        return "form-header"
    if all(labels.label_kind(c) or len(key(c)) <= 1 for c in line.filled):
        return "form-header"  # labels of the form's layout (基本信息, 总/体/目/标)
    return ""


def _listed(line: Line, head: _Header) -> bool:
    """A row of the list a department form prints of its tasks or projects, below their
    column names (任务名称 | 主要内容 | 预算金额, 项目名称 | 预算金额（万元）): a row of no label,
    up to the next labelled row (a row of amount headings, 总额 | 财政拨款, stays in it)."""
    filled = line.filled
    kinds = [labels.label_kind(c) for c in filled]
    if any(_names_list(filled, n) for n in range(len(filled))):
        head.listing = True
        return False
    if head.listing and filled and not any(kinds):
        return True
    head.listing = head.listing and all(k in ("funding", "funding-header") for k in kinds if k)
    return False


def _names_list(cells: list[str], n: int) -> bool:
    """Whether cell ``n`` heads a column of names: 任务名称, or 项目名称 before the heading
    of an amount."""
    if key(cells[n]) == "任务名称":
        return True
    after = cells[n + 1] if n + 1 < len(cells) else ""
    heading = labels.label_kind(after) == "funding-header" or labels.unit_heading(after)
    return key(cells[n]) == "项目名称" and bool(heading)


def _values_below(above: Line, line: Line, names: dict[str, str]) -> Line | None:
    """A row of values under a row of the form's labels (部门编码 | 部门名称 | 年度预算（万元）
    above 208 | 某局 | 312.6): each label and the value below it, as one row; else None."""
    if not above.is_row or len(line.filled) < 2 or len(line.cells) > len(above.cells):
        return None
    if any(labels.label_kind(c) for c in line.filled):
        return None
    kinds = [labels.label_kind(c) for c in above.filled]
    if not all(kinds) or not any(labels.lookup(names, c) for c in above.filled):
        return None
    cells = tuple(c for pair in zip(above.cells, line.cells, strict=False) for c in pair)
    return Line(line.number, line.raw, cells, True, line.page, line.ocr)


def _goal_cells(line: Line, head: _Header) -> bool:
    """Goal labels and their texts (年度目标 | …, 中期目标 | … | 年度目标 | …); labels alone on
    their row wait for their texts on the next row. A text a converter copied into every
    column its merged cell spans is read once."""
    segments: list[tuple[str, list[str]]] = []
    for cell in line.filled:
        kind = _goal_kind(cell)
        if kind:
            segments.append((kind, []))
        elif segments and not labels.label_kind(cell):
            segments[-1][1].append(cell)
    for kind, texts in segments:
        if texts:
            text = "".join(t for n, t in enumerate(texts) if not n or t != texts[n - 1])
            _set_goal(head, kind, text, line.number)
            if kind == "goal" and head.goal == text:
                head.goal_where = _where(line, text)
    if segments and not any(texts for _, texts in segments):
        head.awaiting = "|".join(kind for kind, _ in segments)
    return bool(segments)


def _where(line: Line, text: str) -> list[int]:
    """The line each character of a cell's text was printed on, for a row whose cell runs
    over the lines of its raw text (a goal wrapped over lines of prose)."""
    pieces = [clean_cell(raw) for raw in line.raw.split("\n")]
    where = [line.number + k for k, piece in enumerate(pieces) for _ in piece]
    return where[len(where) - len(text) :] if len(where) >= len(text) else []


def _goal_kind(cell: str) -> str:
    k = key(cell)
    if k in labels.GOAL_LABELS or labels.base(k) in labels.GOAL_LABELS:
        return "goal"
    if k in labels.OVERALL_GOAL_LABELS or labels.base(k) in labels.OVERALL_GOAL_LABELS:
        return "overall"
    return ""


def _set_goal(head: _Header, kind: str, text: str, line: int) -> None:
    if kind == "goal" and not head.goal:
        head.goal, head.goal_line = text, line
    elif kind != "goal" and not head.overall_goal:
        head.overall_goal = text
        head.goal_line = head.goal_line or line


def _awaited(line: Line, head: _Header) -> str:
    """The text of goals whose labels were printed alone on the row above."""
    texts = [c for c in line.filled if not labels.label_kind(c)]
    if not texts or len(texts) != len(line.filled):
        head.awaiting = ""
        return ""
    kinds = head.awaiting.split("|")
    if len(texts) < len(kinds):  # 总体目标 | 中期目标 | 年度目标 with one text: the annual goal
        kinds = kinds[-len(texts) :]
    head.awaiting = ""
    if kinds == ["description"]:
        return "description"
    if kinds in (["function"], ["department-goal"]):  # one text, not numbered 职能1 …
        kind = kinds[0].removeprefix("department-")
        head.statements.append((line.number, kind, 0, "".join(texts)))
        return "statements"
    for kind, text in zip(kinds, texts, strict=False):
        _set_goal(head, kind, text, line.number)
    return "goal"


def _labelled(cells: tuple[str, ...], names: dict[str, str]) -> Iterator[tuple[str, str]]:
    """(field, value) for each label cell: the value is the next non-empty, non-label cell."""
    for i, cell in enumerate(cells):
        name = labels.lookup(names, cell)
        if name is None:
            continue
        for nxt in cells[i + 1 :]:
            if not nxt:
                continue
            if not labels.label_kind(nxt) and len(key(nxt)) > 0:
                yield name, nxt
            break


_UNIT_CODE = re.compile(r"^\s*[\[［【(（]\s*\d{3,12}\s*[\]］】)）]\s*")


def _unit_name(text: str) -> str:
    """A unit's name without the unit code printed before it: [015001]武汉市青山区教育局."""
    return _UNIT_CODE.sub("", text).strip()


def _plan_row(line: Line, head: _Header, previous: Line | None) -> str:
    if key(line.cells[0]).startswith("资金支出计划"):
        return "spending-plan-header"
    assert previous is not None
    periods = [c for c in previous.filled[1:]]
    amounts = line.filled
    for period, amount in zip(periods, amounts, strict=False):
        head.plan.append((line.number, period, parse_amount(amount)))
    return "spending-plan"


def _section_kind(cell: str) -> str:
    """'function' for 部门职能(概述), 'department-goal' for 年度履职目标 and the like."""
    return "department-goal" if key(cell).startswith(labels.GOAL_SECTIONS) else "function"


def _section_text(line: Line, head: _Header) -> bool:
    """部门职能 | its text, 年度履职目标 | 1.… 2.…: the section's text, not numbered."""
    cells = line.filled
    if len(cells) < 2 or labels.label_kind(cells[0]) != "statement-section":
        return False
    kind = _section_kind(cells[0]).removeprefix("department-")
    head.statements.append((line.number, kind, 0, "".join(cells[1:])))
    return True


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


def _read_indicators(lines: list[Line], out: Out, owner: Owner, head: _Header) -> None:
    table = IndicatorTable(out, owner)
    for line in lines:
        if line.is_row:
            table.feed(line)
    if not table.finish() and head.goal_line:
        _goal_targets(out, owner, head)


def _goal_targets(out: Out, owner: Owner, head: _Header) -> None:
    """A form with no indicator table whose goal states its targets level by level
    (数量指标：…≥2个；质量指标：…): the targets, citing the goal's line."""
    text = head.goal or head.overall_goal
    where = head.goal_where if len(head.goal_where) == len(text) else [head.goal_line] * len(text)
    for t in targets.find_targets(text, where):
        indicator = make_indicator(out.source, t.line, owner, t.l1, t.l2, t.content, t.value)
        out.add(indicator)
        group = satisfaction_group(indicator)
        if group:
            out.add(
                Beneficiary(
                    out.source, t.line, owner.kind, owner.code, owner.name, group, t.content
                )
            )


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
    """'118-柳州市柳江区教育局' → ('118', '柳州市柳江区教育局'); '[015001]武汉市青山区教育局'
    → ('015001', '武汉市青山区教育局')."""
    m = _SUPERVISING.match(text)
    if m:
        return m.group(1), m.group(2).strip()
    prefix = _UNIT_CODE.match(text)
    if prefix:
        return re.sub(r"\D", "", prefix.group(0)), text[prefix.end() :].strip()
    return "", text


def _attribute(text: str) -> str:
    """'2-阶段性项目' → '阶段性' (traditional characters written simplified)."""
    return labels.simplified(_ATTRIBUTE.sub("", text)).removesuffix("项目")


def _form_field(line: Line) -> str:
    """The kind of form a row's first name or code label opens: 'project' (项目名称, 项目编码)
    or 'department' (部门名称, 单位编码); '' for the column names of a table listing projects
    (序号 | 项目名称 | 金额) and for a 项目名称 heading a column (项目名称 | 预算金额（万元）)."""
    return _form_opened(tuple(line.filled))


@lru_cache(maxsize=labels.CACHED)
def _form_opened(filled: tuple[str, ...]) -> str:
    """:func:`_form_field` of a row's non-empty cells (asked by each kind of form in turn)."""
    if filled and labels.INDICATOR_COLUMNS.get(key(filled[0])) == "seq":
        return ""
    for n, cell in enumerate(filled):
        kind = _opens(cell)
        if kind == "project":
            return "" if _heads_column(filled[n + 1 : n + 2]) else "project"
        if kind:
            return kind
    return ""


@lru_cache(maxsize=labels.CACHED)
def _opens(cell: str) -> str:
    """The kind of form a cell opens as its name or code label: 'project' (项目名称, 项目编码),
    'department' (部门名称, 单位编码) or ''."""
    if labels.lookup(labels.PROJECT_FIELDS, cell) in ("name", "code"):
        return "project"
    if labels.lookup(labels.DEPARTMENT_FIELDS, cell) in ("name", "code"):
        return "department"
    return ""


def _heads_column(after: Sequence[str]) -> bool:
    """Whether the cell after a 项目名称 label is another column's name (项目名称 |
    预算金额（万元）: a department form's list of its projects), not the project's name."""
    return bool(after) and (
        labels.label_kind(after[0]) in ("funding", "funding-header")
        or labels.unit_heading(after[0]) is not None
    )


#: a project's performance-target form (项目名称 / 项目编码 …, then its indicators)
PROJECT = BlockParser(
    "project",
    lambda line: _form_field(line) == "project",
    lambda ls, ctx, out, _: parse_project(ls, ctx, out),
)
#: a department's whole-of-department form (部门名称 / 部门编码 …)
DEPARTMENT = BlockParser(
    "department",
    lambda line: _form_field(line) == "department",
    lambda ls, ctx, out, _: parse_department(ls, ctx, out),
)
