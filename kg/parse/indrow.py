"""An indicator row as it is read, and what is settled on each row once the table is read:
a target its name runs into, the unit its value column's header states, and whether the
page was cut inside the last one."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.domain.values import is_unit
from kg.parse import columns, rowcells

#: a value that is only its comparison: the number after it was cut off
_SIGNS = frozenset({"≥", "≤", "=", "<", ">", ">=", "<="})


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
    end: int = 0  # the last line read into it (its annual set's, printed as a row of its own)


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


def cut_short(rows: list[Row], roles: columns.Roles, last_row: int, open_end: bool) -> bool:
    """The document's last row, where the page was cut inside it: the text stops inside it
    (``open_end``), or it has no value, a value that is only its comparison or unit
    (``图书外借率 | ≥``, ``| % | ≥``) or is left open (``| … | ≥ | 9``, ``…|满意度|≥9``, below
    rows that close with a pipe)."""
    row = rows[-1]
    last = max(row.line + row.raw.count("\n"), row.end)
    if not last_row or last < last_row:
        return False
    before = rows[-2].raw.strip() if len(rows) > 1 else ""
    raw, value = row.raw.strip(), row.value.strip()
    ended = open_end and not raw.endswith("|")  # the text stops inside this row
    left_open = "|" in raw and not raw.endswith("|") and before.endswith("|")
    unit_cut = columns.unit_cut(row.value, [r.value for r in rows[:-1] if r.value], roles)
    bare = value in _SIGNS or is_unit(value)  # its number was cut off
    return ended or not value or bare or left_open or unit_cut
