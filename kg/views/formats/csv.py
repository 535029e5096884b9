"""``--format csv``: RFC 4180 CSV with a header line, every cell as printed unless a
spreadsheet would execute it (:func:`csv_cell`), the one rule of every CSV the project writes.

>>> print(render(["a", "b"], [["x,y", "=SUM(1)"]]), end="")
a,b
"x,y",'=SUM(1)
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

#: what makes a spreadsheet formula *do* something: a function call (``HYPERLINK(``, ``@SUM(``,
#: ``_xlfn.WEBSERVICE(``), a DDE link (``cmd|' /C calc'!A0``) or a reference to another sheet or
#: file (``!``, ``[``). Arithmetic on literals (``=100%``, ``-5%``, ``+3人``) runs nothing.
_ACTIVE = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*\s*\(|[|!\[]")


def render(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """The header and the rows, ``\\n`` line ends, cells guarded by :func:`csv_cell`."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([csv_cell(c) for c in row] for row in rows)
    return buf.getvalue()


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
    if text[:1] not in _GUARD_STARTS:  # most cells: no formula, no apostrophe
        return text
    return "'" + text if _guarded(text) else text


#: what a cell that may get the guard starts with: a formula's sign, the whitespace a
#: spreadsheet skips before one, or an apostrophe
_GUARD_STARTS = frozenset("=+-@'\t\r\n ")


def csv_text(cell: str) -> str:
    """The printed text of a CSV cell :func:`csv_cell` wrote (the guard undone, nothing else).

    >>> all(csv_text(csv_cell(t)) == t for t in ("=SUM(1)", "'=SUM(1)", "''@A(", "'x", "=1"))
    True
    """
    return cell[1:] if cell[:1] == "'" and _guarded(cell[1:]) else cell
