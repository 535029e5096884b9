"""Fund sources against the form's 合计: the printed sources must add up to the total, and a
printed 一般公共预算 to its 其中 上级 + 本级."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from kg.checks.base import Finding, about_form, finding, forms, yuan
from kg.domain.model import Extraction, FundingLine
from kg.domain.values import fmt_decimal

CODES = ("funding-sum",)


def check_funding(ex: Extraction) -> Iterable[Finding]:
    lines: dict[tuple[str, str, str], list[FundingLine]] = defaultdict(list)
    for f in ex.funding:
        lines[(f.source, f.owner_kind, f.owner_code)].append(f)
    for key, form in forms(ex).items():
        if form.total_yuan is None or key not in lines:
            continue
        by_kind: dict[str, Decimal] = defaultdict(Decimal)
        for f in lines[key]:
            by_kind[f.source_kind] += f.amount_yuan or 0
        kinds = {f.source_kind for f in lines[key]}
        split = by_kind["general_public_upper"] + by_kind["general_public_local"]
        has_split = bool(kinds & {"general_public_upper", "general_public_local"})
        general = by_kind["general_public"] if "general_public" in kinds else split
        rest = sum(
            (v for k, v in by_kind.items() if not k.startswith("general_public")), Decimal(0)
        )
        parts = ", ".join(f"{k} {fmt_decimal(v)}" for k, v in sorted(by_kind.items()))
        if general + rest != form.total_yuan:
            yield finding(
                "funding-sum",
                form.source,
                form.line,
                form.code,
                f"{form.name}: 资金来源相加 {yuan(general + rest)}，合计 {yuan(form.total_yuan)}",
                f"合计 {fmt_decimal(form.total_yuan)}; {parts}",
                [about_form(form)],
            )
        elif "general_public" in kinds and has_split and by_kind["general_public"] != split:
            yield finding(
                "funding-sum",
                form.source,
                form.line,
                form.code,
                f"{form.name}: 一般公共预算 {yuan(by_kind['general_public'])}，"
                f"其中上级+本级 {yuan(split)}",
                parts,
                [about_form(form)],
            )
