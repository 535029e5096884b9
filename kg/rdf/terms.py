"""Small constructors for pyoxigraph terms, and the triple collector the builder writes to."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Triple
from rdflib import URIRef

from kg.domain.values import fmt_decimal
from kg.rdf.ids import iri_segment
from kg.rdf.vocab import XSD

_DECIMAL = NamedNode(str(XSD.decimal))
_INTEGER = NamedNode(str(XSD.integer))
_BOOLEAN = NamedNode(str(XSD.boolean))
_DATATYPES = {
    "decimal": _DECIMAL,
    "integer": _INTEGER,
    "gYear": NamedNode(str(XSD.gYear)),
    "gYearMonth": NamedNode(str(XSD.gYearMonth)),
    "date": NamedNode(str(XSD.date)),
}

Object = NamedNode | Literal


def n(iri: str | URIRef) -> NamedNode:
    return NamedNode(str(iri))


def zh(text: str) -> Literal:
    return Literal(text, language="zh")


def en(text: str) -> Literal:
    return Literal(text, language="en")


def s(text: str) -> Literal:
    return Literal(text)


#: the CJK ideographs that make printed text language text (the same ranges as the shapes')
_HAN = ((0x3400, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FFFF))


def text(value: str) -> Literal:
    """Printed text: Chinese (``@zh``) where it holds a Chinese character, else a plain string
    (a bare ``≥90%`` or ``1500000`` is no language's text).

    >>> [(t.value, t.language) for t in (text("≥90%"), text("按时完成"), text("245万元"))]
    [('≥90%', None), ('按时完成', 'zh'), ('245万元', 'zh')]
    """
    if any(lo <= ord(ch) <= hi for ch in value for lo, hi in _HAN):
        return zh(value)
    return s(value)


def dec(value: Decimal) -> Literal:
    """An xsd:decimal in canonical form, always with a fraction (1500000.0), as rdflib writes it.

    >>> dec(Decimal("1500000")).value, dec(Decimal("5543935.570")).value
    ('1500000.0', '5543935.57')
    """
    text = fmt_decimal(value)
    return Literal(text if "." in text else text + ".0", datatype=_DECIMAL)


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=_INTEGER)


def boolean(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=_BOOLEAN)


def year(value: int) -> Literal:
    return Literal(f"{value:04d}", datatype=_DATATYPES["gYear"])


def date(iso: str) -> Literal:
    """'2025-12-31' → xsd:date, '2025-12' → xsd:gYearMonth, '2025' → xsd:gYear."""
    kind = {10: "date", 7: "gYearMonth", 4: "gYear"}[len(iso)]
    return Literal(iso, datatype=_DATATYPES[kind])


def iri_safe(text: str) -> str:
    """A notation as the last segment of an IRI: what an IRI may hold kept (Chinese, the
    unreserved ``.``), the rest percent-encoded (:func:`kg.rdf.ids.iri_segment`).

    >>> iri_safe("人次"), iri_safe("元/人.天")
    ('人次', '元%2F人.天')
    """
    return iri_segment(text)


@lru_cache(maxsize=1 << 16)
def _node(iri: str) -> NamedNode:
    """IRIs repeat (predicates, classes, regions, departments): make each node once."""
    return NamedNode(iri)


class Triples:
    """Collects triples; ``add`` skips objects that are None or empty strings."""

    def __init__(self) -> None:
        self.items: set[Triple] = set()

    def add(
        self, subject: str | NamedNode, predicate: str | URIRef, obj: Object | str | URIRef | None
    ) -> None:
        if obj is None or (isinstance(obj, Literal) and obj.value == "" and obj.language):
            return
        subj = subject if isinstance(subject, NamedNode) else _node(subject)
        if isinstance(obj, str | URIRef) and not isinstance(obj, NamedNode | Literal):
            obj = _node(str(obj))
        self.items.add(Triple(subj, _node(str(predicate)), obj))

    def types(self, subject: str, *classes: URIRef) -> None:
        from kg.rdf.vocab import RDF

        for cls in classes:
            self.add(subject, RDF.type, n(cls))
