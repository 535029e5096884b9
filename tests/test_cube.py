"""The exports are well-formed RDF Data Cubes: the W3C integrity constraints IC-1 ... IC-21 of
"The RDF Data Cube Vocabulary" (W3C Recommendation, 16 January 2014, section 11) all pass.

The queries below are the recommendation's normative SPARQL, written here from its text: each
ASK is true where the constraint is violated. They run on the normalized graph, as section 11.1
requires: the normalization algorithm's two phases (SPARQL updates) run first, on a copy.
IC-20 and IC-21 are templates, instantiated for every ``qb:parentChildProperty`` in the data.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.conftest import ROOT

EXPORTS = ROOT / "exports"

PREFIXES = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX qb: <http://purl.org/linked-data/cube#>
"""

#: section 11.1, phase 1: type and property closure
NORMALIZE_PHASE_1 = """
INSERT { ?o rdf:type qb:Observation } WHERE { [] qb:observation ?o } ;
INSERT { ?o rdf:type qb:Observation } WHERE { ?o qb:dataSet [] } ;
INSERT { ?s rdf:type qb:Slice } WHERE { [] qb:slice ?s } ;
INSERT { ?cs qb:componentProperty ?p . ?p rdf:type qb:DimensionProperty }
WHERE { ?cs qb:dimension ?p } ;
INSERT { ?cs qb:componentProperty ?p . ?p rdf:type qb:MeasureProperty }
WHERE { ?cs qb:measure ?p } ;
INSERT { ?cs qb:componentProperty ?p . ?p rdf:type qb:AttributeProperty }
WHERE { ?cs qb:attribute ?p }
"""

#: section 11.1, phase 2: push down attachment levels
NORMALIZE_PHASE_2 = """
INSERT { ?obs ?comp ?value }
WHERE {
    ?spec qb:componentProperty ?comp ; qb:componentAttachment qb:DataSet .
    ?dataset qb:structure [ qb:component ?spec ] ; ?comp ?value .
    ?obs qb:dataSet ?dataset .
} ;
INSERT { ?obs ?comp ?value }
WHERE {
    ?spec qb:componentProperty ?comp ; qb:componentAttachment qb:Slice .
    ?dataset qb:structure [ qb:component ?spec ] .
    ?slice qb:observation ?obs .
    ?slice ?comp ?value .
} ;
INSERT { ?obs ?comp ?value }
WHERE {
    ?spec qb:componentProperty ?comp .
    ?comp a qb:DimensionProperty .
    ?dataset qb:structure [ qb:component ?spec ] ; qb:slice ?slice .
    ?slice qb:observation ?obs .
    ?slice ?comp ?value .
}
"""

CONSTRAINTS: dict[str, str] = {
    "IC-1 unique data set": """
ASK {
  { ?obs a qb:Observation . FILTER NOT EXISTS { ?obs qb:dataSet ?dataset1 . } }
  UNION
  { ?obs a qb:Observation ; qb:dataSet ?dataset1, ?dataset2 . FILTER (?dataset1 != ?dataset2) }
}""",
    "IC-2 unique DSD": """
ASK {
  { ?dataset a qb:DataSet . FILTER NOT EXISTS { ?dataset qb:structure ?dsd . } }
  UNION
  { ?dataset a qb:DataSet ; qb:structure ?dsd1, ?dsd2 . FILTER (?dsd1 != ?dsd2) }
}""",
    "IC-3 DSD includes measure": """
ASK {
  ?dsd a qb:DataStructureDefinition .
  FILTER NOT EXISTS { ?dsd qb:component [ qb:componentProperty [ a qb:MeasureProperty ] ] }
}""",
    "IC-4 dimensions have range": """
ASK {
  ?dim a qb:DimensionProperty .
  FILTER NOT EXISTS { ?dim rdfs:range [] }
}""",
    "IC-5 concept dimensions have code lists": """
ASK {
  ?dim a qb:DimensionProperty ; rdfs:range skos:Concept .
  FILTER NOT EXISTS { ?dim qb:codeList [] }
}""",
    "IC-6 only attributes may be optional": """
ASK {
  ?dsd qb:component ?componentSpec .
  ?componentSpec qb:componentRequired "false"^^xsd:boolean ; qb:componentProperty ?component .
  FILTER NOT EXISTS { ?component a qb:AttributeProperty }
}""",
    "IC-7 slice keys must be declared": """
ASK {
  ?sliceKey a qb:SliceKey .
  FILTER NOT EXISTS { [ a qb:DataStructureDefinition ] qb:sliceKey ?sliceKey }
}""",
    "IC-8 slice keys consistent with DSD": """
ASK {
  ?slicekey a qb:SliceKey ; qb:componentProperty ?prop .
  ?dsd qb:sliceKey ?slicekey .
  FILTER NOT EXISTS { ?dsd qb:component [ qb:componentProperty ?prop ] }
}""",
    "IC-9 unique slice structure": """
ASK {
  { ?slice a qb:Slice . FILTER NOT EXISTS { ?slice qb:sliceStructure ?key } }
  UNION
  { ?slice a qb:Slice ; qb:sliceStructure ?key1, ?key2 . FILTER (?key1 != ?key2) }
}""",
    "IC-10 slice dimensions complete": """
ASK {
  ?slice qb:sliceStructure [ qb:componentProperty ?dim ] .
  FILTER NOT EXISTS { ?slice ?dim [] }
}""",
    "IC-11 all dimensions required": """
ASK {
  ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
  ?dim a qb:DimensionProperty .
  FILTER NOT EXISTS { ?obs ?dim [] }
}""",
    "IC-12 no duplicate observations": """
ASK {
  FILTER (?allEqual)
  {
    SELECT (MIN(?equal) AS ?allEqual) WHERE {
      ?obs1 qb:dataSet ?dataset .
      ?obs2 qb:dataSet ?dataset .
      FILTER (?obs1 != ?obs2)
      ?dataset qb:structure/qb:component/qb:componentProperty ?dim .
      ?dim a qb:DimensionProperty .
      ?obs1 ?dim ?value1 .
      ?obs2 ?dim ?value2 .
      BIND (?value1 = ?value2 AS ?equal)
    } GROUP BY ?obs1 ?obs2
  }
}""",
    "IC-13 required attributes": """
ASK {
  ?obs qb:dataSet/qb:structure/qb:component ?component .
  ?component qb:componentRequired "true"^^xsd:boolean ; qb:componentProperty ?attr .
  FILTER NOT EXISTS { ?obs ?attr [] }
}""",
    "IC-14 all measures present": """
ASK {
  ?obs qb:dataSet/qb:structure ?dsd .
  FILTER NOT EXISTS { ?dsd qb:component/qb:componentProperty qb:measureType }
  ?dsd qb:component/qb:componentProperty ?measure .
  ?measure a qb:MeasureProperty .
  FILTER NOT EXISTS { ?obs ?measure [] }
}""",
    "IC-15 measure dimension consistent": """
ASK {
  ?obs qb:dataSet/qb:structure ?dsd ; qb:measureType ?measure .
  ?dsd qb:component/qb:componentProperty qb:measureType .
  FILTER NOT EXISTS { ?obs ?measure [] }
}""",
    "IC-16 single measure on measure dimension observation": """
ASK {
  ?obs qb:dataSet/qb:structure ?dsd ; qb:measureType ?measure ; ?omeasure [] .
  ?dsd qb:component/qb:componentProperty qb:measureType ;
       qb:component/qb:componentProperty ?omeasure .
  ?omeasure a qb:MeasureProperty .
  FILTER (?omeasure != ?measure)
}""",
    "IC-17 all measures present in measures dimension cube": """
ASK {
  {
    SELECT ?numMeasures (COUNT(?obs2) AS ?count) WHERE {
      {
        SELECT ?dsd (COUNT(?m) AS ?numMeasures) WHERE {
          ?dsd qb:component/qb:componentProperty ?m .
          ?m a qb:MeasureProperty .
        } GROUP BY ?dsd
      }
      ?obs1 qb:dataSet/qb:structure ?dsd ; qb:dataSet ?dataset ; qb:measureType ?m1 .
      ?obs2 qb:dataSet ?dataset ; qb:measureType ?m2 .
      FILTER NOT EXISTS {
        ?dsd qb:component/qb:componentProperty ?dim .
        FILTER (?dim != qb:measureType)
        ?dim a qb:DimensionProperty .
        ?obs1 ?dim ?v1 .
        ?obs2 ?dim ?v2 .
        FILTER (?v1 != ?v2)
      }
    } GROUP BY ?obs1 ?numMeasures
    HAVING (COUNT(?obs2) != ?numMeasures)
  }
}""",
    "IC-18 consistent data set links": """
ASK {
  ?dataset qb:slice ?slice .
  ?slice qb:observation ?obs .
  FILTER NOT EXISTS { ?obs qb:dataSet ?dataset . }
}""",
    "IC-19 codes from code list (scheme)": """
ASK {
  ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
  ?dim a qb:DimensionProperty ; qb:codeList ?list .
  ?list a skos:ConceptScheme .
  ?obs ?dim ?v .
  FILTER NOT EXISTS { ?v a skos:Concept ; skos:inScheme ?list }
}""",
    "IC-19 codes from code list (collection)": """
ASK {
  ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
  ?dim a qb:DimensionProperty ; qb:codeList ?list .
  ?list a skos:Collection .
  ?obs ?dim ?v .
  FILTER NOT EXISTS { ?v a skos:Concept . ?list skos:member+ ?v }
}""",
}

#: IC-20 and IC-21: templates over each parent-child property of a hierarchical code list
IC_20 = """
ASK {
  ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
  ?dim a qb:DimensionProperty ; qb:codeList ?list .
  ?list a qb:HierarchicalCodeList .
  ?obs ?dim ?v .
  FILTER NOT EXISTS { ?list qb:hierarchyRoot/<$p>* ?v }
}"""
IC_20_PROPERTIES = """
SELECT ?p WHERE {
  ?hierarchy a qb:HierarchicalCodeList ; qb:parentChildProperty ?p .
  FILTER (isIRI(?p))
}"""
IC_21 = """
ASK {
  ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
  ?dim a qb:DimensionProperty ; qb:codeList ?list .
  ?list a qb:HierarchicalCodeList .
  ?obs ?dim ?v .
  FILTER NOT EXISTS { ?list qb:hierarchyRoot/(^<$p>)* ?v }
}"""
IC_21_PROPERTIES = """
SELECT ?p WHERE {
  ?hierarchy a qb:HierarchicalCodeList ; qb:parentChildProperty [ owl:inverseOf ?p ] .
  FILTER (isIRI(?p))
}"""


def normalized(path: Path) -> ox.Store:
    """An export in a fresh store, all its graphs in the default graph, normalized."""
    store = ox.Store()
    fmt = ox.RdfFormat.TRIG if path.suffix == ".trig" else ox.RdfFormat.TURTLE
    store.bulk_extend(
        ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
        for q in ox.parse(path=str(path), format=fmt)
    )
    store.update(PREFIXES + NORMALIZE_PHASE_1)
    store.update(PREFIXES + NORMALIZE_PHASE_2)
    return store


def violated(store: ox.Store) -> list[str]:
    """The names of the constraints that fail on a normalized store."""
    failed = [name for name, ask in CONSTRAINTS.items() if bool(store.query(PREFIXES + ask))]
    for name, template, select in (
        ("IC-20 codes from hierarchy", IC_20, IC_20_PROPERTIES),
        ("IC-21 codes from hierarchy (inverse)", IC_21, IC_21_PROPERTIES),
    ):
        for row in store.query(PREFIXES + select):  # type: ignore[union-attr]
            ask = template.replace("$p", row["p"].value)
            if bool(store.query(PREFIXES + ask)):
                failed.append(f"{name} <{row['p'].value}>")
    return failed


@pytest.fixture(scope="module")
def cube() -> ox.Store:
    return normalized(EXPORTS / "kg.ttl")


def test_the_exports_carry_their_structures(cube: ox.Store) -> None:
    counts = {
        name: int(
            next(iter(cube.query(PREFIXES + f"SELECT (COUNT(*) AS ?n) {{ {pattern} }}")))[  # type: ignore[arg-type]
                "n"
            ].value
        )
        for name, pattern in {
            "structures": "?d a qb:DataStructureDefinition",
            "data sets": "?d a qb:DataSet ; qb:structure ?s . ?s a qb:DataStructureDefinition",
            "observations": "?o a qb:Observation",
            "dimensions with a range": "?p a qb:DimensionProperty ; rdfs:range ?r",
        }.items()
    }
    assert counts["structures"] == 3
    assert counts["data sets"] > 0 and counts["observations"] > 600
    assert counts["dimensions with a range"] == 7  # year, organization, project, phase, 3 kg:


@pytest.mark.parametrize("name", ["kg.ttl", "kg.trig"])
def test_every_integrity_constraint_passes(name: str, cube: ox.Store) -> None:
    store = cube if name == "kg.ttl" else normalized(EXPORTS / name)
    assert violated(store) == []


def test_the_constraints_catch_what_they_are_for(cube: ox.Store) -> None:
    """Each constraint fails on a graph broken its way: the queries are not vacuous."""
    broken = ox.Store()
    broken.bulk_extend(cube)
    line = "<https://kg.example.org/id/funding/450206220413600006280-gov_fund>"
    broken.update(
        PREFIXES
        + f"""
        DELETE {{ {line} <http://data.openbudgets.eu/ontology/dsd/dimension/project> ?p }}
        WHERE {{ {line} <http://data.openbudgets.eu/ontology/dsd/dimension/project> ?p }} ;
        DELETE {{ {line} <http://data.openbudgets.eu/ontology/dsd/attribute/currency> ?c }}
        WHERE {{ {line} <http://data.openbudgets.eu/ontology/dsd/attribute/currency> ?c }} ;
        INSERT DATA {{ <https://x.org/obs> a qb:Observation ;
                           qb:dataSet <https://x.org/a>, <https://x.org/b> .
                       <https://x.org/a> a qb:DataSet .
                       <https://x.org/dim> a qb:DimensionProperty . }}
        """
    )
    assert violated(broken) == [
        "IC-1 unique data set",
        "IC-2 unique DSD",
        "IC-4 dimensions have range",
        "IC-11 all dimensions required",
        "IC-12 no duplicate observations",  # without its project, like the region's other lines
        "IC-13 required attributes",
    ]


def test_fiscal_years_are_interval_year_iris(cube: ox.Store) -> None:
    """OpenBudgets.eu: obeu-dimension:fiscalYear has range interval:Year, a year IRI; the
    xsd:gYear stays on kg:fiscalYear for the queries that compare years."""
    rows = list(
        cube.query(  # type: ignore[union-attr]
            PREFIXES
            + """
            SELECT ?y (COUNT(?o) AS ?n) (SAMPLE(?g) AS ?gYear) (SAMPLE(?t) AS ?type) WHERE {
                ?o <http://data.openbudgets.eu/ontology/dsd/dimension/fiscalYear> ?y .
                OPTIONAL { ?o <https://kg.example.org/def/kg#fiscalYear> ?g }
                OPTIONAL { ?y a ?t }
            } GROUP BY ?y ORDER BY ?y"""
        )
    )
    assert sum(int(r["n"].value) for r in rows) == 665
    interval_year = "http://reference.data.gov.uk/def/intervals/Year"
    for r in rows:
        assert isinstance(r["y"], ox.NamedNode), r["y"]
        assert r["y"].value == "http://reference.data.gov.uk/id/year/" + r["gYear"].value
        assert r["type"].value == interval_year
    assert [r["gYear"].value for r in rows] == ["2023", "2024", "2025"]
