"""Cells run together: a table whose text extractor dropped every cell boundary.

    部门(单位)名称澧县食用菌研究所
    公共财政拨款222.45基本支出220.45
    产出指标数量指标研究培育食用菌品种数量研究培育食用菌品种数量
    2种

The cells are found again by the labels the forms print (:mod:`kg.domain.labels`): a line of the
form is cut before every label it holds (any label at its start; inside it, labels of four
characters or more, so that 上级 inside 上级党组织要求… stays text), and after a label an
amount is a cell of its own. After a goal or description label the rest of the line is
its text. In the indicator table a value printed on the line below its row joins the row,
and where the header prints an explanation column beside 三级指标 (指标解释) the indicator's
name and its explanation, run together, are cut apart: a name printed twice is the name and
its explanation; otherwise the name ends at the first word that ends an indicator's name
(…数量, …率, …度). Lines before the form's first label line (the page's title block) and
titles stay prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.domain import labels
from kg.domain.values import looks_like_value
from kg.read.base import Reader, Result, Source
from kg.read.lines import Line, prose, row

#: a label inside a line must be this long to cut it (shorter ones only at its start)
_INNER = 4
_AMOUNT = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?(?:万元|亿元|元|万)?")
_PARENS = str.maketrans("（）：", "():")
_UNIT_AFTER = re.compile(r"\s*[(（](?:万元|亿元|元)[)）]")
#: words an indicator's name ends with, before its explanation begins
_NAME_ENDS = (
    "满意度",
    "数量",
    "人数",
    "次数",
    "户数",
    "个数",
    "面积",
    "时间",
    "金额",
    "成本",
    "比例",
    "比率",
    "情况",
    "水平",
    "效益",
    "时限",
    "周期",
    "率",
    "度",
)


def _vocabulary() -> tuple[str, ...]:
    """Every label, normalised the way lines are, longest first."""
    found = {labels.simplified(lab).translate(_PARENS) for lab in labels.LABELS}
    return tuple(sorted((lab for lab in found if len(lab) >= 2), key=lambda s: (-len(s), s)))


_LABELS = _vocabulary()


def _label_at(text: str, i: int, inner: bool) -> str:
    for lab in _LABELS:
        if inner and len(lab) < _INNER:
            break
        if text.startswith(lab, i):
            return lab
    return ""


def split(text: str) -> list[str]:
    """The cells of one line whose cells run together.

    >>> split("公共财政拨款222.45基本支出220.45")
    ['公共财政拨款', '222.45', '基本支出', '220.45']
    >>> split("年度资金总额（万元）120.00")
    ['年度资金总额（万元）', '120.00']
    >>> split("产出指标数量指标研究培育食用菌品种数量")
    ['产出指标', '数量指标', '研究培育食用菌品种数量']
    >>> split("质量指标党建任务完成率上级党组织要求完成党建工作任务完成率")
    ['质量指标', '党建任务完成率上级党组织要求完成党建工作任务完成率']
    """
    norm = labels.simplified(text).translate(_PARENS)
    cells: list[str] = []
    buf_start = -1
    i = 0
    while i < len(text):
        lab = "" if text[i].isspace() else _label_at(norm, i, inner=i > 0)
        if lab:
            _flush(cells, text, buf_start, i)
            buf_start = -1
            end = i + len(lab)
            unit = _UNIT_AFTER.match(text, end)  # 年度资金总额（万元）120.00: the label's unit
            end = unit.end() if unit and labels.label_kind(lab).startswith("funding") else end
            cells.append(text[i:end])
            i = end
            prose_follows = not _label_at(norm, i, inner=True)
            if prose_follows and labels.label_kind(lab) in (
                "goal",
                "description",
                "statement-section",
            ):
                rest = text[i:].strip(" :：")
                if rest:
                    cells.append(rest)
                return cells
            m = _AMOUNT.match(text, i)
            if m and labels.label_kind(lab) in ("funding", "funding-header", "description"):
                cells.append(m.group(0))
                i = m.end()
            continue
        if buf_start < 0:
            buf_start = i
        i += 1
    _flush(cells, text, buf_start, len(text))
    return cells


def _flush(cells: list[str], text: str, start: int, end: int) -> None:
    if start >= 0:
        cell = text[start:end].strip(" :：")
        if cell:
            cells.append(cell)


def name_and_explanation(text: str) -> tuple[str, str]:
    """An indicator's name and its explanation printed as one run of text.

    >>> name_and_explanation("机关事务正常运转率机关事务正常运转率")
    ('机关事务正常运转率', '机关事务正常运转率')
    >>> name_and_explanation("技术指导服务数量对生产种植企业技术指导服务数量")
    ('技术指导服务数量', '对生产种植企业技术指导服务数量')
    >>> name_and_explanation("创建基地"), name_and_explanation("临时救助人次全年临时救助人次")
    (('创建基地', ''), ('临时救助人次', '全年临时救助人次'))
    """
    half = len(text) // 2
    if len(text) % 2 == 0 and text[:half] == text[half:]:
        return text[:half], text[half:]
    for end in range(4, len(text) - 1):
        if text[:end].endswith(_NAME_ENDS):
            return text[:end], text[end:]
    restated = _restated(text)
    return (text[:restated], text[restated:]) if restated else (text, "")


def _restated(text: str) -> int:
    """Where an explanation begins that restates the name before it: it ends with the
    whole name (临时救助人次 | 全年临时救助人次) or opens with the name's first four
    characters (困难群众基本生活保障 | 困难群众基本生活得到保障); 0 when none does.

    >>> _restated("临时救助人次全年临时救助人次")
    6
    >>> _restated("困难群众基本生活保障困难群众基本生活得到保障")
    10
    >>> _restated("党建任务完成率上级党组织要求完成党建工作任务完成率")
    0
    """
    for end in range(len(text) // 2, 3, -1):
        if text[end:].endswith(text[:end]):
            return end
    for end in range(4, len(text) - 3):
        if text[end:].startswith(text[:4]):
            return end
    return 0


# --- recognising and reading -----------------------------------------------------------


def _led(raw: str) -> bool:
    """A line that starts with a label and runs on into more text without a gap."""
    text = raw.strip()
    lab = _label_at(labels.simplified(text).translate(_PARENS), 0, inner=False)
    if not lab or labels.label_kind(lab) in ("furniture", ""):
        return False
    return len(text) > len(lab) and not text[len(lab)].isspace()


def sniff(source: Source) -> float:
    lines = [raw for raw in source.text.splitlines() if raw.strip()]
    gaps = sum(1 for raw in lines if "\t" in raw.strip() or " | " in raw or "  " in raw.strip())
    if gaps > max(2, len(lines) // 5):
        return 0.0
    led = sum(1 for raw in lines if _led(raw))
    alone = sum(1 for raw in lines if labels.label_kind(raw.strip()))  # one cell per line
    crowded = sum(1 for raw in lines if sum(1 for c in split(raw) if labels.label_kind(c)) >= 3)
    return 0.62 if led >= 4 and led > alone and crowded >= 1 else 0.0


@dataclass
class _Table:
    """The indicator table being read: its header's columns after the levels."""

    after_levels: list[str] = field(default_factory=list)

    @property
    def explains(self) -> bool:
        """三级指标 followed by an explanation column (指标解释)."""
        cols = self.after_levels
        return len(cols) > 1 and cols[0] == "l3" and cols[1] == "description"


def read(source: Source) -> Result:
    out: list[Line] = []
    table: _Table | None = None
    inside = False
    for number, raw in enumerate(source.text.splitlines(), start=1):
        text = raw.strip()
        inside = inside or (_led(raw) and not labels.is_title(text))
        if not text or not inside or labels.is_title(text):
            out.append(prose(number, raw))
            continue
        cells = split(text)
        roles = [labels.lookup(labels.INDICATOR_COLUMNS, c) for c in cells]
        if sum(1 for r in roles if r) >= 2:
            table = _Table([r for r in roles if r and r not in ("l1", "l2")])
        elif table is not None:
            cells = _indicator_cells(cells, table, out)
            if not cells:
                continue
        out.append(row(number, raw, cells))
    return [("", out)], []


def _indicator_cells(cells: list[str], table: _Table, out: list[Line]) -> list[str]:
    """A row of the indicator table; a lone value joins the row above (returns []), whose
    name and explanation are then cut apart (a row the page ends in keeps its one cell)."""
    if len(cells) == 1 and looks_like_value(cells[0]) and out and out[-1].is_row:
        above = out[-1]
        if not looks_like_value(above.filled[-1]):
            joined = (*_explained(list(above.filled), table), cells[0])
            out[-1] = Line(above.number, f"{above.raw}\n{cells[0]}", joined, True)
            return []
    if cells and looks_like_value(cells[-1]):
        return _explained(cells[:-1], table) + cells[-1:]
    if _worded_target(cells, table, out):
        above = out[-1]
        joined = (*_explained(list(above.filled), table), cells[0])
        out[-1] = Line(above.number, f"{above.raw}\n{cells[0]}", joined, True)
        return []
    return cells


def _worded_target(cells: list[str], table: _Table, out: list[Line]) -> bool:
    """A short line of words below a row that prints an indicator's name and explanation
    but no target (…困难群众基本生活得到保障 / 有效保障): the row's target, in words."""
    if len(cells) != 1 or len(cells[0]) > 8 or labels.label_kind(cells[0]):
        return False
    if not table.explains or not out or not out[-1].is_row:
        return False
    above = _explained(list(out[-1].filled), table)
    levels = sum(1 for c in above[:2] if labels.is_level(c))
    return len(above) - levels == 2 and not looks_like_value(above[-1])


def _explained(cells: list[str], table: _Table) -> list[str]:
    levels = 0
    while levels < len(cells) and levels < 2 and labels.is_level(cells[levels]):
        levels += 1
    rest = cells[levels:]
    if table.explains and len(rest) == 1:
        name, explanation = name_and_explanation(rest[0])
        rest = [name, explanation] if explanation else [name]
    return [*cells[:levels], *rest]


READER = Reader("runon", (".txt",), False, sniff, read)
