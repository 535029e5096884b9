"""TAB-separated text, as the PDF converter writes it (the samples).

A line with a TAB is a table row whose cells keep their positions (empty cells stay); a
``--|--`` rule is a blank line; any other line is prose, with a markdown heading marker
dropped.
"""

from __future__ import annotations

from collections.abc import Iterator

from kg.read.clean import is_separator
from kg.read.lines import Line, prose, row
from kg.read.registry import Reader, Result, Source


def sniff(source: Source) -> float:
    """Sure when TAB-separated rows are there; the fallback for plain text otherwise."""
    tabbed = sum(1 for raw in source.text.splitlines() if "\t" in raw and raw.strip())
    if tabbed:
        return 0.7
    return 0.2 if source.suffix in (".tsv", ".tab") else 0.05


def lines(text: str) -> Iterator[Line]:
    for number, raw in enumerate(text.splitlines(), start=1):
        yield text_line(number, raw)


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
