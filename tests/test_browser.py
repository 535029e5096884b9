"""The network page in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

Every request other than file:// is blocked and recorded; alert dialogs are recorded too.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

from benchmarks.chromium import ARGS, CHROMIUM
from kg.extract import SAMPLES, extract
from kg.network import to_networkx
from kg.rdf.export import build_graph
from kg.sankey import flows, sankey_html
from kg.viz import network_html, select
from tests.conftest import DATA


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


class Visit:
    """A page opened offline, with what it tried to fetch, logged and alerted."""

    def __init__(
        self, browser: Browser, html: str, tmp: Path, ready: str = "window.kgNetwork !== undefined"
    ) -> None:
        path = tmp / "page.html"
        path.write_text(html, encoding="utf-8")
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page: Page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri())
        self.until(ready, seconds=30)

    def _route(self, route: Route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def eval(self, script: str) -> Any:
        return self.page.evaluate(script)

    def until(self, condition: str, seconds: float = 10) -> None:
        """Wait for a condition. Passed as a function: a string expression would be polled
        with eval, which the pages' Content-Security-Policy forbids."""
        self.page.wait_for_function(f"() => {condition}", timeout=seconds * 1000)


@pytest.fixture(scope="module")
def network() -> nx.MultiDiGraph:
    return to_networkx(build_graph(extract([SAMPLES])).triples())


def test_network_page_loads_offline_and_draws_every_node(
    browser: Browser, network: nx.MultiDiGraph, tmp_path: Path
) -> None:
    view = select(network)
    visit = Visit(browser, network_html(view), tmp_path)
    assert visit.requests == []
    assert visit.errors == []
    assert visit.eval("window.kgNetwork.network.body.nodeIndices.length") == len(view)
    assert visit.eval("window.kgNetwork.edges.length") == view.number_of_edges()


def test_search_finds_a_known_project(
    browser: Browser, network: nx.MultiDiGraph, tmp_path: Path
) -> None:
    visit = Visit(browser, network_html(select(network)), tmp_path)
    visit.page.fill("#search", "拉堡")
    selected = visit.eval("window.kgNetwork.network.getSelectedNodes()")
    assert selected == ["https://kg.example.org/id/project/450206220413600006280"]
    info = visit.page.text_content("#info") or ""
    assert "拉堡、新兴污水处理费" in info and "26000000 元" in info
    assert "001_ca9d259f3fbd1813.txt 第 231 行" in info


def test_kind_filter_hides_nodes(
    browser: Browser, network: nx.MultiDiGraph, tmp_path: Path
) -> None:
    view = select(network)
    groups = sum(1 for _, d in view.nodes(data=True) if d["kind"] == "group")
    visit = Visit(browser, network_html(view), tmp_path)
    visit.page.uncheck("input.kind[value=group]")
    assert visit.eval("window.kgNetwork.network.body.nodeIndices.length") == len(view) - groups


def test_hostile_names_run_nothing(browser: Browser, tmp_path: Path) -> None:
    g = to_networkx(build_graph(extract([DATA / "xss-names.txt"])).triples())
    visit = Visit(browser, network_html(select(g)), tmp_path)
    project = next(n for n, d in g.nodes(data=True) if d["kind"] == "project")
    visit.eval(f"window.kgNetwork.network.selectNodes([{project!r}])")
    visit.page.fill("#search", "img")
    info = visit.page.text_content("#info") or ""
    assert "<img src=x onerror=alert(1)></script><script>alert(2)</script>" in info
    assert visit.dialogs == [] and visit.requests == [] and visit.errors == []
    assert visit.eval("document.querySelectorAll('img').length") == 0


def test_region_and_source_menus_show_what_the_cli_filters_select(
    browser: Browser, network: nx.MultiDiGraph, tmp_path: Path
) -> None:
    view = select(network)
    visit = Visit(browser, network_html(view), tmp_path)
    drawn = "window.kgNetwork.network.body.nodeIndices.length"
    visit.page.select_option("#region", "450206")
    assert visit.eval(drawn) == len(select(view, region="450206"))
    visit.page.select_option("#source", "gov_fund")  # both menus at once: the intersection
    both = set(select(view, region="450206")) & set(select(view, source="gov_fund"))
    assert visit.eval(drawn) == len(both)
    visit.page.select_option("#region", "")
    assert visit.eval(drawn) == len(select(view, source="gov_fund"))
    assert visit.errors == [] and visit.requests == []


# --- the fund-flow Sankey --------------------------------------------------------------------

SANKEY_READY = (
    "window.kgSankey !== undefined && document.querySelectorAll('.sankey-node').length > 0"
)
NODES = "document.querySelectorAll('.sankey-node').length"
LINKS = "document.querySelectorAll('.sankey-link').length"


def test_sankey_loads_offline_and_draws_every_flow(
    browser: Browser, network: nx.MultiDiGraph, tmp_path: Path
) -> None:
    f = flows(select(network))
    visit = Visit(browser, sankey_html(network), tmp_path, ready=SANKEY_READY)
    assert visit.requests == [] and visit.errors == []
    assert visit.eval(NODES) == len(f.nodes)
    assert visit.eval(LINKS) == len(f.links)


def test_sankey_region_menu_redraws_the_region(
    browser: Browser, network: nx.MultiDiGraph, tmp_path: Path
) -> None:
    f = flows(select(network, region="450206"))
    visit = Visit(browser, sankey_html(network), tmp_path, ready=SANKEY_READY)
    visit.page.select_option("#region", "region:450206")
    visit.until(f"{NODES} === {len(f.nodes)}")
    assert visit.eval(LINKS) == len(f.links)
    # the link 政府性基金 → 住建局 carries 26,000,000 + 5,000,000 yuan (001 lines 238, 261)
    link = "政府性基金 → 柳州市柳江区住房和城乡建设局"
    hover = visit.eval(
        "window.kgSankey.div.data[0].link.customdata"
        f".filter(function (t) {{ return t.indexOf('{link}') === 0; }})"
    )
    assert hover == [f"{link}<br>31000000 元"]
    labels = visit.page.locator(".sankey-node .node-label").all_text_contents()
    assert "拉堡、新兴污水处理费" in labels
    assert visit.errors == [] and visit.requests == []


def test_sankey_hostile_names_run_nothing(browser: Browser, tmp_path: Path) -> None:
    g = to_networkx(build_graph(extract([DATA / "xss-names.txt"])).triples())
    visit = Visit(browser, sankey_html(g), tmp_path, ready=SANKEY_READY)
    labels = visit.page.locator(".sankey-node .node-label").all_text_contents()
    assert any(label.startswith("<img src=x onerro") for label in labels)
    assert visit.dialogs == [] and visit.requests == [] and visit.errors == []
    assert visit.eval("document.querySelectorAll('img').length") == 0
