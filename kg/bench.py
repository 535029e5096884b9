"""``kg bench``: the whole pipeline on a generated corpus, with the plain rdflib baseline.

One run: generate ``projects`` projects of synthetic documents (:mod:`kg.synth`, seeded), then

1. **build** — :func:`kg.pipeline.build` on every document (parallel, streaming): input MB,
   records, triples, wall seconds, MB/s, triples/s; the CPU seconds of its stages (read and
   parse, triples, serialising, auditing — summed over the workers) and of the final merge;
2. **load** — ``kg.ttl`` into a pyoxigraph store as ``kg query`` loads it
   (:func:`kg.store.open.load_file`): in memory when the graph fits
   (:data:`IN_MEMORY_TRIPLES`), on disk (bulk) above that;
3. **queries** — every query of the library (:mod:`kg.store.library`) with its first example's
   parameters, ``reps`` times: p50 and p95 over all runs;
4. **network** — the NetworkX view and the network HTML page (folded above the node budget);
5. **baseline** — on the same records (documents up to ``baseline_projects`` projects,
   extracted once): what a user would otherwise write, rdflib's in-memory ``Graph.add`` of the
   same triples, ``serialize(format="turtle")`` and rdflib's SPARQL engine on the same queries,
   against ours on those records (``build_graph`` + ``write_graph`` + pyoxigraph load and
   queries). Both start from the same extracted records, so the ratio compares the graph side;
   the extraction they share is reported too.

Peak memory is ``getrusage``'s maximum resident set size of this process and, separately, of
the largest worker process. :func:`targets` compares the figures with the targets of the
project's speed issue (met or not); ``kg bench`` prints them at the end of its table.
"""

from __future__ import annotations

import csv
import resource
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

Progress = Callable[[str], None]

#: up to this many triples the bench (like ``kg query``) loads the graph into memory
IN_MEMORY_TRIPLES = 20_000_000


def _rss_mb(who: int) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _queries() -> list[tuple[str, str]]:
    """(name, query text with its first example's parameters bound) for the library."""
    import shlex

    from kg.store.library import bind, library, with_values

    out = []
    for name, q in sorted(library().items()):
        params: dict[str, str] = {}
        if q.examples:
            tokens = shlex.split(q.examples[0])[3:]
            for flag, item in zip(tokens[::2], tokens[1::2], strict=False):
                if flag in ("--param", "-p"):
                    key, _, value = item.partition("=")
                    params[key] = value
        if any(p.required and p.name not in params for p in q.params):
            continue
        out.append((name, with_values(q.text, bind(q, params))))
    return out


def _run_queries(store: ox.Store, queries: list[tuple[str, str]], reps: int) -> list[float]:
    times = []
    for _, text in queries:
        for _ in range(reps):
            t = time.perf_counter()
            result = store.query(text)
            if isinstance(result, ox.QuerySolutions):
                for _ in result:
                    pass
            times.append((time.perf_counter() - t) * 1000)
    return times


def _documents_for(corpus: Path, projects_csv: Path, limit: int) -> tuple[list[Path], int]:
    """The first documents (in build order) holding at least ``limit`` projects."""
    per_doc: Counter[str] = Counter()
    with projects_csv.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            per_doc[row["source"]] += 1
    chosen, total = [], 0
    for path in sorted(corpus.iterdir(), key=lambda p: (p.name, str(p))):
        if total >= limit:
            break
        chosen.append(path)
        total += per_doc.get(path.name, 0)
    return chosen, total


def _one_query(g: Any, text: str) -> None:
    for _ in g.query(text):
        pass


def _rdflib_queries(g: Any, queries: list[tuple[str, str]], budget: float) -> tuple[float, int]:
    """rdflib's SPARQL on the queries, each in a forked child (the graph is shared copy-on-
    write) so that one that runs past its share of ``budget`` can be stopped. A stopped query
    counts with the time it was given: the total, and so the ratio, is then a lower bound.
    Returns (seconds, queries stopped)."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    total, stopped = 0.0, 0
    for k, (_, text) in enumerate(queries):
        share = max(1.0, (budget - total) / (len(queries) - k))
        t0 = time.perf_counter()
        child = ctx.Process(target=_one_query, args=(g, text))
        child.start()
        child.join(share)
        if child.is_alive():
            child.kill()
            child.join()
            stopped += 1
        total += time.perf_counter() - t0
    return total, stopped


def baseline(
    paths: list[Path], queries: list[tuple[str, str]], sparql_budget: float = 60.0
) -> dict[str, Any]:
    """rdflib (Graph.add, Turtle, SPARQL) against ours, from the same extracted records."""
    import rdflib

    from kg.pipeline import build_graph, extract
    from kg.rdf.write import write_graph
    from kg.store.open import load_file

    t0 = time.perf_counter()
    ex = extract(paths)
    t_extract = time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        graph = build_graph(ex)
        write_graph(graph, Path(tmp))
        store = ox.Store()
        load_file(store, Path(tmp) / "kg.ttl", bulk=False)
        _run_queries(store, queries, 1)
        ours = time.perf_counter() - t0

    t0 = time.perf_counter()
    triples = build_graph(ex, audit=False).triples()
    t_triples = time.perf_counter() - t0
    t0 = time.perf_counter()
    g = rdflib.Graph()
    for t in triples:
        g.add((_rdflib(t.subject), _rdflib(t.predicate), _rdflib(t.object)))
    t_add = time.perf_counter() - t0
    t0 = time.perf_counter()
    g.serialize(format="turtle")
    t_ttl = time.perf_counter() - t0
    t_sparql, censored = _rdflib_queries(g, queries, sparql_budget)
    theirs = t_triples + t_add + t_ttl + t_sparql
    return {
        "projects": len(ex.projects),
        "triples": len(triples),
        "extract_s": round(t_extract, 2),
        "ours_s": round(ours, 2),
        "rdflib_s": round(theirs, 2),
        "rdflib_add_s": round(t_add, 2),
        "rdflib_turtle_s": round(t_ttl, 2),
        "rdflib_turtle_triples_per_s": round(len(triples) / t_ttl) if t_ttl else 0,
        "rdflib_sparql_s": round(t_sparql, 2),
        "rdflib_sparql_stopped": censored,
        "ratio": round(theirs / ours, 1) if ours else 0.0,
        "end_to_end_ratio": round((theirs + t_extract) / (ours + t_extract), 1),
    }


def _rdflib(term: Any) -> Any:
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    return rdflib.BNode(str(term))


def bench(
    projects: int = 2000,
    seed: int = 0,
    jobs: int | None = None,
    reps: int = 5,
    baseline_projects: int = 10_000,
    progress: Progress | None = None,
    keep: Path | None = None,
    sparql_budget: float = 60.0,
) -> dict[str, Any]:
    """Run the benchmark; returns one flat dict of figures (see :data:`kg.cli` ``bench``)."""
    from kg import synth
    from kg.pipeline import build, default_jobs
    from kg.store.open import load_file
    from kg.views.network import to_networkx, view_triples
    from kg.views.network_page import network_html, select

    say = progress or (lambda _: None)
    jobs = jobs or default_jobs()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = keep or Path(tmp_name)
        corpus, out = tmp / "corpus", tmp / "exports"
        say(f"generating {projects} projects (seed {seed}) ...")
        t0 = time.perf_counter()
        synth.generate(corpus, projects=projects, seed=seed)
        t_gen = time.perf_counter() - t0
        input_mb = sum(p.stat().st_size for p in corpus.iterdir()) / 1e6
        say(f"building {input_mb:.1f} MB with {jobs} jobs ...")
        t0 = time.perf_counter()
        summary = build([corpus], out, jobs=jobs)
        t_build = time.perf_counter() - t0
        rss_build = (_rss_mb(resource.RUSAGE_SELF), _rss_mb(resource.RUSAGE_CHILDREN))
        triples = summary.files["kg.ttl"]
        records = sum(n for name, n in summary.files.items() if name.endswith(".csv"))
        say("loading and querying ...")
        t0 = time.perf_counter()
        in_memory = triples <= IN_MEMORY_TRIPLES  # a national graph does not fit in RAM
        store = ox.Store() if in_memory else ox.Store(str(tmp / "store"))
        load_file(store, out / "kg.ttl", bulk=not in_memory)
        t_load = time.perf_counter() - t0
        queries = _queries()
        times = _run_queries(store, queries, reps)
        say("network page ...")
        t0 = time.perf_counter()
        view = select(to_networkx(view_triples(store)))
        html = network_html(view)
        t_net = time.perf_counter() - t0
        del store
        rss_pipeline = _rss_mb(resource.RUSAGE_SELF)
        say(f"baseline on up to {baseline_projects} projects ...")
        paths, _ = _documents_for(corpus, out / "projects.csv", baseline_projects)
        base = baseline(paths, queries, sparql_budget)
    total = t_build + t_load + sum(times) / 1000 / max(reps, 1) + t_net
    return {
        "projects": projects,
        "documents": summary.documents,
        "jobs": jobs,
        "input_mb": round(input_mb, 1),
        "generate_s": round(t_gen, 2),
        "records": records,
        "triples": triples,
        "build_s": round(t_build, 2),
        "build_mb_per_s": round(input_mb / t_build, 2),
        "triples_per_s": round(triples / t_build),
        "stages_cpu_s": {k: round(v, 2) for k, v in summary.stages.items()},
        "load_s": round(t_load, 2),
        "store": "memory" if in_memory else "disk",
        "queries": len(queries),
        "query_p50_ms": round(statistics.median(times), 2) if times else 0.0,
        "query_p95_ms": round(_pct(times, 0.95), 2),
        "network_s": round(t_net, 2),
        "network_nodes": len(view),
        "network_html_mb": round(len(html.encode()) / 1e6, 2),
        "seconds": round(total, 2),
        # the pipeline's own peak (before the baseline, whose rdflib graph is far larger)
        "peak_rss_mb": max(rss_pipeline, rss_build[1]),
        "peak_rss_build_main_mb": rss_build[0],
        "peak_rss_build_worker_mb": rss_build[1],
        "peak_rss_with_queries_mb": rss_pipeline,
        "peak_rss_baseline_mb": _rss_mb(resource.RUSAGE_SELF),
        "baseline": base,
        "baseline_ratio": base["ratio"],
    }


def table(result: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The figures as (stage, measure, value) rows for ``--format table``."""
    r, b = result, result["baseline"]
    rows = [
        ("corpus", "projects / documents", f"{r['projects']:,} / {r['documents']:,}"),
        ("corpus", "input MB (generated in s)", f"{r['input_mb']} ({r['generate_s']})"),
        ("build", "jobs", str(r["jobs"])),
        ("build", "records / triples", f"{r['records']:,} / {r['triples']:,}"),
        ("build", "seconds (wall)", str(r["build_s"])),
        ("build", "MB/s · triples/s", f"{r['build_mb_per_s']} · {r['triples_per_s']:,}"),
    ]
    rows += [("build", f"cpu s: {k}", str(v)) for k, v in r["stages_cpu_s"].items()]
    rows += [
        ("load", f"seconds ({r.get('store', 'disk')} store)", str(r["load_s"])),
        (
            "queries",
            f"p50 / p95 ms ({r['queries']} queries)",
            f"{r['query_p50_ms']} / {r['query_p95_ms']}",
        ),
        (
            "network",
            f"seconds ({r['network_nodes']} nodes, {r['network_html_mb']} MB)",
            str(r["network_s"]),
        ),
        ("total", "seconds", str(r["seconds"])),
        (
            "memory",
            "peak RSS MB: build main / worker · +load, queries, network · baseline",
            f"{r['peak_rss_build_main_mb']} / {r['peak_rss_build_worker_mb']} · "
            f"{r['peak_rss_with_queries_mb']} · {r['peak_rss_baseline_mb']}",
        ),
        ("baseline", "on projects / triples", f"{b['projects']:,} / {b['triples']:,}"),
        ("baseline", "extraction they share, s", str(b["extract_s"])),
        ("baseline", "ours: build_graph+write+load+queries, s", str(b["ours_s"])),
        (
            "baseline",
            "rdflib: add+turtle+sparql, s",
            f"{b['rdflib_s']} ({b['rdflib_add_s']}+{b['rdflib_turtle_s']}+{b['rdflib_sparql_s']})",
        ),
        (
            "baseline",
            "ratio (graph side / end to end)",
            f"{b['ratio']}× / {b['end_to_end_ratio']}×",
        ),
    ]
    rows += [
        ("target", what, f"{got} ({goal}): {verdict}") for what, goal, got, verdict in targets(r)
    ]
    return rows


def targets(result: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(target, goal, this run's figure, 'met' / 'not met' / 'not measured') for the speed
    targets: the build, load, queries and network page at 10,000 projects, the ratio to plain
    rdflib (from 10,000 projects up: on a small corpus rdflib is not slow yet), the build and
    memory at 100,000 projects."""
    r, b = result, result["baseline"]
    at = r["projects"]
    peak = max(r["peak_rss_build_main_mb"], r["peak_rss_build_worker_mb"])
    rows = [
        ("build, 10,000 projects", "≤ 12 s", f"{r['build_s']} s", r["build_s"] <= 12, at == 10_000),
        (
            "build throughput",
            "≥ 330,000 triples/s",
            f"{r['triples_per_s']:,} triples/s",
            r["triples_per_s"] >= 330_000,
            at >= 10_000,
        ),
        (
            "load kg.ttl, 10,000 projects",
            "≤ 5 s",
            f"{r['load_s']} s",
            r["load_s"] <= 5,
            at == 10_000,
        ),
        (
            "library queries p50",
            "≤ 20 ms",
            f"{r['query_p50_ms']} ms",
            r["query_p50_ms"] <= 20,
            at == 10_000,
        ),
        (
            "library queries p95",
            "≤ 500 ms",
            f"{r['query_p95_ms']} ms",
            r["query_p95_ms"] <= 500,
            at == 10_000,
        ),
        (
            "network page from the graph",
            "≤ 3 s",
            f"{r['network_s']} s",
            r["network_s"] <= 3,
            at == 10_000,
        ),
        (
            "end to end against plain rdflib",
            "≥ 20×",
            f"{b['end_to_end_ratio']}×",
            b["end_to_end_ratio"] >= 20,
            at >= 10_000,
        ),
        (
            "build, 100,000 projects",
            "≤ 150 s",
            f"{r['build_s']} s",
            r["build_s"] <= 150,
            at == 100_000,
        ),
        (
            "peak memory per process, 100,000 projects",
            "≤ 2,048 MB",
            f"{peak} MB",
            peak <= 2048,
            at == 100_000,
        ),
    ]
    return [
        (what, goal, got, ("met" if ok else "not met") if measured else "not measured")
        for what, goal, got, ok, measured in rows
    ]
