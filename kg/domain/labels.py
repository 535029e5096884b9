"""Every Chinese label the form parsers recognise, in one mapping table.

Labels are compared after :func:`key`, which drops whitespace and markup so that
``项目年度绩效 目标衡量指标`` and ``满意度指 标`` match their clean spellings.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from functools import lru_cache
from typing import TypeVar

#: labels repeat across a corpus (a few thousand distinct cells): the label functions that
#: only read the tables below keep their answers for this many cells
_CACHED = 1 << 16

_V = TypeVar("_V")

_SPACE = re.compile(r"\s+")

#: traditional → simplified, for the characters the labels below are written with (and the
#: variants 産/値); used to match labels only — printed text is kept as printed
_T2S = str.maketrans(
    "萬產産億眾優會體內況減務區單號響國壯實對屬廣強態總執報撥據數斷無時顯權來標濟滿環碼確稱"
    "穩級經績續綜編職營計議請調財質資達運長門問險項預額魚規劃値師檢費鄉關與類階"
    "專業冊準別動縣發圍備審廢開歸當錄戶掃機構檔瀏滾熱電監稅簽"
    "係繫糾納組聯範補覽設評詞話詢說讀負責載過釋鏈錯閉間閱頁題",
    "万产产亿众优会体内况减务区单号响国壮实对属广强态总执报拨据数断无时显权来标济满环码确称"
    "稳级经绩续综编职营计议请调财质资达运长门问险项预额鱼规划值师检费乡关与类阶"
    "专业册准别动县发围备审废开归当录户扫机构档浏滚热电监税签"
    "系系纠纳组联范补览设评词话询说读负责载过释链错闭间阅页题",
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


def printed_label(text: str) -> str:
    """A level label as the records keep it: as printed, without whitespace, colons and the
    template's notes and marks (成本指标(0-20)分 → 成本指标, ★质量指标 → 质量指标).

    >>> printed_label("成本指标(0-20)分"), printed_label("產出指 標")
    ('成本指标', '產出指標')
    """
    t = _MARKS.sub("", tidy(text))
    return _NOTES.sub("", t) or t


@lru_cache(maxsize=_CACHED)
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
    "预期产出指标": "output",  # 东莞's 批复表: 预期产出指标 / 效果指标
    "效果指标": "outcome",
    # the NDRC template for 中央预算内投资 (实施效果指标 / 过程管理指标): no MoF category
    "实施效果指标": "",
    "过程管理指标": "",
}

#: level-1 labels whose level-2 labels are other templates' level-1 labels, or labels of
#: their own: a label of this set printed below them is a level-2 label
LEVEL1_CHILDREN: dict[str, frozenset[str]] = {
    "实施效果指标": frozenset({"产出指标", "效益指标", "满意度指标", "产出", "效益", "满意度"}),
    "过程管理指标": frozenset({"计划管理指标", "资金管理指标", "项目管理指标", "监督检查指标"}),
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
    # the framework's labels without 指标, as some forms print them (产出 | 数量 | …)
    "数量": ("quantity", "output"),
    "质量": ("quality", "output"),
    "时效": ("timeliness", "output"),
    "成本": ("cost", "output"),
    # other provinces and the older (2013) framework
    "数量值": ("quantity", "output"),
    "质量值": ("quality", "output"),
    "时效值": ("timeliness", "output"),
    "成本值": ("cost", "output"),
    "社会公众或服务对象满意度": ("service-recipient", "satisfaction"),
    "社会公众或服务对象满意度指标": ("service-recipient", "satisfaction"),
    "预算控制指标": ("cost", "output"),  # 预算(或投资规模)控制指标
    "社会、经济、生态效益指标": ("", "outcome"),
    "社会经济生态效益指标": ("", "outcome"),
    "计划管理指标": ("", ""),
    "资金管理指标": ("", ""),
    "项目管理指标": ("", ""),
    "监督检查指标": ("", ""),
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
    "级指标": "l1",  # 一级指标 with its first character lost (a merged cell's edge)
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
    # other provinces
    "计划指标值": "value",
    "预期达到目标": "value",
    "预期目标值": "value",
    "预期指标值": "value",
    "年度目标值": "value",
    "计算符号": "operator",
    "符号": "operator",
    "指标值说明": "description",
    "指标说明": "description",
    "指标说明及公式": "description",
    "评(扣)分标准": "description",
    "评分标准": "description",
    "指标标准或依据": "basis",
    "指标值设定依据": "basis",
    "指标值确定依据及说明": "basis",
    "备注": "note",
    "序号": "seq",
    "编号": "seq",
}

#: the level columns of a header that prints them short (一级 | 二级 | 三级 | 指标值): column
#: names only where two of them head one row (一级 alone is a value: 保洁质量等级 | 一级)
SHORT_LEVEL_COLUMNS: dict[str, str] = {"一级": "l1", "二级": "l2", "三级": "l3"}


def header_roles(cells: Sequence[str]) -> list[str | None]:
    """The column each cell of a row heads, if it is an indicator header's cell.

    >>> header_roles(["一级", "二级", "三级", "指标值"]), header_roles(["质量指标", "一级"])
    (['l1', 'l2', 'l3', 'value'], [None, None])
    """
    short = sum(1 for c in cells if key(c) in SHORT_LEVEL_COLUMNS) >= 2
    return [
        lookup(INDICATOR_COLUMNS, c) or (SHORT_LEVEL_COLUMNS.get(key(c)) if short else None)
        for c in cells
    ]


#: header cells that head an indicator table's column only beside its other headers
#: (一级指标 … | 指标值 | 单位): alone, 单位 is a form's field or a note
INDICATOR_COLUMNS_BESIDE: dict[str, str] = {"单位": "unit"}

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

#: a value column of the period's set beside the year's (实施期指标值 | 年度指标值): a cell of
#: each row, not the value
PERIOD_VALUE_COLUMNS = frozenset({"实施期指标值", "中期指标值", "长期指标值"})

#: the two column sets of a template that prints medium-term and annual targets side by
#: side: (长期)/(中期) columns and (年度) columns; the annual set holds the values
COLUMN_SETS: dict[str, str] = {"长期": "long", "中期": "long", "年度": "annual"}

#: what a page prints in a cell it leaves empty (a merged cell's rows below its first)
EMPTY_CELLS = frozenset({"/", "／", "\\"})

#: header cells of indicator tables (not data)
INDICATOR_HEADER = frozenset(INDICATOR_COLUMNS) | PERIOD_VALUE_COLUMNS

#: what a 指标性质 cell prints instead of an operator: the kind of target (a qualitative
#: 定性 target is its text, 有效提升), not part of the value
TARGET_KINDS = frozenset({"定性", "定量"})

#: columns that make an indicator table positional: read by the header's column positions
POSITIONAL_COLUMNS = frozenset({"operator", "unit", "weight", "direction"})

#: a column before an indicator table's levels naming the duty or task a block serves
DUTY_COLUMNS = frozenset(
    {"职责", "部门职责", "主要职责", "履职目标", "年度任务", "重点任务", "工作任务"}
)

#: the row label printed in the first column beside an indicator table
INDICATOR_SECTION = {
    "项目年度绩效目标衡量指标",
    "部门整体支出年度绩效目标衡量指标",
    "绩效指标",  # the vertical label beside the table (绩/效/指/标)
    "年度绩效指标",
    "绩效项目指标表",
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
    "项目(专项)名称": "name",
    "专项名称": "name",
    "专项资金名称": "name",
    "专项转移支付名称": "name",  # 转移支付 区域绩效目标表
    "转移支付名称": "name",
    "转移支付(项目)名称": "name",  # 中央对地方转移支付区域绩效目标表
    "地方主管部门": "supervising",  # beside 中央主管部门, the ministry that grants it
    "项目实施单位名称": "implementing_unit",
    "具体实施单位": "implementing_unit",
    "项目实施主体": "implementing_unit",
    "项目单位": "implementing_unit",  # 政府投资项目: the unit that builds (项目建设单位)
    "项目建设单位": "implementing_unit",
    "建设单位": "implementing_unit",
    "主管部门及编码": "supervising",
    "主管部门及代码": "supervising",
    "主管单位及编码": "supervising",
    "主管单位及代码": "supervising",
    "项目主管部门及编码": "supervising",
    "项目主管部门及代码": "supervising",
    "主管单位": "supervising",
    "业务主管部门": "supervising",
    "申报单位": "supervising_fallback",
    "预算单位": "supervising_fallback",
    "下达地方或单位": "supervising_fallback",
    "项目负责人": "contact",
    "项目负责人及电话": "contact",
    "项目负责人及联系电话": "contact",
    "联系人": "contact",
    "联系电话": "phone",
    "项目期": "period",
    "实施期": "period",
    "项目实施期": "period",
    "项目起止时间": "period",
    "建设周期": "period",
    "项目分类": "category",
    "项目类别": "category",
    "项目审批": "approval",
    "填报单位": "reporting_unit",
}

#: fields a form may print under a second, weaker label: 预算单位 or 申报单位 is the
#: supervising department only where no 主管部门 is printed
FIELD_FALLBACKS: dict[str, str] = {"supervising_fallback": "supervising"}

DEPARTMENT_FIELDS: dict[str, str] = {
    "部门名称": "name",
    "部门编码": "code",
    "部门(单位)名称": "name",
    "单位名称": "name",
    "预算单位名称": "name",
    "部门代码": "code",
    "单位编码": "code",
    "联系人": "contact",
    "联系电话": "phone",
    "资金类别": "category",
    "业务股室": "contact",
    "填报单位": "reporting_unit",
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
    "项目金额": "total",
    "项目总预算": "total",
    "年度预算": "total",
    "项目总金额": "total",
    "年度预算总额": "total",
    "预算总额": "total",
    "部门预算总额": "total",
    "年度部门预算总额": "total",
    "部门年度预算总额": "total",
    "部门预算": "total",  # 部门预算 | 总额 | 基本支出 | 项目支出, the amounts on the row below
    "总额": "total",
    "本次下达中央预算内投资": "total",
    "本年度申请市财政预算资金": "total",
    "年度投资计划": "total",  # 政府投资项目: the year's part of 项目总投资
    "本年度投资计划": "total",
    "年度计划投资": "total",
    "年度投资": "total",  # 政府投资项目: 总投资 | 年度投资
    "年度金额": "total",  # 转移支付 区域绩效目标表: 年度金额 | 其中：中央补助 | 地方资金
    "中央补助": "general_public_upper",
    "其中中央补助": "general_public_upper",
    "年度申请预算资金": "total",
    "金额合计": "total",  # the sum of a department's 年度主要任务 (任务1 … | 金额合计)
    "公共财政拨款": "general_public",
    "一般公共预算": "general_public",
    "政府性基金拨款": "gov_fund",
    "政府性基金预算": "gov_fund",
    "其它资金": "other",
    "其中其它资金": "other",
    "其中其他资金": "other",
    "中央资金": "general_public_upper",
    "中央财政资金": "general_public_upper",
    "省级资金": "general_public_upper",
    "上级资金": "general_public_upper",
    "上级补助": "general_public_upper",
    "区级资金": "general_public_local",
    "县级资金": "general_public_local",
    "本级资金": "general_public_local",
    # 政府投资项目: the sources of the year's investment
    "中央预算内投资": "general_public_upper",
    "地方政府专项债券": "gov_fund",
    "专项债券": "gov_fund",
}

#: the annual column of a funding table that prints the whole period and the year side
#: by side (资金总额 | 当年资金总额): the year's amounts replace the period's
FUNDING_ANNUAL_PREFIX = "当年"

#: funding labels that name an amount this form reads no source from (中期市财政预算,
#: 市级资金 without knowing the level of the document): placed, not read
FUNDING_OTHER = frozenset(
    {
        "中期市财政预算",
        "中期预算",
        "本年申请",  # the year's amount split by when it was granted, not by its source
        "其中本年申请",
        "上年结转",
        "其中上年结转",
        "项目总投资",  # 政府投资项目: the whole investment; the year's 年度投资计划 is read
        "总投资",
        "基本支出",
        "项目支出",
        "其中基本支出",  # 其中：基本支出 | 项目支出, the split by kind of spending
        "其中项目支出",
        "纳入专户管理的非税收入拨款",
        "财政资金预算分类",
        "财政资金科目代码",
        "按收入性质分",
        "按支出性质分",
        "年度预算执行率",
        "预算执行",
    }
)

#: headings of a form's funding rows that give the total when an amount follows them
#: (资金总额 | 250万); otherwise they only head the rows below (资金总额 | 资金来源 | 金额(元))
FUNDING_TOTAL_HEADINGS = frozenset(
    {"资金总额", "项目资金申请", "资金情况", "项目资金", "年度预算申请", "资金情况(万元)", "资金"}
)

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
    "年度预算申请",
    "金额单位",
    "预算金额",  # 预算金额（万元） above a department's 年度主要任务 and their amounts
    "部门预算安排资金",  # with its unit: 部门预算安排资金（万元）
}

GOAL_LABELS = (
    "年度绩效目标",
    "绩效目标",
    "年度目标",
    "项目年度目标",
    "年度绩效总目标",
    "整体绩效目标",
    "年度主要目标和成果",
    "年度总体目标",
    "项目年度绩效目标",
)
#: the period's goal: the annual goal where one is printed, else this
OVERALL_GOAL_LABELS = ("总体目标", "项目总体目标", "中期目标", "中期滚动目标", "长期目标")

#: labels of a form that are read as prose (概况, 立项依据, 职能职责): placed, not fields
DESCRIPTION_LABELS = frozenset(
    {
        "项目概况及立项依据",
        "项目概况",
        "立项依据",
        "项目总体概况",
        "项目审批",
        "建设内容及规模",  # 政府投资项目
        "建设内容",
        "基本信息",
        "部门职能职责概述",
        "部门职能概述",
        "职能职责",
        "主要职能",
        "项目资金",
        "绩效目标表",
        "年度主要任务",
        "任务名称",
        "主要内容",
    }
)

#: fund sources whose level this vocabulary cannot place (市级 money is an upper level's
#: for a district, the document's own for a city): their amounts are an issue, not a source
FUNDING_UNPLACED = frozenset({"市级资金", "当年市级财政资金", "市级财政资金", "市级补助"})

#: the labels of a web page's publication block (索引号 | … | 发布机构 | …): page
#: furniture, read as prose, never as a form
FURNITURE = frozenset(
    {
        "索引号",
        "发布机构",
        "成文日期",
        "主题分类",
        "文号",
        "公文时效",
        "发布日期",
        "发布时间",
        "信息来源",
        "字号",
        "有效性",
        "标题",
        "分类",
        "发文机关",
        "发文日期",
        "当前位置",
        "阅读次数",
        "归档时间",
        "生成日期",
        "来源",
        "浏览次数",
        "所属机构",
        "公开方式",
        "公开范围",
        "责任部门",
        "文件编号",
        "生效日期",
        "废止日期",
        "体裁分类",
        "组配分类",
        "文件下载",
        "政策咨询",
        "标签",
        "相关链接",
        "相关文件",
        "附件下载",
        "扫一扫在手机打开当前页",
        "打印本页",
        "关闭窗口",
        "打印",
        "关闭",
        "下载",
        "搜索热词",
        "我要纠错",
        "手机版",
        "登录",
        "注册",
        "网站地图",
        "联系我们",
        "分享到",
        "上一篇",
        "下一篇",
    }
)
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


#: a department form's functions (部门职能概述 | 职能1 …, or their text) and its goals
FUNCTION_SECTIONS = ("部门职能概述", "部门职能", "部门主要职能")
GOAL_SECTIONS = ("部门整体支出年度绩效目标", "年度履职目标")
#: 职能1 … 职能N, 目标1 … 目标N of a department form
STATEMENT_ORDINAL = re.compile(r"^(职能|目标)(\d+)$")
#: 任务1 … 任务N: the rows of a department's 年度主要任务 (name, content, amounts), placed
#: as the tasks they are; their sum is the 金额合计 row
TASK_ORDINAL = re.compile(r"^任务(\d+|[一二三四五六七八九十]{1,3})$")

#: the first header cell of a key-project summary table (项目序号 | 部门名称 | … | 年初预算数)
SUMMARY_START = "项目序号"

#: words that make a lone line the title of a form or table
TITLE_WORDS = ("申报表", "情况表", "绩效目标表", "批复表", "审批表", "绩效表")

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
    text = simplified(_SPACE.sub("", cell)).rstrip(":：")  # 项目资金（万元）：
    m = _UNIT_SUFFIX.search(text) or _UNIT_STATED.search(text)
    return m.group(1) if m else None


def unit_note(cell: str) -> str | None:
    """The unit of a note that says nothing else (单位：万元, （单位：元）), or of a heading's
    unit printed on a line of its own below the heading (项目资金 / （万元）), or None.

    >>> unit_note("单位：万元"), unit_note("（万元）"), unit_note("万元")
    ('万元', '万元', None)
    """
    m = _UNIT_NOTE.match(simplified(_SPACE.sub("", cell)))
    return (m.group(1) or m.group(2)) if m else None


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
        *OVERALL_GOAL_LABELS,
        *DESCRIPTION_LABELS,
        *FUNDING_OTHER,
        *FUNDING_UNPLACED,
        *FURNITURE,
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
    if second.isascii() and any(c.isalpha() for c in second):
        return None  # a value in Latin letters, not the rest of a label (项目名称 | abc)
    joined = first.strip() + second.strip()
    return joined if _is_label(joined) else None


@lru_cache(maxsize=_CACHED)
def _is_label(cell: str) -> bool:
    k = key(cell)
    return k in LABELS or without_unit(k) in LABELS or base(k) in LABELS


@lru_cache(maxsize=_CACHED)
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


@lru_cache(maxsize=_CACHED)
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


def is_title(text: str) -> bool:
    """Whether a lone cell is the title of a form or table (…申报表, 区本级…预算)."""
    text = simplified(text)
    if any(w in text for w in TITLE_WORDS):
        return True
    return "区本级" in text and text.endswith("预算")
