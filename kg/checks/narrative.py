"""The narrative of a budget report against its budget tables: a figure the text states
(16.30亿元, 增长13.47%) against the table line it names, exact or rounded."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from kg.checks.base import Finding, about_budget_line, bare, finding
from kg.domain.model import BudgetLine, Extraction
from kg.domain.values import fmt_decimal

CODES = ("narrative-mismatch", "narrative-rounding")


def _names(line: BudgetLine, item: str) -> bool:
    """Does a table line print the canonical item a narrative figure names?"""
    printed = bare(line.item)
    if item == "收入合计":
        return line.level == 1 and line.section == "收入" and printed.endswith("收入合计")
    if item == "支出合计":
        return line.level == 1 and line.section == "支出" and not printed.startswith("转移性")
    if item.endswith("合计"):
        return printed.endswith(item.removesuffix("合计")) or printed.endswith(item)
    return printed == item or (printed.endswith(item) and len(printed) - len(item) <= 4)


def _measure(year: int | None, budget_year: int | None) -> str:
    if year is None or budget_year is None:
        return ""
    return "proposed" if year == budget_year else "executed" if year == budget_year - 1 else ""


def check_narrative(ex: Extraction) -> Iterable[Finding]:
    lines = [b for b in ex.budget_lines if b.amount_wan is not None]
    changes = {(c.source, c.table, c.item, c.column): c for c in ex.budget_changes}
    years: dict[str, int] = {}
    table: dict[tuple[str, str, str], list[BudgetLine]] = defaultdict(list)
    for b in lines:
        years[b.source] = max(years.get(b.source, 0), b.year or 0)
        table[(b.source, b.table_kind, b.measure)].append(b)
    for f in ex.narrative_figures:
        if not f.item or not f.budget:
            continue
        measure = _measure(f.year, years.get(f.source))
        candidates = table.get((f.source, f.budget, measure), [])
        match = next((b for b in candidates if _names(b, f.item)), None)
        if match is None:
            continue
        subject = [about_budget_line(match.source, match.line, match.measure)]
        where = f"{match.table} {match.item} ({match.line} 行)"
        if f.kind == "amount":
            wan = match.amount_wan
            assert wan is not None
            if f.unit == "亿元":
                places = -int(f.value.as_tuple().exponent)
                rounded = (wan / 10000).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
                same, exact = rounded == f.value, wan == f.value * 10000
            else:
                same = exact = wan == f.value
            if exact:
                continue
            code = "narrative-rounding" if same else "narrative-mismatch"
            yield finding(
                code,
                f.source,
                f.line,
                f"{f.printed}|{match.table}|{bare(match.item)}",
                f"报告「{f.printed}」，{where} {fmt_decimal(wan)} 万元",
                f"narrative {f.printed}; table {fmt_decimal(wan)} 万元",
                subject,
            )
        else:
            column = (
                "completion_pct"
                if f.kind == "completion_pct"
                else "change_vs_prior_pct"
                if measure == "executed"
                else "change_vs_executed_pct"
            )
            change = changes.get((match.source, match.table, match.item, column))
            if change is None or change.value is None or change.value == f.value:
                continue
            yield finding(
                "narrative-mismatch",
                f.source,
                f.line,
                f"{f.printed}|{match.table}|{bare(match.item)}",
                f"报告「{f.printed}」，{where} 印 {fmt_decimal(change.value)}%",
                f"narrative {f.value}%; table {fmt_decimal(change.value)}%",
                subject,
            )
