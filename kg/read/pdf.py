"""PDF documents with a text layer (read with pdfplumber).

A page is read top to bottom. A table drawn with ruling lines is found from its lines
(pdfplumber's ``lines`` strategy) and gives one row per table row, its cells in column order;
a merged cell holds its text in its first cell and empty cells in the rest, as the converter
text prints it, and a cell's wrapped lines are one cell again. Text outside such tables is
laid out into rows and prose by position (:func:`kg.read.layout.text_items`), and the pages
into lines numbered through the document, running headers, footers and page numbers left out
and a table continued over a page break made one (:func:`kg.read.layout.document_lines`).

A page with no text layer (a scan) is a ``page-no-text`` issue and the other pages are read;
with ``--ocr`` it is recognised on its image instead (:mod:`kg.read.ocr`).
Encrypted, truncated and damaged files are issues; at most :data:`MAX_PAGES` pages are read.
"""

from __future__ import annotations

import io
import re
from typing import Any

from kg.domain.model import Issue
from kg.read.base import Reader, Result, Source
from kg.read.layout import Item, Page, document_lines, text_items

#: pages read from one file; the rest is a ``file-too-long`` issue
MAX_PAGES = 3000

_LATIN = re.compile(r"[A-Za-z]")


def sniff(source: Source) -> float:
    head = source.data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n\x00")
    if head.startswith(b"%PDF-"):
        return 1.0
    # the header may follow some junk (the format allows it), but not inside a web page
    return 0.9 if b"%PDF-" in head and not head.startswith(b"<") else 0.0


def _issue(source: Source, code: str, message: str) -> Issue:
    return Issue(source.name, 0, code, f"{source.path}: {message}")


def read(source: Source) -> Result:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    cut = b"%%EOF" not in source.data[-2048:]
    try:
        pdf = pdfplumber.open(io.BytesIO(source.data))
    except Exception as exc:  # pdfminer raises many kinds on a damaged file
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            message = "an encrypted PDF: it opens only with its password"
            return [], [_issue(source, "file-encrypted", message)]
        if cut:
            message = f"the PDF ends before its %%EOF mark and cannot be read ({cause})"
            return [], [_issue(source, "file-truncated", message)]
        return [], [_issue(source, "file-unreadable", f"not a readable PDF ({cause})")]
    issues: list[Issue] = []
    if cut:
        message = "the PDF ends before its %%EOF mark: what it holds is read, the rest is lost"
        issues.append(_issue(source, "file-truncated", message))
    try:
        pages = _read_pages(pdf, source, issues)
    finally:
        pdf.close()
    return [("", document_lines(pages))], issues


def _read_pages(pdf: Any, source: Source, issues: list[Issue]) -> list[Page]:
    try:
        count = len(pdf.pages)
    except Exception as exc:
        issues.append(_issue(source, "file-unreadable", f"its pages cannot be read ({exc})"))
        return []
    if count > MAX_PAGES:
        message = (
            f"{count} pages; the first {MAX_PAGES} are read, pages {MAX_PAGES + 1}-{count} are not"
        )
        issues.append(_issue(source, "file-too-long", message))
    pages: list[Page] = []
    scans: list[Any] = []  # the file opened once for rendering, if a page needs --ocr
    try:
        for n in range(1, min(count, MAX_PAGES) + 1):
            try:
                pages.append(_page(pdf.pages[n - 1], n))
            except Exception as exc:  # one damaged page: keep the others
                message = f"page {n} cannot be read ({exc})"
                issues.append(_issue(source, "page-unreadable", message))
                continue
            if pages[-1].items:
                continue
            if source.ocr:
                pages[-1] = _recognised(source, n, issues, scans) or pages[-1]
            else:
                message = f"page {n} has no text layer; kg extract --ocr recognises it"
                issues.append(_issue(source, "page-no-text", message))
    finally:
        for document in scans:
            document.close()
    return pages


def _recognised(source: Source, n: int, issues: list[Issue], scans: list[Any]) -> Page | None:
    """Page ``n`` recognised on its image (``--ocr``); None with an issue if it cannot be.
    ``scans`` holds the file opened for rendering (opened here the first time)."""
    from kg.read.ocr import open_pdf, recognise, render
    from kg.read.tesseract import OCRUnavailable, available

    try:
        available()
        if not scans:
            scans.append(open_pdf(source.data))
        page = recognise(render(scans[0], n), n)
    except OCRUnavailable as exc:
        issues.append(_issue(source, "ocr-unavailable", str(exc)))
        return None
    except Exception as exc:  # a page the renderer or Tesseract cannot take
        issues.append(_issue(source, "page-unreadable", f"page {n} cannot be recognised ({exc})"))
        return None
    if not page.items:
        issues.append(_issue(source, "page-no-text", f"no text was recognised on page {n}"))
    return page


def _page(page: Any, number: int) -> Page:
    try:
        if not any(c["text"].strip() for c in page.chars):
            return Page(number, float(page.height), ())
        return Page(number, float(page.height), tuple(_items(page.dedupe_chars())))
    finally:
        page.close()  # its cached objects: memory stays bounded by one page


def _items(page: Any) -> list[Item]:
    """A page's ruled tables and its lines of text outside them, top to bottom."""
    tables = page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
    items = [_table_item(t) for t in tables]
    boxes = [t.bbox for t in tables]
    words = [
        (float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]), w["text"])
        for w in page.extract_words()
        if not any(_inside(w, box) for box in boxes)
    ]
    items.extend(text_items(words))
    return sorted(items, key=lambda i: (i.top, i.bottom))


def _inside(word: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x = (float(word["x0"]) + float(word["x1"])) / 2
    y = (float(word["top"]) + float(word["bottom"])) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _table_item(table: Any) -> Item:
    rows = tuple(tuple(_unwrap(c) for c in cells) for cells in table.extract())
    return Item(float(table.bbox[1]), float(table.bbox[3]), rows, "table")


def _unwrap(cell: str | None) -> str:
    """A cell's text with its wrapped lines joined (a space only between Latin letters)."""
    if not cell:
        return ""
    parts = [p.strip() for p in cell.split("\n") if p.strip()]
    text = parts[0] if parts else ""
    for part in parts[1:]:
        latin = _LATIN.match(text[-1:]) and _LATIN.match(part[:1])
        text += (" " if latin else "") + part
    return text


READER = Reader("pdf", (".pdf",), True, sniff, read)
