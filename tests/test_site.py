"""`kg site` in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright, every
request other than file:// blocked and counted), and the graph's IRIs dereferenced against a
real `kg serve` process on 127.0.0.1."""

from __future__ import annotations

import http.client
import json
import random
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import rdflib
from click.testing import CliRunner
from playwright.sync_api import Browser, sync_playwright

from benchmarks.chromium import ARGS, CHROMIUM
from kg.cli import main
from kg.domain.model import Extraction
from kg.pipeline import build_graph, extract
from kg.rdf.ids import Ids
from kg.rdf.write import turtle, write_graph
from kg.store import linked
from tests.conftest import DATA
from tests.test_browser import Watched

LAPU = "450206220413600006280"  # 拉堡、新兴污水处理费
HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"
OTHER_BASE = "https://other-district.example/id/"


def _site(out: Path, *graphs: Path) -> Path:
    args = ["site", "--out", str(out)]
    for g in graphs:
        args += ["--graph", str(g)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory, samples: Extraction) -> Path:
    """The samples' kg.ttl as this version of kg builds it (with the audit's findings)."""
    out = tmp_path_factory.mktemp("exports")
    write_graph(build_graph(samples), out)
    return out / "kg.ttl"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, graph: Path) -> Path:
    return _site(tmp_path_factory.mktemp("site") / "site", graph)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, graph: Path) -> Path:
    """Our exports and another district's Turtle (another base IRI) whose project, department
    and unit have the names of tests/data/xss-names.txt."""
    tmp = tmp_path_factory.mktemp("hostile")
    text = (DATA / "xss-names.txt").read_text(encoding="utf-8")
    text = text.replace("测试单位", f"单位{HOSTILE}").replace("101-测试局", f"101-局{HOSTILE}")
    (tmp / "xss.txt").write_text(text, encoding="utf-8")
    theirs = build_graph(extract([tmp / "xss.txt"]), base=OTHER_BASE)
    (tmp / "other.ttl").write_bytes(turtle(theirs.triples(), Ids(OTHER_BASE)))
    return _site(tmp / "site", graph, tmp / "other.ttl")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


class Visit(Watched):
    """Pages opened offline, with what they tried to fetch, logged and alerted."""

    def __init__(self, browser: Browser) -> None:
        super().__init__(browser, 1280)

    def open(self, path: Path) -> Visit:
        self.page.goto(path.as_uri())
        return self

    def clean(self) -> bool:
        return self.requests == [] and self.errors == [] and self.dialogs == []


def _funding(graph: Path, project: str) -> list[dict[str, str]]:
    args = ["query", "project-funding", "--param", f"project={project}", "--format", "json"]
    result = CliRunner().invoke(main, [*args, "--graph", str(graph)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in rows]


def test_search_finds_the_project_and_its_page_totals_equal_the_query(
    browser: Browser, site: Path, graph: Path
) -> None:
    visit = Visit(browser).open(site / "index.html")
    visit.page.wait_for_function("() => window.kgSite !== undefined")
    visit.page.fill("#search", "拉堡")
    link = visit.page.locator("#results a", has_text="拉堡、新兴污水处理费")
    assert link.count() == 1
    link.click()
    visit.page.wait_for_url(re.compile(rf"/project/{LAPU}\.html$"))
    shown = visit.page.eval_on_selector_all(
        "table.money td[data-key]", "cells => cells.map(c => [c.dataset.key, c.dataset.yuan])"
    )
    cells = {key: Decimal(yuan) for key, yuan in shown}
    rows = _funding(graph, LAPU)
    assert rows and len(rows) == len(cells) - 1  # one cell per fund source, and the total
    for row in rows:
        year = row.get("year", "")[:4]
        assert cells[f"{row['source']}|{year}"] == Decimal(row["amount"]), row
    total = sum(Decimal(r["amount"]) for r in rows)
    assert cells[f"total|{rows[0]['year'][:4]}"] == total == Decimal(rows[0]["total"])
    assert "001_ca9d259f3fbd1813.txt 第 231 行" in (visit.page.text_content("body") or "")
    assert visit.clean()


def test_the_index_loads_offline_with_zero_requests_and_facets_count(
    browser: Browser, site: Path
) -> None:
    visit = Visit(browser).open(site / "index.html")
    visit.page.wait_for_function("() => window.kgSite !== undefined")
    projects = visit.page.evaluate("window.kgSite.projects")
    assert projects == len(list((site / "project").glob("[0-9]*.html")))
    year = visit.page.locator('fieldset[data-facet="year"] input[data-value="2023"]')
    label = visit.page.locator(
        'fieldset[data-facet="year"] label', has=visit.page.locator('input[data-value="2023"]')
    )
    count = int(re.search(r"\((\d+)\)", label.text_content() or "").group(1))  # type: ignore[union-attr]
    year.check()
    assert visit.page.text_content("#shown").startswith(f"{count} ")  # type: ignore[union-attr]
    visit.page.fill("#search", "government fund")  # the ontology's English label
    assert visit.page.locator("#results a", has_text="政府性基金").count() == 1
    assert visit.clean()


def test_every_link_on_a_sample_of_50_pages_is_a_file_of_the_site(
    browser: Browser, site: Path
) -> None:
    pages = sorted(site.rglob("*.html"))
    sample = [site / "index.html", *random.Random(18).sample(pages, 49)]
    visit = Visit(browser)
    checked = 0
    for path in sample:
        visit.open(path)
        for href in visit.page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)"):
            assert href.startswith("file://"), (path, href)
            target = Path(urllib.request.url2pathname(href.split("#")[0].removeprefix("file://")))
            assert target.resolve().is_relative_to(site.resolve()) and target.is_file(), (
                path,
                href,
            )
            checked += 1
    assert checked > 500 and visit.clean()


def test_a_department_page_shows_its_projects_money_and_the_audits_findings(
    browser: Browser, site: Path
) -> None:
    visit = Visit(browser).open(site / "department" / "450206-136.html")
    body = visit.page.text_content("body") or ""
    assert "拉堡、新兴污水处理费" in body and "项目资金 money of its projects" in body
    visit.open(site / "department" / "450203-435.html")  # 鱼峰区接待办公室: a cost-cap finding
    findings = visit.page.text_content("#findings") or ""
    assert "公务接待费总金额" in findings and "第 " in findings
    assert visit.clean()


def test_the_same_graph_gives_the_same_bytes(site: Path, graph: Path, tmp_path: Path) -> None:
    again = _site(tmp_path / "again", graph)
    files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert all((site / f).read_bytes() == (again / f).read_bytes() for f in files)
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)?", f.as_posix()) for f in files)


def test_hostile_names_of_another_district_get_pages_and_run_nothing(
    browser: Browser, hostile: Path
) -> None:
    iris = dict(line.split("\t") for line in (hostile / "iris.tsv").read_text().splitlines())
    page = hostile / iris[OTHER_BASE + "project/450299250410100000001"]
    visit = Visit(browser).open(page)
    body = visit.page.text_content("body") or ""
    assert HOSTILE in body and f"单位{HOSTILE}" in body
    visit.open(hostile / "index.html")
    visit.page.wait_for_function("() => window.kgSite !== undefined")
    visit.page.fill("#search", "onerror")
    assert HOSTILE in (visit.page.text_content("#results") or "")
    assert visit.page.evaluate("document.querySelectorAll('img, script[src]').length") == 0
    assert visit.clean()


def test_site_refuses_a_folder_it_did_not_write(graph: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = CliRunner().invoke(main, ["site", "--graph", str(graph), "--out", str(tmp_path)])
    assert result.exit_code == 2 and "not a site" in result.output
    assert (tmp_path / "notes.txt").read_text() == "mine"


# --- the IRIs, dereferenced by a real kg serve ---------------------------------------------

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


@pytest.fixture(scope="module")
def served(site: Path, graph: Path) -> Iterator[int]:
    from tests.test_server import _serve, _stop

    proc, port = _serve("--graph", str(graph), "--site", str(site))
    try:
        yield port
    finally:
        _stop(proc)


def _get(port: int, path: str, accept: str = "", method: str = "GET", host: str = "") -> Any:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Accept": accept} if accept else {}
    if host:
        headers["Host"] = host
    conn.request(method, path, headers=headers)
    answer = conn.getresponse()
    answer.body = answer.read()
    conn.close()
    return answer


def test_an_iri_answers_a_browser_with_its_page(served: int) -> None:
    answer = _get(served, f"/id/project/{LAPU}", BROWSER)
    assert answer.status == 303 and answer.getheader("Vary") == "Accept"
    where = answer.getheader("Location")
    assert where == f"/site/project/{LAPU}.html"
    page = _get(served, where, BROWSER)
    assert page.status == 200 and page.getheader("Content-Type").startswith("text/html")
    assert "拉堡、新兴污水处理费" in page.body.decode("utf-8")


def test_an_iri_answers_turtle_with_the_projects_triples(served: int, graph: Path) -> None:
    answer = _get(served, f"/id/project/{LAPU}", "text/turtle")
    assert answer.status == 303
    data = _get(served, answer.getheader("Location"), "text/turtle")
    assert data.status == 200 and data.getheader("Content-Type").startswith("text/turtle")
    served_graph = rdflib.Graph().parse(data=data.body.decode("utf-8"), format="turtle")
    project = rdflib.URIRef(f"https://kg.example.org/id/project/{LAPU}")
    exports = rdflib.Graph().parse(graph, format="turtle")
    own = set(exports.triples((project, None, None))) | set(exports.triples((None, None, project)))
    assert own and _values(own) == _values(served_graph)  # 26000000.0 is 26000000
    assert (project, rdflib.RDFS.label, rdflib.Literal("拉堡、新兴污水处理费", lang="zh")) in own


def _values(triples: Any) -> set[tuple[object, ...]]:
    return {
        (s, p, (o.toPython(), o.datatype, o.language) if isinstance(o, rdflib.Literal) else o)
        for s, p, o in triples
    }


def test_unknown_iris_and_other_requests_are_refused(served: int) -> None:
    assert _get(served, "/id/project/450206000000000000000", "text/turtle").status == 404
    assert _get(served, "/id/project/450206000000000000000", BROWSER).status == 404
    assert _get(served, "/data/id/region/999999", "text/turtle").status == 404
    assert _get(served, "/site/../exports/kg.ttl").status == 404
    assert _get(served, "/site/%2e%2e/%2e%2e/etc/passwd").status == 404
    assert _get(served, f"/id/project/{LAPU}", "text/turtle", method="POST").status == 405
    assert _get(served, f"/id/project/{LAPU}", BROWSER, host="rebound.example").status == 403


def test_the_ontology_resolves_to_its_page_and_its_turtle(served: int) -> None:
    page = _get(served, "/def/kg", BROWSER)
    assert page.status == 303 and page.getheader("Location") == "/site/def/kg.html"
    assert 'id="Project"' in _get(served, "/site/def/kg.html").body.decode("utf-8")
    ttl = _get(served, _get(served, "/def/kg", "text/turtle").getheader("Location"), "text/turtle")
    ontology = rdflib.Graph().parse(data=ttl.body.decode("utf-8"), format="turtle")
    kg = rdflib.Namespace("https://kg.example.org/def/kg#")
    assert (kg.Project, rdflib.RDF.type, rdflib.OWL.Class) in ontology
    concept = _get(served, "/def/fund-source/gov_fund", BROWSER)
    assert concept.getheader("Location") == "/site/fund-source/gov_fund.html"


def test_an_iri_answers_json_ld_too(served: int) -> None:
    answer = _get(served, f"/id/project/{LAPU}", "application/ld+json")
    data = _get(served, answer.getheader("Location"), "application/ld+json")
    assert data.getheader("Content-Type").startswith("application/ld+json")
    ids = {node.get("@id") for node in json.loads(data.body)}
    assert f"https://kg.example.org/id/project/{LAPU}" in ids


def test_without_a_site_a_browser_gets_the_data_and_unknown_media_is_not_acceptable() -> None:
    iri = f"/id/project/{LAPU}"
    plan = linked.plan(iri, BROWSER, "https://kg.example.org/id/", None)
    assert plan.status == 303 and ("Location", f"/data{iri}") in plan.headers
    assert linked.plan(iri, "image/png", "https://kg.example.org/id/", None).status == 406
    other = linked.plan("/ids/project/1", BROWSER, "https://budget.example.gov.cn/ids/", None)
    assert other.iri == "https://budget.example.gov.cn/ids/project/1"


def test_the_same_project_code_in_another_year_stands_beside_it(
    graph: Path, tmp_path: Path
) -> None:
    from kg.store.open import open_store
    from kg.views.site import write_site

    store = open_store([graph])
    project = f"https://kg.example.org/id/project/{LAPU}"
    store.update(
        "PREFIX kg: <https://kg.example.org/def/kg#> PREFIX schema: <https://schema.org/> "
        "PREFIX m: <http://data.openbudgets.eu/ontology/dsd/measure/> "
        "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> INSERT DATA { "
        f"<{project}-2024> a kg:FundingLine ; schema:fundedItem <{project}> ; "
        "kg:fundSource <https://kg.example.org/def/fund-source/gov_fund> ; "
        'm:amount "1200000"^^xsd:decimal ; kg:fiscalYear "2024"^^xsd:gYear . '
        f'<{project}> kg:fiscalYear "2024"^^xsd:gYear . }}'
    )
    write_site(store, tmp_path / "site")
    page = (tmp_path / "site" / "project" / f"{LAPU}.html").read_text(encoding="utf-8")
    assert "<th>2024 年</th><th>2025 年</th>" in page
    assert 'data-yuan="1200000" data-key="gov_fund|2024"' in page
    assert 'data-yuan="26000000" data-key="gov_fund|2025"' in page
