"""Documents that change: a revised copy printed beside the original.

A district republishes a form with a figure corrected, and both files land in the same folder.
The same project (same printed code, budget year and name) in two documents is one project: the
copy that wins is the one whose file name or title says it is a revision (修订, 更正, 调整后,
第二版, v2, …), else the one printed later (a date on a line of its own, such as the 落款 or
``发布日期：2025-01-20``), else the one with the later file name. The other copy's records of that
project are left out of every table and graph, and one ``project-superseded`` issue says which
copy won and why. An exact copy (same bytes) is skipped whole, as a ``duplicate-document``. One
code printed for two differently named projects is not a revision: both stay, and the audit's
``duplicate-project-code`` reports them, as it does for a project printed twice in one file
(two sheets of a workbook are parts of one publication, not editions).

>>> info = edition("001_预算（修订版）.txt", ["柳江区2025年项目支出绩效目标"])
>>> info
(True, '')
>>> edition("a.txt", ["标题", "发布日期：2025-1-20", "2024年12月31日前完成"])
(False, '2025-01-20')
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kg.domain.model import Extraction, Issue
from kg.rdf.ids import normalise

#: words that name a revised edition, in a file name or a document's title
REVISION = re.compile(
    r"修订|修正|更正|勘误|修改稿|修改版|调整后|更新版|最终版|终稿|定稿|第[二三四五六七八九十\d]+版|"
    r"(?<![A-Za-z])(?:v|V|ver|rev)\.?\s*[2-9]\d*(?!\d)|revised|corrected|final",
    re.IGNORECASE,
)
#: a printing date on a line of its own, with at most a label before it
_DATE = re.compile(
    r"^(?:[\u4e00-\u9fff]{0,6}[:：]?\s*)?(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*"
    r"(\d{1,2})\s*日?$"
)
#: lines at the top of a document that make its title
TITLE_LINES = 3


def edition(source: str, lines: Sequence[str]) -> tuple[bool, str]:
    """(is it marked as a revision, the latest printing date as YYYY-MM-DD or '')."""
    title = " ".join(t for t in lines[:TITLE_LINES])
    marked = bool(REVISION.search(source) or REVISION.search(title))
    dates = []
    for text in lines:
        m = _DATE.match(text.strip())
        if m and 1 <= int(m[2]) <= 12 and 1 <= int(m[3]) <= 31:
            dates.append(f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}")
    return marked, max(dates, default="")


@dataclass(frozen=True, slots=True)
class Supersession:
    """One project printed in two documents: the loser's copy is left out."""

    code: str
    year: int
    source: str  # the copy left out
    line: int
    winner: str
    winner_line: int
    reason: str

    def issue(self, name: str = "") -> Issue:
        return Issue(
            self.source,
            self.line,
            "project-superseded",
            f"项目 {self.code}（{self.year}年）也印在 {self.winner} 第 {self.winner_line} 行，"
            f"以该份为准（{self.reason}）；本份的这个项目未计入",
            name,
        )


def duplicate(source: str, first: str) -> Issue:
    """The issue of a file skipped because it has the same bytes as one read before."""
    message = f"{source} has the same content as {first}; skipped"
    return Issue(source, 0, "duplicate-document", message)


#: (code, year, normalised name, source, line) of every project form with a code and a year
Copy = tuple[str, int, str, str, int]


def supersessions(
    copies: Iterable[Copy], editions: dict[str, tuple[bool, str]]
) -> list[Supersession]:
    """Which copies lose, for each (code, year) printed in more than one document.

    >>> eds = {"a.txt": (False, ""), "b.txt": (False, ""), "a（修订）.txt": (True, "")}
    >>> def losers(*sources):
    ...     found = supersessions([("1", 2025, "项目", s, 5) for s in sources], eds)
    ...     return [s.source for s in found]
    >>> losers("a.txt", "b.txt"), losers("a（修订）.txt", "b.txt")
    (['a.txt'], ['b.txt'])
    """
    by_project: dict[tuple[str, int, str], dict[str, int]] = defaultdict(dict)
    for code, year, name, source, line in copies:
        by_project[(code, year, name)].setdefault(source, line)
    out = []
    for (code, year, _), where in sorted(by_project.items()):
        if len({_file(source) for source in where}) < 2:
            continue  # printed twice in one file (sheets of a workbook): the audit reports it

        def rank(source: str) -> tuple[bool, str, str]:
            marked, date = editions.get(source, (False, ""))
            return marked, date, source

        winner = max(where, key=rank)
        for source in sorted(where):
            if source != winner:
                out.append(
                    Supersession(
                        code,
                        year,
                        source,
                        where[source],
                        winner,
                        where[winner],
                        _reason(rank(winner), rank(source)),
                    )
                )
    return out


def _file(source: str) -> str:
    """The file a document is in: ``book.xlsx#Sheet2`` is a sheet of ``book.xlsx``."""
    return source.partition("#")[0]


def _reason(winner: tuple[bool, str, str], loser: tuple[bool, str, str]) -> str:
    if winner[0] and not loser[0]:
        return "文件名或标题标明修订 marked as a revision"
    if winner[1] != loser[1]:
        return f"印发日期较晚 printed later ({winner[1]})"
    return "文件名较后 later file name"


def copies(extraction: Extraction) -> list[Copy]:
    """The projects of an extraction that can be superseded: a printed code and a year."""
    return [
        (p.code, p.year, normalise(p.name), p.source, p.line)
        for p in extraction.projects
        if p.code and p.year
    ]


def leave_out(extraction: Extraction, found: Sequence[Supersession]) -> None:
    """Remove the losing copies' records of their projects and add one issue for each."""
    lost = {(s.source, s.code) for s in found if s.source in extraction.digests}
    if not lost:
        return
    names = {(p.source, p.code): p.name for p in extraction.projects}
    for table, records in extraction.records.items():
        if table == "issues":
            continue
        extraction.records[table] = [r for r in records if (r.source, _project(r)) not in lost]
    for s in found:
        if (s.source, s.code) in lost:
            extraction.add(s.issue(names.get((s.source, s.code), "")))


def _project(record: object) -> str:
    """The project code a record belongs to ('' if it is not a project's)."""
    if getattr(record, "TABLE", "") == "projects":
        return str(getattr(record, "code", ""))
    if getattr(record, "owner_kind", "") == "project":
        return str(getattr(record, "owner_code", ""))
    return ""
