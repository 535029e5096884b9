"""The NetworkX view of the graph, and the statistics ``kg stats`` prints.

:func:`to_networkx` is the one way from RDF to NetworkX: it reads triples (from
:func:`kg.pipeline.build_graph`, a pyoxigraph store, or a CONSTRUCT of part of the graph)
and keeps each node's kind, label, IRI, code, amount, fiscal year (the latest, if several) and
source, and each edge's relation and amount. Nodes and edges are added in sorted order, so the
view is deterministic.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import networkx as nx
import pyoxigraph as ox

from kg.domain.model import printed_at
from kg.rdf.literals import decimal
from kg.rdf.vocab import DCT, KG, OBEU_MEASURE, ORG, PROV, RDF, RDFS, SCHEMA, SKOS

KINDS: dict[str, str] = {
    str(KG.Region): "region",
    str(KG.Department): "department",
    str(KG.ImplementingUnit): "unit",
    str(KG.Project): "project",
    str(KG.FundSource): "fund_source",
    str(KG.Indicator): "indicator",
    str(KG.BeneficiaryGroup): "group",
}

#: predicate → (relation name, reversed?) for the direct links of the view
_LINKS: dict[str, tuple[str, bool]] = {
    str(KG.region): ("in_region", False),
    str(KG.supervisingDepartment): ("supervises", True),
    str(KG.implementingUnit): ("implements", True),
    str(KG.hasIndicator): ("has_indicator", False),
    str(KG.serves): ("serves", False),
    str(ORG.subOrganizationOf): ("part_of", False),
}
_LABELS = (str(RDFS.label), str(SKOS.prefLabel))
_CODES = (str(DCT.identifier), str(KG.departmentCode), str(ORG.identifier))  # as printed first


def _text(term: Any) -> str:
    return str(getattr(term, "value", term))


#: the predicates the view reads: a CONSTRUCT of only these keeps a big graph's view small
VIEW_PREDICATES = (
    str(RDF.type),
    *_LABELS,
    *_CODES,
    str(KG.totalAmount),
    str(KG.fiscalYear),
    str(PROV.wasDerivedFrom),
    str(KG.sourceLine),
    str(KG.sourcePage),
    str(KG.sourcePageLine),
    str(DCT.title),
    str(KG.fundSource),
    str(SCHEMA.fundedItem),
    str(OBEU_MEASURE.amount),
    *(p for p in _LINKS if p != str(KG.hasIndicator)),
)


def view_triples(store: ox.Store) -> Iterable[ox.Triple]:
    """The triples :func:`to_networkx` needs from a store's default graph, without the
    indicators and targets (which the pictures show as counts): for graphs too big to read
    whole into Python. Read by pattern, one predicate at a time (a query with ``FILTER NOT
    EXISTS`` per triple takes twice as long)."""
    default, kind = ox.DefaultGraph(), ox.NamedNode(str(RDF.type))
    hidden = {
        q.subject
        for cls in (KG.Indicator, KG.Target)
        for q in store.quads_for_pattern(None, kind, ox.NamedNode(str(cls)), default)
    }
    for predicate in VIEW_PREDICATES:
        for q in store.quads_for_pattern(None, ox.NamedNode(str(predicate)), None, default):
            if q.subject not in hidden:
                yield q.triple


def to_networkx(triples: Iterable[ox.Triple]) -> nx.MultiDiGraph:
    """The who-funds-what network: funding edges (fund source → project/department, with the
    amount in yuan) and structural edges (supervises, implements, in_region, part_of,
    has_indicator, serves)."""
    by_subject: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for t in triples:
        by_subject[_text(t.subject)][_text(t.predicate)].append(t.object)
    g = nx.MultiDiGraph()
    for iri in sorted(by_subject):
        props = by_subject[iri]
        kind = next(
            (KINDS[_text(c)] for c in sorted(props[str(RDF.type)], key=_text) if _text(c) in KINDS),
            None,
        )
        if kind:
            g.add_node(iri, **_attributes(iri, kind, props, by_subject))
    for iri in sorted(by_subject):
        props = by_subject[iri]
        if iri in g:
            _links(g, iri, props)
        if str(KG.FundingLine) in {_text(c) for c in props[str(RDF.type)]}:
            _funding(g, props)
    return g


def _attributes(
    iri: str, kind: str, props: dict[str, list[Any]], by_subject: dict[str, dict[str, list[Any]]]
) -> dict[str, Any]:
    labels = sorted(
        props.get(_LABELS[0], []) + props.get(_LABELS[1], []),
        key=lambda t: (getattr(t, "language", "") != "zh", _text(t)),
    )
    code = next((_text(c) for p in _CODES for c in props.get(p, [])), "")
    total = props.get(str(KG.totalAmount))
    years = sorted(int(_text(y)) for y in props.get(str(KG.fiscalYear), []))
    doc = props.get(str(PROV.wasDerivedFrom))
    lines = sorted(int(_text(n)) for n in props.get(str(KG.sourceLine), []))
    pages = sorted(int(_text(n)) for n in props.get(str(KG.sourcePage), []))
    page_lines = sorted(int(_text(n)) for n in props.get(str(KG.sourcePageLine), []))
    source = ""
    if doc:
        titles = by_subject.get(_text(doc[0]), {}).get(str(DCT.title), [])
        source = _text(titles[0]) if titles else ""
    return {
        "kind": kind,
        "label": _text(labels[0]) if labels else iri.rsplit("/", 1)[-1],
        "iri": iri,
        "code": code,
        "amount": decimal(total[0]) if total else None,
        "year": years[-1] if years else None,
        "source": source,
        "line": lines[0] if lines else None,
        "page": pages[0] if pages else None,
        "page_line": page_lines[0] if page_lines else None,
    }


def cited(d: dict[str, Any]) -> str:
    """Where a node was read, for a hover: "来源 source: 文件 第 3 页 第 12 行" for a document
    printed on pages, "… 第 212 行" otherwise; '' when it names no document.

    >>> cited({"source": "a.pdf", "line": 212, "page": 3, "page_line": 12})
    '来源 source: a.pdf 第 3 页 第 12 行'
    >>> cited({"source": "a.txt", "line": 212})
    '来源 source: a.txt 第 212 行'
    """
    if not d.get("source"):
        return ""
    if not (d.get("line") or d.get("page")):
        return f"来源 source: {d['source']}"
    where = printed_at(d.get("line") or 0, d.get("page") or 0, d.get("page_line") or 0)
    return f"来源 source: {d['source']} {where}"


def _links(g: nx.MultiDiGraph, iri: str, props: dict[str, list[Any]]) -> None:
    for predicate, (relation, reverse) in _LINKS.items():
        for obj in sorted(props.get(predicate, []), key=_text):
            other = _text(obj)
            if other in g and other != iri:
                u, v = (other, iri) if reverse else (iri, other)
                g.add_edge(u, v, key=relation, relation=relation, amount=None)


def _funding(g: nx.MultiDiGraph, props: dict[str, list[Any]]) -> None:
    source = _text(props[str(KG.fundSource)][0])
    item = _text(props[str(SCHEMA.fundedItem)][0])
    amount = decimal(props[str(OBEU_MEASURE.amount)][0])
    if source not in g or item not in g:
        return
    key = f"funds:{source}"
    if g.has_edge(source, item, key):
        g.edges[source, item, key]["amount"] += amount
    else:
        g.add_edge(source, item, key=key, relation="funds", amount=amount)


# --- statistics ----------------------------------------------------------------------------


def stats(g: nx.MultiDiGraph, top: int = 10) -> dict[str, list[dict[str, Any]]]:
    """The tables ``kg stats`` prints, each a list of rows."""
    nodes = g.nodes
    kinds: dict[str, int] = defaultdict(int)
    for _, data in g.nodes(data=True):
        kinds[data["kind"]] += 1
    projects = [n for n in g if nodes[n]["kind"] == "project"]

    def amount(n: str) -> Decimal:
        return nodes[n]["amount"] or Decimal(0)

    def ranked(kind: str, relation: str) -> list[dict[str, Any]]:
        rows = []
        for n in (x for x in g if nodes[x]["kind"] == kind):
            served = [v for _, v, k in g.out_edges(n, keys=True) if k == relation]
            rows.append(
                {
                    "name": nodes[n]["label"],
                    "code": nodes[n]["code"],
                    "projects": len(served),
                    "project_total_yuan": sum((amount(p) for p in served), Decimal(0)),
                    "own_total_yuan": nodes[n]["amount"],
                }
            )
        rows.sort(key=lambda r: (-r["project_total_yuan"], r["name"]))
        return rows[:top]

    funds: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for u, v, data in g.edges(data=True):
        if data["relation"] == "funds":
            funds[(nodes[v]["kind"], nodes[u]["label"])] += data["amount"]
    level_total: dict[str, Decimal] = defaultdict(Decimal)
    for (level, _), a in funds.items():
        level_total[level] += a
    groups = []
    for n in (x for x in g if nodes[x]["kind"] == "group"):
        served = sorted(
            {
                u
                for u, _, k in g.in_edges(n, keys=True)
                if k == "serves" and nodes[u]["kind"] == "project"
            }
        )
        groups.append(
            {
                "group": nodes[n]["label"],
                "projects": len(served),
                "amount_yuan": sum((amount(p) for p in served), Decimal(0)),
            }
        )
    groups.sort(key=lambda r: (-r["projects"], -r["amount_yuan"], r["group"]))
    simple = nx.DiGraph(g)
    rank = nx.pagerank(simple) if len(simple) else {}
    depts = sorted(
        (n for n in g if nodes[n]["kind"] == "department"),
        key=lambda n: (-rank.get(n, 0), nodes[n]["label"]),
    )
    components = sorted((len(c) for c in nx.weakly_connected_components(g)), reverse=True)
    return {
        "counts": [{"kind": k, "nodes": kinds[k]} for k in sorted(kinds)],
        "departments": ranked("department", "supervises"),
        "units": ranked("unit", "implements"),
        # department budgets already contain their projects' money: shares are per level
        "fund_sources": [
            {
                "level": level,
                "fund_source": src,
                "amount_yuan": a,
                "share_pct": round(100 * a / level_total[level], 2) if level_total[level] else None,
            }
            for (level, src), a in sorted(
                funds.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1])
            )
        ],
        "groups": groups[:top],
        "centrality": [
            {
                "department": nodes[n]["label"],
                "code": nodes[n]["code"],
                "degree": g.degree(n),
                "pagerank": round(rank.get(n, 0), 5),
            }
            for n in depts[:top]
        ],
        "components": [
            {
                "components": len(components),
                "largest": components[0] if components else 0,
                "sizes": " ".join(map(str, components[:10])),
            }
        ],
        "projects_without_groups": _lacking(g, projects, "serves"),
        "projects_without_indicators": _lacking(g, projects, "has_indicator"),
    }


def _lacking(g: nx.MultiDiGraph, projects: list[str], relation: str) -> list[dict[str, Any]]:
    out = []
    for p in projects:
        if not any(k == relation for _, _, k in g.out_edges(p, keys=True)):
            out.append(
                {
                    "project": g.nodes[p]["label"],
                    "code": g.nodes[p]["code"],
                    "source": g.nodes[p]["source"],
                    "line": g.nodes[p]["line"],
                }
            )
    return sorted(out, key=lambda r: (r["source"], r["line"] or 0))
