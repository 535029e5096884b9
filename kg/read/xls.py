"""Excel 97–2003 workbooks (``.xls``, read with xlrd), and the old formats kg cannot read.

Read like :mod:`kg.read.xlsx` reads an ``.xlsx``: every sheet with content is a part of the
document (``book.xls#Sheet`` when there are several), a row's line number is its row number,
cells keep their columns, a merged range holds its text in its top-left cell and empty cells
in the rest, numbers are printed without a float's noise (438.768, 5410000), percentage
formats with ``%``, and dates as 2025年12月31日 in the workbook's own date system (1900 or
1904). An ``.xls`` that is really an HTML page (as many sites export) is not claimed here,
so the HTML reader reads it; one that is really an ``.xlsx`` goes to the xlsx reader.

A WPS Spreadsheets workbook (``.et``) and an ``.xls`` xlrd cannot open (encrypted, damaged,
not a workbook) are one ``file-unsupported`` issue each, naming the file and the command that
converts it (``soffice --headless --convert-to xlsx FILE``).

>>> from pathlib import Path
>>> issue = unsupported(Source(Path("预算 表.et"), "预算 表.et", b""), "a WPS workbook", "xlsx")
>>> issue.code, issue.message.split("convert it with: ")[1]
('file-unsupported', "soffice --headless --convert-to xlsx '预算 表.et'")
"""

from __future__ import annotations

import io
import shlex
from typing import Any

from kg.domain.model import Issue
from kg.read.base import Part, Reader, Result, Source
from kg.read.lines import Line
from kg.read.sheets import cell_text, sheet_row

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the Compound File header of every Office 97-2003 file
_SUFFIXES = (".xls", ".xlt", ".et", ".ett")
_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")
_STREAMS = ("Workbook", "Book")  # where BIFF8 and BIFF5 workbooks keep their sheets
_ENCRYPTED = "EncryptedPackage"  # an .xlsx or .docx saved with a password


def ole_streams(data: bytes) -> set[str]:
    """The names of the streams inside an OLE file ('Workbook', 'WordDocument' …; none when
    the directory cannot be read)."""
    from xlrd import compdoc

    try:
        doc = compdoc.CompDoc(data, logfile=io.StringIO())
    except Exception:  # a damaged directory: xlrd raises several kinds
        return set()
    return {str(node.name) for node in doc.dirlist}


def binary(data: bytes) -> bool:
    """Bytes no text reader could read (NULs near the start, and no UTF-16 byte-order mark)."""
    return b"\x00" in data[:4096] and not data.startswith(_BOMS)


def unsupported(source: Source, what: str, target: str) -> Issue:
    """The issue for a file kg cannot read, with the command that converts it."""
    command = f"soffice --headless --convert-to {target} {shlex.quote(str(source.path))}"
    return Issue(
        source.name,
        0,
        "file-unsupported",
        f"{source.path}: {what}, which kg does not read; convert it with: {command}",
    )


def sniff(source: Source) -> float:
    data = source.data
    if data.startswith(OLE):
        if source.suffix in _SUFFIXES:
            return 1.0
        workbook = source.suffix in (".xlsx", ".xlsm")  # an .xls renamed, or a password
        return 0.9 if workbook or ole_streams(data) & {*_STREAMS, _ENCRYPTED} else 0.0
    return 0.9 if source.suffix in _SUFFIXES and binary(data) else 0.0


def read(source: Source) -> Result:
    if source.suffix in (".et", ".ett"):
        return [], [unsupported(source, "a WPS Spreadsheets workbook (.et)", "xlsx")]
    if _ENCRYPTED in ole_streams(source.data):
        message = f"{source.path}: protected by a password; remove it and save the file again"
        return [], [Issue(source.name, 0, "file-unsupported", message)]
    import xlrd

    try:
        book = xlrd.open_workbook(
            file_contents=source.data,
            formatting_info=True,
            on_demand=True,
            logfile=io.StringIO(),
        )
    except Exception as exc:  # xlrd raises many kinds on an encrypted or damaged file
        what = f"an Excel 97-2003 workbook (.xls) that cannot be opened ({exc})"
        return [], [unsupported(source, what, "xlsx")]
    parts: list[Part] = []
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            lines = _sheet_lines(book, sheet)
            if lines:
                parts.append((str(sheet.name), lines))
            book.unload_sheet(index)
    except Exception as exc:  # a damaged sheet: keep the sheets read so far
        message = f"{source.path}: a sheet could not be read ({exc})"
        return parts, [Issue(source.name, 0, "file-unreadable", message)]
    finally:
        book.release_resources()
    return parts, []


def _sheet_lines(book: Any, sheet: Any) -> list[Line]:
    covered = {
        (r, c)
        for r0, r1, c0, c1 in sheet.merged_cells
        for r in range(r0, r1)
        for c in range(c0, c1)
        if (r, c) != (r0, c0)
    }
    lines = []
    for r in range(sheet.nrows):
        texts = [
            "" if (r, c) in covered else _text(book, sheet.cell(r, c))
            for c in range(sheet.row_len(r))
        ]
        line = sheet_row(r + 1, texts)
        if line:
            lines.append(line)
    return lines


def _text(book: Any, cell: Any) -> str:
    """One cell as printed, through :func:`kg.read.sheets.cell_text`."""
    import xlrd

    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if kind == xlrd.XL_CELL_BOOLEAN:
        return cell_text(bool(value))
    if kind == xlrd.XL_CELL_ERROR:
        return str(xlrd.error_text_from_code.get(value, f"#ERR{value}"))
    if kind == xlrd.XL_CELL_DATE:
        return cell_text(_date(value, book.datemode))
    if kind == xlrd.XL_CELL_NUMBER:
        return cell_text(value, _number_format(book, cell))
    return cell_text(value)


def _date(value: float, datemode: int) -> Any:
    import xlrd

    try:
        moment = xlrd.xldate.xldate_as_datetime(value, datemode)
    except (ValueError, OverflowError, xlrd.XLDateError):
        return value  # not a date Excel could show: the number as saved
    return moment.time() if 0 <= value < 1 else moment  # a time of day alone, or a date


def _number_format(book: Any, cell: Any) -> str:
    try:
        return str(book.format_map[book.xf_list[cell.xf_index].format_key].format_str)
    except (IndexError, KeyError, TypeError, AttributeError):
        return "General"


#: .et (WPS) is picked up in directories too: it is an issue saying how to convert it
READER = Reader("xls", (".xls", ".et"), True, sniff, read)
