"""Markdown pipe tables (``| a | b |``), as PDF-to-markdown converters write them.

A pipe row's cells keep their positions; ``|---|---|`` rules and rows of empty cells
(``||||``) are blank lines. Some converters print one cell per pipe line (``| 项目名称 |``,
``| 乡村教师体检费 |`` …) with stray ``||||`` lines between: such a table has lost its rows,
and is put back together as web-copied text is (:mod:`kg.read.webtext`). Lines outside the
tables are read as converter text (:mod:`kg.read.tsv`).
"""

from __future__ import annotations

import re

from kg.model import Issue
from kg.read import tsv, webtext
from kg.read.clean import clean_heading, is_separator
from kg.read.lines import Line, row
from kg.read.registry import Reader, Result, Source

_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_SPLIT = re.compile(r"(?<!\\)\|")


def is_pipe_row(raw: str) -> bool:
    return bool(_PIPE_ROW.match(raw)) and raw.count("|") >= 2


def cells(raw: str) -> list[str]:
    """The cells between the pipes of one row.

    >>> cells("| 项目名称 | 乡村教师体检费 |")
    [' 项目名称 ', ' 乡村教师体检费 ']
    >>> cells("||||")
    ['', '', '']
    """
    inner = raw.strip()[1:-1]
    return [c.replace("\\|", "|") for c in _SPLIT.split(inner)]


def sniff(source: Source) -> float:
    lines = source.text.splitlines()
    piped = sum(1 for raw in lines if is_pipe_row(raw))
    tabbed = sum(1 for raw in lines if "\t" in raw)
    if piped < 2 or piped < tabbed:
        return 0.0
    return 0.9 if source.suffix in (".md", ".markdown") else 0.8


def _blocks(lines: list[str]) -> list[tuple[bool, int, int]]:
    """(is a table, first index, end index) runs; blank lines inside a table stay in it."""
    runs: list[tuple[bool, int, int]] = []
    i = 0
    while i < len(lines):
        table = is_pipe_row(lines[i])
        j = i + 1
        while j < len(lines):
            if table and not lines[j].strip():
                k = j
                while k < len(lines) and not lines[k].strip():
                    k += 1
                if k < len(lines) and is_pipe_row(lines[k]):
                    j = k
                    continue
                break
            if is_pipe_row(lines[j]) != table:
                break
            j += 1
        runs.append((table, i, j))
        i = j
    return runs


def _one_cell_per_line(rows: list[list[str]]) -> bool:
    counts = [sum(1 for c in r if c.strip()) for r in rows]
    filled = [n for n in counts if n]
    return len(filled) >= 4 and sum(1 for n in filled if n == 1) >= 0.8 * len(filled)


def _table(lines: list[str], first: int, end: int, source: str) -> tuple[list[Line], list[Issue]]:
    numbered = [(n + 1, lines[n]) for n in range(first, end)]
    parsed = [(n, raw, cells(raw)) for n, raw in numbered if is_pipe_row(raw)]
    if _one_cell_per_line([c for _, _, c in parsed]):
        toks = [
            webtext.Token(n, raw, text)
            for n, raw, cs in parsed
            for text in (clean_heading(c) for c in cs)
            if text and not is_separator(raw)
        ]
        return webtext.rebuild(toks, source)
    out = []
    for n, raw in numbered:
        if not is_pipe_row(raw) or is_separator(raw):
            out.append(tsv.text_line(n, raw))
        else:
            out.append(row(n, raw, cells(raw)))
    return out, []


def read(source: Source) -> Result:
    lines = source.text.splitlines()
    out: list[Line] = []
    issues: list[Issue] = []
    for table, first, end in _blocks(lines):
        if table:
            found, problems = _table(lines, first, end, source.name)
            out.extend(found)
            issues.extend(problems)
        else:
            out.extend(tsv.text_line(n + 1, lines[n]) for n in range(first, end))
    return [("", out)], issues


READER = Reader("markdown", (".md", ".markdown"), False, sniff, read)
