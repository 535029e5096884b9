"""The command line, run the way users run it."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main
from tests.conftest import DATA, ROOT


def test_extract_writes_every_table(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["extract", "--out", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    counts = {row["table"]: int(row["records"]) for row in json.loads(result.stdout)}
    assert counts["projects"] == 62 and counts["departments"] == 61
    with (tmp_path / "projects.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {
        "source",
        "line",
        "code",
        "name",
        "year",
        "region",
        "implementing_unit",
        "supervising_unit",
        "supervising_code",
        "attribute",
        "total_yuan",
        "goal",
    } <= set(rows[0])
    assert rows[0]["source"] == "000_e9a51e7a28d1f068.txt"
    for name, columns in {
        "departments": "source,line,code,name,region,year,total_yuan",
        "statements": "source,line,owner_kind,owner_code,kind,ordinal,text",
        "funding": "source,line,owner_kind,owner_code,source_kind,amount_yuan",
        "indicators": "source,line,owner_kind,owner_code,owner_name,l1,l2,l3,content,value,"
        "operator,number,unit,description,basis",
        "beneficiaries": "source,owner_kind,owner_code,group",
        "budget_lines": "source,line,table,item,year,measure,amount_wan",
        "summary_rows": "source,line,seq,department,unit,project,amount_wan",
        "issues": "source,line,code,message,raw",
    }.items():
        header = (tmp_path / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert set(columns.split(",")) <= set(header.split(",")), name


def test_extract_is_deterministic(tmp_path: Path) -> None:
    runner = CliRunner()
    for out in ("a", "b"):
        assert runner.invoke(main, ["extract", "--out", str(tmp_path / out)]).exit_code == 0
    for f in (tmp_path / "a").iterdir():
        assert f.read_bytes() == (tmp_path / "b" / f.name).read_bytes(), f.name


def test_unreadable_input_exits_2_and_the_rest_goes_through(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    result = CliRunner().invoke(
        main,
        ["extract", str(bad), str(DATA / "row-shifted-left.txt"), "--out", str(tmp_path / "out")],
    )
    assert result.exit_code == 2
    assert "bad.txt" in result.stderr
    assert "row-shifted-left.txt" in (tmp_path / "out" / "projects.csv").read_text("utf-8")


def test_strict_exits_1_on_data_issues(tmp_path: Path) -> None:
    args = ["extract", str(DATA / "value-missing.txt"), "--out", str(tmp_path)]
    assert CliRunner().invoke(main, args).exit_code == 0
    result = CliRunner().invoke(main, [*args, "--strict"])
    assert result.exit_code == 1
    assert "indicator-value-missing" in result.stderr


def test_usage_error_exits_2() -> None:
    assert CliRunner().invoke(main, ["extract", "--format", "xml"]).exit_code == 2


def test_console_script_prints_chinese_and_progress_on_stderr(tmp_path: Path) -> None:
    kg = Path(sys.executable).parent / "kg"
    proc = subprocess.run(
        [str(kg), "extract", "--out", str(tmp_path), "--format", "md"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert proc.stdout.startswith("| table | records | file |")
    assert "000_e9a51e7a28d1f068.txt" in proc.stderr
    names = (tmp_path / "projects.csv").read_text(encoding="utf-8")
    assert "城市社区惠民资金（小鱼峰）" in names


def test_viz_writes_the_network_and_the_sankey(tmp_path: Path) -> None:
    runner = CliRunner()
    network = tmp_path / "n.html"
    result = runner.invoke(main, ["viz", "--region", "450206", "--out", str(network)])
    assert result.exit_code == 0, result.output
    assert "window.kgNetwork" in network.read_text(encoding="utf-8")
    sankey = tmp_path / "s.html"
    result = runner.invoke(main, ["viz", "--sankey", "--no-groups", "--out", str(sankey)])
    assert result.exit_code == 0, result.output
    page = sankey.read_text(encoding="utf-8")
    assert "window.kgSankey" in page and "受益群体" in page  # legend, even without group nodes
    assert f"{sankey}: fund-flow Sankey" in result.stderr


def test_bench_runs_every_stage_and_prints_the_table_and_json() -> None:
    runner = CliRunner()
    args = [
        "bench",
        "--projects",
        "30",
        "--reps",
        "1",
        "--baseline-projects",
        "30",
        "--sparql-budget",
        "3",
        "--jobs",
        "1",
    ]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    for stage in ("build", "queries", "network", "memory", "baseline"):
        assert stage in result.stdout
    result = runner.invoke(main, [*args, "--json"])
    figures = json.loads(result.stdout)
    for key in (
        "projects",
        "input_mb",
        "seconds",
        "triples",
        "triples_per_s",
        "peak_rss_mb",
        "query_p50_ms",
        "baseline_ratio",
    ):
        assert key in figures, key
    assert figures["projects"] == 30 and figures["triples"] > 1000


def test_a_long_build_logs_its_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    from kg.resources import SAMPLES

    docs = tmp_path / "docs"
    docs.mkdir()
    for copy in range(3):  # 12 documents (copies are read, then skipped as copies)
        for sample in sorted(SAMPLES.glob("*.txt")):
            (docs / f"{copy}-{sample.name}").write_bytes(sample.read_bytes())
    long = CliRunner().invoke(main, ["build", str(docs), "--out", str(tmp_path / "a")])
    assert long.exit_code == 0, long.output
    logged = [ln for ln in long.stderr.splitlines() if "documents read" in ln]
    tenths = (2, 3, 4, 5, 6, 8, 9, 10, 11, 12)  # a line each time a tenth is passed
    assert [ln.split()[0] for ln in logged] == [f"{n}/12" for n in tenths]
    short = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "b")])  # 4 samples
    assert short.exit_code == 0 and "documents read" not in short.stderr
