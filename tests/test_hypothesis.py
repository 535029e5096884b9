"""The whole pipeline never crashes, whatever text it is given."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.pipeline import extract
from kg.read.clean import clean_cell
from tests.conftest import DATA

_WORDS = [
    "项目名称",
    "项目编码",
    "部门名称",
    "部门编码",
    "合计",
    "其中：上级",
    "本级",
    "产出指标",
    "数量指标",
    "成本指标",
    "效益指标",
    "满意度指标",
    "服务对象满意度",
    "一级指标",
    "二级指标",
    "指标内容",
    "指标值",
    "职能1",
    "目标1",
    "项目序号",
    "项 目",
    "2024年",
    "≥90%",
    "1,000",
    "$\\geq 8\\%$",
    "<b>",
    "##",
    "--|--",
    "总体绩效目标",
    "绩效指标：",
    "产出指标中",
    "数量指标的",
    "工作保障措施",
    "单位：万元",
    "830001 单位",
]
_CELL = st.one_of(st.sampled_from(_WORDS), st.text(max_size=12))
_LINE = st.lists(_CELL, max_size=7).map("\t".join)
_DOC = st.lists(_LINE, max_size=40).map("\n".join)


def _run(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.txt"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        ex = extract([path])
        for record in ex.indicators + ex.issues:
            assert record.source == "doc.txt"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DOC)
def test_pipeline_never_crashes_on_form_like_text(text: str) -> None:
    _run(text)


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_pipeline_never_crashes_on_any_text(text: str) -> None:
    _run(text.replace("\x00", ""))


_SAMPLE = (DATA / "row-shifted-left.txt").read_text(encoding="utf-8").splitlines()


@settings(max_examples=60, deadline=None)
@given(st.permutations(_SAMPLE), st.integers(0, len(_SAMPLE)))
def test_shuffled_and_truncated_forms(lines: list[str], cut: int) -> None:
    _run("\n".join(lines[:cut]))


@given(st.text())
def test_clean_never_crashes(text: str) -> None:
    assert "\t" not in clean_cell(text.replace("\t", " "))
