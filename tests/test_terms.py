"""Literals and terms of the exports as the standards mean them: Chinese text tagged ``@zh``,
QUDT units wherever QUDT has the unit, local units linked to QUDT, no needlessly encoded IRIs,
a severity on a property of its own (not a SKOS note)."""

from __future__ import annotations

import re
from collections import Counter

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.rdf.units import resolve
from kg.rdf.vocab import KG, QUDT, SKOS, UNIT
from tests.conftest import ROOT

HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
#: plain strings that may hold Chinese characters: codes and machine-made keys, not text
CODES = {str(SKOS.notation), "http://purl.org/dc/terms/identifier", str(KG.figures)}


@pytest.fixture(scope="module")
def triples() -> list[ox.Triple]:
    return [q.triple for q in ox.parse(path=str(ROOT / "exports" / "kg.ttl"))]


def test_chinese_text_is_tagged_zh(triples: list[ox.Triple]) -> None:
    untagged = Counter(
        t.predicate.value
        for t in triples
        if isinstance(t.object, ox.Literal)
        and t.object.datatype.value == "http://www.w3.org/2001/XMLSchema#string"
        and HAN.search(t.object.value)
    )
    assert set(untagged) <= CODES, untagged
    tagged = Counter(
        t.predicate.value
        for t in triples
        if isinstance(t.object, ox.Literal) and t.object.language == "zh"
    )
    assert tagged[str(KG.targetText)] == 809
    assert tagged[str(KG.printedAmount)] == 665  # 422 funding lines, 243 budget lines
    plain = [
        t.object.value
        for t in triples
        if t.predicate.value == str(KG.targetText) and not t.object.language  # type: ignore[union-attr]
    ]
    assert "≥90%" in plain and not any(HAN.search(v) for v in plain)


def test_units_are_qudt_where_qudt_has_them(triples: list[ox.Triple]) -> None:
    units = Counter(t.object.value for t in triples if t.predicate.value == str(QUDT.unit))
    qudt = sum(n for u, n in units.items() if u.startswith(str(UNIT)))
    assert (qudt, sum(units.values())) == (802, 929)
    for unit, counted in ((UNIT.PERCENT, 446), (UNIT.NUM, 284), (UNIT.CCY_CNY, 42)):
        assert units[str(unit)] == counted, unit
    local = {t.subject.value for t in triples if t.object == ox.NamedNode(str(KG.Unit))}
    assert local == {u for u in units if not u.startswith(str(UNIT))}
    close = {
        t.subject.value: t.object.value
        for t in triples
        if t.predicate.value == str(SKOS.closeMatch) and t.subject.value in local
    }
    assert close[str(KG_UNIT("万元"))] == str(UNIT.CCY_CNY)
    assert close[str(KG_UNIT("元/人"))] == str(UNIT.CCY_CNY)
    scaled = {
        t.subject.value: t.object.value
        for t in triples
        if t.predicate.value == str(QUDT.conversionMultiplier)
    }
    assert scaled[str(KG_UNIT("万元"))] == "10000.0"
    for t in triples:  # an unreserved '.' is never percent-encoded
        for term in (t.subject, t.object):
            assert not (isinstance(term, ox.NamedNode) and "%2E" in term.value.upper()), term
    assert str(KG_UNIT("元/人.天")) in local


def KG_UNIT(notation: str) -> str:
    from kg.rdf.terms import iri_safe
    from kg.rdf.vocab import KG_UNIT as NS

    return str(NS) + iri_safe(notation)


def test_the_unit_table() -> None:
    assert resolve("%") == ("PERCENT", None, None)
    assert resolve("个")[0] == resolve("人次")[0] == "NUM"
    assert resolve("亿元")[1:] == ("CCY_CNY", 100000000)
    assert resolve("万吨")[1:] == ("TONNE", 10000000)  # QUDT's multiplier is to the kilogram
    assert resolve("/生/年") == (None, None, None)


def test_severity_is_a_property_not_a_note(triples: list[ox.Triple]) -> None:
    notes = [t for t in triples if t.predicate.value == str(SKOS.scopeNote)]
    assert notes == []
    checks = Counter(
        t.object.value  # type: ignore[union-attr]
        for t in triples
        if t.predicate.value == str(KG.severity) and "/audit-check/" in t.subject.value
    )
    assert set(checks) == {"error", "warning", "info"}


# --- terms as N-Triples text (kg.rdf.terms): the bytes pyoxigraph itself writes ---------------


def _pyoxigraph_line(obj: ox.Literal | ox.NamedNode) -> str:
    triple = ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), obj)
    data = ox.serialize([triple], format=ox.RdfFormat.N_TRIPLES)
    assert data is not None
    return data.decode().rstrip("\n")


def _our_line(obj: str | None) -> str:
    from kg.rdf.terms import Term, Triples

    out = Triples()
    out.add("urn:s", "urn:p", Term(obj) if obj is not None else None)
    return out.nt()[0].decode()


def test_every_character_is_escaped_as_pyoxigraph_escapes_it() -> None:
    from kg.rdf.terms import s

    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    pieces = ["".join(chars[i : i + 256]) for i in range(0, len(chars), 256)]  # 256 a literal
    pieces += [f"a{c}b" for c in chars[:0x100] + chars[0xF000:0xF800]]  # and each alone
    triples = [
        ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal(p)) for p in pieces
    ]
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert data is not None
    theirs = data.decode().split(" .\n")[:-1]
    ours = [f"<urn:s> <urn:p> {s(p)}" for p in pieces]
    assert len(theirs) == len(ours)
    wrong = [i for i, (a, b) in enumerate(zip(ours, theirs, strict=True)) if a != b]
    assert wrong == []


@given(st.text())
def test_any_text_is_written_as_pyoxigraph_writes_it(value: str) -> None:
    from kg.rdf.terms import s, text, zh

    assert _our_line(s(value)) == _pyoxigraph_line(ox.Literal(value))
    tagged = zh(value)
    if value:
        assert _our_line(tagged) == _pyoxigraph_line(ox.Literal(value, language="zh"))
    else:  # empty text is left out of the graph
        assert tagged is None and text(value) == s("")


def test_typed_literals_and_iris_are_the_terms_pyoxigraph_writes() -> None:
    from decimal import Decimal

    from kg.rdf.terms import boolean, date, dec, en, integer, n, year

    xsd = "http://www.w3.org/2001/XMLSchema#"
    expected = {
        dec(Decimal("26000000")): ox.Literal("26000000.0", datatype=ox.NamedNode(xsd + "decimal")),
        dec(Decimal("-0.50")): ox.Literal("-0.5", datatype=ox.NamedNode(xsd + "decimal")),
        integer(212): ox.Literal("212", datatype=ox.NamedNode(xsd + "integer")),
        boolean(True): ox.Literal("true", datatype=ox.NamedNode(xsd + "boolean")),
        year(2023): ox.Literal("2023", datatype=ox.NamedNode(xsd + "gYear")),
        date("2025-12"): ox.Literal("2025-12", datatype=ox.NamedNode(xsd + "gYearMonth")),
        date("2025-12-31"): ox.Literal("2025-12-31", datatype=ox.NamedNode(xsd + "date")),
        en("budget"): ox.Literal("budget", language="en"),
        n("https://kg.example.org/id/unit/元%2F人.天"): ox.NamedNode(
            "https://kg.example.org/id/unit/元%2F人.天"
        ),
    }
    for ours, theirs in expected.items():
        assert _our_line(ours) == _pyoxigraph_line(theirs)


def test_an_absent_value_makes_no_triple_and_lines_parse_back() -> None:
    from kg.rdf.terms import Triples, s, zh

    out = Triples()
    out.add("urn:s", "urn:p", None)
    out.add("urn:s", "urn:p", zh(""))
    assert len(out) == 0
    out.add("urn:s", "urn:p", s(""))  # an empty plain string is a value (a blank cell read)
    out.types("urn:s", "urn:C", "urn:C")
    assert len(out) == 2
    assert {str(t) for t in out.triples()} == {
        '<urn:s> <urn:p> ""',
        "<urn:s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:C>",
    }
