"""Indicator tables printed otherwise than one form a table: tables that list several
projects (a 项目名称 column beside the indicator columns), and rows printed as their
columns' names and values (一级指标：产出指标；二级指标：数量指标；…；指标值：≥1500人次).

    序号 | 项目名称 | 一级指标 | 二级指标 | 三级指标 | 指标值
    1    | 居家养老服务补贴 | 产出指标 | 数量指标 | 享受补贴老年人数 | ≥1200人

A page that publishes its projects' targets in one table names the project on every row (or
once, in a merged cell that the rows below leave blank). A reader takes each project's rows
as that project's form: here the table is rewritten as the forms it holds, a ``项目名称 |
name`` row (citing the row that names the project) and the header without the name column
before each project's rows, so the form parsers read it as any other form. A row printed
as pairs of a column's name and its cell is rewritten as the header its names make and the
row of its cells.
"""

from __future__ import annotations

import re

from kg.domain import labels
from kg.domain.labels import key
from kg.parse.indicators import is_header
from kg.read import Line

_NAMES = ("name", "code")
#: what a column of a table of projects holds, by the kind of its header's label
_PROJECT_COLUMNS = ("field", "funding", "funding-header", "goal")


def split_project_rows(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """The document's lines with each table of projects and their targets (序号 | 项目名称 |
    主管部门 | 资金(万元) | 绩效目标, the targets written in the goal's cell) rewritten as
    one form per row: a ``label | cell`` row for each column, each citing the row."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not (line.is_row and _lists_projects(line)):
            out.append(line)
            i += 1
            continue
        end = _table_end(lines, i + 1)
        for row in lines[i + 1 : end]:
            out.extend(_project_form(line, row) if row.is_row else [row])
        i = end
    return tuple(out)


def _lists_projects(line: Line) -> bool:
    """A header naming projects, their fields and their goals, not an indicator table's."""
    if not any(labels.lookup(labels.PROJECT_FIELDS, c) == "name" for c in line.cells):
        return False  # the cheapest test first: most rows name no project
    kinds = [labels.label_kind(c) for c in line.cells]
    return "goal" in kinds and not is_header(line) and len(line.filled) >= 3


def _project_form(header: Line, row: Line) -> list[Line]:
    pairs = [
        (label, cell)
        for label, cell in zip(header.cells, row.cells, strict=False)
        if cell and labels.label_kind(label) in _PROJECT_COLUMNS
    ]
    return [Line(row.number, row.raw, pair, True, row.page, row.ocr) for pair in pairs] or [row]


def split_listings(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """The document's lines with each listing table rewritten as one form per project."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        col = _name_column(line) if line.is_row else None
        if col is None:
            out.append(line)
            i += 1
            continue
        end = _table_end(lines, i + 1)
        out.extend(_forms(line, col, lines[i + 1 : end]))
        i = end
    return tuple(out)


def _name_column(line: Line) -> int | None:
    """The position of the project name (or code) column of an indicator header row."""
    if not is_header(line):
        return None
    found = [
        n for n, c in enumerate(line.cells) if labels.lookup(labels.PROJECT_FIELDS, c) in _NAMES
    ]
    return found[0] if len(found) == 1 else None


def _table_end(lines: tuple[Line, ...], start: int) -> int:
    """The end of a listing's rows: a line of text or another header row."""
    end = start
    while end < len(lines):
        line = lines[end]
        if (not line.is_row and line.text) or (line.is_row and is_header(line)):
            break
        end += 1
    return end


def _forms(header: Line, col: int, rows: tuple[Line, ...]) -> list[Line]:
    field = labels.lookup(labels.PROJECT_FIELDS, header.cells[col]) or "name"
    label = "项目名称" if field == "name" else "项目编码"
    out: list[Line] = []
    current = ""
    for row in rows:
        if not row.is_row or len(row.cells) <= col:
            out.append(row)
            continue
        name = row.cells[col] or current
        if name != current:
            current = name
            out.append(Line(row.number, row.raw, (label, name), True))
            out.append(_without(header, col))
        out.append(_without(row, col))
    return out


def _without(line: Line, col: int) -> Line:
    cells = line.cells[:col] + line.cells[col + 1 :]
    return Line(line.number, line.raw, cells, line.is_row, line.page, line.ocr)


_PAIR = re.compile(r"^\s*(.{2,12}?)\s*[:：]\s*(.*?)\s*$")


def split_pairs(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """The document's lines with each row printed as column names and cells rewritten as a
    header (where it differs from the header above) and a row."""
    out: list[Line] = []
    header: tuple[str, ...] = ()
    for line, found in _pair_rows(lines):
        if found is None:
            out.append(line)
            continue
        names, cells = found
        if names != header:
            out.append(Line(line.number, line.raw, names, True, line.page, line.ocr))
            header = names
        out.append(Line(line.number, line.raw, cells, True, line.page, line.ocr))
    return tuple(out)


_Pairs = tuple[tuple[str, ...], tuple[str, ...]]


def _pair_rows(lines: tuple[Line, ...]) -> list[tuple[Line, _Pairs | None]]:
    """Each line with the names and cells it prints, where it prints a row as pairs; a row
    printed one pair a line (一级指标：产出指标 / 二级指标：… / 指标值：6个) is one row, citing
    its first line, and its other lines are left out."""
    out: list[tuple[Line, _Pairs | None]] = []
    run: list[tuple[Line, str, str]] = []
    for line in (*lines, None):
        one = _one_pair(line) if line is not None else None
        if one is not None and not any(key(n) == key(one[0]) for _, n, _ in run):
            run.append((line, *one))  # type: ignore[arg-type]
            continue
        if len(run) >= 3:
            out.append((run[0][0], (tuple(n for _, n, _ in run), tuple(c for _, _, c in run))))
        else:
            out.extend((ln, None) for ln, _, _ in run)
        run = [(line, *one)] if one is not None and line is not None else []
        if line is not None and one is None:
            out.append((line, pairs(line.raw)))
    return out


def _one_pair(line: Line) -> tuple[str, str] | None:
    """(column name, cell) of a line that prints one indicator column's name and its cell."""
    m = None if line.is_row else _PAIR.match(line.raw)
    if m is None or not labels.lookup(labels.INDICATOR_COLUMNS, m.group(1)) or not m.group(2):
        return None
    return m.group(1), m.group(2)


def pairs(raw: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(column names, cells) of a line that names each indicator column before its cell, or
    None.

    >>> names, cells = pairs("一级指标：产出指标；三级指标：救助人次；指标值：≥1500人次")
    >>> names, cells
    (('一级指标', '三级指标', '指标值'), ('产出指标', '救助人次', '≥1500人次'))
    >>> pairs("项目名称：临时救助") is None
    True
    """
    if raw.count("；") + raw.count(";") < 2:  # three pairs at least, most lines have none
        return None
    parts = [p for p in re.split(r"[；;]", raw) if p.strip()]
    matched = [_PAIR.match(p) for p in parts]
    if len(parts) < 3 or not all(matched):
        return None
    names = tuple(m.group(1) for m in matched if m)
    if not all(labels.lookup(labels.INDICATOR_COLUMNS, n) for n in names):
        return None
    return names, tuple(m.group(2) for m in matched if m)
