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


#: what makes a spreadsheet formula *do* something: a function call (``HYPERLINK(``, ``@SUM(``,
#: ``_xlfn.WEBSERVICE(``), a DDE link (``cmd|' /C calc'!A0``) or a reference to another sheet or
#: file (``!``, ``[``). Arithmetic on literals (``=100%``, ``-5%``, ``+3人``) runs nothing.
_ACTIVE = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*\s*\(|[|!\[]")


def executable(text: str) -> bool:
    """Would a spreadsheet opening this CSV cell run something? The cell starts a formula
    (``= + - @``, after any tabs, line breaks or spaces a spreadsheet skips) and calls a
    function, a DDE link or another sheet or file.

    >>> [executable(t) for t in ('=HYPERLINK("http://x/","y")', "@SUM(1)", "=cmd|' /C calc'!A0")]
    [True, True, True]
    >>> [executable(t) for t in ("=100%", "-5%", "+3人", "=43362人", "=", "-5423", "A(1)")]
    [False, False, False, False, False, False, False]
    """
    body = text.lstrip("\t\r\n ")
    return body[:1] in ("=", "+", "-", "@") and _ACTIVE.search(body) is not None


def _guarded(text: str) -> bool:
    """Does this text get the apostrophe? What would run, and (so the guard can be undone
    exactly) a text that already starts with an apostrophe before something guarded."""
    return executable(text) or (text[:1] == "'" and _guarded(text[1:]))


def csv_cell(text: str) -> str:
    """A CSV cell as printed, unless a spreadsheet would execute it (:func:`executable`): that
    one gets a leading apostrophe, the usual guard against formula injection. A CSV is data:
    targets such as ``=100%`` or ``-5%`` and operators such as ``=`` reach pandas unchanged.

    >>> csv_cell('=HYPERLINK("http://x/","y")'), csv_cell("=100%"), csv_cell("-5423")
    ('\\'=HYPERLINK("http://x/","y")', '=100%', '-5423')
    """
    return "'" + text if _guarded(text) else text


def csv_text(cell: str) -> str:
    """The printed text of a CSV cell :func:`csv_cell` wrote (the guard undone, nothing else).

    >>> all(csv_text(csv_cell(t)) == t for t in ("=SUM(1)", "'=SUM(1)", "''@A(", "'x", "=1"))
    True
    """
    return cell[1:] if cell[:1] == "'" and _guarded(cell[1:]) else cell


#: what Markdown reads as markup inside a line: emphasis, code, links and images, strikeout,
#: table columns, escapes (a backslash before each makes it text, in CommonMark and GFM)
_MD_INLINE = re.compile(r"([\\`*_\[\]!~|])")


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    r"""Text for a terminal: control characters (an escape sequence in a file name, which a
    terminal would obey) shown as ``\x1b``; tabs and line breaks kept.

    >>> printable("a\x1b[31mb")
    'a\\x1b[31mb'
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def md_cell(text: str) -> str:
    """Text as one inert line of Markdown (a table cell, a list of names): no line breaks, no
    column breaks, no HTML, no link, image, code span or emphasis; a renderer shows it as
    printed.

    >>> print(md_cell("a|b <img src=x>"))
    a\\|b &lt;img src=x&gt;
    >>> print(md_cell("![x](http://e/p.png) [y](javascript:alert(1)) `a` *b*"))
    \\!\\[x\\](http://e/p.png) \\[y\\](javascript:alert(1)) \\`a\\` \\*b\\*
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_INLINE.sub(r"\\\1", " ".join(text.split()))


def _pad(row: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(c + " " * (w - width(c)) for c, w in zip(row, widths, strict=True)).rstrip()


def _text(value: object) -> str:
    return "" if value is None else str(value)
