"""Page images (PNG, JPEG, TIFF): a scanned or photographed form has no text to read.

Without ``--ocr`` such a file is one ``page-no-text`` issue per page saying how to have it
recognised; with ``kg extract --ocr`` each page (a TIFF may hold several) is recognised by
Tesseract (:mod:`kg.read.ocr`) and read like any other page, its lines marked ``ocr``.
"""

from __future__ import annotations

import io

from kg.domain.model import Issue
from kg.read.base import Reader, Result, Source
from kg.read.layout import Page, document_lines

_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
#: pages read from one multi-page TIFF
MAX_PAGES = 500
#: the largest image recognised (pixels): a bigger one is an issue, not a memory blow-up
MAX_PIXELS = 12_000 * 12_000


def sniff(source: Source) -> float:
    return 1.0 if source.data.startswith(_MAGIC) else 0.0


def _issue(source: Source, code: str, message: str) -> Issue:
    return Issue(source.name, 0, code, f"{source.path}: {message}")


def read(source: Source) -> Result:
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        image = Image.open(io.BytesIO(source.data))
        pages_in = min(getattr(image, "n_frames", 1), MAX_PAGES)
    except Exception as exc:  # PIL raises many kinds on a damaged or huge image
        return [], [_issue(source, "file-unreadable", f"not a readable image ({exc})")]
    if not source.ocr:
        return [], [
            _issue(
                source,
                "page-no-text",
                f"page {n} is an image with no text layer; kg extract --ocr recognises it",
            )
            for n in range(1, pages_in + 1)
        ]
    from kg.read.ocr import recognise
    from kg.read.tesseract import OCRUnavailable, available

    try:
        available()
    except OCRUnavailable as exc:
        return [], [_issue(source, "ocr-unavailable", str(exc))]
    pages: list[Page] = []
    issues: list[Issue] = []
    for n in range(1, pages_in + 1):
        try:
            image.seek(n - 1)
            page = recognise(image, n)
        except Exception as exc:  # one bad frame: keep the others
            issues.append(_issue(source, "page-unreadable", f"page {n} cannot be read ({exc})"))
            continue
        if not page.items:
            issues.append(_issue(source, "page-no-text", f"no text was recognised on page {n}"))
        pages.append(page)
    return [("", document_lines(pages))], issues


READER = Reader("image", (".png", ".jpg", ".jpeg", ".tif", ".tiff"), True, sniff, read)
