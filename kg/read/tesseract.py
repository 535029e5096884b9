"""Calling Tesseract (through pytesseract) with its Chinese model, for ``kg extract --ocr``.

Whether it can be called at all (:func:`available`, asked once per process), the words it
reads on an image with their boxes and how sure it is of each (:func:`recognised`), and those words
made usable: the ones it is sure enough of kept, and the characters of one printed word
joined (:func:`kept`). Tesseract reports Chinese text a character or two at a time, so
characters of one line that stand closer than a cell gap (:data:`kg.read.layout.CELL_GAP`)
are joined, without spaces between Chinese characters.
"""

from __future__ import annotations

import functools
import os
import re
from typing import Any

from kg.read.layout import CELL_GAP, Word

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


def installed(language: str) -> bool:
    """Whether Tesseract has every model of ``language`` (``chi_sim+eng``: both)."""
    try:
        languages = _languages()
    except OSError:
        return False
    return all(m in languages for m in language.split("+"))


def words(image: Any) -> list[Word]:
    """The words Tesseract finds on an image, with their boxes (pixels), characters of one
    printed word joined."""
    return kept(recognised(image, LANGUAGE))


#: a word as Tesseract reports it: its line (block, paragraph, line), the word and how sure
#: Tesseract is of it (0-100)
Read = tuple[tuple[int, int, int], Word, float]


def recognised(image: Any, language: str, scale: float = 1.0) -> list[Read]:
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


def kept(found: list[Read]) -> list[Word]:
    """The words Tesseract is sure enough of (:data:`MIN_CONFIDENCE`), characters of one printed
    word joined."""
    return _joined([(key, word) for key, word, conf in found if conf >= MIN_CONFIDENCE])


def confidence(found: list[Read]) -> float:
    """How sure Tesseract is of a reading: its words' confidences weighed by their length."""
    length = sum(len(word[4]) for _, word, _ in found)
    return sum(len(word[4]) * conf for _, word, conf in found) / length if length else 0.0


def text_of(found: list[Word]) -> str:
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
