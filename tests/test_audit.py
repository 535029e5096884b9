"""The audit: each check has a fixture that triggers it and one that does not.

Fixtures are small documents in the printed layout: project forms written here (the 001
layout), and slices of the samples (000's department form, budget table and narrative; 001's
summary table and a form) with one figure changed where the check needs a fault.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.checks import CHECKS, Finding, audit
from kg.cli import main
from kg.pipeline import extract
from kg.resources import SAMPLES
from tests.conftest import DATA, ROOT

SAMPLE = {p.name[:3]: p for p in SAMPLES.iterdir()}
DEFAULT_ROWS = (
    ("产出指标", "数量指标", "受益人数", "≥100人"),
    ("效益指标", "社会效益", "生活水平", "提高"),
)


def form(
    *rows: tuple[str, str, str, str],
    code: str = "450299250410100000001",
    name: str = "测试项目",
    supervisor: str = "101-测试局",
    total: str = "1000000",
    local: str = "1000000",
    gov: str = "0",
) -> str:
    """A project form in the 001 layout (TAB-separated, misaligned as printed)."""
    lines = [
        "2025年度部门预算测试区本级项目支出绩效目标申报表",
        "",
        f"项目名称\t{name}\t项目编码\t{code}\t",
        f"项目实施单位\t测试单位\t项目主管单位\t{supervisor}\t",
        "项目属性\t2-阶段性项目\t\t\t",
        "资金总额\t资金来源\t金额(元)\t\t",
        f"\t合计\t\t{total}\t",
        "\t其中：一般公共预算拨款\t其中：上级\t\t0",
        f"\t\t本级\t\t{local}",
        f"\t政府性基金\t\t{gov}\t",
        "其他资金\t\t0\t\t",
        "年度绩效目标\t测试目标\t\t\t",
        "项目年度绩效目标衡量指标\t一级指标\t二级指标\t指标内容\t指标值",
    ]
    lines += [
        f"\t{l1}\t{l2}\t{content}\t{value}" for l1, l2, content, value in rows or DEFAULT_ROWS
    ]
    lines += ["满意度指标\t服务对象满意度\t群众满意度\t≥90%\t", ""]
    return "\n".join(lines)


def cost(content: str, value: str) -> tuple[str, str, str, str]:
    return ("产出指标", "成本指标", content, value)


def count(content: str, value: str) -> tuple[str, str, str, str]:
    return ("产出指标", "数量指标", content, value)


def lines(code: str, start: int, end: int) -> str:
    """Lines start..end (1-based, inclusive) of a sample."""
    text = SAMPLE[code].read_text(encoding="utf-8").split("\n")
    return "\n".join(text[start - 1 : end]) + "\n"


DEPARTMENT = lines("000", 325, 360)  # 101 人大常委会: functions 1–14, all different
GOV_FUND_TABLE = lines("000", 231, 277)  # 政府性基金预算 2025, both parts
SOCIAL_TABLE = lines("000", 305, 323)  # 社会保险基金预算 2025: its items add up
NARRATIVE_HEAD = "## 二、2025 年预算草案\n\n### **(四) 政府性基金预算草案**\n\n"
NARRATIVE = NARRATIVE_HEAD + lines("000", 125, 125)
SUMMARY_HEAD = lines("001", 3, 7)
SUMMARY_ROW = (
    "1\t柳州市柳江区教育局\t柳州市柳江区教育局教研室\t本年中小学义教公用经费本级配套资金\t541.00\n"
)
SUMMARY_FORM = lines("001", 23, 48)  # 本年中小学义教公用经费本级配套资金, 合计 5410000


def summary(row: str = SUMMARY_ROW, total: str = "541.00", form_text: str = SUMMARY_FORM) -> str:
    return SUMMARY_HEAD + row + f"合计\t\t\t\t{total}\n\n" + form_text


def run(tmp_path: Path, *texts: str) -> list[Finding]:
    for k, text in enumerate(texts):
        (tmp_path / f"doc{k}.txt").write_text(text, encoding="utf-8")
    return audit(extract([tmp_path]))


#: check → (a document that triggers it, one that does not)
CASES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "funding-sum": ((form(local="900000"),), (form(),)),
    "cost-cap-above-total": (
        (form(cost("项目总成本", "≤150万元")),),
        (form(cost("项目总成本", "≤100万元")),),
    ),
    "cost-cap-below-total": (
        (form(cost("项目总成本", "≤80万元")),),
        (form(cost("项目总成本", "≤100.00万元")),),
    ),
    "cost-cap-rounding": (
        (form(cost("项目总成本", "≤100万元"), total="1000049", local="1000049"),),
        (form(cost("项目总成本", "≤100万元")),),
    ),
    "cost-cap-unit": (
        (form(cost("项目总成本", "≤1000000")),),
        (form(cost("预算控制率", "≤100%")),),
    ),
    "payout-exceeds-total": (
        (form(count("补助户数", "≥120户"), cost("补助标准", "10000元/户")),),
        (form(count("补助户数", "≥80户"), cost("补助标准", "10000元/户")),),
    ),
    "inverted-operator": (
        (form(("产出指标", "质量指标", "补助发放率", "≤95%")),),
        (
            form(
                ("产出指标", "质量指标", "补助发放率", "≥95%"),
                ("产出指标", "质量指标", "系统故障率", "≤5%"),
            ),
        ),
    ),
    "deadline-outside-year": (
        (form(("产出指标", "时效指标", "完成时间", "2026年12月31日前")),),
        (form(("产出指标", "时效指标", "完成时间", "2025年12月31日前")),),
    ),
    "value-without-unit": (
        (form(count("受益人数", "≥100")),),
        (form(count("受益人数", "≥100人")),),
    ),
    "duplicate-indicator": (
        (form(count("受益人数", "≥100人"), count("受益人数", "≥120人")),),
        (form(count("受益人数", "≥100人"), count("受益户数", "≥120户")),),
    ),
    "duplicate-project-code": (
        (form(), form(name="另一个项目")),
        (form(), form(name="另一个项目", code="450299250410100000002")),
    ),
    "name-drift": (
        (form(), form(code="450299250410100000002", supervisor="101-测试管理局")),
        (form(), form(code="450299250410100000002")),
    ),
    "duplicate-function": (
        (DEPARTMENT.replace("召集本级人大常委会会议。", "领导或者主持本级人大常委会代表的选举。"),),
        (DEPARTMENT,),
    ),
    "summary-name": (
        (summary(SUMMARY_ROW.replace("本年中小学", "中小学")),),
        (summary(),),
    ),
    "summary-amount": ((summary(SUMMARY_ROW.replace("541.00", "542.00"), "542.00"),), (summary(),)),
    "summary-rounding": (
        (summary(form_text=SUMMARY_FORM.replace("5410000", "5410049")),),
        (summary(),),
    ),
    "summary-unmatched": (
        (
            summary(
                SUMMARY_ROW
                + "2\t柳州市柳江区民政局\t柳州市柳江区民政局\t残疾人两项补贴资金\t160.00\n",
                "701.00",
            ),
        ),
        (summary(),),
    ),
    "narrative-mismatch": (
        (NARRATIVE + GOV_FUND_TABLE,),
        (NARRATIVE.replace("0.10 亿元", "0.09 亿元") + GOV_FUND_TABLE,),
    ),
    "narrative-rounding": (
        (NARRATIVE + GOV_FUND_TABLE,),
        (
            NARRATIVE_HEAD
            + "2025 年,区本级政府性基金预算收入 939 万元,增长 11.26%。\n"
            + GOV_FUND_TABLE,
        ),
    ),
    "table-sum": ((SOCIAL_TABLE.replace("15,638\t15,638", "15,638\t15,738", 1),), (SOCIAL_TABLE,)),
    "table-completion": (
        (GOV_FUND_TABLE.replace("844\t100.00\t226", "844\t99.00\t226", 1),),
        (GOV_FUND_TABLE,),
    ),
    "table-growth": ((GOV_FUND_TABLE.replace("226\t36.57", "226\t40.57", 1),), (GOV_FUND_TABLE,)),
}


def test_every_check_has_a_case() -> None:
    assert set(CASES) == set(CHECKS)


@pytest.mark.parametrize("check", sorted(CASES))
def test_check_fires_on_its_fixture(check: str, tmp_path: Path) -> None:
    found = run(tmp_path, *CASES[check][0])
    assert check in {f.code for f in found}, [f"{f.code} {f.message}" for f in found]


@pytest.mark.parametrize("check", sorted(CASES))
def test_check_is_quiet_on_the_clean_fixture(check: str, tmp_path: Path) -> None:
    found = run(tmp_path, *CASES[check][1])
    assert check not in {f.code for f in found}, [f"{f.code} {f.message}" for f in found]


def test_findings_cite_file_line_and_figures(tmp_path: Path) -> None:
    (finding,) = [
        f
        for f in run(
            tmp_path,
            form(
                count("补助户数", "≥363户"),
                cost("补助标准", "10000元/人/户"),
                total="3500000",
                local="3500000",
            ),
        )
        if f.code == "payout-exceeds-total"
    ]
    assert finding.source == "doc0.txt" and finding.line == 15  # the standard (line 15 of the form)
    assert "3630000" in finding.figures and "3500000" in finding.figures


def test_unreadable_input_still_audits_the_rest(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(form(local="900000"), encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    result = CliRunner().invoke(main, ["audit", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "funding-sum" in result.stdout and "bad.txt" in result.stderr


def test_strict_exits_1_on_an_error_finding(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(form(local="900000"), encoding="utf-8")
    out = tmp_path / "out"
    args = ["audit", str(tmp_path / "doc.txt"), "--out", str(out), "--format", "json"]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert CliRunner().invoke(main, [*args, "--strict"]).exit_code == 1
    (tmp_path / "doc.txt").write_text(form(), encoding="utf-8")
    assert CliRunner().invoke(main, [*args, "--strict"]).exit_code == 0
    assert (out / "audit.md").exists() and (out / "audit.ttl").exists()


def test_markdown_report_keeps_document_text_inert(tmp_path: Path) -> None:
    xss = (DATA / "xss-names.txt").read_text(encoding="utf-8")
    (tmp_path / "doc.txt").write_text(xss + "\n" + xss, encoding="utf-8")  # a duplicate code
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["audit", str(tmp_path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = (out / "audit.md").read_text(encoding="utf-8")
    assert "duplicate-project-code" in report
    assert "<img" not in report and "<script>" not in report
    assert "&lt;img src=x onerror=alert(1)&gt;" in report


# --- the samples against a hand-made list ---------------------------------------------------
#
# tests/expected/audit.json was written by a reader who read the four documents cell by cell
# (never running kg) against written definitions of the checks; AUDIT_NOTES.md has their
# judgement calls. Where the tool's definition was settled differently after that reading,
# the difference is stated here, finding by finding, instead of being edited into the list.

KEY = json.loads((ROOT / "tests" / "expected" / "audit.json").read_text(encoding="utf-8"))
#: caps printed in 万元 that are the total at the cap's own precision (698.14万元 for
#: 6,981,385.80 元): the reader listed them as above/below the total (11–3,512 元 off); the
#: tool reports them as cost-cap-rounding, like the summary table's rounded amounts
CAP_ROUNDING = {807, 1013, 1938, 2105, 777, 1206, 2301}
#: standard × count pairs the reader's rule made but that name different things: the
#: 500元/亩 planting subsidies × the forest-insurance area (000 334); the 10,000元/人/户 family
#: standard × the 640 soldiers' parents insured, and the firefighters' standard × all 363
#: families (001). The tool pairs a standard with a count only when they share a word of
#: three characters, or, for a per-household standard, with any household count.
NOT_PAIRED = {("000", 1313), ("000", 1314), ("001", 178), ("001", "体检人数")}
#: found by the tool, not on the reader's list: 002's 2022年9月-2023年3月 is a deadline outside
#: the 2023 budget year although the form files it under 成本指标 (the reader left it out for
#: that reason); 000's department 326 prints 职能5 = 职能4 (lines 1056/1057) and 366 prints
#: 职能14 = 职能12 (lines 1552/1554), checked by eye (duplicate functions were not on the
#: reader's list of checks).
ALSO_FOUND = [
    ("deadline-outside-year", "002", 421),
    ("duplicate-function", "000", 1057),
    ("duplicate-function", "000", 1554),
]


def _expected() -> Counter[tuple[str, str, int]]:
    out: Counter[tuple[str, str, int]] = Counter()
    for f in KEY["findings"]:
        doc, line, check = f["source"][:3], f["line"], f["check"]
        if check.startswith("cost-cap-") and line in CAP_ROUNDING:
            check = "cost-cap-rounding"
        if check == "payout-exceeds-total" and (
            (doc, line) in NOT_PAIRED
            or (("001", "体检人数") in NOT_PAIRED and "体检人数" in f["key"])
        ):
            continue
        out[(check, doc, line)] += 1
    out.update(ALSO_FOUND)
    return out


@pytest.fixture(scope="module")
def sample_findings() -> list[Finding]:
    return audit(extract([SAMPLES]))


def test_samples_match_the_hand_made_list(sample_findings: list[Finding]) -> None:
    found = Counter((f.code, f.source[:3], f.line) for f in sample_findings)
    expected = _expected()
    assert found - expected == Counter(), "found but not expected"
    assert expected - found == Counter(), "expected but not found"


def _one(findings: list[Finding], code: str, source: str, line: int) -> Finding:
    (f,) = [f for f in findings if (f.code, f.source[:3], f.line) == (code, source, line)]
    return f


def test_the_cases_named_in_the_issue(sample_findings: list[Finding]) -> None:
    f = _one(sample_findings, "payout-exceeds-total", "001", 177)
    assert "363" in f.figures and "3630000" in f.figures and "3500000" in f.figures
    f = _one(sample_findings, "summary-rounding", "001", 12)
    assert "750.48" in f.figures and "7504790" in f.figures
    assert _one(sample_findings, "summary-name", "001", 11).message.startswith(
        "汇总表「计生奖扶（广西城镇居民年老奖励）」"
    )
    f = [x for x in sample_findings if x.line == 23 and x.code == "narrative-rounding"]
    assert any("16.30亿元" in x.figures and "162995" in x.figures for x in f)
    f = _one(sample_findings, "narrative-mismatch", "000", 125)
    assert "0.10亿元" in f.figures and "939" in f.figures
    f = _one(sample_findings, "name-drift", "000", 2509)
    assert "发展和改革委员会" in f.message and "发展和改革局" in f.message
    assert "≤95%" in _one(sample_findings, "inverted-operator", "002", 174).message
    assert "26913105.03" in _one(sample_findings, "cost-cap-above-total", "000", 470).figures
    f = _one(sample_findings, "cost-cap-above-total", "000", 2438)
    assert f.key.startswith("450203250420700008194") and "4900000" in f.figures
    f = _one(sample_findings, "duplicate-indicator", "000", 971)
    assert "普法宣传工作经费" in f.key and "≤39.1万元" in f.figures and "≤24.72万元" in f.figures


def test_markdown_viewers_render_document_text_as_text(tmp_path: Path) -> None:
    """audit.md as a Markdown viewer shows it (markdown-it-py, CommonMark with GFM tables):
    an image, a javascript: link, code and emphasis in a project's name stay text, and a file
    name with a backtick does not break the list of documents."""
    from markdown_it import MarkdownIt

    name = "![x](http://evil.example/p.png)[点我](javascript:alert(1))`code`*强调*"
    xss = (DATA / "xss-names.txt").read_text(encoding="utf-8")
    hostile = xss.replace("<img src=x onerror=alert(1)></script><script>alert(2)</script>", name)
    (tmp_path / "a`b.txt").write_text(hostile + "\n" + hostile, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["audit", str(tmp_path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = (out / "audit.md").read_text(encoding="utf-8")
    html = MarkdownIt("commonmark").enable("table").render(report)
    assert "<img" not in html and "<a " not in html and "<code>" not in html
    assert "<em>" not in html and "href" not in html
    assert "![x](http://evil.example/p.png)[点我](javascript:alert(1))`code`*强调*" in html
    assert "a`b.txt" in html
