"""Word and Excel 97-2003 files, the formats kg cannot read, and folders of mixed files.

The form is the first project form of kg/samples/001_ca9d259f3fbd1813.txt (lines 23-46,
项目编码 450206220411800006425), laid out as it is printed: 资金总额 and 项目年度绩效目标衡量指标
are cells merged down their rows, 其中：一般公共预算拨款 down its two rows, the level-1 and
level-2 labels down their blocks, the wide cells across columns. The .docx is written with
python-docx; the .xls by LibreOffice Calc from an .xlsx openpyxl wrote; the .doc by
LibreOffice Writer from the .docx. Expectations are read from the printed form.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest

from kg.domain.model import Extraction
from kg.pipeline import extract
from kg.read import read_file
from kg.resources import SAMPLES

SAMPLE = SAMPLES / "001_ca9d259f3fbd1813.txt"
TITLE = "2025年度部门预算柳江区本级项目支出绩效目标申报表"
GOAL = (
    "本年中小学义教公用经费本级配套资金，按中央、自治区及本级的比例（8：1：1）足额安排公用经费，"
    "确保学校正常运转"
)
A, B, C, D, E = range(5)

#: the form as printed, five columns; merged ranges hold their text in the top-left cell
FORM: list[list[Any]] = [
    ["项目名称", "本年中小学义教公用经费本级配套资金", "项目编码", "450206220411800006425", ""],
    ["项目实施单位", "柳州市柳江区教育局教研室", "项目主管单位", "118-柳州市柳江区教育局", ""],
    ["项目属性", "2-阶段性项目", "", "", ""],
    ["资金总额", "资金来源", "", "金额(元)", ""],
    ["", "合计", "", 5410000, ""],
    ["", "其中：一般公共预算拨款", "其中：上级", 0, ""],
    ["", "", "本级", 5410000, ""],
    ["", "政府性基金", "", 0, ""],
    ["", "其他资金", "", 0, ""],
    ["年度绩效目标", GOAL, "", "", ""],
    ["项目年度绩效目标衡量指标", "一级指标", "二级指标", "指标内容", "指标值"],
    ["", "产出指标", "数量指标", "小学学生人数", "=43362人"],
    ["", "", "", "初中学生人数", "=18360人"],
    ["", "", "", "特教学生人数", "=451人"],
    ["", "", "质量指标", "资金使用合规性", "=100%"],
    ["", "", "时效指标", "项目完成时间", datetime(2025, 12, 31)],
    ["", "", "成本指标", "预算经费控制", "≤541万元"],
    ["", "", "", "小学公用经费标准", "720/生/年"],
    ["", "", "", "初中公用经费标准", "940/生/年"],
    ["", "", "", "特殊教育学生公用经费标准", "6000/生/年"],
    ["", "效益指标", "社会效益", "义务教育学校正常运转率", "=100%"],
    ["", "满意度指标", "服务对象满意度", "学校师生满意度", "≥95%"],
]
#: (first row, first column, last row, last column), 0-based in FORM
MERGES = [
    (0, D, 0, E),
    (1, D, 1, E),
    (2, B, 2, E),
    (3, A, 8, A),  # 资金总额
    (3, B, 3, C),
    (3, D, 3, E),
    (4, B, 4, C),
    (4, D, 4, E),
    (5, B, 6, B),  # 其中：一般公共预算拨款
    *((r, D, r, E) for r in (5, 6, 7, 8)),
    (7, B, 7, C),
    (8, B, 8, C),
    (9, B, 9, E),
    (10, A, 21, A),  # 项目年度绩效目标衡量指标
    (11, B, 19, B),  # 产出指标
    (11, C, 13, C),  # 数量指标
    (16, C, 19, C),  # 成本指标
]

#: read from the printed form
PROJECT = (
    "450206220411800006425",
    "本年中小学义教公用经费本级配套资金",
    "柳州市柳江区教育局教研室",
    "柳州市柳江区教育局",
    "118",
    "阶段性",
    Decimal(5410000),
    GOAL,
)
FUNDING = [
    ("general_public_upper", Decimal(0)),
    ("general_public_local", Decimal(5410000)),
    ("gov_fund", Decimal(0)),
    ("other", Decimal(0)),
]
INDICATORS = [
    ("产出指标", "数量指标", "小学学生人数", "=43362人"),
    ("产出指标", "数量指标", "初中学生人数", "=18360人"),
    ("产出指标", "数量指标", "特教学生人数", "=451人"),
    ("产出指标", "质量指标", "资金使用合规性", "=100%"),
    ("产出指标", "时效指标", "项目完成时间", "2025年12月31日"),
    ("产出指标", "成本指标", "预算经费控制", "≤541万元"),
    ("产出指标", "成本指标", "小学公用经费标准", "720/生/年"),
    ("产出指标", "成本指标", "初中公用经费标准", "940/生/年"),
    ("产出指标", "成本指标", "特殊教育学生公用经费标准", "6000/生/年"),
    ("效益指标", "社会效益", "义务教育学校正常运转率", "=100%"),
    ("满意度指标", "服务对象满意度", "学校师生满意度", "≥95%"),
]


def _text(value: Any) -> str:
    return (
        f"{value.year}年{value.month}月{value.day}日" if isinstance(value, datetime) else str(value)
    )


def write_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph(TITLE)
    table = document.add_table(rows=len(FORM), cols=5)
    for r, cells in enumerate(FORM):
        for c, value in enumerate(cells):
            if value != "":
                table.cell(r, c).text = _text(value)
    for r0, c0, r1, c1 in MERGES:
        table.cell(r0, c0).merge(table.cell(r1, c1))
    document.add_paragraph("填报说明：\n金额单位为元")  # one paragraph, a line break inside
    document.sections[0].header.paragraphs[0].text = "页眉 项目名称 不是数据"
    document.save(str(path))
    return path


def write_xlsx(path: Path, sheets: dict[str, tuple[list[list[Any]], list[Any]]]) -> Path:
    """A workbook of sheets (rows, merged ranges); the form starts on row 2 under its title."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, (rows, merges) in sheets.items():
        sheet = book.create_sheet(title)
        sheet.append([TITLE])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=5)
        for cells in rows:
            sheet.append([None if v == "" else v for v in cells])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, datetime):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # typed as text ('=100%), not a formula
        for r0, c0, r1, c1 in merges:
            sheet.merge_cells(
                start_row=r0 + 2, start_column=c0 + 1, end_row=r1 + 2, end_column=c1 + 1
            )
    book.save(path)
    return path


def soffice(files: list[Path], target: str, out: Path) -> list[Path]:
    """Convert files with LibreOffice (headless, its own profile so parallel runs do not clash)."""
    found = shutil.which("soffice")
    assert found, "make test installs LibreOffice (.ci/system-packages)"
    profile = (out / "profile").resolve().as_uri()
    cmd = [found, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target]
    subprocess.run(
        [*cmd, "--outdir", str(out), *map(str, files)], check=True, capture_output=True, timeout=300
    )
    made = [out / f"{p.stem}.{target}" for p in files]
    assert all(p.exists() for p in made), made
    return made


def _second_form() -> list[list[str]]:
    """The next form of the sample (乡村教师体检费), its rows as the .txt prints them."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[49:67]
    assert lines[0].startswith("项目名称\t乡村教师体检费")
    return [line.split("\t") for line in lines]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("office")
    made = {"txt": base / "form.txt", "docx": write_docx(base / "form.docx")}
    made["txt"].write_text("\n".join(SAMPLE.read_text("utf-8").splitlines()[22:46]) + "\n", "utf-8")
    write_xlsx(base / "form.xlsx", {"项目": (FORM, MERGES)})
    write_xlsx(base / "book.xlsx", {"义教": (FORM, MERGES), "体检": (_second_form(), [])})
    made["xls"], made["book"] = soffice([base / "form.xlsx", base / "book.xlsx"], "xls", base)
    (made["doc"],) = soffice([made["docx"]], "doc", base / "doc")
    made["xlsx"] = base / "form.xlsx"
    return made


def _records(ex: Extraction, code: str = PROJECT[0]) -> tuple[Any, ...]:
    (p,) = [p for p in ex.projects if p.code == code]
    project = (p.code, p.name, p.implementing_unit, p.supervising_unit, p.supervising_code)
    project += (p.attribute, p.total_yuan, p.goal)
    funding = [(f.source_kind, f.amount_yuan) for f in ex.funding if f.owner_code == code]
    indicators = [(i.l1, i.l2, i.content, i.value) for i in ex.indicators if i.owner_code == code]
    return project, funding, indicators


# --- the same form in every format ------------------------------------------------------


@pytest.mark.parametrize("kind", ["txt", "docx", "xls"])
def test_the_form_gives_the_printed_records_in_every_format(
    kind: str, files: dict[str, Path]
) -> None:
    ex = extract([files[kind]])
    assert _records(ex) == (PROJECT, FUNDING, INDICATORS)
    assert [i for i in ex.issues if i.code.startswith("file-")] == []


def test_only_provenance_differs(files: dict[str, Path]) -> None:
    by_kind = {kind: extract([files[kind]]) for kind in ("txt", "docx", "xls")}
    assert by_kind["docx"].projects[0].source == "form.docx"
    assert by_kind["xls"].projects[0].source == "form.xls"
    assert _records(by_kind["txt"]) == _records(by_kind["docx"]) == _records(by_kind["xls"])
    # the title is line 1 of the .docx and row 1 of the sheet; the form's first row follows
    assert [ex.projects[0].line for ex in by_kind.values()] == [3, 2, 2]


def test_docx_lines_in_body_order_with_merged_cells_as_printed(files: dict[str, Path]) -> None:
    (doc,), issues = read_file(files["docx"])
    assert issues == [] and doc.format == "docx"
    lines = {ln.number: ln for ln in doc.lines}
    assert lines[1].cells == (TITLE,) and not lines[1].is_row
    assert lines[2].cells == (
        "项目名称",
        "本年中小学义教公用经费本级配套资金",
        "项目编码",
        "450206220411800006425",
        "",
    )
    assert lines[5].cells == ("资金总额", "资金来源", "", "金额(元)", "")
    assert lines[8].cells == ("", "", "本级", "5410000", "")  # under two cells merged down
    assert lines[11].cells == ("年度绩效目标", GOAL, "", "", "")
    assert lines[23].cells == ("", "满意度指标", "服务对象满意度", "学校师生满意度", "≥95%")
    # the paragraph after the table: one line per line break; the page header is not read
    assert [(ln.number, ln.cells) for ln in doc.lines[23:]] == [
        (24, ("填报说明：",)),
        (25, ("金额单位为元",)),
    ]
    assert not any("页眉" in ln.text for ln in doc.lines)


def test_xls_cells_numbers_and_dates_as_printed(files: dict[str, Path]) -> None:
    (doc,), issues = read_file(files["xls"])
    assert issues == [] and doc.format == "xls"
    lines = {ln.number: ln for ln in doc.lines}
    assert lines[1].cells == (TITLE,)
    assert lines[6].cells == ("", "合计", "", "5410000")  # a number, not 5410000.0
    assert lines[8].cells == ("", "", "本级", "5410000")
    assert lines[17].cells == ("", "", "时效指标", "项目完成时间", "2025年12月31日")
    assert lines[22].cells[:2] == ("", "效益指标")


def test_nested_tables_are_flattened_in_place(tmp_path: Path) -> None:
    document = docx.Document()
    outer = document.add_table(rows=2, cols=2)
    outer.cell(0, 0).text, outer.cell(0, 1).text = "项目名称", "乡村教师体检费"
    outer.cell(1, 0).text = "项目年度绩效目标衡量指标"
    inner = outer.cell(1, 1).add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "一级指标", "指标值"
    inner.cell(1, 0).text, inner.cell(1, 1).text = "产出指标", "≥2200人"
    document.add_paragraph("表后")
    document.save(str(tmp_path / "nested.docx"))
    (doc,), _ = read_file(tmp_path / "nested.docx")
    assert [(ln.number, ln.cells) for ln in doc.lines] == [
        (1, ("项目名称", "乡村教师体检费")),
        (2, ("项目年度绩效目标衡量指标", "")),
        (3, ("", "一级指标", "指标值")),
        (4, ("", "产出指标", "≥2200人")),
        (5, ("表后",)),
    ]


def test_a_workbook_of_two_sheets_gives_both_forms(files: dict[str, Path]) -> None:
    ex = extract([files["book"]])
    assert sorted(ex.sources) == ["book.xls#义教", "book.xls#体检"]
    assert _records(ex) == (PROJECT, FUNDING, INDICATORS)
    (second,) = [p for p in ex.projects if p.source == "book.xls#体检"]
    assert (second.code, second.name, second.total_yuan) == (
        "450206220411800006423",
        "乡村教师体检费",
        1320000,
    )
    assert second.line == 2
    values = [i.value for i in ex.indicators if i.owner_code == second.code]
    assert values[0] == "≥2200人" and values[-1] == "≥95%"


def test_an_xls_or_doc_that_is_html_or_xlsx_goes_to_that_reader(
    tmp_path: Path, files: dict[str, Path]
) -> None:
    cells = "".join(f"<tr>{''.join(f'<td>{_text(v)}</td>' for v in r)}</tr>" for r in FORM)
    (tmp_path / "page.xls").write_text(f"<html><body><table>{cells}</table></body></html>", "utf-8")
    shutil.copy(files["xlsx"], tmp_path / "zip.xls")
    shutil.copy(tmp_path / "page.xls", tmp_path / "page.doc")  # a "Word" file that is a page
    for name, reader in [("page.xls", "html"), ("zip.xls", "xlsx"), ("page.doc", "html")]:
        docs, issues = read_file(tmp_path / name)
        assert (issues, [d.format for d in docs]) == ([], [reader])
        assert _records(extract([tmp_path / name]))[0][:2] == PROJECT[:2]


# --- formats kg cannot read -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "made_from", "target"),
    [
        ("form.doc", "doc", "docx"),
        ("form.wps", "doc", "docx"),
        ("form.et", "xls", "xlsx"),
        ("form 1.doc", "doc", "docx"),
    ],
)
def test_old_formats_are_one_issue_with_the_command_that_converts_them(
    tmp_path: Path, files: dict[str, Path], name: str, made_from: str, target: str
) -> None:
    """A .wps is what WPS Writer saves, a Word 97 file; an .et, a BIFF workbook like an .xls."""
    path = tmp_path / name
    shutil.copy(files[made_from], path)
    ex = extract([path])
    assert [(i.source, i.line, i.code) for i in ex.issues] == [(name, 0, "file-unsupported")]
    quoted = f"'{path}'" if " " in name else str(path)
    assert ex.issues[0].message.endswith(
        f"convert it with: soffice --headless --convert-to {target} {quoted}"
    )
    assert ex.projects == []


def test_an_xls_xlrd_cannot_open_is_unsupported(tmp_path: Path, files: dict[str, Path]) -> None:
    path = tmp_path / "cut.xls"
    path.write_bytes(files["xls"].read_bytes()[:1500])  # the OLE header survives, the rest not
    ex = extract([path])
    assert [(i.source, i.code) for i in ex.issues] == [("cut.xls", "file-unsupported")]
    assert ex.issues[0].message.endswith(f"--convert-to xlsx {path}")


# --- folders ----------------------------------------------------------------------------


def test_a_folder_reads_its_documents_and_names_the_files_it_skips(
    tmp_path: Path, files: dict[str, Path]
) -> None:
    folder = tmp_path / "收件"
    (folder / "附件").mkdir(parents=True)
    shutil.copy(files["docx"], folder / "a.docx")
    shutil.copy(files["book"], folder / "附件" / "b.xls")
    shutil.copy(files["doc"], folder / "c.doc")
    (folder / "notes.bin").write_bytes(b"\x00\x01\x02")
    with zipfile.ZipFile(folder / "all.zip", "w") as z:
        z.writestr("a.txt", "x")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (folder / "~$a.docx").write_bytes(b"owner")
    ex = extract([folder])
    skipped = [i for i in ex.issues if i.code == "file-skipped"]
    assert [(i.source, i.line) for i in skipped] == [("收件", 0)]
    assert (
        skipped[0].message
        == f"{folder}: 2 files not read (no reader for .bin, .zip): all.zip, notes.bin"
    )
    assert sorted(ex.sources) == ["a.docx", "b.xls#义教", "b.xls#体检"]
    assert [(i.source, i.code) for i in ex.issues if i.code == "file-unsupported"] == [
        ("c.doc", "file-unsupported")
    ]
    # the form printed in a.docx and again in b.xls is one project (kg.revisions)
    assert sorted(p.code for p in ex.projects) == ["450206220411800006423", PROJECT[0]]
