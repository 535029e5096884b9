"""TAB-separated text, as the PDF converter writes it (the samples).

A line with a TAB is a table row whose cells keep their positions (empty cells stay); a
cell with line breaks, which a spreadsheet copies in quotes (``"新建社区食堂⏎数量"``), is one
cell of the row it starts; a ``--|--`` rule is a blank line; any other line is prose, with
a markdown heading marker dropped.

>>> [(ln.number, ln.cells) for ln in lines('项目\\t"新建\\n数量"\\t5家\\n合计\\t5')]
[(1, ('项目', '新建数量', '5家')), (3, ('合计', '5'))]
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from kg.read.base import Reader, Result, Source
from kg.read.clean import is_separator
from kg.read.lines import Line, prose, row


def sniff(source: Source) -> float:
    """Sure when TAB-separated rows are there; the fallback for plain text otherwise."""
    if any("\t" in raw and raw.strip() for raw in source.text.splitlines()):
        return 0.7
    return 0.2 if source.suffix in (".tsv", ".tab") else 0.05


def lines(text: str) -> Iterator[Line]:
    physical = text.splitlines()
    number = 1
    while number <= len(physical):
        raw = physical[number - 1]
        end = _quoted_end(physical, number) if "\t" in raw else number
        if end > number:  # a cell spreadsheet-quoted over lines ("新建社区食堂\n数量")
            joined = "\n".join(physical[number - 1 : end])
            yield row(number, joined, next(csv.reader([joined], delimiter="\t")))
        else:
            yield text_line(number, raw)
        number = end + 1


#: lines a quoted cell may run over before the quote is taken for a character of the text
_MAX_QUOTED = 12


def _quoted_end(physical: list[str], number: int) -> int:
    """The last line of a row whose cell opens a quote (a spreadsheet copies a cell with
    line breaks as ``"…"``) that closes on a later line; ``number`` itself otherwise."""
    raw = physical[number - 1]
    if '"' not in raw:  # most rows quote nothing
        return number
    opens = any(cell.startswith('"') for cell in raw.split("\t"))
    if not opens or raw.count('"') % 2 == 0:
        return number
    count = raw.count('"')
    for end in range(number + 1, min(len(physical), number + _MAX_QUOTED) + 1):
        count += physical[end - 1].count('"')
        if count % 2 == 0:
            return end
    return number


def text_line(number: int, raw: str) -> Line:
    """One line of converter text: a TAB row, a blank rule or prose."""
    if is_separator(raw):
        return Line(number, raw, ("",), is_row=False)
    if "\t" in raw:
        return row(number, raw, raw.split("\t"))
    return prose(number, raw)


def read(source: Source) -> Result:
    return [("", list(lines(source.text)))], []


READER = Reader("tsv", (".txt", ".text", ".tsv", ".tab"), False, sniff, read)
