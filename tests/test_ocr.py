"""Scanned pages: without --ocr an issue per page; with it, Tesseract (chi_sim) reads the form.

The scans are made here: the form of 项目编码 450206220411800006425 (data/samples/001, its
printed lines; tests/test_pdf.py holds them) laid out as a ruled worksheet, printed to PDF by
LibreOffice Calc (two pages), each page rendered at 300 dpi (pypdfium2) into a two-page TIFF
and into a PDF of page images with no text layer (reportlab).

Measured with Tesseract 5 and Debian's chi_sim model on these scans: the project's code,
name, implementing unit, supervising department and 资金总额 are read exactly, and 7 of the
form's 11 indicators (content and value exactly). The issue's target is 90%; what is missed
is Tesseract's reading of target symbols (≤541万元 read as <541万元, ≥95% as 三95%, two
=100% lost). The test holds the measured figure so a regression shows.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

import kg
from kg.read.ocr import render
from tests.test_pdf import CODE, FORM, _records, _soffice, _xlsx

#: indicators read exactly, of 11 (measured; see the module docstring)
EXACT_INDICATORS = 7


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from reportlab.pdfgen import canvas

    out = tmp_path_factory.mktemp("scan")
    (pdf,) = _soffice([_xlsx(out / "calc.xlsx")], out)
    data = pdf.read_bytes()
    import pypdfium2 as pdfium

    pages = [render(data, n) for n in range(1, len(pdfium.PdfDocument(data)) + 1)]
    assert len(pages) == 2
    tiff = out / "scan.tif"
    pages[0].save(tiff, save_all=True, append_images=pages[1:], compression="tiff_deflate")
    scanned = out / "scanned.pdf"
    sheet = canvas.Canvas(str(scanned))
    for n, image in enumerate(pages, start=1):
        png = out / f"page{n}.png"
        image.save(png)
        w, h = image.width * 72 / 300, image.height * 72 / 300
        sheet.setPageSize((w, h))
        sheet.drawImage(str(png), 0, 0, w, h)
        sheet.showPage()
    sheet.save()
    text = out / "form.txt"
    text.write_text("\n".join(FORM) + "\n", encoding="utf-8")
    return {"tiff": tiff, "pdf": scanned, "text": text, "png": out / "page1.png"}


@pytest.fixture(scope="module")
def recognised(scans: dict[str, Path]) -> kg.Extraction:
    return kg.extract(scans["tiff"], ocr=True)


@pytest.mark.parametrize("kind", ["tiff", "png", "pdf"])
def test_without_ocr_every_page_image_is_an_issue(kind: str, scans: dict[str, Path]) -> None:
    ex = kg.extract(scans[kind])
    issues = [(i.source, i.code) for i in ex.issues]
    pages = 1 if kind == "png" else 2
    assert issues == [(scans[kind].name, "page-no-text")] * pages
    assert all("--ocr" in i.message for i in ex.issues)
    assert not ex.records["projects"]


def test_ocr_reads_the_form(recognised: kg.Extraction, scans: dict[str, Path]) -> None:
    (project,) = recognised.records["projects"]
    assert (project.code, project.name) == (CODE, "本年中小学义教公用经费本级配套资金")
    assert project.implementing_unit == "柳州市柳江区教育局教研室"
    assert project.supervising_unit == "柳州市柳江区教育局"
    assert project.total_yuan == Decimal("5410000")
    want = _records(kg.extract(scans["text"]))["indicators"]
    got = _records(recognised)["indicators"]
    assert len(want) == 11
    assert sum(1 for i in want if i in got) >= EXACT_INDICATORS


def test_what_ocr_read_is_marked_as_such(recognised: kg.Extraction, tmp_path: Path) -> None:
    kg.write_csv(recognised, tmp_path)
    with (tmp_path / "indicators.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and {r["ocr"] for r in rows} == {"true"}
    assert {r["page"] for r in rows} <= {"1", "2"} and "1" in {r["page"] for r in rows}
    graph = kg.build_graph(recognised)
    marked = kg.sparql(
        graph,
        """SELECT ?page ?ocr WHERE { ?p a kg:Project ; kg:sourcePage ?page ;
               kg:recognisedByOCR ?ocr }""",
    )
    assert marked.values.tolist() == [[1, True]]


def test_a_pdf_of_page_images_is_recognised_with_ocr(scans: dict[str, Path]) -> None:
    ex = kg.extract(scans["pdf"], ocr=True)
    assert [p.code for p in ex.records["projects"]] == [CODE]
    assert not [i for i in ex.issues if i.code.startswith(("page-", "file-"))]
