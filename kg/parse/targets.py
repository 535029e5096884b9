"""Targets written as sentences, not as table rows.

    设1条数量指标:开通业务月份≥1个月;设1条质量指标:应急运维系统保障率≥80%;…
    数量指标：完成培训≥200人次；质量指标：培训合格率≥95%。

A level label followed by a colon (with the count a text may put before it: 设1条, 2条)
starts that level's targets; they run to the next level label, split at semicolons.
Each target is its content and its value: the value starts at an operator (≥ ≤ = < > ±),
after a 定性/定量 mark, after 为 or 达到, or is the number and unit it ends with. The line a
target cites is the line its first character was printed on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from kg.domain import labels
from kg.domain.model import Beneficiary, Project
from kg.domain.values import looks_like_value, to_yuan
from kg.parse import rowcells
from kg.parse.base import Context, Out, Owner
from kg.parse.records import make_indicator, satisfaction_group
from kg.read import Document, Line


@dataclass(frozen=True, slots=True)
class Target:
    l1: str
    l2: str
    content: str
    value: str
    line: int


def _level_names() -> str:
    names = {*labels.LEVEL1, *labels.LEVEL2}
    names = {n for n in names if n.endswith(("指标", "效益", "满意度", "影响"))}
    return "|".join(sorted((re.escape(n) for n in names), key=lambda s: (-len(s), s)))


_NAMES = _level_names()
#: a level label and its colon (设1条数量指标：), or a level heading after a Chinese ordinal
#: with no colon, before the numbered items of its level (（一）产出指标 1.数量指标：…)
_LEVEL = re.compile(
    rf"(设?\s*\d+\s*[条个项]\s*)?({_NAMES})\s*[:：]"
    rf"|(?:[（(][一二三四五六七八九十]{{1,3}}[)）]|[一二三四五六七八九十]{{1,3}}、)\s*({_NAMES})(?=\s*(?:\d|[（(]|$))"
)
_ITEMS = re.compile(r"[;；。]")
_OPERATOR = re.compile(r"[≥≤=<>±]|大于|小于|不低于|不高于|不少于|不超过")
_MARK = re.compile(r"(定性|定量)")
_TAIL = re.compile(r"(\d+(?:\.\d+)?\s*[%‰]?[\u4e00-\u9fff/]{0,4})$")


def find_targets(text: str, lines: Sequence[int], upto: int | None = None) -> list[Target]:
    """The targets in a paragraph; ``lines[i]`` is the line character ``i`` was printed on
    (those before ``upto`` only: a page cut inside its last target).

    >>> [(t.l2, t.content, t.value) for t in find_targets(
    ...     "设1条数量指标:开通业务月份≥1个月;设1条经济效益指标:维护单位日常运转定性有效。",
    ...     [1] * 60)]
    [('数量指标', '开通业务月份', '≥1个月'), ('经济效益指标', '维护单位日常运转', '有效')]
    """
    found = list(_LEVEL.finditer(text))
    if len(found) < 2:  # one label and a colon is a sentence, not a list of targets
        return []
    out: list[Target] = []
    l1 = l2 = ""
    for n, m in enumerate(found):
        label = m.group(2) or m.group(3)
        end = found[n + 1].start() if n + 1 < len(found) else len(text)
        end = end if upto is None else min(end, upto)
        counted = bool(m.group(1))  # 设1条满意度指标: the category of the targets it counts
        listed = bool(l2) and not l1  # after 数量指标：… 质量指标：…, 满意度指标：… is one of them
        if (
            not (counted or listed)
            and labels.level1(label) is not None
            and not labels.level2(label)
        ):
            l1 = label
            l2 = ""
        else:
            l2 = label
        for start, item in _split(text, m.end(), end):
            content, value = content_value(item)
            if content and value:
                out.append(Target(l1, l2, content, value, lines[min(start, len(lines) - 1)]))
    return out


def _split(text: str, begin: int, end: int) -> Iterator[tuple[int, str]]:
    at = begin
    for piece in _ITEMS.split(text[begin:end]):
        stripped = piece.strip(" ,，、")
        if stripped:
            yield at + piece.index(stripped[0]), stripped
        at += len(piece) + 1


def content_value(item: str) -> tuple[str, str]:
    """A target's content and value.

    >>> content_value("资金支付及时率=100%"), content_value("职工满意度达到90%以上")
    (('资金支付及时率', '=100%'), ('职工满意度', '90%以上'))
    """
    content, value = _content_value(item)
    return content.rstrip(" ,，、:："), value


def _content_value(item: str) -> tuple[str, str]:
    m = _OPERATOR.search(item)
    if m and m.start() > 0:
        return item[: m.start()], item[m.start() :].replace(" ", "")
    m = _MARK.search(item)
    if m and m.start() > 0 and item[m.end() :]:
        return item[: m.start()], item[m.end() :]
    for word in ("达到", "为"):
        cut = item.rfind(word)
        if cut > 0 and looks_like_value(item[cut + len(word) :].strip()):
            return item[:cut], item[cut + len(word) :].strip()
    content, value = rowcells.split_target(item)  # 补偿资金兑付时间2024年12月31日前
    if value:
        return content, value
    m = _TAIL.search(item)
    if m and m.start() > 0:
        return item[: m.start()], m.group(1).replace(" ", "")
    return item, ""


# --- a document whose targets are prose ---------------------------------------------------


def paragraphs(lines: Sequence[Line]) -> Iterator[tuple[str, list[int]]]:
    """Prose lines joined into paragraphs (a line ending in 。 ends one, and a blank line after
    a sentence's end), with the line each character was printed on."""
    text, where = "", []
    for line in lines:
        piece = "" if line.is_row else line.text
        if piece:
            text += piece
            where += [line.number] * len(piece)
        ends = piece.endswith("。") or (not piece and text.endswith(("。", "；", ";", "：", ":")))
        if text and ends:
            yield text, where
            text, where = "", []
    if text:
        yield text, where


#: a numbered paragraph that names the project whose targets follow, and its budget
#: (1.农机购置补贴项目，预算金额260万元。设1条数量指标：…; （一）某项目，预算安排45万元;
#: （三）某项目 on its line, 该项目预算安排45万元 below it)
_NAMED = re.compile(
    r"(?:(?<![\d.．])\d{1,2}\s*[.、．]|[（(][一二三四五六七八九十]{1,3}[)）])\s*"
    r"([^,，。;；:：\d()（）]{2,40}?)\s*(?:[,，]\s*(?:[该本]项目)?|[该本]项目)\s*"
    r"(?:预算金额|预算资金|预算安排|预算数|预算|资金|金额)\s*(?:为|是)?\s*"
    r"(\d+(?:\.\d+)?)\s*(万元|亿元|元)"
)
#: the unit the paragraph names after the budget (…45万元，实施单位为县文化馆。)
_UNIT = re.compile(r"^[,，]\s*实施单位\s*(?:为|是|[:：])\s*([^,，。;；\s]{2,30})")


@dataclass
class _Group:
    """The targets of one project: named where a numbered paragraph names it."""

    name: str = ""
    total: Decimal | None = None
    unit: str = ""  # the implementing unit, where the paragraph names it
    line: int = 0
    found: list[Target] = field(default_factory=list)


def _groups(doc: Document, out: Out) -> list[_Group]:
    groups = [_Group()]
    for text, where, upto in _closed(doc, out):
        m = _NAMED.search(text)
        if m:  # the targets before the name are the previous project's
            groups[-1].found += find_targets(text[: m.start()], where[: m.start()], upto)
            total = to_yuan(Decimal(m.group(2)), m.group(3))
            unit = _UNIT.match(text[m.end() :])
            name = m.group(1).strip()
            groups.append(_Group(name, total, unit.group(1) if unit else "", where[m.start(1)]))
            text, where, upto = text[m.start() :], where[m.start() :], upto - m.start()
        groups[-1].found += find_targets(text, where, upto)
    return [g for g in groups if g.found]


def _closed(doc: Document, out: Out) -> Iterator[tuple[str, list[int], int]]:
    """The paragraphs, each with how much of it is read: where the page was cut inside the
    last one (the text stops inside a line), its last target is left unfinished
    (…；设1条满意度指标：群众满意度≥9) and only what precedes its last ；or 。 is read."""
    last = max((ln.number for ln in doc.lines if ln.text), default=0)
    for text, where in paragraphs(doc.lines):
        end = max(text.rfind(c) for c in ";；。") + 1
        cut = doc.open_end and where[-1] == last and end < len(text)
        if cut and len(find_targets(text, where)) > len(find_targets(text, where, end)):
            out.issue(
                where[end],
                "row-incomplete",
                "the document ends inside this target; it is not read as an indicator",
                text[end:],
            )
            yield text, where, end
        else:
            yield text, where, len(text)


def parse_prose_targets(doc: Document, ctx: Context, out: Out) -> bool:
    """Targets in the prose of a document with no form: a project for each numbered
    paragraph that names one (1.某项目，预算金额…), else one project, named where the text
    names it (the page may begin after its name). Returns whether any were found."""
    groups = _groups(doc, out)
    for group in groups:
        _emit(group, ctx, out)
    return bool(groups)


def _emit(group: _Group, ctx: Context, out: Out) -> None:
    first = group.line or group.found[0].line
    out.add(
        Project(
            ctx.source,
            first,
            "",
            group.name,
            ctx.year,
            ctx.region,
            ctx.region_name,
            group.unit,
            "",
            "",
            "",
            "",
            group.total,
            "",
        )
    )
    owner = Owner("project", "", group.name)
    if not group.name:
        out.issue(
            first,
            "form-field-missing",
            "targets printed as prose with no project name, code or unit before them on the page",
        )
    for t in group.found:
        indicator = make_indicator(out.source, t.line, owner, t.l1, t.l2, t.content, t.value)
        out.add(indicator)
        out.place(t.line, "indicators")
        beneficiary = satisfaction_group(indicator)
        if beneficiary:
            out.add(
                Beneficiary(out.source, t.line, "project", "", group.name, beneficiary, t.content)
            )
