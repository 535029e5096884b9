"""Typed records extracted from the forms, each citing its source file and line.

Amounts are exact :class:`~decimal.Decimal`: yuan for form amounts (``*_yuan``),
万元 for budget-table and summary-table figures (``amount_wan``), as printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any, ClassVar

from kg.domain.problems import unreadable_input
from kg.domain.values import fmt_decimal


@dataclass(frozen=True, slots=True)
class Record:
    """Base of all records: ``source`` is the document's file name, ``line`` 1-based."""

    source: str
    line: int

    TABLE: ClassVar[str] = ""

    def row(self) -> dict[str, str]:
        """The record as CSV cells: decimals in plain notation, None as ''."""
        return {name: _cell(getattr(self, name)) for name in _names(type(self))}

    @classmethod
    def columns(cls) -> list[str]:
        return list(_names(cls))


def _names(kind: type[Record]) -> tuple[str, ...]:
    """A record type's field names, in order (:func:`dataclasses.fields` is slow to call for
    every row, so each type's are kept)."""
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(kind))
    return names


_FIELD_NAMES: dict[type[Record], tuple[str, ...]] = {}


def _cell(value: Any) -> str:
    if type(value) is str:  # most cells
        return value
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return fmt_decimal(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def printed_at(line: int, page: int = 0, page_line: int = 0) -> str:
    """Where a line is printed, as a reader looks it up: "第 3 页 第 12 行" on a document
    printed on pages, "第 212 行" otherwise.

    >>> printed_at(212, 3, 12), printed_at(212)
    ('第 3 页 第 12 行', '第 212 行')
    """
    return f"第 {page} 页 第 {page_line} 行" if page else f"第 {line} 行"


@dataclass(frozen=True, slots=True)
class Issue(Record):
    """Something the reader or a parser could not place, with the raw text to look at;
    ``code`` is one of :data:`kg.domain.problems.PROBLEMS`."""

    code: str
    message: str
    raw: str = ""

    TABLE: ClassVar[str] = "issues"


@dataclass(frozen=True, slots=True)
class Project(Record):
    code: str
    name: str
    year: int | None
    region: str
    region_name: str
    implementing_unit: str
    supervising_unit: str
    supervising_code: str
    attribute: str
    attribute_raw: str
    total_yuan: Decimal | None
    goal: str
    purpose: str = ""
    supervising_line: int = 0  # the line 项目主管单位 is printed on

    TABLE: ClassVar[str] = "projects"


@dataclass(frozen=True, slots=True)
class Department(Record):
    code: str
    name: str
    region: str
    region_name: str
    year: int | None
    total_yuan: Decimal | None

    TABLE: ClassVar[str] = "departments"


@dataclass(frozen=True, slots=True)
class Statement(Record):
    """A department function (职能) or goal (目标), or a project's annual goal."""

    owner_kind: str
    owner_code: str
    owner_name: str
    kind: str  # function | goal
    ordinal: int
    text: str

    TABLE: ClassVar[str] = "statements"


@dataclass(frozen=True, slots=True)
class FundingLine(Record):
    owner_kind: str  # project | department
    owner_code: str
    owner_name: str
    source_kind: str
    amount_yuan: Decimal | None
    printed: str  # the amount as printed, with its unit

    TABLE: ClassVar[str] = "funding"


@dataclass(frozen=True, slots=True)
class Indicator(Record):
    owner_kind: str
    owner_code: str
    owner_name: str
    l1: str
    l2: str
    l3: str
    content: str
    value: str
    operator: str
    number: Decimal | None
    unit: str
    description: str
    basis: str
    l1_code: str = ""
    l2_code: str = ""
    value_kind: str = ""
    amount_yuan: Decimal | None = None
    date: str = ""

    TABLE: ClassVar[str] = "indicators"


@dataclass(frozen=True, slots=True)
class Beneficiary(Record):
    owner_kind: str
    owner_code: str
    owner_name: str
    group: str
    indicator: str  # the satisfaction indicator that names the group

    TABLE: ClassVar[str] = "beneficiaries"


@dataclass(frozen=True, slots=True)
class BudgetLine(Record):
    table: str
    table_kind: str
    section: str  # 收入 | 支出 | ''
    item: str
    level: int
    parent: str
    year: int | None
    measure: str  # initial | adjusted | executed | proposed
    amount_wan: Decimal | None

    TABLE: ClassVar[str] = "budget_lines"


@dataclass(frozen=True, slots=True)
class BudgetChange(Record):
    """A printed ratio or change beside a budget line (完成%, 增减 金额/%)."""

    table: str
    item: str
    column: str
    value: Decimal | None

    TABLE: ClassVar[str] = "budget_changes"


@dataclass(frozen=True, slots=True)
class SummaryRow(Record):
    seq: str
    department: str
    unit: str
    project: str
    amount_wan: Decimal | None
    is_total: bool = False

    TABLE: ClassVar[str] = "summary_rows"


@dataclass(frozen=True, slots=True)
class SpendingPlan(Record):
    """A point of a project's spending plan (004: cumulative 万元 by 3月底/6月底/...)."""

    owner_code: str
    period: str
    amount_wan: Decimal | None

    TABLE: ClassVar[str] = "spending_plan"


@dataclass(frozen=True, slots=True)
class NarrativeFigure(Record):
    """A figure a budget report's narrative states (16.30亿元, 增长13.47%), with the budget,
    year and table line it speaks of (``item`` empty when no table line corresponds)."""

    budget: str  # table kind: general_public | gov_fund | state_capital | social_insurance
    year: int | None
    item: str
    label: str  # the words before the figure, as printed
    kind: str  # amount | change_pct | completion_pct
    value: Decimal
    unit: str  # 亿元 | 万元 | %
    printed: str
    sentence: str
    TABLE: ClassVar[str] = "narrative_figures"


RECORD_TYPES: tuple[type[Record], ...] = (
    Project,
    Department,
    Statement,
    FundingLine,
    Indicator,
    Beneficiary,
    BudgetLine,
    BudgetChange,
    SummaryRow,
    SpendingPlan,
    NarrativeFigure,
    Issue,
)


@dataclass
class Extraction:
    """Everything extracted from a set of documents, plus what could not be placed.

    ``placed`` maps (source, line) → what the line became, so that tests can check that
    every table row of a document ended up in a record or an issue.
    """

    records: dict[str, list[Record]] = field(
        default_factory=lambda: {t.TABLE: [] for t in RECORD_TYPES}
    )
    placed: dict[tuple[str, int], str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)  # source → sha256 of its bytes
    #: source → (marked as a revision, printing date): which copy of a project wins
    editions: dict[str, tuple[bool, str]] = field(default_factory=dict)
    #: source → line → (page, line on that page, recognised by OCR), for documents printed on
    #: pages (PDF) or read from page images; a document without pages has no entry
    pages: dict[str, dict[int, tuple[int, int, bool]]] = field(default_factory=dict)

    def cite(self, source: str, line: int) -> tuple[int, int, bool]:
        """Where a line is printed: (page, line on the page, OCR'd); (0, 0, False) without
        pages."""
        return self.pages.get(source, {}).get(line, (0, 0, False))

    def add(self, record: Record) -> None:
        self.records[record.TABLE].append(record)
        self.place(record.source, record.line, record.TABLE)

    def place(self, source: str, line: int, what: str) -> None:
        """Note what a source line became (the first record or role wins)."""
        self.placed.setdefault((source, line), what)

    def __getattr__(self, name: str) -> list[Any]:
        records = self.__dict__.get("records", {})
        if name in records:
            return list(records[name])
        raise AttributeError(name)


def unreadable(extraction: Extraction) -> list[Issue]:
    """Issues that mean an input file could not be read at all (the registry's
    :func:`~kg.domain.problems.unreadable_input`)."""
    return [i for i in extraction.issues if unreadable_input(i.code)]
