"""Level labels printed at the end of their merged cells.

A page can print a merged 二级指标 cell's text on the LAST row of the rows it spans (a cell
aligned to its bottom, or a converter that writes a merged cell where it closes):

    产出指标 |          | 改造小区个数 | 6个
             |          | 惠及居民户数 | 1260户
             | 数量指标 | 加装电梯部数 | 12部
             |          | 验收合格率   | 100%
             | 质量指标 | 安全事故数   | 0起

A reader sees it from the table as a whole: its level-1 labels open their blocks, some
blocks begin with rows that print no level-2 label, and each such block ends on a row that
prints one. Then each label names the
rows since the label before it, itself included; where a block opens with its label, the
labels are read as printed (carried down).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class LevelledRow(Protocol):
    l1: str | None
    l2: str | None
    printed: tuple[bool, bool]  # (level-1, level-2) printed on this row


def close_blocks(rows: Sequence[LevelledRow]) -> None:
    """Give each row the level-2 label printed at the end of its block, where the table
    prints its level-2 labels there."""
    blocks = _level1_blocks(rows)
    if not _labels_close_blocks(blocks):
        return
    for block in blocks:
        label: str | None = None
        for row in reversed(block):
            if row.printed[1]:
                label = row.l2
            if label is not None:
                row.l2 = label


def _level1_blocks(rows: Sequence[LevelledRow]) -> list[list[LevelledRow]]:
    """The runs of rows under one level-1 label."""
    blocks: list[list[LevelledRow]] = []
    for row in rows:
        if not blocks or row.printed[0] or row.l1 != blocks[-1][-1].l1:
            blocks.append([])
        blocks[-1].append(row)
    return blocks


def _labels_close_blocks(blocks: list[list[LevelledRow]]) -> bool:
    """Every level-1 label is printed on its block's first row (its merged cell is printed
    at the top), some block opens without a level-2 label but prints one further down, and
    every such block ends on a row that prints its label."""
    if not all(b[0].printed[0] for b in blocks):
        return False
    late = [b for b in blocks if not b[0].printed[1] and any(r.printed[1] for r in b)]
    return bool(late) and all(b[-1].printed[1] for b in late)
