"""Shapes of other provinces' templates: what their forms print that the first shapes did not.

Each fixture in tests/data/shapes was written by hand (invented projects, units and numbers)
and is named after the defect it holds; the expectations were read from the fixture text.
"""

from __future__ import annotations

from decimal import Decimal

from tests.test_shapes import _extract, _issues, _project

# --- 主管部门及代码 [code] and the template's 指标1： before each indicator -------------------


def test_template_ordinals_are_not_part_of_the_content() -> None:
    ex = _extract("content-template-ordinals.txt")
    p = _project(ex)
    assert (p.supervising_unit, p.supervising_code, p.implementing_unit, p.total_yuan) == (
        "青岭县水利局",  # under 主管部门及代码, its [207001] the code
        "207001",
        "青岭县河湖管护中心",
        Decimal(640000),
    )
    assert [(i.line, i.l1, i.l2, i.content, i.value) for i in ex.indicators] == [
        (9, "产出指标", "数量指标", "保洁河道长度", "≥42公里"),
        (10, "产出指标", "数量指标", "保洁频次", "≥2次/周"),
        (11, "产出指标", "质量指标", "河面保洁达标率", "≥95%"),
        (12, "效益指标", "生态效益指标", "河道水环境", "持续改善"),
        (13, "满意度指标", "服务对象满意度指标", "沿河群众满意度", "≥90%"),
    ]
    assert [b.group for b in ex.beneficiaries] == ["沿河群众"]
    assert _issues(ex) == []


# --- 项目资金 / （万元）: a heading's unit on the line below it -----------------------------


def test_unit_printed_below_the_funding_heading() -> None:
    ex = _extract("unit-below-funding-heading.txt")
    p = _project(ex)
    assert (p.supervising_unit, p.implementing_unit, p.total_yuan) == (
        "白沙县卫生健康局",
        "白沙县中心卫生院",
        Decimal(385000),  # 38.50 in the 万元 of the heading's second line
    )
    assert [(f.line, f.source_kind, f.amount_yuan) for f in ex.funding] == [
        (6, "general_public", Decimal(385000)),
        (7, "other", Decimal(0)),
    ]
    assert _issues(ex) == []


# --- a department's 年度主要任务: 任务N rows and their 金额合计 ------------------------------


def test_department_tasks_and_their_sum() -> None:
    ex = _extract("department-tasks.txt")
    assert [(d.line, d.name, d.total_yuan) for d in ex.departments] == [
        (3, "清河县文化广电和旅游局", Decimal(1094000))  # 金额合计 109.40 万元
    ]
    assert ex.projects == []
    assert [(i.line, i.l2, i.content, i.value) for i in ex.indicators] == [
        (11, "数量指标", "送戏下乡场次", "≥120场"),
        (12, "质量指标", "文物巡查覆盖率", "100%"),
        (13, "服务对象满意度指标", "群众文化活动满意度", "≥90%"),
    ]
    # no department code is printed; the task rows are placed, not unread rows
    assert _issues(ex, frozenset({"code"})) == []


# --- 资金总额(万元) | 财政拨款(万元) | 其他资金(万元) above a row of amounts ----------------


def test_funding_labels_above_their_amounts() -> None:
    ex = _extract("funding-labels-above-amounts.txt")
    p = _project(ex)
    assert (p.name, p.supervising_unit, p.implementing_unit, p.total_yuan) == (
        "老年活动中心维修",
        "东坡区民政局",
        "东坡区老年活动中心",
        Decimal(300000),
    )
    assert [(f.line, f.source_kind, f.amount_yuan) for f in ex.funding] == [
        (5, "general_public", Decimal(250000)),
        (5, "other", Decimal(50000)),
    ]
    assert [(i.content, i.value) for i in ex.indicators] == [
        ("维修面积", "≥600平方米"),
        ("老年人满意度", "≥90%"),
    ]
    assert _issues(ex) == []


def test_department_tasks_functions_and_goals_one_cell_per_line() -> None:
    ex = _extract("department-tasks-cells.txt")
    assert [(d.line, d.name, d.code, d.total_yuan) for d in ex.departments] == [
        (3, "柳林县林业局", "208", Decimal(2142000))
    ]
    assert [(s.line, s.kind, s.ordinal, s.text) for s in ex.statements] == [
        (7, "function", 0, "负责全县林业资源保护、森林防火和国土绿化工作。"),
        (9, "goal", 0, "1.完成国土绿化造林1.5万亩。2.全年不发生重大森林火灾。"),
    ]
    assert [(i.line, i.l2, i.content, i.value) for i in ex.indicators] == [
        (40, "数量指标", "完成造林面积", "≥1.5万亩"),
        (44, "生态效益指标", "森林覆盖率", "≥42%"),
        (48, "服务对象满意度指标", "林农满意度", "≥90%"),
    ]
    assert _issues(ex) == []  # the tasks, the 金额合计 row and the page's links are placed


# --- 指标性质 | 指标值 | 度量单位 | 权重, one cell per line, a 定性 row without its unit -------


def test_qualitative_rows_of_a_positional_table_one_cell_per_line() -> None:
    ex = _extract("positional-qualitative-cells.txt")
    assert _project(ex).total_yuan == Decimal(800000)
    assert [(i.line, i.l1, i.l2, i.content, i.value) for i in ex.indicators] == [
        (22, "产出指标", "数量指标", "更新健身器材数量", "≥200件"),
        (29, "产出指标", "质量指标", "器材安装质量", "优良中低差"),  # 定性: no operator
        (34, "效益指标", "社会效益指标", "群众健身条件", "明显改善"),  # weight 30 not a unit
        (40, "满意度指标", "服务对象满意度指标", "健身群众满意度", "≥90%"),
    ]
    assert _issues(ex) == []


# --- a page layout: cells wrapped onto the next line, a label run into the next cell -------


def test_layout_text_with_wrapped_cells() -> None:
    ex = _extract("layout-wrapped-cells.txt")
    p = _project(ex)
    assert (p.supervising_unit, p.supervising_code, p.implementing_unit, p.total_yuan) == (
        "松溪县水利局",
        "061",
        "松溪县河道管理所",
        Decimal(1200000),  # （万元） printed two lines below the first amount
    )
    assert p.goal == "完成8公里河道清淤疏浚，恢复河道行洪断面，河道行洪能力明显提升。"
    assert [(i.line, i.l1, i.l2, i.content, i.value) for i in ex.indicators] == [
        (12, "产出指标", "数量指标", "清淤河道长度", "≥8公里"),
        (13, "产出指标", "时效指标", "工程完工时间", "2024年5月底前"),
        (15, "效益指标", "生态效益指标", "河道行洪能力", "明显提升"),
        (16, "满意度指标", "服务对象满意度指标", "沿河群众满意度", "≥90%"),
    ]
    assert _issues(ex) == []  # the page number below the form is no row of it


# --- cells separated by blank lines, a line break inside a cell (<br>, a wrapped <p>) ------


def test_line_breaks_inside_blank_line_separated_cells() -> None:
    ex = _extract("blank-line-cells-with-breaks.txt")
    p = _project(ex)
    assert (p.supervising_unit, p.implementing_unit, p.total_yuan) == (
        "石桥镇人民政府",
        "石桥镇农业综合服务中心",
        Decimal(426000),
    )
    assert p.goal == "维护全镇9个村的村级公益设施，保障群众正常使用。"
    assert [(i.line, i.l1, i.l2, i.content, i.value) for i in ex.indicators] == [
        (34, "产出指标", "数量指标", "维护村级公益设施数量", "9个"),
        (43, "产出指标", "数量指标", "维护路灯数量", "≥180盏"),
        (48, "效益指标", "社会效益指标", "群众生产生活条件", "明显改善"),
        (57, "满意度指标", "服务对象满意度指标", "村民满意度", "≥90%"),
    ]
    assert _issues(ex) == []


# --- a form printed as numbered lines of prose (一、项目名称：…), the amounts in a sentence --


def test_prose_header_with_chinese_ordinals_and_amounts_in_a_sentence() -> None:
    ex = _extract("prose-header-chinese-ordinals.txt")
    p = _project(ex)
    assert (p.line, p.name, p.supervising_unit, p.implementing_unit, p.total_yuan) == (
        3,
        "农村公路安全生命防护工程",
        "桃源区交通运输局",
        "桃源区公路事务中心",
        Decimal(3200000),  # 年度资金总额320万元，其中财政拨款300万元，其他资金20万元。
    )
    assert [(f.line, f.source_kind, f.amount_yuan) for f in ex.funding] == [
        (6, "general_public", Decimal(3000000)),
        (6, "other", Decimal(200000)),
    ]
    assert p.goal == "完成45公里农村公路安全防护设施建设，消除急弯陡坡等安全隐患。"
    assert [(i.line, i.l2, i.content, i.value) for i in ex.indicators] == [
        (12, "数量指标", "安防工程实施里程", "≥45公里"),
        (13, "社会效益指标", "农村公路通行安全水平", "有效提升"),
        (14, "服务对象满意度指标", "沿线群众满意度", "≥90%"),
    ]
    assert _issues(ex) == []


# --- 部门预算总额(万元) | 资金总额 | 52.80: the unit in a heading no vocabulary lists -----------


def test_unit_in_the_heading_of_a_funding_row() -> None:
    ex = _extract("funding-heading-with-unit.txt")
    assert [(d.name, d.code, d.total_yuan) for d in ex.departments] == [
        ("长宁县司法局", "139", Decimal(528000))
    ]
    assert [(f.source_kind, f.amount_yuan) for f in ex.funding] == [
        ("general_public", Decimal(528000))
    ]
    assert [(s.line, s.kind, s.ordinal, s.text) for s in ex.statements] == [
        (4, "goal", 0, "办理法律援助案件不少于80件。")  # 整体绩效目标, the department's goal
    ]
    assert [(i.content, i.value) for i in ex.indicators] == [
        ("办理法律援助案件数", "≥80件"),
        ("受援群众满意度", "≥95%"),
    ]
    assert _issues(ex) == []


# --- a spreadsheet's CSV saved as text: commas, quoted amounts, empty cells ---------------


def test_csv_saved_as_text() -> None:
    ex = _extract("csv-text-with-empty-cells.txt")
    p = _project(ex)
    assert (p.name, p.supervising_unit, p.implementing_unit, p.total_yuan) == (
        "城乡居民养老保险缴费补贴",
        "临溪县人力资源和社会保障局",
        "临溪县社会保险服务中心",
        Decimal(1280000),
    )
    assert [(i.line, i.l1, i.l2, i.content, i.value) for i in ex.indicators] == [
        (8, "产出指标", "数量指标", "代缴人数", "≥6400人"),
        (9, "产出指标", "质量指标", "代缴准确率", "100%"),
        (10, "满意度指标", "服务对象满意度指标", "参保群众满意度", "≥90%"),
    ]
    assert _issues(ex) == []


# --- operators printed under 指标方向, the number's unit under 单位 --------------------------


def test_operators_under_a_direction_column_and_a_unit_column() -> None:
    ex = _extract("operators-under-direction-unit-column.txt")
    assert _project(ex).total_yuan == Decimal(860000)
    assert [(i.line, i.l2, i.content, i.value) for i in ex.indicators] == [
        (8, "数量指标", "改造社区公园数量", "≥3个"),
        (9, "质量指标", "绿化苗木成活率", "≥95%"),
        (10, "社会效益指标", "居民休闲条件", "明显改善"),  # 定性: the text is the target
        (11, "服务对象满意度指标", "周边居民满意度", "≥90%"),
    ]
    assert _issues(ex) == []


# --- 单位：万元 under the page's title, above each form's own title ------------------------


def test_the_page_unit_holds_for_every_form_below_it() -> None:
    ex = _extract("page-unit-above-form-titles.txt")
    assert [(p.line, p.name, p.total_yuan) for p in ex.projects] == [
        (4, "社区卫生服务站运行补助", Decimal(450000)),
        (21, "家庭医生签约服务补助", Decimal(1205000)),
    ]
    assert [(i.line, i.owner_name, i.value) for i in ex.indicators] == [
        (16, "社区卫生服务站运行补助", "15个"),
        (33, "家庭医生签约服务补助", "≥8万人"),
    ]
    assert _issues(ex) == []


# --- one cell per line, a value's unit wrapped onto the line below its number -------------


def test_a_value_unit_wrapped_below_its_number() -> None:
    ex = _extract("value-unit-wrapped-cells.txt")
    assert _project(ex).total_yuan == Decimal(660000)
    assert [(i.line, i.content, i.value) for i in ex.indicators] == [
        (15, "临时救助人次", "≥1200人次"),
        (20, "救助资金发放准确率", "100%"),
        (22, "救助对象满意度", "≥90%"),
    ]
    assert _issues(ex) == []


# --- the weight noted in the cell beside the content or the target (≥90%（10分）) ----------


def test_weights_noted_in_content_and_value_cells() -> None:
    ex = _extract("weights-noted-in-cells.txt")
    assert [(i.line, i.content, i.value, i.number) for i in ex.indicators] == [
        (7, "补助乡村医生人数", "≥240人", Decimal(240)),
        (8, "补助资金发放准确率", "100%", Decimal(100)),
        (9, "村级医疗服务能力", "有效提升", None),
        (10, "乡村医生满意度", "≥90%", Decimal(90)),
    ]
    assert [b.group for b in ex.beneficiaries] == ["乡村医生"]
    assert _issues(ex) == []


# --- 数量指标：培训人次 — the level-2 label and the content in one cell ----------------------


def test_level2_label_printed_in_the_content_cell() -> None:
    ex = _extract("level-label-in-content-cell.txt")
    assert [(i.line, i.l1, i.l2, i.content, i.value) for i in ex.indicators] == [
        (7, "产出指标", "数量指标", "培训退役军人人数", "≥200人"),
        (8, "产出指标", "质量指标", "培训合格率", "≥85%"),
        (9, "效益指标", "社会效益指标", "培训后就业率", "≥60%"),
        (10, "满意度指标", "服务对象满意度指标", "参训退役军人满意度", "≥90%"),
    ]
    assert [b.group for b in ex.beneficiaries] == ["参训退役军人"]
    assert _issues(ex) == []


# --- one cell per line: a funding table's labels, then its amounts in the same order -------


def test_funding_labels_then_their_amounts_one_cell_per_line() -> None:
    ex = _extract("funding-labels-then-amounts-cells.txt")
    assert [(d.name, d.total_yuan) for d in ex.departments] == [
        ("南坪县自然资源局", Decimal(2150000))
    ]
    assert [(f.source_kind, f.amount_yuan) for f in ex.funding] == [
        ("general_public", Decimal(2000000)),
        ("other", Decimal(150000)),
    ]
    assert [(s.line, s.kind, s.text) for s in ex.statements] == [
        (11, "function", "负责全县自然资源调查监测和国土空间规划管理。"),
        (13, "goal", "完成年度土地变更调查，耕地保有量不低于规划目标。"),
    ]
    assert [(i.line, i.content, i.value) for i in ex.indicators] == [
        (19, "完成土地变更调查乡镇数", "12个"),
        (23, "办事群众满意度", "≥90%"),
    ]
    assert _issues(ex) == []
