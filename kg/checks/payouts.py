"""Standard × count against the form's total, where a form prints both: 363 families ×
10,000 元 a family cannot be paid from 3,500,000 元."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from kg.checks.base import (
    MONEY,
    Finding,
    about_form,
    about_indicator,
    by_form,
    finding,
    forms,
    yuan,
)
from kg.domain.model import Extraction, Indicator
from kg.domain.values import fmt_decimal

CODES = ("payout-exceeds-total",)

_TIME = {"年", "月", "天", "日", "次", "半年", "季", "周"}
_HOUSEHOLDS = {"户", "家"}


def _trigrams(text: str) -> set[str]:
    han = re.sub(r"[^\u4e00-\u9fff]", " ", text)
    return {w[k : k + 3] for w in han.split() for k in range(len(w) - 2)}


def _per_unit(unit: str) -> str:
    """What a standard is per, time dropped: 元/人/户 → 户, 元/人.月 → 人, 元/亩 → 亩.

    >>> _per_unit("元/人/户"), _per_unit("元/人.月"), _per_unit("元/亩")
    ('户', '人', '亩')
    """
    parts = [u for part in unit.split("/")[1:] for u in re.split(r"[.．·]", part) if u]
    return next((u for u in reversed(parts) if u not in _TIME), "")


_PER = re.compile(r"(\d+(?:\.\d+)?)\s*(元|万元)(/[^\s、，,；;）)]+)")


def _standard(i: Indicator) -> tuple[Decimal, str] | None:
    """A money-per-something standard in yuan and what it is per. A value that states
    several (伤残：7200元/人/年、死亡：7800元/人/年) counts with the smallest, so that a
    finding never rests on the larger figure."""
    if i.number is not None and "/" in i.unit and i.unit.split("/")[0] in MONEY:
        return i.number * MONEY[i.unit.split("/")[0]], _per_unit(i.unit)
    if i.number is None:
        found = [
            (Decimal(m.group(1)) * MONEY[m.group(2)], _per_unit(m.group(2) + m.group(3)))
            for m in _PER.finditer(i.value)
        ]
        if found and len({per for _, per in found}) == 1:
            return min(found)
    return None


def check_payouts(ex: Extraction) -> Iterable[Finding]:
    """Standard × count above the total, where the form prints both. A standard (money per X)
    pairs with the counts in X that name the same thing (a shared three-character word); a
    per-household standard with no such count pairs with every household count."""
    indicators = by_form(ex)
    for key, form in forms(ex).items():
        total = form.total_yuan
        if total is None:
            continue
        items = indicators.get(key, [])
        for s in items:
            found = _standard(s)
            if found is None:
                continue
            standard, per = found
            counts = [c for c in items if c.number is not None and c.unit == per]
            named = [c for c in counts if _trigrams(c.content) & _trigrams(s.content)]
            paired = named or (counts if per in _HOUSEHOLDS else [])
            for c in paired:
                assert c.number is not None
                payout = standard * c.number
                if payout > total:
                    yield finding(
                        "payout-exceeds-total",
                        s.source,
                        s.line,
                        f"{form.code}|{s.content}|{c.content}",
                        f"{form.name}: {c.content} {c.value} × {s.content} {s.value} = "
                        f"{yuan(payout)}，高于合计 {yuan(total)}",
                        f"{fmt_decimal(c.number)} × {fmt_decimal(standard)} = "
                        f"{fmt_decimal(payout)}; total {fmt_decimal(total)}",
                        [about_form(form), about_indicator(s), about_indicator(c)],
                    )
