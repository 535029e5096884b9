"""The page of each node: project, department, implementing unit, region.

Every figure carries where it is printed ("001_….txt 第 231 行", or 第 P 页 第 M 行 on a
document printed on pages), linked to that document's page; the audit's findings about a node
(and about its indicators) are listed on the node's page.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from kg.domain.model import printed_at
from kg.views.site.graph import Finding, Funding, Node, SiteGraph
from kg.views.site.html import Cell, Page, Paths, Section, plain, yuan_text

KIND_NAMES = {
    "region": "地区 region",
    "department": "部门 department",
    "unit": "实施单位 implementing unit",
    "project": "项目 project",
    "fund-source": "资金来源 fund source",
    "group": "受益群体 beneficiary group",
    "category": "指标类别 indicator category",
    "document": "来源文件 source document",
}
SEVERITY = {"error": "错误 error", "warning": "警告 warning", "info": "提示 info"}


class Context:
    """The graph and the site's paths, seen from one page."""

    def __init__(self, g: SiteGraph, paths: Paths) -> None:
        self.g, self.paths, self.here = g, paths, ""

    def link(self, iri: str, text: str = "") -> Cell:
        node = self.g.nodes.get(iri)
        label = text or (node.label if node else iri)
        target = self.paths.of.get(iri)
        return Cell(label, Paths.relative(target, self.here) if target else "")

    def cite(self, iri: str) -> tuple[str, str] | None:
        """Where the node is printed: (href of its document's page, "文件 第 N 行")."""
        where = self.g.cites.get(iri)
        if where is None or not where.line:
            return None
        doc = self.g.nodes.get(where.doc)
        name = doc.label if doc else where.doc.rsplit("/", 1)[-1]
        text = f"{name} {printed_at(where.line, where.page, where.page_line)}"
        target = self.paths.of.get(where.doc)
        return (Paths.relative(target, self.here) if target else "", text)

    def amount(self, amount: Decimal, iri: str = "", key: str = "") -> Cell:
        cite = self.cite(iri) if iri else None
        return Cell(
            f"{yuan_text(amount)} 元", yuan=str(plain(amount)), num=True, cite=cite, key=key
        )

    def nodes(self, iris: list[str], kind: str = "") -> list[Node]:
        found = {i: self.g.nodes[i] for i in iris if i in self.g.nodes}
        return sorted(
            (n for n in found.values() if not kind or n.kind == kind),
            key=lambda n: (n.label, n.iri),
        )

    def back(self, iri: str, link: str, kind: str = "") -> list[Node]:
        return self.nodes(self.g.back.get(iri, {}).get(link, []), kind)

    def start(self, node: Node) -> Page:
        self.here = self.paths.of[node.iri]
        page = Page(self.here, KIND_NAMES[node.kind], node.label, node.en, node.iri)
        page.crumbs = [
            Cell(KIND_NAMES[node.kind], Paths.relative(f"{node.kind}/index.html", self.here))
        ]
        if node.code:
            page.facts.append(("编码 code", Cell(node.code)))
        if node.alt:
            page.facts.append(("又名 also printed as", Cell("；".join(node.alt))))
        return page

    def refs(self, node: Node, name: str, title: str, page: Page) -> None:
        for iri in node.links.get(name, []):
            page.facts.append((title, self.link(iri)))


# --- sections shared by several kinds -------------------------------------------------------


def money(ctx: Context, lines: list[Funding], title: str, by_item: bool = False) -> Section:
    """Funding by fund source (rows) and year (columns, side by side), with a total row."""
    years = sorted({f.year for f in lines})
    cells: dict[tuple[str, str], list[Funding]] = defaultdict(list)
    for f in lines:
        cells[(f.source, f.year)].append(f)
    sources = sorted({f.source for f in lines}, key=lambda s: (ctx.link(s).text, s))
    section = Section(title, ["资金来源 fund source", *(f"{y or '?'} 年" for y in years)])
    for source in sources:
        row = [ctx.link(source)]
        for y in years:
            got = cells.get((source, y), [])
            total = sum((f.amount for f in got), Decimal(0))
            one = got[0].iri if len(got) == 1 and not by_item else ""
            row.append(
                ctx.amount(total, one, key=f"{_notation(ctx, source)}|{y}") if got else Cell()
            )
        section.rows.append(row)
    totals = [sum((f.amount for f in lines if f.year == y), Decimal(0)) for y in years]
    section.rows.append(
        [
            Cell("合计 total"),
            *(ctx.amount(t, key=f"total|{y}") for t, y in zip(totals, years, strict=True)),
        ]
    )
    section.cls = "money"
    return section


def _notation(ctx: Context, source: str) -> str:
    node = ctx.g.nodes.get(source)
    return node.code if node and node.code else source.rsplit("/", 1)[-1]


def findings(ctx: Context, iris: list[str]) -> Section | None:
    """The audit's findings about any of the nodes, each once."""
    found = {f.iri: f for iri in iris for f in ctx.g.findings.get(iri, [])}
    return finding_rows(ctx, list(found.values()))


def finding_rows(ctx: Context, found: list[Finding]) -> Section | None:
    rows = []
    rank = list(SEVERITY)
    order = sorted(
        found, key=lambda f: (rank.index(f.severity) if f.severity in rank else 3, f.iri)
    )
    for f in order:
        severity = Cell(SEVERITY.get(f.severity, f.severity), cls=f"sev-{f.severity}")
        rows.append([severity, Cell(f.check), Cell(f.comment, cite=ctx.cite(f.iri))])
    if not rows:
        return None
    head = ["级别 severity", "检查 check", "发现 finding"]
    return Section("审计发现 audit findings", head, rows, count=len(rows), id="findings")


_INDICATOR_HEAD = [
    "#",
    "一级 / 二级 printed levels",
    "类别 category",
    "指标 indicator",
    "指标值 target",
    "运算符 operator",
    "数值 number",
    "单位 unit",
    "期限 deadline",
]


def indicators(ctx: Context, owner: str) -> Section | None:
    """The owner's indicators with their targets as printed and as parsed."""
    rows = []
    for i in ctx.g.indicators.get(owner, []):
        category = ctx.link(i.category) if i.category else Cell()
        rows.append(
            [
                Cell(str(i.ordinal or ""), num=True),
                Cell(i.printed),
                category,
                Cell(i.name, cite=ctx.cite(i.iri)),
                Cell(i.text),
                Cell(i.operator),
                Cell(i.number, num=True),
                Cell(i.unit),
                Cell(i.deadline),
            ]
        )
    if not rows:
        return None
    return Section("绩效指标 indicators", _INDICATOR_HEAD, rows, count=len(rows), id="indicators")


def statements(ctx: Context, owner: str) -> list[Section]:
    sections = []
    for kind, title in (("function", "部门职能 functions"), ("goal", "绩效目标 goals")):
        items = [
            [Cell(s.text, cite=ctx.cite(s.iri))]
            for s in ctx.g.statements.get(owner, [])
            if s.kind == kind
        ]
        if items:
            sections.append(Section(title, items=items, count=len(items), cls="plain", id=kind))
    return sections


def project_rows(ctx: Context, projects: list[Node], title: str = "项目 projects") -> Section:
    rows = []
    for p in sorted(projects, key=lambda n: (ctx.g.year_of(n.iri), n.label, n.iri)):
        total, units = _total(p), p.links.get("unit", [])
        rows.append(
            [
                ctx.link(p.iri),
                Cell(p.code),
                Cell("/".join(ctx.g.year_of(p.iri))),
                ctx.link(units[0]) if units else Cell(),
                ctx.amount(total, p.iri) if total is not None else Cell(),
            ]
        )
    head = ["项目 project", "编码 code", "年度 year", "实施单位 unit", "总额 total"]
    return Section(title, head, rows, count=len(rows), id="projects")


def _total(node: Node) -> Decimal | None:
    values = node.links.get("total", [])
    return Decimal(values[0]) if values else None


def item_lines(ctx: Context, items: list[Node]) -> list[Funding]:
    return [f for n in items for f in ctx.g.funding.get(n.iri, [])]


# --- the pages --------------------------------------------------------------------------------


def listing(ctx: Context, title: str, nodes: list[Node], codes: bool = False) -> Section | None:
    """A list of links to nodes (with their codes), or None when there are none."""
    if not nodes:
        return None
    items = [[ctx.link(n.iri), *([Cell(n.code, cls="hint")] if codes else [])] for n in nodes]
    return Section(title, items=items, count=len(items), cls="cols" if codes else "plain")


def _own_findings(ctx: Context, node: Node) -> Section | None:
    """The findings about the node and about its indicators."""
    return findings(ctx, [node.iri] + [i.iri for i in ctx.g.indicators.get(node.iri, [])])


def _project_facts(ctx: Context, node: Node, page: Page) -> None:
    ctx.refs(node, "region", "地区 region", page)
    page.facts.append(("年度 year", Cell("、".join(ctx.g.year_of(node.iri)))))
    ctx.refs(node, "department", "主管部门 supervising department", page)
    ctx.refs(node, "unit", "实施单位 implementing unit", page)
    for attribute in node.links.get("attribute", []):
        page.facts.append(("项目属性 attribute", Cell(attribute)))
    total = _total(node)
    if total is not None:
        page.facts.append(("资金总额 total", ctx.amount(total, node.iri, key="total")))
    ctx.refs(node, "doc", "来源 source", page)


def project_page(ctx: Context, node: Node) -> Page:
    page = ctx.start(node)
    _project_facts(ctx, node, page)
    lines = ctx.g.funding.get(node.iri, [])
    twins = [n for n in ctx.g.same_code(node) if n.iri != node.iri]
    sections = [
        _own_findings(ctx, node),
        money(ctx, lines, "资金来源 funding lines (元)") if lines else None,
        *statements(ctx, node.iri),
        indicators(ctx, node.iri),
        listing(ctx, "服务对象 groups served", ctx.nodes(node.links.get("serves", []))),
        project_rows(ctx, twins, "同一编码的其他项目 the same project code elsewhere")
        if twins
        else None,
    ]
    page.sections = [s for s in sections if s is not None]
    return page


def _projects_money(ctx: Context, projects: list[Node]) -> list[Section | None]:
    if not projects:
        return []
    lines = item_lines(ctx, projects)
    return [
        money(ctx, lines, "项目资金 money of its projects (元)", True),
        project_rows(ctx, projects),
    ]


def department_page(ctx: Context, node: Node) -> Page:
    page = ctx.start(node)
    ctx.refs(node, "region", "地区 region", page)
    total = _total(node)
    if total is not None:
        page.facts.append(("部门预算 budget", ctx.amount(total, node.iri, key="total")))
    ctx.refs(node, "doc", "来源 source", page)
    projects = ctx.back(node.iri, "department", "project")
    units = {u for p in projects for u in p.links.get("unit", [])}
    units |= set(ctx.g.back.get(node.iri, {}).get("parent", [])) - {node.iri}
    own = ctx.g.funding.get(node.iri)
    sections = [
        _own_findings(ctx, node),
        money(ctx, own, "部门预算资金 department budget (元)") if own else None,
        *_projects_money(ctx, projects),
        listing(ctx, "实施单位 implementing units", ctx.nodes(sorted(units - {node.iri}), "unit")),
        *statements(ctx, node.iri),
        indicators(ctx, node.iri),
    ]
    page.sections = [s for s in sections if s is not None]
    return page


def unit_page(ctx: Context, node: Node) -> Page:
    page = ctx.start(node)
    ctx.refs(node, "parent", "上级部门 department", page)
    ctx.refs(node, "doc", "来源 source", page)
    projects = ctx.back(node.iri, "unit", "project")
    sections = [findings(ctx, [node.iri]), *_projects_money(ctx, projects)]
    page.sections = [s for s in sections if s is not None]
    return page


def region_page(ctx: Context, node: Node) -> Page:
    page = ctx.start(node)
    ctx.refs(node, "parent", "上级地区 region above", page)
    projects = ctx.back(node.iri, "region", "project")
    money_rows = _projects_money(ctx, projects)
    sections = [
        listing(ctx, "下级地区 regions below", ctx.back(node.iri, "parent", "region")),
        *money_rows[:1],
        listing(ctx, "部门 departments", ctx.back(node.iri, "region", "department"), codes=True),
        *money_rows[1:],
        listing(ctx, "来源文件 documents", ctx.back(node.iri, "region", "document")),
    ]
    page.sections = [s for s in sections if s is not None]
    return page
