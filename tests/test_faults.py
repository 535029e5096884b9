"""Faults: a build killed at any moment, two builds racing, an output directory that cannot be
written. The previous exports stay whole and valid; errors are one clear line, exit 2."""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg import synth
from kg.cli import main
from kg.rdf import write
from kg.resources import SAMPLES

GRAPH_FILES = ("kg.ttl", "kg.trig", "catalog.ttl")
KG = [sys.executable, "-m", "kg.cli"]


def valid(out: Path) -> dict[str, int]:
    """Every export parses; returns triples (quads) per graph file."""
    counts = {}
    for name in GRAPH_FILES:
        fmt = ox.RdfFormat.TRIG if name.endswith(".trig") else ox.RdfFormat.TURTLE
        counts[name] = sum(1 for _ in ox.parse(path=str(out / name), format=fmt))
    for csv in out.glob("*.csv"):
        assert csv.read_text(encoding="utf-8").count("\n") >= 1, csv
    return counts


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    synth.generate(root, projects=600, seed=3)
    return root


def test_a_killed_build_leaves_the_previous_exports_valid(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    subprocess.run(
        [*KG, "build", str(SAMPLES), "--out", str(out), "-j", "1"], check=True, capture_output=True
    )
    before = valid(out)
    rng = random.Random(7)
    for _ in range(3):  # killed early, in the middle, late
        build = subprocess.Popen(
            [*KG, "build", str(corpus), "--out", str(out), "-j", "2"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(rng.uniform(0.3, 4.0))
        os.killpg(build.pid, signal.SIGKILL)
        build.wait()
        after = valid(out)  # each file is the old one or a whole new one
        assert all(after[f] in (before[f],) or after[f] > before[f] for f in GRAPH_FILES)
    subprocess.run(
        [*KG, "build", str(SAMPLES), "--out", str(out), "-j", "1"], check=True, capture_output=True
    )
    assert valid(out) == before
    assert not list(out.glob(".build-*"))  # the killed builds' temporary files are gone


def test_two_builds_racing_on_one_directory(tmp_path: Path) -> None:
    out, alone = tmp_path / "exports", tmp_path / "alone"
    builds = [
        subprocess.Popen(
            [*KG, "build", str(SAMPLES), "--out", str(out), "-j", "1"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    assert [b.wait() for b in builds] == [0, 0]
    subprocess.run(
        [*KG, "build", str(SAMPLES), "--out", str(alone), "-j", "1"],
        check=True,
        capture_output=True,
    )
    for name in (*GRAPH_FILES, "projects.csv", "indicators.csv"):
        assert (out / name).read_bytes() == (alone / name).read_bytes(), name


def test_an_output_path_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    result = CliRunner().invoke(main, ["build", str(SAMPLES), "--out", str(blocker / "out")])
    assert result.exit_code == 2
    assert "error: cannot write to" in result.stderr and "Traceback" not in result.output


def test_a_full_disk_is_a_clear_error_and_the_old_exports_stay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "exports"
    assert (
        CliRunner().invoke(main, ["build", str(SAMPLES), "--out", str(out), "-j", "1"]).exit_code
        == 0
    )
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    real = write.serialised

    def full(*args: Any, **kwargs: Any) -> Iterator[tuple[bytes, float, int]]:
        yield next(real(*args, **kwargs))  # a part written, then the disk is full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(write, "serialised", full)  # fails while kg.ttl is being written
    result = CliRunner().invoke(main, ["build", str(SAMPLES), "--out", str(out), "-j", "1"])
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert not list(out.glob(".build-*"))


def test_file_names_never_decide_where_output_goes(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    text = (SAMPLES / "004_984c5e6ba91bd99b.txt").read_bytes()
    for name in ("..%2F..%2Fescaped.txt", "..escaped.txt", "-rf.txt", "$(touch pwned).txt"):
        (inputs / name).write_bytes(text + name.encode())  # different bytes: not duplicates
    before = sorted(p.name for p in tmp_path.iterdir())
    result = CliRunner().invoke(main, ["build", str(inputs), "--out", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*before, "out"])
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["kg.ttl", "kg.trig", "catalog.ttl", "audit.md", "audit.ttl"] + [f"{t}.csv" for t in TABLES]
    )


TABLES = (
    "projects",
    "departments",
    "statements",
    "funding",
    "indicators",
    "beneficiaries",
    "budget_lines",
    "budget_changes",
    "summary_rows",
    "spending_plan",
    "narrative_figures",
    "issues",
)


def test_kg_extract_on_a_full_disk_keeps_the_previous_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second run (another input, other tables) fails on its fifth table: every table
    of the first run is still there, whole, and nothing of the second."""
    out = tmp_path / "tables"
    assert CliRunner().invoke(main, ["extract", str(SAMPLES), "--out", str(out)]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    real = Path.write_text
    calls = []

    def filling(self: Path, *args: object, **kwargs: object) -> int:
        calls.append(self.name)
        if len(calls) == 5:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", filling)
    one = SAMPLES / "001_ca9d259f3fbd1813.txt"
    result = CliRunner().invoke(main, ["extract", str(one), "--out", str(out)])
    assert result.exit_code == 2 and "No space left on device" in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert not list(out.glob(".build-*"))


def test_a_live_run_keeps_its_staging_folder_whatever_its_pid(tmp_path: Path) -> None:
    """A run in another PID namespace has a pid this one cannot see: its staging folder is
    kept while it holds its lock, and removed by the next run once it is gone."""
    import fcntl

    out = tmp_path / "exports"
    live = out / ".build-999999999-live"
    live.mkdir(parents=True)
    (live / "kg.ttl").write_text("being written", encoding="utf-8")
    with (live / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = CliRunner().invoke(main, ["build", str(SAMPLES), "--out", str(out), "-j", "1"])
        assert result.exit_code == 0
        assert (live / "kg.ttl").read_text(encoding="utf-8") == "being written"
    result = CliRunner().invoke(main, ["extract", str(SAMPLES), "--out", str(out)])
    assert result.exit_code == 0
    assert not live.exists()


def test_a_file_too_large_to_be_a_document_is_an_issue_and_exit_2(tmp_path: Path) -> None:
    """200 MB of text took 3.6 GB and 300 s and was then skipped with exit 0."""
    big = tmp_path / "docs" / "huge.txt"
    big.parent.mkdir()
    line = "项目名称\t测试项目\t项目编码\t450299250410100000001\n".encode()
    with big.open("wb") as f:
        f.write(line * (110 * 2**20 // len(line) + 1))
    shutil.copy(SAMPLES / "001_ca9d259f3fbd1813.txt", big.parent / "a.txt")
    result = CliRunner().invoke(main, ["extract", str(big.parent), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "huge.txt" in result.stderr and "110 MB" in result.stderr
    issues = (tmp_path / "o" / "issues.csv").read_text(encoding="utf-8")
    assert "file-too-large" in issues
    assert "a.txt" in (tmp_path / "o" / "projects.csv").read_text(encoding="utf-8")


def test_the_time_limit_inside_a_reader_says_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limit fired while the xlsx reader read a sheet, and the reader's own guard took it
    for a damaged sheet ("a sheet could not be read ()")."""
    from kg import pipeline
    from kg.read import xlsx
    from tests.test_readers import _SHEET, write_workbook

    book = write_workbook(tmp_path / "book.xlsx", {"项目": _SHEET})

    def slow(*args: object, **kwargs: object) -> object:
        time.sleep(30)
        raise AssertionError("not reached")

    monkeypatch.setattr(xlsx, "_sheet_lines", slow)
    result = pipeline.process(book, time_limit=1)
    assert [(i.code, i.message) for i in result.issues] == [
        ("document-timeout", f"{book}: not read within 1 s; skipped")
    ]


def test_control_characters_in_file_names_reach_the_terminal_escaped(tmp_path: Path) -> None:
    name = "bad\x1b[2J\x07.txt"
    (tmp_path / name).write_bytes(b"")
    result = subprocess.run(
        [*KG, "extract", str(tmp_path / name), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "bad\\x1b[2J\\x07.txt" in result.stderr
