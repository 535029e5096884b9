"""Forms printed as lines of prose, and a label and its value printed in one cell.

项目名称：渭源县日光温室建设        →  项目名称 | 渭源县日光温室建设
资金总额：480万元，其中中央资金…     →  资金总额 | 480万元
绩效指标：                          →  三级指标 | 指标值
1、新建日光温室座数：≥120座          →  新建日光温室座数 | ≥120座
"""

from __future__ import annotations

import re

from kg.domain import labels
from kg.domain.values import looks_like_value, parse_money
from kg.parse import targets
from kg.read import Line, webcells

_INLINE = re.compile(r"^(.{2,24}?)[:：]\s*(\S.*)$")


def split_inline_labels(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """A label and its value printed in one cell (预算单位：东莞市交通运输局, 年度资金总额:50万)
    become two cells. A form printed as lines of prose (项目名称:… / 项目金额:65万元 / 绩效目标:…)
    is read as rows: a field or an amount and its label; after such rows, a goal or a
    description and its text, with the lines its sentence wraps onto."""
    out: list[Line] = []
    prose_form = False
    i = 0
    while i < len(lines):
        line = lines[i]
        m = None if line.is_row or labels.unit_note(line.text) else _INLINE.match(line.text)
        kind = labels.label_kind(m.group(1)) if m else ""
        if (several := _fields_apart(line)) is not None:
            out.append(several)  # 项目属性：一次性项目    项目期：1年
            prose_form = True
        elif (below := _value_below(lines, i)) is not None:
            out.append(below)  # 项目名称： / 2024年农村公路…
            prose_form = True
            i += 2
            continue
        elif m and kind in ("field", "funding", "funding-header") and len(m.group(2)) <= 40:
            value = _amount_clause(m.group(2)) if kind != "field" else m.group(2)
            out.append(Line(line.number, line.raw, (m.group(1), value), True))
            prose_form = prose_form or kind == "field"
        elif prose_form and (listed := _numbered_targets(lines, i)):
            out.extend(listed)
            i += len(listed)
            continue
        elif prose_form and (end := _listed_goal(lines, i)) > i + 1:
            raw = "\n".join(ln.raw for ln in lines[i:end])
            text = "".join(ln.text for ln in lines[i + 1 : end])
            label = _INLINE_EMPTY.match(line.text).group(1)  # type: ignore[union-attr]
            out.append(Line(line.number, raw, (label, text), True))
            i = end
            continue
        elif m and prose_form and kind in ("goal", "description"):
            end = _sentence_end(lines, i)
            raw = "\n".join(ln.raw for ln in lines[i:end])
            text = m.group(2) + "".join(ln.text for ln in lines[i + 1 : end])
            out.append(Line(line.number, raw, (m.group(1), text), True))
            i = end
            continue
        else:
            out.append(_split_inline(line))
            prose_form = prose_form and (line.is_row or not line.text or bool(m))
        i += 1
    return tuple(out)


_INLINE_EMPTY = re.compile(r"^(.{2,24}?)[:：]\s*$")


def _fields_apart(line: Line) -> Line | None:
    """A line of prose printing several fields set apart by spaces (资金总额：860.00
    其中：财政拨款：800.00    其他资金：60.00) as a row of their labels and values; None
    when it is not one (each part must be a label of the forms and its value)."""
    cells = None if line.is_row else webcells.fields_apart(line.raw)
    return None if cells is None else Line(line.number, line.raw, tuple(cells), True)


def _value_below(lines: tuple[Line, ...], i: int) -> Line | None:
    """A field's label ending its line (项目名称：) and its value, alone on the next line, as
    one row; None when the next line is a label, a row or the page's furniture."""
    m = None if lines[i].is_row else _INLINE_EMPTY.match(lines[i].text)
    if not m or labels.label_kind(m.group(1)) != "field" or i + 1 >= len(lines):
        return None
    nxt = lines[i + 1]
    text = nxt.text
    if (
        nxt.is_row
        or not text
        or len(text) > 60
        or _labelled_line(text)
        or _INLINE_EMPTY.match(text)
    ):
        return None
    if labels.is_furniture(text) or labels.label_kind(text):
        return None
    raw = f"{lines[i].raw}\n{nxt.raw}"
    return Line(lines[i].number, raw, (m.group(1), text), True)


_NUMBERED = re.compile(
    r"^\s*(?:\d{1,2}\s*[、.．]|[（(]\d{1,2}[)）])\s*([^:：]{2,40}?)\s*[:：]\s*(\S.{0,30})$"
)
#: a level heading or a level's target in a list: （一）产出指标 / 数量指标：培训人数≥800人
_LEVEL_ITEM = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十\d]{1,3}[、.．])?\s*"
    r"([^:：]{2,14}?)\s*(?:[:：]\s*(\S.*))?$"
)
_CLAUSE = re.compile(r"[，；;。]|,(?!\d{3})")  # not the thousands in 2,345,600


def _amount_clause(value: str) -> str:
    """An amount followed by a clause (480万元，其中中央资金480万元。): the amount."""
    head = _CLAUSE.split(value, maxsplit=1)[0]
    return head if head != value and parse_money(head) is not None else value


def _numbered_targets(lines: tuple[Line, ...], i: int) -> list[Line]:
    """A prose form's 绩效指标： line and the targets listed below it, as a header and rows:
    numbered ones (1、name：value → name | value), level headings ((一)产出指标 → 产出指标)
    and a level's target (数量指标：培训人数≥800人 → 数量指标 | 培训人数 | ≥800人); none
    when it is not one."""
    m = None if lines[i].is_row else _INLINE_EMPTY.match(lines[i].text)
    if not m or labels.label_kind(m.group(1)) != "indicator-section":
        return []
    out = [Line(lines[i].number, lines[i].raw, ("三级指标", "指标值"), True)]
    for line in lines[i + 1 :]:
        cells = None if line.is_row else _listed_target(line.text)
        if not cells:
            break
        out.append(Line(line.number, line.raw, cells, True))
    return out if len(out) > 1 else []


def _listed_target(text: str) -> tuple[str, ...] | None:
    found = _NUMBERED.match(text)
    if found and looks_like_value(found.group(2)):
        return found.group(1), found.group(2)
    level = _LEVEL_ITEM.match(text)
    if level is None or not labels.is_level(level.group(1)):
        return None
    if not level.group(2):
        return (level.group(1),)  # （一）产出指标: the heading of a level's targets
    content, value = targets.content_value(level.group(2))
    return (level.group(1), content, value) if value else None


def _listed_goal(lines: tuple[Line, ...], i: int) -> int:
    """The end of a goal whose label ends its line (年度绩效目标：) and whose text is the
    lines below it, up to a blank line, a row, the page's furniture or another field
    (the targets it lists level by level: （一）数量指标：…); ``i + 1`` when it is not one."""
    m = None if lines[i].is_row else _INLINE_EMPTY.match(lines[i].text)
    if not m or labels.label_kind(m.group(1)) != "goal":
        return i + 1
    end = i + 1
    while end < len(lines) and not lines[end].is_row and lines[end].text:
        text = lines[end].text
        found = _INLINE.match(text)
        kind = labels.label_kind(found.group(1)) if found else ""
        if labels.is_furniture(text) or kind in ("field", "funding", "goal", "furniture"):
            break
        end += 1
    return end


def _sentence_end(lines: tuple[Line, ...], i: int) -> int:
    """The end of a paragraph of prose wrapped over lines from ``i``: it ends at a line
    ending in 。, a blank line, a row, or a line that is a label and its value."""
    end = i + 1
    while not lines[end - 1].text.endswith("。") and end < len(lines):
        nxt = lines[end]
        if nxt.is_row or not nxt.text or _labelled_line(nxt.text):
            break
        end += 1
    return end


def _labelled_line(text: str) -> bool:
    m = _INLINE.match(text)
    return bool(m) and bool(labels.label_kind(m.group(1)))  # type: ignore[union-attr]


def _split_inline(line: Line) -> Line:
    if not line.is_row:
        return line
    cells: list[str] = []
    changed = False
    for cell in line.cells:
        joined = labels.joined_label(cells[-1], cell) if cells and cell else None
        if joined is not None:  # 年度主要目标 | 和成果: one label printed with a gap
            cells[-1] = joined
            changed = True
            continue
        m = _INLINE.match(cell)
        if m and labels.label_kind(m.group(1)) in ("field", "funding", "funding-header"):
            cells.extend((m.group(1), m.group(2)))
            changed = True
        else:
            cells.append(cell)
    if not changed:
        return line
    return Line(line.number, line.raw, tuple(cells), True)
