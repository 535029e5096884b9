"""Key figures of a budget report's narrative (000: 预算执行情况和预算草案的报告).

The report states, sentence by sentence, figures its own budget tables print: "区本级一般公共
预算支出16.30亿元，增长13.47%，完成调整预算的104.79%". Each figure becomes a
:class:`~kg.domain.model.NarrativeFigure` with the budget (from the heading or the sentence), the
year (2024 → 执行数, 2025 → 建议数), the table line it names (``item``: a canonical name such as
``支出合计`` or ``卫生健康支出``; empty when no table line corresponds, e.g. 税收收入) and the
sentence, so the audit can compare the two.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from kg.domain import labels
from kg.domain.model import NarrativeFigure
from kg.parse.base import Context, Out
from kg.read import Line

_NUMBERED = re.compile(r"^[（(]?[一二三四五六七八九十\d]+[)）、.]")
_SENTENCE = re.compile(r"[^。；;！]+[。；;！]?")
_AMOUNT = re.compile(
    r"(?P<label>[\u4e00-\u9fff“”]{0,24}?)\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>亿元|万元)"
)
_CHANGE = re.compile(r"(?P<verb>增长|下降|减少|增加)\s*(?P<num>-?\d+(?:\.\d+)?)\s*%")
_COMPLETION = re.compile(r"完成调整预算的?\s*(?P<num>\d+(?:\.\d+)?)\s*%")
#: label ending → canonical item, first match wins (longest, most specific first)
_ITEMS: tuple[tuple[str, str], ...] = (
    ("收入总计", "收入总计"),
    ("支出总计", "支出总计"),
    ("上级补助收入", "上级补助收入"),
    ("上年结余收入", "上年结余收入"),
    ("上年收支结余", "上年结余合计"),
    ("上年结余", "上年结余合计"),
    ("年末滚存结余", "年末滚存结余合计"),
    ("年终结余", "年终结余"),
    ("上解上级支出", "上解上级支出"),
    ("预备费", "预备费"),
    ("专项债务转贷收入", "地方政府专项债务转贷收入"),
    ("预算收入", "收入合计"),
    ("预算支出", "支出合计"),
    ("基金收入", "收入合计"),
    ("基金支出", "支出合计"),
)
_ITEM_NAMES = {item for _, item in _ITEMS}
#: a functional class named in the narrative: "卫生健康支出1.01亿元"
_CLASS = re.compile(r"([\u4e00-\u9fff]{2,10}支出)$")
_DEBT = {"一般债务": "general_public", "一般债券": "general_public"}
_DEBT_SPECIAL = {"专项债务": "gov_fund", "专项债券": "gov_fund"}


def parse_narrative(lines: list[Line], ctx: Context, out: Out) -> int:
    """Figures of the prose lines before a document's first table; returns how many.
    Lines the converter broke inside a sentence are joined again (the figure cites the line
    it starts on)."""
    budget = ""
    year = ctx.year
    found = 0
    for para, starts in _paragraphs(lines):
        heading = len(para) < 40 and not re.search(r"\d+(?:\.\d+)?\s*(?:亿元|万元|%)", para)
        if heading:  # a numbered heading starts a new subject; others (其他需要报告的事项) do not
            budget = _budget(para) or ("" if _NUMBERED.match(para) else budget)
            if m := labels.YEAR.search(para):
                year = int(m.group(1))
            elif "草案" in para:
                year = ctx.year
            continue
        for m in _SENTENCE.finditer(para):
            sentence = m.group(0).strip()
            if y := labels.YEAR.match(sentence):
                year = int(y.group(1))
            begin = m.start() + len(m.group(0)) - len(m.group(0).lstrip())

            def line_at(
                offset: int, begin: int = begin, starts: list[tuple[int, int]] = starts
            ) -> int:
                return max(n for at, n in starts if at <= begin + offset)

            found += _sentence(sentence, line_at, _budget(sentence) or budget, year, ctx, out)
    return found


def _paragraphs(lines: list[Line]) -> list[tuple[str, list[tuple[int, int]]]]:
    """Prose paragraphs with (offset, line number) of each joined line."""
    paras: list[tuple[str, list[tuple[int, int]]]] = []
    text, starts = "", []
    for line in lines:
        piece = re.sub(r"[*#]+", "", line.text).strip()
        if line.is_row or not piece:
            continue
        starts.append((len(text), line.number))
        text += piece
        ends = re.search(r"[。；;！：:]$", piece) or line.text.lstrip().startswith("#")
        if ends or (len(piece) < 40 and not re.search(r"\d", piece)):
            paras.append((text, starts))
            text, starts = "", []
    if text:
        paras.append((text, starts))
    return paras


def _budget(text: str) -> str:
    """The budget a heading or sentence speaks of, as a table kind
    (:data:`kg.domain.labels.BUDGET_TABLES`)."""
    return next((kind for name, kind in labels.BUDGET_TABLES.items() if name in text), "")


def _sentence(
    sentence: str,
    line_at: Callable[[int], int],
    budget: str,
    year: int | None,
    ctx: Context,
    out: Out,
) -> int:
    figures: list[tuple[int, str, str, str, str, Decimal, str, str]] = []
    last, last_kind = "", budget  # the line a following 增长/完成 figure speaks of
    debt = "付息" in sentence
    for part in re.finditer(r"[^，,、:：]+", sentence):
        clause, at = part.group(0), part.start()
        for m in _AMOUNT.finditer(clause):
            label = m.group("label").removeprefix("其中").removeprefix("加上")
            item, kind = _item(label), budget
            if item.endswith("支出") and not kind and item not in _ITEM_NAMES:
                kind = "general_public"  # a functional class named alone: 一般公共预算's
            if "转贷" in sentence and label in _DEBT_SPECIAL:
                item, kind = "地方政府专项债务转贷收入", "gov_fund"
            elif debt and label in _DEBT | _DEBT_SPECIAL:
                item, kind = "债务付息支出", (_DEBT | _DEBT_SPECIAL)[label]
            elif debt and label.endswith("付息"):
                item = ""  # the total of two budgets: no single table line
            number = Decimal(m.group("num"))
            figures.append(
                (
                    at + m.start("num"),
                    kind,
                    item,
                    label,
                    "amount",
                    number,
                    m.group("unit"),
                    m.group(0).strip(),
                )
            )
            last, last_kind = item, kind
        for m in _CHANGE.finditer(clause):
            number = Decimal(m.group("num"))
            if m.group("verb") in ("下降", "减少"):
                number = -number
            figures.append(
                (at + m.start("num"), last_kind, last, "", "change_pct", number, "%", m.group(0))
            )
        for m in _COMPLETION.finditer(clause):
            figures.append(
                (
                    at + m.start("num"),
                    last_kind,
                    last,
                    "",
                    "completion_pct",
                    Decimal(m.group("num")),
                    "%",
                    m.group(0),
                )
            )
    for offset, kind, item, label, what, number, unit, printed in figures:
        out.add(
            NarrativeFigure(
                ctx.source,
                line_at(offset),
                kind,
                year,
                item,
                label,
                what,
                number,
                unit,
                printed,
                sentence,
            )
        )
    return len(figures)


def _item(label: str) -> str:
    """The table line a narrative label names, or '' (税收收入, 三保支出, ...)."""
    label = re.sub(r"^(区本级|本级|全区|我区)", "", label).removeprefix("安排")
    for ending, item in _ITEMS:
        if label.endswith(ending):
            return item
    if label in ("支出", "收入"):
        return label + "合计"
    if label.endswith("资金") and label not in ("资金",):  # (安排)教育资金 8.08亿元 → 教育支出
        label = label.removesuffix("资金") + "支出"
    if (m := _CLASS.search(label)) and not label.startswith(("基本", "项目", "三保")):
        return m.group(1)
    return ""
