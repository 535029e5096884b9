"""The network page in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

Every request other than file:// is blocked and recorded; alert dialogs are recorded too.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, Page, Route, sync_playwright

from benchmarks.chromium import ARGS, CHROMIUM
from kg.cli import main
from kg.pipeline import build_graph, extract
from kg.resources import SAMPLES
from kg.views.network import to_networkx
from kg.views.network_page import columns, network_html, select
from kg.views.sankey import STAGES, flows, sankey_html
from tests.conftest import DATA


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


class Watched:
    """A browser page that may fetch only files, with what it tried to fetch, logged to the
    console as errors and alerted."""

    def __init__(self, browser: Browser, width: int) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page: Page = browser.new_page(viewport={"width": width, "height": 900})
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)

    def _route(self, route: Route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


class Visit(Watched):
    """A page opened offline, with what it tried to fetch, logged and alerted."""

    def __init__(
        self, browser: Browser, html: str, tmp: Path, ready: str = "window.kgNetwork !== undefined"
    ) -> None:
        path = tmp / "page.html"
        path.write_text(html, encoding="utf-8")
        super().__init__(browser, 1400)
        self.page.goto(path.as_uri())
        self.until(ready, seconds=30)

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
    drawn = "window.kgNetwork.network.body.nodeIndices.length"
    assert visit.eval(drawn) == len(select(view, year=2025))  # it opens at the latest year
    visit.page.select_option("#year", "")
    assert visit.eval(drawn) == len(view)
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
    visit.page.select_option("#year", "")
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
    visit.page.select_option("#year", "")
    visit.page.select_option("#region", "450206")
    assert visit.eval(drawn) == len(select(view, region="450206"))
    visit.page.select_option("#source", "gov_fund")  # both menus at once: the intersection
    both = set(select(view, region="450206")) & set(select(view, source="gov_fund"))
    assert visit.eval(drawn) == len(both)
    visit.page.select_option("#region", "")
    assert visit.eval(drawn) == len(select(view, source="gov_fund"))
    assert visit.errors == [] and visit.requests == []


SHOWN = "window.kgNetwork.network.body.nodeIndices"
# every drawn node's box, in page pixels, and the canvas it is drawn on
BOXES = """(() => {
  const n = window.kgNetwork.network;
  const canvas = document.querySelector("#network canvas").getBoundingClientRect();
  const boxes = n.body.nodeIndices.map(id => {
    const b = n.getBoundingBox(id);
    const lt = n.canvasToDOM({x: b.left, y: b.top}), rb = n.canvasToDOM({x: b.right, y: b.bottom});
    return {id: id, left: lt.x, top: lt.y, right: rb.x, bottom: rb.y};
  });
  return {width: canvas.width, height: canvas.height, boxes: boxes};
})()"""


def test_a_filter_lays_out_and_fits_what_it_shows(
    browser: Browser, network: nx.MultiDiGraph, tmp_path: Path
) -> None:
    view = select(network)
    visit = Visit(browser, network_html(view), tmp_path)
    visit.page.select_option("#region", "450206")
    liujiang = select(view, region="450206")
    assert sorted(visit.eval(SHOWN)) == sorted(liujiang)
    # laid out anew: the column layout of 柳江区 alone, not its place in the whole corpus
    drawn = visit.eval("window.kgNetwork.network.getPositions()")
    assert {n: (p["x"], p["y"]) for n, p in drawn.items()} == columns(liujiang)
    seen = visit.eval(BOXES)
    left = min(b["left"] for b in seen["boxes"])
    right = max(b["right"] for b in seen["boxes"])
    top = min(b["top"] for b in seen["boxes"])
    bottom = max(b["bottom"] for b in seen["boxes"])
    assert left >= 0 and top >= 0 and right <= seen["width"] and bottom <= seen["height"]
    assert right - left >= 0.65 * seen["width"] or bottom - top >= 0.65 * seen["height"]
    # labels readable: 13 projects one above the other, each at least a 14 px label apart
    projects = sorted(b["top"] for b in seen["boxes"] if "/project/" in b["id"])
    assert len(projects) == 13
    assert min(b - a for a, b in pairwise(projects)) >= 14
    assert visit.errors == []


def test_a_hidden_node_leaves_the_detail_panel(
    browser: Browser, network: nx.MultiDiGraph, tmp_path: Path
) -> None:
    visit = Visit(browser, network_html(select(network)), tmp_path)
    info = lambda: visit.page.text_content("#info") or ""  # noqa: E731
    opened = info()
    visit.page.fill("#search", "158医院")  # 002 line 4: 柳州市, 2023: hidden at the 2025 opening
    assert visit.eval("window.kgNetwork.network.getSelectedNodes()") == []
    visit.page.select_option("#year", "")
    visit.page.fill("#search", "158医院")
    assert "158医院特殊病区经费" in info() and "1371400 元" in info()
    visit.page.select_option("#region", "450206")  # 柳江区: the city's project goes
    assert "158医院" not in info() and info() == opened
    assert visit.eval("window.kgNetwork.network.getSelectedNodes()") == []
    visit.page.fill("#search", "拉堡")  # 001, 柳江区: stays when the year menu keeps it
    visit.page.select_option("#year", "2025")
    assert "拉堡、新兴污水处理费" in info()


def test_year_menu_shows_one_year_and_its_counts(
    browser: Browser, network: nx.MultiDiGraph, tmp_path: Path
) -> None:
    view = select(network)
    visit = Visit(browser, network_html(view), tmp_path)
    count = "document.querySelector('span.count[data-kind=project]').textContent"
    assert visit.eval(count) == str(62 - 25)  # opens at 2025: all but 002's 25 forms
    visit.page.select_option("#year", "2023")
    assert sorted(visit.eval(SHOWN)) == sorted(select(view, year=2023))
    assert visit.eval(count) == "25"
    visit.page.select_option("#year", "")
    assert visit.eval(count) == "62"


# --- the fund-flow Sankey --------------------------------------------------------------------

SANKEY_READY = (
    "window.kgSankey !== undefined && document.querySelectorAll('.sankey-node').length > 0"
)
NODES = "document.querySelectorAll('.sankey-node').length"
LINKS = "document.querySelectorAll('.sankey-link').length"


def test_sankey_loads_offline_and_draws_every_flow(
    browser: Browser, network: nx.MultiDiGraph, tmp_path: Path
) -> None:
    f = flows(select(network, year=2025))  # the page opens at the latest year
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


def test_sankey_headline_and_legend_follow_the_menus(
    browser: Browser, network: nx.MultiDiGraph, tmp_path: Path
) -> None:
    note = "document.getElementById('note').textContent"
    legend = (
        "Array.from(document.querySelectorAll('.legend'))"
        ".filter(s => !s.hidden).map(s => s.dataset.kind)"
    )
    filtered = tmp_path / "liujiang.html"  # what the CLI writes for 柳江区
    result = CliRunner().invoke(
        main, ["viz", "--sankey", "--region", "450206", "--out", str(filtered)]
    )
    assert result.exit_code == 0, result.output
    cli = Visit(browser, filtered.read_text(encoding="utf-8"), tmp_path, ready=SANKEY_READY)
    expected = cli.eval(note)
    assert expected == "2025 年 13 个项目 projects · 7483.48万元"  # 001's 13 合计 lines, by hand
    visit = Visit(browser, sankey_html(network), tmp_path, ready=SANKEY_READY)
    visit.page.select_option("#region", "region:450206")
    visit.until(f"{note} === {expected!r}")
    assert visit.eval(legend) == cli.eval(legend) == list(STAGES)
    # 住建局 (136) implements its own projects: no unit column, and none in the legend
    visit.page.select_option("#department", "department:450206-136")
    visit.until(f"{note}.indexOf('2025 年 2 个项目 projects · 3100万元') === 0")
    assert visit.eval(legend) == ["fund_source", "department", "project", "group"]
    assert visit.errors == [] and visit.requests == []


def test_sankey_year_menu(browser: Browser, network: nx.MultiDiGraph, tmp_path: Path) -> None:
    note = "document.getElementById('note').textContent"
    visit = Visit(browser, sankey_html(network), tmp_path, ready=SANKEY_READY)
    assert visit.eval(note).startswith("2025 年 37 个项目 projects")
    visit.page.select_option("#year", "2023")
    f = flows(select(network, year=2023))
    visit.until(f"{NODES} === {len(f.nodes)}")
    assert visit.eval(note).startswith("2023 年 25 个项目 projects")  # 002's 25 forms
    visit.page.select_option("#year", "")  # all years: one total per year, never their sum
    visit.until(f"{note}.indexOf('；2025 年 37 个项目') > 0")
    assert visit.eval(note).startswith("2023 年 25 个项目 projects")
    visit.page.select_option("#region", "region:450206")
    visit.page.select_option("#year", "2023")  # 柳江区 has no 2023 project: an empty picture
    visit.until(f"{NODES} === 0")
    assert visit.eval(note).startswith("0 个项目 projects")
    assert visit.errors == [] and visit.requests == []
