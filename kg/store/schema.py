"""The vocabulary as someone writing SPARQL sees it: prefixes, classes and properties.

:func:`describe` reads the ontology (``ontology/kg.ttl``): every class and property with its
labels (zh/en), how a property connects (domain → range) and, given a graph, one example
triple of it. :func:`declare_prefixes` completes a query with the predeclared prefixes it uses
(``kg sparql`` and the ``kg serve`` endpoint accept the same ones), and names in one line a
prefix nobody declared, instead of a parser's list of expected characters.

>>> declare_prefixes("ASK { ?p a kg:Project }", {"kg": "urn:kg#"})
'PREFIX kg: <urn:kg#> ASK { ?p a kg:Project }'
>>> print(unknown_prefix("kgg", {"kg": "urn:kg#"}))
unknown prefix 'kgg:' (did you mean 'kg:'? kg schema lists the predeclared prefixes; or \
declare it: PREFIX kgg: <IRI>)
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.rdf.ids import Ids
from kg.resources import ONTOLOGY
from kg.store.library import QueryError, code_only
from kg.views.render import render

_DECLARED = re.compile(r"\bPREFIX\s+([^\s:]*):", re.IGNORECASE)
_USED = re.compile(r"(?<![\w.:?$\-])([^\W\d_](?:[\w.\-]*[\w\-])?)?:")

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_KINDS = {_OWL + "ObjectProperty": "object", _OWL + "DatatypeProperty": "datatype"}


def predeclared() -> dict[str, str]:
    """The prefixes a query may use without declaring them (as in ``kg sparql``)."""
    return Ids().all_prefixes()


def undeclared(text: str) -> list[str]:
    """Prefixes the query uses without a PREFIX declaration, in order of first use."""
    code = code_only(text)
    declared = set(_DECLARED.findall(code))
    found: list[str] = []
    for m in _USED.finditer(code):
        prefix = m.group(1) or ""
        if prefix not in declared and prefix not in found:
            found.append(prefix)
    return found


def declare_prefixes(text: str, known: Mapping[str, str] | None = None) -> str:
    """The query with a PREFIX declaration for each predeclared prefix it uses undeclared,
    on its first line (so the parser's line numbers stay those of the query); a
    :class:`QueryError` naming the first prefix that is neither declared nor predeclared."""
    known = predeclared() if known is None else known
    missing = undeclared(text)
    for prefix in missing:
        if prefix not in known:
            raise QueryError(unknown_prefix(prefix, known))
    return "".join(f"PREFIX {p}: <{known[p]}> " for p in missing) + text


def unknown_prefix(prefix: str, known: Mapping[str, str]) -> str:
    """One line naming an unknown prefix, with the nearest known one."""
    near = difflib.get_close_matches(prefix, list(known), n=1)
    hint = f"did you mean '{near[0]}:'? " if near else ""
    return (
        f"unknown prefix '{prefix}:' ({hint}kg schema lists the predeclared prefixes; "
        f"or declare it: PREFIX {prefix}: <IRI>)"
    )


# --- the ontology ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Class:
    name: str
    label_zh: str
    label_en: str
    parents: str
    instances: int | None


@dataclass(frozen=True)
class Property:
    name: str
    kind: str
    label_zh: str
    label_en: str
    domain: str
    range: str
    example: str


@dataclass(frozen=True)
class Schema:
    prefixes: dict[str, str]
    classes: list[Class]
    properties: list[Property]


About = dict[str, list[ox.NamedNode | ox.Literal | ox.BlankNode | ox.Triple]]
Facts = dict[str, About]


def ontology_facts(path: Path = ONTOLOGY / "kg.ttl") -> Facts:
    """subject → predicate → objects of the ontology file, subjects in the file's order."""
    facts: Facts = {}
    for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        facts.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)
    return facts


def describe(graph: ox.Store | None = None) -> Schema:
    """Classes and properties of the ontology; with a graph, the number of instances per
    class, an example triple per property, and the properties the graph uses from other
    vocabularies (``org:identifier``, ``schema:fundedItem``, ...) with an example each."""
    prefixes = predeclared()
    short = _Short(prefixes)
    facts = ontology_facts()
    counts = _counts(graph) if graph is not None else None
    classes, properties = [], []
    for iri, about in facts.items():
        types = {o.value for o in about.get(_RDF + "type", []) if isinstance(o, ox.NamedNode)}
        if _OWL + "Class" in types:
            classes.append(_class(iri, about, short, counts))
        kind = next((_KINDS[t] for t in sorted(types) if t in _KINDS), None)
        if kind is not None:
            example = _example(graph, iri, short) if graph is not None else ""
            properties.append(_property(iri, about, kind, short, example))
    if graph is not None:
        for iri in _used(graph):
            if iri not in facts:
                properties.append(_seen(graph, iri, short))
    return Schema(prefixes, classes, properties)


def _class(iri: str, about: About, short: _Short, counts: dict[str, int] | None) -> Class:
    parents = ", ".join(short(o) for o in about.get(_RDFS + "subClassOf", []))
    count = None if counts is None else counts.get(iri, 0)
    return Class(short(ox.NamedNode(iri)), _label(about, "zh"), _label(about, "en"), parents, count)


def _property(iri: str, about: About, kind: str, short: _Short, example: str) -> Property:
    domain = ", ".join(short(o) for o in about.get(_RDFS + "domain", [])) or "(any)"
    range_ = ", ".join(short(o) for o in about.get(_RDFS + "range", [])) or "(any)"
    zh, en = _label(about, "zh"), _label(about, "en")
    return Property(short(ox.NamedNode(iri)), kind, zh, en, domain, range_, example)


def _seen(graph: ox.Store, iri: str, short: _Short) -> Property:
    """A property of another vocabulary as the graph uses it: the commonest class of its
    subjects → of its objects (or their datatype), kg: classes first among equals."""
    ns = predeclared()["kg"]
    query = f"""SELECT ?d ?r (COUNT(*) AS ?n) WHERE {{
        ?s <{iri}> ?o OPTIONAL {{ ?s a ?d }} OPTIONAL {{ ?o a ?c }}
        BIND(IF(isLiteral(?o), DATATYPE(?o), ?c) AS ?r)
    }} GROUP BY ?d ?r
    ORDER BY DESC(?n) DESC(STRSTARTS(STR(?d), "{ns}")) DESC(STRSTARTS(STR(?r), "{ns}")) ?d ?r
    LIMIT 1"""
    answer = graph.query(query, use_default_graph_as_union=True)
    assert isinstance(answer, ox.QuerySolutions)
    domain = range_ = "(any)"
    for row in answer:
        domain = short(row["d"]) if row["d"] is not None else domain
        range_ = short(row["r"]) if row["r"] is not None else range_
    name = short(ox.NamedNode(iri))
    return Property(name, "used", "", "", domain, range_, _example(graph, iri, short))


def _used(graph: ox.Store) -> list[str]:
    """Every predicate of the graph, in IRI order."""
    query = "SELECT DISTINCT ?p WHERE { ?s ?p ?o } ORDER BY ?p"
    answer = graph.query(query, use_default_graph_as_union=True)
    assert isinstance(answer, ox.QuerySolutions)
    return [row["p"].value for row in answer]


def _label(about: About, lang: str) -> str:
    for o in about.get(_RDFS + "label", []):
        if isinstance(o, ox.Literal) and o.language == lang:
            return o.value
    return ""


def _counts(graph: ox.Store) -> dict[str, int]:
    query = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"
    answer = graph.query(query, use_default_graph_as_union=True)
    assert isinstance(answer, ox.QuerySolutions)
    return {row["c"].value: int(row["n"].value) for row in answer}


def _example(graph: ox.Store, iri: str, short: _Short) -> str:
    """The first triple of the property (in term order, so the same graph gives the same one)."""
    query = f"SELECT ?s ?o WHERE {{ ?s <{iri}> ?o }} ORDER BY ?s ?o LIMIT 1"
    answer = graph.query(query, use_default_graph_as_union=True)
    assert isinstance(answer, ox.QuerySolutions)
    for row in answer:
        return f"{short(row['s'])} {short(ox.NamedNode(iri))} {short(row['o'])}"
    return ""


class _Short:
    """A term as it is written in SPARQL with the predeclared prefixes (long text cut)."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.by_length = sorted(prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))

    def __call__(self, term: object) -> str:
        if isinstance(term, ox.NamedNode):
            for prefix, ns in self.by_length:
                local = term.value[len(ns) :]
                if term.value.startswith(ns) and re.fullmatch(r"[\w\-]+", local):
                    return f"{prefix}:{local}"
            return f"<{term.value}>"
        if isinstance(term, ox.Literal):
            text = term.value if len(term.value) <= 40 else term.value[:39] + "…"
            lit = ox.Literal(text, language=term.language) if term.language else None
            if lit is None and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
                return f"{ox.Literal(text)}^^{self(term.datatype)}"
            return str(lit or ox.Literal(text))
        return str(term)


def format_schema(schema: Schema, fmt: str) -> str:
    """The schema as terminal tables, Markdown sections or one JSON document."""
    if fmt == "json":
        data = {
            "prefixes": schema.prefixes,
            "classes": [asdict(c) for c in schema.classes],
            "properties": [asdict(p) for p in schema.properties],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    with_counts = any(c.instances is not None for c in schema.classes)
    class_cols = ["class", "标签", "label", "subclass of"] + (["instances"] if with_counts else [])
    class_rows = [
        [c.name, c.label_zh, c.label_en, c.parents] + ([c.instances] if with_counts else [])
        for c in schema.classes
    ]
    prop_rows = [
        [p.name, p.kind, p.label_zh, p.label_en, f"{p.domain} → {p.range}", p.example]
        for p in schema.properties
    ]
    sections: list[tuple[str, Sequence[str], Sequence[Sequence[object]]]] = [
        ("Prefixes", ("prefix", "IRI"), [[k, v] for k, v in schema.prefixes.items()]),
        ("Classes", class_cols, class_rows),
        (
            "Properties",
            ("property", "kind", "标签", "label", "domain → range", "example"),
            prop_rows,
        ),
    ]
    head = "## {}\n\n" if fmt == "md" else "{}\n\n"
    return "\n".join(head.format(title) + render(cols, rows, fmt) for title, cols, rows in sections)
