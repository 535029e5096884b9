"""What every check shares: the :class:`Finding` it yields, what a finding is about
(:class:`Subject`), the few :class:`Facts` the cross-document checks read, and the helpers
that find a document's forms and their indicators.

A finding's severity and titles come from the registry of problem codes
(:data:`kg.domain.problems.PROBLEMS`); :data:`CHECKS` is its audit part, in the order the
report lists the checks.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from kg.domain.model import Department, Extraction, Indicator, Project, printed_at
from kg.domain.problems import PROBLEMS
from kg.domain.revisions import copies
from kg.domain.values import fmt_decimal

#: check code → (severity, 中文 title, English title), in the order the report lists them
CHECKS: dict[str, tuple[str, str, str]] = {
    p.code: (p.severity, p.zh, p.description) for p in PROBLEMS.values() if p.kind == "finding"
}


@dataclass(frozen=True)
class Subject:
    """What a finding is about: a ``project`` or ``department`` by its code (a department's
    within its ``region``), or an ``indicator`` or ``budget_line`` by the ``source`` and
    ``line`` it is printed on (a budget line also by its ``measure``; empty: every measure
    printed on that line)."""

    kind: str
    code: str = ""
    region: str = ""
    source: str = ""
    line: int = 0
    measure: str = ""


@dataclass(frozen=True, order=True)
class Finding:
    source: str
    line: int
    code: str
    key: str
    severity: str
    message: str
    figures: str = ""
    #: what the finding is about (the records that :mod:`kg.rdf.findings` links it to)
    subjects: tuple[Subject, ...] = field(default=(), compare=False)

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


def finding(
    code: str,
    source: str,
    line: int,
    key: str,
    message: str,
    figures: str = "",
    subjects: tuple[Subject, ...] | list[Subject] = (),
) -> Finding:
    """A finding of check ``code``, with the severity the registry gives it."""
    return Finding(source, line, code, key, CHECKS[code][0], message, figures, tuple(subjects))


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
                (p.code, p.source, p.line, p.name, printed(extraction, p.source, p.line))
            )
    out.groups = [b.group for b in extraction.beneficiaries]
    out.copies = copies(extraction)
    out.editions = dict(extraction.editions)
    return out


def printed(ex: Extraction, source: str, line: int) -> str:
    """Where ``line`` of ``source`` is printed, in the words of a message: 第 N 行, or 第 P 页
    第 M 行 for a document printed on pages."""
    page, on_page, _ = ex.cite(source, line)
    return printed_at(line, page, on_page)


def yuan(value: Decimal | None) -> str:
    """An amount in yuan as a message prints it.

    >>> yuan(Decimal("3500000")), yuan(None)
    ('3500000 元', '—')
    """
    return f"{fmt_decimal(value)} 元" if value is not None else "—"


#: 元, 万元, 亿元 in yuan
MONEY = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}

_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])\s*")


def bare(item: str) -> str:
    """A budget-table item without its ordinal and 区本级 (as a finding's key names it).

    >>> bare("（一）区本级一般公共预算收入")
    '一般公共预算收入'
    """
    return _NUMBERING.sub("", item).removeprefix("区本级")


# --- forms and their indicators ------------------------------------------------------------

Form = Project | Department


def forms(ex: Extraction) -> dict[tuple[str, str, str], Form]:
    """Each form once, by (source, project|department, code)."""
    out: dict[tuple[str, str, str], Form] = {}
    for p in ex.projects:
        out.setdefault((p.source, "project", p.code), p)
    for d in ex.departments:
        out.setdefault((d.source, "department", d.code), d)
    return out


def by_form(ex: Extraction) -> dict[tuple[str, str, str], list[Indicator]]:
    """The indicators of each form, keyed as :func:`forms` keys the forms."""
    out: dict[tuple[str, str, str], list[Indicator]] = defaultdict(list)
    for i in ex.indicators:
        out[(i.source, i.owner_kind, i.owner_code)].append(i)
    return out


def about_form(form: Form) -> Subject:
    if isinstance(form, Project):
        return about_project(form.code)
    return about_department(form.region, form.code)


def about_project(code: str) -> Subject:
    return Subject("project", code=code)


def about_department(region: str, code: str) -> Subject:
    return Subject("department", code=code, region=region)


def about_indicator(i: Indicator) -> Subject:
    return Subject("indicator", source=i.source, line=i.line)


def about_budget_line(source: str, line: int, measure: str = "") -> Subject:
    return Subject("budget_line", source=source, line=line, measure=measure)
