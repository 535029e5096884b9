"""The cells of an indicator row as a page printed them, before they are read by meaning.

Pages print one indicator in ways a table's columns do not show: levels joined by dashes on
a line of their own (``产出指标—数量指标—补贴耕地面积：≥150万亩``), an indicator's name and its
target in one cell (``补贴耕地面积：≥150万亩``, or run together: ``健身器材验收合格率100%``).
A reader takes them apart as a person does: the dashes between level labels separate (and
a slash between two level labels in one cell: ``产出指标/数量指标``), a
colon before a target separates, and a target a name runs into is the value the row lacks.
"""

from __future__ import annotations

import re

from kg.domain import labels
from kg.domain.values import looks_like_value

_DASHES = "—－-–~→>"
#: a qualitative target a name runs into (…文化生活丰富, …机械化率稳步提高): a word of change
#: or state, after the adverb that often comes with it
_CHANGE = re.compile(
    r"(?:持续|明显|有效|稳步|显著|不断|逐步|逐年|进一步|大幅|全面|基本)?"
    r"(?:提高|提升|改善|增加|增长|丰富|增强|加强|降低|减少|下降|优化|完善|缩短|稳定|控制)$"
)
_LABELLED = re.compile(r"^(.{2,40}?)[:：]\s*(\S.*)$")
_PREFIXED = re.compile(r"^(.{2,16}?)[:：](.+)$")


_JOINED_LEVELS = re.compile(r"^(.{2,16}?)\s*[/／\\|｜—－–-]\s*(.{2,20})$")


def joined_levels(cells: list[str]) -> list[str]:
    """A level-1 and a level-2 label printed in one cell with a slash or a dash between
    them (产出指标/数量指标, a table's 指标类别 column) are two cells.

    >>> joined_levels(["产出指标/数量指标", "种苗合格率", "≥95%"])
    ['产出指标', '数量指标', '种苗合格率', '≥95%']
    >>> joined_levels(["元/人/年"])
    ['元/人/年']
    """
    out: list[str] = []
    for n, cell in enumerate(cells):
        m = _JOINED_LEVELS.match(cell) if n < 2 else None
        if m and labels.level1(m.group(1)) and labels.is_level(m.group(2)):
            out += [m.group(1), m.group(2)]
        else:
            out.append(cell)
    return out


def without_separators(cells: list[str]) -> list[str]:
    """The cells of a row with the dashes that join its level labels taken out.

    >>> without_separators(["产出指标", "—", "数量指标", "—补贴耕地面积：≥150万亩"])
    ['产出指标', '数量指标', '补贴耕地面积：≥150万亩']
    >>> without_separators(["培训人次", "—"])
    ['培训人次', '—']
    """
    out: list[str] = []
    for cell in cells:
        if out and labels.is_level(out[-1]):
            cell = cell.lstrip(_DASHES + " ")
            if not cell:
                continue
        out.append(cell)
    return out


def name_and_target(cell: str, any_text: bool = False) -> list[str]:
    """One cell that prints an indicator's name, a colon and its target: two cells (with
    ``any_text``, whatever follows the colon: the row has no other value).

    >>> name_and_target("补贴耕地面积：≥150万亩"), name_and_target("粮食播种面积：稳中有增")
    (['补贴耕地面积', '≥150万亩'], ['粮食播种面积：稳中有增'])
    >>> name_and_target("粮食播种面积：稳中有增", any_text=True)
    ['粮食播种面积', '稳中有增']
    """
    m = _LABELLED.match(cell)
    if not m or looks_like_value(m.group(1)) or labels.indicator_content(cell) != cell:
        return [cell]  # 指标1：… is a template's ordinal, not a name
    if any_text or looks_like_value(m.group(2).strip()):
        return [m.group(1).strip(), m.group(2).strip()]
    return [cell]


def split_target(text: str) -> tuple[str, str]:
    """An indicator's name and the target it runs into (``群众满意度≥90%``), or (text, '')
    when no target ends it: the longest ending that reads as a target, after a name of two
    characters or more that does not end inside a number.

    >>> split_target("新建村级全民健身场地数量10个"), split_target("项目完成时间2023年11月底前")
    (('新建村级全民健身场地数量', '10个'), ('项目完成时间', '2023年11月底前'))
    >>> split_target("群众健身参与率提高"), split_target("养殖动物成活率(目标)")
    (('群众健身参与率', '提高'), ('养殖动物成活率(目标)', ''))
    >>> split_target("（二）效益指标1.")
    ('（二）效益指标1.', '')
    >>> split_target("农村群众文化生活丰富"), split_target("综合机械化率稳步提高")
    (('农村群众文化生活', '丰富'), ('综合机械化率', '稳步提高'))
    """
    m = _CHANGE.search(text)
    if m and m.start() >= 3:  # a name of its own before it (成本控制 is a name)
        return text[: m.start()], m.group(0)
    for i in range(2, len(text)):
        tail = text[i:]
        if text[i - 1].isdigit() or text[i - 1] in ".%％" or tail[0] in ".,，":
            continue
        if tail.endswith((".", "．", "、")):
            break  # an ordinal (2.) that begins the next item, not a target
        if looks_like_value(tail) and not looks_like_value(text[:i]):
            return text[:i], tail
    return text, ""


def target_in_name(content: str) -> tuple[str, str]:
    """The name and the target of a cell that prints both (after a colon, or run together),
    or (content, '') when it prints no target.

    >>> target_in_name("粮食播种面积：稳中有增"), target_in_name("健身器材验收合格率100%")
    (('粮食播种面积', '稳中有增'), ('健身器材验收合格率', '100%'))
    """
    named = name_and_target(content, any_text=True)
    if len(named) == 2:
        return named[0], named[1]
    return split_target(content) if content else (content, "")


def level_prefixes(cells: list[str]) -> list[str]:
    """A level label and the content after it in one cell (数量指标：培训人次) are two cells.

    >>> level_prefixes(["产出指标", "数量指标：培训人次", "≥1500人次"])
    ['产出指标', '数量指标', '培训人次', '≥1500人次']
    """
    out: list[str] = []
    for n, cell in enumerate(cells):
        m = _PREFIXED.match(cell) if n < 2 else None
        if m and labels.is_level(m.group(1)) and m.group(2).strip():
            out += [m.group(1), m.group(2).strip()]
        else:
            out.append(cell)
    return out


def deduped(cells: list[str]) -> list[str]:
    """A row's cells without a cell printed twice in a row (a merged cell copied)."""
    out: list[str] = []
    for cell in cells:
        if not out or out[-1] != cell:
            out.append(cell)
    return out
