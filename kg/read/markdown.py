"""Pipe tables (``| a | b |``, ``a | b | ||||``), as converters and web pages print them.

A line is part of a table when it has cell pipes: ``| a | b |`` (markdown), ``a | b |`` or
``a | b | ||||`` (a web page's table as a text extractor gives it: no leading pipe, the
merged or empty columns of the row as trailing pipes). How lines make rows:

- a markdown row (pipes on both sides, two or more cells) is a row by itself;
- other pipe lines are parts of a row: the cells of one row printed over several lines
  (``项目名称 |`` / ``乡村教师体检费 |`` …), which ends at a line that prints the row's trailing
  empty cells (``3500 | |``) or at a line of pipes alone (``|``, ``||||``, a ``|---|`` rule);
- unless the table prints each row on a line of its own ending in one pipe (``a | b |``):
  then a line of several cells is a row;
- a table whose parts never end (one cell per line, no breaks) has lost its rows: it is put
  back together as web-copied text is (:mod:`kg.read.webtext`).

Empty cells inside a row keep their positions; trailing ones are dropped. Each row cites
the line its first cell was printed on. Lines outside the tables are converter text
(:mod:`kg.read.tsv`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.domain import labels
from kg.domain.model import Issue
from kg.read import tsv, webcells, webtext, wrapped
from kg.read.base import Reader, Result, Source
from kg.read.clean import clean_heading, is_separator
from kg.read.lines import Line, row

_SPLIT = re.compile(r"(?<!\\)\|")
# html2text prints a row as ``项目名称| 体检费| …``: the pipe right after the cell, a space after
_CELL_PIPE = re.compile(r"^\s*\||\|\s*$|\s\|\s|[^\s|\\]\| ")
_MAX_ROW = 16  # more parts than this in one row: the table's rows are lost


def is_pipe_row(raw: str) -> bool:
    """Whether a line is part of a pipe table (not ``登录|注册`` in running text).

    >>> is_pipe_row("| 项目名称 | 体检费 |"), is_pipe_row("项目名称 |"), is_pipe_row("登录|注册")
    (True, True, False)
    """
    return "|" in raw and (bool(_CELL_PIPE.search(raw)) or _bare_row(raw))


def _bare_row(raw: str) -> bool:
    """A row printed with bare pipes between its cells and none at its ends
    (``部门名称|荥经县文旅局|部门编码|321001``): three or more cells, one of them a form's
    label (a link list ``首页|政务公开|互动交流`` names none), or two, the first a label
    (``年度绩效目标|…``; ``登录|注册`` is not one).

    >>> _bare_row("部门名称|某县统计局|部门编码|301"), _bare_row("首页|政务公开|互动交流")
    (True, False)
    """
    found = [c for c in _SPLIT.split(raw.strip()) if c.strip()]
    if len(found) < 2:
        return False
    named = [labels.label_kind(c) not in ("", "furniture") or labels.is_level(c) for c in found]
    return named[0] if len(found) == 2 else any(named)


def cells(raw: str) -> list[str]:
    """The cells between the pipes of one line (the pipes at its ends are not cells).

    >>> cells("| 项目名称 | 乡村教师体检费 |")
    [' 项目名称 ', ' 乡村教师体检费 ']
    >>> cells("||||")
    ['', '', '']
    >>> cells("3500 | |")
    ['3500 ', ' ']
    """
    inner = raw.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [c.replace("\\|", "|") for c in _SPLIT.split(inner)]


def _kind(raw: str) -> str:
    """'break' (pipes alone, a rule), 'row' (a markdown row of cells), 'part', or 'text'."""
    if not raw.strip():
        return "blank"
    if not is_pipe_row(raw):
        return "text"
    found = cells(raw)
    filled = [c for c in found if c.strip()]
    if not filled or is_separator(raw):
        return "break"
    stripped = raw.strip()
    if stripped.startswith("|") and stripped.endswith("|") and len(filled) >= 2:
        return "row"
    return "part"


def _ends_row(raw: str) -> bool:
    """A part that prints its row's trailing empty cells (``3500 | |``, ``…项目 | |||``)."""
    found = cells(raw)
    return len(found) > 1 and not found[-1].strip()


@dataclass
class _Rows:
    out: list[Line] = field(default_factory=list)
    parts: list[tuple[int, str, list[str]]] = field(default_factory=list)
    longest: int = 0

    def flush(self) -> None:
        if not self.parts:
            return
        number = self.parts[0][0]
        raw = "\n".join(p[1] for p in self.parts)
        joined = [c for p in self.parts for c in p[2]]
        self.longest = max(self.longest, sum(1 for c in joined if c.strip()))
        self.out.append(row(number, raw, _trimmed(joined)))
        self.parts = []


def _trimmed(found: list[str]) -> list[str]:
    """A row's cells without its trailing empty ones; the empty ones between parts go too."""
    while found and not found[-1].strip():
        found.pop()
    return found


def _lines_are_rows(lines: list[str]) -> bool:
    """Whether a table prints each row on a line of its own (``a | b |``) rather than ending
    its rows with their trailing empty cells: most lines of several cells do not end in one."""
    several = [raw for raw in lines if _kind(raw) == "part" and len(_filled(raw)) > 1]
    ending = sum(1 for raw in several if _ends_row(raw))
    return bool(several) and ending * 2 < len(several)


def _starts_row(part: list[str]) -> bool:
    """A line that begins a row of its own: a form's title, page furniture."""
    first = clean_heading(part[0]) if part else ""
    return labels.is_title(first) or labels.label_kind(first) == "furniture"


def _row_after_row(last: tuple[int, str, list[str]], part: list[str]) -> bool:
    """A line of several cells after a line of several cells that ended at a cell's edge:
    two rows, each printed whole, whose last cells were filled (a 备注 column, a row of
    merged cells dropped), so neither printed a trailing empty cell. A row broken inside
    (绩效指标 | 一级 指标 | / 二级 指标 |) goes on with a line of one cell."""
    filled = sum(1 for c in last[2] if c.strip())
    return filled > 1 and last[1].rstrip().endswith("|") and len([c for c in part if c.strip()]) > 1


def _filled(raw: str) -> list[str]:
    return [c for c in cells(raw) if c.strip()]


def _wraps(rows: _Rows, lines: list[str], n: int, end: int) -> bool:
    """A line without pipes inside an open row, the next line a part of it: the first line
    of a cell that goes on below."""
    return bool(rows.parts) and n + 1 < end and _kind(lines[n + 1]) == "part"


def _region(lines: list[str], first: int, end: int, source: str) -> tuple[list[Line], list[Issue]]:
    rows = _Rows()
    by_line = _lines_are_rows(lines[first:end])
    wrapped = ""
    for n in range(first, end):
        raw = lines[n]
        kind = _kind(raw)
        if by_line and kind == "part" and len(_filled(raw)) > 1:
            kind = "row"
        goes_on = _cell_goes_on(rows.out, raw) if by_line and kind == "text" else None
        if goes_on is not None:  # html2text: a <br> inside a row's last cell (2024年6月 / 底前)
            rows.out[-1] = goes_on
            rows.out.append(Line(n + 1, raw, ("",), is_row=False))
            continue
        if kind == "text" and _wraps(rows, lines, n, end):
            wrapped += raw.strip()  # ≥12个 / （含新建3个） | |: a cell printed over two lines
            rows.out.append(Line(n + 1, raw, ("",), is_row=False))
            continue
        if wrapped and kind == "part":
            raw, wrapped = raw.replace(raw.lstrip(), wrapped + raw.lstrip(), 1), ""
        if kind in ("break", "blank", "text", "row"):
            rows.flush()
        if kind == "row":
            rows.out.append(row(n + 1, raw, _trimmed(cells(raw))))
        elif kind == "part":
            part = _trimmed(cells(raw))
            starts = _starts_row(part)
            if rows.parts and (starts or _row_after_row(rows.parts[-1], part)):
                rows.flush()
            rows.parts.append((n + 1, raw, part))
            if _ends_row(raw) or (starts and by_line and len(_filled(raw)) == 1):
                rows.flush()  # a form's title (项目支出绩效目标表|) is a row of its own
        elif kind == "break" and not is_separator(raw):
            rows.out.append(row(n + 1, raw, cells(raw)))  # a blank line
        elif kind == "break":
            rows.out.append(Line(n + 1, raw, ("",), is_row=False))
        else:
            rows.out.append(tsv.text_line(n + 1, raw))
    rows.flush()
    if rows.longest > _MAX_ROW:
        return _rebuilt(lines, first, end, source)
    return _grid_wraps(rows.out), []


def _cell_goes_on(out: list[Line], raw: str) -> Line | None:
    """The row above with a line without pipes as the rest of its last cell, when the two
    spell one label, a date or a field's or goal's value (:func:`wrapped.continues`)."""
    last = out[-1] if out else None
    text = clean_heading(raw)
    if last is None or not last.is_row or not text or len(last.cells) < 2 or is_separator(raw):
        return None
    joined = wrapped.continues(list(last.cells), len(last.cells) - 1, text)
    if joined is None or len(joined) != 1:
        return None
    return row(last.number, f"{last.raw}\n{raw}", [*last.cells[:-1], joined[0]])


def _bordered(line: Line) -> int:
    """The number of cells of a row printed with a pipe at both ends (0 for other lines)."""
    t = line.raw.strip()
    ok = line.is_row and "\n" not in t and t.startswith("|") and t.endswith("|")
    return len(cells(t)) if ok else 0


def _grid_wraps(out: list[Line]) -> list[Line]:
    """A grid that wraps a cell's text onto lines of its own, every line printing all of its
    row's pipes (antiword: ``|主管部门|平遥县文化|`` / ``|        |和旅游局  |``): a line whose
    every cell goes on the cell above it (:func:`wrapped.continues`) is joined to that row."""
    at, texts = -1, list[str]()
    for i, line in enumerate(out):
        width = _bordered(line)
        joined = _wrap_of(texts, line) if at >= 0 and width == _bordered_width(out[at]) else None
        if joined is None:
            at, texts = (i, list(line.cells)) if width else (-1, [])
            continue
        texts = joined
        above = out[at]
        out[at] = row(above.number, f"{above.raw}\n{line.raw}", texts)
        out[i] = Line(line.number, line.raw, ("",), False)
    return out


def _bordered_width(line: Line) -> int:
    return len(cells(line.raw.split("\n")[0].strip()))


def _wrap_of(texts: list[str], line: Line) -> list[str] | None:
    """The row's cells with ``line`` wrapped into them, or None."""
    found = [(k, c) for k, c in enumerate(line.cells) if c]
    if not found or any(k >= len(texts) or not texts[k] for k, _ in found):
        return None
    out = list(texts)
    for k, text in found:
        joined = wrapped.continues(texts, k, text)
        if joined is None or len(joined) != 1:
            return None
        out[k] = joined[0]
    return out


def _rebuilt(lines: list[str], first: int, end: int, source: str) -> tuple[list[Line], list[Issue]]:
    """A table printed one cell per line with no row ends: rows found by their labels."""
    toks = [
        webcells.Token(n + 1, lines[n], text)
        for n in range(first, end)
        if is_pipe_row(lines[n]) and not is_separator(lines[n])
        for text in (clean_heading(c) for c in cells(lines[n]))
        if text
    ]
    return webtext.rebuild(toks, source)


def _regions(lines: list[str]) -> list[tuple[bool, int, int]]:
    """(is a table, first index, end index): a table runs from its first pipe line to its
    last; blank lines and lines of text between pipe lines stay in it."""
    piped = [n for n, raw in enumerate(lines) if is_pipe_row(raw)]
    runs: list[tuple[bool, int, int]] = []
    i = 0
    while i < len(piped):
        j = i
        while j + 1 < len(piped) and _gap(lines, piped[j], piped[j + 1]):
            j += 1
        runs.append((True, piped[i], piped[j] + 1))
        i = j + 1
    out: list[tuple[bool, int, int]] = []
    at = 0
    for _, a, b in runs:
        if a > at:
            out.append((False, at, a))
        out.append((True, a, b))
        at = b
    if at < len(lines):
        out.append((False, at, len(lines)))
    return out


def _gap(lines: list[str], a: int, b: int) -> bool:
    """Whether two pipe lines belong to one table: at most two lines of text between them."""
    between = [raw for raw in lines[a + 1 : b] if raw.strip()]
    return len(between) <= 2


def sniff(source: Source) -> float:
    lines = source.text.splitlines()
    piped = sum(1 for raw in lines if is_pipe_row(raw))
    tabbed = sum(1 for raw in lines if "\t" in raw)
    if piped < 2 or piped < tabbed or piped < 0.1 * sum(1 for raw in lines if raw.strip()):
        return 0.0
    return 0.9 if source.suffix in (".md", ".markdown") else 0.8


def _unwrapped(lines: list[str]) -> list[str]:
    """Markdown rows whose cell text a converter broke over lines (``| … | 2023年12月31日`` /
    ``前 |``) joined back: the lines up to the one that closes the row take its place, and
    the lines they came from stay, blank, so the numbers hold.

    >>> _unwrapped(["| a | b |", "| c | 2023年", "前 |", "| d | e |"])
    ['| a | b |', '| c | 2023年\\n前 |', '', '| d | e |']
    """
    out = list(lines)
    closed = sum(1 for raw in lines if raw.strip().startswith("|") and raw.strip().endswith("|"))
    if closed < 2:
        return out
    for n, raw in enumerate(lines):
        t = raw.strip()
        if not t.startswith("|") or t.endswith("|") or out[n] != raw:
            continue
        end = next((k for k in range(n + 1, min(n + 5, len(lines))) if _closes(lines[k])), None)
        if end is not None:
            out[n] = "\n".join(lines[n : end + 1])
            out[n + 1 : end + 1] = [""] * (end - n)
    return out


def _closes(raw: str) -> bool:
    t = raw.strip()
    return bool(t) and t.endswith("|") and not t.startswith("|")


def read(source: Source) -> Result:
    lines = _unwrapped(source.text.splitlines())
    out: list[Line] = []
    issues: list[Issue] = []
    for table, first, end in _regions(lines):
        if table:
            found, problems = _region(lines, first, end, source.name)
            out.extend(found)
            issues.extend(problems)
        else:
            out.extend(tsv.text_line(n + 1, lines[n]) for n in range(first, end))
    return [("", out)], issues


READER = Reader("markdown", (".md", ".markdown"), False, sniff, read)
