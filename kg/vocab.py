"""The vocabulary: our own terms (declared once, typos fail) and the standard ones we reuse.

Own terms live in ``KG`` (``https://kg.example.org/def/kg#``); the fixed code lists (fund
sources, indicator categories, project attributes, budget tables, units) are SKOS schemes under
``https://kg.example.org/def/``. Both are defined in ``ontology/*.ttl``. Instance IRIs are
minted under the configurable base IRI (see :mod:`kg.ids`).
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

DEF = "https://kg.example.org/def/"


class KG(DefinedNamespace):
    """Own terms: only what no standard vocabulary models."""

    _NS = Namespace(DEF + "kg#")
    _fail = True

    # classes
    Region: URIRef
    Department: URIRef
    ImplementingUnit: URIRef
    Project: URIRef
    PerformanceGoal: URIRef
    DepartmentFunction: URIRef
    Indicator: URIRef
    Target: URIRef
    FundSource: URIRef
    FundingLine: URIRef
    BudgetLine: URIRef
    BudgetItem: URIRef
    BudgetTable: URIRef
    IndicatorCategory: URIRef
    ProjectAttribute: URIRef
    Unit: URIRef
    BeneficiaryGroup: URIRef
    SourceDocument: URIRef
    SpendingMilestone: URIRef
    FundingStructure: URIRef
    BudgetStructure: URIRef
    Finding: URIRef
    AuditCheck: URIRef

    # properties
    region: URIRef
    fiscalYear: URIRef
    implementingUnit: URIRef
    supervisingDepartment: URIRef
    attribute: URIRef
    totalAmount: URIRef
    hasGoal: URIRef
    hasFunction: URIRef
    ordinal: URIRef
    text: URIRef
    purpose: URIRef
    hasIndicator: URIRef
    level1: URIRef
    category: URIRef
    printedLevel1: URIRef
    printedLevel2: URIRef
    level3: URIRef
    hasTarget: URIRef
    operator: URIRef
    targetText: URIRef
    direction: URIRef
    deadline: URIRef
    amountYuan: URIRef
    description: URIRef
    basis: URIRef
    fundSource: URIRef
    printedAmount: URIRef
    serves: URIRef
    namesGroup: URIRef
    budgetTable: URIRef
    budgetItem: URIRef
    section: URIRef
    measure: URIRef
    period: URIRef
    hasMilestone: URIRef
    sourceLine: URIRef
    sha256: URIRef
    framework: URIRef
    check: URIRef
    severity: URIRef
    concerns: URIRef
    figures: URIRef


ORG = Namespace("http://www.w3.org/ns/org#")
QB = Namespace("http://purl.org/linked-data/cube#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
SCHEMA = Namespace("https://schema.org/")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
SH = Namespace("http://www.w3.org/ns/shacl#")
OBEU_DIM = Namespace("http://data.openbudgets.eu/ontology/dsd/dimension/")
OBEU_MEASURE = Namespace("http://data.openbudgets.eu/ontology/dsd/measure/")
OBEU_ATTR = Namespace("http://data.openbudgets.eu/ontology/dsd/attribute/")
OBEU_PHASE = Namespace("http://data.openbudgets.eu/resource/codelist/budget-phase/")
CNY = URIRef("http://publications.europa.eu/resource/authority/currency/CNY")

#: fixed SKOS schemes (concept IRI = scheme namespace + notation)
FUND_SOURCE = Namespace(DEF + "fund-source/")
CATEGORY_LOCAL = Namespace(DEF + "indicator-category/local/")
CATEGORY_MOF = Namespace(DEF + "indicator-category/mof2021/")
ATTRIBUTE = Namespace(DEF + "project-attribute/")
BUDGET_TABLE = Namespace(DEF + "budget-table/")
KG_UNIT = Namespace(DEF + "unit/")
AUDIT_CHECK = Namespace(DEF + "audit-check/")
SCHEMES = Namespace(DEF + "scheme/")

PREFIXES: dict[str, str] = {
    "kg": str(KG._NS),
    "org": str(ORG),
    "qb": str(QB),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcat": str(DCAT),
    "dcterms": str(DCT),
    "schema": str(SCHEMA),
    "qudt": str(QUDT),
    "unit": str(UNIT),
    "foaf": str(FOAF),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "sh": str(SH),
    "obeu-dimension": str(OBEU_DIM),
    "obeu-measure": str(OBEU_MEASURE),
    "obeu-attribute": str(OBEU_ATTR),
    "obeu-budgetphase": str(OBEU_PHASE),
    "fs": str(FUND_SOURCE),
    "icl": str(CATEGORY_LOCAL),
    "icm": str(CATEGORY_MOF),
    "pa": str(ATTRIBUTE),
    "bt": str(BUDGET_TABLE),
    "ku": str(KG_UNIT),
    "ac": str(AUDIT_CHECK),
    "scheme": str(SCHEMES),
}
