"""HTML pages with ``<table>`` (the standard library's :mod:`html.parser`).

Each ``<tr>`` is a row citing the line its tag starts on. ``rowspan`` and ``colspan`` are
expanded the way the PDF converter prints merged cells: the text in the first position,
empty cells in the positions it covers, so columns keep their positions. Text outside
tables becomes prose lines, one per block (``<p>``, ``<div>``, ``<h1>``…, ``<br>``, ``<li>``);
``<script>``, ``<style>`` and ``<head>`` are skipped. In text that is not a whole page
(markdown a converter wrote with HTML tables inside) every line outside the tables is a
line of prose. A table inside a cell is read as that cell's text. Malformed spans and
unclosed tables are issues, never exceptions; no row is wider than 1,000 columns.

>>> page = ('<p>单位：万元</p>\\n<table>\\n<tr><td rowspan="2">a</td><td>b</td></tr>\\n'
...         '<tr><td>c</td></tr>\\n</table>')
>>> [(ln.number, ln.cells, ln.is_row) for ln in parse(page, "p.html")[0]]
[(1, ('单位：万元',), False), (3, ('a', 'b'), True), (4, ('', 'c'), True)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from kg.domain.model import Issue
from kg.read.base import Reader, Result, Source
from kg.read.lines import Line, prose, row

_BLOCKS = frozenset(
    {
        *("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "br", "hr"),
        *("section", "article", "header", "footer", "caption", "title", "body"),
        *("blockquote", "pre", "dt", "dd"),
    }
)
_SKIP = frozenset({"script", "style", "head", "noscript", "template"})
_MAX_SPAN = 1000
_TABLE = re.compile(r"<table\b", re.IGNORECASE)
_PAGE = re.compile(r"^\s*(?:<!doctype\s+html|<html\b)", re.IGNORECASE)
_BLOCK_TAG = re.compile(r"<(?:p|div|body|h[1-6])\b", re.IGNORECASE)
_ROW_TAG = re.compile(r"<tr\b", re.IGNORECASE)


@dataclass
class _Cell:
    text: list[str]
    rowspan: int
    colspan: int


@dataclass
class _Table:
    line: int
    rows: list[tuple[int, list[_Cell]]] = field(default_factory=list)


class _Page(HTMLParser):
    def __init__(self, source: str, by_line: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.by_line = by_line  # each line outside the tables is its own prose line
        self.lines: list[Line] = []
        self.issues: list[Issue] = []
        self.table: _Table | None = None
        self.nested = 0  # depth of tables inside a cell of the current table
        self.cell: _Cell | None = None
        self.skip = 0
        self.text: list[str] = []
        self.text_line = 0
        self.caption = False
        self.implicit = False  # the current table was opened by a <tr>, not a <table>

    # --- tags ----------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in _SKIP:
            self.skip += 1
        elif tag == "caption":
            self._break()
            self.caption = True
        elif self.table is not None and self.nested == 0 and tag in ("tr", "td", "th"):
            self._table_tag(tag, dict(attrs), line)
        elif tag == "tr" and self.table is None:  # rows copied without their <table>
            self._open_table(line)
            self.implicit = True
            self._table_tag(tag, dict(attrs), line)
        elif tag == "table":
            self.implicit = self.implicit and self.table is not None
            self._open_table(line)
        elif tag in _BLOCKS or tag == "br":
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "caption":
            self.caption = False
        elif tag == "table" and self.table is not None:
            if self.nested:
                self.nested -= 1
                self._break()
            else:
                self._close_table()
        elif self.table is not None and self.nested == 0 and tag in ("td", "th", "tr"):
            self._close_cell()
        elif tag in _BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.table is not None:
            if self.cell is not None:
                self.cell.text.append(data)
            elif data.strip() and self.caption:
                self.lines.append(prose(self.getpos()[0], data.strip()))
            elif data.strip():
                self._stray(data)
            return
        start = self.getpos()[0]
        for k, part in enumerate(data.split("\n") if self.by_line else [data]):
            if k:
                self._flush_text()
            if part.strip() and not "".join(self.text).strip():
                self.text_line = start + k
            self.text.append(part)

    # --- tables --------------------------------------------------------------------

    def _open_table(self, line: int) -> None:
        if self.table is not None:
            self.nested += 1
            if self.cell is not None:
                self.cell.text.append(" ")
            return
        self._flush_text()
        self.table = _Table(line)

    def _table_tag(self, tag: str, attrs: dict[str, str | None], line: int) -> None:
        assert self.table is not None
        self._close_cell()
        if tag == "tr":
            self.table.rows.append((line, []))
            return
        if not self.table.rows:  # a cell with no <tr>: HTML allows it, start a row
            self.table.rows.append((line, []))
        cell = _Cell([], self._span(attrs, "rowspan", line), self._span(attrs, "colspan", line))
        self.table.rows[-1][1].append(cell)
        self.cell = cell

    def _span(self, attrs: dict[str, str | None], name: str, line: int) -> int:
        value = attrs.get(name)
        if value is None:
            return 1
        text = value.strip()
        if not text.isdigit() or not 0 < int(text) <= _MAX_SPAN:
            self.issues.append(
                Issue(
                    self.source,
                    line,
                    "html-span-invalid",
                    f'{self.source} line {line}: {name}="{value}" is not a number from 1 to '
                    f"{_MAX_SPAN}; read as 1",
                    f'{name}="{value}"',
                )
            )
            return 1
        return int(text)

    def _stray(self, data: str) -> None:
        assert self.table is not None
        line = self.getpos()[0]
        self.issues.append(
            Issue(
                self.source,
                line,
                "html-text-outside-cell",
                f"{self.source} line {line}: text inside <table> but outside any cell; "
                "kept as prose",
                data.strip(),
            )
        )
        self.lines.append(prose(line, data.strip()))

    def _close_cell(self) -> None:
        self.cell = None

    def _close_table(self) -> None:
        assert self.table is not None
        self._close_cell()
        self.lines.extend(expand(self.table))
        self.table = None
        self.nested = 0

    # --- prose ---------------------------------------------------------------------

    def _break(self) -> None:
        if self.table is not None:
            if self.cell is not None:
                self.cell.text.append(" ")
            return
        self._flush_text()

    def _flush_text(self) -> None:
        text = "".join(self.text)
        self.text = []
        if text.strip():
            self.lines.append(prose(self.text_line, text.strip()))

    def finish(self) -> None:
        self.close()
        if self.table is not None and self.implicit:
            self._close_table()
        if self.table is not None:
            line = self.table.line
            self.issues.append(
                Issue(
                    self.source,
                    line,
                    "html-table-unclosed",
                    f"{self.source} line {line}: <table> is never closed; its rows are read "
                    "up to the end of the page",
                )
            )
            self._close_table()
        self._flush_text()


def expand(table: _Table) -> list[Line]:
    """Rows of cells with rowspan/colspan expanded into empty cells that hold positions."""
    grid: list[dict[int, str]] = [{} for _ in table.rows]
    for r, (_, cells) in enumerate(table.rows):
        col = 0
        for cell in cells:
            while col in grid[r]:
                col += 1
            text = "".join(cell.text)
            for dr in range(min(cell.rowspan, len(table.rows) - r)):
                for dc in range(min(cell.colspan, _MAX_SPAN - col)):
                    grid[r + dr][col + dc] = text if (dr, dc) == (0, 0) else ""
            col += cell.colspan
    out = []
    for (line, _), taken in zip(table.rows, grid, strict=True):
        texts = [taken.get(c, "") for c in range(max(taken, default=-1) + 1)]
        out.append(row(line, "\t".join(" ".join(t.split()) for t in texts), texts))
    return out


def parse(text: str, source: str) -> tuple[list[Line], list[Issue]]:
    page = _Page(source, by_line=not is_page(text))
    page.feed(text)
    page.finish()
    lines = sorted(page.lines, key=lambda ln: ln.number)
    return lines, page.issues


def is_page(text: str) -> bool:
    """A whole HTML page (not converter text with HTML tables inside)."""
    return bool(_PAGE.match(text[:4096]) or _BLOCK_TAG.search(text))


def sniff(source: Source) -> float:
    head = source.text[:4096]
    if _TABLE.search(source.text):
        tabbed = sum(1 for raw in source.text.splitlines() if "\t" in raw)
        if tabbed > len(_ROW_TAG.findall(source.text)):
            return 0.6  # TAB-separated text with a stray table: the TAB reader is surer
        return 1.0 if source.suffix in (".html", ".htm") else 0.9
    if _PAGE.match(head):
        return 0.85
    if len(_ROW_TAG.findall(source.text)) >= 2 and "<td" in source.text.lower():
        return 0.85  # table rows copied without their <table> (HTML remnants in text)
    if source.suffix in (".html", ".htm") and "<" in head:
        return 0.8
    return 0.0


def read(source: Source) -> Result:
    lines, issues = parse(source.text, source.name)
    return [("", lines)], issues


READER = Reader("html", (".html", ".htm"), False, sniff, read)
