"""The NetworkX view of the graph, and the statistics ``kg stats`` prints.

:func:`to_networkx` is the one way from RDF to NetworkX: it reads triples (from
:func:`kg.pipeline.build_graph`, a pyoxigraph store, or a CONSTRUCT of part of the graph)
and keeps each node's kind, label, IRI, code, amount, fiscal year (the latest, if several) and
source, and each edge's relation and amount. Nodes and edges are added in sorted order, so the
view is deterministic.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Set
from contextlib import contextmanager
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


def _label(term: Any) -> tuple[bool, str]:
    """A label as the key the view picks it by: Chinese first, then by text."""
    return getattr(term, "language", "") != "zh", _text(term)


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
_VIEW = frozenset(VIEW_PREDICATES)
_TYPE, _DERIVED, _FUNDING_LINE = str(RDF.type), str(PROV.wasDerivedFrom), str(KG.FundingLine)
_HIDDEN = (str(KG.Indicator), str(KG.Target))
_FUNDING = (str(KG.fundSource), str(SCHEMA.fundedItem), str(OBEU_MEASURE.amount))
Subject = ox.NamedNode | ox.BlankNode | ox.Triple


def view_triples(store: ox.Store) -> ViewTriples:
    """The triples :func:`to_networkx` needs from a store's default graph, without the
    indicators and targets (which the pictures show as counts): for graphs too big to read
    whole into Python. Only what is drawn is read: the nodes (typed with a class of
    :data:`KINDS`) and the documents they were derived from, with their triples of
    :data:`VIEW_PREDICATES`, and the funding lines' type, source, item and amount. (Scanning
    each predicate whole reads a million ``prov:wasDerivedFrom`` of indicators and table rows
    at 10,000 projects; a SPARQL query for the same triples is slower still.)"""
    return ViewTriples(store)


#: a statement as the view reads it: subject and predicate as text, then subject and object
Statement = tuple[str, str, Subject, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]


class ViewTriples(Iterable[ox.Triple]):
    """The triples of :func:`view_triples`, read from the store each time they are iterated.
    :func:`to_networkx` takes their :meth:`statements` instead, with the subject and predicate
    already as text: no Python triple per statement saves a tenth of the 10,000-project page."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def __iter__(self) -> Iterator[ox.Triple]:
        return (
            ox.Triple(subject, ox.NamedNode(predicate), o)
            for _, predicate, subject, o in self.statements()
        )

    def statements(self, funding: bool = True) -> Iterator[Statement]:
        """The nodes' and their documents' statements, then (with ``funding``) the funding
        lines' (:meth:`funding_lines`) as four statements each."""
        default, kind = ox.DefaultGraph(), ox.NamedNode(_TYPE)
        nodes = {
            _text(q.subject): q.subject
            for cls in KINDS
            if cls not in _HIDDEN
            for q in self.store.quads_for_pattern(None, kind, ox.NamedNode(cls), default)
        }
        documents: dict[str, Subject] = {}
        for iri in sorted(nodes):
            for statement in _described(self.store, iri, nodes[iri]):
                _, predicate, _, o = statement
                if predicate == _DERIVED and not isinstance(o, ox.Literal):
                    documents[_text(o)] = o
                yield statement
        for iri in sorted(documents.keys() - nodes.keys()):
            yield from _described(self.store, iri, documents[iri])
        if funding:
            kind_line = ox.NamedNode(_FUNDING_LINE)
            described = nodes.keys() | documents.keys()
            for iri, (line, *objects) in self.funding_lines(described).items():
                yield iri, _TYPE, line, kind_line
                for predicate, o in zip(_FUNDING, objects, strict=True):
                    yield iri, predicate, line, o

    def funding_lines(self, described: Set[str]) -> dict[str, FundingRow]:
        """Each funding line not ``described`` already (a drawn node or a document) and not an
        indicator or a target, with its source, item and amount: one row per line, as the
        shapes require (one of each; a line lacking one is not drawn). One query for the tens
        of thousands of lines: scanning the three predicates reads every amount of the graph,
        and a Python statement per triple costs more than the store's join."""
        indicator, target = (f"{{ ?s a <{cls}> }}" for cls in _HIDDEN)
        query = f"SELECT ?s {{ ?s a <{_FUNDING_LINE}> . {indicator} UNION {target} }}"
        hidden = {_text(row[0]) for row in self._solutions(query)}  # none in a sound graph
        source, item, amount = _FUNDING
        query = (
            f"SELECT ?l ?source ?item ?amount {{ ?l a <{_FUNDING_LINE}> ; <{source}> ?source ; "
            f"<{item}> ?item ; <{amount}> ?amount }}"
        )
        lines = {}
        for row in self._solutions(query):
            iri = _text(row[0])
            if iri not in described and iri not in hidden:
                lines[iri] = (row[0], row[1], row[2], row[3])
        return lines

    def _solutions(self, query: str) -> ox.QuerySolutions:
        rows = self.store.query(query)
        assert isinstance(rows, ox.QuerySolutions)
        return rows


#: a funding line's subject, source, item and amount
FundingRow = tuple[Subject, Any, Any, Any]


def _described(store: ox.Store, iri: str, subject: Subject) -> list[Statement]:
    """A subject's statements of :data:`VIEW_PREDICATES`, none for an indicator or a target.
    Read by subject, a predicate's objects come in the order a scan of the predicate gives
    them."""
    described = []
    for q in store.quads_for_pattern(subject, None, None, ox.DefaultGraph()):
        predicate = q.predicate.value
        if predicate in _VIEW:
            if predicate == _TYPE and _text(q.object) in _HIDDEN:
                return []
            described.append((iri, predicate, subject, q.object))
    return described


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a big view is built (as it was, after). Its dicts
    and lists make no garbage cycles, but each full collection walks every object in the
    process again: a fifth of the time of the 10,000-project page."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@gc_paused()
def to_networkx(triples: Iterable[ox.Triple]) -> nx.MultiDiGraph:
    """The who-funds-what network: funding edges (fund source → project/department, with the
    amount in yuan) and structural edges (supervises, implements, in_region, part_of,
    has_indicator, serves)."""
    if isinstance(triples, ViewTriples):
        by_subject = _grouped(triples.statements(funding=False))
        # a hidden subject has no statements, and a line that is one is hidden anyway
        return _network(by_subject, triples.funding_lines(by_subject.keys()))
    statements = ((_text(t.subject), _text(t.predicate), t.subject, t.object) for t in triples)
    return _network(_grouped(statements), {})


def _grouped(statements: Iterable[Statement]) -> dict[str, dict[str, list[Any]]]:
    """Each subject's objects by predicate, as text; a label as its sort key (Chinese first)."""
    by_subject: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for subject, predicate, _, o in statements:
        value = _label(o) if predicate in _LABELS else _text(o)
        by_subject[subject][predicate].append(value)
    return by_subject


def _network(
    by_subject: dict[str, dict[str, list[Any]]], funding: dict[str, FundingRow]
) -> nx.MultiDiGraph:
    """The network of the statements grouped by subject and of the funding lines read apart
    (:meth:`ViewTriples.funding_lines`), in sorted order of subjects and lines."""
    g = nx.MultiDiGraph()
    subjects = sorted(by_subject)
    for iri in subjects:
        props = by_subject[iri]
        kind = min((c for c in props.get(_TYPE, ()) if c in KINDS), default=None)  # first sorted
        if kind:
            g.add_node(iri, **_attributes(iri, KINDS[kind], props, by_subject))
    for iri in sorted(by_subject.keys() | funding.keys()):
        if iri in funding:
            _, source, item, amount = funding[iri]
            _funding(g, _text(source), _text(item), _text(amount))
            continue
        props = by_subject[iri]
        if iri in g:
            _links(g, iri, props)
        if _FUNDING_LINE in props.get(_TYPE, ()):
            _funding(g, *(props[p][0] for p in _FUNDING))
    return g


def _attributes(
    iri: str, kind: str, props: dict[str, list[Any]], by_subject: dict[str, dict[str, list[Any]]]
) -> dict[str, Any]:
    labels = sorted(props.get(_LABELS[0], []) + props.get(_LABELS[1], []))
    code = next((c for p in _CODES for c in props.get(p, [])), "")
    total = props.get(str(KG.totalAmount))
    years = sorted(int(y) for y in props.get(str(KG.fiscalYear), []))
    doc = props.get(_DERIVED)
    lines = sorted(int(n) for n in props.get(str(KG.sourceLine), []))
    pages = sorted(int(n) for n in props.get(str(KG.sourcePage), []))
    page_lines = sorted(int(n) for n in props.get(str(KG.sourcePageLine), []))
    source = ""
    if doc:
        titles = by_subject.get(doc[0], {}).get(str(DCT.title), [])
        source = titles[0] if titles else ""
    return {
        "kind": kind,
        "label": labels[0][1] if labels else iri.rsplit("/", 1)[-1],
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
        for other in sorted(props.get(predicate, [])):
            if other in g and other != iri:
                u, v = (other, iri) if reverse else (iri, other)
                g.add_edge(u, v, key=relation, relation=relation, amount=None)


def _funding(g: nx.MultiDiGraph, source: str, item: str, printed: str) -> None:
    if source not in g or item not in g:
        return
    amount = decimal(printed)
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
