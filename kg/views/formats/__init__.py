"""The print formats of ``--format``: one module each, registered in :data:`FORMATS`.

A format is a function ``render(columns, rows) -> str`` over the column names and rows of
text cells (:func:`kg.views.render.render` has turned every value into text, ``None`` into
``''``), ending in a line break. Adding one is a module beside these with such a function
and one line in :data:`FORMATS`; every command's ``--format`` offers its key.

>>> print(FORMATS["md"](["a", "b"], [["1", "x|y"]]), end="")
| a | b |
|---|---|
| 1 | x\\|y |
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kg.views.formats import csv, json, md, table

#: a print format: column names and rows of text cells → the text printed
Render = Callable[[Sequence[str], Sequence[Sequence[str]]], str]

#: name → format, in the order ``--format`` lists them (the first is the default)
FORMATS: dict[str, Render] = {
    "table": table.render,
    "csv": csv.render,
    "json": json.render,
    "md": md.render,
}
