"""Reading a comparison sign (=, <, >, ≤, ≥) from the shape of its glyph on a scanned cell.

Tesseract's models have no ``≤`` or ``≥`` at all (``≥95%`` comes out as ``三95%``, ``≤541万元``
as ``<541万元``) and lose ``=`` now and then, so :mod:`kg.read.ocr` asks :func:`operator`
whether a ruled cell's text starts with a comparison, and reads the number after it apart.
The glyph is found among the cell's connected components of dark pixels and judged by its
shape alone (bars, angles), with numpy and scipy.
"""

from __future__ import annotations

from typing import Any


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
