"""Across documents, on the few facts each contributes: one department code printed under
several names, one project code on two forms."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from kg.checks.base import Facts, Finding, about_department, about_project, finding

CODES = ("name-drift", "duplicate-project-code")


def check_names(facts: Facts) -> Iterable[Finding]:
    """One department code, several names: the name on the department's own form (else the
    first printed) against every other name printed for the code."""
    seen: dict[tuple[str, str], list[tuple[str, str, int]]] = defaultdict(list)
    for _, region, code, name, source, line in sorted(facts.names):
        seen[(region, code)].append((name, source, line))
    for (region, code), names in sorted(seen.items()):
        first = names[0][0]
        reported: set[str] = set()
        for name, source, line in names[1:]:
            if name != first and name not in reported:
                reported.add(name)
                yield finding(
                    "name-drift",
                    source,
                    line,
                    f"{region}-{code}",
                    f"部门 {region}-{code}：「{name}」，别处为「{first}」（{names[0][1]} 第 "
                    f"{names[0][2]} 行）",
                    f"{first} / {name}",
                    [about_department(region, code)],
                )


def check_project_codes(facts: Facts) -> Iterable[Finding]:
    seen: dict[str, tuple[str, str, str]] = {}
    for code, source, line, name, _where in sorted(facts.projects):
        if code in seen:
            other_source, other_where, other_name = seen[code]
            yield finding(
                "duplicate-project-code",
                source,
                line,
                code,
                f"项目编码 {code} 已用于 {other_name}（{other_source} {other_where}）",
                f"{other_name} / {name}",
                [about_project(code)],
            )
        seen.setdefault(code, (source, _where, name))
