"""Printed units → QUDT units where QUDT has one, local SKOS concepts (``ku:``) for the rest.

A target's ``qudt:unit`` is a QUDT unit wherever QUDT has the printed unit: ``%`` → ``PERCENT``,
``元`` → ``CCY_CNY``, the counting words (人, 个, 次, 家, ...) → ``NUM``, times, lengths, areas
and masses. A printed unit QUDT lacks becomes a local ``kg:Unit`` (``ku:<notation>``, also a
``qudt:Unit``) linked to the nearest QUDT unit with ``skos:closeMatch``; a decimal multiple of a
QUDT unit (万元, 亿元, 万吨, 万人) also states it as QUDT does, ``qudt:scalingOf`` that unit with
a ``qudt:conversionMultiplier``. The printed unit itself stays on the target (``kg:printedUnit``).

>>> resolve("%"), resolve("人"), resolve("元")
(('PERCENT', None, None), ('NUM', None, None), ('CCY_CNY', None, None))
>>> resolve("万元"), resolve("元/人"), resolve("年时间")
((None, 'CCY_CNY', Decimal('10000')), (None, 'CCY_CNY', None), (None, None, None))
"""

from __future__ import annotations

from decimal import Decimal

#: counting words: a number of people, things, times (QUDT's dimensionless count, NUM)
_COUNTS = (
    "人 个 次 人次 家 项 场 件 份 户 条 篇 处 套 把 批 批次 所 名 门 台 台次 种 本 座 张 起 "
    "辆 间 只 头 株 棵 册 期 块 部 支 节 课时 学时 单位 次数 人数"
)

#: printed units that QUDT has (local names in http://qudt.org/vocab/unit/)
QUDT_UNITS = {
    "%": "PERCENT",
    "小时": "HR",
    "个小时": "HR",
    "天": "DAY",
    "日": "DAY",
    "分钟": "MIN",
    "年": "YR",
    "月": "MO",
    "个月": "MO",
    "周": "WK",
    "吨": "TONNE",
    "公斤": "KiloGM",
    "千克": "KiloGM",
    "平方米": "M2",
    "m²": "M2",
    "立方米": "M3",
    "公里": "KiloM",
    "千米": "KiloM",
    "米": "M",
    "元": "CCY_CNY",
    **dict.fromkeys(_COUNTS.split(), "NUM"),
}

#: what one unit of a QUDT unit is in its reference unit (QUDT's conversionMultiplier)
_REFERENCE = {
    "CCY_CNY": Decimal(1),
    "NUM": Decimal(1),
    "TONNE": Decimal(1000),
    "KiloGM": Decimal(1),
    "M2": Decimal(1),
    "M3": Decimal(1),
    "KiloM": Decimal(1000),
    "M": Decimal(1),
}
_SCALES = {"万": Decimal(10000), "亿": Decimal(100000000)}


def resolve(printed: str) -> tuple[str | None, str | None, Decimal | None]:
    """(QUDT unit, nearest QUDT unit, conversion multiplier): the first where QUDT has the
    printed unit; else the QUDT unit a local concept is close to (its first part, before any
    ``/``), with the multiplier when it is a decimal multiple (万元 → 10000 × CCY_CNY)."""
    if printed in QUDT_UNITS:
        return QUDT_UNITS[printed], None, None
    scale = _SCALES.get(printed[:1])
    base = QUDT_UNITS.get(printed[1:]) if scale else None
    if scale and base in _REFERENCE:
        return None, base, scale * _REFERENCE[base]
    head = printed.split("/", 1)[0]
    if scale and head[1:] in QUDT_UNITS:
        head = head[1:]
    return None, QUDT_UNITS.get(head), None
