"""Printing rows of data in a print format (:data:`kg.views.formats.FORMATS`: a terminal
table, CSV, JSON or Markdown), and text made safe for a terminal.

The formats are modules of :mod:`kg.views.formats`; the cell rules they apply are importable
from here too, as every writer of the project uses them: :func:`csv_cell` (a CSV cell a
spreadsheet would execute gets an apostrophe), :func:`csv_text` (the guard undone),
:func:`md_cell` (text as one inert Markdown line), :func:`width` (terminal columns).

>>> print(render(["name", "total"], [["合计", 12], ["x", None]], "csv"), end="")
name,total
合计,12
x,
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.views.formats import FORMATS
from kg.views.formats.csv import csv_cell, csv_text, executable
from kg.views.formats.md import md_cell
from kg.views.formats.table import width

__all__ = [
    "FORMATS",
    "csv_cell",
    "csv_text",
    "executable",
    "md_cell",
    "printable",
    "render",
    "width",
]


def render(columns: Sequence[str], rows: Sequence[Sequence[object]], fmt: str) -> str:
    """Rows as text in the format named ``fmt`` (one of :data:`FORMATS`; another name gives
    the terminal table); a value is printed as ``str(value)``, ``None`` as nothing."""
    cells = [[_text(v) for v in row] for row in rows]
    return FORMATS.get(fmt, FORMATS["table"])(columns, cells)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    r"""Text for a terminal: control characters (an escape sequence in a file name, which a
    terminal would obey) shown as ``\x1b``; tabs and line breaks kept.

    >>> printable("a\x1b[31mb")
    'a\\x1b[31mb'
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _text(value: object) -> str:
    return "" if value is None else str(value)
