"""The synthetic documents read back exactly as the generator meant them, with no issues."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.domain.model import Extraction
from kg.pipeline import extract
from kg.synth import Manifest, generate, iter_documents, regions


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _issues(ex: Extraction) -> list[tuple[str, int, str, str]]:
    return [(i.source, i.line, i.code, i.raw) for i in ex.issues]


def _check_projects(ex: Extraction, manifest: Manifest) -> None:
    got = {p.code: p for p in ex.projects}
    want = {p.code: p for p in manifest.projects()}
    assert len(got) == len(ex.projects) == len(want)
    assert set(got) == set(want)
    for code, spec in want.items():
        p = got[code]
        assert (p.name, p.region, p.year, p.total_yuan) == (
            spec.name,
            spec.region,
            spec.year,
            spec.total_yuan,
        )
        assert (p.implementing_unit, p.supervising_code, p.supervising_unit) == (
            spec.implementing_unit,
            spec.supervising_code,
            spec.supervising_name,
        )
        assert (p.attribute, p.attribute_raw, p.goal) == (
            spec.attribute,
            spec.attribute_raw,
            spec.goal,
        )
    funding = defaultdict(list)
    for f in ex.funding:
        if f.owner_kind == "project":
            funding[f.owner_code].append((f.source_kind, f.amount_yuan))
    assert {c: sorted(v) for c, v in funding.items() if v} == {
        p.code: sorted(p.funding) for p in manifest.projects() if p.funding
    }


def _check_departments(ex: Extraction, manifest: Manifest) -> None:
    got = {(d.region, d.code): d for d in ex.departments}
    want = {(d.region, d.code): d for d in manifest.departments()}
    assert set(got) == set(want)
    for k, spec in want.items():
        assert (got[k].name, got[k].total_yuan, got[k].year) == (
            spec.name,
            spec.total_yuan,
            spec.year,
        )
    region = {(d.source, d.code): d.region for d in ex.departments}
    funding = defaultdict(list)
    for f in ex.funding:
        if f.owner_kind == "department":
            funding[region[f.source, f.owner_code], f.owner_code].append(
                (f.source_kind, f.amount_yuan)
            )
    assert dict(funding) == {(d.region, d.code): list(d.funding) for d in manifest.departments()}
    statements = defaultdict(list)
    for s in ex.statements:
        if s.owner_kind == "department":
            statements[region[s.source, s.owner_code], s.owner_code].append((s.kind, s.text))
    assert dict(statements) == {
        (d.region, d.code): [("function", t) for t in d.functions] + [("goal", t) for t in d.goals]
        for d in manifest.departments()
    }


def _owner_key(source: str, kind: str, code: str) -> tuple[str, str, str]:
    return (source, kind, code)


def _check_indicators(ex: Extraction, manifest: Manifest) -> None:
    got: dict[tuple[str, str, str], list[tuple[str, str, str, str]]] = defaultdict(list)
    for i in sorted(ex.indicators, key=lambda i: (i.source, i.line)):
        got[_owner_key(i.source, i.owner_kind, i.owner_code)].append(
            (i.l1, i.l2, i.content, i.value)
        )
    want = {}
    groups_want = {}
    for doc in manifest.documents:
        for owner_kind, owners in (("project", doc.projects), ("department", doc.departments)):
            for o in owners:
                k = _owner_key(doc.name, owner_kind, o.code)
                want[k] = [(r.l1, r.l2, r.content, r.value) for r in o.indicators]
                groups_want[k] = Counter(o.beneficiaries)
    assert dict(got) == want
    groups_got: dict[tuple[str, str, str], Counter[tuple[str, str]]] = defaultdict(Counter)
    for b in ex.beneficiaries:
        groups_got[_owner_key(b.source, b.owner_kind, b.owner_code)][b.group, b.indicator] += 1
    assert {k: v for k, v in groups_got.items() if v} == {k: v for k, v in groups_want.items() if v}


def _check_tables(ex: Extraction, manifest: Manifest) -> None:
    got_summary = [
        (r.source, r.seq, r.department, r.unit, r.project, r.amount_wan, r.is_total)
        for r in ex.summary_rows
    ]
    assert got_summary == [
        (d.name, r.seq, r.department, r.unit, r.project, r.amount_wan, r.is_total)
        for d in manifest.documents
        for r in d.summary
    ]
    fields = ("table", "table_kind", "section", "item", "level", "parent", "year", "measure")
    got_lines = [
        (b.source, *(getattr(b, f) for f in fields), b.amount_wan) for b in ex.budget_lines
    ]
    assert got_lines == [
        (d.name, *(getattr(b, f) for f in fields), b.amount_wan)
        for d in manifest.documents
        for b in d.budget_lines
    ]
    assert [(c.source, c.table, c.item, c.column, c.value) for c in ex.budget_changes] == [
        (d.name, c.table, c.item, c.column, c.value)
        for d in manifest.documents
        for c in d.budget_changes
    ]
    assert Counter(
        (f.source, f.budget, f.year, f.item, f.kind, f.value, f.unit) for f in ex.narrative_figures
    ) == Counter(
        (d.name, f.budget, f.year, f.item, f.kind, f.value, f.unit)
        for d in manifest.documents
        for f in d.narrative
    )


def check(folder: Path, manifest: Manifest) -> None:
    """Extraction of ``folder`` has no issues and matches the manifest record for record."""
    ex = extract([folder])
    assert _issues(ex) == []
    _check_projects(ex, manifest)
    _check_departments(ex, manifest)
    _check_indicators(ex, manifest)
    _check_tables(ex, manifest)


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Manifest]:
    folder = tmp_path_factory.mktemp("synth")
    return folder, generate(folder, projects=60, seed=0)


def test_reads_back_exactly(synth: tuple[Path, Manifest]) -> None:
    check(*synth)


def test_every_layout_and_table(synth: tuple[Path, Manifest]) -> None:
    folder, manifest = synth
    assert [d.layout for d in manifest.documents] == ["district", "summary", "city"]
    assert manifest.counts.projects == 60
    assert manifest.counts.departments == 10
    assert {b.table_kind for d in manifest.documents for b in d.budget_lines} == {
        "general_public",
        "gov_fund",
        "state_capital",
        "social_insurance",
    }
    assert manifest.counts.bytes == sum(p.stat().st_size for p in folder.iterdir())


def test_codes_follow_the_real_structure(synth: tuple[Path, Manifest]) -> None:
    _, manifest = synth
    for doc in manifest.documents:
        for p in doc.projects:
            assert len(p.code) == 21 and p.code.isdigit() and p.code.startswith(doc.region)
            assert int(p.code[6:8]) <= doc.year % 100
            assert len(p.supervising_code) == 3
        assert len({d.code for d in doc.departments}) == len(doc.departments)
    codes = [p.code for p in manifest.projects()]
    assert len(set(codes)) == len(codes)


def test_budget_items_add_up(synth: tuple[Path, Manifest]) -> None:
    _, manifest = synth
    (district,) = [d for d in manifest.documents if d.layout == "district"]
    amounts: dict[tuple[str, str, str], Decimal | None] = {}
    children: dict[tuple[str, str], list[str]] = defaultdict(list)
    for b in district.budget_lines:
        amounts[b.table, b.item, b.measure] = b.amount_wan
        if b.measure == "initial" and b.level == 2:
            children[b.table, b.parent].append(b.item)
    for (table, parent), items in children.items():
        for measure in ("initial", "adjusted", "executed", "proposed"):
            values = [v for i in items if (v := amounts[table, i, measure]) is not None]
            assert amounts[table, parent, measure] == (sum(values) if values else None)
    for table in ("一般公共预算", "政府性基金预算", "国有资本经营预算"):
        for measure in ("initial", "adjusted", "executed", "proposed"):
            assert amounts[table, "收入总计", measure] == amounts[table, "支出总计", measure]


def test_same_seed_same_bytes(tmp_path: Path, synth: tuple[Path, Manifest]) -> None:
    folder, _ = synth
    again = generate(tmp_path / "again", projects=60, seed=0, manifest=False)
    assert _digests(tmp_path / "again") == _digests(folder)
    assert again.documents == [] and again.counts.projects == 60


def test_other_seed_other_documents(tmp_path: Path, synth: tuple[Path, Manifest]) -> None:
    folder, _ = synth
    generate(tmp_path, projects=60, seed=1)
    mine, theirs = _digests(folder), _digests(tmp_path)
    assert mine.keys() == theirs.keys()
    assert all(mine[name] != theirs[name] for name in mine)


def test_streams_one_document_at_a_time() -> None:
    stream = iter_documents(projects=2000, seed=3, regions=40, departments_per_region=5)
    name, text, spec = next(stream)
    assert name == spec.name and text.count("项目名称") == len(spec.projects) == 50
    assert sum(1 for _ in stream) == 39


def test_regions_are_unique() -> None:
    codes = [r.code for r, _ in zip(regions(), range(3000), strict=False)]
    assert len(set(codes)) == len(codes) == 3000
    assert all(len(c) == 6 and c.isdigit() for c in codes)


def test_rejects_impossible_plans(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate(tmp_path, projects=0)
    with pytest.raises(ValueError):
        generate(tmp_path, projects=3, regions=4)


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 10_000),
    projects=st.integers(1, 40),
    regions_=st.integers(1, 4),
    departments=st.integers(1, 45),
)
def test_any_seed_reads_back(
    tmp_path_factory: pytest.TempPathFactory,
    seed: int,
    projects: int,
    regions_: int,
    departments: int,
) -> None:
    folder = tmp_path_factory.mktemp("prop")
    manifest = generate(folder, projects, seed, min(regions_, projects), departments)
    check(folder, manifest)
