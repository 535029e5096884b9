"""Tables drawn with characters: box-drawing borders, full-width bars, ASCII grids.

Pages that show a table as preformatted text draw its borders: ``│`` (and ``┃``, ``║``)
between cells, rules such as ``├────┼────┤``, or an ASCII grid (``+----+----+``, the
reStructuredText and psql shape). Others separate cells with a full-width bar ``｜``. Before
a reader is chosen the drawing is put into the shapes the readers know, line for line (the
line numbers hold):

- a vertical border is a pipe, a box-drawing rule a markdown rule (``---``);
- lines whose cells are separated by ``｜`` (three or more such lines with a form's label)
  are TAB-separated rows, since ``｜`` is printed only between cells;
- in an ASCII grid every row is closed by a rule, so the lines between two rules are one
  row whose cells were wrapped: their parts are joined, column by column, on the first line
  (the lines after it repeat the rule above).
"""

from __future__ import annotations

import re

from kg.domain import labels

_VERTICAL = str.maketrans({"│": "|", "┃": "|", "║": "|"})
_BOX = "─━═┌┐└┘├┤┬┴┼┏┓┗┛┣┫┳┻╋╔╗╚╝╠╣╦╩╬╒╕╘╛╞╡╤╧╪╓╖╙╜╟╢╥╨╫"
_BOX_RULE = re.compile(rf"^\s*[{_BOX}\s]+$")
_GRID_RULE = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_WIDE_BAR = "｜"


def normalise(text: str) -> str:
    """The text with drawn tables as pipe rows, TAB rows or rules (same number of lines).

    >>> normalise("│项目名称│体检费│\\n├──┼──┤")
    '|项目名称|体检费|\\n---'
    >>> normalise("项目名称｜体检费\\n主管部门｜卫健局\\n｜合计｜5")
    '项目名称\\t体检费\\n主管部门\\t卫健局\\n\\t合计\\t5'
    """
    if not any(c in text for c in _BOX + "│┃║+" + _WIDE_BAR):
        return text
    lines = [_unboxed(raw) for raw in text.split("\n")]
    if sum(_bar_row(raw) for raw in lines) >= 3:
        lines = [raw.replace(_WIDE_BAR, "\t") for raw in lines]
    return "\n".join(_grid_rows(lines))


def _bar_row(raw: str) -> bool:
    """A line whose ｜ separates a form's label from its cells (not 首页｜新闻 links)."""
    parts = raw.split(_WIDE_BAR)
    return len(parts) > 1 and any(labels.label_kind(p) for p in parts)


def _unboxed(raw: str) -> str:
    if _BOX_RULE.match(raw) and any(c in _BOX for c in raw):
        return "---"
    return raw.translate(_VERTICAL)


def _grid_rows(lines: list[str]) -> list[str]:
    """Lines of an ASCII grid with each row's wrapped lines joined on its first line."""
    out = list(lines)
    rule: int | None = None
    for n, raw in enumerate(lines):
        if not _GRID_RULE.match(raw):
            if not raw.lstrip().startswith("|"):
                rule = None
            continue
        if rule is not None and n - rule > 2:
            _join(out, rule, n)
        rule = n
    return out


def _join(out: list[str], rule: int, end: int) -> None:
    """Join the lines between two rules (``rule`` and ``end``) into one row when they
    have the same cells."""
    parts = [_cells(out[k]) for k in range(rule + 1, end)]
    if len({len(p) for p in parts}) != 1 or len(parts[0]) < 2:
        return
    joined = [" ".join(p[c].strip() for p in parts if p[c].strip()) for c in range(len(parts[0]))]
    out[rule + 1] = "| " + " | ".join(joined) + " |"
    for k in range(rule + 2, end):
        out[k] = out[rule]


def _cells(raw: str) -> list[str]:
    inner = raw.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return inner.split("|")
