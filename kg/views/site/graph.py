"""What the site shows, read from the graph with a dozen SPARQL queries over the whole store.

One query per kind of fact (funding lines, indicators with their targets, goals and functions,
findings, citations …) over every node at once, grouped here in Python: a page per node would
take tens of thousands of queries on a province. The queries name concepts (``rdf:type``,
labels, ``kg:`` properties), not how one district's build spells its IRIs, so another
district's Turtle loaded beside ours gets pages too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox

from kg.rdf.literals import decode
from kg.rdf.vocab import PREFIXES

#: page kinds: folder of the site → class of the graph
KINDS = {
    "region": "kg:Region",
    "department": "kg:Department",
    "unit": "kg:ImplementingUnit",
    "project": "kg:Project",
    "fund-source": "kg:FundSource",
    "group": "kg:BeneficiaryGroup",
    "category": "kg:IndicatorCategory",
    "document": "kg:SourceDocument",
}
_CLASSES = " ".join(KINDS.values())
_CODE_ORDER = ("dcterms:identifier", "kg:departmentCode", "org:identifier", "skos:notation")
_PREFIXES = dict(PREFIXES)
_PAGED = f"VALUES ?class {{ {_CLASSES} }} ?node a ?class ."


@dataclass(frozen=True, slots=True)
class Cite:
    """Where a figure is printed: a document (IRI), its line, and page and line on it."""

    doc: str
    line: int
    page: int = 0
    page_line: int = 0


@dataclass
class Node:
    iri: str
    kind: str
    label: str = ""
    en: str = ""
    alt: list[str] = field(default_factory=list)
    code: str = ""
    links: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


@dataclass(frozen=True, slots=True)
class Funding:
    iri: str
    item: str
    source: str
    amount: Decimal
    printed: str
    year: str
    funder: str


@dataclass(frozen=True, slots=True)
class Indicator:
    iri: str
    owner: str
    ordinal: int
    name: str
    level1: str
    category: str
    printed: str  # the printed level-1 / level-2 labels
    text: str
    operator: str
    number: str
    unit: str
    deadline: str


@dataclass(frozen=True, slots=True)
class Statement:
    """A department function or a goal (of a department or a project)."""

    iri: str
    owner: str
    kind: str  # function | goal
    ordinal: int
    text: str


@dataclass(frozen=True, slots=True)
class Finding:
    iri: str
    concerns: str
    severity: str
    check: str
    comment: str


@dataclass
class SiteGraph:
    nodes: dict[str, Node] = field(default_factory=dict)
    funding: dict[str, list[Funding]] = field(default_factory=lambda: defaultdict(list))
    indicators: dict[str, list[Indicator]] = field(default_factory=lambda: defaultdict(list))
    statements: dict[str, list[Statement]] = field(default_factory=lambda: defaultdict(list))
    findings: dict[str, list[Finding]] = field(default_factory=lambda: defaultdict(list))
    cites: dict[str, Cite] = field(default_factory=dict)
    #: reverse links: target → predicate → sources (a department's projects, a region's …)
    back: dict[str, dict[str, list[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    _codes: dict[str, list[Node]] | None = None

    def of_kind(self, kind: str) -> list[Node]:
        return [n for n in self.nodes.values() if n.kind == kind]

    def same_code(self, node: Node) -> list[Node]:
        """The projects printed with the node's code (one node per IRI: other bases)."""
        if self._codes is None:
            self._codes = defaultdict(list)
            for n in self.nodes.values():
                if n.kind == "project" and n.code:
                    self._codes[n.code].append(n)
        return self._codes.get(node.code, []) if node.code else []

    def year_of(self, iri: str) -> list[str]:
        node = self.nodes.get(iri)
        return sorted({year(y) for y in node.links.get("year", [])}) if node else []


def year(value: str) -> str:
    """A fiscal year as text, from a literal (``2025``) or a year IRI (``…/year/2025``)."""
    return value.rstrip("/").rsplit("/", 1)[-1][:4]


def _rows(store: ox.Store, text: str) -> Iterator[list[object]]:
    """The rows of one of the queries of this module (with the prefixes every query here may
    use), streamed: a province's indicators are a million rows."""
    answer = store.query(text, prefixes=_PREFIXES, use_default_graph_as_union=True)
    assert isinstance(answer, ox.QuerySolutions)
    for solution in answer:
        yield list(solution)


def _v(term: object) -> str:
    return "" if term is None else str(getattr(term, "value", term))


def read_graph(store: ox.Store) -> SiteGraph:
    """Everything the pages show, from a store."""
    g = SiteGraph()
    _nodes(store, g)
    _labels(store, g)
    _links(store, g)
    _funding(store, g)
    _indicators(store, g)
    _statements(store, g)
    _findings(store, g)
    _cites(store, g)
    return g


def _nodes(store: ox.Store, g: SiteGraph) -> None:
    kind_of = {cls.removeprefix("kg:"): kind for kind, cls in KINDS.items()}
    for node, cls in _rows(store, f"SELECT ?node ?class WHERE {{ {_PAGED} }}"):
        kind = kind_of[_v(cls).rsplit("#", 1)[-1]]
        iri = _v(node)
        if isinstance(node, ox.NamedNode) and iri not in g.nodes:
            g.nodes[iri] = Node(iri, kind)


def _labels(store: ox.Store, g: SiteGraph) -> None:
    query = f"""SELECT ?node ?p ?label WHERE {{ {_PAGED}
      VALUES ?p {{ skos:prefLabel rdfs:label dcterms:title skos:altLabel
                   {" ".join(_CODE_ORDER)} kg:sha256 }}
      ?node ?p ?label }}"""
    found: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for node, p, label in _rows(store, query):
        lang = label.language or "" if isinstance(label, ox.Literal) else ""
        found[_v(node)][_v(p)].append((lang, _v(label)))
    for iri, props in found.items():
        if iri in g.nodes:
            _name(g.nodes[iri], props)


_SKOS = "http://www.w3.org/2004/02/skos/core#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_DCT = "http://purl.org/dc/terms/"
_KG = "https://kg.example.org/def/kg#"
_CODE_IRIS = (
    _DCT + "identifier",
    _KG + "departmentCode",  # the printed code (org:identifier is region-qualified)
    "http://www.w3.org/ns/org#identifier",
    _SKOS + "notation",
)


def _name(node: Node, props: dict[str, list[tuple[str, str]]]) -> None:
    pref, label = sorted(props.get(_SKOS + "prefLabel", [])), sorted(props.get(_RDFS + "label", []))
    zh = [t for lang, t in pref + label if lang.startswith("zh")]
    plain = [t for lang, t in pref + label if not lang]
    titles = sorted(t for _, t in props.get(_DCT + "title", []))
    node.label = (zh or plain or titles or [""])[0]
    node.en = next((t for lang, t in pref + label if lang.startswith("en")), "")
    others = {t for lang, t in pref + label + props.get(_SKOS + "altLabel", []) if lang != "en"}
    node.alt = sorted(others - {node.label})
    for full in _CODE_IRIS:
        codes = sorted(t for _, t in props.get(full, []))
        if codes:
            node.code = codes[0]
            break
    sha = props.get(_KG + "sha256")
    if not node.code and sha:
        node.code = sha[0][1][:16]
    node.label = node.label or node.code or node.iri


#: the links a page follows: name on the node → property path
_LINKS = {
    "region": "kg:region|dcterms:spatial",
    "parent": "org:subOrganizationOf",
    "department": "kg:supervisingDepartment",
    "unit": "kg:implementingUnit",
    "serves": "kg:serves",
    "total": "kg:totalAmount",
    "year": "kg:fiscalYear|obeu-dimension:fiscalYear",
    "attribute": "kg:attribute/skos:prefLabel",
    "doc": "prov:wasDerivedFrom",
    "broader": "skos:broader",
    "scheme": "skos:inScheme/(skos:prefLabel|rdfs:label|dcterms:title)",
}


def _links(store: ox.Store, g: SiteGraph) -> None:
    for name, path in _LINKS.items():
        query = f"SELECT DISTINCT ?node ?o WHERE {{ {_PAGED} ?node {path} ?o }}"
        for node, o in _rows(store, query):
            iri, value = _v(node), _v(o)
            if iri in g.nodes and (
                not isinstance(o, ox.Literal) or not o.language or o.language.startswith("zh")
            ):
                g.nodes[iri].links[name].append(value)
                if isinstance(o, ox.NamedNode):
                    g.back[value][name].append(iri)
    for node in g.nodes.values():
        for values in node.links.values():
            values.sort()
    for targets in g.back.values():
        for sources in targets.values():
            sources.sort()


def _funding(store: ox.Store, g: SiteGraph) -> None:
    query = """SELECT ?fl ?item ?fs ?amount ?printed ?y1 ?y2 ?funder WHERE {
      ?fl a kg:FundingLine ; schema:fundedItem ?item ; kg:fundSource ?fs ;
          obeu-measure:amount ?amount .
      OPTIONAL { ?fl kg:printedAmount ?printed } OPTIONAL { ?fl kg:fiscalYear ?y1 }
      OPTIONAL { ?fl obeu-dimension:fiscalYear ?y2 } OPTIONAL { ?fl schema:funder ?funder } }"""
    seen = set()
    for fl, item, fs, amount, printed, y1, y2, funder in _rows(store, query):
        if _v(fl) in seen:
            continue
        seen.add(_v(fl))
        number = decode(amount)
        value = Decimal(str(number)) if isinstance(number, int | float | Decimal) else Decimal(0)
        row = Funding(_v(fl), _v(item), _v(fs), value, _v(printed), year(_v(y1 or y2)), _v(funder))
        g.funding[row.item].append(row)
    for rows in g.funding.values():
        rows.sort(key=lambda r: (r.year, -r.amount, r.source, r.iri))


def _indicators(store: ox.Store, g: SiteGraph) -> None:
    query = """SELECT ?owner ?ind ?ord ?name ?l1 ?cat ?pl1 ?pl2 ?text ?op ?num ?punit ?deadline
    WHERE { ?owner kg:hasIndicator ?ind .
      OPTIONAL { ?ind rdfs:label ?name } OPTIONAL { ?ind kg:ordinal ?ord }
      OPTIONAL { ?ind kg:level1 ?l1 } OPTIONAL { ?ind kg:category ?cat }
      OPTIONAL { ?ind kg:printedLevel1 ?pl1 } OPTIONAL { ?ind kg:printedLevel2 ?pl2 }
      OPTIONAL { ?ind kg:hasTarget ?t .
        OPTIONAL { ?t kg:targetText ?text } OPTIONAL { ?t kg:operator ?op }
        OPTIONAL { ?t qudt:numericValue ?num } OPTIONAL { ?t kg:printedUnit ?punit }
        OPTIONAL { ?t kg:deadline ?deadline } } }"""
    seen = set()
    for row in _rows(store, query):
        if (_v(row[0]), _v(row[1])) not in seen:
            seen.add((_v(row[0]), _v(row[1])))
            g.indicators[_v(row[0])].append(_indicator(row))
    for rows in g.indicators.values():
        rows.sort(key=lambda r: (r.ordinal, r.iri))


def _indicator(row: list[object]) -> Indicator:
    owner, ind, ord_, name, l1, cat, pl1, pl2, text, op, num, punit, deadline = row
    number, ordinal = decode(num), decode(ord_)
    return Indicator(
        iri=_v(ind),
        owner=_v(owner),
        ordinal=ordinal if isinstance(ordinal, int) else 0,
        name=_v(name),
        level1=_v(l1),
        category=_v(cat),
        printed=" / ".join(x for x in (_v(pl1), _v(pl2)) if x),
        text=_v(text),
        operator=_v(op),
        number="" if number is None else _plain(number),
        unit=_v(punit),
        deadline=_v(deadline),
    )


def _plain(number: object) -> str:
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    return str(number)


def _statements(store: ox.Store, g: SiteGraph) -> None:
    query = """SELECT ?owner ?s ?kind ?ord ?text WHERE {
      { ?owner kg:hasFunction ?s BIND("function" AS ?kind) }
      UNION { ?owner kg:hasGoal ?s BIND("goal" AS ?kind) }
      ?s kg:text ?text . OPTIONAL { ?s kg:ordinal ?ord } }"""
    for owner, s, kind, ord_, text in _rows(store, query):
        ordinal = decode(ord_)
        n = ordinal if isinstance(ordinal, int) else 0
        g.statements[_v(owner)].append(Statement(_v(s), _v(owner), _v(kind), n, _v(text)))
    for rows in g.statements.values():
        rows.sort(key=lambda r: (r.kind, r.ordinal, r.iri, r.text))


def _findings(store: ox.Store, g: SiteGraph) -> None:
    query = """SELECT ?f ?about ?severity ?check ?comment WHERE {
      ?f a kg:Finding . OPTIONAL { ?f kg:concerns ?about }
      OPTIONAL { ?f kg:severity ?severity } OPTIONAL { ?f kg:check ?check }
      OPTIONAL { ?f rdfs:comment ?comment } }"""
    seen = set()
    for f, about, severity, check, comment in _rows(store, query):
        if (_v(f), _v(about)) in seen:
            continue
        seen.add((_v(f), _v(about)))
        row = Finding(_v(f), _v(about), _v(severity), _v(check).rsplit("/", 1)[-1], _v(comment))
        g.findings[row.concerns].append(row)
    for rows in g.findings.values():
        rows.sort(key=lambda r: (r.severity, r.check, r.iri))


def _cites(store: ox.Store, g: SiteGraph) -> None:
    query = """SELECT ?x (MIN(STR(?d)) AS ?doc) (MIN(?line) AS ?l) (MIN(?page) AS ?p)
      (MIN(?pl) AS ?q) WHERE { ?x kg:sourceLine ?line . OPTIONAL { ?x prov:wasDerivedFrom ?d }
      OPTIONAL { ?x kg:sourcePage ?page } OPTIONAL { ?x kg:sourcePageLine ?pl } } GROUP BY ?x"""
    for x, doc, line, page, pl in _rows(store, query):
        numbers = [decode(t) for t in (line, page, pl)]
        n, p, q = (v if isinstance(v, int) else 0 for v in numbers)
        g.cites[_v(x)] = Cite(_v(doc), n, p, q)
