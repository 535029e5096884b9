"""Every Chinese label the form parsers recognise, in one mapping table.

Labels are compared after :func:`key`, which drops whitespace and markup so that
``项目年度绩效 目标衡量指标`` and ``满意度指 标`` match their clean spellings.
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")

#: traditional → simplified, for the characters the labels below are written with (and the
#: variants 産/値); used to match labels only — printed text is kept as printed
_T2S = str.maketrans(
    "萬產産億眾優會體內況減務區單號響國壯實對屬廣強態總執報撥據數斷無時顯權來標濟滿環碼確稱"
    "穩級經績續綜編職營計議請調財質資達運長門問險項預額魚規劃値師檢費鄉關與類階",
    "万产产亿众优会体内况减务区单号响国壮实对属广强态总执报拨据数断无时显权来标济满环码确称"
    "稳级经绩续综编职营计议请调财质资达运长门问险项预额鱼规划值师检费乡关与类阶",
)


def simplified(text: str) -> str:
    """The text with the traditional characters of the labels written simplified (one
    character for one, so positions hold).

    >>> simplified("產出指標"), simplified("學校師生滿意度")
    ('产出指标', '學校师生满意度')
    """
    return text.translate(_T2S)


def tidy(text: str) -> str:
    """A label as printed, without whitespace or colons (what the records keep).

    >>> tidy("產出指 標：")
    '產出指標'
    """
    return _SPACE.sub("", text).replace("：", "").replace(":", "")


def key(text: str) -> str:
    """Normalise a label cell for comparison: no whitespace, no colons, simplified characters.

    >>> key("满意度指 标")
    '满意度指标'
    >>> key("项目名称：")
    '项目名称'
    >>> key("項目名稱")
    '项目名称'
    """
    return simplified(tidy(text))


# --- indicator tree (财预〔2021〕101号 and the older local forms) -------------------------

#: level-1 labels → canonical code
LEVEL1: dict[str, str] = {
    "产出指标": "output",
    "产出": "output",
    "效益指标": "outcome",
    "效益": "outcome",
    "满意度指标": "satisfaction",
    "满意度": "satisfaction",
    "成本指标": "cost",  # level-1 only in the 2021 framework (with 经济成本指标 ... below)
    # other provinces and the older (2013) framework
    "产出值": "output",
    "项目完成指标": "output",
    "项目效益指标": "outcome",
}

#: level-1 labels of the older framework that also hold satisfaction indicators
#: (项目效益指标 → 社会公众或服务对象满意度指标): a satisfaction label below them keeps them
LEVEL1_ALSO_HOLDS: dict[str, frozenset[str]] = {
    "项目效益指标": frozenset({"satisfaction"}),
}

#: level-2 labels → (canonical code, level-1 code it belongs to)
LEVEL2: dict[str, tuple[str, str]] = {
    "数量指标": ("quantity", "output"),
    "质量指标": ("quality", "output"),
    "时效指标": ("timeliness", "output"),
    "成本指标": ("cost", "output"),
    "经济成本指标": ("economic-cost", "cost"),
    "社会成本指标": ("social-cost", "cost"),
    "生态环境成本指标": ("environmental-cost", "cost"),
    "经济效益": ("economic", "outcome"),
    "经济效益指标": ("economic", "outcome"),
    "社会效益": ("social", "outcome"),
    "社会效益指标": ("social", "outcome"),
    "社会效益目标": ("social", "outcome"),
    "生态效益": ("ecological", "outcome"),
    "生态效益指标": ("ecological", "outcome"),
    "可持续影响": ("sustainability", "outcome"),
    "可持续影响指标": ("sustainability", "outcome"),
    "服务对象满意度": ("service-recipient", "satisfaction"),
    "服务对象满意度指标": ("service-recipient", "satisfaction"),
    # other provinces and the older (2013) framework
    "数量值": ("quantity", "output"),
    "质量值": ("quality", "output"),
    "时效值": ("timeliness", "output"),
    "成本值": ("cost", "output"),
    "社会公众或服务对象满意度": ("service-recipient", "satisfaction"),
    "社会公众或服务对象满意度指标": ("service-recipient", "satisfaction"),
}

#: canonical level-1 code → the label written when a form does not print one
LEVEL1_LABEL: dict[str, str] = {
    "output": "产出指标",
    "cost": "成本指标",
    "outcome": "效益指标",
    "satisfaction": "满意度指标",
}

#: header cells of indicator tables → the column they head. Forms of other provinces print
#: the operator, the number's unit, a weight and a direction in columns of their own; the
#: weight and the direction are not part of the target value.
INDICATOR_COLUMNS: dict[str, str] = {
    "一级指标": "l1",
    "二级指标": "l2",
    "三级指标": "l3",
    "指标内容": "content",
    "指标名称": "content",
    "指标值": "value",
    "目标值": "value",
    "年度指标值": "value",
    "绩效指标描述": "description",
    "指标解释": "description",
    "指标值确定依据": "basis",
    "指标性质": "operator",
    "运算符": "operator",
    "运算符号": "operator",
    "度量单位": "unit",
    "计量单位": "unit",
    "指标单位": "unit",
    "权重": "weight",
    "分值": "weight",
    "指标权重": "weight",
    "权重(%)": "weight",
    "权重（%）": "weight",
    "指标方向": "direction",
    "指标方向性": "direction",
}

#: header cells of indicator tables (not data)
INDICATOR_HEADER = frozenset(INDICATOR_COLUMNS)

#: columns that make an indicator table positional: read by the header's column positions
POSITIONAL_COLUMNS = frozenset({"operator", "unit", "weight", "direction"})

#: the row label printed in the first column beside an indicator table
INDICATOR_SECTION = {
    "项目年度绩效目标衡量指标",
    "部门整体支出年度绩效目标衡量指标",
}

# --- form headers ----------------------------------------------------------------------

PROJECT_FIELDS: dict[str, str] = {
    "项目名称": "name",
    "项目编码": "code",
    "项目编号": "code",
    "项目实施单位": "implementing_unit",
    "项目主管单位": "supervising",
    "项目属性": "attribute",
    # other provinces
    "项目支出名称": "name",
    "预算部门": "supervising",
    "主管部门": "supervising",
    "项目主管部门": "supervising",
    "实施单位": "implementing_unit",
}

DEPARTMENT_FIELDS: dict[str, str] = {
    "部门名称": "name",
    "部门编码": "code",
}

#: cells that label a funding amount → source_kind ("total" for 合计)
FUNDING: dict[str, str] = {
    "合计": "total",
    "预算数": "total",
    "其中一般公共预算拨款": "general_public",
    "一般公共预算拨款": "general_public",
    "其中上级": "general_public_upper",
    "上级": "general_public_upper",
    "本级": "general_public_local",
    "政府性基金": "gov_fund",
    "国有资本经营预算": "state_capital",
    "其他资金": "other",
    "财政资金": "general_public",
    "其中财政资金": "general_public",
    # other provinces (资金情况(万元): 年度资金总额 | 其中：财政拨款 | 其他资金)
    "年度资金总额": "total",
    "年度本级预算金额": "total",
    "财政拨款": "general_public",
    "其中财政拨款": "general_public",
    "其他": "other",
}

#: headings of a form's funding rows that give the total when an amount follows them
#: (资金总额 | 250万); otherwise they only head the rows below (资金总额 | 资金来源 | 金额(元))
FUNDING_TOTAL_HEADINGS = frozenset({"资金总额", "项目资金申请", "资金情况", "项目资金"})

FUNDING_HEADER = {
    "资金总额",
    "资金来源",
    "金额(元)",
    "金额（元）",
    "部门预算安排资金(元)",
    "部门预算安排资金（元）",
    "金额",  # 金额（万元）: the unit is read from the heading
    "项目资金申请",
    "资金情况",
    "项目资金",
}

GOAL_LABELS = ("年度绩效目标", "绩效目标", "年度目标")
FUNCTION_SECTION = "部门职能概述"
GOAL_SECTION = "部门整体支出年度绩效目标"
#: 职能1 … 职能N, 目标1 … 目标N of a department form
STATEMENT_ORDINAL = re.compile(r"^(职能|目标)(\d+)$")

#: the first header cell of a key-project summary table (项目序号 | 部门名称 | … | 年初预算数)
SUMMARY_START = "项目序号"

#: words that make a lone line the title of a form or table
TITLE_WORDS = ("申报表", "情况表", "绩效目标表")

#: words that end a satisfaction indicator's content and are not part of the group name
SATISFACTION_SUFFIXES = (
    "问卷调查满意度",
    "调查满意度",
    "综合满意度",
    "综合满意",
    "满意度指标",
    "满意度",
    "满意率",
    "满意",
)

#: trailing words left after the suffix is cut (各界人士调查 → 各界人士)
GROUP_TRAILERS = ("安全感", "调查", "问卷", "的")

#: lone cells that are target values although they hold no number
QUALITATIVE_VALUES = frozenset(
    {
        "有效",
        "无效",
        "提高",
        "提升",
        "改善",
        "保障",
        "显著",
        "良好",
        "优",
        "优秀",
        "良",
        "合格",
        "是",
        "否",
        "无",
        "有",
        "完成",
        "达标",
        "增加",
        "减少",
        "稳定",
        "持续",
        "加强",
        "增强",
        "有效改善",
        "有效提升",
        "明显提升",
        "显著提升",
        "逐步提高",
        "不断提高",
        "持续提升",
        "长期",
        "长期/优",
        "日产日清",
        "按时",
        "及时",
        "每日",
        "每月",
        "逐年提高",
        "同比提高",
        "保持良好",
    }
)

# --- budget tables (seed 000) -----------------------------------------------------------

BUDGET_TABLES: dict[str, str] = {
    "一般公共预算": "general_public",
    "政府性基金预算": "gov_fund",
    "国有资本经营预算": "state_capital",
    "社会保险基金预算": "social_insurance",
}

#: budget table column headers → (measure, which year header it falls under)
BUDGET_COLUMNS: dict[str, str] = {
    "年初预算数": "initial",
    "调整预算数": "adjusted",
    "执行数": "executed",
    "建议数": "proposed",
}

# --- regions ----------------------------------------------------------------------------

#: administrative division codes of the regions the samples name
REGIONS: dict[str, str] = {
    "450000": "广西壮族自治区",
    "450200": "柳州市",
    "450203": "柳州市鱼峰区",
    "450206": "柳州市柳江区",
    "130000": "河北省",
    "130800": "承德市",
    "130823": "平泉市",
}


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

    >>> level1("满意度指 标")
    'satisfaction'
    """
    return LEVEL1.get(key(cell))


def level2(cell: str) -> tuple[str, str] | None:
    """(code, parent level-1 code) of a level-2 label, or None."""
    return LEVEL2.get(key(cell))


def cost_is_level2(cells: list[str]) -> bool:
    """成本指标 at the front of a row is a level-2 label unless cost sub-labels follow.

    >>> cost_is_level2(["成本指标", "预算控制率"]), cost_is_level2(["成本指标", "经济成本指标"])
    (True, False)
    """
    if not cells or key(cells[0]) != "成本指标":
        return False
    follower = level2(cells[1]) if len(cells) > 1 else None
    return not (follower and follower[1] == "cost")


# --- units stated in headings and notes -------------------------------------------------

_UNIT_SUFFIX = re.compile(r"[（(](万元|元|亿元)[)）]$")
_UNIT_NOTE = re.compile(r"^[（(]?(?:金额)?单位[:：]?(万元|元|亿元)[)）]?$")
_UNIT_STATED = re.compile(r"单位[:：](万元|元|亿元)")


def unit_heading(cell: str) -> str | None:
    """The unit a heading states for the amounts it heads, or None.

    >>> unit_heading("金额(元)"), unit_heading("项目资金申请（万元）"), unit_heading("单位：万元")
    ('元', '万元', '万元')
    >>> unit_heading("合计") is None
    True
    """
    text = simplified(_SPACE.sub("", cell))
    m = _UNIT_SUFFIX.search(text) or _UNIT_STATED.search(text)
    return m.group(1) if m else None


def unit_note(cell: str) -> str | None:
    """The unit of a note that says nothing else (单位：万元, （单位：元）), or None."""
    m = _UNIT_NOTE.match(simplified(_SPACE.sub("", cell)))
    return m.group(1) if m else None


def without_unit(label: str) -> str:
    """A label key without the unit it states: 项目资金申请(万元) → 项目资金申请."""
    return _UNIT_SUFFIX.sub("", label)


# --- labels as a reader sees them --------------------------------------------------------

#: every label printed alone in a cell, for joining labels split over two lines
LABELS: frozenset[str] = frozenset(
    {
        *LEVEL1,
        *LEVEL2,
        *INDICATOR_HEADER,
        *INDICATOR_SECTION,
        *PROJECT_FIELDS,
        *DEPARTMENT_FIELDS,
        *FUNDING,
        *FUNDING_HEADER,
        *GOAL_LABELS,
        SUMMARY_START,
    }
)


def joined_label(first: str, second: str) -> str | None:
    """The label that two cells printed one above the other spell together, or None.

    >>> joined_label("项目实施", "单位"), joined_label("满意度", "指标"), joined_label("项目", "x")
    ('项目实施单位', '满意度指标', None)
    """
    if not first or not second or (_is_label(first) and _is_label(second)):
        return None
    joined = first.strip() + second.strip()
    return joined if _is_label(joined) else None


def _is_label(cell: str) -> bool:
    k = key(cell)
    return k in LABELS or without_unit(k) in LABELS


def label_kind(cell: str) -> str:
    """What a lone cell labels ('' for data), for readers that find rows by their labels.

    >>> label_kind("项目名称"), label_kind("其中：上级"), label_kind("產出指標"), label_kind("x")
    ('field', 'funding', 'level', '')
    """
    k = key(cell)
    base = without_unit(k)
    kinds = (
        ("indicator-section", k in INDICATOR_SECTION),
        ("indicator-header", k in INDICATOR_HEADER),
        ("summary-header", k == SUMMARY_START),
        ("field", k in PROJECT_FIELDS or k in DEPARTMENT_FIELDS),
        ("funding", k in FUNDING or base in FUNDING),
        ("funding-header", k in FUNDING_HEADER or base in FUNDING_HEADER),
        ("goal", k in GOAL_LABELS),
        ("statement-section", k.startswith((FUNCTION_SECTION, GOAL_SECTION))),
        ("statement", bool(STATEMENT_ORDINAL.match(k))),
        ("level", k in LEVEL1 or k in LEVEL2),
    )
    return next((kind for kind, hit in kinds if hit), "")


def is_title(text: str) -> bool:
    """Whether a lone cell is the title of a form or table (…申报表, 区本级…预算)."""
    text = simplified(text)
    if any(w in text for w in TITLE_WORDS):
        return True
    return "区本级" in text and text.endswith("预算")
