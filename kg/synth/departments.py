"""The departments of a region and their 部门整体绩效申报表 (department forms).

Names come from the department kinds of :mod:`kg.synth.vocabulary` (and 镇/街道 offices in a
district), codes are 3 digits in ascending order; a form prints the 部门预算安排资金 by source,
the 职能N/目标N statements and the indicator table.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from kg.synth.indicators import department_indicators, indicator_lines
from kg.synth.places import Region
from kg.synth.printing import amount_row, bold, tab_row, yuan_amount
from kg.synth.specs import DepartmentSpec
from kg.synth.vocabulary import DEPARTMENT_KINDS, SECTORS, TOWN_KINDS, TOWN_SYLLABLES, Sector


@dataclass(frozen=True, slots=True)
class Department:
    """A department while its document is drawn: code, name, sector and subordinate units."""

    code: str
    name: str
    sector: Sector
    units: tuple[str, ...]


def region_departments(rng: random.Random, region: Region, count: int) -> list[Department]:
    """``count`` departments of a region, with 3-digit codes in ascending order."""
    city = region.layout == "city"
    kinds = [(k[0], (k[2] or k[1]) if city else k[1], k[3]) for k in DEPARTMENT_KINDS]
    kinds = [k for k in kinds if "{s}" not in k[1]]  # a city has no 分局 of itself
    chosen = sorted(rng.sample(range(len(kinds)), min(count, len(kinds))))
    picks = [kinds[i] for i in chosen]
    towns = sorted({"".join(rng.sample(TOWN_SYLLABLES, 2)) for _ in range(count)})
    for t in towns[: max(0, count - len(picks))]:
        if region.layout == "city":
            break
        picks.append(("town", rng.choice(TOWN_KINDS).replace("{t}", t), ()))
    codes = sorted(rng.sample(range(101, 800), len(picks)))
    stem = region.short.removesuffix("区")
    out = []
    for code, (sector, template, units) in zip(codes, picks, strict=True):
        name = template.format(r=region.name, c=region.city, s=stem)
        subunits = tuple(u.format(r=region.name, d=name) for u in units)
        out.append(Department(str(code), name, SECTORS[sector], subunits))
    return out


def department_spec(
    rng: random.Random, region: Region, dept: Department, projects_total: Decimal, year: int
) -> DepartmentSpec:
    """What a department's form states: a total above its projects', funding by source, the
    职能/目标 statements and the indicators."""
    sector = dept.sector
    total = projects_total + yuan_amount(rng, 3e5, 6e7, cents=True)
    share = (rng.random(), rng.random(), rng.random())
    gov = (total // 5).quantize(Decimal("0.01")) if share[0] < 0.1 else Decimal(0)
    capital = (total // 20 // 10000 * 10000) if share[1] < 0.04 else Decimal(0)
    other = (total // 50 // 1000 * 1000) if share[2] < 0.08 else Decimal(0)
    general = total - gov - capital - other
    funding = (
        ("general_public", general),
        ("gov_fund", gov),
        ("state_capital", capital),
        ("other", other),
    )
    scope = "本市" if region.layout == "city" else "本区"
    works = rng.sample(sector.works, rng.randint(1, len(sector.works)))
    functions = (
        f"贯彻执行党和国家关于{sector.topic}工作的方针政策和法律法规，拟订{scope}"
        f"{sector.topic}发展规划并组织实施。",
        *(f"负责{w}工作。" for w in works),
        "承办上级交办的其他事项。",
    )
    goals = tuple(f"做好{w}，全面完成{year}年度目标任务。" for w in works[: rng.randint(1, 3)])
    if rng.random() < 0.5:
        goals += ("预算资金严格按照预算执行进度支出，全年预算执行率达到100%。",)
    indicators, groups = department_indicators(rng, sector, total, year)
    return DepartmentSpec(
        code=dept.code,
        name=dept.name,
        region=region.code,
        year=year,
        total_yuan=total,
        funding=funding,
        functions=functions,
        goals=goals,
        indicators=indicators,
        beneficiaries=groups,
    )


def department_lines(rng: random.Random, d: DepartmentSpec) -> list[str]:
    """A department's 部门整体绩效申报表 as printed."""
    money = dict(d.funding)
    wide = rng.random() < 0.5
    lines = [
        tab_row("部门名称", d.name, *([""] if wide else []), "部门编码", d.code),
        amount_row(
            rng,
            (
                rng.choice(("部门预算安排资金(元)", "部门预算安排资金（元）")),
                bold(rng, "合计", 0.8),
            ),
            f"{d.total_yuan:,}",
        ),
    ]
    labels = (
        ("general_public", "其中：一般公共预算拨款"),
        ("gov_fund", "政府性基金"),
        ("state_capital", "国有资本经营预算"),
        ("other", "其他资金"),
    )
    for kind, label in labels:
        lines.append(amount_row(rng, ("", label), f"{money[kind]:,}" if money[kind] else "0"))
    for i, text in enumerate(d.functions, 1):
        head = "部门职能概述 (逐条填写，每条控制在150字以内。)" if i == 1 else ""
        lines.append(tab_row(head, f"职能{i}", text, "", ""))
    for i, text in enumerate(d.goals, 1):
        head = "部门整体支出年度绩效目标 (逐条填写，和部门职能对应)" if i == 1 else ""
        lines.append(tab_row(head, f"目标{i}", text, "", ""))
    lines.extend(indicator_lines(rng, d.indicators, "部门整体支出年度绩效目标衡量指标"))
    return lines
