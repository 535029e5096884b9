"""Input formats: each reader, the same form in every shape, label variants, bad input.

The fixtures in tests/data/formats were written by hand from 001's 乡村教师体检费 form
(data/samples/001_ca9d259f3fbd1813.txt, lines 48-67); the workbook is built here.
"""

from __future__ import annotations

import csv
import html
import io
import tempfile
from dataclasses import fields
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.domain.model import Extraction
from kg.pipeline import extract
from kg.read import expand_paths, markdown, read_document, read_file, spaced, webtext
from kg.read import html as html_reader
from kg.read.registry import READERS
from kg.resources import SAMPLES
from tests.conftest import DATA

FORMATS = DATA / "formats"
_LINE_FIELDS = {"source", "line", "supervising_line"}

# --- the same form in every shape ------------------------------------------------------

#: the form as a spreadsheet holds it: merged cells (资金总额, the level labels) hold their
#: text in the top-left cell; amounts are numbers
_SHEET: list[list[Any]] = [
    ["2025年度部门预算柳江区本级项目支出绩效目标申报表"],
    [],
    ["项目名称", "乡村教师体检费", "项目编码", "450206220411800006423"],
    ["项目实施单位", "柳州市柳江区教育局教研室", "项目主管单位", "118-柳州市柳江区教育局"],
    ["项目属性", "2-阶段性项目"],
    ["资金总额", "资金来源", None, "金额(元)"],
    [None, "合计", None, 1320000],
    [None, "其中：一般公共预算拨款", "其中：上级", 0],
    [None, None, "本级", 1320000],
    [None, "政府性基金", None, 0],
    [None, "其他资金", None, 0],
    ["年度绩效目标", "组织教师每年定期体检，让教职工掌握身体健康情况，从而保障教学有序开展"],
    ["项目年度绩效目标衡量指标", "一级指标", "二级指标", "指标内容", "指标值"],
    [None, "产出指标", "数量指标", "乡村教师体检人数", "≥2200人"],
    [None, None, "质量指标", "资金使用合规性", "=100%"],
    [None, None, "时效指标", "完成时间", "2025年11月30日前"],
    [None, None, "成本指标", "项目成本", None],
    [None, None, None, "教师体检费人均成本", "≤600元/人"],
    [None, "效益指标", "社会效益", "教师体检达标率", "≥80%"],
    [None, "满意度指标", "服务对象满意度", "体检教师满意度", "≥95%"],
]
_MERGED = ("A1:E1", "A6:A11", "A13:A20", "B14:B18", "C17:C18")


def write_workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = openpyxl.Workbook()
    first = True
    for title, rows in sheets.items():
        sheet = book.active if first else book.create_sheet()
        first = False
        sheet.title = title
        for row in rows:
            sheet.append(row)
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text such as =100%, not a formula
        if rows is _SHEET:
            for cells in _MERGED:
                sheet.merge_cells(cells)
    book.save(path)
    return path


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "teacher-checkup.xlsx"
    return write_workbook(path, {"项目": _SHEET})


def records(ex: Extraction) -> dict[str, list[tuple[Any, ...]]]:
    """Projects, funding, indicators and beneficiaries without their source and line."""
    out = {}
    for table in ("projects", "funding", "indicators", "beneficiaries"):
        out[table] = [
            tuple(getattr(r, f.name) for f in fields(r) if f.name not in _LINE_FIELDS)
            for r in ex.records[table]
        ]
    return out


SHAPES = [
    ("teacher-checkup.txt", "tsv"),
    ("teacher-checkup.md", "markdown"),
    ("teacher-checkup-cells.md", "markdown"),
    ("teacher-checkup.html", "html"),
    ("teacher-checkup-web.txt", "webtext"),
    ("teacher-checkup-spaced.txt", "spaced"),
    ("teacher-checkup.csv", "csv"),
]


@pytest.mark.parametrize(("name", "reader"), SHAPES)
def test_each_shape_is_recognised_by_content(name: str, reader: str) -> None:
    doc, issues = read_document(FORMATS / name)
    assert issues == [] and doc is not None
    assert doc.format == reader


def test_the_tab_form_is_the_samples_form() -> None:
    ex = extract([FORMATS / "teacher-checkup.txt"])
    (project,) = ex.projects
    assert (project.code, project.name, project.total_yuan) == (
        "450206220411800006423",
        "乡村教师体检费",
        Decimal("1320000"),
    )
    assert [(f.source_kind, f.amount_yuan) for f in ex.funding] == [
        ("general_public_upper", 0),
        ("general_public_local", 1320000),
        ("gov_fund", 0),
        ("other", 0),
    ]
    assert len(ex.indicators) == 7
    assert [b.group for b in ex.beneficiaries] == ["体检教师"]
    assert [(i.line, i.code) for i in ex.issues] == [(17, "indicator-value-missing")]


@pytest.mark.parametrize(("name", "reader"), [*SHAPES[1:], ("teacher-checkup.xlsx", "xlsx")])
def test_the_same_form_in_every_shape_gives_the_same_records(
    name: str, reader: str, workbook: Path
) -> None:
    path = workbook if name.endswith(".xlsx") else FORMATS / name
    expected = records(extract([FORMATS / "teacher-checkup.txt"]))
    ex = extract([path])
    assert records(ex) == expected
    assert [i.code for i in ex.issues] == ["indicator-value-missing"]


@pytest.mark.parametrize("name", [n for n, _ in SHAPES])
def test_line_numbers_point_into_the_source(name: str) -> None:
    """Records cite the line their row starts on: the value-missing issue the line of
    成本指标 | 项目成本 (成本指标 alone where each cell has its line), the project the line of
    项目名称 (of its <tr> in HTML)."""
    ex = extract([FORMATS / name])
    (issue,) = ex.issues
    lines = (FORMATS / name).read_text(encoding="utf-8").splitlines()
    assert "成本指标" in lines[issue.line - 1]
    (project,) = ex.projects
    assert "项目名称" in "".join(lines[project.line - 1 : project.line + 1])


def test_workbook_rows_are_row_numbers(workbook: Path) -> None:
    ex = extract([workbook])
    assert [(i.source, i.line, i.code) for i in ex.issues] == [
        ("teacher-checkup.xlsx", 17, "indicator-value-missing")
    ]
    assert ex.projects[0].line == 3


# --- the samples themselves, written in the other shapes --------------------------------


def _shape(lines: list[str], shape: str) -> str:
    """A TAB document rewritten as another format would print it (not by kg)."""
    rows = [ln.split("\t") for ln in lines]
    if shape == "web":
        return "\n".join(c.strip() for r in rows for c in r if c.strip())
    if shape == "spaced":
        return "\n".join(
            ("    " if r[0] == "" else "") + "    ".join(c for c in r if c) for r in rows
        )
    if shape == "md":
        return "\n".join("|" + "|".join(r) + "|" if len(r) > 1 else r[0] for r in rows)
    if shape == "csv":
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        return buf.getvalue()
    body, table = ["<!DOCTYPE html>", "<body>"], False
    for r in rows:
        if (len(r) > 1) != table:
            table = not table
            body.append("<table>" if table else "</table>")
        cells = "".join(f"<td>{html.escape(c)}</td>" for c in r)
        body.append(f"<tr>{cells}</tr>" if table else f"<p>{html.escape(r[0])}</p>")
    return "\n".join([*body, "</table>" if table else "", "</body>"])


_SAMPLE_SHAPES = [
    (sample, shape)
    for sample, shapes in (
        ("000", ("md", "csv", "html", "xlsx")),
        ("001", ("md", "csv", "html", "xlsx", "web", "spaced")),
        ("002", ("md", "csv", "html", "xlsx", "web", "spaced")),
        ("004", ("md", "csv", "html", "xlsx", "spaced")),
    )
    for shape in shapes
]


@pytest.mark.parametrize(("sample", "shape"), _SAMPLE_SHAPES)
def test_the_samples_in_other_shapes_give_the_same_records(
    tmp_path: Path, sample: str, shape: str
) -> None:
    """Positions kept (md, csv, html, xlsx): everything; lost (web, spaced): the forms."""
    (source,) = SAMPLES.glob(f"{sample}_*.txt")
    lines = source.read_text(encoding="utf-8").splitlines()
    path = tmp_path / f"{sample}.{'txt' if shape in ('web', 'spaced') else shape}"
    if shape == "xlsx":
        write_workbook(path, {"Sheet1": [[c or None for c in ln.split("\t")] for ln in lines]})
    else:
        text = _shape(lines, shape)  # a whole page ends with its line break: text that stops
        path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")  # inside a line was cut
    tables = ("departments", "statements", "summary_rows", "budget_lines", "spending_plan")
    expected, got = extract([source]), extract([path])
    assert records(got) == records(expected)
    for table in tables:
        assert _unlined(got.records[table]) == _unlined(expected.records[table])
    assert sorted(i.code for i in got.issues) == sorted(i.code for i in expected.issues)


def _unlined(rows: list[Any]) -> list[tuple[Any, ...]]:
    return [
        tuple(getattr(r, f.name) for f in fields(r) if f.name not in _LINE_FIELDS) for r in rows
    ]


# --- readers one by one ------------------------------------------------------------------


def test_every_reader_is_registered_once() -> None:
    names = [r.name for r in READERS]
    assert sorted(names) == [
        "csv",
        "docx",
        "html",
        "image",
        "markdown",
        "pdf",
        "runon",
        "spaced",
        "tsv",
        "webtext",
        "xls",
        "xlsx",
    ]
    assert READERS[-1].name == "tsv"  # the fallback


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.name[:3])
def test_the_samples_are_tab_text(path: Path) -> None:
    doc, _ = read_document(path)
    assert doc is not None and doc.format == "tsv"


def test_content_not_extension_chooses(tmp_path: Path) -> None:
    page = (FORMATS / "teacher-checkup.html").read_text(encoding="utf-8")
    tab = (FORMATS / "teacher-checkup.txt").read_text(encoding="utf-8")
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    (tmp_path / "tab.md").write_text(tab, encoding="utf-8")
    (tmp_path / "tab.html").write_text(tab, encoding="utf-8")
    formats = {p.name: _format(p) for p in sorted(tmp_path.iterdir())}
    assert formats == {"page.txt": "html", "tab.md": "tsv", "tab.html": "tsv"}


def test_directories_pick_up_every_format(tmp_path: Path, workbook: Path) -> None:
    for name in ("a.html", "b.htm", "c.csv", "d.md", "e.txt", "f.tsv"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "g.xlsx").write_bytes(workbook.read_bytes())
    (tmp_path / "~$g.xlsx").write_bytes(b"owner")
    (tmp_path / "h.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    files, issues = expand_paths([tmp_path])
    assert [(i.code, i.message.rsplit(": ", 1)[-1]) for i in issues] == [("file-skipped", "h.zip")]
    assert [p.name for p in files] == [
        "a.html",
        "b.htm",
        "c.csv",
        "d.md",
        "e.txt",
        "f.tsv",
        "g.xlsx",
    ]


def test_markdown_rows_rules_and_empty_rows() -> None:
    lines = markdown.read(_source("t.md", "# 标题\n| a | b \\| c |\n|---|---|\n||||\n正文"))[0][0][
        1
    ]
    assert [(ln.number, ln.cells, ln.is_row) for ln in lines] == [
        (1, ("标题",), False),
        (2, ("a", "b | c"), True),
        (3, ("",), False),
        (4, ("", "", ""), False),
        (5, ("正文",), False),
    ]


def test_markdown_one_cell_per_line_is_reassembled() -> None:
    doc, _ = read_document(FORMATS / "teacher-checkup-cells.md")
    assert doc is not None
    rows = [ln for ln in doc.lines if ln.is_row]
    assert rows[0].cells[:4] == ("项目名称", "乡村教师体检费", "项目编码", "450206220411800006423")
    assert rows[0].number == 3


def test_html_spans_hold_positions_and_prose_stays() -> None:
    doc, _ = read_document(FORMATS / "teacher-checkup.html")
    assert doc is not None
    by_number = {ln.number: ln for ln in doc.lines}
    assert by_number[20].cells == ("资金总额", "资金来源", "", "金额(元)", "")
    assert by_number[22].cells == ("", "其中：一般公共预算拨款", "其中：上级", "0", "")
    assert by_number[23].cells == ("", "", "本级", "1320000", "")
    assert by_number[30].cells[0] == "项目年度绩效目标衡量指标"  # <br> inside a cell
    assert by_number[38].cells == ("", "", "", "教师体检费人均成本", "≤600元/人")
    prose = [ln.text for ln in doc.lines if not ln.is_row]
    assert prose == [
        "首页>财政预决算>部门预算",
        "2025年度部门预算柳江区本级项目支出绩效目标申报表",
        "来源：柳州市柳江区财政局",
    ]  # <title>, <style> and <script> are skipped


def test_markdown_with_html_tables_as_converters_write_it(tmp_path: Path) -> None:
    page = (FORMATS / "teacher-checkup.html").read_text(encoding="utf-8")
    table = page[page.index("<table") : page.index("</table>") + len("</table>")]
    path = tmp_path / "converted.md"
    path.write_text(
        "# 2025年度部门预算柳江区本级项目支出绩效目标申报表\n\n" + table + "\n\n注：无\n",
        encoding="utf-8",
    )
    doc, _ = read_document(path)
    assert doc is not None and doc.format == "html"
    assert [ln.text for ln in doc.lines if not ln.is_row] == [
        "2025年度部门预算柳江区本级项目支出绩效目标申报表",
        "注：无",
    ]
    assert records(extract([path])) == records(extract([FORMATS / "teacher-checkup.txt"]))


def test_html_nested_table_is_the_cells_text() -> None:
    page = "<table><tr><td>a<table><tr><td>b</td></tr></table>c</td><td>d</td></tr></table>"
    lines, issues = html_reader.parse(page, "n.html")
    assert [ln.cells for ln in lines] == [("a b c", "d")]
    assert issues == []


def test_html_unit_note_in_a_row_gives_the_unit() -> None:
    page = (FORMATS / "teacher-checkup.html").read_text(encoding="utf-8")
    page = page.replace("<tbody>", '<tbody><tr><td colspan="5">单位：万元</td></tr>', 1)
    page = page.replace("金额(元)", "金额").replace(">1320000<", ">132.00<")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "wan.html"
        path.write_text(page, encoding="utf-8")
        ex = extract([path])
    assert ex.projects[0].total_yuan == Decimal("1320000")
    assert [f.printed for f in ex.funding][:2] == ["0万元", "132.00万元"]


def test_webtext_rows_are_found_by_their_labels() -> None:
    doc, _ = read_document(FORMATS / "teacher-checkup-web.txt")
    assert doc is not None
    rows = {ln.number: ln.cells for ln in doc.lines if ln.is_row}
    assert rows[44] == ("成本指标", "项目成本")  # its value vanished: the next cell is content
    assert rows[46] == ("教师体检费人均成本", "≤600元/人")
    assert rows[18] == ("其中：一般公共预算拨款", "其中：上级", "0")
    assert [ln.text for ln in doc.lines if not ln.is_row] == [
        "首页>财政预决算>部门预算",
        "2025年度部门预算柳江区本级项目支出绩效目标申报表",
        "来源：柳州市柳江区财政局",  # a footnote ends the table
    ]


def test_webtext_label_split_over_two_lines() -> None:
    text = "项目名称\n体检费\n项目实施\n单位\n教研室\n项目编码\n450206220411800006423\n"
    lines = webtext.assemble(webtext.tokens(text))
    assert lines[0].cells == (
        "项目名称",
        "体检费",
        "项目实施单位",
        "教研室",
        "项目编码",
        "450206220411800006423",
    )


_DEPARTMENT_TAB = """2025年度部门整体绩效申报表
部门名称\t柳州市鱼峰区人民代表大会常务委员会\t\t部门编码\t101
部门预算安排资金(元)\t合计\t\t5,543,935.57\t
\t其中：一般公共预算拨款\t\t5,543,935.57\t
\t政府性基金\t\t0\t
部门职能概述 (逐条填写)\t职能1\t召集本级人大常委会会议。\t\t
\t职能2\t决定授予地方的荣誉称号。\t\t
部门整体支出年度绩效目标 (逐条填写)\t目标1\t开展视察和专题调研。\t\t
部门整体支出年度绩效目标衡量指标\t一级指标\t二级指标\t指标内容\t指标值
\t产出指标\t数量指标\t召开会议次数\t13次
\t\t\t开展视察调研\t12项
\t效益指标\t社会效益\t人大履职效率\t提高
\t\t生态效益\t生态效益\t无
满意度指标\t服务对象满意度\t人大代表满意度\t≥90%\t
"""


def test_webtext_department_form_reads_like_the_tab_form(tmp_path: Path) -> None:
    tab = tmp_path / "dept.txt"
    tab.write_text(_DEPARTMENT_TAB, encoding="utf-8")
    web = tmp_path / "dept-web.txt"
    cells = [c for line in _DEPARTMENT_TAB.splitlines() for c in line.split("\t") if c]
    web.write_text("\n".join(cells) + "\n", encoding="utf-8")
    a, b = extract([tab]), extract([web])
    assert _format(web) == "webtext"
    assert [(s.kind, s.ordinal, s.text) for s in b.statements] == [
        (s.kind, s.ordinal, s.text) for s in a.statements
    ]
    assert len(a.statements) == 3
    assert [(i.l1, i.l2, i.content, i.value) for i in b.indicators] == [
        (i.l1, i.l2, i.content, i.value) for i in a.indicators
    ]
    assert [(f.source_kind, f.amount_yuan) for f in b.funding] == [
        (f.source_kind, f.amount_yuan) for f in a.funding
    ]
    assert b.departments[0].total_yuan == Decimal("5543935.57")
    assert b.issues == a.issues == []


def test_webtext_summary_table(tmp_path: Path) -> None:
    web = tmp_path / "summary.txt"
    web.write_text(
        "柳江区2025年部门预算重点项目绩效目标情况表\n单位：万元\n项目序号\n部门名称\n单位名称\n"
        "项目名称\n年初预算数\n1\n柳州市柳江区教育局\n柳州市柳江区教育局教研室\n乡村教师体检费\n"
        "132.00\n2\n柳州市柳江区民政局\n柳州市柳江区民政局\n残疾人两项补贴资金\n160.00\n"
        "合计\n292.00\n",
        encoding="utf-8",
    )
    ex = extract([web])
    assert [(r.seq, r.project, r.amount_wan, r.line) for r in ex.summary_rows] == [
        ("1", "乡村教师体检费", Decimal("132.00"), 8),
        ("2", "残疾人两项补贴资金", Decimal("160.00"), 13),
        ("", "", Decimal("292.00"), 18),
    ]
    assert ex.issues == []


def test_spaced_single_spaces_split_a_value_the_parser_joins(tmp_path: Path) -> None:
    path = tmp_path / "narrow.txt"
    path.write_text(
        "2025年度部门预算柳江区本级项目支出绩效目标申报表\n"
        "项目名称 乡村教师体检费 项目编码 450206220411800006423\n"
        "项目实施单位 柳州市柳江区教育局教研室 项目主管单位 118-柳州市柳江区教育局\n"
        "资金总额 合计 1320000\n"
        "项目年度绩效目标衡量指标 一级指标 二级指标 指标内容 指标值\n"
        "产出指标 数量指标 乡村教师体检人数 ≥ 2200 人\n"
        "满意度指标 服务对象满意度 体检教师满意度 ≥ 95 %\n",
        encoding="utf-8",
    )
    doc, _ = read_document(path)
    assert doc is not None and doc.format == "spaced"
    assert doc.lines[5].cells == ("产出指标", "数量指标", "乡村教师体检人数", "≥", "2200", "人")
    ex = extract([path])
    assert [(i.content, i.value, i.number) for i in ex.indicators] == [
        ("乡村教师体检人数", "≥2200人", Decimal("2200")),
        ("体检教师满意度", "≥95%", Decimal("95")),
    ]
    assert ex.projects[0].total_yuan == Decimal("1320000")


def test_spaced_split() -> None:
    assert spaced.split("  合计      1320000 ", wide=True) == ["合计", "1320000"]
    assert spaced.split("≥ 2200 人", wide=True) == ["≥ 2200 人"]


def test_csv_quoted_cells_and_delimiters(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('项目名称;"体检费; 含复检"\n年度绩效目标;"第一行\n第二行"\n合计;5\n', "utf-8")
    doc, issues = read_document(path)
    assert issues == [] and doc is not None
    assert [(ln.number, ln.cells) for ln in doc.lines] == [
        (1, ("项目名称", "体检费;含复检")),  # cleaned as every cell is
        (2, ("年度绩效目标", "第一行第二行")),
        (4, ("合计", "5")),
    ]


def test_csv_in_gbk_as_excel_saves_it(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    text = (FORMATS / "teacher-checkup.csv").read_text(encoding="utf-8")
    path.write_bytes(text.encode("gbk"))
    assert records(extract([path])) == records(extract([FORMATS / "teacher-checkup.csv"]))


def test_workbook_of_several_sheets_gives_a_document_per_sheet(tmp_path: Path) -> None:
    second = [["2025年度部门预算柳江区本级项目支出绩效目标申报表"], *_SHEET[2:5]]
    path = write_workbook(tmp_path / "book.xlsx", {"体检": _SHEET, "空白": [], "第二": second})
    docs, issues = read_file(path)
    assert issues == []
    assert [(d.source, d.format) for d in docs] == [
        ("book.xlsx#体检", "xlsx"),
        ("book.xlsx#第二", "xlsx"),
    ]
    assert len({d.sha256 for d in docs}) == 2
    ex = extract([path])
    assert [(p.source, p.line) for p in ex.projects] == [
        ("book.xlsx#体检", 3),
        ("book.xlsx#第二", 2),
    ]
    assert [(i.source, i.line) for i in ex.issues] == [("book.xlsx#体检", 17)]


def test_workbook_numbers_and_units(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["2025年度部门预算柳江区本级项目支出绩效目标申报表"],
        [None, None, None, "单位：万元"],
        ["项目名称", "乡村教师体检费", "项目编码", "450206220411800006423"],
        ["项目实施单位", "柳州市柳江区教育局教研室", "项目主管单位", "118-柳州市柳江区教育局"],
        ["资金总额", "资金来源", None, "金额"],
        [None, "合计", None, 438.768],
        [None, "其中：一般公共预算拨款", "本级", 438.768],
    ]
    path = write_workbook(tmp_path / "wan.xlsx", {"Sheet1": rows})
    ex = extract([path])
    assert ex.projects[0].total_yuan == Decimal("4387680")
    assert [(f.source_kind, f.amount_yuan, f.printed) for f in ex.funding] == [
        ("general_public_local", Decimal("4387680"), "438.768万元")
    ]
    assert ex.issues == []


# --- label variants -------------------------------------------------------------------------


def _one(name: str) -> Extraction:
    ex = extract([FORMATS / name])
    assert len(ex.projects) == 1
    return ex


def test_another_provinces_labels() -> None:
    ex = _one("other-province-labels.txt")
    p = ex.projects[0]
    assert (p.name, p.implementing_unit, p.supervising_code, p.supervising_unit) == (
        "乡村教师体检费",
        "柳州市柳江区教育局教研室",
        "118",
        "柳州市柳江区教育局",
    )
    assert p.total_yuan == Decimal("1320000") and p.goal.startswith("组织教师")
    assert [(f.source_kind, f.amount_yuan) for f in ex.funding] == [
        ("general_public", 1320000),
        ("other", 0),
    ]
    assert [(i.l1, i.l1_code, i.l2_code, i.content, i.value) for i in ex.indicators] == [
        ("项目完成指标", "output", "quantity", "乡村教师体检人数", "≥2200人"),
        ("项目完成指标", "output", "quality", "资金使用合规性", "=100%"),
        ("项目完成指标", "output", "timeliness", "完成时间", "2025年11月30日前"),
        ("项目完成指标", "output", "cost", "教师体检费人均成本", "≤600元/人"),
        ("项目效益指标", "outcome", "social", "教师体检达标率", "≥80%"),
        ("项目效益指标", "outcome", "service-recipient", "体检教师满意度", "≥95%"),
    ]
    assert [b.group for b in ex.beneficiaries] == ["体检教师"]
    assert ex.issues == []


def _targets(ex: Extraction) -> list[tuple[str, str, str]]:
    return [(i.l2_code, i.content, i.value) for i in ex.indicators]


def test_weight_and_direction_columns_are_not_part_of_the_value() -> None:
    ex = _one("weight-direction-columns.txt")
    base = extract([FORMATS / "teacher-checkup.txt"])
    assert _targets(ex) == [t for t in _targets(base) if t[1] != "项目成本"]
    first = ex.indicators[0]
    assert (first.operator, first.number, first.unit) == ("≥", Decimal(2200), "人")
    assert ex.issues == []


def test_weight_columns_lost_in_web_text_are_placed_by_what_each_cell_holds(
    tmp_path: Path,
) -> None:
    rows = (FORMATS / "weight-direction-columns.txt").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "web.txt"
    cells = "\n".join(c for r in rows for c in r.split("\t") if c)
    path.write_text(cells + "\n", encoding="utf-8")  # a whole page: not stopped inside a line
    ex = extract([path])
    assert [(i.content, i.value) for i in ex.indicators] == [
        ("乡村教师体检人数", "≥2200人"),
        ("资金使用合规性", "=100%"),
        # 时效 row: its empty operator and unit cells are lost; 正向 | 2025年11月30日前 | 10 go
        # under 指标方向, 指标值 and 分值, the only columns that can hold them in that order
        ("完成时间", "2025年11月30日前"),
        ("教师体检费人均成本", "≤600元/人"),
        ("教师体检达标率", "≥80%"),
        ("体检教师满意度", "≥95%"),
    ]
    assert [i.code for i in ex.issues] == []


def test_labels_split_over_two_lines() -> None:
    ex = _one("label-split-over-two-lines.txt")
    p = ex.projects[0]
    assert (p.implementing_unit, p.supervising_unit) == (
        "柳州市柳江区教育局教研室",
        "柳州市柳江区教育局",
    )
    assert [(i.l1, i.l2, i.content) for i in ex.indicators][-1] == (
        "满意度指标",
        "服务对象满意度",
        "体检教师满意度",
    )
    assert [b.group for b in ex.beneficiaries] == ["体检教师"]
    assert ex.issues == []


def test_traditional_characters_match_labels_and_stay_as_printed() -> None:
    ex = _one("traditional-characters.txt")
    p = ex.projects[0]
    assert (p.name, p.supervising_code, p.attribute, p.year) == (
        "鄉村教師體檢費",
        "118",
        "阶段性",
        2025,
    )
    assert (p.total_yuan, len(ex.funding)) == (Decimal("1320000"), 4)
    first = ex.indicators[0]
    assert (first.l1, first.l1_code, first.l2_code) == ("產出指標", "output", "quantity")
    base = extract([FORMATS / "teacher-checkup.txt"])
    assert [(i.l1_code, i.l2_code, i.value) for i in ex.indicators] == [
        (i.l1_code, i.l2_code, i.value) for i in base.indicators if i.content != "项目成本"
    ]
    assert [b.group for b in ex.beneficiaries] == ["體檢教師"]
    assert ex.issues == []


@pytest.mark.parametrize(
    ("name", "total", "printed"),
    [
        ("amount-with-unit.txt", "1320000", ["0元", "132万元", "0元"]),
        ("amount-unit-noted.txt", "1320000", ["0.00万元", "132.00万元"]),
        ("amount-unit-heading.txt", "4387680", ["306.768万元", "132万元"]),
    ],
)
def test_amounts_come_out_in_yuan(name: str, total: str, printed: list[str]) -> None:
    ex = _one(name)
    assert ex.projects[0].total_yuan == Decimal(total)
    assert [f.printed for f in ex.funding] == printed
    assert sum(f.amount_yuan for f in ex.funding if f.amount_yuan) == Decimal(total)


# --- bad input: an issue naming the file and the line, never a traceback --------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("stray.txt", "说明\n甲\t乙\t丙\n", [("row-outside-form", 2)]),
        ("stray.md", "说明\n\n| 甲 | 乙 | 丙 |\n|---|---|---|\n", [("row-outside-form", 3)]),
        (
            "span.html",
            '<table>\n<tr><td rowspan="x">甲</td><td>乙</td></tr>\n</table>',
            [("html-span-invalid", 2), ("row-outside-form", 2)],
        ),
        (
            "open.html",
            "<p>2025年度项目支出绩效目标申报表</p>\n<table>\n<tr><td>项目名称</td><td>a</td>",
            [("html-table-unclosed", 2), ("form-field-missing", 3)],
        ),
        (
            "web.txt",
            "项目名称\n体检费\n项目编码\n450206220411800006423\n一级指标\n二级指标\n"
            "指标内容\n指标值\n产出指标\n数量指标\n体检人数\n",
            [("form-field-missing", 1), ("row-incomplete", 9)],  # the file ends in the row
        ),
        (
            "spaced.txt",
            "项目名称  体检费  项目编码  450206220411800006423\n"
            "一级指标  二级指标  指标内容  指标值\n产出指标  数量指标  体检人数\n",
            [("form-field-missing", 1), ("row-incomplete", 3)],
        ),
        (
            "quote.csv",
            '项目名称,体检费\n项目编码,"4502\n',
            [("csv-malformed", 2), ("form-field-missing", 1)],
        ),
    ],
)
def test_bad_input_is_an_issue_with_file_and_line(
    tmp_path: Path, name: str, content: str, expected: list[tuple[str, int]]
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    ex = extract([path])
    found = [(i.code, i.line) for i in ex.issues if i.code != "document-no-tables"]
    assert found == expected
    assert all(i.source == name for i in ex.issues)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"PK\x03\x04 not really a zip", "file-unreadable"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "file-unsupported"),
    ],
)
def test_damaged_or_old_workbooks_are_an_issue(tmp_path: Path, content: bytes, code: str) -> None:
    good = tmp_path / "good.txt"
    good.write_text((FORMATS / "teacher-checkup.txt").read_text("utf-8"), encoding="utf-8")
    bad = tmp_path / ("book.xls" if code == "file-unsupported" else "book.xlsx")
    bad.write_bytes(content)
    ex = extract([bad, good])
    issues = [(i.source, i.code) for i in ex.issues if i.source == bad.name]
    assert issues == [(bad.name, code)]
    assert bad.name in next(i.message for i in ex.issues if i.source == bad.name)
    assert len(ex.projects) == 1


# --- never crashes ------------------------------------------------------------------------

_WORDS = [
    "项目名称",
    "项目编码",
    "合计",
    "其中：上级",
    "产出指标",
    "数量指标",
    "一级指标",
    "指标值",
    "≥90%",
    "132万",
    "职能1",
    "项目序号",
    "1",
    "单位：万元",
    "项目实施",
    "单位",
    "权重",
    "指标方向",
    "≥",
]
_CELL = st.one_of(st.sampled_from(_WORDS), st.text(max_size=8))


@st.composite
def _document(draw: st.DrawFn) -> str:
    rows = draw(st.lists(st.lists(_CELL, max_size=6), max_size=25))
    shape = draw(st.sampled_from(["web", "md", "html", "spaced", "csv"]))
    if shape == "web":
        return "\n".join(c for r in rows for c in r)
    if shape == "md":
        return "\n".join("|" + "|".join(r) + "|" for r in rows)
    if shape == "html":
        body = "".join(
            "<tr>" + "".join(f"<td rowspan={len(c) % 3}>{c}</td>" for c in r) + "</tr>"
            for r in rows
        )
        return f"<table>{body}"
    if shape == "spaced":
        return "\n".join("  ".join(r) for r in rows)
    return "\n".join(",".join(r) for r in rows)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_document(), st.sampled_from([".txt", ".md", ".html", ".csv"]))
def test_readers_never_crash(text: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"doc{suffix}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        ex = extract([path])
        assert all(r.source == path.name for r in ex.issues + ex.indicators)


def _format(path: Path) -> str:
    doc, _ = read_document(path)
    assert doc is not None
    return doc.format


def _source(name: str, text: str) -> Any:
    from kg.read.base import Source

    return Source(Path(name), name, text.encode("utf-8"), text)
