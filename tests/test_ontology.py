"""The ontology files: they parse, match kg.vocab.KG, and the shapes accept good data only."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from kg.checks import CHECKS
from kg.rdf.vocab import CATEGORY_LOCAL, CATEGORY_MOF, KG, OBEU_DIM, PREFIXES, QB

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"
FILES = ("kg.ttl", "schemes.ttl", "shapes.ttl", "cube.ttl", "dcat-ap-shapes.ttl")
ONTOLOGY_IRI = URIRef("https://kg.example.org/def/kg")


def load(*names: str) -> Graph:
    graph = Graph()
    for name in names:
        graph.parse(ONTOLOGY / name, format="turtle")
    return graph


@pytest.fixture(scope="module")
def ontology() -> Graph:
    """kg.ttl and the Data Cube structures of cube.ttl."""
    return load("kg.ttl", "cube.ttl")


@pytest.fixture(scope="module")
def schemes() -> Graph:
    return load("schemes.ttl")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load("shapes.ttl")


@pytest.fixture(scope="module")
def background() -> Graph:
    """kg.ttl + schemes.ttl + cube.ttl: the ontology graph an export is validated against."""
    return load("kg.ttl", "schemes.ttl", "cube.ttl")


# --- parsing ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_parses_in_rdflib(name: str) -> None:
    assert len(load(name)) > 0


@pytest.mark.parametrize("name", FILES)
def test_parses_in_pyoxigraph(name: str) -> None:
    quads = list(pyoxigraph.parse(path=str(ONTOLOGY / name), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(load(name))


@pytest.mark.parametrize("name", ["kg.ttl", "schemes.ttl", "cube.ttl"])
def test_no_blank_nodes(name: str) -> None:
    graph = load(name)
    assert not [t for t in graph if any(isinstance(n, BNode) for n in t)]


# --- kg.ttl against kg.vocab.KG ---------------------------------------------------------

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, QB.DataStructureDefinition)


def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert ontology.value(ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/license")) == URIRef(
        "http://creativecommons.org/licenses/by/4.0/"
    )


@pytest.mark.parametrize("name", sorted(KG.__annotations__))
def test_every_vocab_term_is_defined(ontology: Graph, name: str) -> None:
    term = KG._NS[name]
    assert any((term, RDF.type, t) in ontology for t in TERM_TYPES), f"{name} not declared"
    languages = {lbl.language for lbl in ontology.objects(term, RDFS.label)}
    assert {"zh", "en"} <= languages, f"{name} labels: {languages}"
    comments = list(ontology.objects(term, RDFS.comment))
    assert comments and all(c.language == "en" for c in comments), name


def test_no_term_beyond_vocab(ontology: Graph) -> None:
    namespace = str(KG._NS)
    defined = {
        str(s)
        for t in TERM_TYPES
        for s in ontology.subjects(RDF.type, t)
        if str(s).startswith(namespace)
    }
    assert defined == {namespace + name for name in KG.__annotations__}


def test_data_structures_have_named_components(ontology: Graph) -> None:
    def components(structure: URIRef) -> set[object]:
        return {
            ontology.value(c, QB.dimension)
            or ontology.value(c, QB.measure)
            or ontology.value(c, QB.attribute)
            for c in ontology.objects(structure, QB.component)
        }

    project = components(KG.ProjectFundingStructure)
    assert KG.fundSource in project and OBEU_DIM.project in project and len(project) == 5
    department = components(KG.DepartmentFundingStructure)
    assert OBEU_DIM.organization in department and OBEU_DIM.project not in department
    budget = components(KG.BudgetStructure)
    assert {KG.budgetTable, KG.budgetItem} <= budget and len(budget) == 7
    for term in (KG.fundSource, KG.budgetTable, KG.budgetItem):
        assert (term, RDF.type, QB.DimensionProperty) in ontology


# --- schemes.ttl ------------------------------------------------------------------------


def test_every_concept_is_labelled_and_in_one_scheme(schemes: Graph) -> None:
    concepts = set(schemes.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == 6 + 12 + 14 + 3 + 4 + len(CHECKS)  # ... + the audit's checks
    for concept in concepts:
        languages = {lbl.language for lbl in schemes.objects(concept, SKOS.prefLabel)}
        assert {"zh", "en"} <= languages, concept
        notation = schemes.value(concept, SKOS.notation)
        assert notation is not None and str(concept).endswith("/" + str(notation)), concept
        in_schemes = list(schemes.objects(concept, SKOS.inScheme))
        assert len(in_schemes) == 1, concept
        assert (in_schemes[0], RDF.type, SKOS.ConceptScheme) in schemes
        top = (concept, SKOS.topConceptOf, in_schemes[0]) in schemes
        assert top != (schemes.value(concept, SKOS.broader) is not None), concept


def test_category_mappings(schemes: Graph) -> None:
    assert (CATEGORY_LOCAL.quantity, SKOS.exactMatch, CATEGORY_MOF.quantity) in schemes
    mapped = {
        o
        for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.relatedMatch)
        for o in schemes.objects(CATEGORY_LOCAL.sustainability, p)
    }
    assert mapped and all(str(o).startswith(str(CATEGORY_MOF)) for o in mapped)


def test_concept_classes_are_ontology_classes(ontology: Graph, schemes: Graph) -> None:
    for concept in schemes.subjects(RDF.type, SKOS.Concept):
        own = [c for c in schemes.objects(concept, RDF.type) if str(c).startswith(str(KG._NS))]
        assert len(own) == 1 and (own[0], RDFS.subClassOf, SKOS.Concept) in ontology


# --- shapes.ttl -------------------------------------------------------------------------


def test_shapes_validate_the_ontology(background: Graph, shapes: Graph) -> None:
    conforms, _, text = pyshacl.validate(data_graph=background, shacl_graph=shapes)
    assert conforms, text


PREFIX_LINES = "\n".join(f"@prefix {p}: <{ns}> ." for p, ns in PREFIXES.items())

INSTANCE = (
    PREFIX_LINES
    + """
@prefix id: <https://kg.example.org/id/> .

id:region-450203 a kg:Region , org:FormalOrganization ;
    rdfs:label "柳州市鱼峰区"@zh ;
    org:identifier "450203" .

id:doc-000 a kg:SourceDocument , foaf:Document , prov:Entity ;
    dcterms:title "000_e9a51e7a28d1f068.txt" ;
    kg:sha256 "e9a51e7a28d1f068e9a51e7a28d1f068e9a51e7a28d1f068e9a51e7a28d1f068" .

id:department-450203-207 a kg:Department , org:FormalOrganization ;
    rdfs:label "柳州市鱼峰区社会工作部"@zh ;
    org:identifier "450203-207" ;
    kg:departmentCode "207" ;
    kg:region id:region-450203 ;
    org:subOrganizationOf id:region-450203 ;
    kg:fiscalYear "2025"^^xsd:gYear ;
    prov:wasDerivedFrom id:doc-000 ;
    kg:sourceLine 540 .

id:project-450203250420700008194 a kg:Project , foaf:Project ;
    dcterms:identifier "450203250420700008194" ;
    rdfs:label "城市社区惠民资金（小鱼峰）"@zh ;
    kg:fiscalYear "2025"^^xsd:gYear ;
    kg:region id:region-450203 ;
    kg:implementingUnit id:department-450203-207 ;
    kg:supervisingDepartment id:department-450203-207 ;
    kg:attribute pa:phased ;
    kg:totalAmount 2450000.00 ;
    kg:hasGoal id:project-450203250420700008194-goal-1 ;
    kg:hasIndicator id:project-450203250420700008194-indicator-1 ;
    kg:serves id:group-社区居民 ;
    prov:wasDerivedFrom id:doc-000 ;
    kg:sourceLine 2424 .

id:project-450203250420700008194-goal-1 a kg:PerformanceGoal ;
    kg:ordinal 1 ;
    kg:text "通过资助惠民项目，促进城市社区建设。"@zh ;
    prov:wasDerivedFrom id:doc-000 ;
    kg:sourceLine 2434 .

id:project-450203250420700008194-indicator-1 a kg:Indicator ;
    rdfs:label "社区居民对项目实施效果满意度"@zh ;
    kg:level1 icl:satisfaction ;
    kg:category icl:service-recipient ;
    kg:printedLevel1 "满意度指标"@zh ;
    kg:printedLevel2 "服务对象满意度指标"@zh ;
    kg:hasTarget id:project-450203250420700008194-indicator-1-target ;
    kg:namesGroup id:group-社区居民 ;
    kg:ordinal 1 ;
    prov:wasDerivedFrom id:doc-000 ;
    kg:sourceLine 2440 .

id:project-450203250420700008194-indicator-1-target a kg:Target , qudt:QuantityValue ;
    kg:targetText "≥90%" ;
    kg:operator "≥" ;
    qudt:numericValue 90.0 ;
    qudt:unit unit:PERCENT ;
    kg:direction "ascending" .

id:group-社区居民 a kg:BeneficiaryGroup , schema:Audience ;
    rdfs:label "社区居民"@zh .

id:dataset-funding a qb:DataSet ;
    qb:structure kg:ProjectFundingStructure ;
    dcterms:title "资金来源"@zh .

id:funding-000-2430 a kg:FundingLine , qb:Observation , schema:MonetaryGrant ;
    qb:dataSet id:dataset-funding ;
    kg:fundSource fs:general_public_local ;
    obeu-measure:amount 2450000.00 ;
    obeu-attribute:currency <http://publications.europa.eu/resource/authority/currency/CNY> ;
    obeu-dimension:fiscalYear year:2025 ;
    kg:fiscalYear "2025"^^xsd:gYear ;
    obeu-dimension:organization id:department-450203-207 ;
    obeu-dimension:project id:project-450203250420700008194 ;
    schema:fundedItem id:project-450203250420700008194 ;
    schema:funder id:region-450203 ;
    schema:amount id:funding-000-2430-amount ;
    kg:printedAmount "2450000元"@zh ;
    prov:wasDerivedFrom id:doc-000 ;
    kg:sourceLine 2430 .

year:2025 a interval:Year .

id:funding-000-2430-amount a schema:MonetaryAmount ;
    schema:value 2450000.00 ;
    schema:currency "CNY" .
"""
)

PROJECT = URIRef("https://kg.example.org/id/project-450203250420700008194")


def validate(data: str, background: Graph, shapes: Graph) -> tuple[bool, Graph, str]:
    graph = Graph().parse(data=data, format="turtle")
    conforms, report, text = pyshacl.validate(
        data_graph=graph, shacl_graph=shapes, ont_graph=background
    )
    return conforms, report, text


def focus_nodes(report: Graph) -> set[URIRef]:
    return {n for n in report.objects(None, SH.focusNode) if isinstance(n, URIRef)}


def test_instance_conforms(background: Graph, shapes: Graph) -> None:
    conforms, _, text = validate(INSTANCE, background, shapes)
    assert conforms, text


def test_instance_conforms_when_merged(background: Graph, shapes: Graph) -> None:
    graph = Graph().parse(data=INSTANCE, format="turtle") + background
    conforms, _, text = pyshacl.validate(data_graph=graph, shacl_graph=shapes)
    assert conforms, text


def test_funding_must_add_up_to_total(background: Graph, shapes: Graph) -> None:
    data = INSTANCE.replace("obeu-measure:amount 2450000.00", "obeu-measure:amount 2400000.00")
    data = data.replace("schema:value 2450000.00", "schema:value 2400000.00")
    conforms, report, text = validate(data, background, shapes)
    assert not conforms
    assert focus_nodes(report) == {PROJECT}, text
    assert "2450000" in text and "2400000" in text


def test_breakdown_lines_are_not_counted_twice(background: Graph, shapes: Graph) -> None:
    whole = """
id:funding-000-2429 a kg:FundingLine , qb:Observation , schema:MonetaryGrant ;
    qb:dataSet id:dataset-funding ;
    kg:fundSource fs:general_public ;
    obeu-measure:amount 2450000.00 ;
    obeu-attribute:currency <http://publications.europa.eu/resource/authority/currency/CNY> ;
    obeu-dimension:organization id:department-450203-207 ;
    schema:fundedItem id:project-450203250420700008194 ;
    schema:amount id:funding-000-2429-amount ;
    prov:wasDerivedFrom id:doc-000 ;
    kg:sourceLine 2429 .
id:funding-000-2429-amount a schema:MonetaryAmount ;
    schema:value 2450000.00 ;
    schema:currency "CNY" .
"""
    conforms, _, text = validate(INSTANCE + whole, background, shapes)
    assert conforms, text


def test_project_needs_a_label_or_a_code(background: Graph, shapes: Graph) -> None:
    unnamed = INSTANCE.replace('rdfs:label "城市社区惠民资金（小鱼峰）"@zh ;', "")
    assert unnamed != INSTANCE
    conforms, _, text = validate(unnamed, background, shapes)
    assert conforms, text  # named by its code (forms of other provinces print no code)
    data = re.sub(r'dcterms:identifier "[^"]*" ;', "", unnamed)
    assert data != unnamed
    conforms, report, text = validate(data, background, shapes)
    assert not conforms
    assert PROJECT in focus_nodes(report), text


ID = "https://kg.example.org/id/"
TARGET = URIRef(ID + "project-450203250420700008194-indicator-1-target")
INDICATOR = URIRef(ID + "project-450203250420700008194-indicator-1")
DEPARTMENT = URIRef(ID + "department-450203-207")


@pytest.mark.parametrize(
    ("old", "new", "focus", "component"),
    [
        ('kg:operator "≥"', 'kg:operator "≧"', TARGET, SH.InConstraintComponent),
        (
            'kg:targetText "≥90%"',
            'kg:targetText "≥90%"^^xsd:token',
            TARGET,
            SH.NodeConstraintComponent,
        ),
        ('kg:targetText "≥90%"', 'kg:targetText "九成"', TARGET, SH.NodeConstraintComponent),
        ('kg:targetText "≥90%"', 'kg:targetText "九成"@en', TARGET, SH.NodeConstraintComponent),
        (
            "kg:level1 icl:satisfaction",
            "kg:level1 id:group-社区居民",
            INDICATOR,
            SH.ClassConstraintComponent,
        ),
        ("kg:attribute pa:phased", "kg:attribute fs:other", PROJECT, SH.ClassConstraintComponent),
        (
            'org:identifier "450203"',
            'org:identifier "4502"',
            URIRef(ID + "region-450203"),
            SH.PatternConstraintComponent,
        ),
        (
            "kg:hasIndicator id:project-450203250420700008194-indicator-1 ;",
            "",
            INDICATOR,
            SH.MinCountConstraintComponent,
        ),
        ("org:subOrganizationOf id:region-450203 ;", "", DEPARTMENT, SH.EqualsConstraintComponent),
        (
            "schema:value 2450000.00",
            "schema:value 2450001.00",
            URIRef(ID + "funding-000-2430"),
            SH.SPARQLConstraintComponent,
        ),
        ("kg:sourceLine 540 .", "kg:sourceLine 540 ; kg:totalAmount 1.00 .", DEPARTMENT, None),
    ],
)
def test_broken_instances_do_not_conform(
    background: Graph, shapes: Graph, old: str, new: str, focus: URIRef, component: URIRef | None
) -> None:
    assert old in INSTANCE
    conforms, report, text = validate(INSTANCE.replace(old, new), background, shapes)
    if component is None:  # a department total without funding lines is not checked
        assert conforms, text
        return
    assert not conforms
    results = {
        (report.value(r, SH.focusNode), report.value(r, SH.sourceConstraintComponent))
        for r in report.subjects(RDF.type, SH.ValidationResult)
    }
    assert (focus, component) in results, text


def test_department_funding_must_add_up(background: Graph, shapes: Graph) -> None:
    line = """
id:funding-000-560 a kg:FundingLine , qb:Observation , schema:MonetaryGrant ;
    qb:dataSet id:dataset-funding ;
    kg:fundSource fs:general_public ;
    obeu-measure:amount 59317861.04 ;
    obeu-attribute:currency <http://publications.europa.eu/resource/authority/currency/CNY> ;
    obeu-dimension:organization id:department-450203-207 ;
    schema:fundedItem id:department-450203-207 ;
    schema:amount id:funding-000-560-amount ;
    prov:wasDerivedFrom id:doc-000 ;
    kg:sourceLine 560 .
id:funding-000-560-amount a schema:MonetaryAmount ;
    schema:value 59317861.04 ;
    schema:currency "CNY" .
"""
    data = INSTANCE + line
    good = data.replace("kg:sourceLine 540 .", "kg:sourceLine 540 ; kg:totalAmount 59317861.04 .")
    conforms, _, text = validate(good, background, shapes)
    assert conforms, text
    bad = data.replace("kg:sourceLine 540 .", "kg:sourceLine 540 ; kg:totalAmount 59317861.40 .")
    conforms, report, text = validate(bad, background, shapes)
    assert not conforms
    assert focus_nodes(report) == {DEPARTMENT}, text
    assert "59317861.40" in text and "59317861.04" in text


def test_audit_checks_are_the_scheme(schemes: Graph) -> None:
    scheme = URIRef("https://kg.example.org/def/scheme/audit-check")
    concepts = {str(c) for c in schemes.subjects(SKOS.inScheme, scheme)}
    assert concepts == {f"https://kg.example.org/def/audit-check/{code}" for code in CHECKS}
    for code, (severity, _, _) in CHECKS.items():
        check = URIRef(f"https://kg.example.org/def/audit-check/{code}")
        assert str(schemes.value(check, KG.severity)) == severity, code
        assert schemes.value(check, SKOS.scopeNote) is None, code  # a note is not a severity
