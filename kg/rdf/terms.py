"""RDF terms as N-Triples text, and the triple collector the builder writes to.

The builder makes millions of triples: each is one line of canonical N-Triples text, the
bytes pyoxigraph itself writes (:func:`quoted` escapes as it does), so a document's graph is
sorted as bytes and handed to pyoxigraph once, with no Python object per term on the hot path.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NewType

import pyoxigraph as ox

from kg.domain.values import fmt_decimal
from kg.rdf.ids import iri_segment
from kg.rdf.vocab import RDF, XSD

#: an RDF term written as N-Triples: ``<iri>``, ``"text"@zh``, ``"1.0"^^<…#decimal>``
Term = NewType("Term", str)

_DECIMAL, _INTEGER, _BOOLEAN = (f"^^<{XSD[t]}>" for t in ("decimal", "integer", "boolean"))
_DATES = {10: f"^^<{XSD.date}>", 7: f"^^<{XSD.gYearMonth}>", 4: f"^^<{XSD.gYear}>"}
_TYPE = f"<{RDF.type}>"

#: what N-Triples escapes in a string, as pyoxigraph writes it (every other character as is)
_ESCAPES = {c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F, 0xFFFE, 0xFFFF)} | {
    0x08: "\\b",
    0x09: "\\t",
    0x0A: "\\n",
    0x0C: "\\f",
    0x0D: "\\r",
    0x22: '\\"',
    0x5C: "\\\\",
}
_ESCAPED = re.compile('[\x00-\x1f\x7f\ufffe\uffff"\\\\]')


def quoted(value: str) -> str:
    """A string as an N-Triples literal's quoted form.

    >>> print(quoted('他说"好"\\n'))
    "他说\\"好\\"\\n"
    """
    if _ESCAPED.search(value):
        value = value.translate(_ESCAPES)
    return '"' + value + '"'


def n(iri: str) -> Term:
    return Term(f"<{iri}>")


def zh(text: str) -> Term | None:
    """Chinese text (``@zh``); None for an empty string, which the graph leaves out."""
    return Term(quoted(text) + "@zh") if text else None


def en(text: str) -> Term | None:
    return Term(quoted(text) + "@en") if text else None


def s(text: str) -> Term:
    return Term(quoted(text))


#: the CJK ideographs that make printed text language text (the same ranges as the shapes')
_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")


def text(value: str) -> Term | None:
    """Printed text: Chinese (``@zh``) where it holds a Chinese character, else a plain string
    (a bare ``≥90%`` or ``1500000`` is no language's text).

    >>> text("≥90%"), text("按时完成"), text("245万元")
    ('"≥90%"', '"按时完成"@zh', '"245万元"@zh')
    """
    return zh(value) if _HAN.search(value) else s(value)


def dec(value: Decimal) -> Term:
    """An xsd:decimal in canonical form, always with a fraction (1500000.0), as rdflib writes it.

    >>> dec(Decimal("1500000")).split("^^")[0], dec(Decimal("5543935.570")).split("^^")[0]
    ('"1500000.0"', '"5543935.57"')
    """
    digits = fmt_decimal(value)
    return Term(f'"{digits if "." in digits else digits + ".0"}"{_DECIMAL}')


def integer(value: int) -> Term:
    return Term(f'"{value}"{_INTEGER}')


def boolean(value: bool) -> Term:
    return Term(f'"{"true" if value else "false"}"{_BOOLEAN}')


def year(value: int) -> Term:
    return Term(f'"{value:04d}"{_DATES[4]}')


def date(iso: str) -> Term:
    """'2025-12-31' → xsd:date, '2025-12' → xsd:gYearMonth, '2025' → xsd:gYear."""
    return Term(f'"{iso}"{_DATES[len(iso)]}')


def iri_safe(text: str) -> str:
    """A notation as the last segment of an IRI: what an IRI may hold kept (Chinese, the
    unreserved ``.``), the rest percent-encoded (:func:`kg.rdf.ids.iri_segment`).

    >>> iri_safe("人次"), iri_safe("元/人.天")
    ('人次', '元%2F人.天')
    """
    return iri_segment(text)


class Triples:
    """Collects triples as N-Triples lines; ``add`` skips an object that is None (an absent
    value, or empty text)."""

    def __init__(self) -> None:
        self.lines: set[str] = set()

    def add(self, subject: str, predicate: str, obj: Term | None) -> None:
        if obj is not None:
            self.lines.add(f"<{subject}> <{predicate}> {obj} .")

    def types(self, subject: str, *classes: str) -> None:
        for cls in classes:
            self.lines.add(f"<{subject}> {_TYPE} <{cls}> .")

    def __len__(self) -> int:
        return len(self.lines)

    def nt(self) -> list[bytes]:
        """The lines, each once, sorted as bytes: canonical N-Triples, as the writer wants them."""
        return sorted(line.encode() for line in self.lines)

    def triples(self) -> set[ox.Triple]:
        """The triples as pyoxigraph terms (parsed: an IRI that is not one fails here)."""
        return parse_lines(self.nt())


def parse_lines(lines: list[bytes]) -> set[ox.Triple]:
    """N-Triples lines as pyoxigraph triples."""
    data = b"\n".join(lines)
    return {q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}
