"""``--format json``: a list of objects, one per row, keys the column names.

>>> print(render(["a", "b"], [["1", "合计"]]), end="")
[
  {
    "a": "1",
    "b": "合计"
  }
]
"""

from __future__ import annotations

import json
from collections.abc import Sequence


def render(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """The rows as a JSON array of objects (UTF-8 text as it is, indented by two)."""
    records = [dict(zip(columns, row, strict=True)) for row in rows]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
