"""Project forms (项目支出绩效目标申报表), which every document carries.

A project's 21-character code, name, units, attribute, funding by source (上级/本级 split in the
2025 layout, blank sources in the 2023 one), goal and indicators; the block of forms a document
prints; and the ``city`` document, which is only such forms.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from kg.synth.departments import Department
from kg.synth.indicators import indicator_lines, project_indicators
from kg.synth.places import Region
from kg.synth.printing import amount_row, bold, spaced, tab_row, titled, yuan_amount, yuan_text
from kg.synth.specs import DocumentSpec, ProjectSpec
from kg.synth.vocabulary import GOV_FUND_TOPICS, NAME_QUALIFIERS, PROJECT_ATTRIBUTES, Sector


@dataclass
class Serials:
    """Project serial numbers of one region: increasing, so codes never repeat."""

    next: int

    def take(self, rng: random.Random) -> int:
        self.next += rng.randint(1, 30)
        return self.next


def _project_code(rng: random.Random, region: str, year: int, dept: str, serial: int) -> str:
    yy = year - min(4, int(rng.expovariate(1.0)))
    if yy <= year - 3 and rng.random() < 0.7:
        return f"{region}{yy % 100:02d}{dept}001{serial % 10**7:07d}"
    return f"{region}{yy % 100:02d}04{dept}{serial % 10**8:08d}"


def _project_name(rng: random.Random, sector: Sector, region: Region) -> str:
    core = rng.choice(sector.projects)
    r = rng.random()
    if r < 0.15 and region.layout != "city":
        return core + rng.choice(NAME_QUALIFIERS).replace("{t}", region.short.removesuffix("区"))
    if r < 0.22:
        return f"{region.short}{core}"
    return core


def project_spec(
    rng: random.Random, region: Region, dept: Department, serial: int, year: int
) -> ProjectSpec:
    """What a project's form states: its total split over the funding sources, name, units,
    attribute, goal and indicators."""
    sector = dept.sector
    cents = region.layout != "summary" and rng.random() < 0.08  # summaries print 万元 exactly
    total = yuan_amount(rng, 2e5, 3e7, cents=cents)
    upper = (total * Decimal(rng.choice((2, 3, 5)))) // 10 if rng.random() < 0.15 else Decimal(0)
    funded = sector.topic in GOV_FUND_TOPICS and rng.random() < 0.5
    gov = (total - upper) // 4 if funded else Decimal(0)
    other = Decimal(rng.randrange(1, 50) * 1000) if rng.random() < 0.05 else Decimal(0)
    other = min(other, total - upper - gov)
    local = total - upper - gov - other
    funding = _project_funding(rng, region.layout, upper, local, gov, other)
    name = _project_name(rng, sector, region)
    indicators, groups = project_indicators(rng, sector, total, year, region.layout)
    raw, attribute = rng.choice(PROJECT_ATTRIBUTES)
    if region.layout == "city" and rng.random() < 0.85:
        raw = raw[2:]
    unit = rng.choice(dept.units) if dept.units and rng.random() < 0.4 else dept.name
    return ProjectSpec(
        code=_project_code(rng, region.code, year, dept.code, serial),
        name=name,
        region=region.code,
        year=year,
        implementing_unit=unit,
        supervising_code=dept.code,
        supervising_name=dept.name,
        attribute=attribute,
        attribute_raw=raw,
        total_yuan=total,
        funding=funding,
        goal=f"通过实施{name}，做好{rng.choice(sector.works)}，保障{sector.topic}工作顺利开展。",
        indicators=indicators,
        beneficiaries=groups,
    )


def _project_funding(
    rng: random.Random, layout: str, upper: Decimal, local: Decimal, gov: Decimal, other: Decimal
) -> tuple[tuple[str, Decimal], ...]:
    """The amounts a form prints: the 2023 layout leaves zero sources blank."""
    lines = (
        ("general_public_upper", upper),
        ("general_public_local", local),
        ("gov_fund", gov),
        ("other", other),
    )
    if layout != "city":
        return lines
    return tuple((k, v) for k, v in lines if v or k == "general_public_local" or rng.random() < 0.3)


def _project_lines(rng: random.Random, p: ProjectSpec, layout: str) -> list[str]:
    grouped = layout == "city" or rng.random() < 0.05
    amounts = dict(p.funding)

    def fmt(kind: str) -> str:
        value = amounts.get(kind)
        return "" if value is None else yuan_text(value, grouped, rng)

    code_label = "项目编号" if rng.random() < 0.15 else "项目编码"
    name = spaced(rng, p.name) if rng.random() < 0.03 else p.name
    gap = [""] if rng.random() < 0.1 else []
    lines = [
        tab_row("项目名称", name, *gap, code_label, p.code, *[""] * rng.randint(0, 1)),
        tab_row(
            "项目实施单位",
            p.implementing_unit,
            *gap,
            "项目主管单位",
            f"{p.supervising_code}-{p.supervising_name}",
        ),
        tab_row("项目属性", p.attribute_raw, "", "", ""),
        tab_row("资金总额", bold(rng, "资金来源"), bold(rng, "金额(元)"), "", ""),
        amount_row(rng, ("", bold(rng, "合计", 0.3)), yuan_text(p.total_yuan, grouped)),
        amount_row(rng, ("", "其中：一般公共预算拨款", "其中：上级"), fmt("general_public_upper")),
        amount_row(rng, ("", "", "本级"), fmt("general_public_local")),
        amount_row(rng, ("", "政府性基金"), fmt("gov_fund")),
        amount_row(rng, ("其他资金",) if rng.random() < 0.6 else ("", "其他资金"), fmt("other")),
    ]
    goal = f"<p>{p.goal}</p>" if rng.random() < 0.05 else p.goal
    lines.append(tab_row("年度绩效目标", goal, "", "", ""))
    lines.extend(indicator_lines(rng, p.indicators, "项目年度绩效目标衡量指标"))
    return lines


def assign_supervisors(rng: random.Random, depts: list[Department], count: int) -> list[Department]:
    """Which department supervises each of ``count`` projects (in department order)."""
    weights = [rng.random() + 0.2 for _ in depts]
    picks = rng.choices(range(len(depts)), weights=weights, k=count)
    return [depts[i] for i in sorted(picks)]


def project_block(
    rng: random.Random, projects: Sequence[ProjectSpec], title: str, heading: str, layout: str
) -> list[str]:
    """A document's project forms, each under its title."""
    lines: list[str] = []
    for p in projects:
        if layout == "city" and rng.random() < 0.3:
            lines += ["", title + "\t\t\t\t"]  # the title printed as a row, no blank after it
        else:
            lines += titled(rng, title, heading)
        lines += _project_lines(rng, p, layout)
        if layout == "city" and rng.random() < 0.05:
            lines += ["", "--\t--\t-----------------\t------"]
    return lines


def city_document(
    rng: random.Random, region: Region, projects: list[ProjectSpec], year: int, name: str
) -> tuple[list[str], DocumentSpec]:
    """The lines and the spec of a ``city`` document: project forms only, 2023 layout."""
    title = f"{year}年度部门预算{region.short}本级项目支出绩效目标申报表"
    lines = ["", "", *project_block(rng, projects, title, "", "city")]
    return lines, DocumentSpec(name, "city", region.code, region.name, year, tuple(projects))
