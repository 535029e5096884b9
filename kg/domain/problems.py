"""Every problem code in one registry: the issues of reading and parsing, and the audit's findings.

An :class:`~kg.domain.model.Issue` (in ``issues.csv``) says what the reader or a parser could
not place; a :class:`~kg.checks.Finding` (in ``audit.md``) says where a document's figures do
not add up or its parts disagree. Both carry a kebab-case ``code``, and each code is declared
here once, with its kind, severity, stage and a one-line description (the audit's checks also
with their Chinese title). A module that emits a code not declared here fails
``tests/test_problems.py``, and so does a code declared here that no module emits.

Severities: ``error`` — an input, or a part of it (a file, a page, a document), could not be
read at all, or a document's own arithmetic fails; ``warning`` — something printed was read
incompletely or could not be placed, or two statements of one thing disagree; ``info`` —
noted for the reader, nothing lost (a file passed over on purpose, a superseded copy, one
figure at two precisions).

The exit-code policy reads the registry (:func:`exit_code`): a problem marked ``unreadable``
means an input file could not be read, and a command that reads documents exits 2 after
processing the others.

``python -m kg.domain.problems`` prints the table of codes that the README shows;
``python -m kg.domain.problems --write [README.md]`` rewrites it there, between the markers.

>>> PROBLEMS["file-binary"].severity, PROBLEMS["file-binary"].unreadable
('error', True)
>>> PROBLEMS["funding-sum"].stage, PROBLEMS["funding-sum"].zh
('check', '资金来源合计不符')
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SEVERITIES = ("error", "warning", "info")
KINDS = ("issue", "finding")
STAGES = ("read", "parse", "build", "check")


@dataclass(frozen=True)
class Problem:
    """One problem code: what it is (``kind``: issue or finding), how grave (``severity``),
    where it arises (``stage``: read, parse, build or check) and what it means."""

    code: str
    kind: str
    severity: str
    stage: str
    description: str
    #: the audit's Chinese title of a check (findings only)
    zh: str = ""
    #: an input file could not be read: the command exits 2 (after processing the others)
    unreadable: bool = False


def _registry(*problems: Problem) -> dict[str, Problem]:
    out: dict[str, Problem] = {}
    for p in problems:
        if p.code in out:
            raise ValueError(f"{p.code} declared twice")
        if p.kind not in KINDS or p.severity not in SEVERITIES or p.stage not in STAGES:
            raise ValueError(f"{p.code}: unknown kind, severity or stage")
        out[p.code] = p
    return out


def _issue(stage: str, code: str, severity: str, text: str, unreadable: bool = False) -> Problem:
    return Problem(code, "issue", severity, stage, text, unreadable=unreadable)


def _check(code: str, severity: str, zh: str, text: str) -> Problem:
    return Problem(code, "finding", severity, "check", text, zh)


#: code → problem; issues by stage, then the audit's checks in the order its report lists them
PROBLEMS: dict[str, Problem] = _registry(
    # --- read: a file, a page --------------------------------------------------------------
    _issue(
        "read",
        "file-unreadable",
        "error",
        "a file that does not exist or cannot be opened or decoded as its format",
        unreadable=True,
    ),
    _issue(
        "read",
        "file-too-large",
        "error",
        "a file above the size limit (100 MB); not read",
        unreadable=True,
    ),
    _issue("read", "file-empty", "error", "a file with no text in it", unreadable=True),
    _issue(
        "read",
        "file-binary",
        "error",
        "a file that is not text and that no reader of a binary format reads",
        unreadable=True,
    ),
    _issue(
        "read",
        "file-unsupported",
        "error",
        "a format kg does not read (.doc, .wps, .et, a password-protected workbook); "
        "the message says how to convert it",
        unreadable=True,
    ),
    _issue("read", "file-encrypted", "error", "a PDF that needs its password", unreadable=True),
    _issue(
        "read",
        "file-truncated",
        "error",
        "a PDF cut short (no %%EOF); what can be read is read",
        unreadable=True,
    ),
    _issue(
        "read",
        "file-too-long",
        "error",
        "a PDF above the page limit (3,000 pages); the pages after it are not read",
        unreadable=True,
    ),
    _issue(
        "read",
        "file-skipped",
        "info",
        "files in a folder that no reader reads, named in one issue per folder",
    ),
    _issue("read", "page-unreadable", "error", "a page that cannot be read or recognised"),
    _issue(
        "read",
        "page-no-text",
        "warning",
        "a page with no text layer (read it with --ocr), or on which OCR recognised no text",
    ),
    _issue(
        "read",
        "ocr-unavailable",
        "error",
        "page images to recognise, but no Tesseract or no chi_sim model installed",
    ),
    _issue(
        "read",
        "csv-malformed",
        "error",
        "a CSV file that stops being valid CSV; the lines before are read",
    ),
    _issue(
        "read",
        "html-span-invalid",
        "warning",
        "a rowspan or colspan that is not a number in range; read as 1",
    ),
    _issue(
        "read",
        "html-text-outside-cell",
        "info",
        "text inside an HTML table but outside any cell; kept as prose",
    ),
    _issue(
        "read",
        "html-table-unclosed",
        "warning",
        "an HTML table never closed; its rows are read up to the end of the page",
    ),
    _issue(
        "read",
        "table-columns-lost",
        "warning",
        "a budget table printed without its columns (one cell per line, or spaces for "
        "empty cells); its figures are not read",
    ),
    # --- parse: rows, forms, tables ---------------------------------------------------------
    _issue(
        "parse",
        "document-no-tables",
        "warning",
        "a document in which no form, budget table or target was recognised",
    ),
    _issue("parse", "row-outside-form", "warning", "a table row outside any form or table"),
    _issue(
        "parse",
        "row-unplaced",
        "warning",
        "a row of a form or table that could not be read as one of its rows",
    ),
    _issue(
        "parse",
        "row-incomplete",
        "warning",
        "the document ends inside this row or target; it is not read",
    ),
    _issue("parse", "row-extra-cells", "warning", "a row with cells beyond its table's columns"),
    _issue(
        "parse",
        "amount-not-numeric",
        "warning",
        "a budget-table cell where an amount belongs that is not a number",
    ),
    _issue(
        "parse",
        "form-field-missing",
        "warning",
        "a form without a field it should print (name, code, unit), or targets with no "
        "project named before them",
    ),
    _issue(
        "parse",
        "funding-source-unplaced",
        "warning",
        "an amount under a fund source whose level cannot be placed; not read as a fund source",
    ),
    _issue(
        "parse",
        "indicator-level-missing",
        "warning",
        "an indicator with no level-1 label above it",
    ),
    _issue(
        "parse",
        "indicator-columns-lost",
        "warning",
        "an indicator row whose cells have lost their columns; content and value are guessed",
    ),
    _issue("parse", "indicator-value-missing", "warning", "an indicator printed with no value"),
    _issue(
        "parse",
        "indicator-content-missing",
        "warning",
        "a target value printed with no indicator content",
    ),
    # --- build: documents across the corpus -------------------------------------------------
    _issue(
        "build",
        "duplicate-document",
        "info",
        "a file with the same bytes as one read before; skipped",
    ),
    _issue(
        "build",
        "project-superseded",
        "info",
        "a project whose copy in another document (a revision, or printed later) counts "
        "instead; this copy is left out",
    ),
    _issue(
        "build",
        "document-timeout",
        "error",
        "a document not read within the time limit; skipped",
    ),
    _issue(
        "build",
        "document-error",
        "error",
        "a document on which a reader or parser failed; skipped",
    ),
    # --- check: the audit (kg audit) --------------------------------------------------------
    _check("funding-sum", "error", "资金来源合计不符", "fund sources do not add up to 合计"),
    _check(
        "cost-cap-above-total", "warning", "成本指标高于资金总额", "cost cap above the form's total"
    ),
    _check(
        "cost-cap-below-total",
        "info",
        "成本指标低于资金总额",
        "the only cost cap is below the total",
    ),
    _check(
        "cost-cap-rounding",
        "info",
        "成本指标为资金总额四舍五入",
        "cost cap is the form's total, rounded (698.14万元 for 6,981,385.80 元)",
    ),
    _check(
        "cost-cap-unit",
        "warning",
        "成本指标单位不符",
        "cost indicator in a unit that is not money",
    ),
    _check(
        "payout-exceeds-total",
        "warning",
        "标准×数量超出资金总额",
        "standard × count exceeds the form's total",
    ),
    _check(
        "summary-name",
        "info",
        "汇总表与申报表名称不同",
        "summary and form name the project differently",
    ),
    _check(
        "summary-amount", "warning", "汇总表与申报表金额不符", "summary and form amounts differ"
    ),
    _check(
        "summary-rounding", "info", "汇总表金额为四舍五入", "summary amount is the form's, rounded"
    ),
    _check(
        "summary-unmatched",
        "warning",
        "汇总表与申报表无法对应",
        "summary row or form without a match",
    ),
    _check(
        "narrative-mismatch",
        "warning",
        "报告文字与预算表不符",
        "narrative and budget table differ",
    ),
    _check(
        "narrative-rounding",
        "info",
        "报告文字为预算表四舍五入",
        "narrative is the table's figure, rounded",
    ),
    _check("table-sum", "error", "预算表合计与明细不符", "a table total differs from its items"),
    _check(
        "table-completion", "warning", "完成%与执行数不符", "完成% differs from 执行数/调整预算数"
    ),
    _check(
        "table-growth",
        "warning",
        "增减与两年数不符",
        "change differs from the two years' figures",
    ),
    _check("name-drift", "warning", "同一编码名称不同", "one department code, several names"),
    _check("duplicate-function", "info", "部门职能重复", "a department function printed twice"),
    _check("duplicate-indicator", "warning", "指标重复", "an indicator printed twice in one form"),
    _check("duplicate-project-code", "warning", "项目编码重复", "one project code on two forms"),
    _check(
        "inverted-operator", "warning", "比率指标方向相反", "a rate target printed as a ceiling"
    ),
    _check(
        "deadline-outside-year",
        "warning",
        "时效指标不在预算年度",
        "deadline outside the budget year",
    ),
    _check("value-without-unit", "info", "数量指标无单位", "a quantity target without a unit"),
)


def unreadable_input(code: str) -> bool:
    """Does an issue code mean an input file could not be read (exit 2)? Files in a folder
    that no reader reads are listed (``file-skipped``), not fatal.

    >>> unreadable_input("file-unreadable"), unreadable_input("file-skipped")
    (True, False)
    """
    return PROBLEMS[code].unreadable


def exit_code(codes: Iterable[str], strict: bool = False) -> int:
    """The exit code of a command that recorded problems with these codes: 2 when one means an
    input file could not be read, else 1 when ``strict`` and there is any, else 0.

    >>> exit_code([]), exit_code(["indicator-value-missing"]), exit_code(["row-unplaced"], True)
    (0, 0, 1)
    >>> exit_code(["row-unplaced", "file-binary"], strict=True)
    2
    """
    codes = list(codes)
    if any(unreadable_input(code) for code in codes):
        return 2
    return 1 if strict and codes else 0


# --- the README's table --------------------------------------------------------------------

BEGIN = "<!-- codes: generated by python -m kg.domain.problems --write -->"
END = "<!-- /codes -->"


def table() -> str:
    """The registry as a Markdown table, one row per code (the README shows it)."""
    out = [
        "| code | kind | severity | stage | exit 2 | what it means |",
        "|---|---|---|---|---|---|",
    ]
    for p in PROBLEMS.values():
        meaning = f"{p.zh} · {p.description}" if p.zh else p.description
        cells = (f"`{p.code}`", p.kind, p.severity, p.stage, "yes" if p.unreadable else "")
        out.append("| " + " | ".join((*cells, meaning.replace("|", "\\|"))) + " |")
    return "\n".join(out) + "\n"


def with_table(text: str) -> str:
    """``text`` (the README) with :func:`table` between its markers."""
    head, found, rest = text.partition(BEGIN + "\n")
    _, ended, tail = rest.partition(END)
    if not found or not ended:
        raise ValueError(f"the markers {BEGIN} … {END} are not in the text")
    return head + BEGIN + "\n" + table() + END + tail


def main(argv: list[str]) -> int:
    """Print the table; with ``--write [README]``, put it between the README's markers."""
    if not argv:
        sys.stdout.write(table())
        return 0
    if argv[0] != "--write" or len(argv) > 2:
        sys.stderr.write("usage: python -m kg.domain.problems [--write [README.md]]\n")
        return 2
    path = Path(argv[1] if len(argv) > 1 else "README.md")
    text = path.read_text(encoding="utf-8")
    new = with_table(text)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
