"""Shapes found by a third, independent set of probe pages: tables drawn with characters
(box-drawing borders, full-width bars, ASCII grids whose cells wrap), labels glossed in
English, quoted spreadsheet records inside a page, and a page cut right after a value's sign.

Each fixture in tests/data/shapes was written by hand (invented projects, units and numbers)
and is named after the defect it holds; the expectations were read from the fixture text.
"""

from __future__ import annotations

from decimal import Decimal

from kg.read import drawn
from tests.test_shapes import OUT, RECIPIENT, SAT, _extract, _form, _issues, _rows

# --- borders drawn with │ and ├──┼──┤ -------------------------------------------------------


def test_box_drawn_table() -> None:
    assert _form("box-drawn-table.txt") == (
        "村医岗位补助",
        "东坪县卫生健康局",
        "东坪县基层卫生服务中心",
        Decimal(864000),
    )
    assert _rows("box-drawn-table.txt") == [
        (12, OUT, "数量指标", "补助村医人数", "144人"),
        (13, OUT, "数量指标", "覆盖行政村数", "96个"),
        (14, OUT, "质量指标", "补助发放准确率", "100%"),
        (15, SAT, RECIPIENT, "村医满意度", "≥90%"),
    ]
    assert _issues(_extract("box-drawn-table.txt")) == []


# --- cells separated by a full-width bar ｜ --------------------------------------------------


def test_fullwidth_bar_cells() -> None:
    assert _form("fullwidth-bar-cells.txt") == (
        "西林县村级公益性岗位补贴",
        "西林县人力资源和社会保障局",
        "西林县就业服务中心",
        Decimal(528000),
    )
    assert _rows("fullwidth-bar-cells.txt") == [
        (7, OUT, "数量指标", "开发公益性岗位数", "≥110个"),
        (8, OUT, "数量指标", "岗位补贴月数", "12个月"),  # ｜｜ : two empty leading cells
        (9, OUT, "时效指标", "补贴发放时间", "每季度首月"),
        (10, SAT, RECIPIENT, "上岗人员满意度", "≥90%"),
    ]
    assert _issues(_extract("fullwidth-bar-cells.txt")) == []


def test_a_few_fullwidth_bars_in_prose_stay() -> None:
    assert drawn.normalise("首页｜政务公开\n正文") == "首页｜政务公开\n正文"


# --- an ASCII grid (+----+): the lines between two rules are one row ----------------------


def test_ascii_grid_wrapped_cells() -> None:
    assert _form("ascii-grid-wrapped-cells.txt") == (
        "南岭县中小学校园安保服务",
        "南岭县教育局",
        "南岭县教育后勤服务中心",  # wrapped over two lines of its cell
        Decimal(960000),
    )
    assert _rows("ascii-grid-wrapped-cells.txt") == [
        (13, OUT, "数量指标", "配备专职保安人数", "≥80人"),
        (16, OUT, "质量指标", "校园安全事故发生数", "0起"),
        (19, SAT, RECIPIENT, "师生满意度", "≥90%"),  # 满意度指 / 标 is one label
    ]
    assert _issues(_extract("ascii-grid-wrapped-cells.txt")) == []


def test_grid_lines_keep_their_numbers() -> None:
    text = "+---+---+\n| 农村 | 5 |\n| 公路 |   |\n+---+---+"
    assert drawn.normalise(text).split("\n") == [
        "+---+---+",
        "| 农村 公路 | 5 |",
        "+---+---+",
        "+---+---+",
    ]


def test_grid_block_of_uneven_lines_is_left_alone() -> None:
    text = "+---+\n| a | b |\n| c |\n+---+"
    assert drawn.normalise(text) == text


# --- labels with an English gloss (项目名称 Project, 指标值 Target) ---------------------------


def test_english_glossed_labels() -> None:
    assert _form("english-glossed-labels.txt") == (
        "社区图书角建设",
        "北塘街道办事处",
        "北塘街道文化站",
        Decimal(186000),
    )
    assert _rows("english-glossed-labels.txt") == [
        (6, OUT, "数量指标", "新建图书角数", "6个"),
        (7, OUT, "数量指标", "配置图书册数", "≥3000册"),
        (8, SAT, RECIPIENT, "居民满意度", "≥90%"),
    ]
    assert _issues(_extract("english-glossed-labels.txt")) == []


# --- records of quoted cells with a page's title and publication lines around them ----------


def test_quoted_cells_within_page() -> None:
    assert _form("quoted-cells-within-page.txt") == (
        "青溪县食品安全抽检",
        "青溪县市场监督管理局",
        "青溪县食品检验检测中心",
        Decimal(360000),
    )
    assert _rows("quoted-cells-within-page.txt") == [
        (7, OUT, "数量指标", "食品抽检批次", "≥900批次"),
        (8, OUT, "质量指标", "抽检任务完成率", "100%"),
        (9, SAT, RECIPIENT, "经营户满意度", "≥85%"),
    ]
    assert _issues(_extract("quoted-cells-within-page.txt")) == []


# --- a page cut right after a value's sign ----------------------------------------------------


def test_value_cut_after_its_sign() -> None:
    assert _rows("value-cut-after-sign.txt") == [
        (5, OUT, "数量指标", "开放文化站数", "9个"),
        (6, OUT, "质量指标", "免费开放率", "100%"),
    ]
    assert _issues(_extract("value-cut-after-sign.txt")) == [(7, "row-incomplete")]


# --- a table listing the department's projects and amounts above their forms ----------------


def test_project_summary_before_forms() -> None:
    ex = _extract("project-summary-before-forms.txt")
    assert _form("project-summary-before-forms.txt") == (
        "殡葬惠民补助",
        "柳塘县民政局",
        "柳塘县殡仪馆",
        Decimal(480000),
    )
    assert _rows("project-summary-before-forms.txt") == [
        (10, OUT, "数量指标", "免除基本殡葬服务费人数", "≥800人"),
        (11, SAT, RECIPIENT, "逝者家属满意度", "≥90%"),
    ]
    # 序号 | 项目名称 | 预算金额 is not an indicator header nor a form: its rows are said
    assert _issues(ex) == [
        (3, "row-outside-form"),
        (4, "row-outside-form"),
        (5, "row-outside-form"),
    ]


# --- 政府投资项目: 项目单位, 项目总投资 and the year's 年度投资计划, its sources -----------------


def test_government_investment_form() -> None:
    ex = _extract("government-investment-form.txt")
    assert _form("government-investment-form.txt") == (
        "青石镇集中供水厂扩建工程",
        "青石县水利局",
        "青石县城乡供水有限公司",
        Decimal(18000000),  # 年度投资计划 1,800万元, not the whole 5,400
    )
    assert [(f.line, f.source_kind, f.amount_yuan) for f in ex.funding] == [
        (8, "general_public_upper", Decimal(10000000)),
        (9, "gov_fund", Decimal(8000000)),
    ]
    assert _rows("government-investment-form.txt") == [
        (12, OUT, "数量指标", "新增供水规模", "1万立方米/日"),
        (13, "效益指标", "社会效益指标", "受益人口", "≥4.6万人"),
    ]
    assert _issues(ex) == []


def test_carried_over_and_new_funds_are_not_sources() -> None:
    ex = _extract("carried-over-and-new-funds.txt")
    assert _form("carried-over-and-new-funds.txt")[3] == Decimal(360000)
    assert ex.funding == []  # 本年申请 / 上年结转 split the year's total by when, not by source
    assert _rows("carried-over-and-new-funds.txt")[1] == (
        8,
        OUT,
        "成本指标",
        "活动耗材经费",
        "12.5万元",
    )
    assert _issues(ex) == []


# --- a value cell printed over two lines in a table of one cell per line ---------------------


def test_value_cell_two_lines_in_pipe_parts() -> None:
    assert _form("value-cell-two-lines-pipe-parts.txt") == (
        "水质监测站运行维护",
        "桐川县生态环境局",
        "桐川县环境监测站",
        Decimal(580000),
    )
    assert _rows("value-cell-two-lines-pipe-parts.txt") == [
        (18, OUT, "数量指标", "运行监测站点数", "≥6个（含新建1个）"),
        (25, OUT, "质量指标", "数据有效率", "≥90%"),
    ]
    assert _issues(_extract("value-cell-two-lines-pipe-parts.txt")) == []


# --- a prose form: 绩效指标： and its numbered targets; an amount followed by a clause -------


def test_numbered_targets_in_a_prose_form() -> None:
    ex = _extract("numbered-targets-prose-form.txt")
    assert _form("numbered-targets-prose-form.txt") == (
        "秀水县2023年油茶低产林改造",
        "秀水县林业局",
        "秀水县林业技术推广站",
        Decimal(1500000),  # 资金总额：150万元，其中…
    )
    assert _rows("numbered-targets-prose-form.txt") == [
        (8, "", "", "改造低产林面积", "≥3000亩"),
        (9, "", "", "改造验收合格率", "≥95%"),
        (10, "", "", "亩均补助标准", "500元/亩"),
    ]
    assert _issues(ex) == [(n, "indicator-level-missing") for n in (8, 9, 10)]


# --- level-2 labels printed on the last row of their merged cells ---------------------------


def test_level2_printed_on_the_last_row_of_its_block() -> None:
    assert _rows("level2-printed-last-row.txt") == [
        (5, OUT, "数量指标", "改造敬老院个数", "4个"),
        (6, OUT, "数量指标", "新增床位数", "80张"),
        (7, OUT, "数量指标", "适老化改造房间数", "120间"),
        (8, OUT, "质量指标", "工程验收合格率", "100%"),
        (9, OUT, "质量指标", "消防设施达标率", "100%"),
        (10, "效益指标", "社会效益指标", "入住老人生活条件", "明显改善"),
        (11, "效益指标", "社会效益指标", "集中供养能力", "有效提升"),
        (12, SAT, RECIPIENT, "入住老人满意度", "≥90%"),
    ]
    assert _issues(_extract("level2-printed-last-row.txt")) == []


# --- a second batch: levels joined by a slash, a prose form listing targets by level, a
# --- header of two rows, a date printed with a space in space-separated rows -------------


def test_levels_joined_by_a_slash_in_one_cell() -> None:
    assert _rows("levels-joined-by-slash.txt") == [
        (6, OUT, "数量指标", "配建粪污处理设施", "24处"),
        (7, OUT, "质量指标", "设施验收合格率", "100%"),  # a full-width ／
        (8, SAT, RECIPIENT, "养殖户满意度", "≥90%"),
    ]
    assert _issues(_extract("levels-joined-by-slash.txt")) == []


def test_prose_form_lists_targets_by_level() -> None:
    assert _form("prose-form-level-list.txt") == (
        "浦阳县残疾人辅具适配",
        "浦阳县残疾人联合会",
        "浦阳县残疾人康复中心",
        Decimal(420000),
    )
    assert _rows("prose-form-level-list.txt") == [
        (8, OUT, "数量指标", "适配辅具件数", "≥700件"),
        (9, OUT, "时效指标", "适配完成时间", "2023年11月底前"),
        (11, SAT, RECIPIENT, "受助残疾人满意度", "≥92%"),
    ]
    assert _issues(_extract("prose-form-level-list.txt")) == []


def test_header_of_two_rows_with_the_section_label_above() -> None:
    assert _rows("header-two-rows-section-above.txt") == [
        (6, OUT, "数量指标", "泵站运行台数", "9台"),
        (7, SAT, RECIPIENT, "城区居民满意度", "≥90%"),
    ]
    assert _issues(_extract("header-two-rows-section-above.txt")) == []


def test_date_printed_with_a_space_in_space_separated_rows() -> None:
    assert _form("date-split-by-space.txt")[3] == Decimal(600000)
    assert _rows("date-split-by-space.txt") == [
        (5, OUT, "数量指标", "改造摊位数", "≥120个"),
        (6, OUT, "时效指标", "完工时间", "2024年9月底"),
        (7, SAT, RECIPIENT, "商户满意度", "≥90%"),
    ]
    assert _issues(_extract("date-split-by-space.txt")) == []


# --- a third batch: a duty column before the levels, indicator pairs one a line, numbered
# --- rows one cell per line, a table of projects whose targets are sentences ---------------


def test_duty_column_before_the_levels() -> None:
    ex = _extract("duty-column-before-levels.txt")
    assert [(d.name, d.total_yuan) for d in ex.departments] == [("西溪县统计局", Decimal(3862000))]
    assert _rows("duty-column-before-levels.txt") == [
        (4, OUT, "数量指标", "完成统计调查项目数", "≥15项"),  # not 统计调查 | 产出指标
        (5, OUT, "质量指标", "统计数据差错率", "≤1%"),
        (6, SAT, RECIPIENT, "数据使用单位满意度", "≥90%"),
    ]
    assert _issues(ex) == []


def test_indicator_pairs_printed_one_a_line() -> None:
    assert _form("indicator-pairs-one-per-line.txt")[3] == Decimal(260000)
    assert _rows("indicator-pairs-one-per-line.txt") == [
        (6, OUT, "数量指标", "维护管网长度", "≥18公里"),
        (10, SAT, RECIPIENT, "沿线居民满意度", "≥90%"),
    ]
    assert _issues(_extract("indicator-pairs-one-per-line.txt")) == []


def test_numbered_rows_one_cell_per_line() -> None:
    assert _rows("numbered-rows-one-cell-per-line.txt") == [
        (25, OUT, "数量指标", "运维电站座数", "28座"),
        (35, "效益指标", "社会效益指标", "村集体经济收入", "稳定增加"),  # not 稳定增加 | 3
        (45, SAT, RECIPIENT, "村民满意度", "≥90%"),
    ]
    assert _issues(_extract("numbered-rows-one-cell-per-line.txt")) == [(1, "form-field-missing")]


def test_projects_table_with_target_sentences() -> None:
    ex = _extract("projects-table-with-target-sentences.txt")
    assert [(p.line, p.name, p.supervising_unit, p.total_yuan) for p in ex.projects] == [
        (3, "社区食堂运营补助", "清河区民政局", Decimal(900000)),
        (4, "中小学课后服务", "清河区教育局", Decimal(2400000)),
    ]
    assert _rows("projects-table-with-target-sentences.txt") == [
        (3, "", "数量指标", "补助社区食堂", "≥12个"),
        (3, "", "满意度指标", "就餐老人满意度", "≥90%"),  # listed among level-2 labels
        (4, "", "数量指标", "参加课后服务学生", "≥6000人"),
        (4, "", "时效指标", "补助发放时间", "2024年12月底前"),
    ]
    # no 实施单位 column: each form says so
    assert _issues(ex) == [(3, "form-field-missing"), (4, "form-field-missing")]


# --- a fourth batch: a cell's wrapped end on a row of its own, goals between the rows -------


def test_wrapped_cell_tail_on_a_row_of_its_own() -> None:
    ex = _extract("wrapped-cell-tail-own-row.txt")
    assert _rows("wrapped-cell-tail-own-row.txt") == [
        (5, OUT, "数量指标", "保洁河道长度及支流沟渠", "≥45公里"),  # | | | 沟渠 | |
        (7, OUT, "时效指标", "汛期保洁完成时间", "2024年5月31日前"),  # | | | | 日前 |
        (9, SAT, RECIPIENT, "沿河群众满意度", "≥90%"),
    ]
    assert ex.indicators[1].date == "2024-05-31"
    assert _issues(ex) == []


def test_goal_rows_between_the_indicator_rows() -> None:
    ex = _extract("goal-rows-between-indicators.txt")
    assert _rows("goal-rows-between-indicators.txt") == [
        (5, OUT, "数量指标", "送戏下乡场次", "≥120场"),
        (7, "效益指标", "经济效益指标", "接待游客人次增长率", "≥8%"),
    ]
    assert [(s.line, s.kind, s.ordinal, s.text) for s in ex.statements] == [
        (4, "goal", 1, "丰富群众文化生活"),
        (6, "goal", 2, "促进旅游发展"),
    ]
    assert _issues(ex) == []


# --- a name on its own line, its value on the line below, after a complete row ----------


def test_a_name_with_its_value_below_is_not_the_tail_of_the_row_above() -> None:
    """桥梁检查座数 sits alone under the name column below a complete row, shorter than the
    name above, as a wrapped tail would; the lone ≥46座 under the value column on the next
    line shows it was a row of its own whose value the page printed below it."""
    name = "name-then-value-below-after-complete-row.txt"
    assert _rows(name) == [
        (6, OUT, "数量指标", "养护农村公路总里程数", "≥320公里"),
        (7, OUT, "数量指标", "桥梁检查座数", "≥46座"),
        (9, OUT, "质量指标", "路面完好率", "≥90%"),
        (10, SAT, RECIPIENT, "沿线群众满意度", "≥90%"),
    ]
    assert _issues(_extract(name)) == []
