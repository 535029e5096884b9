"""An indicator row as it is read, and what is settled on each row once the table is read:
a target its name runs into, the unit its value column's header states."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.parse import columns, rowcells


@dataclass
class Row:
    line: int
    raw: str
    l1: str | None
    l2: str | None
    content: str = ""
    value: str = ""
    l3: str = ""
    description: str = ""
    basis: str = ""
    notes: list[tuple[str, str]] = field(default_factory=list)  # (issue code, message)
    printed: tuple[bool, bool] = (False, False)  # level-1, level-2 printed on this row


def settle(rows: list[Row], unit: str) -> None:
    """Each row with its target run into its name taken out and the header's unit
    (指标值（%）) on a bare number."""
    for row in rows:
        run_together(row)
        row.value = columns.with_unit(row.value, unit)


def run_together(row: Row) -> None:
    """A row with no value whose name runs into its target (健身器材验收合格率100%), or prints
    it after a colon (粮食播种面积：稳中有增): the target is its value."""
    content, value = rowcells.target_in_name(row.content) if not row.value else ("", "")
    if value:
        row.content, row.value = content, value
        row.l3 = content if row.l3 else ""
        row.notes = [n for n in row.notes if n[0] != "indicator-value-missing"]
