"""Reconcile and audit: where a document's figures do not add up, or its parts disagree.

Each check is a function from an :class:`~kg.domain.model.Extraction` (or, across documents,
from their :class:`Facts`) to :class:`Finding` objects; every finding names its check
(``code``), a severity, the file and line to look at, a ``key`` that identifies what it is
about (a form code, ``code|indicator``, a table item), the figures involved and the records it
concerns (:class:`Subject`). :func:`audit` runs them all, sorted by file and line.

Severities (from :data:`kg.domain.problems.PROBLEMS`): ``error`` — a document's own
arithmetic fails (fund sources against 合计, a table total against its items); ``warning`` —
two statements of one thing disagree; ``info`` — the same figure printed at two precisions
(750.48万元 against 7,504,790 元) or a duplicate.

The checks, one module per family, each declaring the codes it emits (``CODES``):
:mod:`~kg.checks.funding`, :mod:`~kg.checks.costs`, :mod:`~kg.checks.payouts`,
:mod:`~kg.checks.summary`, :mod:`~kg.checks.narrative`, :mod:`~kg.checks.tables`,
:mod:`~kg.checks.duplicates`, :mod:`~kg.checks.targets` read one document at a time;
:mod:`~kg.checks.names` reads across documents. Adding a check: a module with its function
and ``CODES``, its codes in :data:`kg.domain.problems.PROBLEMS`, and one line below.
:mod:`~kg.checks.report` renders the findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kg.checks.base import CHECKS, Facts, Finding, Subject, facts
from kg.checks.costs import check_costs
from kg.checks.duplicates import check_duplicates
from kg.checks.funding import check_funding
from kg.checks.names import check_names, check_project_codes
from kg.checks.narrative import check_narrative
from kg.checks.payouts import check_payouts
from kg.checks.report import COLUMNS, Cite, counts, grouped, markdown, rows, where
from kg.checks.summary import check_summary
from kg.checks.tables import check_tables
from kg.checks.targets import check_targets
from kg.domain.model import Extraction
from kg.domain.problems import SEVERITIES

__all__ = [
    "CHECKS",
    "COLUMNS",
    "GLOBAL_CHECKS",
    "LOCAL_CHECKS",
    "SEVERITIES",
    "Cite",
    "Facts",
    "Finding",
    "Subject",
    "audit",
    "audit_global",
    "audit_local",
    "counts",
    "facts",
    "grouped",
    "markdown",
    "rows",
    "where",
]

#: checks that need only one document's records
LOCAL_CHECKS: tuple[Callable[[Extraction], Iterable[Finding]], ...] = (
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
GLOBAL_CHECKS: tuple[Callable[[Facts], Iterable[Finding]], ...] = (
    check_names,
    check_project_codes,
)


def audit(extraction: Extraction) -> list[Finding]:
    """Every check on an extraction, sorted by file, line and check."""
    return sorted(set(audit_local(extraction)) | set(audit_global(facts(extraction))))


def audit_local(extraction: Extraction) -> list[Finding]:
    """The checks that read one document at a time (the extraction may hold several)."""
    return sorted({f for check in LOCAL_CHECKS for f in check(extraction)})


def audit_global(facts: Facts) -> list[Finding]:
    """The checks across documents: names that drift for one code, project codes used twice."""
    return sorted({f for check in GLOBAL_CHECKS for f in check(facts)})
