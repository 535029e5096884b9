"""Query answers and tables as pandas DataFrames, for :mod:`kg.api` (private: import ``kg``).

One column per variable or key, each in a nullable pandas dtype, every missing value
``pd.NA``; literals read by one decoder (:mod:`kg.rdf.literals`). ``exact`` keeps
``xsd:decimal`` columns as :class:`~decimal.Decimal` (dtype ``object``) instead of
``Float64``. pandas is imported only when a frame is made.

>>> import pyoxigraph as ox
>>> frame(["n", "name"], [[ox.Literal(1), ox.Literal("合计")], [None, None]], exact=False)
      n  name
0     1    合计
1  <NA>  <NA>
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kg.rdf.literals import decode

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["frame", "rows_table", "table"]


def frame(variables: list[str], rows: Iterable[list[object]], exact: bool) -> pd.DataFrame:
    """Rows of RDF terms (``None``: unbound) as a DataFrame, a column per variable."""
    columns: list[list[object]] = [[] for _ in variables]
    for row in rows:
        for column, term in zip(columns, row, strict=True):
            column.append(decode(term))
    return table(dict(zip(variables, columns, strict=True)), exact)


def table(columns: dict[str, list[object]], exact: bool) -> pd.DataFrame:
    """Columns of Python values as a DataFrame."""
    import pandas as pd

    return pd.DataFrame(
        {name: _series(values, exact) for name, values in columns.items()}, columns=list(columns)
    )


def rows_table(rows: list[dict[str, object]], exact: bool) -> pd.DataFrame:
    """Rows as dicts (a key missing from a row: missing) as a DataFrame, columns in order of
    first appearance."""
    names = list(dict.fromkeys(k for row in rows for k in row))
    return table({k: [row.get(k) for row in rows] for k in names}, exact)


def _series(values: list[object], exact: bool) -> pd.Series[Any]:
    """One column in a nullable dtype; every missing value is ``pd.NA``."""
    import pandas as pd

    present = [v for v in values if v is not None and v is not pd.NA]
    cells = [None if v is pd.NA else v for v in values]
    types = {type(v) for v in present}
    if not present:
        return pd.Series([pd.NA] * len(values), dtype="object")
    if types == {bool}:
        return pd.Series(cells, dtype="boolean")
    if types == {int}:
        return pd.Series(cells, dtype="Int64")
    if types <= {int, float, Decimal}:
        if exact and Decimal in types and float not in types:
            return pd.Series(
                [pd.NA if v is None else Decimal(v) for v in cells],  # type: ignore[arg-type,misc]
                dtype="object",
            )
        return pd.Series(
            [None if v is None else float(v) for v in cells],  # type: ignore[arg-type,misc]
            dtype="Float64",
        )
    return pd.Series([None if v is None else str(v) for v in cells], dtype=pd.StringDtype("python"))
