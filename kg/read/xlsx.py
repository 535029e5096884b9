"""Excel workbooks (``.xlsx``, read with openpyxl).

Every sheet with content is a part of the document: a workbook of one sheet reads as one
document named after the file; a workbook of several gives one document per sheet, named
``book.xlsx#Sheet``, so that (source, line) stays unique. A row's line number is its row
number in the sheet; its cells keep their columns. Merged cells hold their text in the
top-left cell and empty cells in the rest, as the PDF converter prints them. Values are
written as printed (:func:`kg.read.sheets.cell_text`: 438.768, 1320000, 95%,
2025年12月31日). Formulas read the value Excel saved with the file (none when no
spreadsheet program has computed it). Damaged files are issues; an Excel 97-2003 workbook
(``.xls``, an OLE file) is read by :mod:`kg.read.xls`.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from typing import Any

from kg.domain.model import Issue
from kg.read import xls
from kg.read.base import Part, Reader, Result, Source
from kg.read.lines import Line
from kg.read.sheets import cell_text, sheet_row

_ZIP = b"PK\x03\x04"


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
        line = sheet_row(number, texts)
        if line:
            lines.append(line)
    return lines


def _issue(source: Source, code: str, message: str) -> Issue:
    return Issue(source.name, 0, code, f"{source.path}: {message}")


def read(source: Source) -> Result:
    if source.data.startswith(xls.OLE):  # an .xls named .xlsx: the xls reader's
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
