"""What a cell of a form labels: the functions that match cells against the label tables.

The tables themselves (every Chinese label the form parsers recognise) are data in
:mod:`kg.domain.vocabulary`; this module re-exports them, so ``labels.LEVEL1`` and
``labels.label_kind`` come from one place. Labels are compared after :func:`key`, which drops
whitespace and markup so that ``项目年度绩效 目标衡量指标`` and ``满意度指 标`` match their
clean spellings; the functions that only read the tables are pure and cached.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from functools import lru_cache
from typing import TypeVar

# the tables, re-exported: labels.LEVEL1 is vocabulary.LEVEL1
from kg.domain.vocabulary import *  # noqa: F403
from kg.domain.vocabulary import (
    DEPARTMENT_FIELDS,
    DESCRIPTION_LABELS,
    FUNCTION_SECTIONS,
    FUNDING,
    FUNDING_ANNUAL_PREFIX,
    FUNDING_HEADER,
    FUNDING_OTHER,
    FUNDING_TOTAL_HEADINGS,
    FUNDING_UNPLACED,
    FURNITURE,
    GOAL_LABELS,
    GOAL_SECTIONS,
    INDICATOR_COLUMNS,
    INDICATOR_HEADER,
    INDICATOR_SECTION,
    LABELS,
    LEVEL1,
    LEVEL1_CHILDREN,
    LEVEL2,
    OVERALL_GOAL_LABELS,
    PROJECT_FIELDS,
    SHORT_LEVEL_COLUMNS,
    SUMMARY_START,
    TITLE_WORDS,
    TRADITIONAL_TO_SIMPLIFIED,
)

#: labels repeat across a corpus (a few thousand distinct cells): the label functions that
#: only read the tables keep their answers for this many cells
CACHED = 1 << 16

_V = TypeVar("_V")

_SPACE = re.compile(r"\s+")


def simplified(text: str) -> str:
    """The text with the traditional characters of the labels written simplified (one
    character for one, so positions hold).

    >>> simplified("產出指標"), simplified("學校師生滿意度")
    ('产出指标', '學校师生满意度')
    """
    return text.translate(TRADITIONAL_TO_SIMPLIFIED)


def tidy(text: str) -> str:
    """A label as printed, without whitespace or colons (what the records keep).

    >>> tidy("產出指 標：")
    '產出指標'
    """
    return _SPACE.sub("", text).replace("：", "").replace(":", "")


def printed_label(text: str) -> str:
    """A level label as the records keep it: as printed, without whitespace, colons and the
    template's notes and marks (成本指标(0-20)分 → 成本指标, ★质量指标 → 质量指标).

    >>> printed_label("成本指标(0-20)分"), printed_label("產出指 標")
    ('成本指标', '產出指標')
    """
    t = _MARKS.sub("", tidy(text))
    return _NOTES.sub("", t) or t


@lru_cache(maxsize=CACHED)
def key(text: str) -> str:
    """Normalise a label cell for comparison: no whitespace, no colons, simplified characters,
    without the marks and template notes a form prints beside its labels (★, *, (必填),
    (0-20)分, (≥**%)) or a leading ordinal (1. 其中).

    >>> key("满意度指 标")
    '满意度指标'
    >>> key("项目名称：")
    '项目名称'
    >>> key("項目名稱")
    '项目名称'
    >>> key("*年度绩效总目标"), key("成本指标(0-20)分"), key("2.市级资金"), key("★质量指标")
    ('年度绩效总目标', '成本指标', '市级资金', '质量指标')
    >>> key("一、项目名称"), key("（二）实施单位"), key("一级指标")
    ('项目名称', '实施单位', '一级指标')
    >>> key("一级指标 Level 1"), key("实施单位Implementing unit"), key("项目名称ab")
    ('一级指标', '实施单位', '项目名称ab')
    """
    text = _without_gloss(text)
    k = _MARKS.sub("", simplified(tidy(text)).translate(_PARENS))
    k = _NOTES.sub("", k)
    return _ORDINAL.sub("", k) or k


_PARENS = str.maketrans("（）", "()")
#: an English gloss printed after a Chinese label (项目名称 Project, 指标值 Target)
_ENGLISH = re.compile(r"(?<=[\u4e00-\u9fff)）])\s*[A-Za-z]{3,}[A-Za-z0-9 .\-/&']*$")
_MARKS = re.compile(r"^[*＊★☆※]+|[*＊★☆※]+$")
_NOTES = re.compile(
    r"[（(](?:必填|选填|可选|文字|文字描述|\d+(?:[-~－—至]\d+)?分?|[^()（）]*\*\*[^()（）]*)[)）]分?"
)
_ORDINAL = re.compile(
    r"^(?:其中)?(?:\d{1,2}[.、．]|[（(]\d{1,2}[)）]|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）])"
)
_QUALIFIER = re.compile(r"(?<=[^\s(（])[（(]([^()（）]*)[)）]")
_UNITISH = re.compile(r"^(?:%|‰|[\u4e00-\u9fff]{1,4}|[a-zA-Z/²³]{1,6})$")


def _without_gloss(text: str) -> str:
    """A label without the English gloss printed after it (实施单位 Implementing unit)."""
    if not _ENGLISH.search(text):
        return text
    head = _ENGLISH.sub("", text)
    return head if key(head) in LABELS else text


def base(label_key: str) -> str:
    """A label key without the qualifiers printed inside it: 数量指标(或建筑规模指标) →
    数量指标, 二级指标(长期) → 二级指标, 预算(或投资规模)控制指标 → 预算控制指标. A unit in
    brackets (满意度(%), 资金(万元)) is not a qualifier and stays.

    >>> base("数量指标(或建筑规模指标)"), base("二级指标(年度)"), base("满意度(%)")
    ('数量指标', '二级指标', '满意度(%)')
    """
    if "(" not in label_key and "（" not in label_key:  # most keys: nothing in brackets
        return label_key
    return _QUALIFIER.sub(lambda m: "" if _qualifier(m.group(1)) else m.group(0), label_key)


def _qualifier(inside: str) -> bool:
    if any(w in inside for w in ("指标", "或", "长期", "中期", "年度", "文字", "含")):
        return True
    return not _UNITISH.match(inside)


def lookup(table: Mapping[str, _V], cell: str) -> _V | None:
    """A table's entry for a label cell, tolerant of qualifiers (:func:`base`)."""
    k = key(cell)
    found = table.get(k)
    if found is None and "(" in k:
        found = table.get(base(k))
    return found


def header_roles(cells: Sequence[str]) -> list[str | None]:
    """The column each cell of a row heads, if it is an indicator header's cell.

    >>> header_roles(["一级", "二级", "三级", "指标值"]), header_roles(["质量指标", "一级"])
    (['l1', 'l2', 'l3', 'value'], [None, None])
    """
    roles = [_column_roles(c) for c in cells]
    short = sum(1 for _, level in roles if level is not None) >= 2
    return [role or (level if short else None) for role, level in roles]


@lru_cache(maxsize=CACHED)
def _column_roles(cell: str) -> tuple[str | None, str | None]:
    """The column a cell heads, and the level it heads as a short label (一级, 二级), if any."""
    return lookup(INDICATOR_COLUMNS, cell), SHORT_LEVEL_COLUMNS.get(key(cell))


#: a value column split in two below the header (2021年实际实现值 | 预期2022年实现值): the
#: cells that head what was achieved, not the target
PAST_VALUE = re.compile(r"^(?!.*(?:预期|目标|计划)).*(?:实际|上年|已完成|完成值)")
_VALUE_PART = re.compile(r"(?:实际|预期|计划|目标|上年|\d{4}年).*(?:值|数|目标)$")


def value_subheader(cell: str) -> str | None:
    """'past' or 'target' for a cell heading half of a split value column (2021年实际实现值,
    预期2022年实现值), else None.

    >>> value_subheader("2021年实际实现值"), value_subheader("预期2022年实现值")
    ('past', 'target')
    >>> value_subheader("x") is None
    True
    """
    k = key(cell)
    if not _VALUE_PART.search(k):
        return None
    return "past" if PAST_VALUE.search(k) else "target"


#: the signature and stamp block below a form (财政资金管理科室(盖章) 年 月 日, 填报人：): it ends
#: the form and is not part of it
SIGNATURE = re.compile(r"盖章|签字|签章|^(?:填报人|审核人|填表人)$|年月日$")


#: a page's links to its neighbours and its imprint (上一篇：…, 下一篇：…, 主办：…, 版权所有…):
#: a line that begins so is furniture, whatever title follows
_NAVIGATION = re.compile(
    r"^(?:上一篇|下一篇|上一条|下一条|分享到|主办单位|承办单位|主办|承办|版权所有)\s*(?:[:：]|$)"
)
_PAGE_NUMBER = re.compile(
    r"^(?:[-—－–]\s*\d{1,4}\s*[-—－–]|第\s*\d{1,4}\s*页(?:\s*共\s*\d{1,4}\s*页)?)$"
)
_LINKS = re.compile(r"[【\[]([^】\]]{1,8})[】\]]")
#: what a text browser prints around a page (lynx/w3m -dump): a rule of underscores, the
#: ``References`` list of the page's links (``1. http://…``), a bare address
_DUMP_FURNITURE = re.compile(
    r"^(?:_{4,}|(?:References|Visible links|Hidden links):?|(?:\d{1,4}\.\s*)?(?:https?|ftp)://\S+)$"
)


def is_page_number(text: str) -> bool:
    """A page number a converter leaves between a page's lines (— 3 —, 第 2 页 共 3 页)."""
    return bool(_PAGE_NUMBER.match(text.strip()))


@lru_cache(maxsize=CACHED)
def is_furniture(text: str) -> bool:
    """A line of the page around a form: a page number (— 3 —, 第3页) or the page's links
    (【打印本页】 【关闭窗口】, [下载] [打印] [关闭]).

    >>> is_furniture("— 3 —"), is_furniture("【打印本页】 【关闭窗口】"), is_furniture("3")
    (True, True, False)
    >>> is_furniture("上一篇：某局2024年部门预算"), is_furniture("主办：某区人民政府办公室")
    (True, True)
    >>> is_furniture("____________"), is_furniture("1. http://www.example.gov.cn/zwgk/")
    (True, True)
    """
    t = text.strip()
    if is_page_number(t) or _NAVIGATION.match(t) or _DUMP_FURNITURE.match(t):
        return True
    links = _LINKS.findall(t)
    rest = _LINKS.sub("", t).strip()
    return bool(links) and not rest and all(key(w) in FURNITURE for w in links)


#: 职能1 … 职能N, 目标1 … 目标N of a department form
STATEMENT_ORDINAL = re.compile(r"^(职能|目标)(\d+)$")
#: 任务1 … 任务N: the rows of a department's 年度主要任务 (name, content, amounts), placed
#: as the tasks they are; their sum is the 金额合计 row
TASK_ORDINAL = re.compile(r"^任务(\d+|[一二三四五六七八九十]{1,3})$")


def parent_region(code: str) -> str:
    """The administrative division above a code ('' at province level).

    >>> parent_region("450203"), parent_region("450200"), parent_region("450000")
    ('450200', '450000', '')
    """
    if len(code) != 6 or not code.isdigit():
        return ""
    if code[4:] != "00":
        return code[:4] + "00"
    if code[2:4] != "00":
        return code[:2] + "0000"
    return ""


def level1(cell: str) -> str | None:
    """Canonical code of a level-1 label, or None.

    >>> level1("满意度指 标"), level1("成本指标(0-20)分"), level1("实施效果指标")
    ('satisfaction', 'cost', '')
    """
    return lookup(LEVEL1, cell)


def level2(cell: str) -> tuple[str, str] | None:
    """(code, parent level-1 code) of a level-2 label, or None ('' where no MoF category
    matches: 计划管理指标).

    >>> level2("数量指标(或建筑规模指标)"), level2("时效指标(工期指标、形象进度指标)")
    (('quantity', 'output'), ('timeliness', 'output'))
    """
    return lookup(LEVEL2, cell)


def is_level(cell: str) -> bool:
    """A level-1 or level-2 label of any template."""
    return level1(cell) is not None or level2(cell) is not None


def child_of(parent: str | None, cell: str) -> bool:
    """Whether a label is a level-2 label below this level-1 label although other templates
    print it as a level-1 label (产出指标 below the NDRC template's 实施效果指标)."""
    if not parent:
        return False
    children = lookup(LEVEL1_CHILDREN, parent)
    return bool(children) and key(cell) in children  # type: ignore[operator]


def cost_is_level2(cells: list[str]) -> bool:
    """成本指标 at the front of a row is a level-2 label unless cost sub-labels follow.

    >>> cost_is_level2(["成本指标", "预算控制率"]), cost_is_level2(["成本指标", "经济成本指标"])
    (True, False)
    """
    if not cells or key(cells[0]) != "成本指标" or level1(cells[0]) != "cost":
        return False
    follower = level2(cells[1]) if len(cells) > 1 else None
    return not (follower and follower[1] == "cost")


#: the template's ordinal before an indicator's content (指标1：, 指标二:), not part of it
_CONTENT_ORDINAL = re.compile(r"^\s*指标\s*[0-9一二三四五六七八九十]{1,3}\s*[:：]\s*")


_WEIGHT_NOTE = re.compile(r"\s*[（(]\s*\d{1,3}(?:\.\d+)?\s*分\s*[)）]$")


def indicator_content(text: str) -> str:
    """An indicator's content without the template's ordinal printed before it, the
    weight printed after it and a core-indicator mark at either end (★).

    >>> indicator_content("指标1：生活垃圾清运量"), indicator_content("受益人数（10分）")
    ('生活垃圾清运量', '受益人数')
    >>> indicator_content("公厕保洁达标率★"), indicator_content("★受益人数")
    ('公厕保洁达标率', '受益人数')
    """
    unmarked = _MARKS.sub("", text.strip()) or text
    return without_weight(_CONTENT_ORDINAL.sub("", unmarked)) or text


def without_weight(text: str) -> str:
    """A cell without the weight noted at its end (≥95%（5分）): the score is not the target.

    >>> without_weight("≥95%（5分）"), without_weight("达到预期(10分)"), without_weight("5分")
    ('≥95%', '达到预期', '5分')
    """
    return _WEIGHT_NOTE.sub("", text) or text


# --- units stated in headings and notes -------------------------------------------------

_UNIT_SUFFIX = re.compile(r"[（(](万元|元|亿元)[)）]$")
_UNIT_NOTE = re.compile(
    r"^(?:[（(]?(?:金额)?单位[:：]?(万元|元|亿元)[)）]?|[（(](万元|元|亿元)[)）])$"
)
_UNIT_STATED = re.compile(r"单位[:：](万元|元|亿元)")


def unit_heading(cell: str) -> str | None:
    """The unit a heading states for the amounts it heads, or None.

    >>> unit_heading("金额(元)"), unit_heading("项目资金申请（万元）"), unit_heading("单位：万元")
    ('元', '万元', '万元')
    >>> unit_heading("合计") is None, unit_heading("项目资金（万元）：")
    (True, '万元')
    """
    if "元" not in cell:  # each unit is one of 元, 万元, 亿元
        return None
    text = simplified(_SPACE.sub("", cell)).rstrip(":：")  # 项目资金（万元）：
    m = _UNIT_SUFFIX.search(text) or _UNIT_STATED.search(text)
    return m.group(1) if m else None


def unit_note(cell: str) -> str | None:
    """The unit of a note that says nothing else (单位：万元, （单位：元）), or of a heading's
    unit printed on a line of its own below the heading (项目资金 / （万元）), or None.

    >>> unit_note("单位：万元"), unit_note("（万元）"), unit_note("万元")
    ('万元', '万元', None)
    """
    if "元" not in cell:  # each unit is one of 元, 万元, 亿元
        return None
    m = _UNIT_NOTE.match(simplified(_SPACE.sub("", cell)))
    return (m.group(1) or m.group(2)) if m else None


def without_unit(label: str) -> str:
    """A label key without the unit it states: 项目资金申请(万元) → 项目资金申请."""
    if "元" not in label:  # each unit is one of 元, 万元, 亿元
        return label
    return _UNIT_SUFFIX.sub("", label)


# --- labels as a reader sees them --------------------------------------------------------


@lru_cache(maxsize=CACHED)
def joined_label(first: str, second: str) -> str | None:
    """The label that two cells printed one above the other spell together, or None.

    >>> joined_label("项目实施", "单位"), joined_label("满意度", "指标"), joined_label("项目", "x")
    ('项目实施单位', '满意度指标', None)
    """
    if not first or not second or (_is_label(first) and _is_label(second)):
        return None
    if second.isascii() and any(c.isalpha() for c in second):
        return None  # a value in Latin letters, not the rest of a label (项目名称 | abc)
    joined = first.strip() + second.strip()
    return joined if _is_label(joined) else None


@lru_cache(maxsize=CACHED)
def _is_label(cell: str) -> bool:
    k = key(cell)
    return k in LABELS or without_unit(k) in LABELS or base(k) in LABELS


@lru_cache(maxsize=CACHED)
def funding_label(cell: str) -> tuple[str, bool] | None:
    """(source kind, annual) of a funding label: ('total', False) for 合计 and 资金总额,
    ('general_public', True) for 其中:当年财政拨款 (the year's column of a table that also
    prints the period's).

    >>> funding_label("资金总额"), funding_label("其中：当年财政拨款"), funding_label("x")
    (('total', False), ('general_public', True), None)
    """
    k = without_unit(key(cell))
    rest = k.removeprefix("其中")
    annual = rest.startswith(FUNDING_ANNUAL_PREFIX)
    bare = rest.removeprefix(FUNDING_ANNUAL_PREFIX)
    for candidate in dict.fromkeys((k, "其中" + bare, bare, base(bare))):
        if candidate in FUNDING_TOTAL_HEADINGS:
            return "total", annual
        if candidate in FUNDING:
            return FUNDING[candidate], annual
    return None


@lru_cache(maxsize=CACHED)
def label_kind(cell: str) -> str:
    """What a lone cell labels ('' for data), for readers that find rows by their labels.

    >>> label_kind("项目名称"), label_kind("其中：上级"), label_kind("產出指標"), label_kind("x")
    ('field', 'funding', 'level', '')
    >>> label_kind("二级指标(长期)"), label_kind("索 引 号"), label_kind("项目(专项)名称")
    ('indicator-header', 'furniture', 'field')
    """
    k = key(cell)
    if not k or len(k) > 40:
        return ""
    b = base(k)
    u = without_unit(k)

    def has(table: Collection[str]) -> bool:
        return k in table or b in table or u in table

    kinds = (
        ("indicator-section", has(INDICATOR_SECTION)),
        ("indicator-header", has(INDICATOR_HEADER)),
        ("summary-header", k == SUMMARY_START),
        ("field", has(PROJECT_FIELDS) or has(DEPARTMENT_FIELDS)),
        ("funding", has(FUNDING) or funding_label(k) is not None),
        ("funding-header", has(FUNDING_HEADER) or (_money_heading(k) and not has(FUNDING_OTHER))),
        ("goal", has(GOAL_LABELS) or has(OVERALL_GOAL_LABELS)),
        ("statement-section", k.startswith(FUNCTION_SECTIONS + GOAL_SECTIONS)),
        ("statement", bool(STATEMENT_ORDINAL.match(k))),
        ("level", has(LEVEL1) or has(LEVEL2)),
        ("furniture", k in FURNITURE),
        ("description", has(DESCRIPTION_LABELS) or has(FUNDING_OTHER)),
        ("funding-unplaced", has(FUNDING_UNPLACED)),
    )
    return next((kind for kind, hit in kinds if hit), "")


#: a heading of a form's amounts: what it begins and ends with before the unit it states
#: (年度预算资金（万元）, 部门预算资金(元)); an indicator's name with a unit (人均补助资金(元))
#: begins otherwise
_MONEY_HEADING = re.compile(r"^(?:年度|部门|项目|本年|当年|单位)?(?:预算)?(?:资金|预算|金额)$")


def _money_heading(label_key: str) -> bool:
    """A heading that names the form's money and states its unit (年度预算资金（万元）): it
    heads the funding rows below it, whatever the form calls them.

    >>> _money_heading("年度预算资金(万元)"), _money_heading("年度预算资金")
    (True, False)
    >>> _money_heading("人均补助资金(元)"), _money_heading("人数(人)")
    (False, False)
    """
    return bool(unit_heading(label_key)) and bool(_MONEY_HEADING.match(without_unit(label_key)))


@lru_cache(maxsize=CACHED)
def is_title(text: str) -> bool:
    """Whether a lone cell is the title of a form or table (…申报表, 区本级…预算)."""
    text = simplified(text)
    if any(w in text for w in TITLE_WORDS):
        return True
    return "区本级" in text and text.endswith("预算")


#: a heading's Chinese ordinal: 一、 (group ``first``, a first-level heading) or （一）
#: (group ``second``, a second-level one)
ORDINAL_PREFIX = re.compile(
    r"^(?:(?P<first>[一二三四五六七八九十]+、)|(?P<second>[（(][一二三四五六七八九十]+[)）]))"
)
#: a year as a title, a heading or a sentence prints it (2025年, 2025 年); group 1 the year
YEAR = re.compile(r"(20\d{2})\s*年")
