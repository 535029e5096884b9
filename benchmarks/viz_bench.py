"""How many nodes the interactive network page can draw: the measurement behind ``NODE_BUDGET``.

Run from the repository root::

    python -m benchmarks.viz_bench                     # markdown table on stdout
    python -m benchmarks.viz_bench --sizes 500,2000    # other node counts
    python -m benchmarks.viz_bench --json              # one JSON object on stdout

For each node count N, a synthetic graph in the shape :func:`kg.network.to_networkx` produces
is built from ``random.Random(--seed)``: 6 fund sources, 3 regions, then about 60 % projects,
15 % departments, 10 % implementing units and 15 % beneficiary groups, with ~3.5 edges per node
(``funds`` with an amount from fund sources to projects and departments, ``supervises``,
``implements``, ``part_of``, ``serves`` and ``in_region``). It is rendered with
``kg.viz.network_html(g, budget=10**9)``, so nothing is folded and the page draws all N nodes,
written to a temporary file and opened ``--repeats`` times, each time in a fresh browser context
of Debian's headless Chromium (``/usr/bin/chromium`` driven by Playwright, viewport 1400x900,
every request other than file:// aborted). Each visit measures:

* **load ms**: from navigation start (``performance.timeOrigin``) to the end of the first draw
  of the fitted graph. The page draws once at vis-network's initial view, its ``fitAll`` runs in
  that draw's ``afterDrawing`` (and again on ``load``), and the next draw shows the fitted graph:
  the end of the first draw that began after the first ``fitAll``. Timed inside the page, so
  Playwright's polling is not included (the JSON output has the wall time too);
* **redraw ms**: ``kgNetwork.network.redraw()`` (vis-network draws synchronously there) followed
  by ``getImageData`` of one pixel, which makes Chromium rasterise the recorded canvas commands
  before it returns; ``--redraws`` times after one warm-up draw, at the fitted scale, p50. The
  time of the JavaScript part alone is kept in the JSON output as ``redraw_js_ms``;
* **zoom ms**: ``network.moveTo({scale: 2})`` from the fitted view, then the same redraw and
  read-back, ``--redraws`` times, p50 (at scale 2 labels are drawn, off-screen nodes are
  culled, edges are not);
* **heap MB**: ``performance.memory.usedJSHeapSize`` after a forced garbage collection
  (Chromium runs with ``--enable-precise-memory-info``, so the figure is not bucketed);
* **html MB**: the size of the page (it embeds vis-network, ~0.5 MB).

Per N the table shows the median over the visits. The recommended budget is the largest N
such that it and every smaller N draw in at most ``--max-redraw-ms`` (default 50 ms, about
20 frames per second while panning) and load in at most ``--max-load-ms`` (default 3 s).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import networkx as nx

from benchmarks import chromium
from kg.views.network_page import NODE_BUDGET, network_html

# performance.memory without 100 kB buckets
ARGS = [*chromium.ARGS, "--enable-precise-memory-info"]
CHROMIUM = chromium.CHROMIUM
VIEWPORT = {"width": 1400, "height": 900}
SIZES = (250, 500, 1000, 2000, 4000, 8000)
ID = "https://kg.example.org/id/"
FUND_SOURCES = (  # code, label
    ("general_public", "一般公共预算拨款"),
    ("government_fund", "政府性基金预算拨款"),
    ("state_capital", "国有资本经营预算拨款"),
    ("special_account", "财政专户管理资金"),
    ("unit_own", "单位资金"),
    ("higher_subsidy", "上级补助收入"),
)
REGIONS = 3
SHARES = {"project": 0.60, "department": 0.15, "unit": 0.10}  # groups: the rest
MIN_NODES = 100  # so that every kind gets its share

# --------------------------------------------------------------------------- data


def synthetic_graph(n: int, seed: int = 0) -> nx.MultiDiGraph:
    """A who-funds-what network of about ``n`` nodes, attributes and keys as to_networkx's."""
    rng = random.Random(seed)
    if n < MIN_NODES:
        raise ValueError(f"at least {MIN_NODES} nodes")
    count = {kind: round(share * n) for kind, share in SHARES.items()}
    count["group"] = n - len(FUND_SOURCES) - REGIONS - sum(count.values())
    nodes: dict[str, dict[str, Any]] = {}

    def add(iri: str, kind: str, label: str, code: str, amount: Decimal | None) -> str:
        doc = rng.randrange(1, 40)
        nodes[iri] = {
            "kind": kind,
            "label": label,
            "iri": iri,
            "code": code,
            "amount": amount,
            "source": f"{doc:03d}_synthetic.txt" if kind not in ("fund_source", "region") else "",
            "line": rng.randrange(1, 400) if kind not in ("fund_source", "region") else None,
        }
        return iri

    def yuan(low: int, high: int) -> Decimal:
        return Decimal(rng.randrange(low, high, 100))

    sources = [
        add(f"https://kg.example.org/def/fund-source/{code}", "fund_source", label, "", None)
        for code, label in FUND_SOURCES
    ]
    regions = [
        add(f"{ID}region/13082{k}", "region", f"测试县{k}", f"13082{k}", None)
        for k in range(REGIONS)
    ]
    departments = [
        add(
            f"{ID}department/D{i:05d}",
            "department",
            f"测试县第{i}局",
            f"D{i:05d}",
            yuan(1_000_000, 500_000_000),
        )
        for i in range(count["department"])
    ]
    units = [
        add(f"{ID}unit/U{i:05d}", "unit", f"测试实施单位{i}", f"U{i:05d}", None)
        for i in range(count["unit"])
    ]
    projects = [
        add(
            f"{ID}project/P{i:05d}",
            "project",
            f"测试项目{i}经费",
            f"P{i:05d}",
            yuan(10_000, 50_000_000) if rng.random() < 0.9 else None,
        )
        for i in range(count["project"])
    ]
    groups = [
        add(f"{ID}group/G{i:05d}", "group", f"受益群体{i}", "", None) for i in range(count["group"])
    ]

    edges: list[tuple[str, str, str, Decimal | None]] = []  # u, v, key, amount
    region_of = {d: rng.choice(regions) for d in departments}
    units_of: dict[str, list[str]] = {}
    for d in departments:
        edges.append((d, region_of[d], "in_region", None))
        for s in rng.sample(sources, rng.choice((1, 1, 2))):
            edges.append((s, d, f"funds:{s}", yuan(100_000, 100_000_000)))
    for u in units:
        d = rng.choice(departments)
        units_of.setdefault(d, []).append(u)
        edges.append((u, d, "part_of", None))
    for p in projects:
        d = rng.choice(departments)
        edges.append((d, p, "supervises", None))
        edges.append((p, region_of[d], "in_region", None))
        if rng.random() < 0.5:
            edges.append((rng.choice(units_of.get(d) or units), p, "implements", None))
        for g in rng.sample(groups, min(len(groups), rng.choice((0, 1, 1, 2, 2)))):
            edges.append((p, g, "serves", None))
        for s in rng.sample(sources, rng.choice((1, 1, 2))):
            edges.append((s, p, f"funds:{s}", yuan(10_000, 10_000_000)))

    g = nx.MultiDiGraph()
    g.add_nodes_from((iri, nodes[iri]) for iri in sorted(nodes))
    for u, v, key, amount in sorted(edges, key=lambda e: e[:3]):
        relation = key.split(":", 1)[0]
        g.add_edge(u, v, key=key, relation=relation, amount=amount)
    return g


# --------------------------------------------------------------------------- browser side

# Runs before the page's own scripts: records when the network is created, when each draw
# starts and ends, when the page's fitAll calls network.fit, and when the load event comes.
INIT_SCRIPT = """
(() => {
  const marks = { draws: [], fits: [] };
  window.__kgBench = marks;
  let value;
  Object.defineProperty(window, "kgNetwork", {
    configurable: true,
    get() { return value; },
    set(v) {
      value = v;
      marks.created = performance.now();
      const net = v.network;
      const fit = net.fit;
      net.fit = function () {
        marks.fits.push(performance.now());
        return fit.apply(this, arguments);
      };
      let start;
      net.on("beforeDrawing", () => { start = performance.now(); });
      net.on("afterDrawing", () => {
        const t = performance.now();
        if (marks.draws.length < 20) marks.draws.push([start, t]);
        if (marks.ready === undefined && marks.fits.length && start >= marks.fits[0]) {
          marks.ready = t;  // the first draw that began after the page's first fitAll
        }
      });
    },
  });
  window.addEventListener("load", () => { marks.loaded = performance.now(); });
})();
"""

# Measurements start once the fitted view has been drawn and the load event has run. A function,
# not an expression: Playwright polls an expression with eval, which the page's CSP forbids.
READY = "() => window.__kgBench && window.__kgBench.ready !== undefined && window.__kgBench.loaded"

# One draw as the user sees it: vis-network's synchronous redraw, then a one-pixel read-back so
# that Chromium rasterises the recorded canvas commands before the clock stops.
MEASURE = """
([reps, zoom]) => {
  const net = window.kgNetwork.network;
  const canvas = document.querySelector("#network canvas");
  const ctx = canvas.getContext("2d");
  const fitted = net.getScale();
  const center = net.getViewPosition();
  const total = [], js = [];
  const once = () => {
    const t0 = performance.now();
    if (zoom) net.moveTo({ scale: 2, animation: false });
    net.redraw();
    const t1 = performance.now();
    ctx.getImageData(0, 0, 1, 1);
    const t2 = performance.now();
    if (zoom) net.moveTo({ position: center, scale: fitted, animation: false });
    return [t2 - t0, t1 - t0];
  };
  once();  // warm-up
  for (let i = 0; i < reps; i++) {
    const [a, b] = once();
    total.push(a);
    js.push(b);
  }
  return { total, js, scale: fitted, canvas: [canvas.width, canvas.height] };
}
"""


def visit(browser: Any, page_uri: str, redraws: int) -> dict[str, Any]:
    """Open the page in a fresh context and take every measurement once."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        blocked: list[str] = []
        errors: list[str] = []

        def route(r: Any) -> None:
            if r.request.url.startswith("file:"):
                r.continue_()
            else:
                blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.add_init_script(INIT_SCRIPT)
        t0 = time.perf_counter()
        page.goto(page_uri, wait_until="commit", timeout=300_000)
        page.wait_for_function(READY, timeout=300_000)
        wall_ms = (time.perf_counter() - t0) * 1000
        # let queued animation-frame redraws run before timing our own
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))")
        marks = page.evaluate("() => window.__kgBench")
        flat = page.evaluate(MEASURE, [redraws, False])
        zoom = page.evaluate(MEASURE, [redraws, True])
        cdp = context.new_cdp_session(page)
        cdp.send("HeapProfiler.collectGarbage")
        heap = page.evaluate("() => performance.memory ? performance.memory.usedJSHeapSize : null")
        drawn = page.evaluate("() => window.kgNetwork.network.body.nodeIndices.length")
        if blocked or errors:
            raise RuntimeError(f"page fetched {blocked} / logged errors {errors}")
        return {
            "load_ms": marks["ready"],
            "first_draw_ms": marks["draws"][0][1],
            "draws": marks["draws"],
            "fits": marks["fits"],
            "created_ms": marks["created"],
            "load_event_ms": marks["loaded"],
            "goto_to_ready_wall_ms": wall_ms,
            "redraw_ms": statistics.median(flat["total"]),
            "redraw_js_ms": statistics.median(flat["js"]),
            "zoom_ms": statistics.median(zoom["total"]),
            "zoom_js_ms": statistics.median(zoom["js"]),
            "fitted_scale": flat["scale"],
            "canvas": flat["canvas"],
            "heap_mb": heap / 1e6 if heap is not None else None,
            "nodes_drawn": drawn,
        }
    finally:
        context.close()


# --------------------------------------------------------------------------- driver


def measure(
    sizes: list[int], repeats: int, redraws: int, seed: int
) -> tuple[str, list[dict[str, Any]]]:
    """Chromium's version, and one row of medians per size."""
    from playwright.sync_api import sync_playwright

    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="kg-viz-bench-") as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        version = str(browser.version)
        try:
            for n in sizes:
                t0 = time.perf_counter()
                g = synthetic_graph(n, seed)
                t1 = time.perf_counter()
                html = network_html(g, budget=10**9)
                t2 = time.perf_counter()
                path = Path(tmp) / f"network-{n}.html"
                path.write_text(html, encoding="utf-8")
                size = path.stat().st_size
                print(
                    f"[{n}] graph {t1 - t0:.1f} s, network_html {t2 - t1:.1f} s, "
                    f"{size / 1e6:.1f} MB",
                    file=sys.stderr,
                    flush=True,
                )
                visits = []
                for r in range(repeats):
                    v = visit(browser, path.as_uri(), redraws)
                    if v["nodes_drawn"] != len(g):
                        raise RuntimeError(f"{v['nodes_drawn']} of {len(g)} nodes drawn")
                    visits.append(v)
                    heap = "n/a" if v["heap_mb"] is None else f"{v['heap_mb']:.0f} MB"
                    print(
                        f"[{n}] visit {r + 1}/{repeats}: load {v['load_ms']:.0f} ms, "
                        f"redraw {v['redraw_ms']:.1f} ms (js {v['redraw_js_ms']:.1f}), "
                        f"zoom {v['zoom_ms']:.1f} ms, heap {heap}",
                        file=sys.stderr,
                        flush=True,
                    )
                rows.append(
                    {
                        "nodes": len(g),
                        "edges": g.number_of_edges(),
                        "html_mb": size / 1e6,
                        "graph_s": t1 - t0,
                        "network_html_s": t2 - t1,
                        **{
                            key: statistics.median(v[key] for v in visits)
                            for key in (
                                "load_ms",
                                "first_draw_ms",
                                "goto_to_ready_wall_ms",
                                "redraw_ms",
                                "redraw_js_ms",
                                "zoom_ms",
                                "zoom_js_ms",
                            )
                        },
                        "heap_mb": statistics.median(
                            v["heap_mb"] for v in visits if v["heap_mb"] is not None
                        )
                        if any(v["heap_mb"] is not None for v in visits)
                        else None,
                        "visits": visits,
                    }
                )
        finally:
            browser.close()
    return version, rows


def recommend(rows: list[dict[str, Any]], max_redraw_ms: float, max_load_ms: float) -> int | None:
    """The largest node count such that it and every smaller one meet both limits."""
    best = None
    for row in sorted(rows, key=lambda r: r["nodes"]):
        if row["redraw_ms"] > max_redraw_ms or row["load_ms"] > max_load_ms:
            break
        best = row["nodes"]
    return best


def markdown(rows: list[dict[str, Any]]) -> str:
    header = [
        "nodes",
        "edges",
        "html MB",
        "load ms",
        "redraw ms (p50)",
        "zoom ms (p50)",
        "heap MB",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---:|" * len(header)]
    for r in rows:
        heap = f"{r['heap_mb']:.0f}" if r["heap_mb"] is not None else "n/a"
        cells = [
            f"{r['nodes']:,}",
            f"{r['edges']:,}",
            f"{r['html_mb']:.1f}",
            f"{r['load_ms']:,.0f}",
            f"{r['redraw_ms']:.1f}",
            f"{r['zoom_ms']:.1f}",
            heap,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--sizes",
        default=",".join(map(str, SIZES)),
        help="comma-separated node counts",
    )
    p.add_argument("--repeats", type=int, default=3, help="page visits per size (median)")
    p.add_argument("--redraws", type=int, default=10, help="timed redraws per visit")
    p.add_argument("--seed", type=int, default=0, help="random seed of the synthetic graphs")
    p.add_argument("--max-redraw-ms", type=float, default=50.0, help="redraw p50 limit")
    p.add_argument("--max-load-ms", type=float, default=3000.0, help="load limit")
    args = p.parse_args(argv)
    try:
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        p.error("--sizes: comma-separated integers")
    if not sizes or min(sizes) < MIN_NODES:
        p.error(f"--sizes: at least {MIN_NODES} nodes each")
    if args.repeats < 1 or args.redraws < 1:
        p.error("--repeats and --redraws must be at least 1")

    t0 = time.perf_counter()
    version, rows = measure(sizes, args.repeats, args.redraws, args.seed)
    best = recommend(rows, args.max_redraw_ms, args.max_load_ms)
    out = {
        "machine": {"platform": platform.platform(), "python": platform.python_version()},
        "chromium": version,
        "settings": {
            "sizes": sizes,
            "repeats": args.repeats,
            "redraws": args.redraws,
            "seed": args.seed,
            "viewport": VIEWPORT,
            "max_redraw_ms": args.max_redraw_ms,
            "max_load_ms": args.max_load_ms,
        },
        "current_budget": NODE_BUDGET,
        "recommended_budget": best,
        "rows": rows,
        "wall_s": time.perf_counter() - t0,
    }
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    print(
        f"Chromium {version} (headless, --disable-gpu), viewport "
        f"{VIEWPORT['width']}x{VIEWPORT['height']}; median of {args.repeats} visits, "
        f"redraw/zoom: p50 of {args.redraws} draws incl. rasterisation\n"
    )
    print(markdown(rows))
    limits = f"redraw p50 ≤ {args.max_redraw_ms:g} ms and load ≤ {args.max_load_ms / 1000:g} s"
    if best is None:
        print(f"\nrecommendation: no measured size meets {limits}; try smaller --sizes")
    else:
        print(
            f"\nrecommendation: NODE_BUDGET = {best} (largest measured size with {limits}, "
            f"as every smaller size; current NODE_BUDGET = {NODE_BUDGET})"
        )
    print(f"(total {out['wall_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
