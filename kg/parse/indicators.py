"""Indicator tables, read as a person reads them.

Columns: 一级指标 / 二级指标 / (三级指标) / 指标内容 / 指标值.

Columns in the converted text are unreliable, so cells are read by meaning, not position
(unless the header prints operator, unit, weight or direction columns: :mod:`kg.parse.columns`):
level-1 and level-2 labels are recognised wherever they sit at the front of a row, carry
down to the rows below, and are inferred from the framework when the form prints them
only further down (a merged cell printed in its middle). What remains is the content and
the value (and, in three-level tables, the description and its basis).
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.domain import labels
from kg.domain.labels import key
from kg.domain.model import Beneficiary, Indicator, Issue, Statement
from kg.domain.values import join_target, looks_like_value
from kg.parse import columns, levels, rowcells
from kg.parse.base import Out, Owner
from kg.parse.indrow import Row as _Row
from kg.parse.indrow import cut_short, settle
from kg.parse.records import (
    level1_code,
    level2_parent,
    make_indicator,
    same_level1,
    satisfaction_group,
)
from kg.read import Line

#: a goal or a function printed between the rows: 目标1：完成国土空间规划编制
_STATEMENT = re.compile(r"^(目标|职能)\s*(\d{1,2})\s*[:：]?\s*(.*)$")
#: a note printed across the table (备注：…, 说明：1.…, 注：…): not an indicator
_NOTE = re.compile(r"^\s*(?:备注|说明|注)\s*[:：]")
#: cells that hold no part of an indicator: the table's row label beside it, a blank mark
_NOT_CELLS = frozenset(labels.INDICATOR_SECTION | labels.EMPTY_CELLS)
#: the columns only an indicator table has
_OWN_COLUMNS = frozenset({"l1", "l2", "l3", "content", "value"})


#: why a last row was taken as cut when the text stops inside its line, and what to do
_OPEN_END = (
    " (the text stops inside this line, with no line break after it, as a page stored cut "
    "does; if the document is complete, end it with a line break)"
)


def _content(fields: dict[str, str]) -> str:
    return fields.get("content") or fields.get("l3", "")


def is_header(line: Line) -> bool:
    """A header row of an indicator table (一级指标 二级指标 ...): two of its columns, one of
    them a level, the indicator or its value (序号 | 项目名称 | 金额 | 备注 lists projects)."""
    return _heads_columns(tuple(line.filled))


@lru_cache(maxsize=labels.CACHED)
def _heads_columns(cells: tuple[str, ...]) -> bool:
    """Whether a row of these cells is an indicator table's header (:func:`is_header`): rows
    are asked again by each reader of the table's rows."""
    roles = [role for role in labels.header_roles(cells) if role]
    return len(roles) >= 2 and any(role in _OWN_COLUMNS for role in roles)


def is_section_start(line: Line) -> bool:
    return is_header(line) or any(key(c) in labels.INDICATOR_SECTION for c in line.filled)


class IndicatorTable:
    """Feed it the rows of one form's indicator table; ``finish`` emits the records."""

    def __init__(self, out: Out, owner: Owner) -> None:
        self.out = out
        self.owner = owner
        self.three_level = False  # the header prints a third level (三级指标)
        self.l1: str | None = None
        self.l2: str | None = None
        self.rows: list[_Row] = []
        self.columns: columns.Roles = {}
        self.after_header = False
        #: the row of a late first level-2 label and the row its block ends at
        self.pending: tuple[int, int | None] | None = None
        self.inferred = False  # the level-1 label is the framework's, not printed
        self.centred = False  # merged cells printed at their centre (a late level-1 label)
        self.two_sets = False  # medium-term and annual column sets side by side
        self.annual_first = False  # the annual set printed before the medium-term one
        self.sets_in_rows = False  # the two sets printed as rows of their own (one replaced)
        self.numbered = False  # a 序号 column before the levels
        self.value_parts: list[str] = []  # a value column split in two: ['past', 'target']
        #: columns before the levels that hold no indicator (年度履职目标 | 一级指标), the width
        self.lead = (0, 0)
        self.at: dict[str, int] = {}  # the header's content and value columns
        self.unit = ""  # the unit the value column's header prints (指标值（%）)
        #: a content tail just joined to the row above (that row, the tail, its line): undone
        #: when the next line holds only a value, the tail was a name whose value came below
        self.tail: tuple[_Row, str, Line] | None = None

    # --- reading rows ---------------------------------------------------------------

    def feed(self, line: Line) -> None:
        tail, self.tail = self.tail, None
        filled = columns.beside_levels(line.cells, *self.lead) if self.lead[0] else line.filled
        cells = rowcells.level_prefixes([c for c in filled if key(c) not in _NOT_CELLS])
        cells = rowcells.without_separators(rowcells.joined_levels(cells))
        if is_header(line):
            self.three_level = self.three_level or "l3" in labels.header_roles(cells)
            self.columns = columns.roles(line.cells)
            self.two_sets = columns.two_sets(line.cells)
            self.annual_first = columns.annual_first(line.cells)
            self.numbered = any(
                labels.lookup(labels.INDICATOR_COLUMNS, c) == "seq" for c in line.filled[:2]
            )
            self.lead = (columns.lead(line.cells), len(line.cells))
            self.at = columns.positions(line.cells)
            self.unit = columns.header_unit(line.cells)
            self.out.place(line.number, "indicator-header")
            self.after_header = True
            return
        if cells and all(labels.header_roles(cells)):  # 绩效指标 | | | 指标值 above the header
            self.out.place(line.number, "indicator-header")
            return
        if self.after_header and cells and all(labels.value_subheader(c) for c in cells):
            self.value_parts = [labels.value_subheader(c) or "" for c in cells]
            self.out.place(line.number, "indicator-header")
            return
        self.after_header = False
        if len(cells) == 1 and _NOTE.match(cells[0]):
            self.out.place(line.number, "note")  # 备注：指标值由单位…, below the table
            return
        if self._statement(line, cells) or self._wrapped_tail(line):
            return
        lost = False
        if self.columns:
            fields = columns.read_row(line.cells, self.columns)
            value = columns.target(fields) if fields and not _content(fields) else ""
            if fields is not None and tail and value and self._untail(tail, line, value):
                return
            if fields is not None:
                self._feed_fields(line, fields)
                return
            lost = True
        if self.numbered and cells and cells[0].isdigit() and len(cells[0]) <= 3:
            cells = cells[1:]  # the 序号 column
        l1, l2, rest = self._labels(cells)
        if self.two_sets:
            l2, rest = self._annual(l2, rest)
        rest = join_target(rest)
        if len(rest) == 1:
            rest = rowcells.name_and_target(rest[0])  # 补贴耕地面积：≥150万亩
        self._update_levels(l1, l2)
        if not rest:
            self.out.place(line.number, "indicator-labels")
            return
        if self._continues_previous(rest):
            self._continue(line, rest[0])
            return
        if tail and len(rest) == 1 and self._untail(tail, line, rest[0]):
            return
        row = _Row(
            line.number, line.raw, self.l1, self.l2, printed=(l1 is not None, l2 is not None)
        )
        self._fill(row, rest)
        if self._annual_of_previous(row):
            self.out.place(line.number, "indicators")
            return
        if lost:
            row.notes.append(("indicator-columns-lost", _LOST))
        self.rows.append(row)
        self.out.place(line.number, "indicators")

    def _statement(self, line: Line, cells: list[str]) -> bool:
        """目标1：完成… between the rows: the goal the rows below serve, not an indicator."""
        m = _STATEMENT.match(cells[0]) if len(cells) <= 2 and cells else None
        text = (m.group(3) if m else "") or "".join(cells[1:])
        if m is None or not text:
            return False
        kind = "goal" if m.group(1) == "目标" else "function"
        owner = self.owner
        self.out.add(
            Statement(
                self.out.source,
                line.number,
                owner.kind,
                owner.code,
                owner.name,
                kind,
                int(m.group(2)),
                text.strip(),
            )
        )
        self.out.place(line.number, "statements")
        return True

    def _wrapped_tail(self, line: Line) -> bool:
        """A row whose one cell sits under the content or value column, the row above
        complete: the end of that row's cell, wrapped onto a row of its own (…日常养护 / 里程,
        2023年12月31 / 日前)."""
        found = columns.only_cell(line.cells)
        prev = self.rows[-1] if self.rows else None
        if found is None or prev is None or not prev.value or looks_like_value(found[1]):
            return False
        at, text = found
        if at == self.at.get("value"):
            prev.value += text
        elif at == self.at.get("content") and len(text) < len(prev.content):
            prev.content += text
            prev.l3 = prev.content if prev.l3 else ""
            self.tail = (prev, text, line)
        else:
            return False
        prev.raw += "\n" + line.raw
        self.out.place(line.number, "indicator-continuation")
        return True

    def _untail(self, tail: tuple[_Row, str, Line], line: Line, value: str) -> bool:
        """A lone value below a name taken for the tail of the row above (…处理量 under
        …补贴户数 | ≥413户, then ≥459万吨): the name was a row of its own, its value below."""
        prev, text, at = tail
        if not looks_like_value(value) or not prev.content.endswith(text):
            return False
        prev.content = prev.content[: -len(text)]
        prev.l3 = prev.content if prev.l3 else ""
        prev.raw = prev.raw.removesuffix("\n" + at.raw)
        l3 = text if prev.l3 else ""
        self.rows.append(_Row(at.number, at.raw, self.l1, self.l2, text, value, l3))
        self.out.place(at.number, "indicators")
        self.out.place(line.number, "indicator-continuation")
        return True

    def _continue(self, line: Line, value: str) -> None:
        prev = self.rows[-1]
        prev.value = value
        prev.notes = [n for n in prev.notes if n[0] != "indicator-value-missing"]
        self.out.place(line.number, "indicator-continuation")

    def _feed_fields(self, line: Line, fields: dict[str, str]) -> None:
        """A row read by the header's positions (:mod:`kg.parse.columns`)."""
        self._update_levels(fields.get("l1") or None, fields.get("l2") or None)
        l3 = fields.get("l3", "")
        content, value = fields.get("content") or l3, columns.target(fields)
        if not content and not value:
            self.out.place(line.number, "indicator-labels")
            return
        if not content and self._continues_previous([value]):
            self._continue(line, value)
            return
        row = _Row(line.number, line.raw, self.l1, self.l2, content, value, l3)
        row.printed = (bool(fields.get("l1")), bool(fields.get("l2")))
        row.description, row.basis = fields.get("description", ""), fields.get("basis", "")
        if not value:
            row.notes.append(("indicator-value-missing", "an indicator printed with no value"))
        if not content:
            row.notes.append(("indicator-content-missing", "a target value with no content"))
        self.rows.append(row)
        self.out.place(line.number, "indicators")

    def _labels(self, cells: list[str]) -> tuple[str | None, str | None, list[str]]:
        rest = list(cells)
        l1 = l2 = None
        if self.two_sets and rest and rest[0] in rest[1:] and labels.is_level(rest[0]):
            return None, rest.pop(0), rest  # 满意度指标 | … | 满意度指标 | …: each set's level-2
        if rest and self._starts_level1(rest):
            l1 = rest.pop(0)
        if rest and (labels.level2(rest[0]) or labels.child_of(l1 or self.l1, rest[0])):
            l2 = rest.pop(0)
            if len(rest) == 1 and looks_like_value(rest[0]) and not self.three_level:
                rest.insert(0, l2)  # the "label" is the content: 服务对象满意度 | ≥90%
                l2 = None
        return l1, l2, rest

    def _annual(self, l2: str | None, rest: list[str]) -> tuple[str | None, list[str]]:
        """The annual set of a row that prints both sets (数量指标 | 内容 | 3 | 数量指标 | 内容 |
        3): the cells after the second level-2 label, where that set is filled."""
        for j, cell in enumerate(rest):
            if j and (labels.level2(cell) or labels.child_of(self.l1, cell)):
                first, annual = (l2, rest[:j]), (cell, rest[j + 1 :])
                if self.annual_first:
                    first, annual = annual, first
                return annual if any(annual[1]) else first
        j = columns.second_set_at(rest)
        if j:
            sets = [rest[:j], rest[j:]][:: -1 if self.annual_first else 1]
            return l2, (sets[1] if any(sets[1]) else sets[0])
        return l2, rest

    def _annual_of_previous(self, row: _Row) -> bool:
        """In a table of two column sets printed as rows of their own, the annual set's row
        of the indicator the previous row printed in the medium-term set: it replaces it."""
        if not self.two_sets or not self.rows:
            return False
        prev = self.rows[-1]
        if key(prev.content) != key(row.content) or prev.line == row.line or not row.value:
            return False
        prev.l2, prev.value, prev.notes = row.l2, row.value, row.notes
        prev.end = row.line + row.raw.count("\n")
        self.sets_in_rows = True
        return True

    def _starts_level1(self, rest: list[str]) -> bool:
        if labels.level1(rest[0]) is None or labels.cost_is_level2(rest):
            return False
        return not labels.child_of(self.l1, rest[0])

    def _holds(self, parent: str) -> bool:
        """The current level-1 label also holds this kind (项目效益指标 → 满意度 labels)."""
        return parent in labels.LEVEL1_ALSO_HOLDS.get(key(self.l1 or ""), frozenset())

    def _update_levels(self, l1: str | None, l2: str | None) -> None:
        first = self.l1 is None and self.l2 is None
        if (l1 is not None or l2 is not None) and self.pending and self.pending[1] is None:
            self.pending = (self.pending[0], len(self.rows))  # the late label's block ends
        if l1 is not None:
            if self.inferred and same_level1(l1, self.l1):
                self.centred = True  # its level-1 printed below the block's first row
            if not same_level1(l1, self.l1):
                self.l2 = None
            self.l1, self.inferred = l1, False
        if l2 is not None:
            self.l2 = l2
            parent = level2_parent(l2)
            if l1 is None and parent and parent != level1_code(self.l1) and not self._holds(parent):
                self.l1, self.inferred = labels.LEVEL1_LABEL[parent], True
        if first and self.rows and (l1 is not None or l2 is not None):
            if l1 is not None:
                self._backfill(len(self.rows))
            else:
                self.pending = (len(self.rows), None)

    def _settle_backfill(self) -> None:
        """A level-2 label printed below the table's first rows labels them when it sits in
        the middle of its block (no more rows above it than from it to the next label, and
        one more) in a table that prints its merged cells at their centre (a level-1 label
        printed below its block's first row). Otherwise the rows above it printed no level
        and keep none."""
        if self.pending is None:
            return
        (at, end), self.pending = self.pending, None
        below = (len(self.rows) if end is None else end) - at - 1
        if at < len(self.rows) and at <= below + 1 and self.centred:
            self._backfill(at, self.rows[at].l1, self.rows[at].l2)

    def _backfill(self, end: int, l1: str | None = None, l2: str | None = None) -> None:
        """Rows printed above the first level labels take the labels printed with them: a
        merged cell printed in the middle of its block."""
        for row in self.rows[:end]:
            if row.l1 is None and row.l2 is None:
                row.l1, row.l2 = (l1, l2) if l1 or l2 else (self.l1, self.l2)

    def _continues_previous(self, rest: list[str]) -> bool:
        if len(rest) != 1 or not self.rows or self.three_level:
            return False
        prev = self.rows[-1]
        return not prev.value and looks_like_value(rest[0])

    def _fill(self, row: _Row, rest: list[str]) -> None:
        if len(self.value_parts) > 1 and len(rest) == 1 + len(self.value_parts):
            rest = [rest[0], rest[1 + self.value_parts.index("target")]]  # not the past value
        if len(rest) > (4 if self.three_level else 2):  # a cell printed twice: 某经费 | 某经费
            rest = rowcells.deduped(rest)
        if self.three_level:
            self._fill_three_level(row, rest)
            return
        if len(rest) == 1:
            if looks_like_value(rest[0]):
                row.value = rest[0]
                row.notes.append(("indicator-content-missing", "a target value with no content"))
            else:
                row.content = rest[0]
                row.notes.append(("indicator-value-missing", "an indicator printed with no value"))
            return
        if len(rest) > 2:
            row.notes.append(
                (
                    "row-extra-cells",
                    f"{len(rest)} cells where 2 were expected; the last is read as the value",
                )
            )
        row.content, row.value = "".join(rest[:-1]), rest[-1]

    def _fill_three_level(self, row: _Row, rest: list[str]) -> None:
        row.content = row.l3 = rest[0]
        if len(rest) == 2:
            row.value = rest[1]
        elif len(rest) >= 3 and columns.value_beside_name(self.at):
            row.value, row.basis = rest[1], "".join(rest[2:])  # 三级指标 | 指标值 | 备注
        elif len(rest) >= 3:
            row.description, row.value = rest[1], rest[2]
            row.basis = "".join(rest[3:])
        if not row.value:
            row.notes.append(("indicator-value-missing", "an indicator printed with no value"))

    # --- emitting records -------------------------------------------------------------

    def finish(self) -> list[Indicator]:
        if self.pending is not None:
            self._settle_backfill()
        settle(self.rows, self.unit)
        levels.close_blocks(self.rows)
        if self.rows and cut_short(self.rows, self.columns, self.out.last_row, self.out.open_end):
            self._drop_cut()
            if self.rows and self.sets_in_rows and not self.rows[-1].end:
                self._drop_cut()  # its medium-term row, whose annual row the page cut off
        indicators = [self._record(row) for row in self.rows]
        for indicator in indicators:
            group = satisfaction_group(indicator)
            if group:
                self.out.add(
                    Beneficiary(
                        indicator.source,
                        indicator.line,
                        self.owner.kind,
                        self.owner.code,
                        self.owner.name,
                        group,
                        indicator.content,
                    )
                )
        return indicators

    def _drop_cut(self) -> None:
        row = self.rows.pop()
        self.out.add(
            Issue(
                self.out.source,
                row.line,
                "row-incomplete",
                f"{self.owner.describe()}: the document ends inside this row "
                "(its value is not printed in full); it is not read as an indicator"
                + (_OPEN_END if self.out.open_end else ""),
                row.raw,
            )
        )

    def _record(self, row: _Row) -> Indicator:
        src = self.out.source
        for code, message in row.notes:
            self.out.add(Issue(src, row.line, code, f"{self.owner.describe()}: {message}", row.raw))
        if row.l1 is None:
            self.out.add(
                Issue(
                    src,
                    row.line,
                    "indicator-level-missing",
                    f"{self.owner.describe()}: no level-1 label above this row",
                    row.raw,
                )
            )
        indicator = make_indicator(
            src,
            row.line,
            self.owner,
            row.l1 or "",
            row.l2 or "",
            row.content,
            row.value,
            l3=row.l3,
            description=row.description,
            basis=row.basis,
        )
        self.out.add(indicator)
        return indicator


_LOST = "the row's cells do not sit under the header's columns; read by meaning"
