"""How the generator prints cells, numbers and titles, with the noise the samples show.

Rows of TAB-separated cells (a funding row's amount in one of several columns), Chinese
numerals, amounts in 元 with or without thousands separators, ``<b>``/``**`` bold labels, stray
spaces inside words, titles now and then printed twice; and the two draws of amounts every
document family uses.

>>> chinese_number(1), chinese_number(11), chinese_number(24)
('一', '十一', '二十四')
>>> tab_row("项目名称", "", "项目编码")
'项目名称\\t\\t项目编码'
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from decimal import Decimal

_CN_DIGITS = "一二三四五六七八九"


def chinese_number(n: int) -> str:
    """Chinese numeral for 1..99 (一, 十一, 二十四)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens - 1] + "十")
    return head + (_CN_DIGITS[ones - 1] if ones else "")


def tab_row(*cells: str) -> str:
    """A row of TAB-separated cells."""
    return "\t".join(cells)


def _at(width: int, cells: dict[int, str]) -> str:
    """A row of ``width`` cells with the given ones filled."""
    return "\t".join(cells.get(i, "") for i in range(width))


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def spaced(rng: random.Random, text: str) -> str:
    """Insert a stray space before a Chinese character (the reader squeezes it out)."""
    spots = [i for i in range(1, len(text)) if _is_cjk(text[i])]
    if not spots:
        return text
    i = rng.choice(spots)
    return text[:i] + " " + text[i:]


def log_uniform(rng: random.Random, low: int, high: int) -> int:
    """An integer drawn log-uniformly between ``low`` and ``high``."""
    return int(math.exp(rng.uniform(math.log(low), math.log(high))))


def yuan_text(amount: Decimal, grouped: bool, rng: random.Random | None = None) -> str:
    """An amount in 元: 1,371,400 or 1371400, now and then with stray spaces (1 371 400)."""
    if grouped:
        return f"{amount:,}"
    if rng is not None and amount >= 1000 and rng.random() < 0.02:
        return f"{amount:,}".replace(",", " ")
    return f"{amount}"


def yuan_amount(rng: random.Random, low: float, high: float, cents: bool) -> Decimal:
    """An amount in 元 between ``low`` and ``high``: whole hundreds, or with 分 if ``cents``."""
    value = Decimal(log_uniform(rng, int(low), int(high)))
    if cents:
        return value + Decimal(rng.randrange(100)) / 100
    return (value / 100).to_integral_value() * 100


def bold(rng: random.Random, label: str, p: float = 0.5) -> str:
    """The label as ``<b>…</b>`` with probability ``p``, now and then as ``**…**``."""
    r = rng.random()
    if r < p:
        return f"<b>{label}</b>"
    if r < p + 0.05:
        return f"**{label}**"
    return label


def amount_row(rng: random.Random, lead: Sequence[str], amount: str, width: int = 5) -> str:
    """A funding row: its labels, then the amount in one of the columns after them."""
    cells = dict(enumerate(lead))
    cells[rng.randint(len(lead), width - 1)] = amount
    return _at(width, cells)


def titled(rng: random.Random, title: str, heading: str) -> list[str]:
    """A form's title line, now and then printed twice (a page header repeated)."""
    lines = ["", f"{heading}{title}", ""]
    if rng.random() < 0.03:
        lines += [f"{heading}{title}", ""]
    return lines


TWO_PLACES = Decimal("0.01")
