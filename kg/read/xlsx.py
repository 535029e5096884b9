"""Excel workbooks (``.xlsx``, read with openpyxl).

Every sheet with content is a part of the document: a workbook of one sheet reads as one
document named after the file; a workbook of several gives one document per sheet, named
``book.xlsx#Sheet``, so that (source, line) stays unique. A row's line number is its row
number in the sheet; its cells keep their columns. Merged cells hold their text in the
top-left cell and empty cells in the rest, as the PDF converter prints them. Numbers are
written as printed without a float's noise (438.768, 1320000), percentages with ``%``,
dates as 2025年12月31日. Formulas read the value Excel saved with the file (none when no
spreadsheet program has computed it). Damaged files are issues; an Excel 97-2003 workbook
(``.xls``, an OLE file) is read by :mod:`kg.read.xls`.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from kg.domain.model import Issue
from kg.read.base import Part, Reader, Result, Source
from kg.read.lines import Line, row

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls) and other OLE files


def sniff(source: Source) -> float:
    data = source.data
    if data.startswith(_ZIP):
        return 1.0 if _is_workbook(data) or source.suffix in (".xlsx", ".xlsm") else 0.0
    return 0.0


def _is_workbook(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "xl/workbook.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


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


def _sheet_lines(sheet: Any) -> list[Line]:
    sheet.reset_dimensions()
    lines = []
    for cells in sheet.iter_rows():
        if not cells:
            continue
        number = next((c.row for c in cells if getattr(c, "row", None)), None)
        if number is None:
            continue
        texts = [cell_text(c.value, getattr(c, "number_format", "General")) for c in cells]
        while texts and not texts[-1]:
            texts.pop()
        if texts:
            lines.append(row(number, "\t".join(" ".join(t.split()) for t in texts), texts))
    return lines


def _issue(source: Source, code: str, message: str) -> Issue:
    return Issue(source.name, 0, code, f"{source.path}: {message}")


def read(source: Source) -> Result:
    if source.data.startswith(_OLE):  # an .xls named .xlsx: the xls reader's
        from kg.read import xls

        return xls.read(source)
    import openpyxl  # type: ignore[import-untyped]

    try:
        book = openpyxl.load_workbook(io.BytesIO(source.data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        return [], [_issue(source, "file-unreadable", f"not a readable .xlsx workbook ({exc})")]
    parts: list[Part] = []
    try:
        for sheet in book.worksheets:
            lines = _sheet_lines(sheet)
            if lines:
                parts.append((str(sheet.title), lines))
    except Exception as exc:  # a damaged sheet: keep the sheets read so far
        return parts, [_issue(source, "file-unreadable", f"a sheet could not be read ({exc})")]
    finally:
        book.close()
    return parts, []


def part_digest(data: bytes, part: str) -> str:
    """The identity of one sheet of a workbook of several: the file's bytes and the sheet."""
    return hashlib.sha256(data + b"\x00" + part.encode("utf-8")).hexdigest()


READER = Reader("xlsx", (".xlsx", ".xlsm"), True, sniff, read)
