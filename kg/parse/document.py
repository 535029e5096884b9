"""Split a document into its tables and forms and hand each to its parser.

A block starts at the row that defines its kind (项目名称/项目编码 → project form,
部门名称 → department form, 项目序号 → summary table, 项目 | 2024年 → budget table) and ends
at the next block or title. Titles (…申报表, …情况表, …预算) give the year and table name;
a ``单位：万元`` note (a line of prose, or a row that says nothing else, as HTML pages and
spreadsheets print it) gives the unit of the amounts below it. A label printed over two
lines (项目实施 / 单位 in one column) is joined first (:func:`join_labels_over_rows`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal

from kg.domain import labels
from kg.domain.labels import key
from kg.parse import listing, narrative, prose, targets
from kg.parse.base import Context, Out
from kg.parse.blocks import PARSERS, start_kind
from kg.parse.indicators import is_section_start
from kg.parse.inline import split_inline_labels
from kg.read import Document, Line

_CODE = re.compile(r"\b(\d{6})[0-9A-Z]{15}\b")
_UNIT_LINE = re.compile(r"^(\d{6})\s*(\S+)$")
_YEAR_LINE = re.compile(r"^[(（]?(20\d{2})年度?[)）]?$")
_STATED = re.compile(r"(\d+(?:\.\d+)?)(万元|亿元)")
_TOC = re.compile(r"\.{3,}\s*\d*$|^\d+$")


def _last_text_line(doc: Document) -> int:
    """The number of the document's last line with text (where a cut page stops)."""
    return max((ln.number for ln in doc.lines if ln.text), default=0)


@dataclass
class Block:
    kind: str
    context: Context
    lines: list[Line] = field(default_factory=list)


def parse_document(doc: Document, out: Out) -> None:
    ctx = document_context(doc)
    lines = join_labels_over_rows(split_inline_labels(doc.lines))
    lines = listing.split_project_rows(listing.split_pairs(lines))
    doc = replace(doc, lines=listing.split_listings(lines))
    out.last_row = max((ln.number for ln in doc.lines if ln.is_row), default=0)
    out.open_end = doc.open_end and out.last_row == _last_text_line(doc)
    blocks, loose = segment(doc, ctx, out)
    state: dict[object, object] = {}  # shared by the blocks of this document
    for block in blocks:
        PARSERS[block.kind].parse(block.lines, block.context, out, state)
    first_budget = next((b for b in blocks if b.kind == "budget"), None)
    if first_budget is not None:  # a budget report: its narrative states the tables' figures
        before = [ln for ln in doc.lines if ln.number < first_budget.lines[0].number]
        narrative.parse_narrative(before, ctx, out)
    found = prose.parse_prose_goals(doc, ctx, out) or bool(blocks)
    found = found or targets.parse_prose_targets(doc, ctx, out)
    if not found:
        out.issue(
            0,
            "document-no-tables",
            f"{doc.source}: no form or budget table recognised "
            "(is it a budget performance-target document?)",
        )
    for line in loose:
        if not _speaks_form(line):  # navigation, a publication block, a list of links
            out.place(line.number, "page-text")
            continue
        out.issue(
            line.number, "row-outside-form", "a table row outside any form or table", line.raw
        )
    for block in blocks:
        for line in block.lines:
            if line.is_row and not out.is_placed(line.number):
                out.issue(
                    line.number,
                    "row-unplaced",
                    f"a row of a {block.kind} table that could not be read",
                    line.raw,
                )


def document_context(doc: Document) -> Context:
    """Region (from the project codes, else the title) and year of a document."""
    codes = Counter(m.group(1) for line in doc.lines for m in _CODE.finditer(line.text))
    region = codes.most_common(1)[0][0] if codes else ""
    if not region:
        head = " ".join(line.text for line in doc.lines[:20])
        region = next(
            (
                c
                for c, n in sorted(labels.REGIONS.items(), key=lambda kv: -len(kv[1]))
                if n in head or (n.removeprefix("柳州市") or n) in head
            ),
            "",
        )
    year = next(
        (
            int(m.group(1))
            for line in doc.lines
            if (m := labels.YEAR.search(line.text)) and _is_title(line)
        ),
        None,
    )
    return Context(
        doc.source, region, labels.REGIONS.get(region, ""), year, stated_units=_stated(doc)
    )


def _stated(doc: Document) -> tuple[tuple[Decimal, str], ...]:
    """Figures the text states with a unit (500万元), where each figure has one unit."""
    seen: dict[Decimal, set[str]] = {}
    for line in doc.lines:
        for m in _STATED.finditer(line.text.replace(",", "")):
            seen.setdefault(Decimal(m.group(1)), set()).add(m.group(2))
    return tuple(sorted((n, next(iter(u))) for n, u in seen.items() if len(u) == 1))


def segment(doc: Document, ctx: Context, out: Out) -> tuple[list[Block], list[Line]]:
    blocks: list[Block] = []
    loose: list[Line] = []
    current: Block | None = None
    footer = False  # below a form's footer (附件:, 文件下载): page text until the next form
    block_ctx = ctx
    for line in doc.lines:
        if _is_title(line):
            current = None
            block_ctx = _titled(ctx, line.text)
            if line.is_row:
                out.place(line.number, "title")
            continue
        if not line.is_row:
            unit = "万元" if "单位" in line.text and "万元" in line.text else None
            if unit := unit or labels.unit_note(line.text):
                block_ctx = replace(block_ctx, unit=unit, unit_stated=True)
                if not blocks:  # above the page's first form: the page's unit, past titles
                    ctx = replace(ctx, unit=unit, unit_stated=True)
                if current is not None and labels.unit_note(line.text):  # 部门名称 / 金额单位
                    current.context = replace(current.context, unit=unit, unit_stated=True)
            elif m := _UNIT_LINE.match(line.text):
                block_ctx = replace(block_ctx, unit_code=m.group(1), unit_name=m.group(2))
            continue
        if current is None and len(line.filled) == 1 and (m := _UNIT_LINE.match(line.text)):
            out.place(line.number, "budget-unit")  # a spreadsheet's row above the table
            block_ctx = replace(block_ctx, unit_code=m.group(1), unit_name=m.group(2))
            continue
        if unit := _unit_row(line):
            out.place(line.number, "unit-note")
            block_ctx = replace(block_ctx, unit=unit, unit_stated=True)
            if not blocks:
                ctx = replace(ctx, unit=unit, unit_stated=True)
            if current is not None:
                current.context = replace(current.context, unit=unit, unit_stated=True)
            continue
        if "年" in line.text and _YEAR_LINE.match(key(line.text)):  # (2022年度) below a title
            out.place(line.number, "title")
            block_ctx = replace(block_ctx, year=int(labels.YEAR.search(line.text).group(1)))  # type: ignore[union-attr]
            continue
        if current is None and (unit := _unit_at_end(line)):
            block_ctx = replace(block_ctx, unit=unit, unit_stated=True)  # 填报单位：… 单位：万元
            if not blocks:
                ctx = replace(ctx, unit=unit, unit_stated=True)
        if any(labels.SIGNATURE.search(key(c)) for c in line.filled):
            out.place(line.number, "signature")  # 财政资金管理科室(盖章) 年 月 日: the form ends
            current = None
            continue
        at_footer = _footer(line)
        if current is not None and at_footer:
            current = None  # 附件: / 文件下载 below a form: the page's footer begins
        if current is None and at_footer and blocks:
            footer = True
        kind = start_kind(line)
        if current is None and footer and not kind:
            out.place(line.number, "page-text")
            continue
        if current is None and _is_contents(line):
            out.place(line.number, "table-of-contents")
            continue
        footer = footer and not kind
        if kind and not (current is not None and _continues(current, line, kind)):
            lead = _leading_rows(loose, blocks)
            current = Block(kind, block_ctx, [*lead, line])
            blocks.append(current)
        elif current is not None:
            current.lines.append(line)
        else:
            loose.append(line)
    return blocks, loose


def _footer(line: Line) -> bool:
    """A row of the page's footer: 附件:, 文件下载, 扫一扫在手机打开当前页."""
    filled = line.filled
    first = key(filled[0]) if filled else ""
    furniture = bool(filled) and labels.is_furniture(filled[0])  # 上一篇：…
    return first in labels.FURNITURE or first == "附件" or furniture


def _continues(block: Block, line: Line, kind: str) -> bool:
    """A name or code row that is still the current form's header (项目名称 printed after
    申报单位, 项目编码 on the row below 项目名称, 部门名称 after 部门编码): the form has no
    indicators yet and has not printed this field."""
    if block.kind != kind:
        return False
    names = labels.PROJECT_FIELDS if kind == "project" else labels.DEPARTMENT_FIELDS
    seen = {labels.lookup(names, c) for ln in block.lines for c in ln.filled}
    new = {labels.lookup(names, c) for c in line.filled} & {"name", "code"}
    started = any(indicators_started(ln) for ln in block.lines)
    return not started and (not (new & seen) or _same_name(block, line, names))


def _same_name(block: Block, line: Line, names: dict[str, str]) -> bool:
    """A name row printing again the name the form's header printed (单位名称：某小学 above the
    table, 部门（单位）名称 | 某小学 in it): the same form."""
    filled = line.filled
    values = {key(c) for ln in block.lines for c in ln.filled}
    return any(
        labels.lookup(names, c) == "name" and key(filled[n + 1]) in values
        for n, c in enumerate(filled[:-1])
    )


def indicators_started(line: Line) -> bool:
    return is_section_start(line)


def _leading_rows(loose: list[Line], blocks: list[Block]) -> list[Line]:
    """Rows of a form printed above its name (预算单位：…, 申报单位 | …): the loose rows just
    before it that speak the form's vocabulary."""
    after = blocks[-1].lines[-1].number if blocks else 0
    lead: list[Line] = []
    while loose and loose[-1].number > after and _header_label_row(loose[-1]):
        lead.insert(0, loose.pop())
    return lead


def _header_label_row(line: Line) -> bool:
    return any(labels.label_kind(c) in ("field", "funding", "funding-header") for c in line.filled)


def _speaks_form(line: Line) -> bool:
    """Not a web page's furniture: its publication block (索引号 | … | 发布机构 | …) or
    navigation (当前位置 > 通知公告)."""
    kinds = {labels.label_kind(c) for c in line.filled}
    return "furniture" not in kinds and ">" not in line.filled


def _is_title(line: Line) -> bool:
    """A lone title, or a title a converter copied into every column it spans."""
    filled = line.filled
    return len(set(filled)) == 1 and labels.is_title(filled[0])


_UNIT_AT_END = re.compile(r"(?:金额)?单位[:：](万元|亿元|元)[)）]?$")


def _unit_at_end(line: Line) -> str | None:
    """The unit a row above a form notes after its other text, in its last cell
    (填报单位：某局（盖章） | 单位：万元, or the two run together on one line).

    >>> _unit_at_end(Line(1, "", ("填报单位：某县统计局（盖章）", "", "单位：万元"), True))
    '万元'
    """
    filled = [_SPACES.sub("", c) for c in line.filled]
    if len(filled) > 1 and filled[-2].endswith("单位") and filled[-1] in ("万元", "亿元", "元"):
        return filled[-1]  # 金额单位 | 万元, split as a label and its value
    m = _UNIT_AT_END.search(filled[-1]) if filled else None
    return m.group(1) if m else None


_SPACES = re.compile(r"\s+")


def _unit_row(line: Line) -> str | None:
    """The unit of a row that only notes it (单位：万元 in a spreadsheet's corner cell)."""
    filled = line.filled
    units = {labels.unit_note(c) for c in filled}
    if len(units) == 1 and None not in units:
        return units.pop()
    return labels.unit_note("".join(filled)) if 1 < len(filled) <= 2 else None  # 金额单位 | 万元


def join_labels_over_rows(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """Join labels printed over two rows in one column (项目实施 / 单位 → 项目实施单位).

    The lower row keeps its other cells; a lower row left empty is dropped, its raw text
    kept in the upper row's.
    """
    out = list(lines)
    i = 0
    while i + 1 < len(out):
        j = i + 1
        while j < len(out) - 1 and not out[j].is_row and not out[j].text:
            j += 1  # a blank line between the rows of a table (a ``|`` line between them)
        upper, lower = out[i], out[j]
        joined = _joined(upper, lower) if upper.is_row and lower.is_row else {}
        if not joined:
            i += 1
            continue
        cells = tuple(joined.get(n, c) for n, c in enumerate(upper.cells))
        rest = tuple("" if n in joined else c for n, c in enumerate(lower.cells))
        if any(rest):
            out[i] = Line(upper.number, upper.raw, cells, True)
            out[j] = Line(lower.number, lower.raw, rest, True)
        else:
            out[i] = Line(upper.number, f"{upper.raw}\n{lower.raw}", cells, True)
            del out[j]
        i += 1
    return tuple(out)


def _joined(upper: Line, lower: Line) -> dict[int, str]:
    found = {}
    for n, (a, b) in enumerate(zip(upper.cells, lower.cells, strict=False)):
        label = labels.joined_label(a, b)
        if label is not None:
            found[n] = label
    return found


def _is_contents(line: Line) -> bool:
    """An entry of a table of contents (一、总体绩效目标.....<TAB>1) or a lone part heading."""
    filled = line.filled
    return len(filled) == 1 or all(_TOC.search(c) for c in filled)


def _titled(ctx: Context, title: str) -> Context:
    m = labels.YEAR.search(title)
    unit = labels.unit_heading(title)  # 项目支出绩效目标表（单位：万元）
    year = int(m.group(1)) if m else ctx.year
    if not unit and ctx.unit_stated:  # the unit the page states above its first form
        return replace(ctx, title=title, year=year)
    return replace(ctx, title=title, year=year, unit=unit or "元", unit_stated=bool(unit))
