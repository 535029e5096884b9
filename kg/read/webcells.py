"""The cells of a web page's text, one per line: what each holds and which lines make one.

A cell is a non-empty line (:class:`Token`). Where blank lines separate the cells, a line
break without one is inside a cell (a ``<br>``, a wrapped paragraph); cells that spell one
label together (项目实施 / 单位, 项/目/年/度) are one; a unit alone below a number without
one (≥36000 / 人次) is that value's. :mod:`kg.read.webtext` makes rows of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from kg.domain import labels
from kg.domain.labels import key
from kg.domain.values import is_unit, parse_target
from kg.read.clean import clean_heading, is_separator


@dataclass(frozen=True, slots=True)
class Token:
    """One cell: the line it was printed on, the raw line and the cleaned text."""

    number: int
    raw: str
    text: str


def tokens(text: str) -> list[Token]:
    """The non-empty lines of a text as cells. Where blank lines separate the cells, a line
    break without one is inside a cell (a ``<br>`` or a wrapped paragraph of the cell):

    >>> text = "三级指标\\n\\n指标值\\n\\n服务站运营\\n达标率\\n\\n≥90%\\n\\n"
    >>> text += "服务人次\\n\\n≥3600\\n人次\\n"
    >>> [t.text for t in tokens(text)]
    ['三级指标', '指标值', '服务站运营达标率', '≥90%', '服务人次', '≥3600人次']
    """
    found = []
    for number, raw in enumerate(text.splitlines(), start=1):
        cell = "" if is_separator(raw) else clean_heading(raw)
        parts = fields_apart(raw) if cell else None
        found += [Token(number, raw, clean_heading(p)) for p in parts or ([cell] if cell else [])]
    return _within_cells(found) if _blank_separated(found) else found


#: a form's field on a line of several, set apart by runs of spaces (其中：财政拨款：800.00)
_FIELD = re.compile(r"^((?:其中[:：])?[^:：]{2,24}?)[:：]\s*(\S.*)$")
_APART = re.compile(r"\s{2,}|\u3000+")


def fields_apart(raw: str) -> list[str] | None:
    """The fields of a line printing several set apart by spaces, each a label of the forms
    and its value, as (label, value) pairs flattened; None when it is not such a line.

    >>> fields_apart("资金总额：860.00      其中：财政拨款：800.00")
    ['资金总额', '860.00', '其中：财政拨款', '800.00']
    >>> fields_apart("发布时间：2024-03-15    来源：某县文物局") is None
    True
    """
    parts = [p for p in _APART.split(raw.strip()) if p]
    found = [_FIELD.match(p) for p in parts]
    if len(parts) < 2 or not all(found):
        return None
    cells = [c for m in found if m for c in (m.group(1), m.group(2))]
    kinds = {labels.label_kind(c) for c in cells[::2]}
    return cells if kinds <= {"field", "funding", "funding-header"} else None


def _blank_separated(cells: list[Token]) -> bool:
    """Whether blank lines separate the cells: at least two of three cells end at one."""
    ends = [_last(a) + 1 < b.number for a, b in pairwise(cells)]
    return len(ends) >= 6 and sum(ends) * 3 >= len(ends) * 2


def _last(tok: Token) -> int:
    return tok.number + tok.raw.count("\n")


def _within_cells(cells: list[Token]) -> list[Token]:
    """Lines of text with no blank line between them, as the one cell they are."""
    out: list[Token] = []
    for tok in cells:
        prev = out[-1] if out else None
        if prev and _last(prev) + 1 == tok.number and kind(prev.text) == kind(tok.text) == "text":
            out[-1] = Token(prev.number, f"{prev.raw}\n{tok.raw}", prev.text + tok.text)
        else:
            out.append(tok)
    return out


_FOOTNOTE = re.compile(
    r"^(?:注|备注|说明|来源|数据来源|资料来源|填报说明|填表说明|发布时间|发布日期|附件)\s*[:：]"
)


def kind(text: str) -> str:
    """'title', 'note' (单位：万元, 注：…, 来源：…), a label kind of
    :func:`kg.domain.labels.label_kind`, or 'text'."""
    if labels.unit_note(text) or _FOOTNOTE.match(text):
        return "note"
    if labels.is_page_number(text):
        return "page"  # between a table's rows on two pages: the table goes on
    if labels.is_furniture(text):
        return "furniture"
    if labels.TASK_ORDINAL.match(key(text)):
        return "task"  # 任务1: a department's task, its name, content and amounts follow
    found = labels.label_kind(text)
    if found:
        return found
    return "title" if labels.is_title(text) else "text"


def join_split_labels(cells: list[Token]) -> list[Token]:
    """Cells that spell one label become one cell: two consecutive cells (项目实施 / 单位),
    or a label printed one character per line (项/目/年/度/…, as a tall merged cell
    prints it)."""
    out: list[Token] = []
    i = 0
    while i < len(cells):
        run = _vertical_run(cells, i)
        if run > 1:
            part = cells[i : i + run]
            out.append(
                Token(part[0].number, "\n".join(t.raw for t in part), "".join(t.text for t in part))
            )
            i += run
            continue
        tok = cells[i]
        prev = out[-1] if out else None
        joined = labels.joined_label(prev.text, tok.text) if prev else None
        if prev is not None and joined is not None:
            out[-1] = Token(prev.number, f"{prev.raw}\n{tok.raw}", joined)
        else:
            out.append(tok)
        i += 1
    return out


def _vertical_run(cells: list[Token], i: int) -> int:
    """How many single-character cells from ``i`` on spell a label (0 when they do not)."""
    end = i
    while end < len(cells) and len(cells[end].text) == 1:
        end += 1
    for stop in range(end, i + 1, -1):
        if labels.label_kind("".join(t.text for t in cells[i:stop])):
            return stop - i
    return 0


def units_joined(run: list[Token]) -> list[Token]:
    """A unit alone after a number with none (≥36000 / 人次): the value wrapped in its cell.

    >>> [t.text for t in units_joined([Token(1, "≥36000", "≥36000"), Token(2, "人次", "人次")])]
    ['≥36000人次']
    """
    out: list[Token] = []
    for tok in run:
        prev = out[-1] if out else None
        if prev is not None and is_unit(tok.text) and _unitless_number(prev.text):
            out[-1] = Token(prev.number, f"{prev.raw}\n{tok.raw}", prev.text + tok.text)
        else:
            out.append(tok)
    return out


def _unitless_number(text: str) -> bool:
    target = parse_target(text)
    return target.kind == "numeric" and not target.unit
