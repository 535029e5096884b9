"""Printing rows of data as a terminal table, CSV, JSON or Markdown (Chinese text aligned)."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = ("table", "csv", "json", "md")


def format_option(help: str = "How to print the data.") -> Callable[[F], F]:
    """The ``--format table|csv|json|md`` option every command that prints data takes."""
    import click

    return click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help=help
    )


def width(text: str) -> int:
    """Display width: CJK characters take two terminal columns.

    >>> width("合计"), width("ab")
    (4, 2)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def render(columns: Sequence[str], rows: Sequence[Sequence[object]], fmt: str) -> str:
    """Rows as text in one of :data:`FORMATS`."""
    cells = [[_text(v) for v in row] for row in rows]
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([csv_cell(c) for c in row] for row in cells)
        return buf.getvalue()
    if fmt == "json":
        return (
            json.dumps(
                [dict(zip(columns, row, strict=True)) for row in cells],
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
    if fmt == "md":
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in cells]
        return "\n".join(lines) + "\n"
    widths = [max([width(c)] + [width(r[i]) for r in cells]) for i, c in enumerate(columns)]
    out = [_pad(columns, widths), "  ".join("-" * w for w in widths)]
    out += [_pad(row, widths) for row in cells]
    return "\n".join(out) + "\n"


_NUMBER = re.compile(r"^[+-]?(\d[\d,]*)?(\.\d+)?([eE][+-]?\d+)?%?$")


def csv_cell(text: str) -> str:
    """A CSV cell a spreadsheet will not run: text starting with = + - @ (or a tab or carriage
    return) gets a leading apostrophe, the usual guard against formula injection; numbers
    such as -5423 are left alone.

    >>> csv_cell("=1+2"), csv_cell("=100%"), csv_cell("-5423"), csv_cell("≥90%")
    ("'=1+2", "'=100%", '-5423', '≥90%')
    """
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.match(text):
        return "'" + text
    return text


def md_cell(text: str) -> str:
    """Text as one inert Markdown table cell: no line breaks, no column breaks, no HTML.

    >>> print(md_cell("a|b <img src=x>"))
    a\\|b &lt;img src=x&gt;
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(text.split()).replace("|", "\\|")


def _pad(row: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(c + " " * (w - width(c)) for c, w in zip(row, widths, strict=True)).rstrip()


def _text(value: object) -> str:
    return "" if value is None else str(value)
