"""Targets that say the opposite of what they mean: a rate to raise printed as a ceiling, a
deadline outside the budget year, a quantity without a unit."""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.checks.base import Finding, about_indicator, finding
from kg.domain.model import Extraction

CODES = ("inverted-operator", "deadline-outside-year", "value-without-unit")

#: rates whose target is a floor (more is better); 故障率, 发生率, 犯罪率 ... are ceilings
_FLOOR_RATES = re.compile(
    "发放率|到位率|完成率|覆盖率|合格率|达标率|满意度|执行率|兑现率|参保率|及时率|准确率|知晓率"
    "|使用率|利用率|入学率|巩固率|通过率|正常运行率|支付率|拨付率|落实率|处理率|办结率|受理率"
    "|收入增长率|产值增长率"
)
_DEADLINE = re.compile(r"(20\d{2})\s*年(?:\s*\d{1,2}\s*月|底|末|前|内|度)")


def check_targets(ex: Extraction) -> Iterable[Finding]:
    years = {(p.source, p.code): p.year for p in ex.projects} | {
        (d.source, d.code): d.year for d in ex.departments
    }
    for i in ex.indicators:
        key = f"{i.owner_code}|{i.content}"
        if (
            i.operator in ("≤", "<")
            and i.unit == "%"
            and i.number is not None
            and i.number < 100
            and _FLOOR_RATES.search(i.content)
        ):
            yield finding(
                "inverted-operator",
                i.source,
                i.line,
                key,
                f"{i.owner_name}: 「{i.content}」{i.value}：比率目标写成了上限",
                i.value,
                [about_indicator(i)],
            )
        year = years.get((i.source, i.owner_code))
        if year:  # a deadline wherever the form put it (002 prints some under 成本指标)
            printed = {int(y) for y in _DEADLINE.findall(i.value)}
            if i.date:
                printed.add(int(i.date[:4]))
            if printed and printed != {year}:
                yield finding(
                    "deadline-outside-year",
                    i.source,
                    i.line,
                    key,
                    f"{i.owner_name}: 「{i.content}」{i.value}，预算年度为 {year} 年",
                    i.value,
                    [about_indicator(i)],
                )
        if "数量" in i.l2 and i.number is not None and not i.unit and i.value_kind == "numeric":
            yield finding(
                "value-without-unit",
                i.source,
                i.line,
                key,
                f"{i.owner_name}: 数量指标「{i.content}」{i.value} 没有单位",
                i.value,
                [about_indicator(i)],
            )
