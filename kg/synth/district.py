"""The ``district`` document (like sample 000): a 区's budget report.

A short narrative whose figures come from the tables, the four budget tables, a
部门整体绩效申报表 for every department, then the project forms (2025 layout).
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

from kg.synth.budget import BudgetTable, budget_tables
from kg.synth.departments import Department, department_lines, department_spec
from kg.synth.places import Region
from kg.synth.printing import TWO_PLACES, chinese_number, titled
from kg.synth.projects import project_block
from kg.synth.specs import DocumentSpec, NarrativeSpec, ProjectSpec


def _figure_text(wan: Decimal) -> tuple[str, Decimal, str]:
    """An amount in 万元 as the narrative prints it: 亿元 with 2 decimals, or 万元."""
    if abs(wan) >= 1000:
        yi = (wan / 10000).quantize(TWO_PLACES, ROUND_HALF_UP)
        return f"{yi}亿元", yi, "亿元"
    return f"{wan}万元", wan, "万元"


_OPENING = (
    "",
    "",
    "{short}十三届人大五次会议",
    "",
    "文 件 之 三",
    "",
    "# {short} 2024 年财政预算执行情况和 2025 年财政预算草案的报告",
    "",
    "各位代表：",
    "",
    "受区人民政府委托，现将{short}财政预算执行情况和财政预算草案提请审议。",
    "",
)
#: (year, heading, the measure it reports, the change it states)
_PARTS = (
    (2024, "## 一、2024 年财政预算执行情况", "执行情况", "executed", "change_vs_prior_pct"),
    (2025, "## 二、2025年财政预算草案", "草案", "proposed", "change_vs_executed_pct"),
)


def _narrative(
    tables: list[tuple[str, str, BudgetTable]], region: Region
) -> tuple[list[str], list[NarrativeSpec]]:
    """The report before the tables: per year and budget, the totals the tables print."""
    lines = [line.format(short=region.short) for line in _OPENING]
    specs: list[NarrativeSpec] = []
    for year, head, suffix, measure, change in _PARTS:
        lines += [head, ""]
        for n, (name, kind, table) in enumerate(tables, 1):
            lines += [f"### （{chinese_number(n)}）{name}{suffix}", ""]
            clauses = []
            for section in ("收入", "支出"):
                facts = table.figures.get(section, {})
                if measure in facts:
                    clause, figures = _said(name, section, facts, measure, change)
                    clauses.append(clause)
                    specs += [NarrativeSpec(kind, year, f"{section}合计", *f) for f in figures]
            if clauses:
                lines += [f"{year}年，" + "。".join(clauses) + "。", ""]
    lines += ["各位代表，以上报告的预算执行数均为快报数，最终执行结果以决算数为准。", ""]
    return lines, specs


def _said(
    name: str, section: str, facts: dict[str, Decimal], measure: str, change: str
) -> tuple[str, list[tuple[str, Decimal, str]]]:
    """One clause (区本级…收入5.24亿元，增长3.06%，完成调整预算的100.06%) and its figures."""
    text, value, unit = _figure_text(facts[measure])
    clause = f"区本级{name}{section}{text}"
    figures = [("amount", value, unit)]
    if change in facts:
        pct = facts[change]
        clause += f"，{'增长' if pct >= 0 else '下降'}{abs(pct)}%"
        figures.append(("change_pct", pct, "%"))
    if measure == "executed" and "completion_pct" in facts:
        clause += f"，完成调整预算的{facts['completion_pct']}%"
        figures.append(("completion_pct", facts["completion_pct"], "%"))
    return clause, figures


def district_document(
    rng: random.Random,
    region: Region,
    depts: list[Department],
    projects: list[ProjectSpec],
    year: int,
    name: str,
) -> tuple[list[str], DocumentSpec]:
    """The lines and the spec of a ``district`` document."""
    tables = budget_tables(rng)
    lines, narrative = _narrative(tables, region)
    for _, _, table in tables:
        lines += table.lines
    totals: dict[str, Decimal] = {}
    for p in projects:
        totals[p.supervising_code] = totals.get(p.supervising_code, Decimal(0)) + p.total_yuan
    departments = [
        department_spec(rng, region, d, totals.get(d.code, Decimal(0)), year) for d in depts
    ]
    for d in departments:
        lines += titled(rng, f"{year}年度部门整体绩效申报表", "## ")
        lines += department_lines(rng, d)
    title = f"{year}年度部门预算{region.short}本级项目支出绩效目标申报表"
    lines += project_block(rng, projects, title, "## ", "district")
    spec = DocumentSpec(
        name,
        "district",
        region.code,
        region.name,
        year,
        tuple(projects),
        tuple(departments),
        budget_lines=tuple(b for _, _, t in tables for b in t.budget),
        budget_changes=tuple(c for _, _, t in tables for c in t.changes),
        narrative=tuple(narrative),
    )
    return lines, spec
