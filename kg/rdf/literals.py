"""The one reader of RDF literals: what every part of kg (the API's frames, the NetworkX view,
its statistics, the pages) turns a term into.

An ``xsd:decimal`` is an exact :class:`~decimal.Decimal` in one form whatever its lexical form:
the graph writes ``1320000.0`` (canonical, as rdflib does) and a SPARQL ``SUM`` answers
``1320000``; both are ``Decimal('1320000')``. The ``xsd:integer`` family becomes ``int``,
``xsd:double``/``xsd:float`` ``float``, ``xsd:boolean`` ``bool``; every other literal (text,
``@zh`` labels, dates, ``xsd:gYear``) and every IRI its text; nothing (unbound) ``None``. A
literal whose text is not of its datatype stays text.

>>> import pyoxigraph as ox
>>> d = ox.NamedNode(str(XSD.decimal))
>>> decode(ox.Literal("1320000.0", datatype=d)), decode(ox.Literal("1320000", datatype=d))
(Decimal('1320000'), Decimal('1320000'))
>>> year = ox.NamedNode(str(XSD.gYear))
>>> decode(ox.Literal("5543935.570", datatype=d)), decode(ox.Literal("2025", datatype=year))
(Decimal('5543935.57'), '2025')
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from kg.rdf.vocab import XSD

_DECIMAL = str(XSD.decimal)
_BOOLEAN = str(XSD.boolean)
_INTEGERS = frozenset(
    str(XSD[name])
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
)
_FLOATS = frozenset({str(XSD.double), str(XSD.float)})


def exact(value: Decimal) -> Decimal:
    """One form for one number: no trailing zeros, no exponent.

    >>> exact(Decimal("1320000.0")), exact(Decimal("0.50")), exact(Decimal("-0.0"))
    (Decimal('1320000'), Decimal('0.5'), Decimal('0'))
    """
    if not value.is_finite():
        return value
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def decimal(term: Any) -> Decimal:
    """A term known to hold a number (an amount, a total) as an exact Decimal."""
    return exact(Decimal(str(getattr(term, "value", term))))


def decode(term: object) -> object:
    """An RDF term (pyoxigraph) as the Python value described in this module's docstring."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype, text = term.datatype.value, term.value
        try:
            if datatype == _DECIMAL:
                return exact(Decimal(text))
            if datatype in _INTEGERS:
                return int(text)
            if datatype in _FLOATS:
                return float(text)
        except (ValueError, InvalidOperation):
            return text
        if datatype == _BOOLEAN:
            return text in ("true", "1")
        return text
    return str(getattr(term, "value", term))
