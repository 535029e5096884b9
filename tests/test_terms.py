"""Literals and terms of the exports as the standards mean them: Chinese text tagged ``@zh``,
QUDT units wherever QUDT has the unit, local units linked to QUDT, no needlessly encoded IRIs,
a severity on a property of its own (not a SKOS note)."""

from __future__ import annotations

import re
from collections import Counter

import pyoxigraph as ox
import pytest

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
