"""``--format table``: columns aligned for a terminal, Chinese text taking two columns a
character.

>>> print(render(["项目", "n"], [["合计", "12"], ["ab", "3"]]), end="")
项目  n
----  --
合计  12
ab    3
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def width(text: str) -> int:
    """Display width: CJK characters take two terminal columns.

    >>> width("合计"), width("ab")
    (4, 2)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def render(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A header, a rule and the rows, each column as wide as its widest cell."""
    widths = [max([width(c)] + [width(r[i]) for r in rows]) for i, c in enumerate(columns)]
    out = [_pad(columns, widths), "  ".join("-" * w for w in widths)]
    out += [_pad(row, widths) for row in rows]
    return "\n".join(out) + "\n"


def _pad(row: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(c + " " * (w - width(c)) for c, w in zip(row, widths, strict=True)).rstrip()
