"""CSV files (the standard library's :mod:`csv`), as spreadsheets export them.

The delimiter is sniffed (comma, semicolon, TAB or pipe; comma when unsure); quoted cells
may hold commas, quotes and line breaks. Every record is a row citing the line it starts
on, its cells in their columns. A file that breaks the CSV rules (a quote never closed)
gives an issue naming the line; the rows before it are kept.
"""

from __future__ import annotations

import csv
import io
import re

from kg.domain.model import Issue
from kg.read.base import Reader, Result, Source
from kg.read.lines import Line, row

_THOUSANDS = re.compile(r"\d,\d{3}")
#: a record whose every cell is quoted ("项目名称","体检费",""): a spreadsheet's export
_QUOTED = re.compile(r'^\s*"[^"]*"(?:\s*[,;]\s*"[^"]*")+\s*[,;]?\s*$')


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def parse(text: str, source: str) -> tuple[list[Line], list[Issue]]:
    lines: list[Line] = []
    physical = [ln.rstrip("\r\n") for ln in io.StringIO(text, newline="")]
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text), strict=True)
    start = 1
    try:
        for record in reader:
            end = reader.line_num
            raw = "\n".join(physical[start - 1 : end])
            lines.append(row(start, raw, record) if record else Line(start, raw, ("",), False))
            start = end + 1
    except csv.Error as exc:
        lines_read = reader.line_num
        return lines, [
            Issue(
                source,
                start,
                "csv-malformed",
                f"{source} line {start}: not valid CSV ({exc}); read up to line {start - 1} "
                f"of {max(lines_read, len(physical))}",
                physical[start - 1] if start <= len(physical) else "",
            )
        ]
    return lines, []


def sniff(source: Source) -> float:
    """Sure for a .csv file; for text, likely when most lines hold commas, and more so when
    many hold the empty cells a spreadsheet writes (``,,``, a trailing comma), which prose
    with commas does not, or when most lines are records of quoted cells (a page's title
    and publication lines around them)."""
    if source.suffix == ".csv":
        return 0.95
    lines = [raw for raw in source.text.splitlines() if raw.strip()]
    if len(lines) < 3 or any("\t" in raw for raw in lines):
        return 0.0
    quoted = sum(1 for raw in lines if _QUOTED.match(raw))
    if quoted >= 3 and quoted >= 0.5 * len(lines):
        return 0.7  # quoted records, with a page's lines around them
    commas = sum(1 for raw in lines if "," in _THOUSANDS.sub("", raw))
    if commas < 0.8 * len(lines):
        return 0.0
    empty = sum(1 for raw in lines if ",," in raw or raw.rstrip().endswith(","))
    return 0.7 if empty >= 0.3 * len(lines) else 0.5


def read(source: Source) -> Result:
    lines, issues = parse(source.text, source.name)
    return [("", lines)], issues


READER = Reader("csv", (".csv",), False, sniff, read)
