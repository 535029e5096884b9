"""Documents that change: a revised copy beside the original counts once, and `kg build`,
`kg extract` and `kg audit` read the same copies.

Figures read from data/samples/001_ca9d259f3fbd1813.txt: 13 project forms of 柳江区 (450206)
whose 资金总额 add up to 74,834,790 元 (the summary table's 合计 7,483.48万元, line 20); the
first form (line 24, 项目编码 450206220411800006425) prints 合计 5410000 and 本级 5410000.
The revised copy made here prints 5500000 in both cells.
"""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

import kg
from kg import pipeline
from kg.resources import SAMPLES

ORIGINAL = "001_ca9d259f3fbd1813.txt"
REVISED = "001_ca9d259f3fbd1813（修订）.txt"
FIRST = "450206220411800006425"


def _revised(text: str) -> str:
    lines = text.split("\n")
    changed = 0
    for i in range(24, 34):  # the first form's 资金总额 block
        if "5410000" in lines[i]:
            lines[i] = lines[i].replace("5410000", "5500000")
            changed += 1
    assert changed == 2
    return "\n".join(lines)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    text = (SAMPLES / ORIGINAL).read_text(encoding="utf-8")
    (docs / ORIGINAL).write_text(text, encoding="utf-8")
    (docs / REVISED).write_text(_revised(text), encoding="utf-8")
    return docs


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_a_revised_copy_counts_once_and_wins(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    pipeline.build([folder], out, jobs=1)
    projects = [p for p in _rows(out / "projects.csv") if p["region"] == "450206"]
    assert len(projects) == 13
    assert {p["source"] for p in projects} == {REVISED}
    assert sum(Decimal(p["total_yuan"]) for p in projects) == 74_834_790 - 5_410_000 + 5_500_000
    funding = [r for r in _rows(out / "funding.csv") if r["owner_code"] == FIRST]
    assert funding and {r["source"] for r in funding} == {REVISED}
    issues = [i for i in _rows(out / "issues.csv") if i["code"] == "project-superseded"]
    assert len(issues) == 13 and {i["source"] for i in issues} == {ORIGINAL}
    assert all(REVISED in i["message"] and "修订" in i["message"] for i in issues)

    graph = kg.load(out / "kg.ttl")
    totals = kg.sparql(
        graph,
        "PREFIX dct: <http://purl.org/dc/terms/>\n"
        f"""SELECT ?p ?total WHERE {{ ?p a kg:Project ; kg:totalAmount ?total ;
                dct:identifier "{FIRST}" }}""",
        exact=True,
    )
    assert totals["total"].tolist() == [Decimal("5500000")]  # one value, the revised one
    for loaded in (graph, kg.load(out / "kg.trig")):  # a named graph per document, too
        funded = kg.query(loaded, "project-funding", project=FIRST, exact=True)
        assert sum(funded["amount"]) == 5_500_000  # the revised lines only, not both copies'
        assert set(funded["total"]) == {Decimal("5500000")}


def test_the_api_and_the_build_leave_out_the_same_copy(folder: Path, tmp_path: Path) -> None:
    ex = kg.extract(folder)
    assert {p.source for p in ex.projects} == {REVISED}
    kg.write_csv(ex, tmp_path / "api")
    pipeline.build([folder], tmp_path / "build", jobs=2)
    for table in ("projects", "funding", "indicators", "issues"):
        api = (tmp_path / "api" / f"{table}.csv").read_text(encoding="utf-8")
        assert api == (tmp_path / "build" / f"{table}.csv").read_text(encoding="utf-8"), table


def test_without_a_marker_the_later_printed_date_wins(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    text = (SAMPLES / ORIGINAL).read_text(encoding="utf-8")
    # b.txt sorts later but was printed earlier than a.txt
    (docs / "a.txt").write_text(_revised(text) + "\n\n2025年3月2日\n", encoding="utf-8")
    (docs / "b.txt").write_text(text + "\n\n2025年1月15日\n", encoding="utf-8")
    ex = kg.extract(docs)
    assert {p.source for p in ex.projects} == {"a.txt"}
    (first,) = [p for p in ex.projects if p.code == FIRST]
    assert first.total_yuan == 5_500_000
    superseded = [i for i in ex.issues if i.code == "project-superseded"]
    assert {i.source for i in superseded} == {"b.txt"}
    assert "2025-03-02" in superseded[0].message


def test_build_and_audit_read_the_same_copies(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(SAMPLES, docs)
    shutil.copy(SAMPLES / ORIGINAL, docs / "zz-copy-of-001.txt")  # the same bytes
    summary = pipeline.build([docs], tmp_path / "out", jobs=1)
    ex = kg.extract(docs)
    findings = kg.audit(ex)
    assert summary.findings == len(findings) == len(kg.audit(kg.extract(SAMPLES)))
    skipped = [i for i in ex.issues if i.code == "duplicate-document"]
    assert [(i.source, i.message) for i in skipped] == [
        ("zz-copy-of-001.txt", f"zz-copy-of-001.txt has the same content as {ORIGINAL}; skipped")
    ]
