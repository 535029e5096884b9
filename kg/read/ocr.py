"""Recognising scanned pages (``kg extract --ocr``): Tesseract with its Chinese model.

A page image (a PNG/JPEG/TIFF file, or a PDF page without a text layer rendered at
:data:`DPI`) goes to Tesseract (:mod:`kg.read.tesseract`: Debian's ``tesseract-ocr`` and
``tesseract-ocr-chi-sim``, called through pytesseract) with the ``chi_sim`` model; the words it
finds, with their boxes, are laid out into lines and cells the way a PDF's text layer is
(:func:`kg.read.layout.text_items`), and where the page draws a table its ruling lines give the
cells (:class:`Rules`). Every line it gives is marked ``ocr``: the tables say so (column
``ocr``), and the graph (``kg:recognisedByOCR``), so that a reader checks the figures against
the page.

A target's comparison is recognised apart from its number (:func:`kg.read.glyphs.operator`):
Tesseract's models have no ``≤`` or ``≥`` at all (``≥95%`` comes out as ``三95%``, ``≤541万元``
as ``<541万元``) and lose ``=`` now and then, so a ruled cell whose first glyph has the shape of
``=``, ``<``, ``>``, ``≤`` or ``≥`` and is followed by more text is read again without that
glyph (:data:`REREAD`), and the comparison put back before the number read.
"""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from kg.read import tesseract
from kg.read.glyphs import operator
from kg.read.layout import Item, Page, Word, text_items

#: the resolution a PDF page is rendered at for recognition
DPI = 300
#: a dark run longer than this share of the page's width or height is a ruling line
RULE = 0.05
#: the rows (columns) beside a rule's that are whitened with it: a scan's blurred edge of a
#: rule, left grey, reads as ``~``, ``“`` or ``上`` (measured on a blurred, noisy JPEG of the
#: tests' page: 9 of 11 targets exact without, 11 with)
FRINGE = 1
#: a ruled cell is looked at this many pixels inside its rules (past what is left of them)
INSET = 4
#: the models a cell that starts with a comparison is read again with, without the comparison's
#: glyph: the reading Tesseract is surer of is kept. Measured on the tests' form at 300 dpi,
#: at 200 dpi and as a blurred, noisy JPEG: chi_sim alone reads 9, 8 and 10 of its 11 targets
#: exactly (``%`` as ``9%``: ``=1009%``), chi_sim+eng alone 10, 10 and 11 (``541万元`` as
#: ``541A``), the surer of the two 11, 11 and 11
REREAD = ("chi_sim", "chi_sim+eng")
#: the height (pixels) the digits of the cells read again are scaled to (Lanczos), the middle
#: of what reads best. Measured on the tests' form rendered at 200 and 300 dpi: unscaled at
#: 300 dpi (digits 30 pixels tall) chi_sim+eng takes ``541万元`` for ``541A7t`` and chi_sim
#: is unsure of ``万`` (18), 10 of 11 targets; scaled to 16-22 pixels all 11 at both
#: resolutions; 12, 14 or 24 pixels lose one or two
READ_HEIGHT = 20


def recognise(image: Any, number: int) -> Page:
    """Page ``number`` as Tesseract reads it on its image (a PIL image), marked ``ocr``.

    Where the page draws a table, its ruling lines give the cells: the words inside one
    cell (between the rules nearest them on each side) are that cell's text, wrapped lines
    joined, and a cell merged over several rows or columns holds its text in its first row
    and column, as a PDF's ruled table is read. Words outside any ruled cell are laid out by
    position (:func:`kg.read.layout.text_items`).
    """
    grid = Rules.find(image)
    inside: dict[Box, list[Word]] = {}
    outside: list[Word] = []
    for word in tesseract.words(grid.cleaned):
        cell = grid.cell(word)
        if cell is None:
            outside.append(word)
        else:
            inside.setdefault(cell, []).append(word)
    inside.update(grid.comparisons())
    items = [*grid.tables(inside), *text_items(outside)]
    items.sort(key=lambda i: (i.top, i.bottom))
    return Page(number, float(image.height), tuple(items), ocr=True)


#: a ruled cell: its top, left, bottom and right rules
Box = tuple[float, float, float, float]
#: a ruling line: its position across (y of a horizontal rule, x of a vertical one) and the
#: start and end of its extent along
Rule = tuple[float, float, float]


class Rules:
    """The ruling lines of a page image, and the image without them."""

    def __init__(self, across: list[Rule], down: list[Rule], cleaned: Any) -> None:
        self.across, self.down, self.cleaned = across, down, cleaned

    @classmethod
    def find(cls, image: Any) -> Rules:
        """Rules are runs of dark pixels longer than :data:`RULE` of the page's width
        (horizontal) or height (vertical); they are whitened in :attr:`cleaned`, because
        Tesseract reads a rule through a character as 丨, 一 or |."""
        import numpy as np
        from PIL import Image

        grey = np.asarray(image.convert("L")).copy()
        dark = grey < 160
        across = _runs(dark, int(grey.shape[1] * RULE))
        down = _runs(dark.T, int(grey.shape[0] * RULE))
        f = FRINGE
        for y, start, end in across:
            grey[max(0, y - f) : y + f + 1, start:end] = 255
        for x, start, end in down:
            grey[start:end, max(0, x - f) : x + f + 1] = 255
        return cls(_segments(across), _segments(down), Image.fromarray(grey))

    def boxes(self) -> list[Box]:
        """Every ruled cell of the page, a merged cell once."""
        ys = sorted({y for y, _, _ in self.across})
        xs = sorted({x for x, _, _ in self.down})
        found = set()
        for top, bottom in itertools.pairwise(ys):
            for left, right in itertools.pairwise(xs):
                x, y = (left + right) / 2, (top + bottom) / 2
                box = self.cell((x, x, y, y, ""))
                if box is not None:
                    found.add(box)
        return sorted(found)

    def comparisons(self) -> dict[Box, list[Word]]:
        """The ruled cells whose text starts with a comparison (:func:`kg.read.glyphs.operator`),
        read again without its glyph: the glyph whitened, every such cell of the page pasted
        into one image, read with each model of :data:`REREAD`, and for each cell the reading
        Tesseract is surer of kept. Where that reading starts with a digit the cell is the
        comparison and that reading; otherwise the page's reading of the cell stands (a cell
        left out here)."""
        import numpy as np
        from PIL import Image

        grey = np.asarray(self.cleaned)
        crops: list[tuple[Box, str, int, int, Any]] = []
        heights = []
        for box in self.boxes():
            top, left = int(box[0]) + INSET, int(box[1]) + INSET
            cell = grey[top : int(box[2]) - INSET + 1, left : int(box[3]) - INSET + 1]
            found = operator(cell)
            if found:
                sign, (x0, x1, y0, y1), height = found
                heights.append(height)
                cell = cell.copy()
                cell[y0:y1, x0:x1] = 255
                crops.append((box, sign, top, left, cell))
        if not crops:
            return {}
        sheet = np.full(
            (
                sum(c[4].shape[0] + _GAP for c in crops) + _GAP,
                max(c[4].shape[1] for c in crops) + 2 * _GAP,
            ),
            255,
            np.uint8,
        )
        at = [_GAP]
        for *_, cell in crops:
            sheet[at[-1] : at[-1] + cell.shape[0], _GAP : _GAP + cell.shape[1]] = cell
            at.append(at[-1] + cell.shape[0] + _GAP)
        image = Image.fromarray(sheet)
        # the numbers after the comparisons scaled to READ_HEIGHT pixels
        scale = READ_HEIGHT / sorted(heights)[len(heights) // 2]
        languages = [language for language in REREAD if tesseract.installed(language)]
        with ThreadPoolExecutor(max(1, len(languages))) as pool:  # one Tesseract each, at once
            readings = list(
                pool.map(lambda language: tesseract.recognised(image, language, scale), languages)
            )
        out: dict[Box, list[Word]] = {}
        for (box, sign, top, left, cell), y in zip(crops, at, strict=False):
            # this cell's words in each reading, back in the page's pixels
            mine = [
                [
                    (
                        key,
                        (x0 - _GAP + left, x1 - _GAP + left, t - y + top, b - y + top, text),
                        conf,
                    )
                    for key, (x0, x1, t, b, text), conf in reading
                    if y <= (t + b) / 2 < y + cell.shape[0]
                ]
                for reading in readings
            ]
            kept = tesseract.kept(max(mine, key=tesseract.confidence)) if mine else []
            text = tesseract.text_of(kept) if kept else ""
            if text[:1] in _DIGITS:
                word = (
                    min(w[0] for w in kept),
                    max(w[1] for w in kept),
                    min(w[2] for w in kept),
                    max(w[3] for w in kept),
                    sign + text,
                )
                out[box] = [word]
        return out

    def cell(self, word: Word) -> Box | None:
        """The rules around the ruled cell a word stands in, or None outside tables."""
        x0, x1, top, bottom, _ = word
        mx, my = (x0 + x1) / 2, (top + bottom) / 2
        above = [y for y, a, b in self.across if y < my and a <= mx <= b]
        below = [y for y, a, b in self.across if y > my and a <= mx <= b]
        left = [x for x, a, b in self.down if x < mx and a <= my <= b]
        right = [x for x, a, b in self.down if x > mx and a <= my <= b]
        if not (above and below and left and right):
            return None
        return max(above), max(left), min(below), min(right)

    def tables(self, cells: dict[Box, list[Word]]) -> list[Item]:
        """The ruled cells as table rows: a row per distinct top rule, a column per distinct
        left rule (rules a few pixels apart are one)."""
        if not cells:
            return []
        rows = _clustered([box[0] for box in cells])
        columns = _clustered([box[1] for box in cells])
        table: dict[int, dict[int, str]] = {}
        tops: dict[int, float] = {}
        bottoms: dict[int, float] = {}
        for box, found in cells.items():
            top, left = box[0], box[1]
            r, c = rows[top], columns[left]
            table.setdefault(r, {})[c] = tesseract.text_of(found)
            tops[r] = min(tops.get(r, top), top)
            bottoms[r] = max(bottoms.get(r, top), max(w[3] for w in found))
        width = max(columns.values()) + 1
        return [
            Item(tops[r], bottoms[r], (tuple(table[r].get(c, "") for c in range(width)),), "row")
            for r in sorted(table)
        ]


#: white pixels around each cell pasted into the image of cells read again
_GAP = 40
_DIGITS = set("0123456789")


def _segments(runs: list[tuple[int, int, int]]) -> list[Rule]:
    """Rules from the runs of :func:`_runs`: a run continued with the same extent on the next
    rows (a rule's thickness) is one rule."""
    found: list[Rule] = []
    open_runs: dict[tuple[int, int], tuple[int, int]] = {}  # (start, end) → (first, last row)
    for y, start, end in sorted(runs):
        first, last = open_runs.get((start, end), (y, y - 1))
        if last != y - 1:  # a gap: the rule before it ended
            found.append(((first + last) / 2, float(start), float(end)))
            first = y
        open_runs[(start, end)] = (first, y)
    found += [((f + last) / 2, float(r[0]), float(r[1])) for r, (f, last) in open_runs.items()]
    return sorted(found)


def _clustered(values: list[float], tolerance: float = 8.0) -> dict[float, int]:
    """Each value → the index of its group: values within ``tolerance`` pixels are one."""
    out: dict[float, int] = {}
    group, last = -1, None
    for v in sorted(set(values)):
        if last is None or v - last > tolerance:
            group += 1
        out[v] = group
        last = v
    return out


def _runs(dark: Any, minimum: int) -> list[tuple[int, int, int]]:
    """(row, start, end) of every run of at least ``minimum`` dark pixels, row by row."""
    import numpy as np

    out = []
    for y in np.flatnonzero(dark.sum(axis=1) >= minimum):
        edges = np.flatnonzero(np.diff(np.concatenate(([0], dark[y].astype(np.int8), [0]))))
        for start, end in zip(edges[::2], edges[1::2], strict=True):
            if end - start >= minimum:
                out.append((int(y), int(start), int(end)))
    return out


def render(pdf: Any, number: int) -> Any:
    """Page ``number`` (1-based) of a PDF as an image at :data:`DPI` (pypdfium2, which
    pdfplumber renders with); ``pdf`` is the file's bytes or a document :func:`open_pdf`
    opened once for all its pages."""
    if not isinstance(pdf, bytes):
        return pdf[number - 1].render(scale=DPI / 72).to_pil()
    document = open_pdf(pdf)
    try:
        return render(document, number)
    finally:
        document.close()


def open_pdf(data: bytes) -> Any:
    """A PDF opened for rendering its pages (close it when done)."""
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(data)
