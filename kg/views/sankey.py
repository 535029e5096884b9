"""The fund-flow Sankey: fund source → supervising department → implementing unit → project
(→ beneficiary group), widths in yuan, as one self-contained HTML file.

The flows are read off the NetworkX view (:func:`kg.views.network.to_networkx`), so they are the
graph's own figures: a project's funding lines give the source → department link, and the
same yuan flow on through its unit to the project. A project that serves one group passes its
whole amount on to that group; one that serves several passes it to a node naming all of them
(the documents do not say how a project splits between its groups, so neither do we).

plotly draws it; the page is our own template (``kg/templates/sankey.html``) with plotly.js
inline, a Content-Security-Policy that forbids every request, data as escaped JSON, and text
from documents entity-escaped so plotly's label markup shows it as text.
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from typing import Any

import networkx as nx
import plotly.graph_objects as go
from jinja2 import Environment, FileSystemLoader, select_autoescape
from plotly.offline import get_plotlyjs

from kg.domain.values import fmt_decimal
from kg.resources import TEMPLATES
from kg.views.network import cited
from kg.views.network_page import _KINDS, select, wan, years
from kg.views.text import shortened

#: left to right; a project with no unit (or no department) skips that column
STAGES = ("fund_source", "department", "unit", "project", "group")
#: above this many projects the page offers no per-department variants (CLI filters still work)
VARIANT_LIMIT = 200
_PAD = 12  # pixels between nodes of a column
_LABEL = 18  # characters of a node's label printed beside it (longer ones cut)
_MARGIN = {"l": 10, "r": 10, "t": 50, "b": 20}


@dataclass
class Flows:
    """Nodes and yuan-weighted links of one Sankey."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)  # key → label, kind, detail
    links: dict[tuple[str, str], Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    skipped: int = 0  # projects with no positive funding line: nothing to draw

    def node(self, key: str, kind: str, label: str, detail: str) -> str:
        self.nodes.setdefault(key, {"kind": kind, "label": label, "detail": detail})
        return key


def flows(view: nx.MultiDiGraph, groups: bool = True) -> Flows:
    """The Sankey's nodes and links for a (selected) network view."""
    out = Flows()
    nodes = view.nodes

    def add(n: str, stage: str) -> str:
        d = nodes[n]
        detail = "\n".join(
            x
            for x in (
                d["label"],
                f"编码 code: {d['code']}" if d.get("code") else "",
                cited(d),
            )
            if x
        )
        return out.node(f"{stage} {n}", stage, d["label"], detail)

    for p in sorted(n for n, d in view.nodes(data=True) if d["kind"] == "project"):
        funding = sorted(
            (u, d["amount"])
            for u, _, d in view.in_edges(p, data=True)
            if d["relation"] == "funds" and d["amount"] and d["amount"] > 0
        )
        if not funding:
            out.skipped += 1
            continue
        total = sum((a for _, a in funding), Decimal(0))
        chain = [
            next((u for u, _, k in view.in_edges(p, keys=True) if k == rel), None)
            for rel in ("supervises", "implements")
        ]
        # a unit that is its own department is one node; every node is keyed by its stage,
        # so a department that implements another's project sits in the unit column (no loops)
        if chain[1] == chain[0]:
            chain[1] = None
        path = [add(n, stage) for n, stage in zip(chain, STAGES[1:3], strict=True) if n]
        path.append(add(p, "project"))
        for source, amount in funding:
            out.links[(add(source, "fund_source"), path[0])] += amount
        for a, b in pairwise(path):
            out.links[(a, b)] += total
        served = sorted(v for _, v, k in view.out_edges(p, keys=True) if k == "serves")
        if groups and served:
            labels = [nodes[g]["label"] for g in served]
            key = "group " + "+".join(served)
            label = " + ".join(labels)
            out.links[(path[-1], out.node(key, "group", label, "\n".join(labels)))] += total
    return out


def figure(f: Flows, title: str) -> dict[str, Any]:
    """The plotly figure (validated by plotly) as plain JSON-ready data."""
    through = {k: _through(f, k) for k in f.nodes}
    upstream: dict[str, list[str]] = defaultdict(list)
    for a, b in f.links:
        upstream[b].append(a)
    columns: list[list[str]] = []
    rank: dict[str, int] = {}
    level: dict[str, float] = {}  # 0..1 down the picture; a unit sits level with its department
    for kind in STAGES:
        column = sorted(
            (k for k in f.nodes if f.nodes[k]["kind"] == kind),
            key=lambda k: (
                min((level[a] for a in upstream[k]), default=-1.0),
                -through[k],
                f.nodes[k]["label"],
                k,
            ),
        )
        for i, k in enumerate(column):
            rank[k] = len(rank)
            first = min((level[a] for a in upstream[k]), default=0.0)
            level[k] = first if kind == "unit" else i / len(column)
        columns.append(column)
    order = [k for column in columns for k in column]
    height = max(600, 30 * max(map(len, columns)) + 120)
    # positions, as plotly draws them: columns by stage; a full column (sources, departments,
    # projects) stacks its nodes top-down at plotly's yuan-to-pixel scale, a sparse one (units,
    # groups) puts each node level with what feeds it (plotly's snap moves overlaps apart)
    plot = height - _MARGIN["t"] - _MARGIN["b"]
    scale = min(
        (plot - (len(c) - 1) * _PAD) / float(sum(through[k] for k in c) or 1) for c in columns if c
    )
    x: list[float] = []
    y: list[float] = []
    for stage, column in enumerate(columns):
        done = 0.0
        for i, k in enumerate(column):
            x.append(round(0.001 + 0.998 * stage / (len(STAGES) - 1), 4))
            size = float(through[k]) * scale
            if STAGES[stage] in ("fund_source", "department", "project"):
                y.append(round(min(0.999, (done + i * _PAD + size / 2) / plot), 4))
            else:
                feeds = [(y[rank[a]], f.links[(a, k)]) for a in upstream[k]]
                weight = sum((v for _, v in feeds), Decimal(0)) or Decimal(1)
                y.append(round(sum(float(v / weight) * at for at, v in feeds), 4))
            done += size
    index = {k: i for i, k in enumerate(order)}
    links = sorted(f.links.items(), key=lambda kv: (index[kv[0][0]], index[kv[0][1]]))
    node_text = [
        _safe(f"{f.nodes[k]['detail']}\n金额 amount: {fmt_decimal(through[k])} 元") for k in order
    ]
    link_text = [
        _safe(f"{f.nodes[a]['label']} → {f.nodes[b]['label']}\n{fmt_decimal(v)} 元")
        for (a, b), v in links
    ]
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            valueformat=",.2f",
            node={
                "label": [_safe(shortened(f.nodes[k]["label"], _LABEL)) for k in order],
                "color": [_KINDS[f.nodes[k]["kind"]][0] for k in order],
                "customdata": node_text,
                "hovertemplate": "%{customdata}<extra></extra>",
                "pad": _PAD,
                "x": x,
                "y": y,
                "thickness": 14,
                "line": {"width": 0},
            },
            link={
                "source": [index[a] for (a, _), _ in links],
                "target": [index[b] for (_, b), _ in links],
                "value": [float(v) for _, v in links],
                "customdata": link_text,
                "hovertemplate": "%{customdata}<extra></extra>",
                "color": [_KINDS[f.nodes[a]["kind"]][0] + "55" for (a, _), _ in links],
            },
        ),
        layout={
            "title": {"text": _safe(title)},
            "font": {"size": 12, "family": "Noto Sans CJK SC, Microsoft YaHei, sans-serif"},
            "height": height,
            "margin": _MARGIN,
        },
    )
    data: dict[str, Any] = fig.to_plotly_json()
    data["layout"].pop("template", None)  # plotly's default theme: 9 kB we do not need
    return data


def _through(f: Flows, key: str) -> Decimal:
    """What passes through a node: the larger of its in- and outflow."""
    inflow = sum((v for (_, b), v in f.links.items() if b == key), Decimal(0))
    outflow = sum((v for (a, _), v in f.links.items() if a == key), Decimal(0))
    return max(inflow, outflow)


def _safe(text: str) -> str:
    """Document text for plotly's label markup: entities, so tags show as text; newlines as
    plotly's line breaks."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def sankey_html(
    g: nx.MultiDiGraph,
    region: str = "",
    department: str = "",
    source: str = "",
    groups: bool = True,
    title: str = "资金流向 · Fund flows",
    year: int | None = None,
) -> str:
    """The page: the selection asked for, plus the page's own year, region and department
    menus. Every combination of a year (or all years) with a region or a department is drawn
    in advance, with its own headline (projects and yuan, per year) and legend; the page opens
    at the latest year, so no total adds up years unless "all years" is chosen."""
    base = select(g, region, department, source, year)
    variants: dict[str, dict[str, Any]] = {}
    menus: dict[str, list[tuple[str, str]]] = {"region": [], "department": [], "year": []}
    big = _count(base) > VARIANT_LIMIT
    for y in [*years(base), None]:
        view = select(base, year=y) if y is not None else base
        part = "" if y is None else str(y)
        if y is not None:
            menus["year"].append((part, f"{y} 年 ({_count(view)} 个项目 projects)"))
        variants[f"{part}|"] = _variant(view, groups, title, y)
        for kind in () if big else ("region", "department"):
            for n, d in sorted(base.nodes(data=True), key=lambda nd: nd[1]["code"]):
                if d["kind"] != kind or not d["code"]:
                    continue
                code = n.rsplit("/", 1)[-1]
                entry = (f"{kind}:{code}", f"{d['label']} ({code})")
                chosen = select(view, **{kind: code})
                if _count(chosen):
                    variants[f"{part}|{entry[0]}"] = _variant(chosen, groups, title, y)
                    if y is None:
                        menus[kind].append(entry)
    opening = menus["year"][-1][0] if menus["year"] else ""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
    return env.get_template("sankey.html").render(
        title=title,
        opening=opening,
        first=variants[f"{opening}|"],
        variants=variants,
        menus=menus,
        kinds=[{"key": k, "label": _KINDS[k][1], "color": _KINDS[k][0]} for k in STAGES],
        plotly_js=get_plotlyjs(),
    )


def _count(view: nx.MultiDiGraph) -> int:
    return sum(1 for _, k in view.nodes(data="kind") if k == "project")


def _variant(view: nx.MultiDiGraph, groups: bool, title: str, year: int | None) -> dict[str, Any]:
    """One picture of the page: figure, headline, the kinds it draws, projects not drawn."""
    f = flows(view, groups)
    heading = f"{title} · {year} 年" if year is not None else f"{title} · 全部年份 all years"
    return {
        "figure": figure(f, heading),
        "headline": headline(view),
        "kinds": sorted({n["kind"] for n in f.nodes.values()}, key=STAGES.index),
        "skipped": f.skipped,
    }


def headline(view: nx.MultiDiGraph) -> str:
    """Projects and their yuan, one total per year (years are never added together).

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("p1", kind="project", year=2023, amount=Decimal(1371400))
    >>> g.add_node("p2", kind="project", year=2025, amount=Decimal(26000000))
    >>> g.add_node("p3", kind="project", year=2025, amount=Decimal(5000000))
    >>> headline(g)
    '2023 年 1 个项目 projects · 137.14万元；2025 年 2 个项目 projects · 3100万元'
    """
    totals: dict[int | None, list[Decimal]] = defaultdict(list)
    for _, d in view.nodes(data=True):
        if d["kind"] == "project":
            totals[d.get("year")].append(d["amount"] or Decimal(0))
    parts = [
        f"{'年份不详 year unknown' if y is None else f'{y} 年'} {len(amounts)} 个项目 projects · "
        f"{wan(sum(amounts, Decimal(0)))}元"
        for y, amounts in sorted(totals.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))
    ]
    return "；".join(parts or ["0 个项目 projects"])
