"""The interactive who-funds-what network as one self-contained HTML file.

The nodes and edges are the dicts pyvis's ``Network`` makes for vis-network; the page is
rendered from our own template (``kg/templates/network.html``) because pyvis's stock template
loads Bootstrap and tom-select from CDNs and writes hover titles into ``innerHTML``. Here every
script and style is inline (vis-network from the copy pyvis ships), a Content-Security-Policy
forbids any request, data is embedded as escaped JSON, and details are shown with
``textContent``: text from a document is always shown as text. Positions are computed in
Python (:func:`columns`) and physics is off, so the layout is drawn at once and never jiggles;
when the page's menus (region, fund source, year) or kind boxes change what is shown, the page
runs the same column layout on the nodes left and fits them to the window. The page opens at
the latest year; "全部年份 all years" is a choice.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape

from kg.domain.values import fmt_decimal
from kg.resources import TEMPLATES
from kg.views.network import cited, gc_paused
from kg.views.text import shortened

#: above this many nodes the view aggregates: implementing units into their departments, then,
#: if still above, projects into their departments. Measured (benchmarks/viz_bench.py,
#: BENCHMARKS.md): headless Chromium redraws 1,000 nodes in ~30 ms and 2,000 in ~62 ms, and
#: 50 ms per frame is where panning stops feeling smooth.
NODE_BUDGET = 1000
_LABEL = 14  # characters of a node's label printed beside it (longer ones cut)
_VIS = Path(pyvis.__file__).parent / "templates" / "lib"
_KINDS = {  # kind → (colour, label); indicators are shown as counts on their owners
    "fund_source": ("#e6550d", "资金来源 fund source"),
    "region": ("#636363", "地区 region"),
    "department": ("#3182bd", "部门 department"),
    "unit": ("#6baed6", "实施单位 unit"),
    "project": ("#31a354", "项目 project"),
    "group": ("#9e9ac8", "受益群体 beneficiary group"),
}


def wan(amount: Decimal) -> str:
    """Yuan as 万元 text for labels: 26000000 → '2600万'.

    >>> wan(Decimal(26000000)), wan(Decimal(7504790))
    ('2600万', '750.48万')
    """
    return fmt_decimal(round(amount / 10000, 2)) + "万"


@gc_paused()
def select(
    g: nx.MultiDiGraph,
    region: str = "",
    department: str = "",
    source: str = "",
    year: int | None = None,
) -> nx.MultiDiGraph:
    """The part of the network a user asked for (region code, REGION-CODE department, fund
    source kind, fiscal year of the projects); indicators are folded into a count on their
    owner."""
    keep = kept(g, region, department, source, year)
    view = _graph(  # built in sorted order: a subgraph view would iterate a set
        ((n, g.nodes[n]) for n in sorted(keep)),
        sorted(
            (u, v, k, d) for u, v, k, d in g.edges(keys=True, data=True) if u in keep and v in keep
        ),
    )
    indicators = Counter(u for u, _, k in g.edges(keys=True) if k == "has_indicator")
    for n, d in view.nodes(data=True):
        d["indicators"] = indicators[n]
    return view


def _graph(
    nodes: Iterable[tuple[str, dict[str, Any]]],
    edges: Iterable[tuple[str, str, str, dict[str, Any]]],
) -> nx.MultiDiGraph:
    """The graph ``add_nodes_from(nodes)`` and ``add_edges_from(edges)`` build, with copies of
    the data, in the same order; ``add_edge`` per edge is several times faster on 100,000 edges
    (``add_edges_from`` goes through two adjacency views per edge)."""
    g = nx.MultiDiGraph()
    g.add_nodes_from((n, dict(d)) for n, d in nodes)
    for u, v, k, d in edges:
        g.add_edge(u, v, k, **d)
    return g


def kept(
    g: nx.MultiDiGraph,
    region: str = "",
    department: str = "",
    source: str = "",
    year: int | None = None,
) -> set[str]:
    """The nodes :func:`select` keeps (without building the view)."""
    keep = {n for n, d in g.nodes(data=True) if d["kind"] in _KINDS}
    projects = {n for n in keep if g.nodes[n]["kind"] == "project"}
    if year is not None:
        projects = {p for p in projects if g.nodes[p].get("year") == year}
    if region:
        region_iri = _iri(g, "region", region)
        projects = {
            p
            for p in projects
            if g.has_edge(p, region_iri, "in_region")
            or any(
                _in_region(g, d, region)
                for d in g.predecessors(p)
                if g.nodes[d]["kind"] == "department"
            )
        }
    if department:
        projects = {p for p in projects if _iri(g, "department", department) in g.predecessors(p)}
    if source:  # funded from it with a printed amount above zero
        projects = {
            p
            for p in projects
            if any(
                s.endswith("/" + source) and (d.get("amount") or 0) > 0
                for s, _, d in g.in_edges(p, data=True)
                if d["relation"] == "funds"
            )
        }
    if region or department or source or year is not None:
        around = set(projects)
        for p in projects:
            around |= {n for n in nx.all_neighbors(g, p) if n in keep}
        keep = around | {
            n
            for n in keep
            if g.nodes[n]["kind"] in ("fund_source", "region")
            and any(m in around for m in nx.all_neighbors(g, n))
        }
    return keep


def years(g: nx.MultiDiGraph) -> list[int]:
    """The fiscal years of the projects in a view, oldest first."""
    return sorted(
        {d["year"] for _, d in g.nodes(data=True) if d["kind"] == "project" and d.get("year")}
    )


class SelectionError(ValueError):
    """A selection that names nothing in the graph (an unknown region, department, fund source
    or year), or whose parts together match no project. ``option`` names the CLI option."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


def choices(g: nx.MultiDiGraph) -> dict[str, list[tuple[str, str]]]:
    """What each selection option can be, as (value, name): ``--region`` division codes,
    ``--department`` REGION-CODE, ``--source`` fund-source kinds, ``--year`` years."""
    out: dict[str, list[tuple[str, str]]] = {}
    for option, kind in (
        ("region", "region"),
        ("department", "department"),
        ("source", "fund_source"),
    ):
        out[option] = sorted(
            (n.rsplit("/", 1)[-1], d["label"]) for n, d in g.nodes(data=True) if d["kind"] == kind
        )
    counts = [
        (y, sum(1 for _, d in g.nodes(data=True) if d["kind"] == "project" and d.get("year") == y))
        for y in years(g)
    ]
    out["year"] = [(str(y), f"{n} 个项目 projects") for y, n in counts]
    return out


def check_selection(
    g: nx.MultiDiGraph,
    region: str = "",
    department: str = "",
    source: str = "",
    year: int | None = None,
) -> None:
    """Raise :class:`SelectionError` for a value that names nothing in ``g`` (the message lists
    the values there are, with their names) or a selection that matches no project.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("r/450206", kind="region", label="柳江区")
    >>> check_selection(g, region="999999")
    Traceback (most recent call last):
    ...
    kg.views.network_page.SelectionError: no region 999999 in the graph; there are:
      450206 柳江区
    """
    known = choices(g)
    asked = {"region": region, "department": department, "source": source}
    asked["year"] = "" if year is None else str(year)
    for option, value in asked.items():
        if value and value not in {v for v, _ in known[option]}:
            listed = "".join(f"\n  {v} {name}" for v, name in known[option]) or " none"
            raise SelectionError(option, f"no {option} {value} in the graph; there are:{listed}")
    if any(asked.values()):
        view = select(g, region, department, source, year)
        if not any(k == "project" for _, k in view.nodes(data="kind")):
            given = " ".join(f"--{o} {v}" for o, v in asked.items() if v)
            other = years(select(g, region, department, source)) if year is not None else []
            hint = f"; its years: {', '.join(map(str, other))}" if other else ""
            raise SelectionError(
                next(o for o, v in asked.items() if v), f"no project matches {given}{hint}"
            )


def _iri(g: nx.MultiDiGraph, kind: str, code: str) -> str:
    return next(
        (n for n, d in g.nodes(data=True) if d["kind"] == kind and n.endswith("/" + code)), ""
    )


def _in_region(g: nx.MultiDiGraph, node: str, region: str) -> bool:
    return any(
        v.endswith("/" + region) for _, v, k in g.out_edges(node, keys=True) if k == "in_region"
    )


def _aggregate_units(view: nx.MultiDiGraph) -> int:
    """Fold implementing units into their departments; returns how many were folded."""
    units = [n for n, d in view.nodes(data=True) if d["kind"] == "unit"]
    for unit in units:
        parents = [v for v, keys in view.succ[unit].items() if "part_of" in keys]
        for project, keys in list(view.succ[unit].items()):
            if "implements" in keys and parents:
                view.add_edge(
                    parents[0], project, key="implements", relation="implements", amount=None
                )
        view.remove_node(unit)
    return len(units)


def _aggregate_projects(view: nx.MultiDiGraph) -> int:
    """Fold projects into their supervising departments: the department keeps the number and
    the yuan of its projects (shown in its details) and serves their groups; the projects'
    funding edges go with them (a department's own budget edges stay). Returns how many."""
    projects = [n for n, d in view.nodes(data=True) if d["kind"] == "project"]
    for project in projects:
        owners = [u for u, keys in view.pred[project].items() if "supervises" in keys]
        for owner in owners[:1]:
            data = view.nodes[owner]
            data["projects"] = data.get("projects", 0) + 1
            data["project_amount"] = data.get("project_amount", Decimal(0)) + (
                view.nodes[project]["amount"] or Decimal(0)
            )
            for group, keys in list(view.succ[project].items()):
                if "serves" in keys and not view.has_edge(owner, group, "serves"):
                    view.add_edge(owner, group, key="serves", relation="serves", amount=None)
        view.remove_node(project)
    return len(projects)


def _unfolded(g: nx.MultiDiGraph, budget: int) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """The edges of ``g`` to copy before folding: all of them, but when projects are to be
    folded (:func:`network_html`), not the project edges that folding removes without reading
    them, all but the supervises edges into a project and the serves edges out of it (a
    project's funding and region edges: most edges of a big view)."""
    kinds = dict(g.nodes(data="kind"))
    units = sum(1 for k in kinds.values() if k == "unit")
    if len(g) <= budget or len(g) - units <= budget:  # projects stay
        yield from g.edges(keys=True, data=True)
        return
    for u, v, k, d in g.edges(keys=True, data=True):
        if (
            (kinds[u] != "project" and kinds[v] != "project")
            or kinds[u] == "unit"  # folding units reads all their edges out
            or (kinds[v] == "project" and k == "supervises")
            or (kinds[u] == "project" and k == "serves")
        ):
            yield u, v, k, d


@gc_paused()
def network_html(
    g: nx.MultiDiGraph, title: str = "谁资助什么 · Who funds what", budget: int = NODE_BUDGET
) -> str:
    """The page for a (selected) network."""
    view = _graph(g.nodes(data=True), _unfolded(g, budget))
    notes = ["指标以数量显示 indicators shown as counts"]
    # the page's region and fund-source menus (before folding: a folded department keeps
    # them); a view far over the budget gets none, the CLI's --region/--source do the job
    menus, member = (
        _menus(g)
        if len(g) <= 4 * budget
        else (
            {"region": [], "source": [], "year": []},
            {"region": {}, "source": {}, "year": {}},
        )
    )
    opening = menus["year"][-1][0] if menus["year"] else ""  # the latest year
    if len(view) > budget:
        folded = _aggregate_units(view)
        notes.append(
            f"节点超过 {budget}：{folded} 个实施单位并入其主管部门 "
            f"(over {budget} nodes: units folded into departments)"
        )
    if len(view) > budget:
        folded = _aggregate_projects(view)
        notes.append(
            f"{folded} 个项目并入其主管部门，金额见部门详情 "
            f"(projects folded into departments; see a department's details; "
            f"filter by region or department to see them)"
        )
    positions = columns(view)
    biggest = max(
        (d["amount"] or Decimal(0) for _, d in view.nodes(data=True)), default=Decimal(0)
    ) or Decimal(1)
    nodes = [_vis_node(n, d, positions[n], biggest, member) for n, d in view.nodes(data=True)]
    details = {n: _describe(d) for n, d in view.nodes(data=True)}
    edges = []
    for u, v, key, d in sorted(view.edges(keys=True, data=True)):
        amount = d.get("amount")
        edges.append(_vis_edge(u, v, key, amount, biggest))
        details[edges[-1]["id"]] = f"{d['relation']}" + (
            f"\n{fmt_decimal(amount)} 元" if amount else ""
        )
    counts = {k: sum(1 for _, d in view.nodes(data=True) if d["kind"] == k) for k in _KINDS}
    options = {
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 100},
        "edges": {"font": {"size": 10, "align": "middle"}, "smooth": False},
        "nodes": {"borderWidth": 1},
    }
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
    return env.get_template("network.html").render(
        title=title,
        nodes=nodes,
        edges=edges,
        options=options,
        details=details,
        kinds=[
            {"key": k, "color": c, "label": label, "count": counts[k]}
            for k, (c, label) in _KINDS.items()
            if counts[k]
        ],
        note="；".join(notes),
        menus=menus,
        opening=opening,
        layout={
            "columns": _COLUMNS,
            "gap_x": _GAP_X,
            "gap_y": _GAP_Y,
            "min_gap_y": _MIN_GAP_Y,
            "tall": _TALL,
        },
        help="悬停或点击节点查看详情 · hover or click a node for details",
        vis_js=(_VIS / "vis-9.1.2" / "vis-network.min.js").read_text(encoding="utf-8"),
        vis_css=(_VIS / "vis-9.1.2" / "vis-network.css").read_text(encoding="utf-8"),
    )


# The node and edge dicts pyvis's Network.add_node and add_edge would make (the same keys, in
# its order), made here: pyvis looks the ends of each edge up in a list of all the nodes, a
# second at 10,000 projects.


def _vis_node(
    n: str,
    d: dict[str, Any],
    at: tuple[float, float],
    biggest: Decimal,
    member: dict[str, dict[str, list[str]]],
) -> dict[str, Any]:
    share = float((d["amount"] or Decimal(0)) / biggest)
    return {
        "color": _KINDS[d["kind"]][0],
        "name": d["label"],
        "kind": d["kind"],
        "size": round(6 + 20 * math.sqrt(share), 1),
        "x": at[0],
        "y": at[1],
        "font": {"size": 14},
        "regions": member["region"].get(n, []),
        "sources": member["source"].get(n, []),
        "years": member["year"].get(n, []),
        "id": n,
        "label": shortened(d["label"], _LABEL) or n,  # pyvis labels a node '' with its id
        "shape": "dot",
    }


def _vis_edge(u: str, v: str, key: str, amount: Decimal | None, biggest: Decimal) -> dict[str, Any]:
    return {
        "id": f"{u}|{v}|{key}",
        "label": wan(amount) if amount else "",
        "title": None,
        "arrows": "to",
        "color": "#e6550d" if amount else "#bbbbbb",
        "width": round(1 + 6 * math.sqrt(float(amount / biggest)), 1) if amount else 1,
        "from": u,
        "to": v,
    }


def _menus(
    view: nx.MultiDiGraph,
) -> tuple[dict[str, list[tuple[str, str]]], dict[str, dict[str, list[str]]]]:
    """The page's region, fund-source and year menus, and for each node the menu entries it
    belongs to: exactly the nodes :func:`select` keeps for that region, source or year."""
    menus: dict[str, list[tuple[str, str]]] = {"region": [], "source": [], "year": []}
    member: dict[str, dict[str, list[str]]] = {"region": {}, "source": {}, "year": {}}
    kinds = dict(view.nodes(data="kind"))
    for y in years(view):
        part = sorted(kept(view, year=y))
        count = sum(1 for m in part if kinds[m] == "project")
        menus["year"].append((str(y), f"{y} 年 ({count} 个项目 projects)"))
        for m in part:
            member["year"].setdefault(m, []).append(str(y))
    for menu, kind in (("region", "region"), ("source", "fund_source")):
        for n in sorted(n for n, k in view.nodes(data="kind") if k == kind):
            code = n.rsplit("/", 1)[-1]
            part = sorted(kept(view, **{menu: code}))
            if not any(kinds[m] == "project" for m in part):
                continue
            menus[menu].append((code, f"{view.nodes[n]['label']} ({code})"))
            for m in part:
                member[menu].setdefault(m, []).append(code)
    return menus, member


#: left to right: who gives, who spends, what it buys, for whom
_COLUMNS = ("fund_source", "region", "department", "unit", "project", "group")
_GAP_X, _GAP_Y, _MIN_GAP_Y = 270.0, 46.0, 24.0
_TALL = 40  # a column of more nodes than this packs them _MIN_GAP_Y apart


def columns(view: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """A layered layout: one column per kind, each column ordered by the position of the
    nodes it hangs from (departments by region, projects by department, ...), centred. The
    page runs the same layout on what its menus and kind boxes leave shown
    (``kg/templates/network.html``, ``layout()``)."""
    order: dict[str, float] = {}
    placed: dict[str, tuple[float, float]] = {}
    tallest = max(
        (sum(1 for _, k in view.nodes(data="kind") if k == c) for c in _COLUMNS), default=1
    )
    gap_y = _GAP_Y if tallest <= _TALL else _MIN_GAP_Y  # a tall column packs tighter (fits more)
    for col, kind in enumerate(_COLUMNS):
        members = [n for n, d in view.nodes(data=True) if d["kind"] == kind]

        def rank(n: str) -> tuple[float, str]:
            linked = [order[m] for m in nx.all_neighbors(view, n) if m in order]
            return (min(linked) if linked else float("inf"), view.nodes[n]["label"])

        members.sort(key=rank)
        top = -(len(members) - 1) * gap_y / 2
        for i, n in enumerate(members):
            order[n] = i / max(len(members) - 1, 1)
            placed[n] = (col * _GAP_X, round(top + i * gap_y, 1))
    return placed


def _describe(d: dict[str, Any]) -> str:
    lines = [d["label"], f"类型 kind: {d['kind']}"]
    if d.get("code"):
        lines.append(f"编码 code: {d['code']}")
    if d.get("amount") is not None:
        lines.append(f"金额 amount: {fmt_decimal(d['amount'])} 元")
    if d.get("projects"):
        folded = fmt_decimal(d["project_amount"])
        lines.append(f"项目 projects: {d['projects']}，{folded} 元（已合并 folded）")
    if d.get("indicators"):
        lines.append(f"绩效指标 indicators: {d['indicators']}")
    if d.get("source"):
        lines.append(cited(d))
    lines.append(d["iri"])
    return "\n".join(lines)
