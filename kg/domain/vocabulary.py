"""The vocabulary of the forms: every Chinese label the parsers recognise, in mapping tables.

This module is data only, hence its length: the traditional characters the labels may be
printed in, level-1 and level-2 indicator labels and their codes, the headers of indicator
tables, the fields of project and department forms, funding labels and their source kinds,
goal and description labels, the furniture of web pages, budget-table names and columns,
region codes. Each table is keyed by the label as :func:`kg.domain.labels.key` normalises it;
the functions that match cells against the tables are in :mod:`kg.domain.labels`, which
re-exports every table (``labels.LEVEL1`` is ``vocabulary.LEVEL1``).
"""

#: traditional → simplified, for the characters the vocabulary's labels are written with (and
#: the variants 産/値); used to match labels only — printed text is kept as printed
TRADITIONAL_TO_SIMPLIFIED = str.maketrans(
    "萬產産億眾優會體內況減務區單號響國壯實對屬廣強態總執報撥據數斷無時顯權來標濟滿環碼確稱"
    "穩級經績續綜編職營計議請調財質資達運長門問險項預額魚規劃値師檢費鄉關與類階"
    "專業冊準別動縣發圍備審廢開歸當錄戶掃機構檔瀏滾熱電監稅簽"
    "係繫糾納組聯範補覽設評詞話詢說讀負責載過釋鏈錯閉間閱頁題",
    "万产产亿众优会体内况减务区单号响国壮实对属广强态总执报拨据数断无时显权来标济满环码确称"
    "稳级经绩续综编职营计议请调财质资达运长门问险项预额鱼规划值师检费乡关与类阶"
    "专业册准别动县发围备审废开归当录户扫机构档浏滚热电监税签"
    "系系纠纳组联范补览设评词话询说读负责载过释链错闭间阅页题",
)


# --- indicator tree (财预〔2021〕101号 and the older local forms) -------------------------

#: level-1 labels → canonical code
LEVEL1: dict[str, str] = {
    "产出指标": "output",
    "产出": "output",
    "效益指标": "outcome",
    "效益": "outcome",
    "满意度指标": "satisfaction",
    "满意度": "satisfaction",
    "成本指标": "cost",  # level-1 only in the 2021 framework (with 经济成本指标 ... below)
    # other provinces and the older (2013) framework
    "产出值": "output",
    "项目完成指标": "output",
    "项目效益指标": "outcome",
    "预期产出指标": "output",  # 东莞's 批复表: 预期产出指标 / 效果指标
    "效果指标": "outcome",
    # the NDRC template for 中央预算内投资 (实施效果指标 / 过程管理指标): no MoF category
    "实施效果指标": "",
    "过程管理指标": "",
}

#: level-1 labels whose level-2 labels are other templates' level-1 labels, or labels of
#: their own: a label of this set printed below them is a level-2 label
LEVEL1_CHILDREN: dict[str, frozenset[str]] = {
    "实施效果指标": frozenset({"产出指标", "效益指标", "满意度指标", "产出", "效益", "满意度"}),
    "过程管理指标": frozenset({"计划管理指标", "资金管理指标", "项目管理指标", "监督检查指标"}),
}

#: level-1 labels of the older framework that also hold satisfaction indicators
#: (项目效益指标 → 社会公众或服务对象满意度指标): a satisfaction label below them keeps them
LEVEL1_ALSO_HOLDS: dict[str, frozenset[str]] = {
    "项目效益指标": frozenset({"satisfaction"}),
}

#: level-2 labels → (canonical code, level-1 code it belongs to)
LEVEL2: dict[str, tuple[str, str]] = {
    "数量指标": ("quantity", "output"),
    "质量指标": ("quality", "output"),
    "时效指标": ("timeliness", "output"),
    "成本指标": ("cost", "output"),
    "经济成本指标": ("economic-cost", "cost"),
    "社会成本指标": ("social-cost", "cost"),
    "生态环境成本指标": ("environmental-cost", "cost"),
    "经济效益": ("economic", "outcome"),
    "经济效益指标": ("economic", "outcome"),
    "社会效益": ("social", "outcome"),
    "社会效益指标": ("social", "outcome"),
    "社会效益目标": ("social", "outcome"),
    "生态效益": ("ecological", "outcome"),
    "生态效益指标": ("ecological", "outcome"),
    "可持续影响": ("sustainability", "outcome"),
    "可持续影响指标": ("sustainability", "outcome"),
    "服务对象满意度": ("service-recipient", "satisfaction"),
    "服务对象满意度指标": ("service-recipient", "satisfaction"),
    # the framework's labels without 指标, as some forms print them (产出 | 数量 | …)
    "数量": ("quantity", "output"),
    "质量": ("quality", "output"),
    "时效": ("timeliness", "output"),
    "成本": ("cost", "output"),
    # other provinces and the older (2013) framework
    "数量值": ("quantity", "output"),
    "质量值": ("quality", "output"),
    "时效值": ("timeliness", "output"),
    "成本值": ("cost", "output"),
    "社会公众或服务对象满意度": ("service-recipient", "satisfaction"),
    "社会公众或服务对象满意度指标": ("service-recipient", "satisfaction"),
    "预算控制指标": ("cost", "output"),  # 预算(或投资规模)控制指标
    "社会、经济、生态效益指标": ("", "outcome"),
    "社会经济生态效益指标": ("", "outcome"),
    "计划管理指标": ("", ""),
    "资金管理指标": ("", ""),
    "项目管理指标": ("", ""),
    "监督检查指标": ("", ""),
}

#: canonical level-1 code → the label written when a form does not print one
LEVEL1_LABEL: dict[str, str] = {
    "output": "产出指标",
    "cost": "成本指标",
    "outcome": "效益指标",
    "satisfaction": "满意度指标",
}

#: header cells of indicator tables → the column they head. Forms of other provinces print
#: the operator, the number's unit, a weight and a direction in columns of their own; the
#: weight and the direction are not part of the target value.
INDICATOR_COLUMNS: dict[str, str] = {
    "一级指标": "l1",
    "级指标": "l1",  # 一级指标 with its first character lost (a merged cell's edge)
    "二级指标": "l2",
    "三级指标": "l3",
    "指标内容": "content",
    "指标名称": "content",
    "指标值": "value",
    "目标值": "value",
    "年度指标值": "value",
    "绩效指标描述": "description",
    "指标解释": "description",
    "指标值确定依据": "basis",
    "指标性质": "operator",
    "运算符": "operator",
    "运算符号": "operator",
    "度量单位": "unit",
    "计量单位": "unit",
    "指标单位": "unit",
    "权重": "weight",
    "分值": "weight",
    "指标权重": "weight",
    "权重(%)": "weight",
    "权重（%）": "weight",
    "指标方向": "direction",
    "指标方向性": "direction",
    # other provinces
    "计划指标值": "value",
    "预期达到目标": "value",
    "预期目标值": "value",
    "预期指标值": "value",
    "年度目标值": "value",
    "计算符号": "operator",
    "符号": "operator",
    "指标值说明": "description",
    "指标说明": "description",
    "指标说明及公式": "description",
    "评(扣)分标准": "description",
    "评分标准": "description",
    "指标标准或依据": "basis",
    "指标值设定依据": "basis",
    "指标值确定依据及说明": "basis",
    "备注": "note",
    "序号": "seq",
    "编号": "seq",
}

#: the level columns of a header that prints them short (一级 | 二级 | 三级 | 指标值): column
#: names only where two of them head one row (一级 alone is a value: 保洁质量等级 | 一级)
SHORT_LEVEL_COLUMNS: dict[str, str] = {"一级": "l1", "二级": "l2", "三级": "l3"}

#: header cells that head an indicator table's column only beside its other headers
#: (一级指标 … | 指标值 | 单位): alone, 单位 is a form's field or a note
INDICATOR_COLUMNS_BESIDE: dict[str, str] = {"单位": "unit"}

#: a value column of the period's set beside the year's (实施期指标值 | 年度指标值): a cell of
#: each row, not the value
PERIOD_VALUE_COLUMNS = frozenset({"实施期指标值", "中期指标值", "长期指标值"})

#: the two column sets of a template that prints medium-term and annual targets side by
#: side: (长期)/(中期) columns and (年度) columns; the annual set holds the values
COLUMN_SETS: dict[str, str] = {"长期": "long", "中期": "long", "年度": "annual"}

#: what a page prints in a cell it leaves empty (a merged cell's rows below its first)
EMPTY_CELLS = frozenset({"/", "／", "\\"})

#: header cells of indicator tables (not data)
INDICATOR_HEADER = frozenset(INDICATOR_COLUMNS) | PERIOD_VALUE_COLUMNS

#: what a 指标性质 cell prints instead of an operator: the kind of target (a qualitative
#: 定性 target is its text, 有效提升), not part of the value
TARGET_KINDS = frozenset({"定性", "定量"})

#: columns that make an indicator table positional: read by the header's column positions
POSITIONAL_COLUMNS = frozenset({"operator", "unit", "weight", "direction"})

#: a column before an indicator table's levels naming the duty or task a block serves
DUTY_COLUMNS = frozenset(
    {"职责", "部门职责", "主要职责", "履职目标", "年度任务", "重点任务", "工作任务"}
)

#: the row label printed in the first column beside an indicator table
INDICATOR_SECTION = {
    "项目年度绩效目标衡量指标",
    "部门整体支出年度绩效目标衡量指标",
    "绩效指标",  # the vertical label beside the table (绩/效/指/标)
    "年度绩效指标",
    "绩效项目指标表",
}


# --- form headers ----------------------------------------------------------------------

PROJECT_FIELDS: dict[str, str] = {
    "项目名称": "name",
    "项目编码": "code",
    "项目编号": "code",
    "项目实施单位": "implementing_unit",
    "项目主管单位": "supervising",
    "项目属性": "attribute",
    # other provinces
    "项目支出名称": "name",
    "预算部门": "supervising",
    "主管部门": "supervising",
    "项目主管部门": "supervising",
    "实施单位": "implementing_unit",
    "项目(专项)名称": "name",
    "专项名称": "name",
    "专项资金名称": "name",
    "专项转移支付名称": "name",  # 转移支付 区域绩效目标表
    "转移支付名称": "name",
    "转移支付(项目)名称": "name",  # 中央对地方转移支付区域绩效目标表
    "地方主管部门": "supervising",  # beside 中央主管部门, the ministry that grants it
    "项目实施单位名称": "implementing_unit",
    "具体实施单位": "implementing_unit",
    "项目实施主体": "implementing_unit",
    "项目单位": "implementing_unit",  # 政府投资项目: the unit that builds (项目建设单位)
    "项目建设单位": "implementing_unit",
    "建设单位": "implementing_unit",
    "主管部门及编码": "supervising",
    "主管部门及代码": "supervising",
    "主管单位及编码": "supervising",
    "主管单位及代码": "supervising",
    "项目主管部门及编码": "supervising",
    "项目主管部门及代码": "supervising",
    "主管单位": "supervising",
    "业务主管部门": "supervising",
    "申报单位": "supervising_fallback",
    "预算单位": "supervising_fallback",
    "下达地方或单位": "supervising_fallback",
    "项目负责人": "contact",
    "项目负责人及电话": "contact",
    "项目负责人及联系电话": "contact",
    "联系人": "contact",
    "联系电话": "phone",
    "项目期": "period",
    "实施期": "period",
    "项目实施期": "period",
    "项目起止时间": "period",
    "建设周期": "period",
    "项目分类": "category",
    "项目类别": "category",
    "项目审批": "approval",
    "填报单位": "reporting_unit",
}

#: fields a form may print under a second, weaker label: 预算单位 or 申报单位 is the
#: supervising department only where no 主管部门 is printed
FIELD_FALLBACKS: dict[str, str] = {"supervising_fallback": "supervising"}

DEPARTMENT_FIELDS: dict[str, str] = {
    "部门名称": "name",
    "部门编码": "code",
    "部门(单位)名称": "name",
    "单位名称": "name",
    "预算单位名称": "name",
    "部门代码": "code",
    "单位编码": "code",
    "联系人": "contact",
    "联系电话": "phone",
    "资金类别": "category",
    "业务股室": "contact",
    "填报单位": "reporting_unit",
}

#: cells that label a funding amount → source_kind ("total" for 合计)
FUNDING: dict[str, str] = {
    "合计": "total",
    "预算数": "total",
    "其中一般公共预算拨款": "general_public",
    "一般公共预算拨款": "general_public",
    "其中上级": "general_public_upper",
    "上级": "general_public_upper",
    "本级": "general_public_local",
    "政府性基金": "gov_fund",
    "国有资本经营预算": "state_capital",
    "其他资金": "other",
    "财政资金": "general_public",
    "其中财政资金": "general_public",
    # other provinces (资金情况(万元): 年度资金总额 | 其中：财政拨款 | 其他资金)
    "年度资金总额": "total",
    "年度本级预算金额": "total",
    "财政拨款": "general_public",
    "其中财政拨款": "general_public",
    "其他": "other",
    "项目金额": "total",
    "项目总预算": "total",
    "年度预算": "total",
    "项目总金额": "total",
    "年度预算总额": "total",
    "预算总额": "total",
    "部门预算总额": "total",
    "年度部门预算总额": "total",
    "部门年度预算总额": "total",
    "部门预算": "total",  # 部门预算 | 总额 | 基本支出 | 项目支出, the amounts on the row below
    "总额": "total",
    "本次下达中央预算内投资": "total",
    "本年度申请市财政预算资金": "total",
    "年度投资计划": "total",  # 政府投资项目: the year's part of 项目总投资
    "本年度投资计划": "total",
    "年度计划投资": "total",
    "年度投资": "total",  # 政府投资项目: 总投资 | 年度投资
    "年度金额": "total",  # 转移支付 区域绩效目标表: 年度金额 | 其中：中央补助 | 地方资金
    "中央补助": "general_public_upper",
    "其中中央补助": "general_public_upper",
    "年度申请预算资金": "total",
    "金额合计": "total",  # the sum of a department's 年度主要任务 (任务1 … | 金额合计)
    "公共财政拨款": "general_public",
    "一般公共预算": "general_public",
    "政府性基金拨款": "gov_fund",
    "政府性基金预算": "gov_fund",
    "其它资金": "other",
    "其中其它资金": "other",
    "其中其他资金": "other",
    "中央资金": "general_public_upper",
    "中央财政资金": "general_public_upper",
    "省级资金": "general_public_upper",
    "上级资金": "general_public_upper",
    "上级补助": "general_public_upper",
    "区级资金": "general_public_local",
    "县级资金": "general_public_local",
    "本级资金": "general_public_local",
    # 政府投资项目: the sources of the year's investment
    "中央预算内投资": "general_public_upper",
    "地方政府专项债券": "gov_fund",
    "专项债券": "gov_fund",
}

#: the annual column of a funding table that prints the whole period and the year side
#: by side (资金总额 | 当年资金总额): the year's amounts replace the period's
FUNDING_ANNUAL_PREFIX = "当年"

#: funding labels that name an amount this form reads no source from (中期市财政预算,
#: 市级资金 without knowing the level of the document): placed, not read
FUNDING_OTHER = frozenset(
    {
        "中期市财政预算",
        "中期预算",
        "本年申请",  # the year's amount split by when it was granted, not by its source
        "其中本年申请",
        "上年结转",
        "其中上年结转",
        "项目总投资",  # 政府投资项目: the whole investment; the year's 年度投资计划 is read
        "总投资",
        "基本支出",
        "项目支出",
        "其中基本支出",  # 其中：基本支出 | 项目支出, the split by kind of spending
        "其中项目支出",
        "纳入专户管理的非税收入拨款",
        "财政资金预算分类",
        "财政资金科目代码",
        "按收入性质分",
        "按支出性质分",
        "年度预算执行率",
        "预算执行",
    }
)

#: headings of a form's funding rows that give the total when an amount follows them
#: (资金总额 | 250万); otherwise they only head the rows below (资金总额 | 资金来源 | 金额(元))
FUNDING_TOTAL_HEADINGS = frozenset(
    {"资金总额", "项目资金申请", "资金情况", "项目资金", "年度预算申请", "资金情况(万元)", "资金"}
)

FUNDING_HEADER = {
    "资金总额",
    "资金来源",
    "金额(元)",
    "金额（元）",
    "部门预算安排资金(元)",
    "部门预算安排资金（元）",
    "金额",  # 金额（万元）: the unit is read from the heading
    "项目资金申请",
    "资金情况",
    "项目资金",
    "年度预算申请",
    "金额单位",
    "预算金额",  # 预算金额（万元） above a department's 年度主要任务 and their amounts
    "部门预算安排资金",  # with its unit: 部门预算安排资金（万元）
}

GOAL_LABELS = (
    "年度绩效目标",
    "绩效目标",
    "年度目标",
    "项目年度目标",
    "年度绩效总目标",
    "整体绩效目标",
    "年度主要目标和成果",
    "年度总体目标",
    "项目年度绩效目标",
)
#: the period's goal: the annual goal where one is printed, else this
OVERALL_GOAL_LABELS = ("总体目标", "项目总体目标", "中期目标", "中期滚动目标", "长期目标")

#: labels of a form that are read as prose (概况, 立项依据, 职能职责): placed, not fields
DESCRIPTION_LABELS = frozenset(
    {
        "项目概况及立项依据",
        "项目概况",
        "立项依据",
        "项目总体概况",
        "项目审批",
        "建设内容及规模",  # 政府投资项目
        "建设内容",
        "基本信息",
        "部门职能职责概述",
        "部门职能概述",
        "职能职责",
        "主要职能",
        "项目资金",
        "绩效目标表",
        "年度主要任务",
        "任务名称",
        "主要内容",
    }
)

#: fund sources whose level this vocabulary cannot place (市级 money is an upper level's
#: for a district, the document's own for a city): their amounts are an issue, not a source
FUNDING_UNPLACED = frozenset({"市级资金", "当年市级财政资金", "市级财政资金", "市级补助"})

#: the labels of a web page's publication block (索引号 | … | 发布机构 | …): page
#: furniture, read as prose, never as a form
FURNITURE = frozenset(
    {
        "索引号",
        "发布机构",
        "成文日期",
        "主题分类",
        "文号",
        "公文时效",
        "发布日期",
        "发布时间",
        "信息来源",
        "字号",
        "有效性",
        "标题",
        "分类",
        "发文机关",
        "发文日期",
        "当前位置",
        "阅读次数",
        "归档时间",
        "生成日期",
        "来源",
        "浏览次数",
        "所属机构",
        "公开方式",
        "公开范围",
        "责任部门",
        "文件编号",
        "生效日期",
        "废止日期",
        "体裁分类",
        "组配分类",
        "文件下载",
        "政策咨询",
        "标签",
        "相关链接",
        "相关文件",
        "附件下载",
        "扫一扫在手机打开当前页",
        "打印本页",
        "关闭窗口",
        "打印",
        "关闭",
        "下载",
        "搜索热词",
        "我要纠错",
        "手机版",
        "登录",
        "注册",
        "网站地图",
        "联系我们",
        "分享到",
        "上一篇",
        "下一篇",
    }
)

#: a department form's functions (部门职能概述 | 职能1 …, or their text) and its goals
FUNCTION_SECTIONS = ("部门职能概述", "部门职能", "部门主要职能")
GOAL_SECTIONS = ("部门整体支出年度绩效目标", "年度履职目标")

#: the first header cell of a key-project summary table (项目序号 | 部门名称 | … | 年初预算数)
SUMMARY_START = "项目序号"

#: words that make a lone line the title of a form or table
TITLE_WORDS = ("申报表", "情况表", "绩效目标表", "批复表", "审批表", "绩效表")

#: words that end a satisfaction indicator's content and are not part of the group name
SATISFACTION_SUFFIXES = (
    "问卷调查满意度",
    "调查满意度",
    "综合满意度",
    "综合满意",
    "满意度指标",
    "满意度",
    "满意率",
    "满意",
)

#: trailing words left after the suffix is cut (各界人士调查 → 各界人士)
GROUP_TRAILERS = ("安全感", "调查", "问卷", "的")

#: lone cells that are target values although they hold no number
QUALITATIVE_VALUES = frozenset(
    {
        "有效",
        "无效",
        "提高",
        "提升",
        "改善",
        "保障",
        "显著",
        "良好",
        "优",
        "优秀",
        "良",
        "合格",
        "是",
        "否",
        "无",
        "有",
        "完成",
        "达标",
        "增加",
        "减少",
        "稳定",
        "持续",
        "加强",
        "增强",
        "有效改善",
        "有效提升",
        "明显提升",
        "显著提升",
        "逐步提高",
        "不断提高",
        "持续提升",
        "长期",
        "长期/优",
        "日产日清",
        "按时",
        "及时",
        "每日",
        "每月",
        "逐年提高",
        "同比提高",
        "保持良好",
    }
)


# --- budget tables (seed 000) -----------------------------------------------------------

BUDGET_TABLES: dict[str, str] = {
    "一般公共预算": "general_public",
    "政府性基金预算": "gov_fund",
    "国有资本经营预算": "state_capital",
    "社会保险基金预算": "social_insurance",
    "社会保险基金": "social_insurance",  # a narrative speaks of it without 预算
}

#: budget table column headers → (measure, which year header it falls under)
BUDGET_COLUMNS: dict[str, str] = {
    "年初预算数": "initial",
    "调整预算数": "adjusted",
    "执行数": "executed",
    "建议数": "proposed",
}


# --- regions ----------------------------------------------------------------------------

#: administrative division codes of the regions the samples name
REGIONS: dict[str, str] = {
    "450000": "广西壮族自治区",
    "450200": "柳州市",
    "450203": "柳州市鱼峰区",
    "450206": "柳州市柳江区",
    "130000": "河北省",
    "130800": "承德市",
    "130823": "平泉市",
}


# --- labels as a reader sees them --------------------------------------------------------

#: every label printed alone in a cell, for joining labels split over two lines
LABELS: frozenset[str] = frozenset(
    {
        *LEVEL1,
        *LEVEL2,
        *INDICATOR_HEADER,
        *INDICATOR_SECTION,
        *PROJECT_FIELDS,
        *DEPARTMENT_FIELDS,
        *FUNDING,
        *FUNDING_HEADER,
        *GOAL_LABELS,
        *OVERALL_GOAL_LABELS,
        *DESCRIPTION_LABELS,
        *FUNDING_OTHER,
        *FUNDING_UNPLACED,
        *FURNITURE,
        SUMMARY_START,
    }
)
