"""The CSV tables researchers load: one per record type, rows in source order, each row ending
with where its line is printed (page, line on the page, OCR'd).

>>> from kg.domain.model import Project
>>> from kg.pipeline import extract
>>> from kg.resources import SAMPLES
>>> ex = extract([SAMPLES / "001_ca9d259f3fbd1813.txt"])
>>> print(table_csv(ex.projects, Project, ex.cite).splitlines()[1][:40])
001_ca9d259f3fbd1813.txt,25,450206220411
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from kg.domain.model import RECORD_TYPES, Extraction, Record
from kg.read.lines import Line
from kg.staging import Staging
from kg.views.render import csv_cell

#: the columns every table ends with: where a line is printed on a page, and whether it was
#: recognised from a page image (documents without pages: page and page_line empty)
PLACE = ("page", "page_line", "ocr")

Cite = Callable[[str, int], tuple[int, int, bool]]


def paged(lines: Sequence[Line]) -> dict[int, tuple[int, int, bool]]:
    """line → (page, line on that page, OCR'd) for a document printed on pages."""
    out: dict[int, tuple[int, int, bool]] = {}
    on_page: dict[int, int] = {}
    for ln in lines:
        on_page[ln.page] = on_page.get(ln.page, 0) + 1
        out[ln.number] = (ln.page, on_page[ln.page] if ln.page else 0, ln.ocr)
    return out


def csv_columns(kind: type[Record]) -> list[str]:
    """A table's CSV header: the record's fields, then :data:`PLACE`."""
    return [*kind.columns(), *PLACE]


def table_csv(records: list[Record], kind: type[Record], cite: Cite | None = None) -> str:
    """One table as UTF-8 CSV text, rows in source order (source, line); ``cite`` gives the
    page of a line (:meth:`kg.domain.model.Extraction.cite`)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(csv_columns(kind))
    for record in sorted(records, key=lambda r: (r.source, r.line)):
        page, page_line, ocr = cite(record.source, record.line) if cite else (0, 0, False)
        place = (str(page) if page else "", str(page_line) if page else "", str(ocr).lower())
        writer.writerow([*map(csv_cell, record.row().values()), *place])
    return buf.getvalue()


def write_csv(extraction: Extraction, out: Path, xlsx: bool = False) -> list[Path]:
    """Write every table as ``<out>/<table>.csv`` (with ``xlsx`` also ``tables.xlsx``);
    returns the files written. All are written first and then renamed into place
    (:mod:`kg.staging`): a full disk or a crash leaves the previous tables whole."""
    from kg.views.workbook import workbook_bytes

    with Staging(out) as stage:
        for kind in RECORD_TYPES:
            records = extraction.records[kind.TABLE]
            stage.write(f"{kind.TABLE}.csv", table_csv(records, kind, extraction.cite))
        if xlsx:
            stage.write("tables.xlsx", workbook_bytes(stage.dir))
        return stage.commit()


def table_rows(records: list[Record], kind: type[Record], cite: Cite | None = None) -> str:
    """CSV lines (no header) exactly as :func:`table_csv` writes them."""
    return table_csv(records, kind, cite).split("\n", 1)[1]


class TableFiles:
    """Every table's CSV file, open in ``stage``, rows appended as documents arrive (the
    streaming build); the stage's owner renames them into place."""

    def __init__(self, stage: Staging) -> None:
        self.files: dict[str, IO[str]] = {}
        self.rows: Counter[str] = Counter()
        for kind in RECORD_TYPES:
            f = stage.path(f"{kind.TABLE}.csv").open("w", encoding="utf-8", newline="")
            f.write(",".join(csv_columns(kind)) + "\n")
            self.files[kind.TABLE] = f

    def add(self, table: str, rows: str, count: int) -> None:
        self.files[table].write(rows)
        self.rows[table] += count

    def close(self) -> None:
        for f in self.files.values():
            f.close()
