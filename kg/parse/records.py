"""Indicator records: a row's cells as an :class:`~kg.domain.model.Indicator`, with its value
parsed and its labels' codes, and the beneficiary group a satisfaction indicator names."""

from __future__ import annotations

import re

from kg.domain import labels
from kg.domain.labels import key
from kg.domain.model import Indicator
from kg.domain.values import parse_target
from kg.parse.base import Owner

_TOWARDS = re.compile(r"(?<=.)对(?!象)")  # 群众对…满意度, but not 服务对象


def make_indicator(
    source: str,
    line: int,
    owner: Owner,
    l1: str,
    l2: str,
    content: str,
    value: str,
    *,
    l3: str = "",
    description: str = "",
    basis: str = "",
) -> Indicator:
    """An indicator record with its value parsed and its labels' canonical codes."""
    value = labels.without_weight(value)
    target = parse_target(value)
    content, l3 = labels.indicator_content(content), l3 and labels.indicator_content(l3)
    return Indicator(
        source,
        line,
        owner.kind,
        owner.code,
        owner.name,
        labels.printed_label(l1),
        labels.printed_label(l2),
        l3,
        content,
        value,
        target.operator,
        target.number,
        target.unit,
        description,
        basis,
        l1_code=level1_code(l1),
        l2_code=level2_code(l2),
        value_kind=target.kind,
        amount_yuan=target.amount_yuan,
        date=target.date,
    )


def satisfaction_group(indicator: Indicator) -> str:
    """The beneficiary group a satisfaction indicator names (学校师生满意度 → 学校师生).

    >>> from kg.parse.base import Owner
    >>> o = Owner("project", "P1", "x")
    >>> satisfaction_group(make_indicator("f", 1, o, "满意度指标", "服务对象满意度",
    ...                                   "群众对垃圾处理工作的满意度", "≥95%"))
    '群众'
    """
    satisfied = labels.level1(indicator.l2) == "satisfaction" if indicator.l2 else False
    if (
        indicator.l1_code != "satisfaction"
        and indicator.l2_code != "service-recipient"
        and not satisfied
    ):
        return ""
    printed = indicator.content
    text = labels.simplified(printed)  # one character for one: cut the printed text alike
    m = _TOWARDS.search(text)
    if m:
        return printed[: m.start()]
    if "投诉" in text or not text:
        return ""
    for suffix in labels.SATISFACTION_SUFFIXES:
        if suffix in text:
            text = text[: text.index(suffix)]
            break
    for suffix in labels.GROUP_TRAILERS:
        text = text.removesuffix(suffix)
    return printed[: len(text)]


def level1_code(label: str | None) -> str:
    return (labels.level1(label) or "") if label else ""


def same_level1(a: str, b: str | None) -> bool:
    """Two level-1 labels that name one level (产出指标 and 产出, or the same label)."""
    if b is None:
        return False
    code_a, code_b = level1_code(a), level1_code(b)
    return code_a == code_b if code_a and code_b else labels.base(key(a)) == labels.base(key(b))


def level2_code(label: str | None) -> str:
    found = labels.level2(label) if label else None
    return found[0] if found else ""  # a label below an NDRC level-1 has no MoF code


def level2_parent(label: str) -> str:
    found = labels.level2(label)
    return found[1] if found else ""
