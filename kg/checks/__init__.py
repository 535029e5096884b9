"""Reconcile and audit: where a document's figures do not add up, or its parts disagree.

Each check is a function from an :class:`~kg.domain.model.Extraction` to :class:`Finding` objects;
every finding names its check (``code``), a severity, the file and line to look at, a ``key``
that identifies what it is about (a form code, ``code|indicator``, a table item) and the
figures involved. :func:`audit` runs them all, sorted by file and line.

Severities: ``error`` — a document's own arithmetic fails (fund sources against 合计, a table
total against its items); ``warning`` — two statements of one thing disagree; ``info`` — the
same figure printed at two precisions (750.48万元 against 7,504,790 元) or a duplicate.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from kg.domain.model import (
    BudgetChange,
    BudgetLine,
    Department,
    Extraction,
    FundingLine,
    Indicator,
    Project,
    Statement,
    SummaryRow,
    printed_at,
)
from kg.domain.revisions import copies
from kg.domain.values import fmt_decimal

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True, order=True)
class Finding:
    source: str
    line: int
    code: str
    key: str
    severity: str
    message: str
    figures: str = ""
    #: what the finding is about: ("project"|"department"|"indicator"|..., identifying text)
    subjects: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def row(self) -> dict[str, str]:
        return {
            "code": self.code,
            "severity": self.severity,
            "source": self.source,
            "line": str(self.line),
            "key": self.key,
            "message": self.message,
            "figures": self.figures,
        }


#: check code → (severity, 中文 title, English title)
CHECKS: dict[str, tuple[str, str, str]] = {
    "funding-sum": ("error", "资金来源合计不符", "fund sources do not add up to 合计"),
    "cost-cap-above-total": ("warning", "成本指标高于资金总额", "cost cap above the form's total"),
    "cost-cap-below-total": (
        "info",
        "成本指标低于资金总额",
        "the only cost cap is below the total",
    ),
    "cost-cap-rounding": (
        "info",
        "成本指标为资金总额四舍五入",
        "cost cap is the form's total, rounded (698.14万元 for 6,981,385.80 元)",
    ),
    "cost-cap-unit": ("warning", "成本指标单位不符", "cost indicator in a unit that is not money"),
    "payout-exceeds-total": (
        "warning",
        "标准×数量超出资金总额",
        "standard × count exceeds the form's total",
    ),
    "summary-name": (
        "info",
        "汇总表与申报表名称不同",
        "summary and form name the project differently",
    ),
    "summary-amount": ("warning", "汇总表与申报表金额不符", "summary and form amounts differ"),
    "summary-rounding": ("info", "汇总表金额为四舍五入", "summary amount is the form's, rounded"),
    "summary-unmatched": (
        "warning",
        "汇总表与申报表无法对应",
        "summary row or form without a match",
    ),
    "narrative-mismatch": ("warning", "报告文字与预算表不符", "narrative and budget table differ"),
    "narrative-rounding": (
        "info",
        "报告文字为预算表四舍五入",
        "narrative is the table's figure, rounded",
    ),
    "table-sum": ("error", "预算表合计与明细不符", "a table total differs from its items"),
    "table-completion": ("warning", "完成%与执行数不符", "完成% differs from 执行数/调整预算数"),
    "table-growth": ("warning", "增减与两年数不符", "change differs from the two years' figures"),
    "name-drift": ("warning", "同一编码名称不同", "one department code, several names"),
    "duplicate-function": ("info", "部门职能重复", "a department function printed twice"),
    "duplicate-indicator": ("warning", "指标重复", "an indicator printed twice in one form"),
    "duplicate-project-code": ("warning", "项目编码重复", "one project code on two forms"),
    "inverted-operator": ("warning", "比率指标方向相反", "a rate target printed as a ceiling"),
    "deadline-outside-year": (
        "warning",
        "时效指标不在预算年度",
        "deadline outside the budget year",
    ),
    "value-without-unit": ("info", "数量指标无单位", "a quantity target without a unit"),
}


def audit(extraction: Extraction) -> list[Finding]:
    """Every check on an extraction, sorted by file, line and check."""
    return sorted(set(audit_local(extraction)) | set(audit_global(facts(extraction))))


def audit_local(extraction: Extraction) -> list[Finding]:
    """The checks that read one document at a time (the extraction may hold several)."""
    return sorted({f for check in _LOCAL for f in check(extraction)})


def audit_global(facts: Facts) -> list[Finding]:
    """The checks across documents: names that drift for one code, project codes used twice."""
    return sorted({f for check in _GLOBAL for f in check(facts)})


@dataclass
class Facts:
    """What the cross-document checks and the entity resolution need of each document: a
    few tuples per form, so a national corpus can be audited without holding its records."""

    #: (0 = the department's own form, 1 = a project's 主管单位 cell, region, code, name,
    #: source, line)
    names: list[tuple[int, str, str, str, str, int]] = field(default_factory=list)
    #: code, source, line, name, where the line is printed (:func:`kg.domain.model.printed_at`)
    projects: list[tuple[str, str, int, str, str]] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)  # beneficiary groups as printed
    #: projects that a copy in another document may supersede, and each document's edition
    copies: list[tuple[str, int, str, str, int]] = field(default_factory=list)
    editions: dict[str, tuple[bool, str]] = field(default_factory=dict)

    def extend(self, other: Facts) -> None:
        self.names += other.names
        self.projects += other.projects
        self.groups += other.groups
        self.copies += other.copies
        self.editions |= other.editions


def facts(extraction: Extraction) -> Facts:
    out = Facts()
    for d in extraction.departments:
        if d.code:
            out.names.append((0, d.region, d.code, d.name, d.source, d.line))
    for p in extraction.projects:
        if p.supervising_code and p.supervising_unit:
            at = p.supervising_line or p.line
            out.names.append((1, p.region, p.supervising_code, p.supervising_unit, p.source, at))
        if p.code:
            out.projects.append(
                (p.code, p.source, p.line, p.name, _at(extraction, p.source, p.line))
            )
    out.groups = [b.group for b in extraction.beneficiaries]
    out.copies = copies(extraction)
    out.editions = dict(extraction.editions)
    return out


def _at(ex: Extraction, source: str, line: int) -> str:
    """Where ``line`` of ``source`` is printed, in the words of a message: 第 N 行, or 第 P 页
    第 M 行 for a document printed on pages."""
    page, on_page, _ = ex.cite(source, line)
    return printed_at(line, page, on_page)


def _finding(
    code: str,
    source: str,
    line: int,
    key: str,
    message: str,
    figures: str = "",
    subjects: Iterable[tuple[str, str]] = (),
) -> Finding:
    return Finding(source, line, code, key, CHECKS[code][0], message, figures, tuple(subjects))


def _yuan(value: Decimal | None) -> str:
    return f"{fmt_decimal(value)} 元" if value is not None else "—"


# --- forms: funding, costs, payouts --------------------------------------------------------

_Form = Project | Department


def _forms(ex: Extraction) -> dict[tuple[str, str, str], _Form]:
    forms: dict[tuple[str, str, str], _Form] = {}
    for p in ex.projects:
        forms.setdefault((p.source, "project", p.code), p)
    for d in ex.departments:
        forms.setdefault((d.source, "department", d.code), d)
    return forms


def _subject(form: _Form) -> tuple[str, str]:
    kind = "project" if isinstance(form, Project) else "department"
    return (kind, f"{form.region}-{form.code}" if kind == "department" else form.code)


def check_funding(ex: Extraction) -> Iterable[Finding]:
    lines: dict[tuple[str, str, str], list[FundingLine]] = defaultdict(list)
    for f in ex.funding:
        lines[(f.source, f.owner_kind, f.owner_code)].append(f)
    for key, form in _forms(ex).items():
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
            yield _finding(
                "funding-sum",
                form.source,
                form.line,
                form.code,
                f"{form.name}: 资金来源相加 {_yuan(general + rest)}，合计 {_yuan(form.total_yuan)}",
                f"合计 {fmt_decimal(form.total_yuan)}; {parts}",
                [_subject(form)],
            )
        elif "general_public" in kinds and has_split and by_kind["general_public"] != split:
            yield _finding(
                "funding-sum",
                form.source,
                form.line,
                form.code,
                f"{form.name}: 一般公共预算 {_yuan(by_kind['general_public'])}，"
                f"其中上级+本级 {_yuan(split)}",
                parts,
                [_subject(form)],
            )


_MONEY = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}


def _is_cost(i: Indicator) -> bool:
    return "成本" in i.l1 or "成本" in i.l2


def _money_cap(i: Indicator) -> Decimal | None:
    """A cost cap in yuan: ≤/</= (or no operator) and a plain money unit (no per-unit part)."""
    if i.number is None or i.unit not in _MONEY or i.operator not in ("≤", "<", "=", ""):
        return None
    return i.number * _MONEY[i.unit]


def _same_rounded(i: Indicator, total: Decimal) -> bool:
    """A cap printed in 万元 that is the total at the cap's precision (698.14万元 for
    6,981,385.80 元) states the same figure, not a different one."""
    assert i.number is not None
    scale = _MONEY[i.unit]
    places = Decimal(1).scaleb(i.number.as_tuple().exponent)  # type: ignore[arg-type]
    return scale > 1 and (total / scale).quantize(places, ROUND_HALF_UP) == i.number


def _by_form(ex: Extraction) -> dict[tuple[str, str, str], list[Indicator]]:
    out: dict[tuple[str, str, str], list[Indicator]] = defaultdict(list)
    for i in ex.indicators:
        out[(i.source, i.owner_kind, i.owner_code)].append(i)
    return out


def _indicator_subject(i: Indicator) -> tuple[str, str]:
    return ("indicator", f"{i.source}:{i.line}")


def check_costs(ex: Extraction) -> Iterable[Finding]:
    indicators = _by_form(ex)
    for key, form in _forms(ex).items():
        costs = [i for i in indicators.get(key, []) if _is_cost(i)]
        total = form.total_yuan
        caps = [(i, cap) for i in costs if (cap := _money_cap(i)) is not None]
        for i, cap in caps:
            if total is not None and cap != total and _same_rounded(i, total):
                yield _finding(
                    "cost-cap-rounding",
                    i.source,
                    i.line,
                    f"{form.code}|{i.content}",
                    f"{form.name}: 成本指标 {i.content} {i.value} 是合计 {_yuan(total)} 的四舍五入",
                    f"cap {fmt_decimal(cap)}; total {fmt_decimal(total)}",
                    [_subject(form), _indicator_subject(i)],
                )
            if total is not None and cap > total and not _same_rounded(i, total):
                yield _finding(
                    "cost-cap-above-total",
                    i.source,
                    i.line,
                    f"{form.code}|{i.content}",
                    f"{form.name}: 成本指标 {i.content} {i.value} 高于合计 {_yuan(total)}",
                    f"cap {fmt_decimal(cap)}; total {fmt_decimal(total)}",
                    [_subject(form), _indicator_subject(i)],
                )
        if (
            len(caps) == 1
            and total is not None
            and caps[0][1] < total
            and not _same_rounded(caps[0][0], total)
        ):
            i, cap = caps[0]
            yield _finding(
                "cost-cap-below-total",
                i.source,
                i.line,
                f"{form.code}|{i.content}",
                f"{form.name}: 唯一的成本指标 {i.content} {i.value} 低于合计 {_yuan(total)}",
                f"cap {fmt_decimal(cap)}; total {fmt_decimal(total)}",
                [_subject(form), _indicator_subject(i)],
            )
        for i in costs:
            money = i.unit.split("/")[0] in _MONEY or (i.unit.startswith("/") and "元" in i.value)
            if i.number is not None and not money and i.unit != "%":
                yield _finding(
                    "cost-cap-unit",
                    i.source,
                    i.line,
                    f"{form.code}|{i.content}",
                    f"{form.name}: 成本指标 {i.content} 的值 {i.value} 不是金额"
                    + ("（无单位）" if not i.unit else f"（单位 {i.unit}）"),
                    f"value {i.value}",
                    [_subject(form), _indicator_subject(i)],
                )


_GENERIC = {"标准", "发放", "补助", "人数", "数量", "资金", "经费"}
_TIME = {"年", "月", "天", "日", "次", "半年", "季", "周"}
_HOUSEHOLDS = {"户", "家"}


def _bigrams(text: str) -> set[str]:
    han = re.sub(r"[^\u4e00-\u9fff]", " ", text)
    return {w[k : k + 2] for w in han.split() for k in range(len(w) - 1)} - _GENERIC


def _trigrams(text: str) -> set[str]:
    han = re.sub(r"[^\u4e00-\u9fff]", " ", text)
    return {w[k : k + 3] for w in han.split() for k in range(len(w) - 2)}


def _per_unit(unit: str) -> str:
    """What a standard is per, time dropped: 元/人/户 → 户, 元/人.月 → 人, 元/亩 → 亩."""
    parts = [u for part in unit.split("/")[1:] for u in re.split(r"[.．·]", part) if u]
    return next((u for u in reversed(parts) if u not in _TIME), "")


_PER = re.compile(r"(\d+(?:\.\d+)?)\s*(元|万元)(/[^\s、，,；;）)]+)")


def _standard(i: Indicator) -> tuple[Decimal, str] | None:
    """A money-per-something standard in yuan and what it is per. A value that states
    several (伤残：7200元/人/年、死亡：7800元/人/年) counts with the smallest, so that a
    finding never rests on the larger figure."""
    if i.number is not None and "/" in i.unit and i.unit.split("/")[0] in _MONEY:
        return i.number * _MONEY[i.unit.split("/")[0]], _per_unit(i.unit)
    if i.number is None:
        found = [
            (Decimal(m.group(1)) * _MONEY[m.group(2)], _per_unit(m.group(2) + m.group(3)))
            for m in _PER.finditer(i.value)
        ]
        if found and len({per for _, per in found}) == 1:
            return min(found)
    return None


def check_payouts(ex: Extraction) -> Iterable[Finding]:
    """Standard × count above the total, where the form prints both. A standard (money per X)
    pairs with the counts in X that name the same thing (a shared three-character word); a
    per-household standard with no such count pairs with every household count."""
    indicators = _by_form(ex)
    for key, form in _forms(ex).items():
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
                    yield _finding(
                        "payout-exceeds-total",
                        s.source,
                        s.line,
                        f"{form.code}|{s.content}|{c.content}",
                        f"{form.name}: {c.content} {c.value} × {s.content} {s.value} = "
                        f"{_yuan(payout)}，高于合计 {_yuan(total)}",
                        f"{fmt_decimal(c.number)} × {fmt_decimal(standard)} = "
                        f"{fmt_decimal(payout)}; total {fmt_decimal(total)}",
                        [_subject(form), _indicator_subject(s), _indicator_subject(c)],
                    )


# --- the key-project summary table against the forms ----------------------------------------


def _similar(a: str, b: str) -> float:
    x, y = _bigrams(a) | set(a), _bigrams(b) | set(b)
    return len(x & y) / max(len(x | y), 1)


def _round_wan(yuan: Decimal) -> Decimal:
    return (yuan / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _compare_wan(
    row: SummaryRow, yuan: Decimal, key: str, what: str, subjects: list[tuple[str, str]]
) -> Iterable[Finding]:
    printed = row.amount_wan
    if printed is None or printed * 10000 == yuan:
        return
    rounded = _round_wan(yuan)
    code = "summary-rounding" if rounded == printed else "summary-amount"
    yield _finding(
        code,
        row.source,
        row.line,
        key,
        f"{what}: 汇总表 {fmt_decimal(printed)} 万元，申报表 {_yuan(yuan)}"
        + ("（四舍五入）" if code == "summary-rounding" else ""),
        f"summary {fmt_decimal(printed)} 万元 = {fmt_decimal(printed * 10000)} 元; "
        f"forms {fmt_decimal(yuan)} 元",
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
                yield _finding(
                    "summary-unmatched",
                    source,
                    r.line,
                    r.seq,
                    f"汇总表第 {r.seq} 行 {r.project} 找不到对应的申报表",
                    f"{fmt_decimal(r.amount_wan)} 万元",
                )
                continue
            p = projects[matched[a]]
            subjects = [("project", p.code)]
            if re.sub(r"\s", "", r.project) != re.sub(r"\s", "", p.name):
                yield _finding(
                    "summary-name",
                    source,
                    r.line,
                    r.seq,
                    f"汇总表「{r.project}」，申报表（{_at(ex, p.source, p.line)}）「{p.name}」",
                    f"summary {r.project}; form {p.name} ({p.code})",
                    subjects,
                )
            if p.total_yuan is not None:
                yield from _compare_wan(r, p.total_yuan, r.seq, p.name, subjects)
        for b, p in enumerate(projects):
            if b not in used:
                yield _finding(
                    "summary-unmatched",
                    p.source,
                    p.line,
                    p.code,
                    f"申报表 {p.name} 不在重点项目汇总表中",
                    _yuan(p.total_yuan),
                    [("project", p.code)],
                )
        for total in (r for r in rows if r.is_total):
            rows_sum = sum((r.amount_wan or Decimal(0) for r in items), Decimal(0))
            if total.amount_wan is not None and rows_sum != total.amount_wan:
                yield _finding(
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


# --- the narrative against the budget tables ------------------------------------------------

_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])\s*")


def _bare(item: str) -> str:
    return _NUMBERING.sub("", item).removeprefix("区本级")


def _names(line: BudgetLine, item: str) -> bool:
    """Does a table line print the canonical item a narrative figure names?"""
    bare = _bare(line.item)
    if item == "收入合计":
        return line.level == 1 and line.section == "收入" and bare.endswith("收入合计")
    if item == "支出合计":
        return line.level == 1 and line.section == "支出" and not bare.startswith("转移性")
    if item.endswith("合计"):
        return bare.endswith(item.removesuffix("合计")) or bare.endswith(item)
    return bare == item or (bare.endswith(item) and len(bare) - len(item) <= 4)


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
        subject = [("budget_line", f"{match.source}:{match.line}:{match.measure}")]
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
            yield _finding(
                code,
                f.source,
                f.line,
                f"{f.printed}|{match.table}|{_bare(match.item)}",
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
            yield _finding(
                "narrative-mismatch",
                f.source,
                f.line,
                f"{f.printed}|{match.table}|{_bare(match.item)}",
                f"报告「{f.printed}」，{where} 印 {fmt_decimal(change.value)}%",
                f"narrative {f.value}%; table {fmt_decimal(change.value)}%",
                subject,
            )


# --- budget-table arithmetic ---------------------------------------------------------------

_HALF = Decimal("0.5")


def _pct_bound(a: Decimal, b: Decimal) -> Decimal:
    """How far a printed a/b×100 may be from the one recomputed from 万元 rounded to 1."""
    return 100 * (_HALF / abs(b) + abs(a) * _HALF / (b * b)) + Decimal("0.005")


def check_tables(ex: Extraction) -> Iterable[Finding]:
    lines = ex.budget_lines
    at: dict[tuple[str, str, str, str], BudgetLine] = {}
    for b in lines:
        at.setdefault((b.source, b.table, b.item, b.measure), b)
    children: dict[tuple[str, str, str, str], list[BudgetLine]] = defaultdict(list)
    for b in lines:
        if b.parent:
            children[(b.source, b.table, b.parent, b.measure)].append(b)
    for (source, table, parent, measure), kids in sorted(children.items()):
        top = at.get((source, table, parent, measure))
        if top is None or top.amount_wan is None:
            continue
        filled = [k.amount_wan for k in kids if k.amount_wan is not None]
        if not filled and not top.amount_wan:
            continue  # nothing printed below a blank or zero total
        total = sum(filled, Decimal(0))  # a blank cell under a printed total counts as 0
        if abs(total - top.amount_wan) > _HALF * max(len(filled), 1):
            yield _finding(
                "table-sum",
                source,
                top.line,
                f"{table}|{_bare(parent)}|{measure}",
                f"{table} {parent}（{measure}）{fmt_decimal(top.amount_wan)} 万元，"
                f"{len(filled)} 项明细相加 {fmt_decimal(total)} 万元",
                f"printed {fmt_decimal(top.amount_wan)}; items {fmt_decimal(total)}",
                [("budget_line", f"{source}:{top.line}:{measure}")],
            )
    yield from _change_sums(ex, lines)
    printed = {(c.source, c.table, c.item, c.column): c.value for c in ex.budget_changes}
    for c in ex.budget_changes:
        if c.value is None:
            continue
        prior = printed.get((c.source, c.table, c.item, "change_vs_prior_amount"))
        found = _check_change(c, at, prior)
        if found:
            yield found


_CHANGE_AMOUNTS = {
    "change_vs_prior_amount": "比上年完成数增减金额",
    "change_vs_executed_amount": "比2024年执行数增减金额",
}


def _change_sums(ex: Extraction, lines: list[BudgetLine]) -> Iterable[Finding]:
    """The printed change amounts of a total against those of its items (blank = 0)."""
    printed = {
        (c.source, c.table, c.item, c.column): c
        for c in ex.budget_changes
        if c.column in _CHANGE_AMOUNTS and c.value is not None
    }
    kids: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for b in lines:
        if b.parent and b.item not in kids[(b.source, b.table, b.parent)]:
            kids[(b.source, b.table, b.parent)].append(b.item)
    for (source, table, parent), items in sorted(kids.items()):
        for column, name in _CHANGE_AMOUNTS.items():
            top = printed.get((source, table, parent, column))
            if top is None or top.value is None:
                continue
            values = [
                c.value
                for item in items
                if (c := printed.get((source, table, item, column))) and c.value is not None
            ]
            total = sum(values, Decimal(0))
            if abs(total - top.value) > _HALF * max(len(values), 1):
                yield _finding(
                    "table-sum",
                    source,
                    top.line,
                    f"{table}|{_bare(parent)}|{column}",
                    f"{table} {parent} {name} {fmt_decimal(top.value)} 万元，"
                    f"{len(values)} 项明细相加 {fmt_decimal(total)} 万元（空格按 0 计）",
                    f"printed {fmt_decimal(top.value)}; items {fmt_decimal(total)}",
                    [("budget_line", f"{source}:{top.line}")],
                )


def _check_change(
    c: BudgetChange, at: dict[tuple[str, str, str, str], BudgetLine], prior: Decimal | None
) -> Finding | None:
    """One printed ratio or change against the line's own figures (``prior``: the printed
    比上年完成数增减 amount, the base of the % beside it: 2023 = 2024 执行数 − change)."""

    def amount(measure: str) -> Decimal | None:
        b = at.get((c.source, c.table, c.item, measure))
        return b.amount_wan if b is not None else None

    adjusted, executed, proposed = amount("adjusted"), amount("executed"), amount("proposed")
    value = c.value
    assert value is not None
    expected: Decimal | None = None
    bound = Decimal(0)
    code = "table-growth"
    if c.column == "completion_pct" and adjusted and executed is not None:
        expected, bound = executed / adjusted * 100, _pct_bound(executed, adjusted)
        code = "table-completion"
    elif c.column == "change_vs_executed_amount" and executed is not None:
        expected = (proposed or Decimal(0)) - executed
    elif c.column == "change_vs_executed_pct" and executed:
        change = (proposed or Decimal(0)) - executed
        expected, bound = change / executed * 100, _pct_bound(change, executed)
    elif (
        c.column == "change_vs_prior_pct"
        and executed is not None
        and prior is not None
        and (base := executed - prior)
    ):
        expected, bound = prior / base * 100, _pct_bound(prior, base)
    if expected is None or abs(expected - value) <= bound:
        return None
    shown = expected.quantize(Decimal("0.01"), ROUND_HALF_UP)
    return _finding(
        code,
        c.source,
        c.line,
        f"{c.table}|{_bare(c.item)}|{c.column}",
        f"{c.table} {c.item}：印 {fmt_decimal(value)}，按表内数字应为 {fmt_decimal(shown)}",
        f"printed {fmt_decimal(value)}; recomputed {fmt_decimal(shown)}",
        [("budget_line", f"{c.source}:{c.line}")],
    )


# --- names, duplicates, targets -------------------------------------------------------------


def check_names(facts: Facts) -> Iterable[Finding]:
    """One department code, several names: the name on the department's own form (else the
    first printed) against every other name printed for the code."""
    seen: dict[tuple[str, str], list[tuple[str, str, int]]] = defaultdict(list)
    for _, region, code, name, source, line in sorted(facts.names):
        seen[(region, code)].append((name, source, line))
    for (region, code), names in sorted(seen.items()):
        first = names[0][0]
        reported: set[str] = set()
        for name, source, line in names[1:]:
            if name != first and name not in reported:
                reported.add(name)
                yield _finding(
                    "name-drift",
                    source,
                    line,
                    f"{region}-{code}",
                    f"部门 {region}-{code}：「{name}」，别处为「{first}」（{names[0][1]} 第 "
                    f"{names[0][2]} 行）",
                    f"{first} / {name}",
                    [("department", f"{region}-{code}")],
                )


def check_project_codes(facts: Facts) -> Iterable[Finding]:
    seen: dict[str, tuple[str, str, str]] = {}
    for code, source, line, name, _where in sorted(facts.projects):
        if code in seen:
            other_source, other_where, other_name = seen[code]
            yield _finding(
                "duplicate-project-code",
                source,
                line,
                code,
                f"项目编码 {code} 已用于 {other_name}（{other_source} {other_where}）",
                f"{other_name} / {name}",
                [("project", code)],
            )
        seen.setdefault(code, (source, _where, name))


def check_duplicates(ex: Extraction) -> Iterable[Finding]:
    for key, items in _by_form(ex).items():
        seen: dict[str, Indicator] = {}
        for i in items:
            if i.content and i.content in seen:
                first = seen[i.content]
                yield _finding(
                    "duplicate-indicator",
                    i.source,
                    i.line,
                    f"{key[2]}|{i.content}",
                    f"{i.owner_name}: 指标「{i.content}」印了两次（{_at(ex, i.source, first.line)} "
                    f"{first.value}，{_at(ex, i.source, i.line)} {i.value}）",
                    f"{first.value} / {i.value}",
                    [_indicator_subject(first), _indicator_subject(i)],
                )
            seen.setdefault(i.content, i)
    functions: dict[tuple[str, str, str], Statement] = {}
    for s in ex.statements:
        if s.kind != "function":
            continue
        text = re.sub(r"\s", "", s.text)
        k = (s.source, s.owner_code, text)
        if k in functions:
            yield _finding(
                "duplicate-function",
                s.source,
                s.line,
                f"{s.owner_code}|{s.ordinal}",
                f"{s.owner_name}: 职能{s.ordinal} 与职能{functions[k].ordinal} 相同",
                text[:40],
            )
        functions.setdefault(k, s)


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
            yield _finding(
                "inverted-operator",
                i.source,
                i.line,
                key,
                f"{i.owner_name}: 「{i.content}」{i.value}：比率目标写成了上限",
                i.value,
                [_indicator_subject(i)],
            )
        year = years.get((i.source, i.owner_code))
        if year:  # a deadline wherever the form put it (002 prints some under 成本指标)
            printed = {int(y) for y in _DEADLINE.findall(i.value)}
            if i.date:
                printed.add(int(i.date[:4]))
            if printed and printed != {year}:
                yield _finding(
                    "deadline-outside-year",
                    i.source,
                    i.line,
                    key,
                    f"{i.owner_name}: 「{i.content}」{i.value}，预算年度为 {year} 年",
                    i.value,
                    [_indicator_subject(i)],
                )
        if "数量" in i.l2 and i.number is not None and not i.unit and i.value_kind == "numeric":
            yield _finding(
                "value-without-unit",
                i.source,
                i.line,
                key,
                f"{i.owner_name}: 数量指标「{i.content}」{i.value} 没有单位",
                i.value,
                [_indicator_subject(i)],
            )


#: checks that need only one document's records
_LOCAL: tuple[Callable[[Extraction], Iterable[Finding]], ...] = (
    check_funding,
    check_costs,
    check_payouts,
    check_summary,
    check_narrative,
    check_tables,
    check_duplicates,
    check_targets,
)
#: checks across documents, on the few facts each document contributes
_GLOBAL: tuple[Callable[[Facts], Iterable[Finding]], ...] = (check_names, check_project_codes)


def counts(findings: Iterable[Finding]) -> Counter[str]:
    return Counter(f.code for f in findings)


def grouped(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in the order they are printed: by check (as in :data:`CHECKS`), then place."""
    order = {code: k for k, code in enumerate(CHECKS)}
    return sorted(findings, key=lambda f: (order[f.code], f.source, f.line, f.key))


COLUMNS = ("check", "severity", "source", "line", "key", "message", "figures")


Cite = Callable[[str, int], tuple[int, int, bool]]


def where(f: Finding, cite: Cite | None = None) -> str:
    """A finding's line as a reader looks it up: its line, or for a document printed on pages
    (``cite``: :meth:`kg.domain.model.Extraction.cite`) its page and the line on that page.

    >>> f = Finding("a.pdf", 212, "funding-sum", "k", "error", "m", "", ())
    >>> where(f), where(f, lambda source, line: (3, 12, False))
    ('212', '第 3 页 第 12 行')
    """
    page, on_page, _ = cite(f.source, f.line) if cite else (0, 0, False)
    return printed_at(f.line, page, on_page) if page else str(f.line)


def rows(findings: Iterable[Finding], cite: Cite | None = None) -> list[tuple[str, ...]]:
    return [
        (f.code, f.severity, f.source, where(f, cite), f.key, f.message, f.figures)
        for f in grouped(findings)
    ]


def markdown(findings: list[Finding], sources: Iterable[str], cite: Cite | None = None) -> str:
    """``audit.md``: a summary by check, then each check's findings with file and line (page
    and line on the page for documents printed on pages)."""
    from kg.views.render import md_cell, render

    found = counts(findings)
    by_severity = Counter(f.severity for f in findings)
    out = [
        "# 审核报告 · Audit report",
        "",
        "Documents: " + ", ".join(md_cell(s) for s in sorted(sources)),
        "",
        f"{len(findings)} findings: "
        + ", ".join(f"{by_severity[sev]} {sev}" for sev in SEVERITIES),
        "",
        render(
            ("check", "severity", "findings", "检查", "what it means"),
            [(c, sev, found[c], zh, en) for c, (sev, zh, en) in CHECKS.items()],
            "md",
        ),
    ]
    for code, (sev, zh, en) in CHECKS.items():
        mine = [f for f in grouped(findings) if f.code == code]
        if not mine:
            continue
        out += [
            f"## {code} · {zh} ({sev}, {len(mine)})",
            "",
            f"{en[0].upper()}{en[1:]}.",
            "",
            render(
                ("file", "line", "key", "finding", "figures"),
                [(f.source, where(f, cite), f.key, f.message, f.figures) for f in mine],
                "md",
            ),
        ]
    return "\n".join(out)
