"""What the generator means to write: the specs of a document and of what it holds.

A :class:`DocumentSpec` lists the projects, departments, summary rows, budget lines and
narrative figures one document prints, with values as a correct reading gives them; the
:class:`Manifest` of a corpus holds its :class:`Counts` and, unless told not to, every
document's spec, so that an extraction can be compared with it record by record.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class IndicatorSpec:
    """One indicator row: labels in effect, content, the value as read and as printed."""

    l1: str
    l2: str
    content: str
    value: str
    printed: str


@dataclass(frozen=True, slots=True)
class ProjectSpec:
    """A project form as meant: the values a correct reading gives."""

    code: str
    name: str
    region: str
    year: int
    implementing_unit: str
    supervising_code: str
    supervising_name: str
    attribute: str
    attribute_raw: str
    total_yuan: Decimal
    funding: tuple[tuple[str, Decimal], ...]  # (source kind, yuan) for every printed amount
    goal: str
    indicators: tuple[IndicatorSpec, ...]
    beneficiaries: tuple[tuple[str, str], ...]  # (group, the satisfaction indicator's content)


@dataclass(frozen=True, slots=True)
class DepartmentSpec:
    """A department's 部门整体绩效申报表 as meant."""

    code: str
    name: str
    region: str
    year: int
    total_yuan: Decimal
    funding: tuple[tuple[str, Decimal], ...]
    functions: tuple[str, ...]
    goals: tuple[str, ...]
    indicators: tuple[IndicatorSpec, ...]
    beneficiaries: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class SummaryRowSpec:
    """A row of the 重点项目绩效目标情况表, the 合计 row too."""

    seq: str
    department: str
    unit: str
    project: str  # as the summary prints it (may drift from the form's name)
    amount_wan: Decimal
    project_code: str = ""  # the form it summarises ('' on the 合计 row)
    is_total: bool = False


@dataclass(frozen=True, slots=True)
class BudgetLineSpec:
    """One amount of a budget table: an item's value for one measure, ``None`` where blank."""

    table: str
    table_kind: str
    section: str
    item: str
    level: int
    parent: str
    year: int
    measure: str
    amount_wan: Decimal | None


@dataclass(frozen=True, slots=True)
class BudgetChangeSpec:
    """One 完成% or 增减 cell of a budget table."""

    table: str
    item: str
    column: str
    value: Decimal


@dataclass(frozen=True, slots=True)
class NarrativeSpec:
    """A figure the district report's narrative states (from its own tables)."""

    budget: str
    year: int
    item: str
    kind: str  # amount | change_pct | completion_pct
    value: Decimal
    unit: str


@dataclass(frozen=True, slots=True)
class DocumentSpec:
    """A document as meant: its layout, region, year and every record it holds."""

    name: str
    layout: str  # district | summary | city
    region: str
    region_name: str
    year: int
    projects: tuple[ProjectSpec, ...]
    departments: tuple[DepartmentSpec, ...] = ()
    summary: tuple[SummaryRowSpec, ...] = ()
    budget_lines: tuple[BudgetLineSpec, ...] = ()
    budget_changes: tuple[BudgetChangeSpec, ...] = ()
    narrative: tuple[NarrativeSpec, ...] = ()


@dataclass
class Counts:
    """How many documents, records and bytes a corpus holds."""

    documents: int = 0
    projects: int = 0
    departments: int = 0
    indicators: int = 0
    summary_rows: int = 0
    budget_lines: int = 0
    bytes: int = 0

    def add(self, doc: DocumentSpec, size: int) -> None:
        self.documents += 1
        self.projects += len(doc.projects)
        self.departments += len(doc.departments)
        self.indicators += sum(len(p.indicators) for p in doc.projects)
        self.indicators += sum(len(d.indicators) for d in doc.departments)
        self.summary_rows += len(doc.summary)
        self.budget_lines += len(doc.budget_lines)
        self.bytes += size


@dataclass
class Manifest:
    """What :func:`generate` wrote: counts always, the documents' specs unless told not to."""

    counts: Counts = field(default_factory=Counts)
    documents: list[DocumentSpec] = field(default_factory=list)

    def projects(self) -> Iterator[ProjectSpec]:
        for doc in self.documents:
            yield from doc.projects

    def departments(self) -> Iterator[DepartmentSpec]:
        for doc in self.documents:
            yield from doc.departments
