"""Records → triples, one source document at a time.

Each document's triples depend only on that document (and the base IRI), so building two
documents separately and merging the graphs gives the same graph as building them together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TypeVar

from kg.domain import labels
from kg.domain.model import (
    Beneficiary,
    BudgetLine,
    Department,
    Extraction,
    FundingLine,
    Indicator,
    Project,
    Record,
    SpendingPlan,
    Statement,
)
from kg.domain.values import to_yuan
from kg.rdf.ids import Ids
from kg.rdf.terms import Triples, boolean, date, dec, integer, iri_safe, n, s, text, year, zh
from kg.rdf.units import resolve
from kg.rdf.vocab import (
    ATTRIBUTE,
    BUDGET_TABLE,
    CATEGORY_LOCAL,
    CATEGORY_MOF,
    CNY,
    DCT,
    FOAF,
    FUND_SOURCE,
    INTERVAL,
    KG,
    KG_UNIT,
    OBEU_ATTR,
    OBEU_DIM,
    OBEU_MEASURE,
    OBEU_PHASE,
    ORG,
    PROV,
    QB,
    QUDT,
    RDFS,
    SCHEMA,
    SCHEMES,
    SKOS,
    UNIT,
    YEAR,
)

R = TypeVar("R", bound=Record)

_PHASES = {
    "initial": "approved",
    "adjusted": "revised",
    "executed": "executed",
    "proposed": "draft",
}
_ATTRIBUTES = {"经常性": "recurring", "阶段性": "phased", "一次性": "one-off"}
_DIRECTIONS = {
    "≥": "ascending",
    ">": "ascending",
    "≤": "descending",
    "<": "descending",
    "=": "fixed",
}


def by_source(extraction: Extraction) -> dict[str, dict[str, list[Record]]]:
    """Every record table, split by source document (one pass over the records)."""
    split: dict[str, dict[str, list[Record]]] = {
        src: {name: [] for name in extraction.records} for src in extraction.sources
    }
    for name, recs in extraction.records.items():
        for r in recs:
            if r.source in split:
                split[r.source][name].append(r)
    return split


def build_document(
    extraction: Extraction, source: str, ids: Ids, records: dict[str, list[Record]] | None = None
) -> Triples:
    """The triples one source document gives (``records``: its records, if already split)."""
    if records is None:
        records = by_source(extraction)[source]
    doc = _DocumentGraph(ids, source, extraction.digests.get(source, ""), records)
    doc.pages = extraction.pages.get(source, {})
    doc.build()
    return doc.out


class _DocumentGraph:
    def __init__(
        self, ids: Ids, source: str, digest: str, records: dict[str, list[Record]]
    ) -> None:
        self.ids = ids
        self.source = source
        self.records = records
        self.out = Triples()
        self.digest = digest
        self.doc = ids.document(digest or source)
        self.owner_keys: dict[tuple[str, str, str], tuple[str, str]] = {}
        #: line → (page, line on the page, OCR'd) for a document printed on pages
        self.pages: dict[int, tuple[int, int, bool]] = {}
        self.units: dict[str, str] = {}  # project code → implementing organisation
        owners: list[tuple[str, Project | Department]] = [
            ("project", r) for r in self._all(Project)
        ] + [("department", r) for r in self._all(Department)]
        self.owners = {(kind, r.code, r.name): (r.region, r.year) for kind, r in owners}
        # a department printed without a code takes the code the same document gives it
        self.codes = {
            (p.region, p.supervising_unit): p.supervising_code
            for p in self._all(Project)
            if p.supervising_code
        }

    def build(self) -> None:
        self._document()
        for d in self._all(Department):
            self._department(d)
        for p in self._all(Project):
            self._project(p)
        for st in self._all(Statement):
            self._statement(st)
        self._indicators(self._all(Indicator), self._all(Beneficiary))
        for f in self._all(FundingLine):
            self._funding(f)
        self._budget(self._all(BudgetLine))
        self._milestones(self._all(SpendingPlan))

    def _all(self, kind: type[R]) -> list[R]:
        return [r for r in self.records[kind.TABLE] if isinstance(r, kind)]

    # --- provenance, regions, organisations ------------------------------------------

    def _derived(self, node: str, line: int) -> None:
        self.out.add(node, PROV.wasDerivedFrom, n(self.doc))
        if line:
            self.out.add(node, KG.sourceLine, integer(line))
        page, page_line, ocr = self.pages.get(line, (0, 0, False))
        if page:
            self.out.add(node, KG.sourcePage, integer(page))
            self.out.add(node, KG.sourcePageLine, integer(page_line))
        if ocr:
            self.out.add(node, KG.recognisedByOCR, boolean(True))

    def _document(self) -> None:
        o = self.out
        o.types(self.doc, KG.SourceDocument, FOAF.Document, PROV.Entity)
        o.add(self.doc, DCT.title, s(self.source))
        o.add(self.doc, KG.sha256, s(self.digest))

    def region(self, code: str) -> str:
        node = self.ids.region(code)
        o = self.out
        o.types(node, KG.Region, ORG.FormalOrganization)
        o.add(node, ORG.identifier, s(code))
        o.add(node, RDFS.label, zh(labels.REGIONS.get(code, code)))
        parent = labels.parent_region(code)
        if parent in labels.REGIONS:
            o.add(node, ORG.subOrganizationOf, n(self.region(parent)))
        return node

    def department(self, region: str, code: str, name: str, line: int) -> str:
        node = self.ids.department(region, code, name)
        o = self.out
        o.types(node, KG.Department, ORG.FormalOrganization)
        o.add(node, RDFS.label, zh(name))
        if code:  # unique (ORG's owl:hasKey): region-qualified, as the IRI; the code as printed
            o.add(node, ORG.identifier, s(self.ids.department_key(region, code, name)))
            o.add(node, KG.departmentCode, s(code))
        if region:
            reg = self.region(region)
            o.add(node, KG.region, n(reg))
            o.add(node, ORG.subOrganizationOf, n(reg))
        self._derived(node, line)
        return node

    def _department(self, d: Department) -> None:
        code = d.code or self.codes.get((d.region, d.name), "")
        node = self.department(d.region, code, d.name, d.line)
        if d.region:
            self.out.add(self.doc, DCT.spatial, n(self.region(d.region)))
        if d.total_yuan is not None:
            self.out.add(node, KG.totalAmount, dec(d.total_yuan))
        if d.year:
            self.out.add(node, KG.fiscalYear, year(d.year))
        key = self.ids.department_key(d.region, code, d.name)
        self.owner_keys[("department", d.code, d.name)] = (node, key)

    def _project(self, p: Project) -> None:
        o = self.out
        key = self.ids.project_key(p.code, p.region, p.name, p.source)
        node = self.ids.project(key)
        o.types(node, KG.Project, FOAF.Project)
        if p.code:
            o.add(node, DCT.identifier, s(p.code))
        if p.name:
            o.add(node, RDFS.label, zh(p.name))
        if p.year:
            o.add(node, KG.fiscalYear, year(p.year))
        if p.region:  # a page that prints no code names no region the tool can resolve
            o.add(node, KG.region, n(self.region(p.region)))
            o.add(self.doc, DCT.spatial, n(self.region(p.region)))
        dept = ""
        if p.supervising_unit or p.supervising_code:
            dept = self.department(p.region, p.supervising_code, p.supervising_unit, p.line)
            o.add(node, KG.supervisingDepartment, n(dept))
        unit = dept if p.implementing_unit == p.supervising_unit else self._unit(p, dept)
        if unit:
            o.add(node, KG.implementingUnit, n(unit))
        if p.attribute in _ATTRIBUTES:
            o.add(node, KG.attribute, n(ATTRIBUTE[_ATTRIBUTES[p.attribute]]))
        if p.total_yuan is not None:
            o.add(node, KG.totalAmount, dec(p.total_yuan))
        o.add(node, KG.purpose, zh(p.purpose))
        self._derived(node, p.line)
        self.owner_keys[("project", p.code, p.name)] = (node, key)
        self.units[key] = unit
        if p.goal:
            self._goal(node, key, "goal", 1, p.goal, p.line)

    def _unit(self, p: Project, dept: str) -> str:
        if not p.implementing_unit:
            return ""
        node = self.ids.unit(p.region, p.implementing_unit)
        self.out.types(node, KG.ImplementingUnit, ORG.Organization)
        self.out.add(node, RDFS.label, zh(p.implementing_unit))
        if dept:
            self.out.add(node, ORG.subOrganizationOf, n(dept))
        self._derived(node, 0)
        return node

    # --- goals, functions, indicators ------------------------------------------------

    def _owner(self, kind: str, code: str, name: str) -> tuple[str, str]:
        return self.owner_keys[(kind, code, name)]

    def _goal(self, owner: str, key: str, kind: str, ordinal: int, text: str, line: int) -> None:
        cls, link, path = (
            (KG.PerformanceGoal, KG.hasGoal, "goal")
            if kind == "goal"
            else (KG.DepartmentFunction, KG.hasFunction, "function")
        )
        node = self.ids.owned(path, key, str(ordinal))
        self.out.types(node, cls)
        self.out.add(node, KG.ordinal, integer(ordinal))
        self.out.add(node, KG.text, zh(text))
        self.out.add(owner, link, n(node))
        self._derived(node, line)

    def _statement(self, st: Statement) -> None:
        owner, key = self._owner(st.owner_kind, st.owner_code, st.owner_name)
        self._goal(owner, key, st.kind, st.ordinal, st.text, st.line)

    def _indicators(self, indicators: list[Indicator], groups: list[Beneficiary]) -> None:
        named = {(b.line, b.indicator): b.group for b in groups}
        by_owner: dict[tuple[str, str, str], list[Indicator]] = defaultdict(list)
        for ind in indicators:
            by_owner[(ind.owner_kind, ind.owner_code, ind.owner_name)].append(ind)
        for owner_id, items in by_owner.items():
            owner, key = self._owner(*owner_id)
            scheme = CATEGORY_MOF if any(i.l1_code == "cost" for i in items) else CATEGORY_LOCAL
            for number, ind in enumerate(items, 1):
                node = self.ids.owned("indicator", key, number)
                self.out.add(owner, KG.hasIndicator, n(node))
                self._indicator(node, ind, number, scheme)
                group = named.get((ind.line, ind.content))
                if group:
                    gnode = self._group(group)
                    self.out.add(node, KG.namesGroup, n(gnode))
                    self.out.add(owner, KG.serves, n(gnode))

    def _indicator(self, node: str, ind: Indicator, number: int, scheme: object) -> None:
        o = self.out
        o.types(node, KG.Indicator)
        o.add(node, RDFS.label, zh(ind.content))
        o.add(node, KG.ordinal, integer(number))
        if ind.l1_code:
            o.add(node, KG.level1, n(scheme[ind.l1_code]))  # type: ignore[index]
        if ind.l2_code:
            o.add(node, KG.category, n(scheme[ind.l2_code]))  # type: ignore[index]
        o.add(node, KG.printedLevel1, zh(ind.l1))
        o.add(node, KG.printedLevel2, zh(ind.l2))
        o.add(node, KG.level3, zh(ind.l3))
        o.add(node, KG.description, zh(ind.description))
        o.add(node, KG.basis, zh(ind.basis))
        self._derived(node, ind.line)
        target = node.replace("/indicator/", "/target/")
        o.add(node, KG.hasTarget, n(target))
        self._target(target, ind)

    def _target(self, node: str, ind: Indicator) -> None:
        o = self.out
        o.types(node, KG.Target)
        o.add(node, KG.targetText, text(ind.value))
        o.add(node, KG.operator, s(ind.operator) if ind.operator else None)
        o.add(node, KG.direction, s(_DIRECTIONS[ind.operator]) if ind.operator else None)
        if ind.number is not None:
            o.add(node, QUDT.numericValue, dec(ind.number))
            if ind.unit:
                o.add(node, QUDT.unit, n(self._unit_concept(ind.unit)))
                o.add(node, KG.printedUnit, text(ind.unit))
        if ind.amount_yuan is not None:
            o.add(node, KG.amountYuan, dec(ind.amount_yuan))
        if ind.date:
            o.add(node, KG.deadline, date(ind.date))

    def _unit_concept(self, unit: str) -> str:
        """The QUDT unit where QUDT has it, else a local one close to a QUDT unit
        (:mod:`kg.rdf.units`)."""
        qudt, near, multiplier = resolve(unit)
        if qudt:
            return str(UNIT[qudt])
        node = str(KG_UNIT) + iri_safe(unit)
        o = self.out
        o.types(node, KG.Unit, SKOS.Concept, QUDT.Unit)
        o.add(node, SKOS.notation, s(unit))
        o.add(node, SKOS.prefLabel, zh(unit))
        o.add(node, SKOS.inScheme, n(SCHEMES["unit"]))
        if near:
            o.add(node, SKOS.closeMatch, n(UNIT[near]))
        if near and multiplier is not None:
            o.add(node, QUDT.scalingOf, n(UNIT[near]))
            o.add(node, QUDT.conversionMultiplier, dec(multiplier))
        return node

    def _group(self, name: str) -> str:
        node = self.ids.group(name)
        self.out.types(node, KG.BeneficiaryGroup, SCHEMA.Audience)
        self.out.add(node, RDFS.label, zh(name))
        return node

    # --- money ---------------------------------------------------------------------------

    def _funding(self, f: FundingLine) -> None:
        if f.amount_yuan is None:
            return
        owner, key = self._owner(f.owner_kind, f.owner_code, f.owner_name)
        node = self.ids.owned("funding", key, f.source_kind)
        o = self.out
        o.types(node, KG.FundingLine, SCHEMA.MonetaryGrant)
        region, fiscal_year = self._owner_region_year(f)
        is_project = f.owner_kind == "project"
        if fiscal_year:  # an observation has every dimension of its structure (Data Cube IC-11)
            o.types(node, QB.Observation)
            kind = "project" if is_project else "department"
            structure = KG.ProjectFundingStructure if is_project else KG.DepartmentFundingStructure
            dataset = self.ids.local("dataset", f"funding-{kind}-{region}-{fiscal_year}")
            self._dataset(dataset, structure, f"资金来源 {region} {fiscal_year}")
            o.add(node, QB.dataSet, n(dataset))
            self._fiscal_year(node, fiscal_year)
        o.add(node, KG.fundSource, n(FUND_SOURCE[f.source_kind]))
        o.add(node, OBEU_MEASURE.amount, dec(f.amount_yuan))
        o.add(node, OBEU_ATTR.currency, n(CNY))
        organization = self.units.get(key, "") if is_project else owner
        if organization:  # a project form may print neither unit
            o.add(node, OBEU_DIM.organization, n(organization))
        if is_project:
            o.add(node, OBEU_DIM.project, n(owner))
        o.add(node, SCHEMA.fundedItem, n(owner))
        funder = self._funder(region, f.source_kind)
        if funder:
            o.add(node, SCHEMA.funder, n(funder))
        amount = self.ids.owned("amount", key, f.source_kind)
        o.types(amount, SCHEMA.MonetaryAmount)
        o.add(amount, SCHEMA.value, dec(f.amount_yuan))
        o.add(amount, SCHEMA.currency, s("CNY"))
        o.add(node, SCHEMA.amount, n(amount))
        o.add(node, KG.printedAmount, text(f.printed))
        self._derived(node, f.line)

    def _fiscal_year(self, node: str, value: int) -> None:
        """OpenBudgets.eu's fiscalYear names the year (an interval:Year IRI); kg:fiscalYear
        keeps it as an xsd:gYear for queries that compare or filter years."""
        iri = str(YEAR[f"{value:04d}"])
        self.out.types(iri, INTERVAL.Year)
        self.out.add(node, OBEU_DIM.fiscalYear, n(iri))
        self.out.add(node, KG.fiscalYear, year(value))

    def _owner_region_year(self, f: FundingLine) -> tuple[str, int | None]:
        return self.owners.get((f.owner_kind, f.owner_code, f.owner_name), ("", None))

    def _funder(self, region: str, source_kind: str) -> str:
        if source_kind == "other" or not region:
            return ""
        if source_kind == "general_public_upper":
            parent = labels.parent_region(region)
            return self.region(parent) if parent in labels.REGIONS else ""
        return self.region(region)

    def _dataset(self, node: str, structure: object, title: str) -> None:
        self.out.types(node, QB.DataSet)
        self.out.add(node, QB.structure, n(str(structure)))
        self.out.add(node, DCT.title, zh(title.strip()))
        self._derived(node, 0)

    def _budget(self, lines: list[BudgetLine]) -> None:
        if not lines:
            return
        region = self._document_region()
        doc_year = max(b.year or 0 for b in lines)
        for b in lines:
            if b.amount_wan is None:
                continue
            item = self._budget_item(b)
            local = f"{region}-{doc_year}-{b.table_kind}-{item.rsplit('-h', 1)[1]}-{b.measure}"
            node = self.ids.local("budget", local)
            dataset = self.ids.local("dataset", f"budget-{region}-{doc_year}-{b.table_kind}")
            self._dataset(dataset, KG.BudgetStructure, f"{b.table} {doc_year}")
            o = self.out
            o.types(node, KG.BudgetLine, QB.Observation)
            o.add(node, QB.dataSet, n(dataset))
            o.add(node, KG.budgetTable, n(BUDGET_TABLE[b.table_kind]))
            o.add(node, KG.budgetItem, n(item))
            o.add(node, OBEU_DIM.budgetPhase, n(OBEU_PHASE[_PHASES[b.measure]]))
            if b.year:
                self._fiscal_year(node, b.year)
            o.add(node, OBEU_DIM.organization, n(self.region(region)))
            o.add(node, KG.measure, s(b.measure))
            o.add(node, KG.section, zh(b.section))
            o.add(node, OBEU_MEASURE.amount, dec(to_yuan(b.amount_wan, "万元")))
            o.add(node, OBEU_ATTR.currency, n(CNY))
            o.add(node, KG.printedAmount, text(f"{b.amount_wan}万元"))
            self._derived(node, b.line)

    def _budget_item(self, b: BudgetLine) -> str:
        name = labels.ORDINAL_PREFIX.sub("", b.item)
        node = self.ids.budget_item(b.table_kind, f"{b.section}/{name}")
        o = self.out
        o.types(node, KG.BudgetItem, SKOS.Concept)
        o.add(node, SKOS.prefLabel, zh(name))
        o.add(node, SKOS.inScheme, n(self.ids.local("scheme", "budget-items")))
        if b.parent:
            parent = labels.ORDINAL_PREFIX.sub("", b.parent)
            o.add(
                node, SKOS.broader, n(self.ids.budget_item(b.table_kind, f"{b.section}/{parent}"))
            )
        scheme = self.ids.local("scheme", "budget-items")
        o.types(scheme, SKOS.ConceptScheme)
        o.add(scheme, SKOS.prefLabel, zh("预算科目"))
        return node

    def _document_region(self) -> str:
        regions = [r.region for r in self._all(Project)] + [r.region for r in self._all(Department)]
        return max(set(regions), key=regions.count) if regions else ""

    def _milestones(self, plan: Iterable[SpendingPlan]) -> None:
        for number, m in enumerate(plan, 1):
            project = self.ids.project(m.owner_code)
            node = self.ids.owned("milestone", m.owner_code, str(number))
            self.out.types(node, KG.SpendingMilestone)
            self.out.add(node, KG.period, zh(m.period))
            self.out.add(node, KG.ordinal, integer(number))
            if m.amount_wan is not None:
                self.out.add(node, OBEU_MEASURE.amount, dec(to_yuan(m.amount_wan, "万元")))
            self.out.add(project, KG.hasMilestone, n(node))
            self._derived(node, m.line)
