"""Cells that a layout text (a PDF converter's page layout, a spreadsheet preview) wraps
onto the line below, at the same column, and labels run into the next cell by one space::

     满意度指   服务对象满意 受益农户满意度   ≥90   %
     标         度指标
                时效指标     项目完成时间     2023 年 12
                                              月底前

A careful reader reads 满意度指标, 服务对象满意度指标 and 2023年12月底前. A line continues the
row above when each of its cells starts where a cell of that row starts (columns counted as
printed: a Chinese character is two wide) and, joined to that cell — or to its first word,
where a space runs the next cell into it — spells a form label or completes a deadline.
Its cells are joined to the row's; the line itself becomes blank (its number is kept).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from kg.domain import labels
from kg.domain.values import parse_target
from kg.read.lines import Line, row

_CELL = re.compile(r"\S+(?:[ \u00a0]\S+)*")  # words separated by single spaces
#: label kinds that a cell may run into the next cell after (生态效益指标 农村生活污水治理率)
_RUN_ON_KINDS = frozenset({"level", "field", "funding", "goal"})


def width(text: str) -> int:
    """The printed width of a text: two for a Chinese (wide) character."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def spans(raw: str, measure: Callable[[str], int] = width) -> list[tuple[int, str]]:
    """(column, text) of each cell of a layout line, columns counted by ``measure``: the
    printed width, or characters (converters that place a Chinese character in one column)."""
    return [(measure(raw[: m.start()]), m.group()) for m in _CELL.finditer(raw)]


def split_run_on(cells: list[str]) -> list[str]:
    """A label run into the next cell by one space is two cells.

    >>> split_run_on(["生态效益指标 农村生活污水治理率", "≥70"])
    ['生态效益指标', '农村生活污水治理率', '≥70']
    >>> split_run_on(["社会效益 指标"]), split_run_on(["2023 年 12"])
    (['社会效益 指标'], ['2023 年 12'])
    """
    out: list[str] = []
    for cell in cells:
        first, _, rest = cell.partition(" ")
        whole = labels.label_kind(cell)
        if rest.strip() and not whole and labels.label_kind(first) in _RUN_ON_KINDS:
            out += [first, rest.strip()]
        else:
            out.append(cell)
    return out


def _joined(above: str, below: str) -> list[str] | None:
    """The cells ``above`` becomes with ``below`` wrapped into it, or None."""
    first, _, rest = above.partition(" ")
    for head, tail in [(above, "")] + ([(first, rest.strip())] if rest.strip() else []):
        if labels.joined_label(head, below) or _completes_date(head, below):
            return [head + below] + ([tail] if tail else [])
    return None


def _completes_date(head: str, below: str) -> bool:
    joined = parse_target(re.sub(r"\s+", "", head + below))
    if joined.kind != "date":
        return False  # 2024年6月 / 底前: a date's words go on, without a number of their own
    return parse_target(re.sub(r"\s+", "", head)).kind != "date" or not re.search(r"\d", below)


#: labels whose text runs on over the lines below (年度目标 | 完成 … 提升到 / 70%以上。)
_PROSE_KINDS = frozenset({"goal", "description", "statement-section"})


def _prose_wrap(cells: list[tuple[int, str]], found: list[tuple[int, str]]) -> bool:
    if len(cells) != 2 or len(found) != 1 or abs(found[0][0] - cells[1][0]) > 1:
        return False
    return labels.label_kind(cells[0][1]) in _PROSE_KINDS and not labels.label_kind(found[0][1])


def _continuation(above: str, below: str, texts: list[str] | None) -> list[str] | None:
    """The cells of the row ``above`` with the line ``below`` wrapped into it, or None;
    ``texts``: the row's cells as lines already wrapped into it have made them."""
    for measure in (width, len):
        cells = spans(above, measure)
        if texts is not None and len(texts) == len(cells):
            cells = [(col, text) for (col, _), text in zip(cells, texts, strict=True)]
        elif texts is not None:
            continue
        found = _wrapped_into(cells, spans(below, measure), below)
        if found is not None:
            return found
    return None


def _wrapped_into(
    cells: list[tuple[int, str]], found: list[tuple[int, str]], below: str
) -> list[str] | None:
    starts = [col for col, _ in cells]
    texts: list[list[str]] = [[text] for _, text in cells]
    if not found or not below[:1].isspace():
        return None
    if _prose_wrap(cells, found):  # a goal's text wrapped under itself
        return [cells[0][1], cells[1][1] + found[0][1]]
    for col, text in found:
        at = next((k for k, s in enumerate(starts) if abs(s - col) <= 1), None)
        joined = continues([t for _, t in cells], at, text) if at is not None else None
        if at is None or joined is None or texts[at] != [cells[at][1]]:
            return None
        texts[at] = joined
    return [t for group in texts for t in group]


#: labels whose value cell wraps where its column ends, whatever it spells
_VALUE_OF = frozenset({"field"}) | _PROSE_KINDS


def continues(cells: list[str], at: int, text: str) -> list[str] | None:
    """What cell ``at`` of a row becomes with ``text``, printed below it, wrapped into it:
    a label or date completed, or the value of a header field or goal going on (主管部门 |
    清远市清城区 / 石角镇人民政府); None when ``text`` is not the rest of that cell.

    >>> continues(["主管部门", "清远市清城区"], 1, "石角镇人民政府")
    ['清远市清城区石角镇人民政府']
    >>> continues(["项目名称", "某项目"], 1, "其中：财政拨款") is None
    True
    """
    joined = _joined(cells[at], text)
    if joined is not None or at == 0 or labels.label_kind(text) or labels.label_kind(cells[at]):
        return joined
    return [cells[at] + text] if labels.label_kind(cells[at - 1]) in _VALUE_OF else None


def join_wrapped(lines: list[Line]) -> list[Line]:
    """The lines with each wrapped line joined to the row above it (a field's value over
    three lines twice)."""
    out = list(lines)
    at, texts = 0, None  # the row lines are joined into, and its cells so far
    for i in range(1, len(out)):
        below = out[i]
        if out[i - 1].is_row and "\n" not in out[i - 1].raw:
            at, texts = i - 1, None
        above = out[at]
        if not above.is_row or not below.raw.strip() or (texts is None and at != i - 1):
            continue
        cells = _continuation(above.raw.split("\n")[0], below.raw, texts)
        if cells is None:
            at, texts = i, None
            continue
        raw = f"{above.raw}\n{below.raw}"
        out[at] = row(above.number, raw, split_run_on(cells), above.page, above.ocr)
        out[i] = Line(below.number, below.raw, ("",), False, below.page, below.ocr)
        texts = cells
    return out
