"""Rows whose cells are separated by spaces, as spreadsheet previews print them.

Cells are split at runs of two or more spaces (or an ideographic space); a document that
never uses such runs on its label lines is split at single spaces. Positions are lost
(empty cells vanish), which the parsers, reading by label, do not need; a cell wrapped onto
the line below is joined back (:mod:`kg.read.wrapped`). A line of one cell
is a row when it is indented (a cell of a column further right) and prose otherwise.
A budget table (项目 | 2024年 …), which is read by its columns, cannot be: its rows are
left as prose, with one ``table-columns-lost`` issue.
"""

from __future__ import annotations

import re

from kg.domain import labels
from kg.domain.labels import key
from kg.domain.model import Issue
from kg.read.base import Reader, Result, Source
from kg.read.clean import is_separator
from kg.read.lines import Line, prose, row
from kg.read.wrapped import join_wrapped, split_run_on

_WIDE = re.compile(r"[ \u00a0]{2,}|\u3000+")
_NARROW = re.compile(r"[ \u00a0\u3000]+")


def split(raw: str, wide: bool) -> list[str]:
    """The cells of one line.

    >>> split("项目名称  乡村教师体检费  项目编码", wide=True)
    ['项目名称', '乡村教师体检费', '项目编码']
    >>> split("合计 1320000", wide=False)
    ['合计', '1320000']
    """
    parts = (_WIDE if wide else _NARROW).split(raw.strip())
    return [p for p in parts if p.strip()]


def _label_rows(text: str, wide: bool) -> int:
    """Lines that split into several cells, one of them a form label."""
    count = 0
    for raw in text.splitlines():
        cells = split(raw, wide)
        if len(cells) > 1 and any(labels.label_kind(c) for c in cells):
            count += 1
    return count


def _is_wide(text: str) -> bool:
    return _label_rows(text, wide=True) >= max(1, _label_rows(text, wide=False) // 2)


def sniff(source: Source) -> float:
    text = source.text
    if sum(1 for raw in text.splitlines() if "\t" in raw.strip()) > 2:
        return 0.0
    rows = _label_rows(text, _is_wide(text))
    if rows < 3:
        return 0.0
    alone = sum(1 for raw in text.splitlines() if labels.label_kind(raw.strip()))
    return 0.65 if rows >= alone else 0.0


def line(number: int, raw: str, wide: bool) -> Line:
    if is_separator(raw):
        return Line(number, raw, ("",), is_row=False)
    if labels.is_furniture(raw):  # a page number under a converted page
        return prose(number, raw)
    cells = split_run_on(split(raw, wide)) if wide else split(raw, wide)
    if len(cells) > 1 or (cells and raw[:1].isspace()):
        return row(number, raw, cells)
    return prose(number, raw)


def without_budget_tables(lines: list[Line], source: str) -> tuple[list[Line], list[Issue]]:
    """Budget tables (a row starting 项目 up to the next line that is not a row) as prose."""
    out: list[Line] = []
    issues: list[Issue] = []
    inside = False
    for ln in lines:
        starts = ln.is_row and key(ln.cells[0]) == "项目" and len(ln.filled) > 1
        inside = ln.is_row and (inside or starts)
        if starts and (not out or not out[-1].raw.strip() or out[-1].is_row is False):
            issues.append(
                Issue(
                    source,
                    ln.number,
                    "table-columns-lost",
                    f"{source} line {ln.number}: a budget table printed with spaces has lost "
                    "its empty cells, so its columns; its figures are not read",
                    ln.raw,
                )
            )
        out.append(Line(ln.number, ln.raw, (ln.text,), False) if inside else ln)
    return out, issues


def read(source: Source) -> Result:
    wide = _is_wide(source.text)
    lines = [line(n, raw, wide) for n, raw in enumerate(source.text.splitlines(), start=1)]
    if wide:
        lines = join_wrapped(lines)
    lines, issues = without_budget_tables(lines, source.name)
    return [("", lines)], issues


READER = Reader("spaced", (".txt", ".prn"), False, sniff, read)
