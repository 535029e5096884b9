"""Things printed twice in one document: an indicator in one form, a department function."""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.checks.base import Finding, about_indicator, by_form, finding, printed
from kg.domain.model import Extraction, Indicator, Statement

CODES = ("duplicate-indicator", "duplicate-function")


def check_duplicates(ex: Extraction) -> Iterable[Finding]:
    for key, items in by_form(ex).items():
        seen: dict[str, Indicator] = {}
        for i in items:
            if i.content and i.content in seen:
                first = seen[i.content]
                before, here = printed(ex, i.source, first.line), printed(ex, i.source, i.line)
                yield finding(
                    "duplicate-indicator",
                    i.source,
                    i.line,
                    f"{key[2]}|{i.content}",
                    f"{i.owner_name}: 指标「{i.content}」印了两次（{before} "
                    f"{first.value}，{here} {i.value}）",
                    f"{first.value} / {i.value}",
                    [about_indicator(first), about_indicator(i)],
                )
            seen.setdefault(i.content, i)
    functions: dict[tuple[str, str, str], Statement] = {}
    for s in ex.statements:
        if s.kind != "function":
            continue
        text = re.sub(r"\s", "", s.text)
        k = (s.source, s.owner_code, text)
        if k in functions:
            yield finding(
                "duplicate-function",
                s.source,
                s.line,
                f"{s.owner_code}|{s.ordinal}",
                f"{s.owner_name}: 职能{s.ordinal} 与职能{functions[k].ordinal} 相同",
                text[:40],
            )
        functions.setdefault(k, s)
