"""Shapes found by a fifth, independent set of probe pages, most of them 部门整体支出绩效目标表:
a sign column beside a 指标性质 column, a second column set without level-2 labels, rows
with bare pipes between their cells, a title between two forms, a rate unit with a middle
dot, a note row below the indicators, a department's list of its projects, a funding label
run into its unit, the unit noted after a stamp, 年度部门预算总额, budget labels above their
amounts, and a prose header whose values sit on the next line or apart on one line.

Each fixture in tests/data/shapes was written by hand (invented units, projects and numbers)
and is named after the defect it holds; the expectations were read from the fixture text.
"""

from __future__ import annotations

from decimal import Decimal

from tests.test_shapes import EFFECT, OUT, RECIPIENT, SAT, _extract, _issues, _rows


def _departments(name: str) -> list[tuple[str, Decimal | None]]:
    return [(d.name, d.total_yuan) for d in _extract(name).departments]


def _projects(name: str) -> list[tuple[str, str, str, Decimal | None]]:
    ex = _extract(name)
    return [(p.name, p.supervising_unit, p.implementing_unit, p.total_yuan) for p in ex.projects]


# --- 计算符号 | 指标值 | 度量单位 | 指标性质: the sign column holds the operator ---------


def test_sign_and_kind_columns() -> None:
    assert _departments("sign-and-kind-columns.txt") == [("北塘县中心医院", None)]
    assert _rows("sign-and-kind-columns.txt") == [
        (4, OUT, "数量指标", "住院人次", "≥1.8万人次"),  # not 1.8万人次 (定量 is the kind)
        (5, OUT, "质量指标", "院内感染率", "≤3%"),
        (6, EFFECT, "社会效益指标", "急救服务能力", "明显提升"),  # not 明显提升定性
        (7, SAT, RECIPIENT, "患者满意度", "≥90%"),
    ]


# --- 三级指标 | 中长期指标值 | 三级指标 | 年度指标值: the annual set without its level-2 ---------


def test_second_set_without_level2() -> None:
    assert _rows("second-set-without-level2.txt") == [
        (4, OUT, "数量指标", "举办公益培训班", "30期"),  # the annual value, not the name again
        (5, OUT, "质量指标", "培训结业率", "≥90%"),
        (6, SAT, RECIPIENT, "学员满意度", "≥92%"),
    ]


# --- 部门名称|东岭县民政局|部门编码|205001: pipes only between the cells --------------------


def test_bare_pipes_between_cells() -> None:
    ex = _extract("bare-pipes-between-cells.txt")
    assert [(d.name, d.code, d.total_yuan) for d in ex.departments] == [
        ("东岭县民政局", "205001", Decimal(4126000))
    ]
    assert _rows("bare-pipes-between-cells.txt") == [
        (11, OUT, "数量指标", "城乡低保保障人数", "≥2600人"),
        (12, OUT, "数量指标", "婚姻登记办理件数", "≥900件"),
        (13, OUT, "质量指标", "救助资金发放准确率", "100%"),
        (14, SAT, RECIPIENT, "救助对象满意度", "≥90%"),
    ]
    assert [s.text for s in ex.statements if s.kind == "goal"] == [
        "保障困难群众基本生活，做好殡葬和婚姻登记服务。"
    ]
    assert _issues(ex) == []  # 首页|政务公开|互动交流 is navigation, not a row


def test_bare_pipe_row_cut_open() -> None:
    assert _projects("bare-pipe-row-cut-open.txt") == [
        ("山区道路养护补助", "西坪县交通运输局", "西坪县公路养护站", Decimal(640000))
    ]
    assert _rows("bare-pipe-row-cut-open.txt") == [
        (7, OUT, "数量指标", "养护道路里程", "≥120公里"),
        (8, OUT, "质量指标", "路面优良率", "≥80%"),
    ]  # the last row lost its closing pipe with the end of its value (≥9)
    assert _issues(_extract("bare-pipe-row-cut-open.txt")) == [(9, "row-incomplete")]


# --- 项目支出绩效目标表| / （2024年度）|: a title between two forms is a row of its own -----------


def test_title_part_between_forms() -> None:
    assert _projects("title-part-between-forms.txt") == [
        ("乡村学校营养餐补助", "北安县教育局", "北安县学生资助中心", Decimal(960000)),
        ("校舍维修改造", "北安县教育局", "北安县教育服务中心", Decimal(1500000)),
    ]
    assert _rows("title-part-between-forms.txt") == [
        (8, OUT, "数量指标", "受助学生人数", "≥3200人"),
        (9, SAT, RECIPIENT, "学生家长满意度", "≥90%"),  # no 项目支出绩效目标表 | （2024年度）
        (17, OUT, "数量指标", "维修校舍面积", "≥4000平方米"),
        (18, OUT, "时效指标", "完工时间", "2024年8月底前"),
    ]


# --- 元/人·年 in a unit column -------------------------------------------------------------


def test_rate_unit_per_person_year() -> None:
    ex = _extract("rate-unit-per-person-year.txt")
    assert _rows("rate-unit-per-person-year.txt") == [
        (6, OUT, "数量指标", "参保补助人数", "≥5000人"),
        (7, OUT, "成本指标", "人均财政补助标准", "=640元/人·年"),
        (8, SAT, RECIPIENT, "参保群众满意度", "≥90%"),
    ]
    cost = ex.indicators[1]
    assert (cost.operator, cost.number, cost.unit) == ("=", Decimal(640), "元/人·年")


# --- 备注：… below the indicators ----------------------------------------------------------


def test_note_row_below_indicators() -> None:
    assert _rows("note-row-below-indicators.txt") == [
        (4, OUT, "数量指标", "孕产妇系统管理人数", "≥1500人"),
        (5, SAT, RECIPIENT, "孕产妇满意度", "≥90%"),
    ]
    assert _issues(_extract("note-row-below-indicators.txt")) == []


# --- 部门项目支出 | 项目名称 | 预算金额（万元）: column names, not a project form ------


def test_department_projects_list_columns() -> None:
    ex = _extract("department-projects-list-columns.txt")
    assert _departments("department-projects-list-columns.txt") == [
        ("西城县人民医院", Decimal(56000000))
    ]
    assert ex.projects == []  # 项目名称 heads a column of the department's projects
    assert _rows("department-projects-list-columns.txt") == [
        (10, OUT, "数量指标", "年门急诊人次", "≥30万人次"),
        (11, SAT, RECIPIENT, "患者满意度", "≥90%"),
    ]
    assert [s.text for s in ex.statements if s.kind == "goal"] == ["提升县域医疗服务能力。"]


# --- 年度资金总额（万元）85.50 run together -------------------------------------------------


def test_runon_funding_label_unit() -> None:
    assert _projects("runon-funding-label-unit.txt") == [
        ("农村文化广场建设", "南平县文化广电旅游局", "南平县文化馆", Decimal(855000))
    ]
    assert _rows("runon-funding-label-unit.txt") == [
        (10, OUT, "数量指标", "新建村级文化广场数量", "15个"),
        (12, SAT, RECIPIENT, "村民满意度", "≥90%"),
    ]


# --- 填报单位：…（盖章）　　单位：万元 ------------------------------------------------------


def test_unit_noted_after_stamp() -> None:
    assert _departments("unit-noted-after-stamp.txt") == [("北关区审计局", Decimal(3562000))]
    assert _rows("unit-noted-after-stamp.txt") == [
        (14, OUT, "数量指标", "完成审计项目数", "≥30个"),
        (18, SAT, RECIPIENT, "被审计单位满意度", "≥90%"),
    ]


def test_department_budget_labels_above_amounts() -> None:
    assert _departments("department-budget-labels-above-amounts.txt") == [
        ("东桥县档案馆", Decimal(1864000))  # 总额 186.40 under 单位：万元
    ]
    assert _rows("department-budget-labels-above-amounts.txt") == [
        (7, OUT, "数量指标", "接收进馆档案数量", "≥3000卷"),
        (8, SAT, RECIPIENT, "查档群众满意度", "≥95%"),
    ]


# --- 年度部门预算总额（万元） -----------------------------------------------------------------


def test_department_annual_budget_total_label() -> None:
    assert _departments("department-annual-budget-total-label.txt") == [
        ("南山镇人民政府", Decimal(9683000))
    ]
    assert _rows("department-annual-budget-total-label.txt") == [
        (23, OUT, "数量指标", "保障村（社区）数量", "12个"),
        (31, SAT, RECIPIENT, "辖区群众满意度", "≥90%"),
    ]


# --- 项目名称： / its value on the next line; fields apart on one line ---------------------------


def test_field_value_next_line() -> None:
    ex = _extract("field-value-next-line.txt")
    assert _projects("field-value-next-line.txt") == [
        ("乡镇污水处理设施运维", "东岸县住房和城乡建设局", "", Decimal(2400000))
    ]
    assert ex.projects[0].supervising_code == "208"
    assert [(f.source_kind, f.amount_yuan) for f in ex.funding] == [
        ("general_public", Decimal(2000000)),
        ("other", Decimal(400000)),
    ]
    assert _rows("field-value-next-line.txt") == [
        (11, OUT, "数量指标", "运维污水处理站数量", "12座"),
        (12, EFFECT, "生态效益指标", "出水水质达标率", "≥95%"),
    ]


# --- 单位名称：某中学 … 金额单位：万元 above the form, then 部门（单位）名称 | 某中学 ------


def test_name_row_above_department_form() -> None:
    ex = _extract("name-row-above-department-form.txt")
    assert [(d.line, d.name, d.total_yuan) for d in ex.departments] == [
        (2, "北河县实验中学", Decimal(20465000))  # one form; 合计 2,046.50 in 万元
    ]
    assert _rows("name-row-above-department-form.txt") == [
        (7, OUT, "数量指标", "在校学生人数", "1680人"),
        (8, OUT, "质量指标", "学生体质健康达标率", "≥92%"),
        (9, SAT, RECIPIENT, "家长满意度", "≥90%"),
    ]


def test_fields_apart_one_cell_per_line() -> None:
    ex = _extract("fields-apart-one-cell-per-line.txt")
    assert _projects("fields-apart-one-cell-per-line.txt") == [
        ("河堤绿化带养护", "西江县园林管理局", "西江县园林养护中心", Decimal(480000))
    ]
    assert [(f.source_kind, f.amount_yuan) for f in ex.funding] == [
        ("general_public", Decimal(450000)),
        ("other", Decimal(30000)),
    ]
    assert _rows("fields-apart-one-cell-per-line.txt") == [
        (13, OUT, "数量指标", "养护绿化带面积", "≥12万平方米"),
        (17, SAT, RECIPIENT, "周边居民满意度", "≥90%"),
    ]


# --- a department's named tasks (任务名称 | 主要内容 | 预算金额); 其中：基本支出 one a line ---


def test_department_named_tasks() -> None:
    ex = _extract("department-named-tasks.txt")
    assert _departments("department-named-tasks.txt") == [("南岗县供销合作社", Decimal(2680000))]
    assert _rows("department-named-tasks.txt") == [
        (9, OUT, "数量指标", "运营村级电商服务站", "≥40个"),
        (10, SAT, RECIPIENT, "农户满意度", "≥90%"),
    ]
    assert _issues(ex) == []  # the task rows are placed, not unread rows


def test_spending_split_one_cell_per_line() -> None:
    ex = _extract("spending-split-one-cell-per-line.txt")
    assert _departments("spending-split-one-cell-per-line.txt") == [
        ("东塘街道办事处", Decimal(6420000))
    ]
    assert ex.funding == []  # 基本支出 and 项目支出 split the spending; they are no sources
    assert _rows("spending-split-one-cell-per-line.txt") == [
        (14, OUT, "数量指标", "保障社区数量", "8个"),  # a row cites its first cell
        (18, SAT, RECIPIENT, "辖区居民满意度", "≥90%"),
    ]
    assert _issues(ex) == []
