"""Text as the views print it on a page: labels cut to fit a node or a band."""

from __future__ import annotations


def shortened(label: str, limit: int) -> str:
    """``label`` cut to ``limit`` characters, an ellipsis the last of them.

    >>> shortened("乡村教师体检费", 10), shortened("乡村教师体检费项目经费", 6)
    ('乡村教师体检费', '乡村教师体…')
    """
    return label if len(label) <= limit else label[: limit - 1] + "…"
