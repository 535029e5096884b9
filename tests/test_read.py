"""Reading: encodings, unreadable input, and converter-noise cleaning."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from kg.pipeline import extract
from kg.read import read_document
from kg.read.clean import clean_cell, is_separator
from tests.conftest import DATA

FORM = (DATA / "row-shifted-left.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("gb18030", b""),
        ("gbk", b""),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),
    ],
)
def test_encodings_read_the_same(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / "form.txt"
    path.write_bytes(prefix + FORM.encode(encoding))
    doc, issues = read_document(path)
    assert issues == [] and doc is not None
    ex = extract([path])
    assert [p.name for p in ex.projects] == ["左移"]
    assert len(ex.indicators) == 4


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "file-empty"),
        (b"   \n\n", "file-empty"),
        (bytes(range(256)) * 20, "file-binary"),
        (b"just a note, no tables", "document-no-tables"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 50, "file-unreadable"),  # cut image
        (b"\x00\x01\x02\x03PK\xff\xfe" * 40, "file-binary"),
    ],
)
def test_bad_files_give_one_issue_and_others_go_through(
    tmp_path: Path, content: bytes, code: str
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(FORM, encoding="utf-8")
    ex = extract([bad, good])
    assert [(i.source, i.code) for i in ex.issues] == [("bad.txt", code)]
    assert "bad.txt" in ex.issues[0].message
    assert len(ex.projects) == 1


def test_unreadable_file_is_an_issue_naming_it(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    doc, issues = read_document(folder)  # reading a directory's bytes fails
    assert doc is None
    assert [(i.source, i.code) for i in issues] == [("folder.txt", "file-unreadable")]
    assert "folder.txt" in issues[0].message


def test_missing_path_and_a_directory_that_is_read_as_a_file(tmp_path: Path) -> None:
    odd = tmp_path / "dir.txt"
    odd.mkdir()
    ex = extract([tmp_path / "nope.txt", odd])
    assert [(i.source, i.code) for i in ex.issues] == [("nope.txt", "file-unreadable")]


def test_directory_input_reads_text_files_in_order(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(FORM, encoding="utf-8")
    (tmp_path / "a.txt").write_text(FORM.replace("左移", "甲"), encoding="utf-8")
    (tmp_path / "ignored.bin").write_bytes(b"\x89PNG")
    ex = extract([tmp_path])
    assert ex.sources == ["a.txt", "b.txt"]
    assert [i.code for i in ex.issues] == ["file-skipped"]  # named, not read


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<b>合计</b>", "合计"),
        ("<p>为其他监管场所</p>", "为其他监管场所"),
        (r"$\geq 80\%$", "≥80%"),
        (r"$\leq 5507960$ 元", "≤5507960元"),
        (r"$= 100\%$", "=100%"),
        (r"保护生态环境 \leq 被破坏比率", "保护生态环境≤被破坏比率"),
        ("≥ 2200 人", "≥2200人"),
        ("≥ 3 %", "≥3%"),
        ("＝１００％", "=100%"),
        ("满意度指 标", "满意度指标"),
        ("2818641.07m ²", "2818641.07m²"),
        ("计生奖扶（广西城镇居民年老奖励）", "计生奖扶（广西城镇居民年老奖励）"),
        ("<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>"),
        ("Smart City 2025", "Smart City 2025"),
    ],
)
def test_clean_cell(raw: str, clean: str) -> None:
    assert clean_cell(raw) == clean


def test_separator_lines() -> None:
    assert is_separator("--\t--\t-----------------\t------")
    assert is_separator("|---|:---:|")
    assert not is_separator("-1,784")
    assert not is_separator("")


def test_line_numbers_survive_cleaning(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_text("\n\n## 标题\n<b>x</b>\ta\n", encoding="utf-8")
    doc, _ = read_document(path)
    assert doc is not None
    row = next(line for line in doc.lines if line.is_row)
    assert (row.number, row.cells) == (4, ("x", "a"))
