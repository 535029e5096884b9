"""The tables as one Excel workbook, ``tables.xlsx`` (``kg extract/build --xlsx``).

Made from the CSV tables of an output folder, so the workbook holds exactly what they hold: one
sheet per table, same columns, same rows. Cells are typed by the record's fields: amounts and
counts are numbers (a Decimal's plain digits, exact), codes and everything else are text cells,
even when they start with ``=`` (``=100%``, ``=HYPERLINK(…)``): nothing in the workbook is a
formula and nothing carries the CSVs' apostrophe guard. The same tables give the same bytes
(the package's timestamps and the zip entries' dates are fixed).

>>> import io, openpyxl, tempfile
>>> from kg.pipeline import extract
>>> from kg.views.tables import write_csv
>>> from kg.resources import SAMPLES
>>> out = Path(tempfile.mkdtemp())
>>> _ = write_csv(extract([SAMPLES / "001_ca9d259f3fbd1813.txt"]), out)
>>> sheet = openpyxl.load_workbook(write_xlsx(out))["projects"]
>>> [c.value for c in sheet[1]][:3], sheet.cell(2, 2).data_type, sheet.cell(2, 3).data_type
(['source', 'line', 'code'], 'n', 's')
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import fields
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import get_args, get_type_hints

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell.cell import Cell  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

from kg.domain.model import RECORD_TYPES, Record
from kg.views.render import csv_text

#: the fixed date of every zip entry and of the workbook's core properties (the zip epoch)
_EPOCH = (1980, 1, 1, 0, 0, 0)
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def workbook_bytes(tables: Path) -> bytes:
    """The CSV tables in the folder ``tables`` (``<table>.csv``) as the bytes of one workbook."""
    wb = Workbook()
    wb.remove(wb.active)
    for kind in RECORD_TYPES:
        sheet = wb.create_sheet(kind.TABLE)
        numeric = _numeric(kind) | {"page", "page_line"}
        with (tables / f"{kind.TABLE}.csv").open(encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            names = next(reader, [])
            sheet.append(names)
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for r, row in enumerate(reader, start=2):
                for c, (name, text) in enumerate(zip(names, row, strict=True), start=1):
                    # ocr stays the text true/false: Calc saves a boolean cell as =TRUE()
                    _put(sheet.cell(r, c), csv_text(text), name in numeric)
        sheet.freeze_panes = "A2"
        if sheet.max_row > 1:
            sheet.auto_filter.ref = sheet.dimensions
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed(buf.getvalue())


def write_xlsx(tables: Path) -> Path:
    """Write :func:`workbook_bytes` of the folder's CSV tables to ``<tables>/tables.xlsx``."""
    from kg.rdf.write import write_atomic

    path = tables / "tables.xlsx"
    write_atomic(path, workbook_bytes(tables))
    return path


def _numeric(kind: type[Record]) -> set[str]:
    """The fields of a record that hold numbers (Decimal or int), by their annotations."""
    hints = get_type_hints(kind)
    return {
        f.name
        for f in fields(kind)
        if any(t in (Decimal, int) for t in (get_args(hints[f.name]) or (hints[f.name],)))
    }


def _put(cell: Cell, text: str, numeric: bool) -> None:
    """A typed cell: '' empty, a number where the field is one, otherwise text, never a formula."""
    if text == "":
        return
    try:
        number = Decimal(text) if numeric else None
    except InvalidOperation:  # a table written by hand or by an older kg: keep what it says
        number = None
    if number is not None and number.is_finite():
        cell.value = int(number) if number == number.to_integral_value() else number
    else:
        cell.value = text
        cell.data_type = "s"  # openpyxl reads a leading "=" as a formula: this is text


def _fixed(data: bytes) -> bytes:
    """The same workbook with fixed timestamps, entries in the order openpyxl wrote them."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "docProps/core.xml":
                body = _STAMP.sub(rb"\g<1>1980-01-01T00:00:00Z\g<2>", body)
            entry = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, body)
    return out.getvalue()
