"""Pages as positioned text, whatever printed them: the page model the PDF reader and OCR share.

A :class:`Page` is what was printed on one page, top to bottom, as :class:`Item` s: a ruled
table (its rows) or one line of text. Words with positions (a PDF's text layer, or the words
an OCR engine found on a page image) become lines by position (:func:`text_items`): a line
whose words stand apart in gaps wider than :data:`CELL_GAP` character heights is a row, its
cells placed in the columns that the rows around it share (so an empty leading cell stays
empty); any other line is prose.

A document's pages become numbered lines (:func:`document_lines`): line numbers run through
the whole document (1, 2, 3 … across pages) and every line carries its 1-based ``page``. What
repeats at the same place on most pages (running headers and footers) and page numbers
(``- 3 -``, ``第 3 页``, ``3/10``, ``Page 3``) are not data and are left out; a form title is
kept wherever it stands. A ruled table continued on the next page with its header row printed
again is one table: the repeated header row is left out.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from kg.domain import labels
from kg.read.lines import Line, prose, row

#: a gap between words wider than this many character heights separates two cells
CELL_GAP = 1.5
#: running headers and footers are looked for in this share of the page at top and bottom
MARGIN = 0.12

#: a positioned word: x0, x1, top, bottom (PDF points or an image's pixels, top-down), text
Word = tuple[float, float, float, float, str]

_PAGE_NUMBER = re.compile(
    r"^(?:[-－—–_]\s*\d{1,4}\s*[-－—–_]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$",
    re.IGNORECASE,
)
_PAGE_NUMBER_AT_EDGE = re.compile(r"^\d{1,4}(?:\s*/\s*\d{1,4})?$")  # 3, 3/10: only in a margin


@dataclass(frozen=True, slots=True)
class Item:
    """Something printed on a page: a ruled table (its rows) or one line of text."""

    top: float
    bottom: float
    rows: tuple[tuple[str, ...], ...]
    kind: str  # table | row | prose


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # 1-based
    height: float  # in the unit of the items' positions (PDF points, or an image's pixels)
    items: tuple[Item, ...]
    ocr: bool = False  # the items were recognised on the page's image


# --- words into lines by position ----------------------------------------------------------


def text_items(words: Iterable[Word]) -> list[Item]:
    """Positioned words as printed lines: rows where cells stand apart, else prose."""
    lines = [_cells(ws) for ws in _group_lines(words)]
    items: list[Item] = []
    for block in _blocks(lines):
        items.extend(_place(block))
    return items


@dataclass(frozen=True, slots=True)
class _Chunk:
    x0: float
    text: str


@dataclass(frozen=True, slots=True)
class _TextLine:
    top: float
    bottom: float
    height: float
    chunks: tuple[_Chunk, ...]


def _group_lines(words: Iterable[Word]) -> list[list[Word]]:
    """Words into printed lines: a word whose middle lies within a line's band joins it."""
    lines: list[list[Word]] = []
    band = (0.0, -1.0)
    for word in sorted(words, key=lambda w: (w[2], w[0])):
        middle = (word[2] + word[3]) / 2
        if lines and band[0] <= middle <= band[1]:
            lines[-1].append(word)
        else:
            lines.append([word])
            band = (word[2], word[3])
    return [sorted(line, key=lambda w: w[0]) for line in lines]


def _cells(words: list[Word]) -> _TextLine:
    height = statistics.median(w[3] - w[2] for w in words) or 1.0
    chunks: list[_Chunk] = []
    end = -1e9
    for x0, x1, _top, _bottom, text in words:
        if chunks and x0 - end <= CELL_GAP * height:
            joint = " " if x0 - end > 0.2 * height else ""
            chunks[-1] = _Chunk(chunks[-1].x0, chunks[-1].text + joint + text)
        else:
            chunks.append(_Chunk(x0, text))
        end = max(end, x1)
    top, bottom = min(w[2] for w in words), max(w[3] for w in words)
    return _TextLine(top, bottom, height, tuple(chunks))


def _blocks(lines: list[_TextLine]) -> list[list[_TextLine]]:
    """Runs of lines that belong together: rows of several cells with up to two one-cell
    lines between them; every other line alone."""
    blocks: list[list[_TextLine]] = []
    block: list[_TextLine] | None = None  # the open block, ending in a row of several cells
    pending: list[_TextLine] = []  # one-cell lines after it
    for line in lines:
        if len(line.chunks) == 1:
            pending.append(line)
            continue
        if block is not None and len(pending) <= 2:
            block.extend(pending)
        else:
            blocks.extend([p] for p in pending)
            block = []
            blocks.append(block)
        block.append(line)
        pending = []
    blocks.extend([p] for p in pending)
    return blocks


def _place(block: list[_TextLine]) -> list[Item]:
    """Cells into the columns the block's rows share (by where cells start)."""
    if len(block) == 1 and len(block[0].chunks) == 1:
        line = block[0]
        return [Item(line.top, line.bottom, ((line.chunks[0].text,),), "prose")]
    tolerance = statistics.median(line.height for line in block)
    starts = _columns(
        [c.x0 for line in block if len(line.chunks) > 1 for c in line.chunks], tolerance
    )
    items = []
    for line in block:
        columns = [_column(starts, c.x0, tolerance) for c in line.chunks]
        if len(line.chunks) == 1 and columns[0] == 0:
            items.append(Item(line.top, line.bottom, ((line.chunks[0].text,),), "prose"))
            continue
        cells: list[str] = []
        for chunk, column in zip(line.chunks, columns, strict=True):
            cells.extend([""] * (max(column, len(cells)) - len(cells)))
            cells.append(chunk.text)
        items.append(Item(line.top, line.bottom, (tuple(cells),), "row"))
    return items


def _columns(xs: Sequence[float], tolerance: float) -> list[float]:
    starts: list[float] = []
    for x in sorted(xs):
        if not starts or x - starts[-1] > tolerance:
            starts.append(x)
    return starts


def _column(starts: list[float], x: float, tolerance: float) -> int:
    found = [i for i, s in enumerate(starts) if s <= x + tolerance]
    return found[-1] if found else 0


def page_lines(
    words: Iterable[Word], page: int, first_number: int = 1, ocr: bool = False
) -> list[Line]:
    """The lines of one page from positioned words (e.g. an OCR engine's words), numbered
    from ``first_number``.

    >>> ws = [(10, 40, 10, 20, "项目名称"), (80, 120, 10, 20, "乡村教师体检费"),
    ...       (80, 100, 30, 40, "合计"), (150, 180, 30, 40, "1320000"), (10, 60, 50, 60, "注：")]
    >>> [(ln.number, ln.cells, ln.is_row, ln.page) for ln in page_lines(ws, 2, 7)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [(7, ('项目名称', '乡村教师体检费'), True, 2), (8, ('', '合计', '1320000'), True, 2),
     (9, ('注：',), False, 2)]
    """
    return _number(text_items(words), page, first_number, ocr)


def _number(items: Iterable[Item], page: int, first: int, ocr: bool = False) -> list[Line]:
    lines: list[Line] = []
    for item in items:
        for cells in item.rows:
            n = first + len(lines)
            if item.kind == "prose":
                lines.append(prose(n, cells[0], page=page, ocr=ocr))
            else:
                lines.append(row(n, "\t".join(cells), cells, page=page, ocr=ocr))
    return lines


# --- the document: furniture left out, tables continued, lines numbered --------------------


def document_lines(pages: Sequence[Page]) -> list[Line]:
    """The lines of every page, numbered through the document; a page recognised on its
    image is ``Page(n, image_height, tuple(text_items(words)), ocr=True)``."""
    pages = _continue_tables(_drop_furniture(pages))
    lines: list[Line] = []
    for page in pages:
        lines.extend(_number(page.items, page.number, len(lines) + 1, page.ocr))
    return lines


def _text(item: Item) -> str:
    return " ".join(c for r in item.rows for c in r if c)


def _in_margin(item: Item, page: Page) -> bool:
    return item.bottom <= page.height * MARGIN or item.top >= page.height * (1 - MARGIN)


def _is_page_number(item: Item, page: Page) -> bool:
    text = _text(item).replace(" ", "")
    if item.kind == "table" or not text:
        return False
    return bool(_PAGE_NUMBER.match(text)) or (
        _in_margin(item, page) and bool(_PAGE_NUMBER_AT_EDGE.match(text))
    )


def _drop_furniture(pages: Sequence[Page]) -> list[Page]:
    """Pages without page numbers and without the lines printed at the same place on most
    pages (running headers and footers; a form title stays)."""
    seen: dict[str, list[tuple[int, float]]] = {}
    for page in pages:
        for item in page.items:
            if item.kind != "table" and _in_margin(item, page):
                seen.setdefault(_furniture_key(item), []).append((page.number, item.top))
    furniture: set[tuple[int, float, str]] = set()
    for key, places in seen.items():
        middle = statistics.median(top for _, top in places)
        tolerance = 0.005 * max(page.height for page in pages)  # 4 pt on an A4 page
        at = {(n, top, key) for n, top in places if abs(top - middle) <= tolerance}
        if len({n for n, _, _ in at}) * 2 > len(pages) > 1 and not labels.is_title(key):
            furniture |= at
    return [
        replace(page, items=tuple(i for i in page.items if not _furniture(i, page, furniture)))
        for page in pages
    ]


def _furniture_key(item: Item) -> str:
    return re.sub(r"\d+", "#", _text(item))  # a running header's page number or date varies


def _furniture(item: Item, page: Page, furniture: set[tuple[int, float, str]]) -> bool:
    if _is_page_number(item, page):
        return True
    return item.kind != "table" and (page.number, item.top, _furniture_key(item)) in furniture


def _continue_tables(pages: list[Page]) -> list[Page]:
    """A table whose first row repeats the header of the table ending the page before
    continues it: the repeated row is left out."""
    out: list[Page] = []
    header: tuple[str, ...] | None = None  # of the table that ends the page before
    for page in pages:
        items = list(page.items)
        continued = bool(items) and items[0].kind == "table" and items[0].rows[:1] == (header,)
        if continued:
            items[0] = replace(items[0], rows=items[0].rows[1:])
        last = items[-1] if items else None
        if last is None or last.kind != "table" or not page.items[-1].rows:
            header = None
        elif not (continued and len(items) == 1):
            header = page.items[-1].rows[0]
        out.append(replace(page, items=tuple(items)))
    return out
