"""Recognising scanned pages (``kg extract --ocr``): Tesseract with its Chinese model.

A page image (a PNG/JPEG/TIFF file, or a PDF page without a text layer rendered at
:data:`DPI`) goes to Tesseract (Debian's ``tesseract-ocr`` and ``tesseract-ocr-chi-sim``,
called through pytesseract) with the ``chi_sim`` model; the words it finds, with their boxes,
are laid out into lines and cells the way a PDF's text layer is (:func:`kg.read.pdf.text_items`).
Tesseract reports Chinese text a character or two at a time, so characters of one line that
stand closer than a cell gap are joined first, without spaces between Chinese characters.
Every line it gives is marked ``ocr``: the tables say so (column ``ocr``), and the graph
(``kg:recognisedByOCR``), so that a reader checks the figures against the page.

A target's comparison is recognised apart from its number (:func:`operator`): Tesseract's
models have no ``≤`` or ``≥`` at all (``≥95%`` comes out as ``三95%``, ``≤541万元`` as
``<541万元``) and lose ``=`` now and then, so a ruled cell whose first glyph has the shape of
``=``, ``<``, ``>``, ``≤`` or ``≥`` and is followed by more text is read again without that
glyph (:data:`REREAD`), and the comparison put back before the number read.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
from concurrent.futures import ThreadPoolExecutor
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
#: Tesseract's threads (OpenMP) per call, unless OMP_THREAD_LIMIT says otherwise: more spin
#: idle on a busy machine. Measured on 2 shared cores: the tests' page read in 3-4.6 s with
#: Tesseract's default threads, 1.3-1.6 s with one (9-11 s against 4-5 s under heavy load)
THREADS = "1"
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
        languages = _languages()
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


@functools.cache
def _languages() -> frozenset[str]:
    """The models Tesseract has (asked once per process)."""
    import pytesseract

    return frozenset(pytesseract.get_languages(config=""))


def _installed(language: str) -> bool:
    """Whether Tesseract has every model of ``language`` (``chi_sim+eng``: both)."""
    try:
        languages = _languages()
    except OSError:
        return False
    return all(m in languages for m in language.split("+"))


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
    inside.update(grid.comparisons())
    items = [*grid.tables(inside), *text_items(outside)]
    items.sort(key=lambda i: (i.top, i.bottom))
    return Page(number, float(image.height), tuple(items), ocr=True)


def words(image: Any) -> list[Word]:
    """The words Tesseract finds on an image, with their boxes (pixels), characters of one
    printed word joined."""
    return _kept(_data(image, LANGUAGE))


#: a word as Tesseract reports it: its line (block, paragraph, line), the word and how sure
#: Tesseract is of it (0-100)
Read = tuple[tuple[int, int, int], "Word", float]


def _data(image: Any, language: str, scale: float = 1.0) -> list[Read]:
    """Every word Tesseract reads on an image with model ``language``, however unsure (the
    image read ``scale`` times its size, the boxes in its own pixels)."""
    import pytesseract
    from PIL import Image

    os.environ.setdefault("OMP_THREAD_LIMIT", THREADS)
    if scale != 1.0:
        size = (round(image.width * scale), round(image.height * scale))
        image = image.resize(size, Image.Resampling.LANCZOS)
    data = pytesseract.image_to_data(
        image, lang=language, config=f"--psm {PSM}", output_type=pytesseract.Output.DICT
    )
    found = []
    for i, text in enumerate(data["text"]):
        text = text.strip().strip("|丨")
        if not text:
            continue
        x, y, w, h = (int(data[k][i]) / scale for k in ("left", "top", "width", "height"))
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        found.append(
            (key, (float(x), float(x + w), float(y), float(y + h), text), float(data["conf"][i]))
        )
    return found


def _kept(found: list[Read]) -> list[Word]:
    """The words Tesseract is sure enough of (:data:`MIN_CONFIDENCE`), characters of one printed
    word joined."""
    return _joined([(key, word) for key, word, conf in found if conf >= MIN_CONFIDENCE])


def _confidence(found: list[Read]) -> float:
    """How sure Tesseract is of a reading: its words' confidences weighed by their length."""
    length = sum(len(word[4]) for _, word, _ in found)
    return sum(len(word[4]) * conf for _, word, conf in found) / length if length else 0.0


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
        """The ruled cells whose text starts with a comparison (:func:`operator`), read again
        without its glyph: the glyph whitened, every such cell of the page pasted into one
        image, read with each model of :data:`REREAD`, and for each cell the reading Tesseract
        is surer of kept. Where that reading starts with a digit the cell is the comparison and
        that reading; otherwise the page's reading of the cell stands (a cell left out here)."""
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
        languages = [language for language in REREAD if _installed(language)]
        with ThreadPoolExecutor(max(1, len(languages))) as pool:  # one Tesseract each, at once
            readings = list(pool.map(lambda language: _data(image, language, scale), languages))
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
            kept = _kept(max(mine, key=_confidence)) if mine else []
            text = _text(kept) if kept else ""
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


#: white pixels around each cell pasted into the image of cells read again
_GAP = 40
_DIGITS = set("0123456789")


def operator(cell: Any) -> tuple[str, tuple[int, int, int, int], int] | None:
    """The comparison a ruled cell's text starts with, read from the shape of its first glyph:
    the sign, that glyph's box (left, right, top, bottom, in pixels of ``cell``, a grey image
    as a numpy array) and the height of the glyph after it; None when the text starts with
    anything else.

    The cell's dark pixels (Otsu's threshold) make connected components; those touching the
    cell's edge (what is left of its rules) and specks are left out. The first glyph is the
    leftmost group of components of the first printed line that overlap horizontally; another
    glyph must follow it, and the first must stand within that one's height (give or take a
    quarter), as a comparison stands beside the number after it. Its shape:

    - ``=``: two level bars of one length, one above the other, together at most 0.6 of the
      height of the glyph after them (二 is as tall as a character, its bars unequal);
    - ``<``, ``>``: one angle, its point to the left (right) at mid-height and its two arms
      reaching the top and bottom on the other side, 0.75 to 2 times as wide as it is tall
      (〈 and く are narrower);
    - ``≤``, ``≥``: such an angle over one bar as wide (level, or slanted as in ⩽).

    Anything else (≦, ≈, ±, «, a digit, a Chinese character) is no comparison here. Full-width
    ＝, ＜ and ＞ are read as =, < and >. Measured on glyphs drawn by Noto Sans/Serif CJK and
    DejaVu Sans/Serif/Mono from 25 pixels a character up: every comparison found and nothing
    else; at 18 pixels some ≤ and ≥ are missed, ≈ and ≃ taken for = and « for <.
    """
    if cell.size == 0 or cell.min() >= 128:
        return None
    components = _components(cell < _otsu(cell))
    glyphs = _glyphs(components)
    if len(glyphs) < 2:
        return None
    (x0, x1, y0, y1, parts), after = glyphs[0], glyphs[1]
    height = after[3] - after[2]
    if y0 < after[2] - 0.25 * height or y1 > after[3] + 0.25 * height:
        return None
    sign = None
    if len(parts) == 1:
        sign = _angle(parts[0])
    elif len(parts) == 2:
        a, b = sorted(parts, key=lambda c: c[2])
        wa, wb = a[1] - a[0], b[1] - b[0]
        if _bar(a) and _bar(b):
            level = abs(a[0] - b[0]) <= 0.15 * max(wa, wb)
            if min(wa, wb) >= 0.85 * max(wa, wb) and level and y1 - y0 <= 0.6 * height:
                sign = "="
        else:
            point = _angle(a)
            under = (b[2] + b[3]) / 2 > (a[2] + a[3]) / 2 and b[3] > a[3]
            thin = b[3] - b[2] <= 0.8 * (a[3] - a[2]) and _angle(b) is None
            if point and under and thin and 0.7 * wa <= wb <= 1.3 * wa:
                sign = {"<": "≤", ">": "≥"}[point]
    return (sign, (x0, x1, y0, y1), height) if sign else None


#: a connected component of dark pixels: left, right, top, bottom and its pixels in that box
Component = tuple[int, int, int, int, Any]


def _otsu(grey: Any) -> int:
    """Otsu's threshold of a grey image: the level that best splits it into ink and paper."""
    import numpy as np

    counts = np.bincount(grey.ravel(), minlength=256).astype(float)
    levels = np.arange(256)
    below = np.cumsum(counts)
    mass = np.cumsum(counts * levels)
    above = below[-1] - below
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mass[-1] * below - mass * below[-1]) ** 2 / (below * above)
    between = np.nan_to_num(between[:-1], nan=-1.0)
    return int(np.argmax(between)) + 1 if between.max() >= 0 else 128


def _components(dark: Any) -> list[Component]:
    """The connected components of a mask, without those touching its edge (rules' remnants)
    and specks (under a tenth of the tallest component's height every way)."""
    import numpy as np
    from scipy import ndimage

    labels, _ = ndimage.label(dark, structure=np.ones((3, 3)))
    found = []
    h, w = dark.shape
    for n, where in enumerate(ndimage.find_objects(labels), start=1):
        rows, cols = where
        if rows.start == 0 or cols.start == 0 or rows.stop == h or cols.stop == w:
            continue
        found.append((cols.start, cols.stop, rows.start, rows.stop, labels[where] == n))
    tallest = max((c[3] - c[2] for c in found), default=0)
    return [c for c in found if max(c[1] - c[0], c[3] - c[2]) >= 0.1 * tallest]


def _glyphs(components: list[Component]) -> list[tuple[int, int, int, int, list[Component]]]:
    """The glyphs of the first printed line, left to right: components of that line (rows of
    ink down to the first blank row) that overlap horizontally are one glyph."""
    if not components:
        return []
    top = min(c[2] for c in components)
    bottom = top
    for c in sorted(components, key=lambda c: c[2]):
        if c[2] > bottom:
            break
        bottom = max(bottom, c[3])
    glyphs: list[tuple[int, int, int, int, list[Component]]] = []
    for c in sorted((c for c in components if c[3] <= bottom), key=lambda c: c[0]):
        if glyphs and c[0] < glyphs[-1][1]:
            x0, x1, y0, y1, parts = glyphs[-1]
            glyphs[-1] = (x0, max(x1, c[1]), min(y0, c[2]), max(y1, c[3]), [*parts, c])
        else:
            glyphs.append((c[0], c[1], c[2], c[3], [c]))
    return glyphs


def _bar(c: Component) -> bool:
    """A level bar: at least 2.5 times as wide as it is tall, mostly solid (a scan frays its
    ends) and straight (the middle of its ink in every column at one height: not ~ or ≈)."""
    import numpy as np

    pixels = c[4]
    h, w = pixels.shape
    if w < 2.5 * h or float(pixels.mean()) < 0.6:
        return False
    rows = np.arange(h)[:, None]
    middles = (pixels * rows).sum(axis=0) / np.maximum(pixels.sum(axis=0), 1)
    return bool(middles.max() - middles.min() <= max(1.0, 0.35 * h))


def _angle(c: Component) -> str | None:
    """``<`` or ``>`` for an angle with its point to the left or right, else None."""
    import numpy as np

    pixels = c[4]
    h, w = pixels.shape
    if min(h, w) < 3 or not 0.75 * h <= w <= 2 * h or float(pixels.mean()) > 0.6:
        return None
    k = max(1, w // 6)

    def spread(side: Any) -> tuple[float, float]:
        ys = np.flatnonzero(side.any(axis=1))
        return ys[0] / h, (ys[-1] + 1) / h

    middle = slice(h // 2 - h // 8, h // 2 + h // 8 + 1)
    for sign, point, arms in (
        ("<", pixels[:, :k], pixels[:, w - k :]),
        (">", pixels[:, w - k :], pixels[:, :k]),
    ):
        (p0, p1), (a0, a1) = spread(point), spread(arms)
        if p0 > 0.25 and p1 < 0.75 and a0 < 0.2 and a1 > 0.8 and not arms[middle].any():
            return sign
    return None


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
