"""``kg bench``: the whole pipeline timed on a generated corpus, against plain rdflib."""

from __future__ import annotations

import json

import click

from kg import api
from kg.bench import table
from kg.cli.options import FORMAT, say
from kg.views.render import render


@click.command()
@click.option(
    "--projects",
    type=click.IntRange(min=10),
    default=2000,
    show_default=True,
    help="Projects in the generated corpus.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the generator.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Parallel build processes (default: CPUs, at most 8).",
)
@click.option(
    "--reps",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Runs of each library query.",
)
@click.option(
    "--baseline-projects",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Projects the rdflib baseline runs on (it is slow).",
)
@click.option(
    "--sparql-budget",
    type=click.FloatRange(min=1),
    default=60.0,
    show_default=True,
    help="Seconds rdflib's SPARQL may take over all queries (the rest are stopped).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@FORMAT
def bench(
    projects: int,
    seed: int,
    jobs: int | None,
    reps: int,
    baseline_projects: int,
    sparql_budget: float,
    as_json: bool,
    fmt: str,
) -> None:
    """Benchmark the whole pipeline on a generated corpus, against plain rdflib.

    Generates PROJECTS projects of synthetic documents (seeded), builds them (extract →
    graph → export, in parallel), loads kg.ttl, runs the query library, draws the network
    page, and times the plain baseline (rdflib Graph.add, Turtle, rdflib SPARQL) on the
    same records. Prints seconds, MB/s, triples/s, peak memory, query p50/p95 and the ratio.

    \b
    Example:
      kg bench
      kg bench --projects 10000 --json
    """
    result = api.benchmark(
        projects,
        seed,
        jobs,
        reps,
        baseline_projects,
        sparql_budget=sparql_budget,
        progress=say,
    )
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, sort_keys=True))
    else:
        click.echo(render(("stage", "measure", "value"), table(result), fmt), nl=False)


COMMANDS = (bench,)
