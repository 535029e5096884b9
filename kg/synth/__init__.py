"""Synthetic budget performance-target documents, for tests and benchmarks at scale.

:func:`generate` writes UTF-8 ``.txt`` documents that look like the bundled samples (TAB-separated
cells as the PDF converter prints them) and returns a :class:`Manifest` of what it meant to
write, so that an extraction can be compared with it record by record. One document per region:

``district`` (like sample 000)
    a budget report for a 区: a short narrative whose figures come from the tables, the four
    区本级 budget tables in 万元 (一般公共预算, 政府性基金预算, 国有资本经营预算, 社会保险基金预算;
    年初预算数/调整预算数/执行数/完成%/增减/建议数 columns whose items add up, the larger tables
    split over two pages), a 部门整体绩效申报表 for every department (职能N/目标N statements,
    indicator table) and the project forms (2025 layout, 上级/本级 split).
``summary`` (like sample 001)
    a 重点项目绩效目标情况表 in 万元 (2 decimals, 合计 row; a few names drift from the forms'),
    then the project forms.
``city`` (like sample 002)
    a city's project forms in the 2023 layout (amounts with thousands separators, blank
    source cells, 社会效益指标-style labels, ``--`` rule lines).

Regions are real 6-digit division codes first (柳州市鱼峰区 450203, 柳江区 450206, 柳州市
450200, …), then synthetic ones in real provinces. Department codes are 3 digits, unique in
their region; project codes are 21 characters: region, 2-digit year, then ``04`` + department
+ 8-digit serial or department + ``001`` + 7-digit serial, as the samples print them.

Noise is the kind the samples show and the parser reads: amounts in different columns, level-1
and level-2 labels printed once and carried down (or printed in the middle of their group, or in
the level-1 column), rows split over two lines, duplicated cells, ``<b>``/``<p>`` tags, ``**``,
``#`` headings, repeated titles, LaTeX ``$\\geq 90\\%$``, full-width digits and operators, spaces
inside words and numbers, thousands separators.

Everything is drawn from one :class:`random.Random` per document, seeded by (seed, document), so
the same arguments give byte-identical files and documents can be generated one at a time:
:func:`iter_documents` streams them, and ``generate(..., manifest=False)`` keeps only counts.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     m = generate(Path(tmp), projects=5, seed=1)
>>> m.counts.documents, m.counts.projects, m.documents[0].projects[0].code[:6]
(1, 5, '450203')
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

#: defaults: projects in one region's document, departments of a region
PROJECTS_PER_REGION = 24
DEPARTMENTS_PER_REGION = 10

# --- what the generator intends (the manifest) -------------------------------------------


@dataclass(frozen=True, slots=True)
class IndicatorSpec:
    """One indicator row: labels in effect, content, the value as read and as printed."""

    l1: str
    l2: str
    content: str
    value: str
    printed: str


@dataclass(frozen=True, slots=True)
class ProjectSpec:
    code: str
    name: str
    region: str
    year: int
    implementing_unit: str
    supervising_code: str
    supervising_name: str
    attribute: str
    attribute_raw: str
    total_yuan: Decimal
    funding: tuple[tuple[str, Decimal], ...]  # (source kind, yuan) for every printed amount
    goal: str
    indicators: tuple[IndicatorSpec, ...]
    beneficiaries: tuple[tuple[str, str], ...]  # (group, the satisfaction indicator's content)


@dataclass(frozen=True, slots=True)
class DepartmentSpec:
    code: str
    name: str
    region: str
    year: int
    total_yuan: Decimal
    funding: tuple[tuple[str, Decimal], ...]
    functions: tuple[str, ...]
    goals: tuple[str, ...]
    indicators: tuple[IndicatorSpec, ...]
    beneficiaries: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class SummaryRowSpec:
    seq: str
    department: str
    unit: str
    project: str  # as the summary prints it (may drift from the form's name)
    amount_wan: Decimal
    project_code: str = ""  # the form it summarises ('' on the 合计 row)
    is_total: bool = False


@dataclass(frozen=True, slots=True)
class BudgetLineSpec:
    table: str
    table_kind: str
    section: str
    item: str
    level: int
    parent: str
    year: int
    measure: str
    amount_wan: Decimal | None


@dataclass(frozen=True, slots=True)
class BudgetChangeSpec:
    table: str
    item: str
    column: str
    value: Decimal


@dataclass(frozen=True, slots=True)
class NarrativeSpec:
    """A figure the district report's narrative states (from its own tables)."""

    budget: str
    year: int
    item: str
    kind: str  # amount | change_pct | completion_pct
    value: Decimal
    unit: str


@dataclass(frozen=True, slots=True)
class DocumentSpec:
    name: str
    layout: str  # district | summary | city
    region: str
    region_name: str
    year: int
    projects: tuple[ProjectSpec, ...]
    departments: tuple[DepartmentSpec, ...] = ()
    summary: tuple[SummaryRowSpec, ...] = ()
    budget_lines: tuple[BudgetLineSpec, ...] = ()
    budget_changes: tuple[BudgetChangeSpec, ...] = ()
    narrative: tuple[NarrativeSpec, ...] = ()


@dataclass
class Counts:
    documents: int = 0
    projects: int = 0
    departments: int = 0
    indicators: int = 0
    summary_rows: int = 0
    budget_lines: int = 0
    bytes: int = 0

    def add(self, doc: DocumentSpec, size: int) -> None:
        self.documents += 1
        self.projects += len(doc.projects)
        self.departments += len(doc.departments)
        self.indicators += sum(len(p.indicators) for p in doc.projects)
        self.indicators += sum(len(d.indicators) for d in doc.departments)
        self.summary_rows += len(doc.summary)
        self.budget_lines += len(doc.budget_lines)
        self.bytes += size


@dataclass
class Manifest:
    """What :func:`generate` wrote: counts always, the documents' specs unless told not to."""

    counts: Counts = field(default_factory=Counts)
    documents: list[DocumentSpec] = field(default_factory=list)

    def projects(self) -> Iterator[ProjectSpec]:
        for doc in self.documents:
            yield from doc.projects

    def departments(self) -> Iterator[DepartmentSpec]:
        for doc in self.documents:
            yield from doc.departments


# --- vocabulary ------------------------------------------------------------------------

#: real prefecture-level cities and their districts (division code suffixes)
_CITIES: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("4502", "柳州市", (("03", "鱼峰区"), ("06", "柳江区"), ("02", "城中区"), ("04", "柳南区"),
                      ("05", "柳北区"))),
    ("4501", "南宁市", (("02", "兴宁区"), ("03", "青秀区"), ("05", "江南区"), ("07", "西乡塘区"),
                      ("08", "良庆区"), ("09", "邕宁区"), ("10", "武鸣区"))),
    ("4503", "桂林市", (("02", "秀峰区"), ("03", "叠彩区"), ("04", "象山区"), ("05", "七星区"),
                      ("11", "雁山区"), ("12", "临桂区"))),
    ("4504", "梧州市", (("03", "万秀区"), ("05", "长洲区"), ("06", "龙圩区"))),
    ("4505", "北海市", (("02", "海城区"), ("03", "银海区"), ("12", "铁山港区"))),
    ("4507", "钦州市", (("02", "钦南区"), ("03", "钦北区"))),
    ("4508", "贵港市", (("02", "港北区"), ("03", "港南区"), ("04", "覃塘区"))),
    ("4509", "玉林市", (("02", "玉州区"), ("03", "福绵区"))),
    ("1301", "石家庄市", (("02", "长安区"), ("04", "桥西区"), ("05", "新华区"), ("08", "裕华区"),
                        ("09", "藁城区"), ("10", "鹿泉区"), ("11", "栾城区"))),
    ("1302", "唐山市", (("02", "路南区"), ("03", "路北区"), ("04", "古冶区"), ("05", "开平区"),
                      ("07", "丰南区"), ("08", "丰润区"), ("09", "曹妃甸区"))),
    ("1308", "承德市", (("02", "双桥区"), ("03", "双滦区"))),
)  # fmt: skip

#: provinces that synthetic cities (codes xx30..xx99) are placed in
_PROVINCES = (
    "13", "14", "15", "21", "22", "23", "32", "33", "34", "35", "36", "37", "41", "42",
    "43", "44", "45", "46", "51", "52", "53", "54", "61", "62", "63", "64", "65",
)  # fmt: skip
_SYLLABLES = "安平清河阳江城山湖南北东西新宁华兴丰永长云桂龙凤金石泉林溪源塘桥岭洲浦沙德海明康"
_TOWN_SYLLABLES = "里雍白沙洛满大龙太阳和穿山进德百朋成团三都土博禾雒容拉堡新兴流"

#: department kinds: (sector, district name, city name ('' = the same), subordinate units).
#: {r} region prefix (柳州市鱼峰区), {c} city, {s} district stem (鱼峰), {d} the department
_KINDS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("congress", "{r}人民代表大会常务委员会", "", ()),
    ("congress", "中国人民政治协商会议{r}委员会", "", ()),
    ("party", "中国共产党{r}委员会办公室", "", ()),
    ("party", "中国共产党{r}委员会组织部", "", ("{r}企业离休干部服务管理中心",)),
    ("party", "中共{r}委员会宣传部", "", ("{r}融媒体中心",)),
    ("party", "中国共产党{r}委员会统一战线工作部", "", ()),
    ("admin", "{r}人民政府办公室", "", ("{r}政务服务中心",)),
    ("economy", "{r}发展和改革局", "{r}发展和改革委员会", ("{r}价格认证中心",)),
    ("admin", "{r}财政局", "", ("{r}财政国库支付中心", "{r}政府采购中心")),
    ("admin", "{r}统计局", "", ("{r}普查中心",)),
    ("admin", "{r}机关后勤服务中心", "{r}机关事务管理局", ()),
    ("admin", "{r}督查和绩效考评办公室", "", ()),
    ("education", "{r}教育局", "", ("{d}教研室", "{r}学生资助管理中心", "{r}第一实验小学")),
    ("health", "{r}卫生健康局", "{r}卫生健康委员会", ("{r}疾病预防控制中心", "{r}妇幼保健院")),
    ("insurance", "{r}医疗保障局", "", ("{r}医疗保障事业管理中心",)),
    ("civil", "{r}民政局", "", ("{r}社会福利院", "{r}救助管理站")),
    ("veterans", "{r}退役军人事务局", "", ("{r}退役军人服务中心",)),
    ("disabled", "{r}残疾人联合会", "", ("{r}残疾人康复中心",)),
    ("labour", "{r}人力资源和社会保障局", "", ("{r}社会保险事业管理中心", "{r}就业服务中心")),
    ("agriculture", "{r}农业农村局", "", ("{r}农业技术推广中心", "{r}动物疫病预防控制中心")),
    ("agriculture", "{r}乡村振兴局", "", ("{r}乡村振兴服务中心",)),
    ("water", "{r}水利局", "", ("{r}水利工程管理站",)),
    ("water", "{r}林业局", "", ("{r}森林病虫害防治站",)),
    ("housing", "{r}住房和城乡建设局", "", ("{r}市政工程管理所", "{r}房屋征收服务中心")),
    ("housing", "{r}自然资源局", "{r}自然资源和规划局", ("{r}不动产登记中心",)),
    ("sanitation", "{r}综合行政执法局", "{r}城市管理行政执法局", ("{r}环境卫生管理所",)),
    ("sanitation", "{r}城市管理信息中心", "", ()),
    ("ecology", "{c}生态环境局{s}分局", "{r}生态环境局", ("{r}环境监测站",)),
    ("safety", "{r}应急管理局", "", ("{r}应急救援指挥中心",)),
    ("safety", "{c}公安局{s}分局", "{r}公安局", ("{d}交通警察大队",)),
    ("justice", "{r}司法局", "", ("{r}公共法律服务中心",)),
    ("economy", "{r}科学技术局", "", ("{r}生产力促进中心",)),
    ("economy", "{r}工业和信息化局", "", ()),
    ("economy", "{r}市场监督管理局", "", ("{r}食品药品检验所",)),
    ("culture", "{r}文化体育和旅游局", "{r}文化广电和旅游局", ("{r}图书馆", "{r}文化馆")),
    ("mass", "{r}妇女联合会", "", ()),
    ("mass", "共青团{r}委员会", "", ()),
    ("mass", "{r}总工会", "", ()),
)
_TOWN_KINDS = ("{r}{t}镇人民政府", "{r}{t}街道办事处")


@dataclass(frozen=True, slots=True)
class _Sector:
    topic: str
    works: tuple[str, ...]
    projects: tuple[str, ...]
    quantity: tuple[tuple[str, str, int, int], ...]  # content, unit, low, high
    quality: tuple[tuple[str, tuple[str, ...]], ...]
    outcomes: tuple[tuple[str, str, tuple[str, ...]], ...]  # l2 code, content, values
    groups: tuple[str, ...]  # beneficiary groups their satisfaction indicators name
    standards: tuple[tuple[str, str, int, int], ...] = ()


_OK = ("=100%", "100%")
_SECTORS: dict[str, _Sector] = {
    "admin": _Sector(
        "机关事务",
        ("机关日常运转和后勤保障", "重要会议的组织协调和会务服务", "公文处理和信息报送",
         "督查督办和绩效考评"),
        ("机关运行保障经费", "政务信息化运维经费", "档案数字化建设经费", "重要会议保障经费",
         "办公用房租赁费", "机关工会经费", "党建工作经费", "督查考评工作经费"),
        (("召开会议次数", "次", 5, 60), ("编发信息简报", "期", 10, 300),
         ("开展督查调研", "次", 5, 80), ("租赁办公用房面积", "平方米", 300, 8000),
         ("维护信息系统数量", "个", 1, 20), ("干部教育培训", "人次", 50, 3000)),
        (("文电办理差错率", ("≤1%", "<1%")), ("部门履职达标率", _OK), ("平台故障率", ("≤5%",))),
        (("social", "政务处理效率", ("提升", "提高")), ("social", "部门间协作水平", ("提高",)),
         ("sustainability", "机关单位可持续运转", ("长期", "≥1年"))),
        ("机关干部职工", "行政单位", "办事群众"),
    ),
    "congress": _Sector(
        "人大政协",
        ("召开全体会议和常委会会议", "组织代表委员视察调研", "代表委员履职培训",
         "建议提案办理和督办"),
        ("代表委员履职经费", "全体会议会务经费", "视察调研工作经费", "代表联络站建设经费",
         "文史资料编撰经费"),
        (("召开会议次数", "次", 4, 30), ("开展视察调研", "次", 5, 40),
         ("培训代表委员人次", "人次", 50, 600), ("办理建议提案", "件", 20, 400)),
        (("建议提案办复率", ("=100%",)), ("会议按时召开率", ("=100%",))),
        (("social", "履职效率", ("提高",)),
         ("sustainability", "代表委员的履职能力", ("提高", "持续"))),
        ("人大代表", "政协委员", "各界人士"),
    ),
    "party": _Sector(
        "党的建设",
        ("党的组织建设和党员教育管理", "意识形态和宣传思想工作", "统一战线和民族宗教工作",
         "干部选拔任用和人才工作"),
        ("党建工作经费", "党员教育培训经费", "人才工作专项经费", "宣传教育专项经费",
         "精神文明建设经费", "离休干部服务经费"),
        (("干部选拔任用人数", "名", 10, 120), ("组织宣传教育活动", "场", 20, 2000),
         ("党员教育培训", "人次", 100, 5000), ("引进培育人才", "人", 5, 200)),
        (("宣传教育覆盖率", ("≥90%",)), ("培训合格率", ("≥95%", "=100%"))),
        (("social", "党的组织建设水平", ("不断提升", "提升")), ("social", "社会凝聚力", ("增强",)),
         ("sustainability", "干部队伍建设", ("持续加强",))),
        ("党员干部", "基层党组织", "离退休干部"),
    ),
    "ecology": _Sector(
        "生态环境",
        ("大气、水、土壤污染防治", "生态环境监测", "环境执法检查", "突发环境事件应急处置"),
        ("大气污染防治专项资金", "水污染防治经费", "生态环境监测经费", "环境执法检查经费"),
        (("开展环境执法检查", "次", 20, 600), ("监测断面数量", "个", 2, 30),
         ("完成污染源排查", "家", 20, 800)),
        (("监测数据有效率", ("≥95%",)), ("环境违法案件办结率", ("=100%",))),
        (("ecological", "空气质量优良天数比例", ("≥90%", "≥95%")),
         ("ecological", "地表水水质", ("持续改善", "稳定达标"))),
        ("周边居民", "辖区群众"),
    ),
    "justice": _Sector(
        "司法行政",
        ("法治宣传教育", "人民调解和矛盾纠纷化解", "法律援助和公共法律服务", "社区矫正管理"),
        ("法律援助经费", "人民调解工作经费", "法治宣传教育经费", "社区矫正工作经费"),
        (("办理法律援助案件", "件", 20, 800), ("调解矛盾纠纷", "件", 50, 2000),
         ("开展法治宣传活动", "场", 10, 300), ("在册社区矫正对象", "人", 20, 500)),
        (("法律援助案件办结率", ("≥95%",)), ("矛盾纠纷调解成功率", ("≥95%", "≥90%"))),
        (("social", "群众法治意识", ("明显增强", "增强")),
         ("social", "社会和谐稳定", ("持续改善",))),
        ("受援群众", "纠纷当事人", "社区矫正对象"),
    ),
    "education": _Sector(
        "教育",
        ("义务教育学校经费保障和管理", "学生资助政策落实", "教师队伍建设和培训",
         "校舍安全和教育基础设施建设"),
        ("义务教育公用经费本级配套资金", "乡村教师体检费", "教育费附加项目", "教师培训经费",
         "学生资助配套资金", "校舍维修改造项目", "营养改善计划配套资金", "学前教育发展专项资金"),
        (("小学学生人数", "人", 2000, 60000), ("初中学生人数", "人", 1000, 30000),
         ("受益学校数", "所", 5, 80), ("培训教师人次", "人次", 200, 15000),
         ("资助家庭经济困难学生人数", "人", 100, 8000),
         ("维修改造校舍面积", "平方米", 500, 30000), ("乡村教师体检人数", "人", 300, 5000)),
        (("资金使用合规性", _OK), ("培训合格率", ("≥90%", "≥95%")),
         ("设备、设施验收通过率", ("=100%",)), ("资助对象识别准确率", ("=100%", "≥98%"))),
        (("social", "义务教育学校正常运转率", _OK),
         ("social", "学校办学条件", ("逐步提升", "有效改善")),
         ("social", "教师教学质量", ("提升", "稳步提高")),
         ("sustainability", "教育事业持续健康发展", ("长期", "持续"))),
        ("学校师生", "学生家长", "受资助学生", "参训教师", "体检教师"),
        (("小学生均公用经费标准", "元/生/年", 650, 900),
         ("初中生均公用经费标准", "元/生/年", 850, 1200)),
    ),
    "health": _Sector(
        "卫生健康",
        ("基本公共卫生服务项目的组织实施", "疾病预防控制和突发公共卫生事件应急处置",
         "计划生育家庭奖励扶助政策落实", "爱国卫生运动和健康促进"),
        ("基本公卫配套资金", "计生补助专项", "疾病预防控制专项经费", "家庭医生签约服务经费",
         "爱国卫生运动经费", "妇幼健康服务项目", "奖扶-城镇居民年老奖励"),
        (("计生特殊家庭补助人口数", "人", 100, 3000),
         ("适龄儿童国家免疫规划疫苗接种人数", "人", 1000, 40000),
         ("65岁及以上老年人健康管理人数", "人", 2000, 50000),
         ("开展健康教育讲座", "次", 10, 300),
         ("城镇居民独生子女父母年老奖励人数", "人", 200, 5000)),
        (("计生特殊家庭扶助精准率", ("=100%",)),
         ("居民规范化电子健康档案覆盖率", ("≥64%", "≥70%")),
         ("高血压患者基层规范管理服务率", ("≥64%", "≥61%")),
         ("适龄儿童国家免疫规划疫苗接种率", ("≥90%", ">90%"))),
        (("social", "居民健康素养水平", ("不断提升", "较上年提高")),
         ("social", "计生特殊家庭生活水平", ("不断提升",)),
         ("sustainability", "卫生健康服务水平", ("不断提高", "持续提升"))),
        ("城乡居民", "计生特殊家庭", "签约居民", "辖区群众", "患者及家属"),
        (("基本公共卫生服务补助标准", "元/人", 89, 99),
         ("计生特殊家庭补助标准", "元/人/年", 6000, 9600)),
    ),
    "insurance": _Sector(
        "医疗保障",
        ("城乡居民基本医疗保险参保缴费和待遇保障", "医疗救助政策落实", "医保基金监管",
         "医药价格和招标采购管理"),
        ("医疗救助城乡配套资金", "特殊人员参加居保财政补助资金", "医保基金监管专项经费",
         "城乡居民医保财政补助配套资金", "医疗保障业务专项经费"),
        (("资助参保人数", "人", 500, 30000), ("门诊住院救助人次", "人次", 300, 20000),
         ("定点医药机构现场检查", "家", 50, 1500), ("开展医保政策宣传", "次", 5, 100)),
        (("农村低收入人口资助参保政策覆盖率", ("≥99%", "=100%")), ("资助合规性", ("=100%",)),
         ("定点医疗机构检查覆盖率", ("=100%",))),
        (("social", "医疗救助对象覆盖范围", ("稳步拓展", "逐步扩大")),
         ("social", "困难群众医疗费用负担", ("有效缓解", "明显减轻")),
         ("sustainability", "医保基金运行", ("安全平稳",))),
        ("救助对象", "参保对象", "参保群众", "定点医药机构"),
        (("城乡居民医保个人缴费资助标准", "元/人/年", 350, 400),),
    ),
    "civil": _Sector(
        "民政",
        ("城乡最低生活保障和特困人员救助供养", "高龄老人补贴发放和养老服务体系建设",
         "社会救助和临时救助", "殡葬管理和婚姻登记"),
        ("最低生活保障资金", "80岁以上老人生活补贴", "特困人员救助供养资金", "临时救助资金",
         "养老服务业建设经费", "残疾人两项补贴资金", "社区居家养老服务中心运营补助"),
        (("月均救助对象人数", "人", 500, 8000),
         ("月均80周岁及以上老人高龄补贴人数", "人", 1000, 15000),
         ("特困供养人数", "人", 50, 1500), ("开展老年人居家适老化改造", "户", 50, 1000),
         ("养老机构床位", "张", 100, 3000)),
        (("城乡低保对象救助准确率", ("≥95%", "=100%")), ("高龄补贴发放准确率", ("≥95%",)),
         ("补贴审核发放合规率", _OK)),
        (("social", "困难群众基本生活", ("得到保障", "有效保障")),
         ("social", "高龄老年人幸福感", ("有所提高", "逐步提高")),
         ("sustainability", "社会救助体系", ("持续完善",))),
        ("低保救助对象", "高龄老人", "特困供养对象", "受惠群众", "养老机构入住老人"),
        (("城乡低保补助标准", "元/人/月", 600, 900), ("90-99周岁补贴标准", "元/人/月", 80, 150)),
    ),
    "veterans": _Sector(
        "退役军人事务",
        ("退役军人和其他优抚对象褒扬激励", "现役军人家属优待金发放", "退役军人就业创业服务",
         "烈士纪念设施保护管理"),
        ("现役军人家属优待金", "重点优抚对象抚恤补助", "退役军人服务保障经费",
         "烈士纪念设施维护经费", "义务兵家庭优待金"),
        (("现役军人家庭数", "户", 100, 1500), ("立功受奖评优士兵人数", "人", 20, 300),
         ("重点优抚对象人数", "人", 100, 3000), ("维护烈士纪念设施", "处", 1, 20)),
        (("经费足额发放率", _OK), ("优抚对象信息准确率", ("=100%",))),
        (("social", "现役军人、义务兵生活情况", ("有效改善",)),
         ("social", "军民凝聚力", ("增强", "不断增强")),
         ("sustainability", "拥军优属氛围", ("长期", "持续"))),
        ("现役军人及其家属", "优抚对象", "退役军人"),
        (("义务兵家属优待金发放标准", "元/人/年", 8000, 12000),),
    ),
    "disabled": _Sector(
        "残疾人",
        ("残疾人康复服务", "残疾人托养和就业帮扶", "残疾人权益维护", "残疾人事业宣传和社会动员"),
        ("重度残疾人城乡居民基本医疗保险", "残疾人康复救助项目", "阳光家园托养服务补助",
         "残疾人实用技术培训", "残疾人辅助器具适配补贴"),
        (("为残疾人提供基本康复服务", "人", 200, 3000), ("残疾儿童康复救助", "人", 20, 300),
         ("为残疾人配发基本辅助器具", "人", 50, 800), ("培训农村困难残疾人人数", "人", 20, 300)),
        (("补助对象合规率", _OK), ("补助资金拨付准确率", ("100%",))),
        (("social", "残疾人生活质量", ("显著提高", "有效提高")),
         ("social", "残疾人家庭负担", ("有效减轻",))),
        ("受助残疾人", "残疾人及其家属", "托养服务对象"),
        (("阳光家园每人补助标准", "元/人/年", 1200, 1800),
         ("残疾人基本康复补助标准", "元/人", 150, 300)),
    ),
    "labour": _Sector(
        "人力资源和社会保障",
        ("城乡居民基本养老保险待遇发放", "就业创业扶持政策落实", "劳动保障监察和劳动人事争议调解",
         "职业技能培训"),
        ("城乡居民养老保险城区财政补贴", "城乡居民社会养老保险政府配套资金", "就业补助资金",
         "失业人员春节慰问补助", "职业技能提升培训补贴", "公益性岗位补贴"),
        (("财政补贴城乡居民养老金的人数", "人", 5000, 80000), ("发放丧葬费人数", "人", 50, 1000),
         ("城镇新增就业人数", "人", 500, 10000), ("开展职业技能培训", "人次", 200, 6000),
         ("慰问人数", "人", 200, 5000)),
        (("补贴审核发放合规率", _OK), ("养老保险待遇发放精准度", ("=100%",)),
         ("培训合格率", ("≥90%",))),
        (("social", "城乡老年居民的生活质量", ("同比提高", "逐步提高")),
         ("social", "城乡居民养老保险缴费覆盖率", ("≥90%", "≥95%")),
         ("economic", "带动就业增收", ("有效", "明显"))),
        ("补贴对象", "参保居民", "培训学员", "慰问对象"),
        (("公益性岗位补贴标准", "元/人/月", 1500, 2000),),
    ),
    "agriculture": _Sector(
        "农业农村",
        ("巩固拓展脱贫攻坚成果同乡村振兴有效衔接", "农业技术推广和动物疫病防控",
         "高标准农田建设和农村人居环境整治", "农村集体经济发展"),
        ("衔接资金本级配套", "小额信贷贴息项目、风险补偿金", "农村综合改革", "村屯保洁经费",
         "动物防疫专项经费", "高标准农田建设项目", "美丽乡村建设项目", "农业保险保费补贴"),
        (("支持美丽乡村建设数量", "个", 1, 20), ("聘用保洁人员数量", "人", 20, 300),
         ("带动脱贫人口（监测户）就业人数", "人", 50, 1000), ("动物免疫数量", "头", 1000, 50000),
         ("建设高标准农田面积", "亩", 500, 20000), ("脱贫户及监测户获得贷款户数", "户", 50, 2000)),
        (("建设项目验收合格率", ("=100%",)), ("补贴发放合规率", ("=100%",)),
         ("重大动物疫病免疫密度", ("≥90%",))),
        (("economic", "项目村集体经济收入年增长率", ("≥10%", "≥5%")),
         ("social", "脱贫人口收入水平", ("稳步提高", "持续增长")),
         ("ecological", "农村人居环境", ("有效改善", "明显改善")),
         ("sustainability", "乡村产业发展", ("持续", "长期"))),
        ("当地群众", "脱贫户及监测户", "农户", "村民"),
        (("公益性岗位补贴标准", "元/人/月", 1500, 2000),),
    ),
    "water": _Sector(
        "水利和林业",
        ("水资源管理和节约用水", "水利工程建设和运行管护", "森林防火和林业有害生物防治",
         "水土保持和河湖长制"),
        ("水资源监测项目", "城郊水利建设项目", "小型水库运行管护经费", "森林防火经费",
         "林业有害生物防治经费", "河湖长制工作经费"),
        (("水库安全鉴定座数", "座", 1, 30), ("开展防火安全检查", "次", 10, 200),
         ("管护小型水库", "座", 2, 60), ("巡查河道长度", "公里", 20, 600),
         ("防治林业有害生物面积", "亩", 1000, 50000)),
        (("工程验收质量", ("合格", "优良")), ("防火物资合格率", ("≥90%",)),
         ("水质监测达标率", ("≥95%",))),
        (("ecological", "河湖水环境质量", ("持续改善", "有效改善")),
         ("social", "防洪安全保障能力", ("提升", "明显提升")),
         ("ecological", "森林覆盖率", ("≥60%", "保持稳定")),
         ("sustainability", "水利工程长效运行", ("长期", "持续"))),
        ("受益群众", "沿河居民", "村民"),
    ),
    "housing": _Sector(
        "住房城乡建设",
        ("城市基础设施建设和维护", "城镇老旧小区改造和保障性安居工程",
         "建筑市场和工程质量安全监管", "不动产登记和国土空间规划"),
        ("市政设施维护经费", "老旧小区改造配套资金", "污水处理费", "保障性住房租赁补贴",
         "城中村改造项目", "不动产登记工作经费", "国土空间规划编制经费"),
        (("维护市政道路面积", "平方米", 10000, 500000), ("改造老旧小区", "个", 2, 40),
         ("发放住房租赁补贴户数", "户", 50, 3000), ("污水处理量", "万吨", 100, 5000),
         ("办理不动产登记", "件", 1000, 30000)),
        (("工程验收合格率", ("=100%",)), ("出水水质达标率", ("=100%", "≥95%")),
         ("补贴发放准确率", ("=100%",))),
        (("social", "居民居住条件", ("有效改善", "明显改善")),
         ("ecological", "城市水环境质量", ("改善", "持续改善")),
         ("sustainability", "城市基础设施运行", ("安全平稳", "长期"))),
        ("小区居民", "住房保障对象", "城区居民"),
        (("住房租赁补贴标准", "元/户/月", 200, 600),),
    ),
    "sanitation": _Sector(
        "城市管理",
        ("城市市容环境卫生管理", "园林绿化养护", "城市管理综合执法", "生活垃圾清运和处理"),
        ("环卫所清扫保洁经费", "无主垃圾清运费", "园林绿化养护经费", "村镇垃圾转运站运行经费",
         "环卫园林一体化服务项目", "智慧城市运维经费", "城市管理综合执法经费"),
        (("全年垃圾清运量", "吨", 5000, 200000), ("清扫保洁面积", "万平方米", 50, 1500),
         ("养护绿地面积", "平方米", 10000, 800000), ("运行垃圾转运站", "个", 2, 30),
         ("开展执法巡查", "次", 100, 5000)),
        (("清运质量合格率", ("≥95%",)), ("道路清扫保洁达标率", ("≥95%", "≥90%")),
         ("绿化养护合格率", ("≥95%",))),
        (("ecological", "城市环境卫生", ("有效改善", "明显改善")),
         ("social", "带动当地就业人数", ("≥200人", "≥50人")),
         ("sustainability", "市容环境长效管理", ("长期", "持续"))),
        ("社区居民", "市民", "沿街商户", "辖区居民"),
    ),
    "safety": _Sector(
        "应急管理和公共安全",
        ("安全生产监督管理", "防灾减灾救灾和应急救援", "社会治安防控和交通管理",
         "法治宣传和公共法律服务"),
        ("消防工作经费", "应急救援类补助项目", "安全生产工作经费", "森林火灾扑救及扑救设备",
         "交通事故处置及预防经费", "社会治安综合治理经费"),
        (("消防培训", "次", 1, 20), ("检查企业次数", "次", 10, 300),
         ("购置应急救援设备", "套", 1, 50), ("开展应急演练", "次", 2, 30),
         ("完成血液乙醇检验数量", "人", 200, 3000)),
        (("消防培训合格率", ("=100%",)), ("隐患整改率", ("≥95%", "=100%")),
         ("事故检验鉴定超期率", ("<5%",))),
        (("social", "辖区消防安全水平", ("有效提高", "显著提升")),
         ("social", "安全生产形势", ("持续稳定", "稳定向好")),
         ("social", "群众安全感", ("≥90%", "明显提升"))),
        ("社会公众", "辖区企业", "交通事故当事人"),
    ),
    "economy": _Sector(
        "经济发展",
        ("科技创新和高新技术企业培育", "工业经济运行监测和企业服务", "招商引资和商贸流通",
         "市场监管和食品安全抽检"),
        ("高质量发展激励资金", "科技创新专项资金", "企业扶持资金", "食品安全抽检经费",
         "项目前期专项经费", "招商引资工作经费", "电子商务发展专项资金"),
        (("扶持企业数量", "家", 5, 200), ("完成食品抽样检验", "批次", 100, 3000),
         ("完成重点项目前期申报", "项", 1, 30), ("培育高新技术企业", "家", 2, 60),
         ("举办招商推介活动", "场", 1, 20)),
        (("符合条件企业资金享受率", ("=100%",)), ("抽检任务完成率", ("=100%",)),
         ("项目前期工作按时完成率", ("≥90%",))),
        (("economic", "推动企业产值增加", ("≥5%", "明显")),
         ("economic", "新增规模以上工业企业", ("≥5家", "≥10家")),
         ("social", "食品安全状况", ("持续向好", "稳定")),
         ("sustainability", "营商环境", ("持续优化",))),
        ("辖区企业", "受扶持企业", "消费者", "市场主体"),
        (("企业扶持补助标准", "万元/家", 1, 50),),
    ),
    "culture": _Sector(
        "文化旅游体育",
        ("公共文化服务体系建设", "文物保护和非物质文化遗产传承", "全民健身和体育赛事组织",
         "旅游市场监管和宣传推介"),
        ("购图书资源经费", "公共文化场馆免费开放经费", "体育产业发展专项资金", "群众文化活动经费",
         "文物保护专项经费", "全民健身活动经费"),
        (("图书馆流通人次", "人次", 10000, 500000), ("举办群众文化活动", "场", 5, 200),
         ("举办体育赛事", "项", 1, 20), ("保护修缮文物点", "处", 1, 15),
         ("赛事现场观众人数", "人", 500, 20000)),
        (("活动安全事故发生率", ("=0", "≤1%")), ("采购书籍正版率", ("=100%",)),
         ("文物修缮验收合格率", ("=100%",))),
        (("social", "群众文化生活", ("丰富", "明显丰富")),
         ("social", "城市影响力", ("提升", "显著提升")),
         ("sustainability", "文化传承", ("长期", "长期/优"))),
        ("读者", "参赛群众", "受益群众", "游客"),
    ),
    "town": _Sector(
        "基层治理",
        ("辖区社会事务管理和公共服务", "村（社区）基层组织建设", "辖区环境卫生整治",
         "乡村振兴和民生保障"),
        ("城市社区惠民资金", "社区办公用房租赁费", "村级组织运转经费", "社区工作者薪酬补助",
         "村屯环境整治经费", "网格化管理经费"),
        (("实施惠民项目社区数量", "个", 2, 40), ("聘用网格员人数", "人", 10, 300),
         ("保障村（社区）数量", "个", 3, 40), ("整治村屯数量", "个", 2, 30)),
        (("项目资助吻合率", ("=100%",)), ("资金支出合规率", ("=100%",))),
        (("ecological", "村屯环境", ("干净整洁", "有效改善")),
         ("social", "基层治理水平", ("提升", "不断提高"))),
        ("社区居民", "村民", "社区工作人员"),
    ),
    "mass": _Sector(
        "群团工作",
        ("妇女儿童权益维护", "青少年思想引领和志愿服务", "职工权益保障和帮扶", "群团组织建设"),
        ("妇女儿童发展专项经费", "青少年志愿服务经费", "困难职工帮扶资金", "春节送温暖慰问经费",
         "职工文体活动经费"),
        (("开展志愿服务活动", "次", 5, 100), ("帮扶困难职工", "人", 20, 800),
         ("开展文体活动", "次", 1, 30), ("日常慰问人数", "人", 50, 2000)),
        (("帮扶对象精准率", ("=100%",)), ("活动到位率", ("≥80%", "≥90%"))),
        (("social", "妇女儿童合法权益", ("有效维护", "得到保障")),
         ("social", "职工幸福感", ("提升", "明显提升"))),
        ("妇女儿童", "青少年", "机关职工", "困难职工"),
    ),
}  # fmt: skip

_QUALITY = (("资金使用合规率", _OK), ("资金支出合规性", ("=100%",)))
_TIMELY = (
    ("项目完成时间", ("{y}年12月31日前", "{y}年12月31日", "12月底前")),
    ("资金拨付及时率", ("=100%", "≥95%")),
    ("各项工作完成及时率", ("=100%",)),
    ("补助发放及时率", ("=100%", "≥90%")),
)
_DEPT_TIMELY = (("各项工作完成时限", ("{y}年12月31日前", "{y}年")), ("资金按时支付率", ("=100%",)))
_DEPT_QUALITY = (
    ("部门履职达标率", _OK),
    ("预算执行率", ("≥90%", "=100%")),
    ("资金使用合规率", _OK),
)
_PROJECT_COSTS = ("项目总成本", "项目预算成本", "预算经费控制", "项目成本", "成本金额")
_DEPT_COSTS = ("部门履职成本", "预算总额", "履职成本", "部门支出总额")
#: satisfaction contents: template → the group the parser reads from it
_SATISFACTION = ("{g}满意度", "{g}对项目实施效果满意度", "{g}满意率", "{g}综合满意度")
_GOV_FUND_TOPICS = frozenset({"住房城乡建设", "城市管理"})  # projects 政府性基金 pays for
_ATTRIBUTES = (("1-经常性项目", "经常性"), ("2-阶段性项目", "阶段性"), ("3-一次性项目", "一次性"))
_QUALIFIERS = ("（{t}）", "（本级）", "")

#: l2 code → (2025 label, 2023 label)
_L2_LABELS = {
    "quantity": ("数量指标", "数量指标"),
    "quality": ("质量指标", "质量指标"),
    "timeliness": ("时效指标", "时效指标"),
    "cost": ("成本指标", "成本指标"),
    "economic": ("经济效益", "经济效益指标"),
    "social": ("社会效益", "社会效益指标"),
    "ecological": ("生态效益", "生态效益指标"),
    "sustainability": ("可持续影响", "可持续影响指标"),
    "satisfaction": ("服务对象满意度", "服务对象满意度"),
}
_L1_OF = {
    "quantity": "产出指标",
    "quality": "产出指标",
    "timeliness": "产出指标",
    "cost": "产出指标",
    "economic": "效益指标",
    "social": "效益指标",
    "ecological": "效益指标",
    "sustainability": "效益指标",
    "satisfaction": "满意度指标",
}
#: the order indicator groups are printed in
_RANK = {code: rank for rank, code in enumerate(_L2_LABELS)}
#: level-1 labels that the parser infers when a form prints only a level-2 label
_CANONICAL_L1 = frozenset({"产出指标", "效益指标", "满意度指标"})

_GENERAL_CLASSES = (
    "一般公共服务支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出",
    "文化旅游体育与传媒支出", "社会保障和就业支出", "卫生健康支出", "节能环保支出", "城乡社区支出",
    "农林水支出", "交通运输支出", "资源勘探工业信息等支出", "商业服务业等支出", "金融支出",
    "自然资源海洋气象等支出", "住房保障支出", "粮油物资储备支出", "灾害防治及应急管理支出",
    "预备费", "其他支出", "债务付息支出", "债务发行费用支出", "上年结转专款支出",
)  # fmt: skip
_FUND_INCOME = (
    "国有土地收益基金收入", "农业土地开发资金收入", "国有土地使用权出让收入",
    "城市基础设施配套费收入", "污水处理费收入", "其他政府性基金收入", "专项债务对应项目专项收入",
)  # fmt: skip
_FUND_SPENDING = (
    "文化旅游体育与传媒支出", "社会保障和就业支出", "城乡社区支出", "农林水支出", "交通运输支出",
    "资源勘探工业信息等支出", "其他支出", "债务付息支出", "债务发行费用支出", "上年结转专款支出",
)  # fmt: skip
_CAPITAL_INCOME = (
    "利润收入",
    "股利、股息收入",
    "产权转让收入",
    "清算收入",
    "其他国有资本经营预算收入",
)
_CAPITAL_SPENDING = (
    "解决历史遗留问题及改革成本支出",
    "国有企业资本金注入",
    "其他国有资本经营预算支出",
)
_INSURANCE_FUNDS = ("机关事业单位基本养老保险基金", "城乡居民基本养老保险基金")
_MEASURES = ("initial", "adjusted", "executed", "proposed")
_SUMMED = (*_MEASURES, "prior")  # prior: 2023's 执行数, behind the 比上年完成数增减 columns
_CN_DIGITS = "一二三四五六七八九"

# --- regions ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Region:
    """A region and the layout of its document."""

    code: str
    name: str  # as department names start: 柳州市鱼峰区, 柳州市
    short: str  # as titles print it: 鱼峰区, 柳州市
    city: str
    layout: str  # district | summary | city


def regions() -> Iterator[Region]:
    """Regions in the order documents are made: real division codes, then synthetic ones.

    >>> [(r.code, r.short, r.layout) for r, _ in zip(regions(), range(3))]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('450203', '鱼峰区', 'district'), ('450206', '柳江区', 'summary'),
     ('450200', '柳州市', 'city')]
    """
    for code4, city, districts in _CITIES:
        yield from _city_regions(code4, city, districts)
    for cc in range(30, 100):
        for province in _PROVINCES:
            code4 = f"{province}{cc}"
            rng = random.Random(f"city/{code4}")
            city = "".join(rng.sample(_SYLLABLES, 2)) + "市"
            names = sorted({"".join(rng.sample(_SYLLABLES, 2)) for _ in range(12)})[:9]
            rng.shuffle(names)
            yield from _city_regions(
                code4, city, tuple((f"{i + 2:02d}", n + "区") for i, n in enumerate(names))
            )


def _city_regions(
    code4: str, city: str, districts: tuple[tuple[str, str], ...]
) -> Iterator[Region]:
    for i, (dd, name) in enumerate(districts):
        yield Region(code4 + dd, city + name, name, city, "district" if i % 2 == 0 else "summary")
        if i == 1:
            yield Region(code4 + "00", city, city, city, "city")


# --- small helpers ---------------------------------------------------------------------


def _cn(n: int) -> str:
    """Chinese numeral for 1..99 (一, 十一, 二十四)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens - 1] + "十")
    return head + (_CN_DIGITS[ones - 1] if ones else "")


def _row(*cells: str) -> str:
    return "\t".join(cells)


def _at(width: int, cells: dict[int, str]) -> str:
    """A row of ``width`` cells with the given ones filled."""
    return "\t".join(cells.get(i, "") for i in range(width))


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _spaced(rng: random.Random, text: str) -> str:
    """Insert a stray space before a Chinese character (the reader squeezes it out)."""
    spots = [i for i in range(1, len(text)) if _is_cjk(text[i])]
    if not spots:
        return text
    i = rng.choice(spots)
    return text[:i] + " " + text[i:]


_FULLWIDTH = str.maketrans(
    {
        **{str(i): chr(0xFF10 + i) for i in range(10)},
        "%": "％",
        "=": "＝",
        "<": "＜",
        ">": "＞",
        "≥": "≧",
        "≤": "≦",
        ".": "．",
    }
)
_LATEX_OPS = {"≥": r"\geq", "≤": r"\leq", "=": "=", "<": "<", ">": ">"}


def _printed_target(rng: random.Random, op: str, number: str, unit: str) -> tuple[str, str]:
    """(value as read, value as printed) for an operator, a number and a unit."""
    clean = f"{op}{number}{unit}"
    r = rng.random()
    if r < 0.06 and op:
        if unit == "%":
            return clean, f"${_LATEX_OPS[op]} {number}\\%$"
        return clean, f"${_LATEX_OPS[op]} {number}$ {unit}".rstrip()
    if r < 0.12:
        return clean, f"{op} {number} {unit}".strip()
    if r < 0.16:
        return clean, clean.translate(_FULLWIDTH)
    return clean, clean


def _printed_text(rng: random.Random, value: str) -> str:
    """A value without an operator as printed: dates sometimes spaced or full-width."""
    if value[:1].isdigit() and "月" in value:
        r = rng.random()
        if r < 0.1:
            return value.translate(_FULLWIDTH)
        if r < 0.2:
            return value.replace("年", " 年 ").replace("月", " 月 ").replace("日", " 日")
    return value


def _split_value(value: str) -> tuple[str, str, str] | None:
    """'≥90%' → ('≥', '90', '%'), or None for text values."""
    op = value[0] if value[:1] in _LATEX_OPS else ""
    rest = value[len(op) :]
    digits = len(rest) - len(rest.lstrip("0123456789."))
    if digits == 0 or "月" in rest:
        return None
    return op, rest[:digits], rest[digits:]


def _target(rng: random.Random, value: str) -> tuple[str, str]:
    parts = _split_value(value)
    if parts is None:
        return value, _printed_text(rng, value)
    return _printed_target(rng, *parts)


def _log_int(rng: random.Random, low: int, high: int) -> int:
    return int(math.exp(rng.uniform(math.log(low), math.log(high))))


def _yuan_text(amount: Decimal, grouped: bool, rng: random.Random | None = None) -> str:
    """An amount in 元: 1,371,400 or 1371400, now and then with stray spaces (1 371 400)."""
    if grouped:
        return f"{amount:,}"
    if rng is not None and amount >= 1000 and rng.random() < 0.02:
        return f"{amount:,}".replace(",", " ")
    return f"{amount}"


def _money(rng: random.Random, low: float, high: float, cents: bool) -> Decimal:
    value = Decimal(_log_int(rng, int(low), int(high)))
    if cents:
        return value + Decimal(rng.randrange(100)) / 100
    return (value / 100).to_integral_value() * 100


def _wan(yuan: Decimal) -> str:
    """Yuan → 万元 with at most 2 decimals, as cost caps print it (541, 141.04)."""
    text = f"{(yuan / 10000).quantize(Decimal('0.01'))}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _bold(rng: random.Random, label: str, p: float = 0.5) -> str:
    r = rng.random()
    if r < p:
        return f"<b>{label}</b>"
    if r < p + 0.05:
        return f"**{label}**"
    return label


# --- departments and projects ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Department:
    code: str
    name: str
    sector: _Sector
    units: tuple[str, ...]


def _departments(rng: random.Random, region: Region, count: int) -> list[_Department]:
    """``count`` departments of a region, with 3-digit codes in ascending order."""
    city = region.layout == "city"
    kinds = [(k[0], (k[2] or k[1]) if city else k[1], k[3]) for k in _KINDS]
    kinds = [k for k in kinds if "{s}" not in k[1]]  # a city has no 分局 of itself
    chosen = sorted(rng.sample(range(len(kinds)), min(count, len(kinds))))
    picks = [kinds[i] for i in chosen]
    towns = sorted({"".join(rng.sample(_TOWN_SYLLABLES, 2)) for _ in range(count)})
    for t in towns[: max(0, count - len(picks))]:
        if region.layout == "city":
            break
        picks.append(("town", rng.choice(_TOWN_KINDS).replace("{t}", t), ()))
    codes = sorted(rng.sample(range(101, 800), len(picks)))
    stem = region.short.removesuffix("区")
    out = []
    for code, (sector, template, units) in zip(codes, picks, strict=True):
        name = template.format(r=region.name, c=region.city, s=stem)
        subunits = tuple(u.format(r=region.name, d=name) for u in units)
        out.append(_Department(str(code), name, _SECTORS[sector], subunits))
    return out


@dataclass
class _Serials:
    """Project serial numbers of one region: increasing, so codes never repeat."""

    next: int

    def take(self, rng: random.Random) -> int:
        self.next += rng.randint(1, 30)
        return self.next


def _project_code(rng: random.Random, region: str, year: int, dept: str, serial: int) -> str:
    yy = year - min(4, int(rng.expovariate(1.0)))
    if yy <= year - 3 and rng.random() < 0.7:
        return f"{region}{yy % 100:02d}{dept}001{serial % 10**7:07d}"
    return f"{region}{yy % 100:02d}04{dept}{serial % 10**8:08d}"


def _project_name(rng: random.Random, sector: _Sector, region: Region) -> str:
    core = rng.choice(sector.projects)
    r = rng.random()
    if r < 0.15 and region.layout != "city":
        return core + rng.choice(_QUALIFIERS).replace("{t}", region.short.removesuffix("区"))
    if r < 0.22:
        return f"{region.short}{core}"
    return core


# --- indicators ------------------------------------------------------------------------


class _Indicators:
    """Draws the indicator rows of one form."""

    def __init__(self, rng: random.Random, year: int, layout: str) -> None:
        self.rng = rng
        self.year = year
        self.column = 1 if layout == "city" else 0
        self.drawn: list[tuple[int, IndicatorSpec]] = []

    @property
    def rows(self) -> list[IndicatorSpec]:
        """The rows in table order (产出 … 成本, 效益, 满意度), whatever order they were drawn."""
        return [row for _, row in sorted(self.drawn, key=lambda t: t[0])]

    def add(self, l2: str, content: str, value: str) -> None:
        clean, printed = _target(self.rng, value.replace("{y}", str(self.year)))
        label = _L2_LABELS[l2][self.column]
        self.drawn.append((_RANK[l2], IndicatorSpec(_L1_OF[l2], label, content, clean, printed)))

    def quantities(self, sector: _Sector, n: int) -> None:
        for content, unit, low, high in self.rng.sample(sector.quantity, n):
            op = self.rng.choice(("≥", "≥", "≥", "=", ">", ""))
            self.add("quantity", content, f"{op}{_log_int(self.rng, low, high)}{unit}")

    def pick(self, l2: str, options: Sequence[tuple[str, tuple[str, ...]]], n: int) -> None:
        for content, values in self.rng.sample(list(options), n):
            self.add(l2, content, self.rng.choice(values))

    def costs(self, names: Sequence[str], total: Decimal, sector: _Sector) -> None:
        rng = self.rng
        content = rng.choice(names)
        if rng.random() < 0.15:
            self.add("cost", "预算控制率", "≤100%")
        elif total % 100 == 0 and rng.random() < 0.5:
            self.add("cost", content, f"≤{_wan(total)}万元")
        else:
            self.add("cost", content, f"≤{total}" + ("元" if rng.random() < 0.92 else ""))
        if sector.standards and rng.random() < 0.4:
            self.standard(rng.choice(sector.standards), total)

    def standard(self, spec: tuple[str, str, int, int], total: Decimal) -> None:
        """A cost standard (元/人/年), kept low enough that standard × count fits the total."""
        name, unit, low, high = spec
        per = set(unit.split("/")[1:])
        counts = [
            Decimal(parts[1])
            for row in self.rows
            if (parts := _split_value(row.value)) is not None and parts[2] in per
        ]
        yuan = 10000 if unit.startswith("万元") else 1
        value = self.rng.randint(low, high)
        if counts:
            value = min(value, int(total / (max(counts) * yuan)))
        if value >= 1:
            self.add("cost", name, f"{self.rng.choice(('≤', '=', ''))}{value}{unit}")

    def outcomes(self, sector: _Sector, n: int) -> None:
        for l2, content, values in self.rng.sample(sector.outcomes, n):
            self.add(l2, content, self.rng.choice(values))

    def satisfaction(self, sector: _Sector, n: int) -> list[tuple[str, str]]:
        found = []
        for group in self.rng.sample(sector.groups, n):
            content = self.rng.choice(_SATISFACTION).format(g=group)
            self.add("satisfaction", content, self.rng.choice(("≥90%", "≥95%", "≥85%", "100%")))
            found.append((group, content))
        if self.rng.random() < 0.05:
            self.add("satisfaction", "群众投诉率", "≤5%")
        return found


def _project_indicators(
    rng: random.Random, sector: _Sector, total: Decimal, year: int, layout: str
) -> tuple[tuple[IndicatorSpec, ...], tuple[tuple[str, str], ...]]:
    ind = _Indicators(rng, year, layout)
    ind.quantities(sector, rng.randint(1, min(4, len(sector.quantity))))
    ind.pick("quality", (*sector.quality, *_QUALITY), rng.randint(1, 2))
    ind.pick("timeliness", _TIMELY, rng.randint(1, 2))
    ind.outcomes(sector, rng.randint(1, 2))
    ind.costs(_PROJECT_COSTS, total, sector)  # after the outcomes: its standard sees their counts
    groups = ind.satisfaction(sector, 1 if rng.random() < 0.8 else 2)
    return tuple(ind.rows), tuple(groups)


def _department_indicators(
    rng: random.Random, sector: _Sector, total: Decimal, year: int
) -> tuple[tuple[IndicatorSpec, ...], tuple[tuple[str, str], ...]]:
    ind = _Indicators(rng, year, "district")
    ind.quantities(sector, rng.randint(1, min(3, len(sector.quantity))))
    ind.pick("quality", _DEPT_QUALITY, rng.randint(1, 2))
    ind.pick("timeliness", _DEPT_TIMELY, 1)
    ind.outcomes(sector, rng.randint(1, min(3, len(sector.outcomes))))
    ind.costs(_DEPT_COSTS, total, sector)
    groups = ind.satisfaction(sector, 1)
    return tuple(ind.rows), tuple(groups)


# --- forms -----------------------------------------------------------------------------


def _project(
    rng: random.Random, region: Region, dept: _Department, serial: int, year: int
) -> ProjectSpec:
    sector = dept.sector
    cents = region.layout != "summary" and rng.random() < 0.08  # summaries print 万元 exactly
    total = _money(rng, 2e5, 3e7, cents=cents)
    upper = (total * Decimal(rng.choice((2, 3, 5)))) // 10 if rng.random() < 0.15 else Decimal(0)
    funded = sector.topic in _GOV_FUND_TOPICS and rng.random() < 0.5
    gov = (total - upper) // 4 if funded else Decimal(0)
    other = Decimal(rng.randrange(1, 50) * 1000) if rng.random() < 0.05 else Decimal(0)
    other = min(other, total - upper - gov)
    local = total - upper - gov - other
    funding = _project_funding(rng, region.layout, upper, local, gov, other)
    name = _project_name(rng, sector, region)
    indicators, groups = _project_indicators(rng, sector, total, year, region.layout)
    raw, attribute = rng.choice(_ATTRIBUTES)
    if region.layout == "city" and rng.random() < 0.85:
        raw = raw[2:]
    unit = rng.choice(dept.units) if dept.units and rng.random() < 0.4 else dept.name
    return ProjectSpec(
        code=_project_code(rng, region.code, year, dept.code, serial),
        name=name,
        region=region.code,
        year=year,
        implementing_unit=unit,
        supervising_code=dept.code,
        supervising_name=dept.name,
        attribute=attribute,
        attribute_raw=raw,
        total_yuan=total,
        funding=funding,
        goal=f"通过实施{name}，做好{rng.choice(sector.works)}，保障{sector.topic}工作顺利开展。",
        indicators=indicators,
        beneficiaries=groups,
    )


def _project_funding(
    rng: random.Random, layout: str, upper: Decimal, local: Decimal, gov: Decimal, other: Decimal
) -> tuple[tuple[str, Decimal], ...]:
    """The amounts a form prints: the 2023 layout leaves zero sources blank."""
    lines = (
        ("general_public_upper", upper),
        ("general_public_local", local),
        ("gov_fund", gov),
        ("other", other),
    )
    if layout != "city":
        return lines
    return tuple((k, v) for k, v in lines if v or k == "general_public_local" or rng.random() < 0.3)


def _department(
    rng: random.Random, region: Region, dept: _Department, projects_total: Decimal, year: int
) -> DepartmentSpec:
    sector = dept.sector
    total = projects_total + _money(rng, 3e5, 6e7, cents=True)
    share = (rng.random(), rng.random(), rng.random())
    gov = (total // 5).quantize(Decimal("0.01")) if share[0] < 0.1 else Decimal(0)
    capital = (total // 20 // 10000 * 10000) if share[1] < 0.04 else Decimal(0)
    other = (total // 50 // 1000 * 1000) if share[2] < 0.08 else Decimal(0)
    general = total - gov - capital - other
    funding = (
        ("general_public", general),
        ("gov_fund", gov),
        ("state_capital", capital),
        ("other", other),
    )
    scope = "本市" if region.layout == "city" else "本区"
    works = rng.sample(sector.works, rng.randint(1, len(sector.works)))
    functions = (
        f"贯彻执行党和国家关于{sector.topic}工作的方针政策和法律法规，拟订{scope}"
        f"{sector.topic}发展规划并组织实施。",
        *(f"负责{w}工作。" for w in works),
        "承办上级交办的其他事项。",
    )
    goals = tuple(f"做好{w}，全面完成{year}年度目标任务。" for w in works[: rng.randint(1, 3)])
    if rng.random() < 0.5:
        goals += ("预算资金严格按照预算执行进度支出，全年预算执行率达到100%。",)
    indicators, groups = _department_indicators(rng, sector, total, year)
    return DepartmentSpec(
        code=dept.code,
        name=dept.name,
        region=region.code,
        year=year,
        total_yuan=total,
        funding=funding,
        functions=functions,
        goals=goals,
        indicators=indicators,
        beneficiaries=groups,
    )


# --- rendering forms -------------------------------------------------------------------


def _indicator_lines(rng: random.Random, rows: Sequence[IndicatorSpec], section: str) -> list[str]:
    """The indicator table: header, then rows with labels printed once and carried down."""
    style = rng.random()
    wrap = "<b>{}</b>" if style < 0.55 else "**{}**" if style < 0.6 else "{}"
    header = [wrap.format(h) for h in _INDICATOR_HEADER]
    out = [_row(_spaced(rng, section) if rng.random() < 0.3 else section, *header)]
    plan = _label_plan(rng, rows)
    for row, (l1, l2) in zip(rows, plan, strict=True):
        out.extend(_indicator_row(rng, row, l1, l2))
    return out


_INDICATOR_HEADER = ("一级指标", "二级指标", "指标内容", "指标值")


def _label_plan(rng: random.Random, rows: Sequence[IndicatorSpec]) -> list[tuple[str, str]]:
    """Which labels each row prints: a group's labels on its first row, sometimes on its
    second (a merged cell printed in its middle) or after an unlabelled first row."""
    plan: list[tuple[str, str]] = []
    for i, row in enumerate(rows):
        new1 = i == 0 or rows[i - 1].l1 != row.l1
        new2 = new1 or rows[i - 1].l2 != row.l2
        plan.append((row.l1 if new1 else "", row.l2 if new2 else ""))
    for i, row in enumerate(rows[:-1]):
        nxt = rows[i + 1]
        if plan[i][0] and nxt.l1 == row.l1 and row.l1 in _CANONICAL_L1 and rng.random() < 0.1:
            plan[i], plan[i + 1] = ("", plan[i][1]), (row.l1, plan[i + 1][1])
        elif i == 0 and nxt.l2 == row.l2 and rng.random() < 0.05:
            plan[0], plan[1] = ("", ""), plan[0]
    return plan


def _indicator_row(rng: random.Random, row: IndicatorSpec, l1: str, l2: str) -> list[str]:
    content = _spaced(rng, row.content) if rng.random() < 0.05 else row.content
    value = row.printed
    split = row.value[:1] in _LATEX_OPS and rng.random() < 0.04
    cells = [content, "" if split else value]
    if not split and rng.random() < 0.03:
        cells = [content, content, value]  # a cell printed twice
    r = rng.random()
    if l1 and r < 0.12:
        line = _row(_bold(rng, l1, 0.1), l2, *cells, "")  # shifted one column left
    elif l1 or l2:
        if not l1 and r < 0.15:
            line = _row("", l2, *cells, "")  # the level-2 label in the level-1 column
        else:
            line = _row("", _spaced(rng, l1) if l1 and r > 0.97 else l1, l2, *cells)
    elif r < 0.08:
        line = _row("", "", *cells, "")
    else:
        line = _row("", "", "", *cells)
    if split:
        return [line, _row("", "", "", "", value)]
    return [line]


def _amount_row(rng: random.Random, lead: Sequence[str], amount: str, width: int = 5) -> str:
    """A funding row: its labels, then the amount in one of the columns after them."""
    cells = dict(enumerate(lead))
    cells[rng.randint(len(lead), width - 1)] = amount
    return _at(width, cells)


def _project_lines(rng: random.Random, p: ProjectSpec, layout: str) -> list[str]:
    grouped = layout == "city" or rng.random() < 0.05
    amounts = dict(p.funding)

    def fmt(kind: str) -> str:
        value = amounts.get(kind)
        return "" if value is None else _yuan_text(value, grouped, rng)

    code_label = "项目编号" if rng.random() < 0.15 else "项目编码"
    name = _spaced(rng, p.name) if rng.random() < 0.03 else p.name
    gap = [""] if rng.random() < 0.1 else []
    lines = [
        _row("项目名称", name, *gap, code_label, p.code, *[""] * rng.randint(0, 1)),
        _row(
            "项目实施单位",
            p.implementing_unit,
            *gap,
            "项目主管单位",
            f"{p.supervising_code}-{p.supervising_name}",
        ),
        _row("项目属性", p.attribute_raw, "", "", ""),
        _row("资金总额", _bold(rng, "资金来源"), _bold(rng, "金额(元)"), "", ""),
        _amount_row(rng, ("", _bold(rng, "合计", 0.3)), _yuan_text(p.total_yuan, grouped)),
        _amount_row(rng, ("", "其中：一般公共预算拨款", "其中：上级"), fmt("general_public_upper")),
        _amount_row(rng, ("", "", "本级"), fmt("general_public_local")),
        _amount_row(rng, ("", "政府性基金"), fmt("gov_fund")),
        _amount_row(rng, ("其他资金",) if rng.random() < 0.6 else ("", "其他资金"), fmt("other")),
    ]
    goal = f"<p>{p.goal}</p>" if rng.random() < 0.05 else p.goal
    lines.append(_row("年度绩效目标", goal, "", "", ""))
    lines.extend(_indicator_lines(rng, p.indicators, "项目年度绩效目标衡量指标"))
    return lines


def _department_lines(rng: random.Random, d: DepartmentSpec) -> list[str]:
    money = dict(d.funding)
    wide = rng.random() < 0.5
    lines = [
        _row("部门名称", d.name, *([""] if wide else []), "部门编码", d.code),
        _amount_row(
            rng,
            (
                rng.choice(("部门预算安排资金(元)", "部门预算安排资金（元）")),
                _bold(rng, "合计", 0.8),
            ),
            f"{d.total_yuan:,}",
        ),
    ]
    labels = (
        ("general_public", "其中：一般公共预算拨款"),
        ("gov_fund", "政府性基金"),
        ("state_capital", "国有资本经营预算"),
        ("other", "其他资金"),
    )
    for kind, label in labels:
        lines.append(_amount_row(rng, ("", label), f"{money[kind]:,}" if money[kind] else "0"))
    for i, text in enumerate(d.functions, 1):
        head = "部门职能概述 (逐条填写，每条控制在150字以内。)" if i == 1 else ""
        lines.append(_row(head, f"职能{i}", text, "", ""))
    for i, text in enumerate(d.goals, 1):
        head = "部门整体支出年度绩效目标 (逐条填写，和部门职能对应)" if i == 1 else ""
        lines.append(_row(head, f"目标{i}", text, "", ""))
    lines.extend(_indicator_lines(rng, d.indicators, "部门整体支出年度绩效目标衡量指标"))
    return lines


def _titled(rng: random.Random, title: str, heading: str) -> list[str]:
    """A form's title line, now and then printed twice (a page header repeated)."""
    lines = ["", f"{heading}{title}", ""]
    if rng.random() < 0.03:
        lines += [f"{heading}{title}", ""]
    return lines


# --- budget tables ---------------------------------------------------------------------


@dataclass
class _Item:
    """A budget-table row while it is being built."""

    item: str
    level: int
    section: str
    values: dict[str, Decimal | None]
    children: list[_Item] = field(default_factory=list)
    own: bool = False  # the budget's own revenue or spending (printed with % columns)
    bold: bool = False


def _leaf(rng: random.Random, name: str, scale: int, present: float = 0.85) -> _Item:
    if rng.random() > present:
        return _Item(name, 2, "", dict.fromkeys(_SUMMED))
    initial = Decimal(_log_int(rng, max(1, scale // 20), scale))
    adjusted = (initial * Decimal(rng.uniform(0.7, 1.5))).quantize(Decimal(1))
    executed = (adjusted * Decimal(rng.uniform(0.6, 1.3))).quantize(Decimal(1))
    proposed = (executed * Decimal(rng.uniform(0.6, 1.6))).quantize(Decimal(1))
    values: dict[str, Decimal | None] = {
        "initial": initial if rng.random() > 0.05 else None,
        "adjusted": adjusted,
        "executed": executed,
        "proposed": proposed if rng.random() > 0.1 else None,
        "prior": (executed * Decimal(rng.uniform(0.6, 1.4))).quantize(Decimal(1)),
    }
    return _Item(name, 2, "", values)


def _sum(items: Sequence[_Item], measure: str) -> Decimal | None:
    found = [v for i in items if (v := i.values.get(measure)) is not None]
    return sum(found, Decimal(0)) if found else None


def _group(name: str, level: int, children: list[_Item], own: bool = False) -> _Item:
    item = _Item(name, level, "", {}, children, own)
    item.values = {m: _sum(children, m) for m in _SUMMED}
    if own:
        for child in children:
            child.own = True
    return item


def _numbered(names: Sequence[str], paren: str) -> list[str]:
    left, right = ("(", ")") if paren == "ascii" else ("（", "）")
    return [f"{left}{_cn(i)}{right}{n}" for i, n in enumerate(names, 1)]


def _balance(rng: random.Random, income: _Item, spending: list[_Item], rest: _Item) -> None:
    """Make 年终结余 what income leaves after spending (topping up 上级补助收入 if short)."""
    carry = income.children[-1].children[0]  # 二、转移性收入 → 上级补助收入
    for m in _MEASURES:
        spent = sum((s.values[m] or Decimal(0) for s in spending), Decimal(0))
        have = income.values[m] or Decimal(0)
        margin = Decimal(_log_int(rng, 10, 5000))
        if have - spent < margin:
            carry.values[m] = (carry.values[m] or Decimal(0)) + spent + margin - have
            _resum(income)
            have = income.values[m] or Decimal(0)
        rest.values[m] = have - spent


def _resum(item: _Item) -> None:
    for child in item.children:
        if child.children:
            _resum(child)
    if item.children:
        item.values = {m: _sum(item.children, m) for m in _SUMMED}


def _two_sided(
    rng: random.Random,
    name: str,
    incomes: Sequence[str],
    spendings: Sequence[str],
    transfers_in: tuple[str, ...],
    transfers_out: tuple[str, ...],
    scale: int,
    present: float = 0.5,
) -> list[_Item]:
    """收入总计 / 支出总计 tables: own revenue + transfers in = own spending + transfers out."""
    paren = rng.choice(("full", "ascii"))
    own_in = [_leaf(rng, n, scale, present) for n in _numbered(incomes, paren)]
    t_in = [_leaf(rng, n, scale * 2, 1.0) for n in _numbered(transfers_in, paren)]
    own_out = [_leaf(rng, n, scale * 2, 0.6) for n in _numbered(spendings, paren)]
    t_out = [_leaf(rng, n, scale, 0.7) for n in _numbered(transfers_out[:-1], paren)]
    rest = _Item(_numbered(transfers_out, paren)[-1], 2, "", {})
    g_in = [_group(f"一、{name}收入合计", 1, own_in, own=True), _group("二、转移性收入", 1, t_in)]
    spend_head = f"一、{name}支出合计" if name != "国有资本经营预算" else f"一、{name}支出"
    income = _group("收入总计", 0, g_in)
    _balance(rng, income, [*own_out, *t_out], rest)
    g_out = [_group(spend_head, 1, own_out, own=True), _group("二、转移性支出", 1, [*t_out, rest])]
    spending = _group("支出总计", 0, g_out)
    for top, section in ((income, "收入"), (spending, "支出")):
        top.bold = True
        _sections(top, section)
    return [income, *g_in, spending, *g_out]


def _sections(item: _Item, section: str) -> None:
    item.section = section
    for child in item.children:
        _sections(child, section)


def _insurance(rng: random.Random) -> list[_Item]:
    """社会保险基金预算: per fund, 上年结余 + 收入 − 支出 = 年末滚存结余."""
    prefix = "区本级社会保险基金"
    income = [
        _leaf(rng, n, 15000, 1.0) for n in _numbered([f"{f}收入" for f in _INSURANCE_FUNDS], "full")
    ]
    spending = [
        _leaf(rng, n, 15000, 1.0) for n in _numbered([f"{f}支出" for f in _INSURANCE_FUNDS], "full")
    ]
    prior, closing = [], []
    for i, fund in enumerate(_INSURANCE_FUNDS):
        start = {m: Decimal(_log_int(rng, 500, 9000)) for m in _MEASURES}
        end = {}
        for m in _MEASURES:
            flow = (income[i].values[m] or Decimal(0)) - (spending[i].values[m] or Decimal(0))
            start[m] = max(start[m], -flow + 100)
            end[m] = start[m] + flow
        tag = f"（{_cn(i + 1)}）{fund}"
        prior.append(_Item(f"{tag}上年收支结余", 2, "", dict(start)))
        closing.append(_Item(f"{tag}年末滚存结余", 2, "", dict(end)))
    groups = [
        (_group(f"一、{prefix}收入合计", 1, income, own=True), "收入"),
        (_group(f"二、{prefix}上年结余合计", 1, prior), "结余"),
        (_group(f"三、{prefix}支出合计", 1, spending, own=True), "支出"),
        (_group(f"四、{prefix}年末滚存结余合计", 1, closing), "结余"),
    ]
    for group, section in groups:
        group.bold = True
        _sections(group, section)
    return [g for g, _ in groups]


def _flatten(items: Sequence[_Item]) -> list[_Item]:
    out: list[_Item] = []
    for item in items:
        out.append(item)
        if item.level == 1:
            out.extend(item.children)
    return out


_HEADER_1 = "项 目\t2024年\t\t\t\t\t\t2025年预算\t\t\t备注"
_HEADER_2 = (
    "\t年初预算数\t调整预算数\t执行数\t完成调整 预算%\t比上年完成数增减\t\t建议数"
    "\t比2024年执行数增减\t\t"
)
_HEADER_3 = "\t\t\t\t\t金额\t%\t\t金额\t%\t"
_PCT = Decimal("0.01")


def _changes(item: _Item) -> dict[str, Decimal]:
    """完成%, 比上年完成数增减 (金额, %), 比2024年执行数增减 (金额, %) of an own row."""
    v = item.values
    adjusted, executed, proposed, prior = v["adjusted"], v["executed"], v["proposed"], v["prior"]
    out: dict[str, Decimal] = {}
    if executed is None or prior is None:
        return out
    if adjusted:
        out["completion_pct"] = (executed * 100 / adjusted).quantize(_PCT, ROUND_HALF_UP)
    out["change_vs_prior_amount"] = executed - prior
    if prior:
        out["change_vs_prior_pct"] = ((executed - prior) * 100 / prior).quantize(
            _PCT, ROUND_HALF_UP
        )
    change = (proposed or Decimal(0)) - executed  # a blank 建议数 is nothing proposed
    out["change_vs_executed_amount"] = change
    if executed:
        out["change_vs_executed_pct"] = (change * 100 / executed).quantize(_PCT, ROUND_HALF_UP)
    return out


_CHANGE_COLUMNS = ("completion_pct", "change_vs_prior_amount", "change_vs_prior_pct")
_LATER_CHANGES = ("change_vs_executed_amount", "change_vs_executed_pct")


def _table_row(item: _Item, changes: dict[str, Decimal]) -> str:
    def amount(m: str) -> str:
        value = item.values[m]
        return "" if value is None else f"{value:,}"

    def change(c: str) -> str:
        value = changes.get(c)
        return "" if value is None else f"{value:,}" if c.endswith("amount") else f"{value}"

    name = f"<b>{item.item}</b>" if item.bold else item.item.replace(")", ") ", 1)
    cells = [name, amount("initial"), amount("adjusted"), amount("executed")]
    cells += [change(c) for c in _CHANGE_COLUMNS]
    cells += [amount("proposed"), *(change(c) for c in _LATER_CHANGES), ""]
    return _row(*cells)


@dataclass
class _Table:
    lines: list[str] = field(default_factory=list)
    budget: list[BudgetLineSpec] = field(default_factory=list)
    changes: list[BudgetChangeSpec] = field(default_factory=list)
    figures: dict[str, dict[str, Decimal]] = field(default_factory=dict)  # item → facts


def _render_table(rng: random.Random, name: str, kind: str, items: list[_Item]) -> _Table:
    table = _Table()
    rows = _flatten(items)
    cut = rng.randint(3, len(rows) - 2) if len(rows) > 12 and rng.random() < 0.7 else len(rows)
    parents: dict[int, str] = {}
    for i, item in enumerate(rows):
        if i in (0, cut):
            heading = "# " if i == 0 and kind == "general_public" else "## "
            table.lines += [
                "",
                f"{heading}区本级{name}2025年预算",
                "",
                rng.choice(("单位:万元", "单位：万元")),
                "",
                _HEADER_1,
                _HEADER_2,
                _HEADER_3,
            ]
        changes = _changes(item) if item.own else {}
        table.lines.append(_table_row(item, changes))
        parent = parents.get(item.level - 1, "") if item.level else ""
        parents[item.level] = item.item
        for m in _MEASURES:
            year = 2025 if m == "proposed" else 2024
            table.budget.append(
                BudgetLineSpec(
                    name, kind, item.section, item.item, item.level, parent, year, m, item.values[m]
                )
            )
        table.changes += [BudgetChangeSpec(name, item.item, c, v) for c, v in changes.items()]
        if item.level == 1 and item.own:
            amounts = {m: v for m in _MEASURES if (v := item.values[m])}
            table.figures[item.section] = {**changes, **amounts}
    return table


def _budget_tables(rng: random.Random) -> list[tuple[str, str, _Table]]:
    """The four 区本级 tables: (name, kind, the table as printed and as meant)."""
    general = _two_sided(
        rng,
        "一般公共预算",
        ("税收收入", "非税收入"),
        _GENERAL_CLASSES,
        ("上级补助收入", "上年结余收入", "一般债务转贷收入"),
        ("上解上级支出", "安排预算稳定调节基金", "年终结余"),
        20000,
        1.0,
    )
    fund = _two_sided(
        rng,
        "政府性基金预算",
        _FUND_INCOME,
        _FUND_SPENDING,
        ("上级补助收入", "上年结余收入", "地方政府专项债务转贷收入"),
        ("上解上级支出", "调出资金", "地方政府专项债务还本支出", "年终结余"),
        3000,
    )
    capital = _two_sided(
        rng,
        "国有资本经营预算",
        _CAPITAL_INCOME,
        _CAPITAL_SPENDING,
        ("上级补助收入", "上年结余收入"),
        ("调出资金", "年终结余"),
        300,
    )
    built = (
        ("一般公共预算", "general_public", general),
        ("政府性基金预算", "gov_fund", fund),
        ("国有资本经营预算", "state_capital", capital),
        ("社会保险基金预算", "social_insurance", _insurance(rng)),
    )
    return [(name, kind, _render_table(rng, name, kind, items)) for name, kind, items in built]


# --- narrative -------------------------------------------------------------------------


def _figure_text(wan: Decimal) -> tuple[str, Decimal, str]:
    """An amount in 万元 as the narrative prints it: 亿元 with 2 decimals, or 万元."""
    if abs(wan) >= 1000:
        yi = (wan / 10000).quantize(_PCT, ROUND_HALF_UP)
        return f"{yi}亿元", yi, "亿元"
    return f"{wan}万元", wan, "万元"


_OPENING = (
    "",
    "",
    "{short}十三届人大五次会议",
    "",
    "文 件 之 三",
    "",
    "# {short} 2024 年财政预算执行情况和 2025 年财政预算草案的报告",
    "",
    "各位代表：",
    "",
    "受区人民政府委托，现将{short}财政预算执行情况和财政预算草案提请审议。",
    "",
)
#: (year, heading, the measure it reports, the change it states)
_PARTS = (
    (2024, "## 一、2024 年财政预算执行情况", "执行情况", "executed", "change_vs_prior_pct"),
    (2025, "## 二、2025年财政预算草案", "草案", "proposed", "change_vs_executed_pct"),
)


def _narrative(
    tables: list[tuple[str, str, _Table]], region: Region
) -> tuple[list[str], list[NarrativeSpec]]:
    """The report before the tables: per year and budget, the totals the tables print."""
    lines = [line.format(short=region.short) for line in _OPENING]
    specs: list[NarrativeSpec] = []
    for year, head, suffix, measure, change in _PARTS:
        lines += [head, ""]
        for n, (name, kind, table) in enumerate(tables, 1):
            lines += [f"### （{_cn(n)}）{name}{suffix}", ""]
            clauses = []
            for section in ("收入", "支出"):
                facts = table.figures.get(section, {})
                if measure in facts:
                    clause, figures = _said(name, section, facts, measure, change)
                    clauses.append(clause)
                    specs += [NarrativeSpec(kind, year, f"{section}合计", *f) for f in figures]
            if clauses:
                lines += [f"{year}年，" + "。".join(clauses) + "。", ""]
    lines += ["各位代表，以上报告的预算执行数均为快报数，最终执行结果以决算数为准。", ""]
    return lines, specs


def _said(
    name: str, section: str, facts: dict[str, Decimal], measure: str, change: str
) -> tuple[str, list[tuple[str, Decimal, str]]]:
    """One clause (区本级…收入5.24亿元，增长3.06%，完成调整预算的100.06%) and its figures."""
    text, value, unit = _figure_text(facts[measure])
    clause = f"区本级{name}{section}{text}"
    figures = [("amount", value, unit)]
    if change in facts:
        pct = facts[change]
        clause += f"，{'增长' if pct >= 0 else '下降'}{abs(pct)}%"
        figures.append(("change_pct", pct, "%"))
    if measure == "executed" and "completion_pct" in facts:
        clause += f"，完成调整预算的{facts['completion_pct']}%"
        figures.append(("completion_pct", facts["completion_pct"], "%"))
    return clause, figures


# --- documents -------------------------------------------------------------------------


def _assign(rng: random.Random, depts: list[_Department], count: int) -> list[_Department]:
    """Which department supervises each of ``count`` projects (in department order)."""
    weights = [rng.random() + 0.2 for _ in depts]
    picks = rng.choices(range(len(depts)), weights=weights, k=count)
    return [depts[i] for i in sorted(picks)]


def _document(
    index: int, region: Region, count: int, n_departments: int, seed: int
) -> tuple[str, DocumentSpec]:
    rng = random.Random(f"kg-synth/{seed}/{index}/{region.code}")
    year = 2023 if region.layout == "city" else 2025
    depts = _departments(rng, region, n_departments)
    serials = _Serials(rng.randint(1000, 9000))
    projects = [
        _project(rng, region, d, serials.take(rng), year) for d in _assign(rng, depts, count)
    ]
    name = f"{index:06d}_{region.code}.txt"
    if region.layout == "district":
        lines, spec = _district(rng, region, depts, projects, year, name)
    elif region.layout == "summary":
        lines, spec = _summary(rng, region, projects, year, name)
    else:
        lines, spec = _city(rng, region, projects, year, name)
    return "\n".join(lines) + "\n", spec


def _project_block(
    rng: random.Random, projects: Sequence[ProjectSpec], title: str, heading: str, layout: str
) -> list[str]:
    lines: list[str] = []
    for p in projects:
        if layout == "city" and rng.random() < 0.3:
            lines += ["", title + "\t\t\t\t"]  # the title printed as a row, no blank after it
        else:
            lines += _titled(rng, title, heading)
        lines += _project_lines(rng, p, layout)
        if layout == "city" and rng.random() < 0.05:
            lines += ["", "--\t--\t-----------------\t------"]
    return lines


def _district(
    rng: random.Random,
    region: Region,
    depts: list[_Department],
    projects: list[ProjectSpec],
    year: int,
    name: str,
) -> tuple[list[str], DocumentSpec]:
    tables = _budget_tables(rng)
    lines, narrative = _narrative(tables, region)
    for _, _, table in tables:
        lines += table.lines
    totals: dict[str, Decimal] = {}
    for p in projects:
        totals[p.supervising_code] = totals.get(p.supervising_code, Decimal(0)) + p.total_yuan
    departments = [_department(rng, region, d, totals.get(d.code, Decimal(0)), year) for d in depts]
    for d in departments:
        lines += _titled(rng, f"{year}年度部门整体绩效申报表", "## ")
        lines += _department_lines(rng, d)
    title = f"{year}年度部门预算{region.short}本级项目支出绩效目标申报表"
    lines += _project_block(rng, projects, title, "## ", "district")
    spec = DocumentSpec(
        name,
        "district",
        region.code,
        region.name,
        year,
        tuple(projects),
        tuple(departments),
        budget_lines=tuple(b for _, _, t in tables for b in t.budget),
        budget_changes=tuple(c for _, _, t in tables for c in t.changes),
        narrative=tuple(narrative),
    )
    return lines, spec


def _summary_name(rng: random.Random, name: str) -> str:
    """The name a summary table prints: now and then not quite the form's."""
    if rng.random() < 0.1:
        if "-" in name:
            head, _, tail = name.partition("-")
            return f"{head}（{tail}）"
        return f"{name}项目" if not name.endswith("项目") else name[:-2]
    return name


def _summary(
    rng: random.Random, region: Region, projects: list[ProjectSpec], year: int, name: str
) -> tuple[list[str], DocumentSpec]:
    unit = rng.choice(("单位：万元", "单位:万元"))
    title = f"{region.short}{year}年部门预算重点项目绩效目标情况表"
    lines = ["", "", title, "", unit, "", "项目序号\t部门名称\t单位名称\t项目名称\t年初预算数"]
    rows: list[SummaryRowSpec] = []
    for seq, p in enumerate(projects, 1):
        wan = (p.total_yuan / 10000).quantize(_PCT, ROUND_HALF_UP)
        shown = _summary_name(rng, p.name)
        rows.append(
            SummaryRowSpec(str(seq), p.supervising_name, p.implementing_unit, shown, wan, p.code)
        )
        lines.append(
            _row(
                str(seq),
                p.supervising_name,
                p.implementing_unit,
                shown,
                *[""] * (rng.random() < 0.05),
                f"{wan:,}",
            )
        )
    total = sum((r.amount_wan for r in rows), Decimal(0))
    rows.append(SummaryRowSpec("", "", "", "", total, is_total=True))
    lines.append(_row(_bold(rng, "合计", 0.2), "", "", "", f"{total:,}"))
    title = f"{year}年度部门预算{region.short}本级项目支出绩效目标申报表"
    lines += _project_block(rng, projects, title, "", "summary")
    spec = DocumentSpec(
        name, "summary", region.code, region.name, year, tuple(projects), summary=tuple(rows)
    )
    return lines, spec


def _city(
    rng: random.Random, region: Region, projects: list[ProjectSpec], year: int, name: str
) -> tuple[list[str], DocumentSpec]:
    title = f"{year}年度部门预算{region.short}本级项目支出绩效目标申报表"
    lines = ["", "", *_project_block(rng, projects, title, "", "city")]
    return lines, DocumentSpec(name, "city", region.code, region.name, year, tuple(projects))


def _plan(
    projects: int, regions_: int | None, departments_per_region: int | None
) -> tuple[list[tuple[Region, int]], int]:
    if projects < 1:
        raise ValueError("projects must be at least 1")
    n = regions_ if regions_ is not None else math.ceil(projects / PROJECTS_PER_REGION)
    if not 1 <= n <= projects:
        raise ValueError(f"regions must be between 1 and the number of projects ({projects})")
    per_dept = DEPARTMENTS_PER_REGION if departments_per_region is None else departments_per_region
    if not 1 <= per_dept <= 500:
        raise ValueError("departments_per_region must be between 1 and 500")
    base, extra = divmod(projects, n)
    chosen = list(zip(regions(), range(n), strict=False))
    if len(chosen) < n:
        raise ValueError(f"at most {len(chosen)} regions can be generated")
    return [(r, base + (i < extra)) for r, i in chosen], per_dept


def iter_documents(
    projects: int,
    seed: int = 0,
    regions: int | None = None,
    departments_per_region: int | None = None,
) -> Iterator[tuple[str, str, DocumentSpec]]:
    """(file name, text, what it holds) for each document, one region at a time."""
    plan, per_dept = _plan(projects, regions, departments_per_region)
    for index, (region, count) in enumerate(plan):
        text, spec = _document(index, region, count, per_dept, seed)
        yield spec.name, text, spec


def generate(
    out: Path,
    projects: int,
    seed: int = 0,
    regions: int | None = None,
    departments_per_region: int | None = None,
    *,
    manifest: bool = True,
) -> Manifest:
    """Write the documents into ``out`` (created if missing); returns what was written.

    With ``manifest=False`` only the counts are kept, so memory stays that of one document.
    """
    out.mkdir(parents=True, exist_ok=True)
    result = Manifest()
    for name, text, spec in iter_documents(projects, seed, regions, departments_per_region):
        data = text.encode("utf-8")
        (out / name).write_bytes(data)
        result.counts.add(spec, len(data))
        if manifest:
            result.documents.append(spec)
    return result
