"""The audit's report: counts by check, the findings in the order they are printed, as rows
for the terminal and as ``audit.md``, each with the line to look at (page and line on the page
for a document printed on pages)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from kg.checks.base import CHECKS, Finding
from kg.domain.model import printed_at
from kg.domain.problems import SEVERITIES


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
