"""Audit findings and entity resolution as triples, so both can be queried beside the data.

Each :class:`~kg.checks.Finding` becomes a ``kg:Finding`` node (named by a hash of its check,
file, line and key, so it is stable across runs) with its check (a concept of the
``audit-check`` scheme), severity, message, figures, source document and line, and a
``kg:concerns`` link to every record it is about (its :class:`~kg.checks.Subject`) that the
graph holds: the project or department (by code), the indicator or budget line (by its source
line, and a budget line by its measure).

Entity resolution across documents: a department (region + code) printed under several names
gets one ``skos:prefLabel`` (the name on its own form, else the most frequent) and the others
as ``skos:altLabel``; a beneficiary group keeps its printed forms as labels too. Groups are
identified by their normalised name only (NFKC, no whitespace), so 社会公众, 群众 and 人民群众
stay three groups: whether they are the same people is for the reader to decide, not us.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pyoxigraph as ox

from kg.checks import Facts, Finding, Subject
from kg.rdf.ids import Ids, name_hash
from kg.rdf.terms import Triples, integer, n, s, zh
from kg.rdf.vocab import AUDIT_CHECK, DCT, KG, PROV, RDF, RDFS, SKOS

_TYPE, _LINE = f"<{RDF.type}>".encode(), f"<{KG.sourceLine}>".encode()
_BY_LINE = {
    "indicator": str(KG.Indicator),
    "budget_line": "http://purl.org/linked-data/cube#Observation",
}


def finding_triples(
    findings: list[Finding],
    documents: dict[str, list[bytes]],
    names: dict[str, str],
    ids: Ids,
) -> set[ox.Triple]:
    """The findings as triples, linked to the records of the per-document graphs (their
    N-Triples lines)."""
    needs_lines = any(x.kind in _BY_LINE for f in findings for x in f.subjects)
    at_line = _nodes_by_line(documents) if needs_lines else {}
    out = Triples()
    for f in findings:
        document = names.get(f.source, f.source)  # by content: a renamed copy keeps its IRIs
        node = ids.local("finding", f"{f.code}-h{name_hash(document, str(f.line), f.key)}")
        out.types(node, KG.Finding)
        out.add(node, KG.check, n(str(AUDIT_CHECK[f.code])))
        out.add(node, KG.severity, s(f.severity))
        out.add(node, RDFS.comment, zh(f.message))
        out.add(node, DCT.identifier, s(f.key))
        if f.figures:
            out.add(node, KG.figures, s(f.figures))
        if f.source in names:
            out.add(node, PROV.wasDerivedFrom, n(names[f.source]))
        out.add(node, KG.sourceLine, integer(f.line))
        for subject in f.subjects:
            for target in _targets(subject, ids, at_line):
                out.add(node, KG.concerns, n(target))
    return out.triples()


def _nodes_by_line(documents: dict[str, list[bytes]]) -> dict[tuple[str, str, int], list[str]]:
    """(source, class, line) → nodes of that class derived from that line, for the classes
    findings name by line, from each document's N-Triples lines."""
    typed = tuple(f" {_TYPE.decode()} <{cls}> .".encode() for cls in _BY_LINE.values())
    found: dict[tuple[str, str, int], list[str]] = defaultdict(list)
    for source, triples in documents.items():
        types: dict[bytes, set[str]] = defaultdict(set)
        lines: dict[bytes, int] = {}
        for triple in triples:  # a quick test on the bytes before a split
            if triple.endswith(typed):
                subject, _, obj = triple.split(b" ", 2)
                types[subject].add(obj[1 : obj.index(b">")].decode())
            elif _LINE in triple:
                subject, predicate, obj = triple.split(b" ", 2)
                if predicate == _LINE:
                    lines[subject] = int(obj[1 : obj.index(b'"', 1)])
        for node, line in lines.items():
            for cls in types[node]:
                found[(source, cls, line)].append(node[1:-1].decode())
    return {k: sorted(v) for k, v in found.items()}


def _targets(
    subject: Subject, ids: Ids, at_line: dict[tuple[str, str, int], list[str]]
) -> list[str]:
    if subject.kind == "project":
        return [ids.project(subject.code)]
    if subject.kind == "department":
        return [ids.department(subject.region, subject.code, "")]
    if subject.kind in _BY_LINE:  # the nodes of that class from that line (and measure)
        nodes = at_line.get((subject.source, _BY_LINE[subject.kind], subject.line), [])
        return [x for x in nodes if not subject.measure or x.endswith("-" + subject.measure)]
    return []


def resolution_triples(facts: Facts, ids: Ids) -> set[ox.Triple]:
    """One preferred name per department and beneficiary group across documents (a
    department's own form wins, else the most frequent), the other printed names as
    alternatives."""
    printed: dict[str, Counter[str]] = defaultdict(Counter)
    own: dict[str, str] = {}
    for kind, region, code, name, _, _ in sorted(facts.names):
        node = ids.department(region, code, name)
        if kind == 0:
            own.setdefault(node, name)
        printed[node][name] += 1
    for group in facts.groups:  # one node per normalised name; every printed form kept
        printed[ids.group(group)][group] += 1
    out = Triples()
    for node, names in printed.items():
        preferred = own.get(node) or sorted(names, key=lambda x: (-names[x], x))[0]
        out.add(node, SKOS.prefLabel, zh(preferred))
        for other in sorted(set(names) - {preferred}):
            out.add(node, SKOS.altLabel, zh(other))
    return out.triples()
