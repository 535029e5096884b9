"""What the workbook readers share: a cell's value as a spreadsheet prints it, and a sheet's row
as a line.

:mod:`kg.read.xlsx` (openpyxl) and :mod:`kg.read.xls` (xlrd) read different files into the same
Python values; both print them here, so that a workbook reads the same saved either way:
numbers without a float's noise (438.768, 1320000), percentage formats with ``%``, dates as
2025年12月31日, booleans as 是/否.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from kg.read.lines import Line, row


def cell_text(value: Any, number_format: str = "General") -> str:
    """A cell's value as printed.

    >>> cell_text(438.768), cell_text(1320000.0), cell_text(0.95, "0%"), cell_text(None)
    ('438.768', '1320000', '95%', '')
    >>> cell_text(datetime(2025, 12, 31))
    '2025年12月31日'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime | date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if "%" in number_format:
            number *= 100
        text = format(number, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text + ("%" if "%" in number_format else "")
    return str(value)


def sheet_row(number: int, texts: list[str]) -> Line | None:
    """Row ``number`` of a sheet from its cells' texts, empty cells at its end left out; None
    for an empty row.

    >>> sheet_row(3, ["合计", "", "1320000", "", ""]).cells
    ('合计', '', '1320000')
    >>> sheet_row(4, ["", ""]) is None
    True
    """
    while texts and not texts[-1]:
        texts = texts[:-1]
    if not texts:
        return None
    return row(number, "\t".join(" ".join(t.split()) for t in texts), texts)
