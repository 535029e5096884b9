"""What every reader produces: numbered lines of cleaned cells, and the document they make."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.read.clean import clean_cell, clean_heading, is_separator


@dataclass(frozen=True, slots=True)
class Line:
    """One source line: its 1-based number, raw text and cleaned cells.

    ``cells`` keeps the column positions of a table row (empty cells stay);
    a prose line has exactly one cell. For a spreadsheet the number is the row number,
    for an HTML page the line its ``<tr>`` starts on. For a document printed on pages (PDF)
    the number runs through the whole document (so it stays unique) and ``page`` is the
    1-based page it is printed on (0: the document has no pages); ``ocr`` marks a line
    recognised from a page image rather than read from a text layer.
    """

    number: int
    raw: str
    cells: tuple[str, ...]
    is_row: bool  # printed as a table row (TAB-separated text, a <tr>, a spreadsheet row)
    page: int = 0
    ocr: bool = False

    @property
    def text(self) -> str:
        return " ".join(c for c in self.cells if c)

    @property
    def filled(self) -> list[str]:
        """The non-empty cells, in order."""
        return [c for c in self.cells if c]


@dataclass(frozen=True, slots=True)
class Document:
    source: str  # the file name (``book.xlsx#Sheet2`` for one sheet of several), as records cite it
    path: Path
    encoding: str
    lines: tuple[Line, ...]
    sha256: str = ""  # of the file's bytes: the document's identity whatever its name
    format: str = "tsv"  # the reader that read it (kg.read.registry)
    open_end: bool = False  # text that stops inside a line (no line break at its end): a cut page


def row(number: int, raw: str, cells: Sequence[str], page: int = 0, ocr: bool = False) -> Line:
    """A table row from raw cell texts (cleaned here); a row of empty cells or of dashes
    (a ``--|--`` rule a converter left in a table) is a blank line."""
    cleaned = tuple(clean_cell(c) for c in cells)
    if is_separator("\t".join(cleaned)):
        return Line(number, raw, cleaned, False, page, ocr)
    return Line(number, raw, cleaned or ("",), any(cleaned), page, ocr)


def prose(number: int, raw: str, text: str | None = None, page: int = 0, ocr: bool = False) -> Line:
    """A line of prose (a title, a note, a paragraph): one cell, markdown heading dropped."""
    return Line(number, raw, (clean_heading(raw if text is None else text),), False, page, ocr)
