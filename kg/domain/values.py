"""Amounts and indicator target values, parsed exactly.

Amounts are :class:`~decimal.Decimal` in the printed unit; :func:`to_yuan` converts 万元/亿元.
A target value keeps its printed text and, where it has one, an operator, a number and a unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from kg.domain.labels import QUALITATIVE_VALUES

_AMOUNT = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^-?\d+(?:\.\d+)?$")

#: amount cells repeat (a form's cells are read by several predicates): the parsers keep their
#: answers for this many texts
_CACHED = 1 << 16

_SCALE = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}


@lru_cache(maxsize=_CACHED)
def parse_amount(text: str) -> Decimal | None:
    """The number in an amount cell, or None when the cell is blank or not a number.

    >>> parse_amount("5,543,935.57")
    Decimal('5543935.57')
    >>> parse_amount("-1,784")
    Decimal('-1784')
    >>> parse_amount("") is None, parse_amount("合计") is None
    (True, True)
    """
    t = text.strip().replace(" ", "")
    if not _AMOUNT.match(t):
        return None
    try:
        return Decimal(t.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        return None


_MONEY_UNIT = re.compile(r"^(.*?)\s*(万元|亿元|元|万|亿)$")
_SHORT_UNIT = {"万": "万元", "亿": "亿元"}


@lru_cache(maxsize=_CACHED)
def parse_money(text: str) -> tuple[Decimal, str | None] | None:
    """An amount cell that may print its own unit: (number, unit or None), or None.

    >>> parse_money("250万"), parse_money("1,320,000元"), parse_money("5.00")
    ((Decimal('250'), '万元'), (Decimal('1320000'), '元'), (Decimal('5.00'), None))
    >>> parse_money("万元") is None, parse_money("≤541万元") is None
    (True, True)
    """
    t = text.strip()
    m = _MONEY_UNIT.match(t)
    if m is None:
        amount = parse_amount(t)
        return None if amount is None else (amount, None)
    amount = parse_amount(m.group(1))
    if amount is None:
        return None
    return amount, _SHORT_UNIT.get(m.group(2), m.group(2))


def to_yuan(amount: Decimal, unit: str) -> Decimal:
    """Convert an amount printed in 元, 万元 or 亿元 to yuan.

    >>> to_yuan(Decimal("750.48"), "万元")
    Decimal('7504800.00')
    """
    return amount * _SCALE[unit]


def fmt_decimal(value: Decimal | None) -> str:
    """Plain decimal text with no exponent and no trailing zeros ('' for None).

    >>> fmt_decimal(Decimal("7504800.00")), fmt_decimal(Decimal("0.50")), fmt_decimal(None)
    ('7504800', '0.5', '')
    """
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# --- target values ---------------------------------------------------------------------

_OPERATOR_START = tuple("≥≤=<>")
_OPERATORS = {"≥": "≥", "≤": "≤", "=": "=", ">": ">", "<": "<", "＞": ">", "＜": "<"}
_WORD_PREFIX = (
    ("小于、等于", "≤"),
    ("小于等于", "≤"),
    ("大于等于", "≥"),
    ("不超过", "≤"),
    ("不高于", "≤"),
    ("不低于", "≥"),
    ("不少于", "≥"),
    ("大于", ">"),
    ("高于", ">"),
    ("小于", "<"),
    ("低于", "<"),
    ("等于", "="),
)
_WORD_SUFFIX = (("以上", "≥"), ("以内", "≤"), ("以下", "≤"))
_NUMBER = re.compile(r"^(约)?(-?\d[\d,]*(?:\.\d+)?)(.*)$")
_UNIT = re.compile(r"^(?:[%‰]|[A-Za-z²³/.·\u4e00-\u9fff]{1,8})$")
#: characters that units are made of (人次, 万元/人/年, 平方米, 元/人.天, 元/人·年, 个小时 ...)
_UNIT_CHARS = set(
    "人次户元万亿千百个家项件份篇场批套把台张条座所名天年月日时小分钟秒吨亩米平方公里辆起处种"
    "门本期轮岁屯生周倍栋间床位只头株棵支队组村节课宗单半度页册部辆架趟班届标段笔张"
)
_DATE = re.compile(
    r"^(?:(\d{4})年)?(?:(\d{1,2})月)?(?:(\d{1,2})日)?(?:底)?(?:前|之前|以前|内|前完成)?$"
)
_UNIT_ALIASES = {"百分比": "%", "％": "%"}


@dataclass(frozen=True, slots=True)
class Target:
    """A printed target value and what it says."""

    text: str
    operator: str = ""
    number: Decimal | None = None
    unit: str = ""
    kind: str = "text"  # numeric | date | text | empty
    date: str = ""  # ISO date (or year-month, year) for deadlines

    @property
    def amount_yuan(self) -> Decimal | None:
        """The target in yuan when its unit is a currency unit (元, 万元, 亿元)."""
        if self.number is None or self.unit not in _SCALE:
            return None
        return to_yuan(self.number, self.unit)


def looks_like_value(text: str) -> bool:
    """Whether a lone cell is a target value rather than an indicator's content.

    >>> looks_like_value("≥90%"), looks_like_value("有效"), looks_like_value("80-89周岁补贴标准")
    (True, True, False)
    """
    if text.startswith(_OPERATOR_START) or text in QUALITATIVE_VALUES:
        return True
    return parse_target(text).kind in ("numeric", "date")


@lru_cache(maxsize=_CACHED)
def parse_target(text: str) -> Target:
    """Split a cleaned target value into operator, number and unit.

    >>> t = parse_target("≥2200人")
    >>> t.operator, t.number, t.unit, t.kind
    ('≥', Decimal('2200'), '人', 'numeric')
    >>> parse_target("≤141.04万元").amount_yuan
    Decimal('1410400.00')
    >>> parse_target("2025年12月31日前").date
    '2025-12-31'
    >>> parse_target("有效改善").kind
    'text'
    >>> t = parse_target(">=98%")
    >>> t.operator, t.number, t.unit
    ('≥', Decimal('98'), '%')
    """
    t = text.strip()
    if not t:
        return Target(text, kind="empty")
    date = _parse_date(t)
    if date is not None:
        return Target(text, kind="date", date=date)
    operator, rest = _split_operator(t)
    operator, rest = _suffix_operator(operator, rest)
    m = _NUMBER.match(rest)
    if m:
        unit = _UNIT_ALIASES.get(m.group(3), m.group(3))
        if unit == "" or (_UNIT.match(unit) and _is_unit(unit)):
            number = Decimal(m.group(2).replace(",", ""))
            return Target(text, operator, number, unit, "numeric")
    return Target(text, operator if operator and t[0] in _OPERATORS else "")


_BARE_NUMBER = re.compile(r"^-?\d[\d,]*(?:\.\d+)?$")
_OPERATOR_WORDS = frozenset(w for w, _ in _WORD_PREFIX)


def is_operator(text: str) -> bool:
    """A cell that holds only a comparison (≥, 不低于 …).

    >>> is_operator("≥"), is_operator("大于等于"), is_operator("≥90%"), is_operator(">=")
    (True, True, False, True)
    """
    return text in _OPERATORS or text in _PAIRS or text in _OPERATOR_WORDS


def sign_of(text: str) -> str:
    """The sign of a cell that holds only a comparison, as a reader writes it beside a
    number (an operator column printing 大于等于 or >=); other text as it is.

    >>> sign_of("大于等于"), sign_of(">="), sign_of("≥"), sign_of("定性")
    ('≥', '≥', '≥', '定性')
    """
    return _OPERATORS.get(text) or _PAIRS.get(text) or dict(_WORD_PREFIX).get(text) or text


def is_unit(text: str) -> bool:
    """A cell that holds only a unit (人, %, 元/人/年).

    >>> is_unit("人"), is_unit("元/人/年"), is_unit("2200"), is_unit("有效")
    (True, True, False, False)
    """
    return bool(_UNIT.match(text)) and _is_unit(text) and not any(ch.isdigit() for ch in text)


_YEAR_ONLY = re.compile(r"^(?:19|20)\d{2}年$")
_MONTH_ON = re.compile(r"^(?:[1-9]|1[0-2])月")


def join_target(cells: list[str]) -> list[str]:
    """A target printed over columns of its own (≥ | 2200 | 人) joined into one cell.

    >>> join_target(["体检人数", "≥", "2200", "人"]), join_target(["在校生", "400", "人"])
    (['体检人数', '≥2200人'], ['在校生', '400人'])
    >>> join_target(["体检人数", "≥2200人"]), join_target(["完工时间", "2024年", "10月底"])
    (['体检人数', '≥2200人'], ['完工时间', '2024年10月底'])
    """
    out: list[str] = []
    i = 0
    while i < len(cells):
        cell = cells[i]
        nxt = cells[i + 1] if i + 1 < len(cells) else ""
        if out and _YEAR_ONLY.match(cell) and _MONTH_ON.match(nxt):
            out.append(cell + nxt)  # 2024年 | 10月底: a date printed with a space
            i += 2
            continue
        if out and is_operator(cell) and nxt and _bare_target(nxt):
            value, i = cell + nxt, i + 2
        elif out and _BARE_NUMBER.match(cell) and is_unit(nxt):
            out.append(cell + nxt)
            i += 2
            continue
        else:
            out.append(cell)
            i += 1
            continue
        if i < len(cells) and _BARE_NUMBER.match(nxt) and is_unit(cells[i]):
            value, i = value + cells[i], i + 1
        out.append(value)
    return out


def _bare_target(text: str) -> bool:
    target = parse_target(text)
    return target.kind == "numeric" and not target.operator


def _is_unit(unit: str) -> bool:
    return all(ch in _UNIT_CHARS or not "\u4e00" <= ch <= "\u9fff" for ch in unit)


#: operators typed with two characters (a spreadsheet's >=, an HTML page's &gt;=)
_PAIRS = {">=": "≥", "<=": "≤", "=>": "≥", "=<": "≤", "≥=": "≥", "≤=": "≤"}


def _split_operator(t: str) -> tuple[str, str]:
    if t[:2] in _PAIRS:
        return _PAIRS[t[:2]], t[2:].strip()
    if t[0] in _OPERATORS:
        return _OPERATORS[t[0]], t[1:].strip()
    for word, op in _WORD_PREFIX:
        if t.startswith(word):
            return op, t[len(word) :].strip()
    return "", t


def _suffix_operator(operator: str, rest: str) -> tuple[str, str]:
    if operator:
        return operator, rest
    for word, op in _WORD_SUFFIX:
        if rest.endswith(word) and len(rest) > len(word):
            return op, rest[: -len(word)]
    return operator, rest


def _parse_date(t: str) -> str | None:
    if not any(ch in t for ch in "年月日"):
        return None
    m = _DATE.match(t)
    if not m or not (m.group(1) or m.group(2)):
        return None
    year, month, day = m.groups()
    if year is None:
        return ""  # a deadline with no year (12月31日前): still a date, year unknown
    parts = [year] + [f"{int(p):02d}" for p in (month, day) if p]
    return "-".join(parts)
