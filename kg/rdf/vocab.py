"""The vocabulary: our own terms (declared once, typos fail) and the standard ones we reuse.

Own terms live in ``KG`` (``https://kg.example.org/def/kg#``); the fixed code lists (fund
sources, indicator categories, project attributes, budget tables, units) are SKOS schemes under
``https://kg.example.org/def/``. Both are defined in ``ontology/*.ttl``. Instance IRIs are
minted under the configurable base IRI (see :mod:`kg.rdf.ids`).
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
    ProjectFundingStructure: URIRef
    DepartmentFundingStructure: URIRef
    BudgetStructure: URIRef
    Finding: URIRef
    AuditCheck: URIRef

    # properties
    region: URIRef
    fiscalYear: URIRef
    departmentCode: URIRef
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
    printedUnit: URIRef
    serves: URIRef
    namesGroup: URIRef
    budgetTable: URIRef
    budgetItem: URIRef
    section: URIRef
    measure: URIRef
    period: URIRef
    hasMilestone: URIRef
    sourceLine: URIRef
    sourcePage: URIRef
    sourcePageLine: URIRef
    recognisedByOCR: URIRef
    sha256: URIRef
    framework: URIRef
    check: URIRef
    severity: URIRef
    concerns: URIRef
    figures: URIRef


# resolve every term once: DefinedNamespace looks terms up on each access, which the graph
# builder does a few hundred times per form
for _term in KG.__annotations__:
    type.__setattr__(KG, _term, KG._NS[_term])


class CachedNamespace(Namespace):
    """An rdflib Namespace that builds each term once (attribute access is on the hot path)."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term


ORG = CachedNamespace("http://www.w3.org/ns/org#")
QB = CachedNamespace("http://purl.org/linked-data/cube#")
SKOS = CachedNamespace("http://www.w3.org/2004/02/skos/core#")
PROV = CachedNamespace("http://www.w3.org/ns/prov#")
DCAT = CachedNamespace("http://www.w3.org/ns/dcat#")
DCT = CachedNamespace("http://purl.org/dc/terms/")
SCHEMA = CachedNamespace("https://schema.org/")
QUDT = CachedNamespace("http://qudt.org/schema/qudt/")
UNIT = CachedNamespace("http://qudt.org/vocab/unit/")
FOAF = CachedNamespace("http://xmlns.com/foaf/0.1/")
RDF = CachedNamespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = CachedNamespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = CachedNamespace("http://www.w3.org/2001/XMLSchema#")
OWL = CachedNamespace("http://www.w3.org/2002/07/owl#")
SH = CachedNamespace("http://www.w3.org/ns/shacl#")
OBEU_DIM = CachedNamespace("http://data.openbudgets.eu/ontology/dsd/dimension/")
OBEU_MEASURE = CachedNamespace("http://data.openbudgets.eu/ontology/dsd/measure/")
OBEU_ATTR = CachedNamespace("http://data.openbudgets.eu/ontology/dsd/attribute/")
OBEU_PHASE = CachedNamespace("http://data.openbudgets.eu/resource/codelist/budget-phase/")
INTERVAL = CachedNamespace("http://reference.data.gov.uk/def/intervals/")
#: calendar years as the UK reference intervals name them (OpenBudgets.eu's fiscalYear values)
YEAR = CachedNamespace("http://reference.data.gov.uk/id/year/")
CNY = URIRef("http://publications.europa.eu/resource/authority/currency/CNY")

#: fixed SKOS schemes (concept IRI = scheme namespace + notation)
FUND_SOURCE = CachedNamespace(DEF + "fund-source/")
CATEGORY_LOCAL = CachedNamespace(DEF + "indicator-category/local/")
CATEGORY_MOF = CachedNamespace(DEF + "indicator-category/mof2021/")
ATTRIBUTE = CachedNamespace(DEF + "project-attribute/")
BUDGET_TABLE = CachedNamespace(DEF + "budget-table/")
KG_UNIT = CachedNamespace(DEF + "unit/")
AUDIT_CHECK = CachedNamespace(DEF + "audit-check/")
SCHEMES = CachedNamespace(DEF + "scheme/")

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
    "interval": str(INTERVAL),
    "year": str(YEAR),
    "fs": str(FUND_SOURCE),
    "icl": str(CATEGORY_LOCAL),
    "icm": str(CATEGORY_MOF),
    "pa": str(ATTRIBUTE),
    "bt": str(BUDGET_TABLE),
    "ku": str(KG_UNIT),
    "ac": str(AUDIT_CHECK),
    "scheme": str(SCHEMES),
}
