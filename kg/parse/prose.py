"""Department goals written as prose, with indicators inside sentences (seed 004).

    绩效指标：产出指标中数量指标的人员经费覆盖率≥98%，质量指标的人员经费发放准确率≥98%，……；
    效益指标中社会效益指标的……为良好，……；满意度指标中……满意度≥90%。

A goal section is ``一、总体绩效目标`` (ordinal 0) then ``二、分项绩效目标`` with numbered
goals; each goal's ``绩效指标：`` sentence is split into level-1 groups (``产出指标中``), level-2
clauses (``数量指标的``) and content/value pairs (``…≥98%``, ``…为良好``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.domain import labels
from kg.domain.model import Beneficiary, Department, Statement
from kg.parse.base import Context, Out, Owner
from kg.parse.records import make_indicator, satisfaction_group
from kg.read import Document

_L1 = re.compile(r"(产出指标|效益指标|满意度指标)中")
_L2 = re.compile(
    r"(数量指标|质量指标|时效指标|成本指标|经济效益指标|社会效益指标|生态效益指标|"
    r"可持续影响(?:指标)?|服务对象满意度指标)(?:的指标|的|为)"
)
_GOAL_START = re.compile(r"^(\d+)\s*(\S.*)$")


@dataclass
class _Para:
    """A paragraph joined from wrapped lines, with the line each character came from."""

    text: str
    lines: list[int]

    def line_at(self, pos: int) -> int:
        return self.lines[min(pos, len(self.lines) - 1)]


def parse_prose_goals(doc: Document, ctx: Context, out: Out) -> bool:
    """Read the goal section, if the document has one; returns whether it did."""
    paras = _section(doc, "总体绩效目标", "工作保障措施")
    if not any("绩效指标" in p.text for p in paras):
        return False
    name = next((ln.text for ln in doc.lines[:10] if ln.text), "")
    title_line = next((ln.number for ln in doc.lines[:10] if ln.text), 1)
    out.add(
        Department(ctx.source, title_line, "", name, ctx.region, ctx.region_name, ctx.year, None)
    )
    owner = Owner("department", "", name)
    for ordinal, para in _goals(paras):
        goal, _, measures = para.text.partition("绩效指标")
        out.add(
            Statement(
                ctx.source,
                para.lines[0],
                "department",
                "",
                name,
                "goal",
                ordinal,
                goal.rstrip("：:。 "),
            )
        )
        if measures:
            start = len(goal) + len("绩效指标")
            _indicators(para, start, owner, out)
    return True


def _section(doc: Document, start: str, stop: str) -> list[_Para]:
    """Paragraphs between the first heading line equal to ``start`` and one containing ``stop``."""
    paras: list[_Para] = []
    inside = False
    current: _Para | None = None
    for line in doc.lines:
        text = line.text
        if not inside:
            inside = text == start
            continue
        if stop in text:
            break
        if not text or text == start or labels.ORDINAL_PREFIX.match(text) or text == "分项绩效目标":
            continue
        if current and not current.text.endswith(("。", "；")) and not _GOAL_START.match(text):
            current.text += text
            current.lines += [line.number] * len(text)
        else:
            current = _Para(text, [line.number] * len(text))
            paras.append(current)
    return paras


def _goals(paras: list[_Para]) -> list[tuple[int, _Para]]:
    """The overall goal (ordinal 0) and the numbered goals, each with its own paragraphs."""
    goals: list[tuple[int, _Para]] = []
    for para in paras:
        m = _GOAL_START.match(para.text)
        if m and not para.text.startswith(("绩效", "20")):
            cut = para.text.index(m.group(2))
            goals.append((int(m.group(1)), _Para(para.text[cut:], para.lines[cut:])))
        elif goals:
            last = goals[-1][1]
            goals[-1] = (
                goals[-1][0],
                _Para(last.text + "：" + para.text, [*last.lines, para.lines[0], *para.lines]),
            )
        else:
            goals.append((0, para))
    return goals


def _indicators(para: _Para, start: int, owner: Owner, out: Out) -> None:
    text = para.text
    groups = list(_L1.finditer(text, start))
    for gi, group in enumerate(groups):
        end = groups[gi + 1].start() if gi + 1 < len(groups) else len(text)
        clauses = list(_L2.finditer(text, group.end(), end))
        if not clauses:
            _clause(para, owner, out, group.group(1), "", group.end(), end)
        for ci, clause in enumerate(clauses):
            stop = clauses[ci + 1].start() if ci + 1 < len(clauses) else end
            _clause(para, owner, out, group.group(1), clause.group(1), clause.end(), stop)


def _clause(para: _Para, owner: Owner, out: Out, l1: str, l2: str, begin: int, end: int) -> None:
    body = para.text[begin:end].strip("，,；;。 ")
    content, value = _content_value(body)
    if not content and not value:
        return
    line = para.line_at(begin)
    indicator = make_indicator(out.source, line, owner, l1, l2, content, value)
    out.add(indicator)
    out.place(line, "indicators")
    group = satisfaction_group(indicator)
    if group:
        out.add(Beneficiary(out.source, line, owner.kind, owner.code, owner.name, group, content))


def _content_value(body: str) -> tuple[str, str]:
    """'人员经费覆盖率≥98%' → ('人员经费覆盖率', '≥98%'); '…稳定为可持续' → ('…稳定', '可持续')."""
    m = re.search(r"[≥≤=<>]", body)
    if m:
        return body[: m.start()].strip(), body[m.start() :].strip()
    if "为" in body[1:]:
        cut = body.rindex("为")
        return body[:cut], body[cut + 1 :]
    if "，" in body:
        content, _, value = body.partition("，")
        return content, value
    return body, ""
