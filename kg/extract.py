"""Extraction: documents in, typed records and issues out, and the CSV tables researchers load.

>>> from kg.extract import extract
>>> ex = extract([SAMPLES / "001_ca9d259f3fbd1813.txt"])
>>> len(ex.projects), ex.projects[0].total_yuan
(13, Decimal('5410000'))
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from kg.formats import csv_cell
from kg.model import RECORD_TYPES, Extraction, Issue, Record, unreadable_input
from kg.parse.base import Out
from kg.parse.document import parse_document
from kg.read import read_documents
from kg.read.lines import Line
from kg.resources import SAMPLES
from kg.revisions import Supersession, copies, duplicate, edition, leave_out, supersessions
from kg.staging import Staging

Progress = Callable[[str], None]


def extract(
    paths: Iterable[str | Path] | None = None,
    progress: Progress | None = None,
    superseded: Sequence[Supersession] = (),
    ocr: bool = False,
) -> Extraction:
    """Read and parse documents (files or directories; default: the bundled samples).

    A file with the same bytes as one already read is skipped (a ``duplicate-document``
    issue); a project printed again in another document keeps one copy (:mod:`kg.revisions`),
    as decided here across ``paths`` and, for a build that reads one file at a time, in
    ``superseded``. With ``ocr``, page images and PDF pages without a text layer are
    recognised by Tesseract (:mod:`kg.read.ocr`), their records marked as OCR'd.
    """
    extraction = Extraction()
    targets = [Path(p) for p in paths] if paths else [SAMPLES]
    seen: dict[str, str] = {}
    for doc, issues in read_documents(targets, ocr):
        for issue in issues:
            extraction.add(issue)
        if doc is None:
            continue
        if doc.sha256 in seen:
            extraction.add(duplicate(doc.source, seen[doc.sha256]))
            continue
        seen[doc.sha256] = doc.source
        extraction.sources.append(doc.source)
        extraction.digests[doc.source] = doc.sha256
        extraction.editions[doc.source] = edition(doc.source, [ln.text for ln in doc.lines])
        if any(ln.page or ln.ocr for ln in doc.lines):
            extraction.pages[doc.source] = paged(doc.lines)
        if progress:
            progress(f"{doc.source}: {len(doc.lines)} lines ({doc.encoding})")
        parse_document(doc, Out(extraction, doc.source))
    found = supersessions(copies(extraction), extraction.editions)
    leave_out(extraction, [*found, *superseded])
    return extraction


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
    page of a line (:meth:`kg.model.Extraction.cite`)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(csv_columns(kind))
    for record in sorted(records, key=lambda r: (r.source, r.line)):
        page, page_line, ocr = cite(record.source, record.line) if cite else (0, 0, False)
        place = (str(page) if page else "", str(page_line) if page else "", str(ocr).lower())
        writer.writerow([*(csv_cell(v) for v in record.row().values()), *place])
    return buf.getvalue()


def write_csv(extraction: Extraction, out: Path, xlsx: bool = False) -> list[Path]:
    """Write every table as ``<out>/<table>.csv`` (with ``xlsx`` also ``tables.xlsx``);
    returns the files written. All are written first and then renamed into place
    (:mod:`kg.staging`): a full disk or a crash leaves the previous tables whole."""
    from kg.workbook import workbook_bytes

    with Staging(out) as stage:
        for kind in RECORD_TYPES:
            records = extraction.records[kind.TABLE]
            stage.write(f"{kind.TABLE}.csv", table_csv(records, kind, extraction.cite))
        if xlsx:
            stage.write("tables.xlsx", workbook_bytes(stage.dir))
        return stage.commit()


def unreadable(extraction: Extraction) -> list[Issue]:
    """Issues that mean an input file could not be read at all."""
    return [i for i in extraction.issues if unreadable_input(i.code)]
