"""The block parsers, in the order they claim a row.

A document is cut into blocks (:func:`kg.parse.document.segment`) at each row that starts
one: the first parser here whose ``starts`` claims the row gives the block its kind, and its
``parse`` reads the block. A new kind of form is a module with a
:class:`~kg.parse.base.BlockParser` and one line here.

>>> [b.kind for b in BLOCKS]
['summary', 'budget', 'project', 'department']
"""

from __future__ import annotations

from kg.parse import forms, tables
from kg.parse.base import BlockParser
from kg.read.lines import Line

BLOCKS: list[BlockParser] = [tables.SUMMARY, tables.BUDGET, forms.PROJECT, forms.DEPARTMENT]
PARSERS = {b.kind: b for b in BLOCKS}


def start_kind(line: Line) -> str:
    """The kind of block a row starts ('' for none)."""
    return next((b.kind for b in BLOCKS if b.starts(line)), "")
