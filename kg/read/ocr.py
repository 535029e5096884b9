"""Recognising scanned pages (``kg extract --ocr``): Tesseract with its Chinese model.

A page image (a PNG/JPEG/TIFF file, or a PDF page without a text layer rendered at
:data:`DPI`) goes to Tesseract (Debian's ``tesseract-ocr`` and ``tesseract-ocr-chi-sim``,
called through pytesseract) with the ``chi_sim`` model; the words it finds, with their boxes,
are laid out into lines and cells the way a PDF's text layer is (:func:`kg.read.pdf.text_items`).
Tesseract reports Chinese text a character or two at a time, so characters of one line that
stand closer than a cell gap are joined first, without spaces between Chinese characters.
Every line it gives is marked ``ocr``: the tables say so (column ``ocr``), and the graph
(``kg:recognisedByOCR``), so that a reader checks the figures against the page.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.read.pdf import Item, Page, Word

#: the resolution a PDF page is rendered at for recognition
DPI = 300
#: Tesseract's model for simplified Chinese (Debian's tesseract-ocr-chi-sim). Adding eng
#: (chi_sim+eng) reads some targets' = and % better but turns 人 into A and 转率 into GES:
#: measured on the tests' form, chi_sim alone reads more indicators exactly
LANGUAGE = "chi_sim"
#: words Tesseract is less sure of than this (0-100) are left out: specks, ruling lines
MIN_CONFIDENCE = 30
#: Tesseract's page segmentation: 11, sparse text, finds the words of a table's cells best
#: (the layout into rows and cells is ours); measured on the tests' forms
PSM = 11
#: a dark run longer than this share of the page's width or height is a ruling line
RULE = 0.05

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


class OCRUnavailable(Exception):
    """Tesseract or its Chinese model is not installed (the message says what to install)."""


def available() -> None:
    """Raise :class:`OCRUnavailable` unless Tesseract with ``chi_sim`` can be called (asked
    once per process: a scanned PDF asks for every page)."""
    problem = _unavailable()
    if problem:
        raise OCRUnavailable(problem)


@functools.cache
def _unavailable() -> str:
    """Why Tesseract cannot be used ('' when it can)."""
    try:
        _check()
    except OCRUnavailable as exc:
        return str(exc)
    return ""


def _check() -> None:
    import pytesseract

    try:
        languages = pytesseract.get_languages(config="")
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise OCRUnavailable(
            "Tesseract is not installed (sudo apt-get install -y tesseract-ocr "
            f"tesseract-ocr-chi-sim): {exc}"
        ) from exc
    missing = [m for m in LANGUAGE.split("+") if m not in languages]
    if missing:
        raise OCRUnavailable(
            f"Tesseract has no {'+'.join(missing)} model "
            "(sudo apt-get install -y tesseract-ocr tesseract-ocr-chi-sim)"
        )


def recognise(image: Any, number: int) -> Page:
    """Page ``number`` as Tesseract reads it on its image (a PIL image), marked ``ocr``.

    Where the page draws a table, its ruling lines give the cells: the words inside one
    cell (between the rules nearest them on each side) are that cell's text, wrapped lines
    joined, and a cell merged over several rows or columns holds its text in its first row
    and column, as a PDF's ruled table is read. Words outside any ruled cell are laid out by
    position (:func:`kg.read.pdf.text_items`).
    """
    from kg.read.pdf import Page, text_items

    grid = Rules.find(image)
    inside: dict[Box, list[Word]] = {}
    outside: list[Word] = []
    for word in words(grid.cleaned):
        cell = grid.cell(word)
        if cell is None:
            outside.append(word)
        else:
            inside.setdefault(cell, []).append(word)
    items = [*grid.tables(inside), *text_items(outside)]
    items.sort(key=lambda i: (i.top, i.bottom))
    return Page(number, float(image.height), tuple(items), ocr=True)


def words(image: Any) -> list[Word]:
    """The words Tesseract finds on an image, with their boxes (pixels), characters of one
    printed word joined."""
    import pytesseract

    data = pytesseract.image_to_data(
        image, lang=LANGUAGE, config=f"--psm {PSM}", output_type=pytesseract.Output.DICT
    )
    found = []
    for i, text in enumerate(data["text"]):
        text = text.strip().strip("|丨")
        if not text or float(data["conf"][i]) < MIN_CONFIDENCE:
            continue
        x, y, w, h = (int(data[k][i]) for k in ("left", "top", "width", "height"))
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        found.append((key, (float(x), float(x + w), float(y), float(y + h), text)))
    return _joined(found)


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
        for y, start, end in across:
            grey[y, start:end] = 255
        for x, start, end in down:
            grey[start:end, x] = 255
        return cls(_segments(across), _segments(down), Image.fromarray(grey))

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
        from kg.read.pdf import Item

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
            table.setdefault(r, {})[c] = _text(found)
            tops[r] = min(tops.get(r, top), top)
            bottoms[r] = max(bottoms.get(r, top), max(w[3] for w in found))
        width = max(columns.values()) + 1
        return [
            Item(tops[r], bottoms[r], (tuple(table[r].get(c, "") for c in range(width)),), "row")
            for r in sorted(table)
        ]


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


def _text(found: list[Word]) -> str:
    """The words of one cell in reading order (printed lines top to bottom), wrapped lines
    joined: no space between Chinese characters, one between other words."""
    lines: list[list[Word]] = []
    for w in sorted(found, key=lambda w: (w[2], w[0])):
        middle = (w[2] + w[3]) / 2
        if lines and lines[-1][0][2] <= middle <= lines[-1][0][3]:
            lines[-1].append(w)
        else:
            lines.append([w])
    text = ""
    for w in (w for line in lines for w in sorted(line, key=lambda w: w[0])):
        text = _join(text, w[4])
    return text


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


def _join(left: str, right: str) -> str:
    """Two pieces of one printed text: no space between Chinese characters, one otherwise.

    >>> _join("项", "目"), _join("2025", "年"), _join("", "合")
    ('项目', '2025 年', '合')
    """
    if not left or (_CJK.match(right[:1]) and _CJK.match(left[-1:])):
        return left + right
    return f"{left} {right}"


def _joined(found: list[tuple[tuple[int, int, int], Word]]) -> list[Word]:
    """Characters of one Tesseract line that stand closer than a cell gap, joined into one
    word (no space between Chinese characters, one between other words).

    >>> ws = [((1, 1, 1), (0, 10, 0, 10, "项")), ((1, 1, 1), (14, 24, 0, 10, "目")),
    ...       ((1, 1, 1), (60, 70, 0, 10, "合")), ((1, 1, 2), (0, 10, 20, 30, "2025"))]
    >>> [w[4] for w in _joined(ws)]
    ['项目', '合', '2025']
    """
    from kg.read.pdf import CELL_GAP

    out: list[Word] = []
    last_key: tuple[int, int, int] | None = None
    for key, (x0, x1, top, bottom, text) in found:
        if out and key == last_key:
            px0, px1, ptop, pbottom, ptext = out[-1]
            height = max(pbottom - ptop, bottom - top, 1.0)
            if x0 - px1 <= CELL_GAP * height:
                out[-1] = (px0, x1, min(ptop, top), max(pbottom, bottom), _join(ptext, text))
                continue
        out.append((x0, x1, top, bottom, text))
        last_key = key
    return out
