"""Text shapes that web pages produce when a text extractor flattens a 绩效目标表.

The fixtures in tests/data/shapes were written by hand (invented projects, units and
numbers); each file is named after the defect of its shape. The expectations below were
read from the fixture text, line numbers included.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import Any

import kg
from kg.domain.model import Extraction, Project
from tests.conftest import DATA

SHAPES = DATA / "shapes"

#: a level the page does not print: either empty value is fine
EMPTY = frozenset({None, ""})


def either(*labels: str | None) -> frozenset[str | None]:
    """Acceptable values of a level: the page prints only the level-2 label, and its
    framework parent (产出指标 for 数量指标, ...) may be inferred or left empty."""
    return frozenset(labels) | EMPTY


@functools.cache
def _extract(name: str) -> Extraction:
    return kg.extract([SHAPES / name])


def _read(name: str) -> tuple[Extraction, list[tuple[str, str, str, str]]]:
    ex = _extract(name)
    inds = [(i.l1, i.l2, i.content, i.value) for i in ex.indicators]
    return ex, inds


def _match(got: list[Any], expected: list[Any]) -> list[Any]:
    """``got`` with each level that falls in the expected set of alternatives replaced by
    that set, so ``assert _match(got, expected) == expected`` shows a plain diff."""
    out = []
    for n, row in enumerate(got):
        want = expected[n] if n < len(expected) else None
        if want is not None and len(want) == len(row):
            row = tuple(
                w if isinstance(w, frozenset) and g in w else g
                for g, w in zip(row, want, strict=True)
            )
        out.append(row)
    return out


_MISSING = re.compile(r": no ([\w, ]+) printed on the form$")


def _issues(
    ex: Extraction, allowed_missing: frozenset[str] = frozenset({"code"})
) -> list[tuple[int, str]]:
    """(line, code) of the issues, leaving out a form-field-missing that names only fields
    the fixture really does not print (no fixture prints a project code)."""
    kept = []
    for i in ex.issues:
        m = _MISSING.search(i.message)
        if i.code == "form-field-missing" and m and set(m.group(1).split(", ")) <= allowed_missing:
            continue
        kept.append((i.line, i.code))
    return kept


def _issue_lines(ex: Extraction) -> set[int]:
    return {i.line for i in ex.issues}


def _line_of(ex: Extraction, content: str) -> int:
    line: int = next(i.line for i in ex.indicators if i.content == content)
    return line


def _project(ex: Extraction) -> Project:
    assert len(ex.projects) == 1, [p.name for p in ex.projects]
    project: Project = ex.projects[0]
    return project


#: the level labels the shape tests print most
OUT, EFFECT, SAT = "产出指标", "效益指标", "满意度指标"
RECIPIENT = "服务对象满意度指标"


def _rows(name: str) -> list[tuple[int, str, str, str, str]]:
    """A fixture's indicators: (line, level 1, level 2, content, value)."""
    return [(i.line, i.l1, i.l2, i.content, i.value) for i in _extract(name).indicators]


def _form(name: str) -> tuple[str, str, str, Decimal | None]:
    """A one-form fixture's project: name, supervising unit, implementing unit, total."""
    p = _project(_extract(name))
    return p.name, p.supervising_unit, p.implementing_unit, p.total_yuan


# --- 1. cell | cell | |||| ----------------------------------------------------------------


def test_pipe_rows_with_trailing_pipes__form() -> None:
    ex = _extract("pipe-rows-trailing-pipes.txt")
    p = _project(ex)
    assert (p.name, p.implementing_unit, p.supervising_unit, p.total_yuan) == (
        "乡村道路硬化工程",
        "青山县交通运输局",  # 实施单位 follows the empty 主管部门 cell
        "",
        Decimal(1200000),
    )
    assert p.goal == "完成5条村组道路硬化,全长8公里,改善沿线群众出行条件。"


def test_pipe_rows_with_trailing_pipes__indicators() -> None:
    ex, inds = _read("pipe-rows-trailing-pipes.txt")
    assert inds == [
        ("产出指标", "数量指标", "硬化道路条数", "5条"),
        ("产出指标", "数量指标", "硬化道路总长度", "8公里"),
        ("产出指标", "数量指标", "路面宽度", "4.5米"),  # 产出指标 printed on the block's 3rd row
        ("产出指标", "质量指标", "工程验收合格率", "100%"),
        ("产出指标", "时效指标", "工程完工时间", "2024年10月31日前"),
        ("产出指标", "成本指标", "每公里建设成本", "≤15万元"),
        ("效益指标", "社会效益指标", "受益群众人数", "≥3200人"),
        ("效益指标", "社会效益指标", "群众出行时间", "明显缩短"),
        ("满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%"),
    ]
    assert [_line_of(ex, c) for c in ("硬化道路条数", "路面宽度", "沿线群众满意度")] == [9, 11, 17]


def test_pipe_rows_with_trailing_pipes__issues() -> None:
    ex = _extract("pipe-rows-trailing-pipes.txt")
    # the title, the year, the sub-header and the signature row are no rows of the table
    assert _issues(ex, frozenset({"code", "supervising"})) == []
    assert not _issue_lines(ex) & {2, 7, 8, 18}


# --- 2. one cell per line, rows separated by | ---------------------------------------------


def test_pipe_cells_one_per_line__form() -> None:
    ex = _extract("pipe-cells-one-per-line.txt")
    p = _project(ex)  # the list of other projects above the table is no form
    assert (p.name, p.implementing_unit, p.supervising_unit, p.total_yuan) == (
        "通村公路硬化建设",
        "石门县农村公路建设服务中心",
        "石门县交通运输局",  # 申报单位, the only department printed
        Decimal(2800000),
    )
    assert p.goal == "完成3.5公里通村公路硬化,解决沿线4个自然村群众出行难问题。"


def test_pipe_cells_one_per_line__indicators() -> None:
    ex, inds = _read("pipe-cells-one-per-line.txt")
    assert inds == [
        ("产出指标", "数量指标", "硬化道路", "=3.5公里"),
        ("产出指标", "质量指标", "工程验收合格率", "≥98%"),
        ("效益指标", "社会效益指标", "受益人口", "≥1500人"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
    ]
    assert [_line_of(ex, c) for c in ("硬化道路", "群众满意度")] == [34, 54]


def test_pipe_cells_one_per_line__issues() -> None:
    ex = _extract("pipe-cells-one-per-line.txt")
    assert _issues(ex) == []
    assert not _issue_lines(ex) & set(range(1, 7))  # the notice and the project list


# --- 3. a cell a line, blank lines between, empty cells as a lone space --------------------


def test_blank_line_cells_with_unit_code_and_long_term_columns__form() -> None:
    ex = _extract("blank-line-cells.txt")
    p = _project(ex)
    assert (
        p.name,
        p.implementing_unit,
        p.supervising_unit,
        p.supervising_code,
        p.total_yuan,
    ) == ("基层医疗机构设备购置", "临江区人民医院", "临江区卫生健康局", "012003", Decimal(1500000))
    assert p.goal == "购置基层医疗设备12台,提升基层医疗机构诊疗能力。"
    general = [f.amount_yuan for f in ex.funding if f.source_kind == "general_public"]
    assert general == [Decimal(1500000)]  # 当年财政拨款 replaces 财政拨款, not added to it


def test_blank_line_cells_with_unit_code_and_long_term_columns__indicators() -> None:
    ex, inds = _read("blank-line-cells.txt")
    # the long-term columns are lone spaces: the year's columns hold the indicators
    assert inds == [
        ("产出指标", "数量指标", "购置设备数量", "≥12台"),
        ("产出指标", "质量指标", "设备验收合格率", "=100%"),
        ("满意度指标", "服务对象满意度指标", "患者满意度", "≥90%"),
    ]
    assert [_line_of(ex, c) for c in ("购置设备数量", "患者满意度")] == [53, 81]


def test_blank_line_cells_with_unit_code_and_long_term_columns__issues() -> None:
    ex = _extract("blank-line-cells.txt")
    assert _issues(ex) == []


# --- 4. cells run together, no delimiters --------------------------------------------------


def test_cells_run_together_and_the_cut_last_row__form() -> None:
    ex = _extract("cells-run-together.txt")
    assert ex.projects == []
    assert len(ex.departments) == 1
    d = ex.departments[0]
    assert (d.name, d.total_yuan) == ("青川县林业局", Decimal(885000))
    funding = {(f.source_kind, f.amount_yuan) for f in ex.funding}
    assert ("general_public", Decimal(885000)) in funding
    # 基本支出 and 项目支出 split the spending; they are no source of funds
    assert not {a for _, a in funding} & {Decimal(805000), Decimal(80000)}


def test_cells_run_together_and_the_cut_last_row__indicators() -> None:
    ex, inds = _read("cells-run-together.txt")
    assert inds == [
        ("产出指标", "数量指标", "防火巡护次数", "≥120次"),  # the name printed twice
        ("产出指标", "数量指标", "有害生物防治面积", "3000亩"),  # name, then its 指标解释
        ("产出指标", "数量指标", "新建瞭望塔数量", "3个"),
        ("产出指标", "质量指标", "防治成效率", "≥85%"),
        ("产出指标", "时效指标", "巡护任务完成时间", "2024年12月31日前"),
        ("效益指标", "生态效益指标", "森林覆盖率", "≥62%"),
    ]
    assert [_line_of(ex, c) for c in ("防火巡护次数", "新建瞭望塔数量", "森林覆盖率")] == [
        13,
        17,
        23,
    ]


def test_cells_run_together_and_the_cut_last_row__issues() -> None:
    ex = _extract("cells-run-together.txt")
    assert _issues(ex) == [(25, "row-incomplete")]  # 林农满意度: the page ends in its row


# --- 5. targets as prose, wrapped in the middle of words -----------------------------------


def test_prose_targets_wrapped_mid_word__form() -> None:
    ex = _extract("prose-targets.txt")
    p = _project(ex)
    assert (p.name, p.implementing_unit, p.supervising_unit, p.total_yuan) == (
        "农村养老服务补贴",
        "云溪镇人民政府",
        "云溪县民政局",
        Decimal(650000),
    )
    assert p.goal.startswith(
        "为辖区内80周岁以上农村老年人按月发放养老服务补贴,提升老年人生活质量。"
    )


def test_prose_targets_wrapped_mid_word__indicators() -> None:
    ex, inds = _read("prose-targets.txt")
    expected = [
        (either("产出指标"), "数量指标", "补贴发放人数", "≥850人"),
        (either("产出指标"), "质量指标", "补贴发放准确率", "=100%"),  # 补|贴 wrapped
        (either("产出指标"), "时效指标", "补贴按月发放及时率", "≥95%"),
        (either("产出指标", "成本指标"), "成本指标", "人均补贴标准", "=60元/月"),  # 成本指|标
        (either("效益指标"), "社会效益指标", "老年人生活质量得到改善", "有效"),  # 定性: its nature
        (either("满意度指标"), either("满意度指标"), "受补贴老人满意度", "≥90%"),
    ]
    assert _match(inds, expected) == expected
    lines = [_line_of(ex, c) for c in ("补贴发放人数", "补贴按月发放及时率", "受补贴老人满意度")]
    assert lines == [7, 8, 10]


def test_prose_targets_wrapped_mid_word__issues() -> None:
    ex = _extract("prose-targets.txt")
    assert _issues(ex) == []
    assert 1 not in _issue_lines(ex)  # the page number


# --- 6. cells separated by runs of spaces, weights beside the values -----------------------


def test_spaced_rows_with_weights__form() -> None:
    ex = _extract("spaced-rows-weights.txt")
    p = _project(ex)
    assert (p.name, p.implementing_unit, p.supervising_unit, p.total_yuan) == (
        "学校食堂改造项目",
        "望江县第二中学",
        "望江县教育局",
        Decimal(450000),
    )
    assert p.goal == "完成第二中学学生食堂改造600平方米,更新厨房设备,改善1200名学生就餐条件。"


def test_spaced_rows_with_weights__indicators() -> None:
    ex, inds = _read("spaced-rows-weights.txt")
    assert inds == [
        ("产出指标", "数量指标", "食堂改造面积", "≥600平方米"),
        ("产出指标", "质量指标", "工程验收合格率", "=100%"),
        ("产出指标", "时效指标", "工程完工时间", "2024年8月31日前"),
        ("成本指标", "经济成本指标", "改造工程总成本", "≤30万元"),  # 10 is its weight
        ("成本指标", "经济成本指标", "厨房设备购置成本", "≤15万元"),
        ("效益指标", "社会效益指标", "惠及学生人数", "≥1200人"),
        ("满意度指标", "服务对象满意度指标", "师生满意度", "≥90%"),
    ]
    assert [_line_of(ex, c) for c in ("食堂改造面积", "改造工程总成本", "厨房设备购置成本")] == [
        10,
        13,
        14,
    ]


def test_spaced_rows_with_weights__issues() -> None:
    ex = _extract("spaced-rows-weights.txt")
    assert _issues(ex) == []


# --- 7. 中央预算内投资计划绩效目标表 ---------------------------------------------------


def test_ndrc_investment_template__form() -> None:
    ex = _extract("ndrc-investment-template.txt")
    p = _project(ex)
    assert (p.name, p.total_yuan) == ("农村义务教育学校校舍改造", Decimal(8600000))
    assert "安远县教育局" in (p.supervising_unit, p.implementing_unit)  # 下达地方或单位
    assert p.goal == "完成3所农村学校教学楼改造,新增校舍面积4200平方米,改善1800名学生办学条件。"


def test_ndrc_investment_template__indicators() -> None:
    ex, inds = _read("ndrc-investment-template.txt")
    assert inds == [
        ("实施效果指标", "产出指标", "新建改造校舍面积", "≥4200平方米"),
        ("实施效果指标", "产出指标", "开工项目数量", "3个"),
        ("实施效果指标", "效益指标", "受益学生人数", "≥1800人"),
        ("实施效果指标", "满意度指标", "受益群众满意度", "≥90%"),
        ("过程管理指标", "计划管理指标", "项目开工率", "=100%"),
        ("过程管理指标", "资金管理指标", "中央预算内投资支付率", "≥90%"),
    ]
    assert [_line_of(ex, c) for c in ("新建改造校舍面积", "开工项目数量", "项目开工率")] == [
        27,
        35,
        51,
    ]


def test_ndrc_investment_template__issues() -> None:
    ex = _extract("ndrc-investment-template.txt")
    # the template prints one unit (下达地方或单位): the other is truly not printed
    assert _issues(ex, frozenset({"code", "implementing_unit", "supervising"})) == []
    assert not _issue_lines(ex) & {65, 67}  # 文件下载, 政策咨询


# --- 8. 东莞-like: logical rows over several lines, two column sets -------------------------


def test_two_column_sets_in_pipe_rows__form() -> None:
    ex = _extract("two-column-sets-pipes.txt")
    p = _project(ex)
    assert (p.name, p.implementing_unit, p.supervising_unit, p.total_yuan) == (
        "社区居家养老服务补贴",
        "南江市社会福利服务中心",
        "南江市民政局",
        Decimal(3000000),  # 本年度申请, not the 中期 1000.00
    )
    assert p.goal == "为3000名经济困难老年人提供居家养老上门服务。"


def test_two_column_sets_in_pipe_rows__indicators() -> None:
    ex, inds = _read("two-column-sets-pipes.txt")
    # each row prints the 中期 set, then the year's set: the year's targets are read
    assert inds == [
        ("预期产出指标", "数量指标(或建筑规模指标)", "服务老年人人数", "≥3000人"),  # as printed
        ("预期产出指标", "质量指标", "服务质量抽查合格率", "≥95%"),
        ("预期产出指标", "时效指标(工期指标、形象进度指标)", "补贴资金拨付时间", "每季度首月底前"),
        ("效果指标", "社会效益指标", "老年人居家生活质量", "有所提高"),
    ]
    assert [_line_of(ex, c) for c in ("服务老年人人数", "老年人居家生活质量")] == [19, 22]


def test_two_column_sets_in_pipe_rows__issues() -> None:
    ex = _extract("two-column-sets-pipes.txt")
    assert _issues(ex) == [(23, "row-incomplete")]
    assert not _issue_lines(ex) & set(range(1, 6))  # the image and the publication block


# --- 9. vertical and truncated section labels, rows with no levels -------------------------


def test_vertical_labels_and_rows_without_levels__form() -> None:
    ex = _extract("vertical-labels.txt")
    p = _project(ex)
    assert (p.name, p.implementing_unit, p.supervising_unit, p.total_yuan) == (
        "农村学校食堂改造",
        "临川县教育局",
        "临川县教育局",
        Decimal(3000000),  # 300, in the 万元 of the notice's 资金300万元
    )
    assert p.goal == "完成12所农村学校食堂改造,新增就餐座位1500个,改善农村学生就餐条件。"


def test_vertical_labels_and_rows_without_levels__indicators() -> None:
    ex, inds = _read("vertical-labels.txt")
    expected = [
        (EMPTY, EMPTY, "改造食堂数量", "12所"),  # no level printed: none is guessed
        (EMPTY, EMPTY, "新增就餐座位", "≥1500个"),
        (either("产出指标"), "时效指标", "工程完工时间", "2024年9月1日前"),
        (either("产出指标"), "时效指标", "资金拨付及时率", "=100%"),
        ("效益指标", "社会效益指标", "受益学生人数", "≥6000人"),
        ("满意度指标", "服务对象满意度指标", "师生满意度", "≥90%"),
    ]
    assert _match(inds, expected) == expected
    assert [_line_of(ex, c) for c in ("改造食堂数量", "工程完工时间")] == [17, 19]


def test_vertical_labels_and_rows_without_levels__issues() -> None:
    ex = _extract("vertical-labels.txt")
    # the publication block, the notice, 项目负责人及电话 and the labels are no rows
    assert not {line for line, _ in _issues(ex)} - {17, 18}


# --- 10. two forms on one page, with the page's furniture around them ---------------------


def test_two_forms_on_one_page_each_with_its_header_and_indicators() -> None:
    ex = _extract("two-forms-one-page.txt")
    assert [
        (p.line, p.name, p.year, p.implementing_unit, p.supervising_unit, p.total_yuan, p.goal)
        for p in ex.projects
    ] == [
        (
            5,
            "高标准农田建设",
            2024,
            "东河县农田建设服务中心",
            "东河县农业农村局",
            Decimal(2000000),
            "新建高标准农田5000亩。",
        ),
        (
            14,
            "农村人居环境整治",
            2024,
            "东河县乡村振兴服务中心",
            "东河县农业农村局",
            Decimal(800000),
            "完成12个行政村垃圾收运设施配置。",
        ),
    ]
    assert [(i.line, i.owner_name, i.l2, i.content, i.value) for i in ex.indicators] == [
        (9, "高标准农田建设", "数量指标", "新建高标准农田面积", "≥5000亩"),
        (10, "高标准农田建设", "质量指标", "工程验收合格率", "100%"),
        (11, "高标准农田建设", "服务对象满意度指标", "农户满意度", "≥90%"),
        (18, "农村人居环境整治", "数量指标", "配置垃圾收运设施的行政村数", "12个"),
        (19, "农村人居环境整治", "时效指标", "完成时间", "2024年10月底前"),
        (20, "农村人居环境整治", "社会效益指标", "村庄环境卫生状况", "明显改善"),
    ]
    assert _issues(ex) == []  # the breadcrumb, the publication block and the footer are prose


# --- 11. HTML table rows copied into text without their <table> ---------------------------


def test_html_rows_without_their_table() -> None:
    ex = _extract("html-rows-without-table.txt")
    p = _project(ex)
    assert (p.line, p.name, p.implementing_unit, p.supervising_unit, p.total_yuan) == (
        2,
        "西岭镇敬老院维修",
        "西岭镇敬老院",
        "西岭镇人民政府",
        Decimal(360000),
    )
    assert [(i.line, i.l1, i.l2, i.content, i.value) for i in ex.indicators] == [
        (7, "产出指标", "数量指标", "维修屋面面积", "≥800平方米"),
        (8, "产出指标", "质量指标", "维修验收合格率", "100%"),
        (9, "满意度指标", "服务对象满意度指标", "入住老人满意度", "≥95%"),
    ]
    assert _issues(ex) == []
