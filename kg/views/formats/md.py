"""``--format md``: a Markdown (GFM) table whose cells show as printed.

>>> print(render(["a"], [["*x*"]]), end="")
| a |
|---|
| \\*x\\* |
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: what Markdown reads as markup inside a line: emphasis, code, links and images, strikeout,
#: table columns, escapes (a backslash before each makes it text, in CommonMark and GFM)
_MD_INLINE = re.compile(r"([\\`*_\[\]!~|])")


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


def render(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A header line, the delimiter line and a line per row."""
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
