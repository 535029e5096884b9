"""The key-project summary table (重点项目汇总表) against the project forms of its document:
each row matched to a form by name, unit and amount, then names and amounts compared, and the
summary's 合计 against its rows and against the forms' totals."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from kg.checks.base import Finding, Subject, about_project, finding, printed, yuan
from kg.domain.model import Extraction, SummaryRow
from kg.domain.values import fmt_decimal

CODES = ("summary-name", "summary-amount", "summary-rounding", "summary-unmatched")

_GENERIC = {"标准", "发放", "补助", "人数", "数量", "资金", "经费"}


def _bigrams(text: str) -> set[str]:
    han = re.sub(r"[^\u4e00-\u9fff]", " ", text)
    return {w[k : k + 2] for w in han.split() for k in range(len(w) - 1)} - _GENERIC


def _similar(a: str, b: str) -> float:
    x, y = _bigrams(a) | set(a), _bigrams(b) | set(b)
    return len(x & y) / max(len(x | y), 1)


def _round_wan(amount: Decimal) -> Decimal:
    return (amount / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _compare_wan(
    row: SummaryRow, amount: Decimal, key: str, what: str, subjects: list[Subject]
) -> Iterable[Finding]:
    printed_wan = row.amount_wan
    if printed_wan is None or printed_wan * 10000 == amount:
        return
    rounded = _round_wan(amount)
    code = "summary-rounding" if rounded == printed_wan else "summary-amount"
    yield finding(
        code,
        row.source,
        row.line,
        key,
        f"{what}: 汇总表 {fmt_decimal(printed_wan)} 万元，申报表 {yuan(amount)}"
        + ("（四舍五入）" if code == "summary-rounding" else ""),
        f"summary {fmt_decimal(printed_wan)} 万元 = {fmt_decimal(printed_wan * 10000)} 元; "
        f"forms {fmt_decimal(amount)} 元",
        subjects,
    )


def check_summary(ex: Extraction) -> Iterable[Finding]:
    rows_by_source: dict[str, list[SummaryRow]] = defaultdict(list)
    for r in ex.summary_rows:
        rows_by_source[r.source].append(r)
    for source, rows in rows_by_source.items():
        projects = [p for p in ex.projects if p.source == source]
        items = [r for r in rows if not r.is_total]
        pairs: list[tuple[float, int, int]] = []
        for a, r in enumerate(items):
            for b, p in enumerate(projects):
                score = _similar(r.project, p.name) + 0.3 * (r.unit == p.implementing_unit)
                if r.amount_wan is not None and p.total_yuan is not None:
                    score += 0.5 * (_round_wan(p.total_yuan) == r.amount_wan)
                pairs.append((score, a, b))
        matched: dict[int, int] = {}
        used: set[int] = set()
        for score, a, b in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
            if score >= 0.45 and a not in matched and b not in used:
                matched[a] = b
                used.add(b)
        for a, r in enumerate(items):
            if a not in matched:
                yield finding(
                    "summary-unmatched",
                    source,
                    r.line,
                    r.seq,
                    f"汇总表第 {r.seq} 行 {r.project} 找不到对应的申报表",
                    f"{fmt_decimal(r.amount_wan)} 万元",
                )
                continue
            p = projects[matched[a]]
            subjects = [about_project(p.code)]
            if re.sub(r"\s", "", r.project) != re.sub(r"\s", "", p.name):
                yield finding(
                    "summary-name",
                    source,
                    r.line,
                    r.seq,
                    f"汇总表「{r.project}」，申报表（{printed(ex, p.source, p.line)}）「{p.name}」",
                    f"summary {r.project}; form {p.name} ({p.code})",
                    subjects,
                )
            if p.total_yuan is not None:
                yield from _compare_wan(r, p.total_yuan, r.seq, p.name, subjects)
        for b, p in enumerate(projects):
            if b not in used:
                yield finding(
                    "summary-unmatched",
                    p.source,
                    p.line,
                    p.code,
                    f"申报表 {p.name} 不在重点项目汇总表中",
                    yuan(p.total_yuan),
                    [about_project(p.code)],
                )
        for total in (r for r in rows if r.is_total):
            rows_sum = sum((r.amount_wan or Decimal(0) for r in items), Decimal(0))
            if total.amount_wan is not None and rows_sum != total.amount_wan:
                yield finding(
                    "summary-amount",
                    source,
                    total.line,
                    "合计",
                    f"汇总表合计 {fmt_decimal(total.amount_wan)} 万元，各行相加 "
                    f"{fmt_decimal(rows_sum)} 万元",
                    f"total {fmt_decimal(total.amount_wan)}; rows {fmt_decimal(rows_sum)}",
                )
            forms_sum = sum((p.total_yuan or Decimal(0) for p in projects), Decimal(0))
            yield from _compare_wan(total, forms_sum, "合计", "汇总表合计与申报表合计之和", [])
