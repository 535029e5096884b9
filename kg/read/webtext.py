"""Text copied from a web page: every cell on its own line, empty cells gone.

The row structure is lost, so rows are put back together by recognising the labels the
forms print (:mod:`kg.domain.labels`): a form's header fields and their values make one row, each
funding label runs to the amount that follows it, 年度绩效目标 to the next label, 职能N/目标N
to their text, and an indicator row runs from its level labels to its value. A run of
cells between labels is split into rows by the indicator table's width (内容 + 值, or
三级指标 + 描述 + 值 + 依据), a cell that reads as a target value closing a row. Titles,
unit notes and text outside any form stay prose lines. Each row cites the line its first
cell was on. A budget table (年初预算数 …) needs its columns, which one cell per line has
lost: it is left as prose, with one ``table-columns-lost`` issue.

>>> text = "项目名称\\n体检费\\n项目编码\\n450206220411800006423\\n合计\\n1320000\\n"
>>> [(ln.number, ln.cells) for ln in assemble(tokens(text))]
[(1, ('项目名称', '体检费', '项目编码', '450206220411800006423')), (5, ('合计', '1320000'))]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from kg.domain import labels
from kg.domain.labels import key
from kg.domain.model import Issue
from kg.domain.values import looks_like_value, parse_amount, parse_money
from kg.read.base import Reader, Result, Source
from kg.read.lines import Line
from kg.read.webcells import Token, join_split_labels, kind, tokens, units_joined


@dataclass
class _Assembler:
    lines: list[Line] = field(default_factory=list)
    row: list[Token] = field(default_factory=list)
    mode: str = ""
    width: int = 2  # the indicator table's cells after the level labels
    positional: bool = False  # operator, unit or weight columns: rows are the width
    numbered: bool = False  # a 序号 column: a row starts at its number
    paired: bool = False  # the period's value before the year's: a row ends at its second
    lost: list[Token] = field(default_factory=list)  # where tables that cannot be rebuilt start

    def flush(self) -> None:
        if self.row:
            raw = "\t".join(t.raw.strip() for t in self.row)
            cells = tuple(t.text for t in self.row)
            self.lines.append(Line(self.row[0].number, raw, cells, is_row=True))
        self.row = []

    def start(self, mode: str) -> None:
        self.flush()
        self.mode = mode

    def prose(self, tok: Token) -> None:
        self.flush()
        self.lines.append(Line(tok.number, tok.raw, (tok.text,), is_row=False))


def assemble(cells: Iterable[Token]) -> list[Line]:
    """Rows (and prose lines) from cells printed one per line."""
    return rebuild(cells, "")[0]


def rebuild(cells: Iterable[Token], source: str) -> tuple[list[Line], list[Issue]]:
    """Rows and prose lines, and an issue for each table that cannot be rebuilt."""
    toks = join_split_labels(list(cells))
    kinds = [kind(t.text) for t in toks]
    state = _Assembler()
    i = 0
    while i < len(toks):
        i = _step(state, toks, kinds, i)
    state.flush()
    issues = [
        Issue(
            source,
            tok.number,
            "table-columns-lost",
            f"{source} line {tok.number}: a budget table printed one cell per line has lost "
            "its columns; its figures are not read",
            tok.raw,
        )
        for tok in state.lost
    ]
    return state.lines, issues


def _step(state: _Assembler, toks: list[Token], kinds: list[str], i: int) -> int:
    tok, what = toks[i], kinds[i]
    if what == "page":
        state.prose(tok)
    elif what in ("title", "note", "furniture"):
        state.prose(tok)
        state.mode = ""
    elif key(tok.text) in labels.BUDGET_COLUMNS and not state.mode.startswith("summary"):
        if state.mode != "budget":
            state.lost.append(tok)
        state.prose(tok)
        state.mode = "budget"
    elif state.mode == "budget" and what in ("text", "funding", "funding-header"):
        state.prose(tok)
    elif state.mode.startswith("summary") and _summary(state, tok, what):
        pass
    elif what == "text":
        return _text(state, toks, kinds, i)
    else:
        _label(state, tok, what)
    return i + 1


_MODES = {
    "field": "header",
    "funding-header": "funding",
    "funding": "funding",
    "goal": "goal",
    "statement-section": "statements",
    "indicator-section": "indicator-header",
    "indicator-header": "indicator-header",
    "summary-header": "summary-header",
    "task": "tasks",
}


def _label(state: _Assembler, tok: Token, what: str) -> None:
    mode = _MODES.get(what, "indicators")
    cells = [t.text for t in state.row]
    if what == "level" and state.mode == "indicator-header":
        _configure(state, cells)
    if _new_row(state.mode, what, mode, cells):
        state.start(mode)
    state.row.append(tok)


def _new_row(current: str, what: str, mode: str, cells: list[str]) -> bool:
    """Whether a label starts a row rather than continue the current one."""
    if what == "level":  # a row runs from its level labels to its value
        return current != "indicators" or _has_data(cells) or len(cells) >= 2
    if what == "statement":  # 职能N: one per row
        return current != "statements" or any(labels.STATEMENT_ORDINAL.match(key(c)) for c in cells)
    if what == "funding-header":
        return current != mode or _has_data(cells)
    if what in ("goal", "statement-section", "indicator-section", "summary-header", "task"):
        return True
    return current != mode


def _has_data(cells: list[str]) -> bool:
    return any(not labels.label_kind(c) for c in cells)


def _configure(state: _Assembler, header: list[str]) -> None:
    state.width, state.positional = _width(header), _positional(header)
    state.numbered = any(labels.lookup(labels.INDICATOR_COLUMNS, c) == "seq" for c in header)
    state.paired = "period" in _after_levels(header)


def _width(header: list[str]) -> int:
    """Cells of an indicator row after its level labels, from the header row."""
    return max(2, len(_after_levels(header)))


def _after_levels(header: list[str]) -> list[str]:
    """The roles of the header's columns after its level labels (a period's value column
    beside the year's one too: each row prints a cell under it)."""
    period = ["period" for c in header if key(c) in labels.PERIOD_VALUE_COLUMNS]
    roles = [labels.lookup(labels.INDICATOR_COLUMNS, c) for c in header]
    return [r for r in roles if r and r not in ("l1", "l2", "seq")] + period


def _positional(header: list[str]) -> bool:
    """A header with operator, unit or weight columns: its rows are the header's width."""
    return bool(set(_after_levels(header)) & labels.POSITIONAL_COLUMNS)


def _text(state: _Assembler, toks: list[Token], kinds: list[str], i: int) -> int:
    tok = toks[i]
    mode = state.mode
    if mode == "indicator-header":
        _configure(state, [t.text for t in state.row])
        state.start("indicators")
        mode = "indicators"
    if mode == "indicators":
        end = i
        while end < len(toks) and kinds[end] == "text":
            end += 1
        _indicator_run(state, toks[i:end], end < len(toks) and kinds[end] == "level")
        return end
    if mode == "funding":  # a row runs to its amounts; a cell after the rows is a row alone
        nxt = toks[i + 1].text if i + 1 < len(toks) else ""
        money = parse_money(tok.text) is not None and parse_money(nxt) is None
        ends = money or not state.row  # 金额合计 | 110.50 | 110.50 | 0.00: one row
        state.row.append(tok)
        if ends:
            state.flush()
    elif mode in ("header", "goal", "statements", "tasks"):
        state.row.append(tok)
    else:
        state.prose(tok)
    return i + 1


def _indicator_run(state: _Assembler, run: list[Token], before_levels: bool = False) -> None:
    """Cells between labels: the rest of the current row, then rows of their own (in a
    table with a 序号 column, a number before the next row's levels starts that row)."""
    if state.numbered and before_levels and len(run) > 1 and _seq(run[-1].text):
        _indicator_run(state, run[:-1])  # … | 有效保障 | 4: the next row's number
        state.row = [run[-1]]
        state.flush()
        return
    after_labels = bool(state.row)
    run = run if state.positional else units_joined(run)
    split = _split_run(run, state.width, after_labels, state.positional, state.paired)
    for n, chunk in enumerate(split):
        if n:
            state.flush()
        state.row.extend(chunk)
    state.flush()


def _seq(text: str) -> bool:
    return text.isdigit() and len(text) <= 3


def _split_run(
    run: list[Token], width: int, after_labels: bool, positional: bool = False, paired: bool = False
) -> Iterator[list[Token]]:
    """Rows of an indicator table's cells: content | value pairs, a cell that reads as a
    value closing a row; in a table of more columns (三级指标 + 描述 + 值 + 依据), a row runs
    to its value or to the table's width (to its second value where the period's value
    column precedes the year's: 实施期指标值 | 年度指标值); with operator, unit or weight
    columns (whose cells read as values), chunks of the table's width."""
    if positional:
        for start in range(0, len(run), width):
            yield run[start : start + width]
        return
    if width != 2:
        i = 0
        while i < len(run):
            end = i
            while (
                end < len(run) - 1 and end - i < width - 1 and not looks_like_value(run[end].text)
            ):
                end += 1
            if paired and end < len(run) - 1 and _value_or_dash(run[end + 1].text):
                end += 1
            yield run[i : end + 1]
            i = end + 1
        return
    i = 0
    while i < len(run):
        size = _row_size(run[i : i + 3], after_labels and i == 0)
        yield run[i : i + size]
        i += size


def _value_or_dash(text: str) -> bool:
    """A value cell, or the dash a set prints where it has no target."""
    return looks_like_value(text) or text in ("—", "-", "/")


def _row_size(ahead: list[Token], after_labels: bool) -> int:
    """How many of the next cells make one content | value row."""
    texts = [t.text for t in ahead]
    values = [looks_like_value(t) for t in texts]
    if len(texts) == 1:
        return 1
    if values[0]:  # 无 | 无 right after the labels: content and value alike
        return 2 if after_labels and values[1] else 1
    if texts[1] == texts[0]:  # content printed twice: the parser reads it once
        return 3 if len(texts) == 3 and values[2] else 2
    if not values[1] and len(texts) == 3 and values[2]:
        return 1  # its value was empty: the next cell is the next content
    return 2


def _summary(state: _Assembler, tok: Token, what: str) -> bool:
    """Rows of a key-project summary table (项目序号 … 年初预算数): seq … amount."""
    text = tok.text
    starts_row = text.isdigit() or key(text) == "合计"
    if state.mode == "summary-header":
        if not starts_row:
            state.row.append(tok)
            return True
        state.start("summary")
    if what not in ("text", "field", "funding"):
        return False
    if starts_row and not state.row:
        state.row.append(tok)
    elif state.row:
        state.row.append(tok)
        if parse_amount(text) is not None:
            state.flush()
    else:
        return False
    return True


# --- recognising and reading -----------------------------------------------------------


def sniff(source: Source) -> float:
    lines = source.text.splitlines()
    if sum(1 for raw in lines if "\t" in raw.strip()) > 2:
        return 0.0
    cells = tokens(source.text)
    kinds = [labels.label_kind(t.text) for t in cells]
    alone = sum(1 for k in kinds if k)
    if alone < 3 or alone < len(cells) * 0.1 or not {"field", "summary-header"} & set(kinds):
        return 0.0
    return 0.6


def read(source: Source) -> Result:
    lines, issues = rebuild(tokens(source.text), source.name)
    return [("", lines)], issues


READER = Reader("webtext", (".txt",), False, sniff, read)
