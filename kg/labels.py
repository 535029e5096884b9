"""Every Chinese label the form parsers recognise, in one mapping table.

Labels are compared after :func:`key`, which drops whitespace and markup so that
``项目年度绩效 目标衡量指标`` and ``满意度指 标`` match their clean spellings.
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")


def key(text: str) -> str:
    """Normalise a label cell for comparison: no whitespace, no colons.

    >>> key("满意度指 标")
    '满意度指标'
    >>> key("项目名称：")
    '项目名称'
    """
    return _SPACE.sub("", text).replace("：", "").replace(":", "")


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
}

#: canonical level-1 code → the label written when a form does not print one
LEVEL1_LABEL: dict[str, str] = {
    "output": "产出指标",
    "cost": "成本指标",
    "outcome": "效益指标",
    "satisfaction": "满意度指标",
}

#: header cells of indicator tables (not data)
INDICATOR_HEADER = {
    "一级指标",
    "二级指标",
    "三级指标",
    "指标内容",
    "指标值",
    "绩效指标描述",
    "指标值确定依据",
}

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
}

FUNDING_HEADER = {
    "资金总额",
    "资金来源",
    "金额(元)",
    "金额（元）",
    "部门预算安排资金(元)",
    "部门预算安排资金（元）",
}

GOAL_LABELS = ("年度绩效目标", "绩效目标")
FUNCTION_SECTION = "部门职能概述"
GOAL_SECTION = "部门整体支出年度绩效目标"

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
