"""The pages of shared concepts (fund sources, beneficiary groups, indicator categories, source
documents), the list of each kind, the index with its search and facets, and the ontology."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from markupsafe import Markup

from kg.rdf.vocab import DEF
from kg.views.site.graph import Funding, Indicator, Node
from kg.views.site.html import Cell, Page, Section, yuan_text
from kg.views.site.pages import (
    KIND_NAMES,
    Context,
    finding_rows,
    findings,
    item_lines,
    money,
    project_rows,
)

#: rows a list of a shared concept shows (a fund source pays for every project of a province);
#: the index's facets list them all
LIST_CAP = 300


def _capped(section: Section, total: int) -> Section:
    if total > LIST_CAP:
        section.rows = section.rows[:LIST_CAP]
        section.note = f"显示前 {LIST_CAP} 个，共 {total} 个 · first {LIST_CAP} of {total} shown"
    return section


def fund_source_page(ctx: Context, node: Node) -> Page:
    page = ctx.start(node)
    for scheme in node.links.get("scheme", []):
        page.facts.append(("代码表 scheme", Cell(scheme)))
    lines = [f for rows in ctx.g.funding.values() for f in rows if f.source == node.iri]
    by_region: dict[str, list[Funding]] = defaultdict(list)
    for f in lines:
        item = ctx.g.nodes.get(f.item)
        by_region[(item.links.get("region") or [""])[0] if item else ""].append(f)
    sections = []
    if lines:
        sections.append(money(ctx, lines, "按年度 by year (元)", True))
        sections.append(_by_region(ctx, by_region))
        items = {f.item for f in lines if f.amount}
        projects = ctx.nodes(sorted(items), "project")
        rows = project_rows(ctx, projects)
        sections.append(_capped(rows, len(projects)))
    page.sections = sections
    return page


def _by_region(ctx: Context, by_region: dict[str, list[Funding]]) -> Section:
    years = sorted({f.year for rows in by_region.values() for f in rows})
    section = Section(
        "按地区和年度 by region and year (元)",
        ["地区 region", *(f"{y} 年" for y in years)],
        cls="money",
    )
    for region in sorted(by_region, key=lambda r: (ctx.link(r).text if r else "", r)):
        row = [ctx.link(region) if region else Cell("?")]
        for y in years:
            got = [f.amount for f in by_region[region] if f.year == y]
            row.append(ctx.amount(sum(got, Decimal(0))) if got else Cell())
        section.rows.append(row)
    return section


def group_page(ctx: Context, node: Node) -> Page:
    page = ctx.start(node)
    projects = ctx.back(node.iri, "serves", "project")
    sections = [findings(ctx, [node.iri])]
    if projects:
        sections += [
            money(
                ctx, item_lines(ctx, projects), "服务它的项目资金 money of the projects (元)", True
            ),
            project_rows(ctx, projects, "服务它的项目 projects serving the group"),
        ]
    page.sections = [s for s in sections if s is not None]
    return page


def category_page(ctx: Context, node: Node, members: list[Indicator]) -> Page:
    page = ctx.start(node)
    for scheme in node.links.get("scheme", []):
        page.facts.append(("代码表 scheme", Cell(scheme)))
    ctx.refs(node, "broader", "上级类别 broader", page)
    narrower = ctx.back(node.iri, "broader", "category")
    sections = []
    if narrower:
        items = [[ctx.link(n.iri)] for n in narrower]
        sections.append(Section("下级类别 narrower", items=items, count=len(items), cls="plain"))
    counts: dict[str, int] = defaultdict(int)
    for i in members:
        owner = ctx.g.nodes.get(i.owner)
        counts[(owner.links.get("region") or [""])[0] if owner else ""] += 1
    if counts:
        rows = [
            [ctx.link(r) if r else Cell("?"), Cell(str(n), num=True)]
            for r, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        sections.append(Section("按地区 by region", ["地区 region", "指标数 indicators"], rows))
    rows = [
        [ctx.link(i.owner), Cell(i.name, cite=ctx.cite(i.iri)), Cell(i.text)]
        for i in members[: LIST_CAP + 1]
    ]
    if rows:
        head = ["项目或部门 project or department", "指标 indicator", "指标值 target"]
        section = Section("指标 indicators", head, rows, count=len(members))
        sections.append(_capped(section, len(members)))
    page.sections = sections
    return page


def document_page(ctx: Context, node: Node) -> Page:
    page = ctx.start(node)
    ctx.refs(node, "region", "地区 region", page)
    derived = ctx.back(node.iri, "doc")
    sections = []
    for kind in ("department", "unit", "project"):
        nodes = [n for n in derived if n.kind == kind]
        if nodes:
            items = [[ctx.link(n.iri), Cell(n.code, cls="hint")] for n in nodes]
            sections.append(Section(KIND_NAMES[kind], items=items, count=len(items), cls="cols"))
    found = {
        f.iri: f
        for fs in ctx.g.findings.values()
        for f in fs
        if f.iri in ctx.g.cites and ctx.g.cites[f.iri].doc == node.iri
    }
    section = finding_rows(ctx, list(found.values()))
    if section is not None:
        sections.insert(0, section)
    page.sections = sections
    return page


def kind_page(ctx: Context, kind: str, nodes: list[Node]) -> Page:
    ctx.here = f"{kind}/index.html"
    page = Page(ctx.here, "列表 list", KIND_NAMES[kind])
    rows = []
    for n in sorted(nodes, key=lambda n: (n.label, n.iri)):
        region = (n.links.get("region") or [""])[0]
        rows.append(
            [ctx.link(n.iri), Cell(n.code), Cell(n.en), ctx.link(region) if region else Cell()]
        )
    head = ["名称 name", "编码 code", "English", "地区 region"]
    page.sections = [Section(KIND_NAMES[kind], head, rows, count=len(rows))]
    return page


_FORM = Markup(
    '<section id="find"><h2>搜索 search</h2>'
    '<input id="search" type="search" autocomplete="off" '
    'placeholder="名称、编码 name, code, English label">'
    '<ul id="results" class="plain"></ul></section>'
    '<section><h2>项目筛选 projects by facet <span class="count" id="shown"></span></h2>'
    '<div id="facets"></div><ul id="list" class="plain"></ul></section>'
)


def index_page(ctx: Context) -> Page:
    ctx.here = "index.html"
    page = Page("index.html", "kg site", "预算绩效目标图谱 budget performance targets")
    items = []
    for kind in KIND_NAMES:
        count = len(ctx.g.of_kind(kind))
        items.append([Cell(KIND_NAMES[kind], f"{kind}/index.html"), Cell(f"({count})")])
    page.sections = [Section("浏览 browse", items=items, cls="cols")]
    page.body = _FORM + Markup('<p class="note"><a href="def/kg.html">本体 ontology (kg:)</a></p>')
    page.data = {"names": _names(ctx), "projects": _projects(ctx), "facets": _FACETS}
    return page


_FACETS = {
    "region": "地区 region",
    "year": "年度 year",
    "source": "资金来源 fund source",
    "category": "指标类别 indicator category",
}


def _names(ctx: Context) -> list[list[str]]:
    nodes = sorted(
        ctx.g.nodes.values(), key=lambda n: (list(KIND_NAMES).index(n.kind), n.label, n.iri)
    )
    return [
        [KIND_NAMES[n.kind], n.label, n.en, n.code, ctx.paths.of[n.iri], " ".join(n.alt)]
        for n in nodes
    ]


def _projects(ctx: Context) -> list[list[object]]:
    out: list[list[object]] = []
    for n in sorted(ctx.g.of_kind("project"), key=lambda n: (n.label, n.iri)):
        region = (n.links.get("region") or [""])[0]
        lines = ctx.g.funding.get(n.iri, [])
        sources = sorted({ctx.link(f.source).text for f in lines if f.amount})
        cats = sorted(
            {ctx.link(i.category).text for i in ctx.g.indicators.get(n.iri, []) if i.category}
        )
        total = n.links.get("total", [])
        out.append(
            [
                n.label,
                ctx.paths.of[n.iri],
                ctx.link(region).text if region else "?",
                ctx.g.year_of(n.iri) or ["?"],
                sources,
                cats,
                f"{yuan_text(Decimal(total[0]))} 元" if total else "",
            ]
        )
    return out


def ontology_page(ctx: Context) -> Page:
    from kg.store.schema import describe

    ctx.here = "def/kg.html"
    schema = describe(None)
    page = Page(ctx.here, "本体 ontology", "kg: 本体 the kg ontology", iri=f"{DEF}kg#")
    rows = [
        [_term(c.name), Cell(c.label_zh), Cell(c.label_en), Cell(c.parents)] for c in schema.classes
    ]
    props = [
        [_term(p.name), Cell(p.label_zh), Cell(p.label_en), Cell(f"{p.domain} → {p.range}")]
        for p in schema.properties
    ]
    head = ["名称 name", "中文", "English"]
    page.sections = [
        Section("类 classes", [*head, "上位 subclass of"], rows, count=len(rows), anchors=True),
        Section(
            "属性 properties", [*head, "domain → range"], props, count=len(props), anchors=True
        ),
    ]
    return page


def _term(name: str) -> Cell:
    """A term of the ontology, its row the target of ``/def/kg#Name``."""
    local = name.removeprefix("kg:")
    return Cell(name, key=local if local != name and local.isidentifier() else "")
