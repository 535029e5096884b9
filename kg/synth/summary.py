"""The ``summary`` document (like sample 001): a key-project summary, then the forms.

The 重点项目绩效目标情况表 prints each project's amount in 万元 (2 decimals) and a 合计 row; now
and then a name drifts from the form's.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

from kg.synth.places import Region
from kg.synth.printing import TWO_PLACES, bold, tab_row
from kg.synth.projects import project_block
from kg.synth.specs import DocumentSpec, ProjectSpec, SummaryRowSpec


def _summary_name(rng: random.Random, name: str) -> str:
    """The name a summary table prints: now and then not quite the form's."""
    if rng.random() < 0.1:
        if "-" in name:
            head, _, tail = name.partition("-")
            return f"{head}（{tail}）"
        return f"{name}项目" if not name.endswith("项目") else name[:-2]
    return name


def summary_document(
    rng: random.Random, region: Region, projects: list[ProjectSpec], year: int, name: str
) -> tuple[list[str], DocumentSpec]:
    """The lines and the spec of a ``summary`` document."""
    unit = rng.choice(("单位：万元", "单位:万元"))
    title = f"{region.short}{year}年部门预算重点项目绩效目标情况表"
    lines = ["", "", title, "", unit, "", "项目序号\t部门名称\t单位名称\t项目名称\t年初预算数"]
    rows: list[SummaryRowSpec] = []
    for seq, p in enumerate(projects, 1):
        wan = (p.total_yuan / 10000).quantize(TWO_PLACES, ROUND_HALF_UP)
        shown = _summary_name(rng, p.name)
        rows.append(
            SummaryRowSpec(str(seq), p.supervising_name, p.implementing_unit, shown, wan, p.code)
        )
        lines.append(
            tab_row(
                str(seq),
                p.supervising_name,
                p.implementing_unit,
                shown,
                *[""] * (rng.random() < 0.05),
                f"{wan:,}",
            )
        )
    total = sum((r.amount_wan for r in rows), Decimal(0))
    rows.append(SummaryRowSpec("", "", "", "", total, is_total=True))
    lines.append(tab_row(bold(rng, "合计", 0.2), "", "", "", f"{total:,}"))
    title = f"{year}年度部门预算{region.short}本级项目支出绩效目标申报表"
    lines += project_block(rng, projects, title, "", "summary")
    spec = DocumentSpec(
        name, "summary", region.code, region.name, year, tuple(projects), summary=tuple(rows)
    )
    return lines, spec
