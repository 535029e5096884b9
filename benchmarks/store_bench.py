"""Embedded RDF stores on the kg graph: rdflib's in-memory store against pyoxigraph.

Run from the repository root::

    python -m benchmarks.store_bench            # readable tables
    python -m benchmarks.store_bench --json     # one JSON object on stdout

Two graphs are measured in the same run:

* ``samples``: the bundled samples, ``turtle(build_graph(extract()))`` (~40,000 triples);
* ``1M``: N copies of that Turtle text, copy ``k`` having every instance IRI moved from
  ``https://kg.example.org/id/`` to ``https://kg.example.org/id/c{k}/`` (the vocabulary under
  ``https://kg.example.org/def/`` and the other external IRIs are left alone, so copies share
  them); N is the smallest number of copies reaching ``--triples`` (default 1,000,000).

Both files are written to a temporary directory that is deleted at the end. Each engine runs in
its own subprocess on each graph, so that its peak RSS (``getrusage``) is its own: the worker
imports only that engine, loads the file (3 times for the samples, once for the 1M graph), then
runs every query once to warm up and ``--reps`` / ``--reps-large`` more times, timing the query
and the materialisation of all its rows. The parent checks that every engine loaded the same
number of triples and returned the same rows (the same number of rows, and the same values once
numbers are rounded to 2 decimals; for the ranking query, the same ranked amounts, since ties
may come back in any order), then prints medians (p50), p95 and the ratios to pyoxigraph.

Engines: ``rdflib`` (``Graph().parse(format="turtle")``, rdflib's SPARQL engine),
``pyoxigraph`` (``Store().bulk_load``, Oxigraph's SPARQL engine) and, when the ``oxrdflib``
package is installed, ``oxrdflib`` (the rdflib ``Graph`` API over a pyoxigraph store, loaded
with the ``ox-turtle`` parser; queries are evaluated by Oxigraph, results converted to rdflib).
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import importlib.util
import json
import math
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://kg.example.org/id/"
ENGINES = ("rdflib", "pyoxigraph", "oxrdflib")
REFERENCE = "pyoxigraph"

PREFIXES = """\
PREFIX kg: <https://kg.example.org/def/kg#>
PREFIX obeu-measure: <http://data.openbudgets.eu/ontology/dsd/measure/>
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX qudt: <http://qudt.org/schema/qudt/>
"""

# name -> (description, SPARQL text with {project} and {fragment} placeholders)
QUERIES: dict[str, tuple[str, str]] = {
    "a_who_funds_what": (
        "SUM of funding-line amounts GROUP BY fund source and the funded project's "
        "supervising department",
        """
SELECT ?source ?department (SUM(?amount) AS ?total) (COUNT(?line) AS ?lines) WHERE {
  ?line a kg:FundingLine ;
        obeu-measure:amount ?amount ;
        kg:fundSource ?source ;
        schema:fundedItem ?item .
  ?item a kg:Project ;
        kg:supervisingDepartment ?department .
}
GROUP BY ?source ?department
ORDER BY DESC(?total)
""",
    ),
    "a2_who_funds_what_nested": (
        "query a with the project's two patterns in a nested group (same rows; steers "
        "rdflib's join order)",
        """
SELECT ?source ?department (SUM(?amount) AS ?total) (COUNT(?line) AS ?lines) WHERE {
  ?line a kg:FundingLine ;
        obeu-measure:amount ?amount ;
        kg:fundSource ?source ;
        schema:fundedItem ?item .
  {
    ?item a kg:Project ;
          kg:supervisingDepartment ?department .
  }
}
GROUP BY ?source ?department
ORDER BY DESC(?total)
""",
    ),
    "b_project_targets": (
        "all indicators and targets of one project (lookup)",
        """
SELECT ?indicator ?label ?target ?text ?value WHERE {
  <{project}> kg:hasIndicator ?indicator .
  ?indicator rdfs:label ?label ;
             kg:hasTarget ?target .
  ?target kg:targetText ?text .
  OPTIONAL { ?target qudt:numericValue ?value }
}
ORDER BY ?indicator
""",
    ),
    "c_name_search": (
        "projects whose rdfs:label CONTAINS a fragment",
        """
SELECT ?project ?label WHERE {
  ?project a kg:Project ;
           rdfs:label ?label .
  FILTER(CONTAINS(STR(?label), "{fragment}"))
}
ORDER BY ?label
""",
    ),
    "d_top_departments": (
        "departments ranked by kg:totalAmount, ORDER BY DESC LIMIT 20",
        """
SELECT ?department ?label ?total WHERE {
  ?department a kg:Department ;
              kg:totalAmount ?total .
  OPTIONAL { ?department rdfs:label ?label }
}
ORDER BY DESC(?total)
LIMIT 20
""",
    ),
}
# Columns compared across engines when rows may tie (the rest of the row may differ).
COMPARE_COLUMNS = {"d_top_departments": [2]}


def query_text(name: str, project: str, fragment: str) -> str:
    body = QUERIES[name][1].replace("{project}", project).replace("{fragment}", fragment)
    return PREFIXES + body


# --------------------------------------------------------------------------- statistics


def percentile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    xs = sorted(values)
    pos = (len(xs) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def peak_rss_mb() -> float:
    """Peak RSS of this process in MB.

    ``/proc/self/status`` VmHWM where available: ``getrusage``'s ru_maxrss survives ``execve``,
    so a worker would report at least the RSS its parent had when it forked.
    """
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# --------------------------------------------------------------------------- worker side


_NUMERIC = ("integer", "decimal", "double", "float", "long", "int")


def _norm(term: Any) -> Any:
    """An engine-neutral value: IRIs and strings as text, numbers rounded to 2 decimals."""
    if term is None:
        return None
    # rdflib terms are str subclasses holding the lexical form; pyoxigraph terms have .value
    value = str(term) if isinstance(term, str) else term.value
    datatype = getattr(term, "datatype", None)
    if datatype is not None:
        dt = str(getattr(datatype, "value", datatype))
        if dt.startswith("http://www.w3.org/2001/XMLSchema#") and dt.endswith(_NUMERIC):
            return round(float(value), 2)
    return str(value)


class Engine:
    """Load a Turtle file and run SPARQL SELECT queries, returning the rows as tuples."""

    def load(self, path: str) -> int:
        raise NotImplementedError

    def query(self, text: str) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def drop(self) -> None:
        """Forget the loaded data (before loading again)."""


class RdflibEngine(Engine):
    def __init__(self) -> None:
        import rdflib

        self.rdflib = rdflib
        self.graph: Any = None

    def drop(self) -> None:
        self.graph = None

    def load(self, path: str) -> int:
        self.graph = self.rdflib.Graph()
        self.graph.parse(path, format="turtle")
        return len(self.graph)

    def query(self, text: str) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.graph.query(text)]


class OxigraphEngine(Engine):
    def __init__(self) -> None:
        import pyoxigraph

        self.ox = pyoxigraph
        self.store: Any = None

    def drop(self) -> None:
        self.store = None

    def load(self, path: str) -> int:
        self.store = self.ox.Store()
        self.store.bulk_load(path=path, format=self.ox.RdfFormat.TURTLE)
        return len(self.store)

    def query(self, text: str) -> list[tuple[Any, ...]]:
        return [tuple(solution) for solution in self.store.query(text)]


class OxrdflibEngine(RdflibEngine):
    def load(self, path: str) -> int:
        self.graph = self.rdflib.Graph(store="Oxigraph")
        self.graph.parse(path, format="ox-turtle")
        return len(self.graph)


def worker(args: argparse.Namespace) -> dict[str, Any]:
    rss_start = peak_rss_mb()
    engine: Engine = {
        "rdflib": RdflibEngine,
        "pyoxigraph": OxigraphEngine,
        "oxrdflib": OxrdflibEngine,
    }[args.worker]()
    rss_import = peak_rss_mb()
    load_s: list[float] = []
    triples = 0
    for i in range(args.loads):
        if i:
            engine.drop()
            gc.collect()
        t0 = time.perf_counter()
        triples = engine.load(args.data)
        load_s.append(time.perf_counter() - t0)
    rss_loaded = peak_rss_mb()
    queries: dict[str, Any] = {}
    for name in QUERIES:
        text = query_text(name, args.project, args.fragment)
        t0 = time.perf_counter()
        rows = engine.query(text)  # warm-up, also the rows we compare
        first_ms = (time.perf_counter() - t0) * 1000
        times: list[float] = []
        spent = first_ms / 1000
        for _ in range(args.reps):
            # A query slower than the budget allows is not repeated: its one (warm-up) run is
            # reported instead, and flagged (runs == 1).
            if args.budget and spent + (times[-1] if times else first_ms) / 1000 > args.budget:
                break
            t0 = time.perf_counter()
            again = engine.query(text)
            times.append((time.perf_counter() - t0) * 1000)
            spent += times[-1] / 1000
            assert len(again) == len(rows)
        runs = len(times)
        if not times:
            times = [first_ms]
        queries[name] = {
            "rows": len(rows),
            "runs": runs if runs else 1,
            "complete": runs == args.reps,
            "first_ms": first_ms,
            "p50_ms": percentile(times, 0.5),
            "p95_ms": percentile(times, 0.95),
            "times_ms": times,
            "values": [[_norm(v) for v in row] for row in rows],
        }
    return {
        "engine": args.worker,
        "triples": triples,
        "load_s": load_s,
        "load_median_s": percentile(load_s, 0.5),
        "triples_per_s": triples / percentile(load_s, 0.5),
        "rss_start_mb": rss_start,
        "rss_after_import_mb": rss_import,
        "rss_after_load_mb": rss_loaded,
        "peak_rss_mb": peak_rss_mb(),
        "queries": queries,
    }


# --------------------------------------------------------------------------- data


def make_data(tmp: Path, target: int) -> dict[str, Any]:
    """Write samples.ttl and, if target > 0, large.ttl (copies of the samples) into tmp."""
    import pyoxigraph as ox

    from kg.pipeline import build_graph, extract
    from kg.rdf.write import turtle

    t0 = time.perf_counter()
    graph = build_graph(extract())
    triples = graph.triples()
    ttl = turtle(triples, graph.ids).decode("utf-8")
    build_s = time.perf_counter() - t0
    samples = tmp / "samples.ttl"
    samples.write_text(ttl, encoding="utf-8")

    # Triples that mention no instance IRI are the same in every copy (vocabulary, code lists).
    shared = sum(1 for t in triples if BASE not in str(t))
    per_copy = len(triples) - shared
    copies = max(1, math.ceil((target - shared) / per_copy)) if target > 0 else 0

    # Query parameters: the sample project with the most indicators, and a name fragment.
    store = ox.Store()
    store.bulk_load(path=str(samples), format=ox.RdfFormat.TURTLE)
    best = next(
        iter(
            store.query(
                PREFIXES
                + "SELECT ?p (COUNT(?i) AS ?n) WHERE { ?p a kg:Project ; kg:hasIndicator ?i } "
                "GROUP BY ?p ORDER BY DESC(?n) ?p LIMIT 1"
            )
        )
    )
    project = best["p"].value
    info: dict[str, Any] = {
        "build_s": build_s,
        "samples": {
            "path": str(samples),
            "triples": len(triples),
            "bytes": samples.stat().st_size,
            "project": project,
        },
        "shared_triples": shared,
        "per_copy_triples": per_copy,
    }
    if copies:
        large = tmp / "large.ttl"
        with large.open("w", encoding="utf-8") as f:
            for k in range(copies):
                f.write(ttl.replace(BASE, f"{BASE}c{k}/"))
                f.write("\n")
        info["large"] = {
            "path": str(large),
            "copies": copies,
            "expected_triples": shared + copies * per_copy,
            "bytes": large.stat().st_size,
            "project": project.replace(BASE, f"{BASE}c{copies // 2}/"),
        }
    return info


# --------------------------------------------------------------------------- driver


def run_worker(
    engine: str, data: str, reps: int, loads: int, project: str, fragment: str, budget: float
) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "benchmarks.store_bench", "--worker", engine]
    cmd += ["--data", data, "--reps", str(reps), "--loads", str(loads)]
    cmd += ["--project", project, "--fragment", fragment, "--budget", str(budget)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"{engine} worker failed on {data}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def check_same(scale: str, results: dict[str, dict[str, Any]]) -> None:
    """Every engine loaded the same triples and returned the same rows."""
    ref = results[REFERENCE]
    for engine, res in results.items():
        assert res["triples"] == ref["triples"], (scale, engine, res["triples"], ref["triples"])
        for name in QUERIES:
            mine, theirs = res["queries"][name], ref["queries"][name]
            assert mine["rows"] == theirs["rows"], (scale, engine, name, mine["rows"])
            assert mine["rows"] > 0, (scale, engine, name, "no rows")
            cols = COMPARE_COLUMNS.get(name)

            def key(rows: list[list[Any]], cols: list[int] | None = cols) -> list[str]:
                picked = [[r[c] for c in cols] if cols else r for r in rows]
                return sorted(json.dumps(r, ensure_ascii=False) for r in picked)

            assert key(mine["values"]) == key(theirs["values"]), (scale, engine, name)


def versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for dist in ("rdflib", "pyoxigraph", "oxrdflib"):
        try:
            out[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            out[dist] = None
    return out


def machine() -> dict[str, Any]:
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_count": os.cpu_count(),
        "mem_gb": round(mem_kb / 1024 / 1024, 1),
        "platform": platform.platform(),
        "processor": _cpu_model(),
        "python": platform.python_version(),
        "versions": versions(),
    }


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:  # pragma: no cover
        pass
    return platform.processor()


def ratios(results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    ref = results[REFERENCE]
    out: dict[str, Any] = {}
    for engine, res in results.items():
        if engine == REFERENCE:
            continue
        out[f"{engine}/{REFERENCE}"] = {
            "load": res["load_median_s"] / ref["load_median_s"],
            "peak_rss": res["peak_rss_mb"] / ref["peak_rss_mb"],
            **{
                name: res["queries"][name]["p50_ms"] / ref["queries"][name]["p50_ms"]
                for name in QUERIES
            },
        }
    return out


def table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, r in enumerate(rows):
        pairs = enumerate(zip(r, widths, strict=True))
        cells = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in pairs]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def report(out: dict[str, Any]) -> str:
    m = out["machine"]
    v = m["versions"]
    parts = [
        f"machine: {m['nproc']} cores ({m['processor']}), {m['mem_gb']} GB, {m['platform']}",
        f"python {m['python']}, rdflib {v['rdflib']}, pyoxigraph {v['pyoxigraph']}, "
        f"oxrdflib {v['oxrdflib']}",
    ]
    data = out["data"]
    parts.append(f"samples: {data['samples']['triples']:,} triples")
    if "large" in data:
        lg = data["large"]
        parts.append(
            f"large: {lg['copies']} copies of the samples, {lg['expected_triples']:,} triples, "
            f"{lg['bytes'] / 1e6:.1f} MB of Turtle"
        )
    for scale, results in out["results"].items():
        engines = list(results)
        reps = out["settings"]["reps"][scale]
        parts.append(f"\n== {scale}: {results[REFERENCE]['triples']:,} triples")
        rows = [["load", *engines, *(f"{e}/{REFERENCE}" for e in engines if e != REFERENCE)]]
        ref = results[REFERENCE]
        rows.append(
            ["load median (s)"]
            + [f"{results[e]['load_median_s']:.3f}" for e in engines]
            + [
                f"{results[e]['load_median_s'] / ref['load_median_s']:.1f}x"
                for e in engines
                if e != REFERENCE
            ]
        )
        rows.append(
            ["triples/s"]
            + [f"{results[e]['triples_per_s']:,.0f}" for e in engines]
            + ["" for e in engines if e != REFERENCE]
        )
        rows.append(
            ["RSS after import (MB)"]
            + [f"{results[e]['rss_after_import_mb']:,.0f}" for e in engines]
            + ["" for e in engines if e != REFERENCE]
        )
        rows.append(
            ["peak RSS (MB)"]
            + [f"{results[e]['peak_rss_mb']:,.0f}" for e in engines]
            + [
                f"{results[e]['peak_rss_mb'] / ref['peak_rss_mb']:.1f}x"
                for e in engines
                if e != REFERENCE
            ]
        )
        parts.append(table(rows))
        header = ["query (ms)", "rows"]
        for e in engines:
            header += [f"{e} p50", f"{e} p95"]
        header += [f"{e}/{REFERENCE} p50" for e in engines if e != REFERENCE]
        rows = [header]
        for name in QUERIES:
            q = {e: results[e]["queries"][name] for e in engines}
            row = [name, str(q[REFERENCE]["rows"])]
            for e in engines:
                n = q[e]["runs"]
                mark = "" if q[e]["complete"] else f" ({n} run{'s' if n > 1 else ''})"
                row += [f"{q[e]['p50_ms']:.2f}{mark}", f"{q[e]['p95_ms']:.2f}{mark}"]
            row += [
                f"{q[e]['p50_ms'] / q[REFERENCE]['p50_ms']:.1f}x" for e in engines if e != REFERENCE
            ]
            rows.append(row)
        budget = out["settings"]["budget_s"]
        note = (
            f"'(n run)': a query over the {budget:g} s budget, timed n times only "
            "(--budget 0: no limit)"
            if budget
            else "no time budget"
        )
        parts.append(f"\n{reps} timed repetitions after one warm-up run; {note}")
        parts.append(table(rows))
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--reps", type=int, default=20, help="timed query runs on the samples")
    p.add_argument("--reps-large", type=int, default=5, help="timed query runs on the 1M graph")
    p.add_argument("--triples", type=int, default=1_000_000, help="large graph size, 0: skip")
    p.add_argument(
        "--budget",
        type=float,
        default=60.0,
        help="seconds per query and engine before repetitions stop (0: no limit)",
    )
    p.add_argument("--fragment", default="养老", help="name fragment for the search query")
    p.add_argument("--engines", default=",".join(ENGINES), help="comma-separated engines")
    # worker mode (used by the driver itself)
    p.add_argument("--worker", choices=ENGINES, help=argparse.SUPPRESS)
    p.add_argument("--data", help=argparse.SUPPRESS)
    p.add_argument("--loads", type=int, default=1, help=argparse.SUPPRESS)
    p.add_argument("--project", help=argparse.SUPPRESS)
    args = p.parse_args(argv)

    if args.worker:
        print(json.dumps(worker(args), ensure_ascii=False))
        return 0

    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    if REFERENCE not in engines:
        p.error(f"--engines must include {REFERENCE}")
    if "oxrdflib" in engines and importlib.util.find_spec("oxrdflib") is None:
        engines.remove("oxrdflib")
        print("oxrdflib is not installed: skipped", file=sys.stderr)
    if min(args.reps, args.reps_large) < 5:
        p.error("use at least 5 repetitions")

    out: dict[str, Any] = {"machine": machine()}
    t_start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kg-store-bench-") as tmp:
        data = make_data(Path(tmp), args.triples)
        out["data"] = {
            k: ({kk: vv for kk, vv in v.items() if kk != "path"} if isinstance(v, dict) else v)
            for k, v in data.items()
        }
        out["settings"] = {
            "fragment": args.fragment,
            "engines": engines,
            "reps": {"samples": args.reps, "1M": args.reps_large},
            "budget_s": args.budget,
            "loads": {"samples": 3, "1M": 1},
            "queries": {name: desc for name, (desc, _) in QUERIES.items()},
        }
        scales = [("samples", data["samples"], args.reps, 3)]
        if "large" in data:
            scales.append(("1M", data["large"], args.reps_large, 1))
        out["results"] = {}
        for scale, d, reps, loads in scales:
            results: dict[str, dict[str, Any]] = {}
            for engine in engines:
                print(f"[{scale}] {engine} ...", file=sys.stderr, flush=True)
                res = run_worker(
                    engine, d["path"], reps, loads, d["project"], args.fragment, args.budget
                )
                results[engine] = res
            check_same(scale, results)
            for res in results.values():
                for q in res["queries"].values():
                    del q["values"]
            out["results"][scale] = results
            out["ratios"] = {**out.get("ratios", {}), scale: ratios(results)}
    out["wall_s"] = time.perf_counter() - t_start
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        print(report(out))
        print(f"\n(all engines returned the same rows; total {out['wall_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
