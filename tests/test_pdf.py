"""PDFs with a text layer (kg/read/pdf.py), made here by LibreOffice and reportlab.

The form is the first project form of sample 001 (项目编码 450206220411800006425) as its
TAB-separated cells print it; every PDF of it must give the records its .txt gives.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import kg
from kg.cli import main
from kg.domain.model import Extraction
from kg.read.document import expand_paths, read_file
from kg.read.layout import page_lines
from kg.resources import SAMPLES

SAMPLE = SAMPLES / "001_ca9d259f3fbd1813.txt"
CODE, NEXT_CODE = "450206220411800006425", "450206220411800006423"
FONT = "STSong-Light"
Rows = list[list[str]]


def _form(code: str) -> list[str]:
    """The sample's lines of one form: its title line to the blank line after its rows."""
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if code in line)
    start = max(i for i in range(at) if "申报表" in lines[i])
    end = next((i for i in range(at, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start:end]


def _rows(lines: list[str]) -> tuple[str, Rows]:
    """A form's title and its table rows (cells as printed, trailing empty cells too)."""
    title, *rest = [line for line in lines if line.strip()]
    return title, [line.split("\t") for line in rest]


FORM = _form(CODE)
TITLE, ROWS = _rows(FORM)
WIDTH = max(len(r) for r in ROWS)


def _padded(rows: Rows) -> Rows:
    return [r + [""] * (WIDTH - len(r)) for r in rows]


def _records(ex: Extraction) -> dict[str, list[tuple[Any, ...]]]:
    """What a form says, without where it says it (source, line, page)."""
    r = ex.records
    fields = ("code", "name", "implementing_unit", "supervising_unit", "attribute", "total_yuan")
    return {
        "projects": [
            tuple(getattr(p, f) for f in (*fields, "year", "goal")) for p in r["projects"]
        ],
        "funding": [(f.owner_code, f.source_kind, f.amount_yuan) for f in r["funding"]],
        "indicators": [(i.owner_code, i.l1, i.l2, i.content, i.value) for i in r["indicators"]],
        "beneficiaries": [(b.owner_code, b.group) for b in r["beneficiaries"]],
    }


# --- PDF makers ------------------------------------------------------------------------------


def _soffice(files: list[Path], out: Path) -> list[Path]:
    soffice = shutil.which("soffice")
    assert soffice, "make test installs LibreOffice (.ci/system-packages)"
    profile = (out / "profile").resolve().as_uri()
    cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    subprocess.run(
        [*cmd, "--outdir", str(out), *map(str, files)], check=True, capture_output=True, timeout=300
    )
    return [out / f"{p.stem}.pdf" for p in files]


def _xlsx(path: Path) -> Path:
    """The form as a bordered, wrapped worksheet (every cell a string: =43362人 is text)."""
    import openpyxl
    from openpyxl.styles import Alignment, Border, Side

    book = openpyxl.Workbook()
    sheet = book.active
    thin = Side(style="thin")
    widths = [16, 30, 16, 24, 12, 12]
    sheet.cell(1, 1, TITLE)
    for i, cells in enumerate(_padded(ROWS), start=3):
        lines = 1
        for j, text in enumerate(cells):
            cell = sheet.cell(i, j + 1)
            if text:
                cell.value, cell.data_type = text, "s"
                lines = max(lines, -(-len(text) * 2 // widths[j]))
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.row_dimensions[i].height = 15 * lines
    for j, width in enumerate(widths):
        sheet.column_dimensions["ABCDEF"[j]].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    book.save(path)
    return path


def _docx(path: Path) -> Path:
    """The form as a Word table with grid borders under its title."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    document.add_paragraph(TITLE)
    table = document.add_table(rows=len(ROWS), cols=WIDTH)
    table.style = "Table Grid"
    for i, cells in enumerate(_padded(ROWS)):
        for j, text in enumerate(cells):
            table.cell(i, j).text = text
    document.save(str(path))
    return path


def _font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _table(rows: Rows, merged: bool = True, repeat: int = 0) -> Any:
    """A ruled reportlab table of the form: the goal spans its row and (``merged``) the
    indicator heading the rows below it, as printed forms merge them."""
    from reportlab.lib import colors
    from reportlab.platypus import Table

    rows = _padded(rows)
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, 8),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ]
    goal = next(i for i, r in enumerate(rows) if r[0] == "年度绩效目标")
    style.append(("SPAN", (1, goal), (-1, goal)))
    if merged:
        style.append(("SPAN", (0, goal + 1), (0, goal + 10)))
    return Table(rows, colWidths=[110, 150, 110, 150, 90, 90], style=style, repeatRows=repeat)


def _story_pdf(
    path: Path, forms: list[list[str]], pagesize: Any = None, paged: bool = False, **kw: Any
) -> Path:
    """Forms under their titles, one after the other (``paged``: each on a page of its own,
    its title near the top edge, where running headers are)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    _font()
    heading = getSampleStyleSheet()["Normal"].clone("t", fontName=FONT, fontSize=12)
    story: list[Any] = []
    for lines in forms:
        title, rows = _rows(lines)
        story += [Paragraph(title, heading), Spacer(1, 8), _table(rows, **kw), Spacer(1, 24)]
        story += [PageBreak()] if paged else []
    doc = SimpleDocTemplate(str(path), pagesize=pagesize or landscape(A4), topMargin=36)
    doc.build(story, onFirstPage=_furniture, onLaterPages=_furniture)
    return path


def _furniture(canvas: Any, doc: Any) -> None:
    """A running header and a page number, as published budget books print them."""
    canvas.setFont(FONT, 9)
    width, height = doc.pagesize
    canvas.drawString(36, height - 24, "柳州市柳江区2025年部门预算公开")
    canvas.drawCentredString(width / 2, 20, f"- {doc.page} -")


def _unruled_pdf(path: Path) -> Path:
    """The form as text placed in columns, no ruling lines: column j starts at one x."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    _font()
    size = 8
    rows = [r for r in ROWS if r[0] != "年度绩效目标"]  # its long cell runs over the columns
    widths = [max(stringWidth(r[j], FONT, size) for r in rows if j < len(r)) for j in range(WIDTH)]
    xs = [30.0]
    for w in widths[:-1]:
        xs.append(xs[-1] + w + 3 * size)
    page = canvas.Canvas(str(path), pagesize=landscape(A4))
    page.setFont(FONT, 12)
    y = landscape(A4)[1] - 40
    page.drawString(200, y, TITLE)
    page.setFont(FONT, size)
    for cells in ROWS:
        y -= 2 * size
        for x, text in zip(xs, cells, strict=False):
            page.drawString(x, y, text)
    page.save()
    return path


def _rotated_pdf(path: Path) -> Path:
    """A portrait page turned a quarter (/Rotate 90) holding the landscape form."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    _font()
    page = canvas.Canvas(str(path), pagesize=landscape(A4))
    page.setPageRotation(90)  # reportlab then writes the portrait media box
    page.transform(0, 1, -1, 0, A4[0], 0)  # landscape coordinates onto the portrait page
    page.setFont(FONT, 12)
    page.drawString(40, A4[0] - 40, TITLE)
    table = _table(ROWS)
    _, height = table.wrapOn(page, 760, 500)
    table.drawOn(page, 40, A4[0] - 60 - height)
    page.save()
    return path


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf")
    xlsx_pdf, docx_pdf = _soffice([_xlsx(out / "calc.xlsx"), _docx(out / "writer.docx")], out)
    return {
        "calc": xlsx_pdf,
        "writer": docx_pdf,
        "ruled": _story_pdf(out / "ruled.pdf", [FORM]),
        "unruled": _unruled_pdf(out / "unruled.pdf"),
        "rotated": _rotated_pdf(out / "rotated.pdf"),
    }


@pytest.fixture(scope="module")
def from_text(tmp_path_factory: pytest.TempPathFactory) -> Extraction:
    path = tmp_path_factory.mktemp("txt") / "form.txt"
    path.write_text("\n".join(FORM) + "\n", encoding="utf-8")
    return kg.extract(path)


# --- the form read back ----------------------------------------------------------------------


def test_the_text_form_is_the_form_as_printed(from_text: Extraction) -> None:
    """What the .txt copy says, read off the printed form (the yardstick for the PDFs)."""
    (project,) = from_text.records["projects"]
    assert (project.code, project.name) == (CODE, "本年中小学义教公用经费本级配套资金")
    assert project.implementing_unit == "柳州市柳江区教育局教研室"
    assert project.total_yuan == 5410000
    indicators = [(i.content, i.value) for i in from_text.records["indicators"]]
    assert len(indicators) == 11
    assert indicators[0] == ("小学学生人数", "=43362人")
    assert ("学校师生满意度", "≥95%") in indicators


@pytest.mark.parametrize("kind", ["calc", "writer", "ruled", "unruled", "rotated"])
def test_a_pdf_gives_the_records_of_its_text(
    kind: str, pdfs: dict[str, Path], from_text: Extraction
) -> None:
    ex = kg.extract(pdfs[kind])
    assert not [i for i in ex.records["issues"] if i.code.startswith(("file-", "page-"))]
    assert _records(ex) == _records(from_text)


def test_a_ruled_table_keeps_its_columns_and_merged_cells(pdfs: dict[str, Path]) -> None:
    (doc,), _ = read_file(pdfs["ruled"])
    rows = [line.cells for line in doc.lines if line.is_row]
    assert rows[0] == ("项目名称", "本年中小学义教公用经费本级配套资金", "项目编码", CODE, "", "")
    goal = next(r for r in rows if r[0] == "年度绩效目标")
    assert (
        goal[1].startswith("本年中小学义教公用经费本级配套资金，按中央") and goal[2:] == ("",) * 4
    )
    # 项目年度绩效目标衡量指标 spans the ten rows below its own: printed once, at its top
    heading = rows.index(
        ("项目年度绩效目标衡量指标", "一级指标", "二级指标", "指标内容", "指标值", "")
    )
    assert [r[0] for r in rows[heading + 1 : heading + 10]] == [""] * 9
    assert rows[heading + 1][1:5] == ("产出指标", "数量指标", "小学学生人数", "=43362人")


def test_a_wrapped_cell_is_one_cell(pdfs: dict[str, Path]) -> None:
    """Calc wraps the goal over three lines of its cell: one cell again, nothing added."""
    (doc,), _ = read_file(pdfs["calc"])
    goal = next(line for line in doc.lines if line.cells[0] == "年度绩效目标")
    assert goal.cells[1] == next(r[1] for r in ROWS if r[0] == "年度绩效目标")


def test_unruled_rows_keep_empty_leading_cells(pdfs: dict[str, Path]) -> None:
    (doc,), _ = read_file(pdfs["unruled"])
    rows = [line.cells for line in doc.lines if line.is_row]
    assert ("", "", "本级", "", "", "5410000") in rows
    assert ("其他资金", "", "", "0") in rows
    assert doc.lines[0].cells == (TITLE,) and not doc.lines[0].is_row


def test_every_record_cites_a_line_on_a_page(pdfs: dict[str, Path]) -> None:
    for kind in ("calc", "ruled"):
        (doc,), _ = read_file(pdfs[kind])
        pages = {line.number: line.page for line in doc.lines}
        assert [line.number for line in doc.lines] == list(range(1, len(doc.lines) + 1))
        ex = kg.extract(pdfs[kind])
        cited = [r.line for t in ("projects", "funding", "indicators") for r in ex.records[t]]
        assert cited and all(pages[n] >= 1 for n in cited), kind
    (doc,), _ = read_file(pdfs["calc"])  # Calc prints the last two rows on page 2
    assert doc.lines[-1].page == 2 and doc.lines[-1].cells[0] == "满意度指标"


def test_kg_extract_prints_the_counts_of_the_text(pdfs: dict[str, Path], tmp_path: Path) -> None:
    text = tmp_path / "form.txt"
    text.write_text("\n".join(FORM) + "\n", encoding="utf-8")
    outputs = []
    for path in (text, pdfs["ruled"]):
        result = CliRunner().invoke(main, ["extract", "--out", str(tmp_path / "out"), str(path)])
        assert result.exit_code == 0, result.output
        counts = [line.split()[:2] for line in result.output.splitlines()]
        outputs.append([c for c in counts if len(c) == 2 and c[1].isdigit() and ":" not in c[0]])
    assert outputs[0] == outputs[1]
    assert ["indicators", "11"] in outputs[1]


# --- pages -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The form on A5 pages: it runs onto page 2, its first row printed again there."""
    from reportlab.lib.pagesizes import A5, landscape

    out = tmp_path_factory.mktemp("split") / "split.pdf"
    width = landscape(A5)
    return _story_pdf(out, [FORM], pagesize=(width[0] + 200, width[1]), merged=False, repeat=1)


def _printed(path: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [page.extract_text() for page in pdf.pages]


def test_a_table_over_two_pages_is_one_table(split: Path, from_text: Extraction) -> None:
    pages = _printed(split)
    assert len(pages) == 2 and all("项目名称" in text for text in pages)  # printed twice
    (doc,), _ = read_file(split)
    assert {line.page for line in doc.lines} == {1, 2}
    assert sum(1 for line in doc.lines if line.cells[0] == "项目名称") == 1
    assert [line.number for line in doc.lines] == list(range(1, len(doc.lines) + 1))
    assert len([line for line in doc.lines if line.is_row]) == len(ROWS)
    assert _records(kg.extract(split)) == _records(from_text)


def test_running_headers_and_page_numbers_are_left_out(split: Path) -> None:
    pages = _printed(split)
    assert all("部门预算公开" in text and f"- {n} -" in text for n, text in enumerate(pages, 1))
    (doc,), _ = read_file(split)
    texts = [line.text for line in doc.lines]
    assert not [t for t in texts if "部门预算公开" in t or t.startswith("-")]
    assert texts[0] == TITLE  # a form title is kept wherever it stands


def test_page_numbers_are_left_out_on_a_page_of_its_own(
    tmp_path: Path, from_text: Extraction
) -> None:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    _font()
    path = tmp_path / "numbered.pdf"
    page = canvas.Canvas(str(path), pagesize=landscape(A4))
    width, height = landscape(A4)
    page.setFont(FONT, 9)
    page.drawRightString(width - 36, height - 20, "1/1")
    page.drawCentredString(width / 2, 20, "第 1 页 共 1 页")
    page.drawString(36, 34, "Page 1")
    page.setFont(FONT, 12)
    page.drawString(40, height - 60, TITLE)
    table = _table(ROWS)
    _, tall = table.wrapOn(page, 760, 500)
    table.drawOn(page, 40, height - 80 - tall)
    page.save()
    (doc,), _ = read_file(path)
    assert [line.text for line in doc.lines if not line.is_row] == [TITLE]
    assert _records(kg.extract(path)) == _records(from_text)


@pytest.mark.parametrize("paged", [False, True])
def test_two_forms_in_one_file(paged: bool, tmp_path: Path) -> None:
    forms = [FORM, _form(NEXT_CODE)]
    text = tmp_path / "two.txt"
    text.write_text("\n\n".join("\n".join(f) for f in forms) + "\n", encoding="utf-8")
    pdf = _story_pdf(tmp_path / "two.pdf", forms, paged=paged, merged=False)
    if paged:  # the same title at the top of every page: a form's title, not a header
        assert [TITLE in page for page in _printed(pdf)] == [True, True]
    found = _records(kg.extract(pdf))
    assert [p[0] for p in found["projects"]] == [CODE, NEXT_CODE]
    assert found == _records(kg.extract(text))


def test_every_form_of_the_sample_in_wrapped_cells(tmp_path: Path) -> None:
    """Sample 001's thirteen forms, their cells wrapped to the column width and the forms
    running over page breaks: the records of the text, all of them."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    _font()
    text = SAMPLE.read_text(encoding="utf-8")
    codes = re.findall(r"项目编[码号]\t(\d{21})", text)
    # STSong-Light has no ²: both copies print the unit in words
    forms = [[re.sub(r"m\s*²", "平方米", line) for line in _form(c)] for c in codes]
    style = getSampleStyleSheet()["Normal"].clone("c", fontName=FONT, fontSize=8, wordWrap="CJK")
    story: list[Any] = []
    for lines in forms:
        title, rows = _rows(lines)
        cells = [[Paragraph(c, style) if c else "" for c in (r + [""] * 6)[:6]] for r in rows]
        grid = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
        widths = [90, 150, 110, 150, 100, 100]
        story += [Paragraph(title, style), Table(cells, widths, style=grid), Spacer(1, 24)]
    pdf = tmp_path / "all.pdf"
    SimpleDocTemplate(str(pdf), pagesize=landscape(A4)).build(
        story, onFirstPage=_furniture, onLaterPages=_furniture
    )
    copy = tmp_path / "all.txt"
    copy.write_text("\n\n".join("\n".join(f) for f in forms) + "\n", encoding="utf-8")
    assert len(_printed(pdf)) > 10 and len(forms) == 13
    found = _records(kg.extract(pdf))
    assert len(found["projects"]) == 13
    assert found == _records(kg.extract(copy))


def test_a_page_with_no_text_is_an_issue_and_the_rest_is_read(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    _font()
    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path), pagesize=landscape(A4))
    page.rect(100, 100, 300, 200, fill=1)  # a page image stands in for a scan: no text layer
    page.showPage()
    table = _table(ROWS)
    table.wrapOn(page, 760, 500)
    table.drawOn(page, 40, 40)
    page.showPage()
    page.save()
    ex = kg.extract(path)
    issues = [(i.source, i.line, i.code) for i in ex.records["issues"]]
    assert issues == [("scan.pdf", 0, "page-no-text")]
    assert (
        "page 1" in ex.records["issues"][0].message
        and "scan.pdf" in ex.records["issues"][0].message
    )
    assert [p.code for p in ex.records["projects"]] == [CODE]
    (doc,), _ = read_file(path)
    assert {line.page for line in doc.lines} == {2}


def test_page_lines_turns_positioned_words_into_lines() -> None:
    """The entry for OCR: words (x0, x1, top, bottom, text) of one page."""
    words = [
        (300, 330, 52, 62, "本级"),  # out of order: lines are read top to bottom, left to right
        (10, 40, 10, 20, "资金总额"),
        (100, 140, 11, 21, "资金来源"),
        (300, 340, 10, 20, "金额(元)"),
        (100, 120, 31, 41, "合计"),
        (500, 540, 30, 40, "5410000"),
        (500, 540, 51, 61, "5410000"),
    ]
    lines = page_lines(words, page=4, first_number=10, ocr=True)
    assert [(ln.number, ln.cells) for ln in lines] == [
        (10, ("资金总额", "资金来源", "金额(元)")),
        (11, ("", "合计", "", "5410000")),
        (12, ("", "", "本级", "5410000")),
    ]
    assert all(ln.page == 4 and ln.ocr and ln.is_row for ln in lines)


# --- broken files ----------------------------------------------------------------------------


def _issues(path: Path) -> list[tuple[str, str]]:
    _, issues = read_file(path)
    assert all(path.name in i.message and i.source == path.name for i in issues)
    return [(i.source, i.code) for i in issues]


def _timed(make: Callable[[], Path]) -> tuple[Path, float]:
    path = make()
    start = time.monotonic()
    read_file(path)
    return path, time.monotonic() - start


def test_a_truncated_pdf_is_an_issue(pdfs: dict[str, Path], tmp_path: Path) -> None:
    data = pdfs["ruled"].read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])  # its trailer lost: nothing can be read
    assert _issues(path) == [("cut.pdf", "file-truncated")]
    path.write_bytes(data[:-8])  # only its %%EOF lost: read, and said so
    assert _issues(path) == [("cut.pdf", "file-truncated")]
    assert [p.code for p in kg.extract(path).records["projects"]] == [CODE]


def test_an_encrypted_pdf_is_an_issue(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    _font()
    path = tmp_path / "locked.pdf"
    page = canvas.Canvas(str(path), encrypt="secret")
    page.setFont(FONT, 12)
    page.drawString(72, 720, "项目名称")
    page.save()
    assert _issues(path) == [("locked.pdf", "file-encrypted")]


def test_ten_thousand_empty_pages_are_bounded(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    def make() -> Path:
        path = tmp_path / "empty.pdf"
        page = canvas.Canvas(str(path))
        for _ in range(10_000):
            page.showPage()
        page.save()
        return path

    path, seconds = _timed(make)
    assert seconds < 60
    codes = [code for _, code in _issues(path)]
    assert codes[0] == "file-too-long"
    assert set(codes[1:]) == {"page-no-text"} and len(codes) - 1 < 10_000


def test_files_named_pdf_that_are_not_pdfs_are_read_by_their_content(tmp_path: Path) -> None:
    page = tmp_path / "page.pdf"
    page.write_text(
        "<!DOCTYPE html><html><body><table><tr><td>项目名称</td><td>乡村教师体检费</td>"
        f"<td>项目编码</td><td>{NEXT_CODE}</td></tr></table></body></html>",
        encoding="utf-8",
    )
    (doc,), _ = read_file(page)
    assert doc.format == "html"
    note = tmp_path / "note.pdf"
    note.write_text("下载失败，请稍后再试。\n", encoding="utf-8")
    ex = kg.extract(note)
    assert [(i.source, i.code) for i in ex.records["issues"]] == [
        ("note.pdf", "document-no-tables")
    ]
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(bytes(range(256)) * 8)
    assert _issues(junk) == [("junk.pdf", "file-binary")]


def test_broken_pdfs_in_a_directory_leave_the_others_read(
    pdfs: dict[str, Path], tmp_path: Path
) -> None:
    shutil.copy(pdfs["ruled"], tmp_path / "good.pdf")
    (tmp_path / "cut.pdf").write_bytes(pdfs["ruled"].read_bytes()[:3000])
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    files, _ = expand_paths([tmp_path])
    assert [f.name for f in files] == ["cut.pdf", "good.pdf", "junk.pdf"]
    ex = kg.extract(tmp_path)
    assert [p.code for p in ex.records["projects"]] == [CODE]
    broken = {i.source for i in ex.records["issues"] if i.code.startswith("file-")}
    assert broken == {"cut.pdf", "junk.pdf"}


# --- where it is printed: the page reaches the tables, the graph and the pages' hovers --------


def test_the_page_of_a_line_reaches_csv_graph_and_hover(
    pdfs: dict[str, Path], tmp_path: Path
) -> None:
    """Calc prints the form over two pages: the project's row (项目名称) is on page 1, the
    satisfaction indicator (学校师生满意度), the form's last row, on page 2."""
    import csv

    from kg.views.network import cited
    from kg.views.network_page import _describe

    ex = kg.extract(pdfs["calc"])
    kg.write_csv(ex, tmp_path)
    with (tmp_path / "indicators.csv").open(encoding="utf-8") as f:
        rows = {r["content"]: r for r in csv.DictReader(f)}
    last = rows["学校师生满意度"]
    assert (last["page"], last["ocr"]) == ("2", "false")
    assert 1 <= int(last["page_line"]) < int(last["line"])  # counted on its page
    with (tmp_path / "projects.csv").open(encoding="utf-8") as f:
        (project,) = list(csv.DictReader(f))
    assert project["page"] == "1" and project["page_line"] == project["line"]

    graph = kg.build_graph(ex)
    where = kg.sparql(
        graph,
        """SELECT ?line ?page ?onPage WHERE { ?p a kg:Project ; kg:sourceLine ?line ;
               kg:sourcePage ?page ; kg:sourcePageLine ?onPage }""",
    )
    assert where.values.tolist() == [[int(project["line"]), 1, int(project["page_line"])]]
    g = kg.to_networkx(graph)
    node = next(d for _, d in g.nodes(data=True) if d.get("code") == CODE)
    assert cited(node) == f"来源 source: calc.pdf 第 1 页 第 {project['page_line']} 行"
    assert cited(node) in _describe(node)


def test_the_audit_of_a_pdf_cites_page_and_line_on_the_page(tmp_path: Path) -> None:
    """The second form, on page 2, prints 本级 5400000 under 合计 5410000 (a funding-sum
    error made here): the report finds it on page 2, at the form's line (项目名称) there."""
    bad = [
        line.replace("5410000", "5400000") if "本级" in line and "5410000" in line else line
        for line in FORM
    ]
    assert bad != FORM
    pdf = _story_pdf(tmp_path / "two.pdf", [_form(NEXT_CODE), bad], paged=True, merged=False)
    out = tmp_path / "audit"
    result = CliRunner().invoke(main, ["audit", str(pdf), "--out", str(out), "--format", "csv"])
    assert result.exit_code == 0, result.output
    (finding,) = [r for r in result.stdout.splitlines() if r.startswith("funding-sum,")]
    (doc,), _ = read_file(pdf)
    form = next(ln for ln in doc.lines if ln.page == 2 and "项目名称" in ln.cells)
    on_page = [ln.number for ln in doc.lines if ln.page == 2].index(form.number) + 1
    assert f"two.pdf,第 2 页 第 {on_page} 行," in finding
    report = (out / "audit.md").read_text(encoding="utf-8")
    assert f"| two.pdf | 第 2 页 第 {on_page} 行 |" in report


def test_an_audit_message_naming_another_line_cites_its_page(tmp_path: Path) -> None:
    """Page 1 prints the form of CODE; page 2 a form of another name under the same code. The
    duplicate-project-code finding on page 2 names where the first one is printed, as page
    and line on that page (not the line counted through the whole document)."""
    renamed = [line.replace("本年中小学义教公用经费本级配套资金", "另一个项目") for line in FORM]
    assert renamed != FORM
    pdf = _story_pdf(tmp_path / "codes.pdf", [FORM, renamed], paged=True, merged=False)
    result = CliRunner().invoke(main, ["audit", str(pdf), "--out", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    (doc,), _ = read_file(pdf)
    first = next(ln for ln in doc.lines if ln.page == 1 and "项目名称" in ln.cells)
    on_page = [ln.number for ln in doc.lines if ln.page == 1].index(first.number) + 1
    report = (tmp_path / "a" / "audit.md").read_text(encoding="utf-8")
    (row,) = [r for r in report.splitlines() if "已用于" in r]
    assert f"已用于 本年中小学义教公用经费本级配套资金（codes.pdf 第 1 页 第 {on_page} 行）" in row
