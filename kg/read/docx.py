"""Word documents (``.docx``, read with python-docx), and the old word-processor formats.

The body is read in document order: a paragraph is a prose line (one per line break inside
it), a table row is a row of cells in column order. A cell merged across columns
(``gridSpan``) holds its text in its first column and empty cells in the columns it covers; a
cell merged down rows (``vMerge``) holds its text in its first row and an empty cell below, as
the PDF converter prints merged cells, so columns keep their positions. A table inside a cell
is flattened in place: its rows follow the row that holds it, shifted right to that cell's
column. Lines are numbered 1, 2, … through the body (paragraph lines and table rows alike).
Text in text boxes is part of its paragraph; inserted revisions count, deleted ones do not.
Headers, footers, footnotes and comments are not data and are not read.

A Word 97–2003 document (``.doc``), a WPS Writer document (``.wps``) and an RTF file are one
``file-unsupported`` issue each, with the command that converts them
(``soffice --headless --convert-to docx FILE``); a ``.doc`` that is really an HTML page (as
many sites export) is not claimed here, so the HTML reader reads it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from kg.domain.model import Issue
from kg.read.base import Reader, Result, Source
from kg.read.lines import Line, prose, row
from kg.read.xls import OLE, binary, ole_streams, unsupported

_ZIP = b"PK\x03\x04"
_WORD = (".doc", ".dot", ".wps", ".wpt")
_MAX_SPAN = 1000  # columns one cell may cover
_MAX_XML = 256 * 1024 * 1024  # bytes the document's XML may expand to
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_WRAPPERS = frozenset({f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag"})


def sniff(source: Source) -> float:
    data = source.data
    if data.startswith(_ZIP):
        return 1.0 if _is_document(data) else 0.6 if source.suffix in (".docx", ".docm") else 0.0
    if data.startswith(OLE):
        if source.suffix in _WORD:
            return 1.0
        return 0.9 if "WordDocument" in ole_streams(data) else 0.0
    if data.lstrip()[:5] == b"{\\rtf":
        return 1.0
    return 0.9 if source.suffix in _WORD and binary(data) else 0.0


def _is_document(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def read(source: Source) -> Result:
    if not source.data.startswith(_ZIP):
        return [], [unsupported(source, _old_format(source), "docx")]
    import docx

    too_big = _too_big(source.data)
    if too_big:
        return [], [_unreadable(source, too_big)]
    try:
        body = docx.Document(io.BytesIO(source.data)).element.body
    except Exception as exc:  # python-docx raises many kinds on a damaged file
        return [], [_unreadable(source, f"not a readable .docx document ({exc})")]
    lines: list[Line] = []
    for cells, is_row in _body(body):
        number = len(lines) + 1
        raw = "\t".join(cells)
        lines.append(row(number, raw, cells) if is_row else prose(number, raw))
    return [("", lines)], []


def _old_format(source: Source) -> str:
    if source.data.lstrip()[:5] == b"{\\rtf":
        return "an RTF document"
    if source.suffix in (".wps", ".wpt"):
        return "a WPS Writer document (.wps)"
    return "a Word 97-2003 document (.doc)"


def _too_big(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            size = sum(i.file_size for i in z.infolist() if i.filename.startswith("word/"))
    except (zipfile.BadZipFile, OSError, ValueError):
        return ""  # python-docx says what is wrong
    return f"its text expands to {size:,} bytes (at most {_MAX_XML:,})" if size > _MAX_XML else ""


def _unreadable(source: Source, message: str) -> Issue:
    return Issue(source.name, 0, "file-unreadable", f"{source.path}: {message}")


# --- the body ---------------------------------------------------------------------------


def _body(body: Any) -> Iterator[tuple[list[str], bool]]:
    """(cells, is a table row) for every line of the body."""
    for child in _children(body):
        if child.tag == f"{_W}p":
            for text in _paragraph(child).split("\n"):
                yield [text], False
        elif child.tag == f"{_W}tbl":
            yield from _table(child, 0)


def _children(parent: Any) -> Iterator[Any]:
    """Paragraphs and tables in order, looking through content controls and custom XML."""
    for child in parent:
        if child.tag in _WRAPPERS:
            yield from _children(child)
        elif child.tag in (f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"):
            yield child


def _table(table: Any, shift: int) -> Iterator[tuple[list[str], bool]]:
    for tr in _children(table):
        if tr.tag != f"{_W}tr":
            continue
        cells: list[str] = [""] * (shift + _grid(tr, "trPr", "gridBefore"))
        nested: list[tuple[list[str], bool]] = []
        for tc in _children(tr):
            if tc.tag != f"{_W}tc":
                continue
            start = len(cells)
            cells.append(" ".join(_cell_texts(tc)))
            cells.extend([""] * (min(_grid(tc, "tcPr", "gridSpan") or 1, _MAX_SPAN) - 1))
            for sub in _children(tc):
                if sub.tag == f"{_W}tbl":
                    nested.extend(_table(sub, start))
        yield cells, True
        yield from nested


def _cell_texts(tc: Any) -> Iterator[str]:
    for child in _children(tc):
        if child.tag == f"{_W}p":
            text = " ".join(_paragraph(child).split())
            if text:
                yield text


def _grid(element: Any, props: str, name: str) -> int:
    """A count from a row's or cell's properties (gridBefore, gridSpan); 0 when not given."""
    prop = element.find(f"{_W}{props}/{_W}{name}")
    value = prop.get(f"{_W}val", "") if prop is not None else ""
    return min(int(value), _MAX_SPAN) if value.isdigit() else 0


def _paragraph(p: Any) -> str:
    """A paragraph's text: ``\\n`` at each line break (and between the paragraphs of a text
    box inside it), a space at each tab."""
    parts: list[str] = []
    _runs(p, parts)
    return "".join(parts)


def _runs(element: Any, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == f"{_W}t":
            parts.append(child.text or "")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif tag == f"{_W}tab" and element.tag == f"{_W}r":
            parts.append(" ")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        elif tag == f"{_W}p":
            parts.append("\n")
            _runs(child, parts)
        elif tag not in (_MC_FALLBACK, f"{_W}del", f"{_W}moveFrom") and isinstance(tag, str):
            _runs(child, parts)


#: .doc and .wps are picked up in directories too: each is an issue saying how to convert it
READER = Reader("docx", (".docx", ".doc", ".wps"), True, sniff, read)
