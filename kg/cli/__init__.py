"""The ``kg`` command line: a thin layer over the library.

Commands that read documents take input paths as arguments (files or directories; default:
the bundled samples) and ``--out``. Data goes to stdout, progress and messages to stderr.
Exit codes: 0 ok, 1 data problems found (with ``--strict``), 2 usage or unreadable input.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import click

from kg.domain.model import RECORD_TYPES, Extraction, unreadable
from kg.domain.values import fmt_decimal
from kg.pipeline import build_graph
from kg.pipeline import extract as run_extract
from kg.rdf.ids import DEFAULT_BASE
from kg.resources import SAMPLES
from kg.views.render import format_option, printable, render
from kg.views.tables import write_csv
from kg.views.workbook import write_xlsx

T = TypeVar("T")

_PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
_FORMAT = format_option()


_STRICT = click.option("--strict", is_flag=True, help="Exit 1 when any issue was recorded.")
_OCR = click.option(
    "--ocr",
    is_flag=True,
    help="Recognise page images (scans, PDF pages without text) with Tesseract (chi_sim); "
    "their rows are marked ocr.",
)
_XLSX = click.option(
    "--xlsx",
    is_flag=True,
    help="Also write tables.xlsx: every table as a sheet, numbers typed, text never a formula.",
)


def _out(what: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    return click.option(
        "--out",
        type=click.Path(path_type=Path, file_okay=False),
        default="exports",
        show_default=True,
        help=f"Directory {what} written to.",
    )


def _say(message: str) -> None:
    """A message on stderr, control characters from file names shown as escapes."""
    click.echo(printable(message), err=True)


def _progress(message: str) -> None:
    _say(message)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def main() -> None:
    """kg: who funds what, for whom, against which targets.

    Reads the budget and performance-target documents Chinese local governments publish
    and turns them into tables and a knowledge graph.

    \b
    Example:
      kg extract --out exports
    """


@main.command()
@_PATHS
@_out("the CSV tables are")
@_OCR
@_XLSX
@_FORMAT
@_STRICT
def extract(
    paths: tuple[Path, ...], out: Path, ocr: bool, xlsx: bool, fmt: str, strict: bool
) -> None:
    """Extract every form and table into CSV tables (projects, indicators, funding, ...).

    PATHS are files or directories (default: the bundled samples). Prints how many
    records of each kind were written; the issues are in issues.csv. The CSVs hold what was
    printed (a cell a spreadsheet would execute, such as =HYPERLINK(...), gets a leading
    apostrophe); spreadsheet users take --xlsx.

    \b
    Example:
      kg extract data/samples/001_ca9d259f3fbd1813.txt --out kg-out
      kg extract --xlsx --out kg-out     # also kg-out/tables.xlsx
      kg extract scans/ --ocr --out kg-out
      kg extract --format json
    """
    extraction = run_extract(paths, progress=_progress, ocr=ocr)
    files = _write(lambda: write_csv(extraction, out, xlsx), out)
    tables = files[: len(RECORD_TYPES)]
    rows = [
        (kind.TABLE, len(extraction.records[kind.TABLE]), str(f))
        for kind, f in zip(RECORD_TYPES, tables, strict=True)
    ]
    if xlsx:
        rows.append(("(all)", sum(n for _, n, _ in rows), str(files[-1])))
    click.echo(render(("table", "records", "file"), rows, fmt), nl=False)
    _finish(extraction, out, strict)


def _write(action: Callable[[], T], out: Path) -> T:
    """Run a write; an unwritable output directory, or a base IRI that cannot be (or two in one
    graph), is a clear error and exit 2."""
    from kg.rdf.ids import BaseIRIError

    try:
        return action()
    except OSError as exc:
        _say(f"error: cannot write to {out}: {exc.strerror or exc}")
        sys.exit(2)
    except BaseIRIError as exc:
        _say(f"error: {exc}")
        sys.exit(2)


def _finish(extraction: Extraction, out: Path, strict: bool) -> None:
    """Report issues on stderr; exit 2 (unreadable input), 1 (--strict and issues) or 0."""
    for issue in unreadable(extraction):
        _say(f"error: {issue.source}: {issue.message}")
    counts = Counter(i.code for i in extraction.issues)
    if counts:
        summary = ", ".join(f"{n} {code}" for code, n in sorted(counts.items()))
        _say(f"{sum(counts.values())} issues ({summary}); see {out / 'issues.csv'}")
    if unreadable(extraction):
        sys.exit(2)
    if strict and counts:
        sys.exit(1)


@main.command()
@_PATHS
@_out("the graph and the CSV tables are")
@click.option(
    "--base",
    metavar="IRI",
    default=None,
    help=f"Base IRI of instance IRIs (default: $KG_BASE_IRI or {DEFAULT_BASE}).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Documents processed in parallel on local processes (default: CPUs, at most 8).",
)
@click.option(
    "--dask",
    metavar="ADDRESS",
    default=None,
    help="Process documents on a Dask cluster (scheduler address, e.g. tcp://10.0.0.5:8786).",
)
@_OCR
@_XLSX
@_FORMAT
@_STRICT
def build(
    paths: tuple[Path, ...],
    out: Path,
    base: str | None,
    jobs: int | None,
    dask: str | None,
    ocr: bool,
    xlsx: bool,
    fmt: str,
    strict: bool,
) -> None:
    """Build the RDF graph: kg.ttl, kg.trig (a graph per document), catalog.ttl, plus the CSVs.

    PATHS are files or directories (default: the bundled samples). Documents are processed one
    at a time, in parallel (--jobs, or a Dask cluster with --dask), and written as they come,
    so memory does not grow with the corpus. The same input gives byte-identical files
    whatever the number of jobs; each file is written to a temporary name and renamed into
    place. A file with the same content as one already read is skipped (an issue says so).

    \b
    Example:
      kg build --out exports
      kg build corpus/ --out kg-out --jobs 2 --xlsx
      KG_BASE_IRI=https://data.example.gov.cn/kg/ kg build data/samples --out kg-out
    """
    from kg.pipeline import build as run_build
    from kg.pipeline import default_jobs

    targets = list(paths) or [SAMPLES]
    bar = _bar if sys.stderr.isatty() else None
    summary = _write(
        lambda: run_build(targets, out, base, jobs or default_jobs(), dask, progress=bar, ocr=ocr),
        out,
    )
    rows = [(name, n, str(out / name)) for name, n in summary.files.items()]
    if xlsx:
        book = _write(lambda: write_xlsx(out), out)
        tables = sum(n for name, n in summary.files.items() if name.endswith(".csv"))
        rows.append((book.name, tables, str(book)))
    click.echo(render(("file", "triples", "path"), rows, fmt), nl=False)
    click.echo(
        f"{summary.documents} documents, {summary.findings} audit findings "
        f"(kg audit for the report)",
        err=True,
    )
    for issue in summary.unreadable:
        _say(f"error: {issue.source}: {issue.message}")
    if summary.issues:
        text = ", ".join(f"{n} {code}" for code, n in sorted(summary.issues.items()))
        _say(f"{sum(summary.issues.values())} issues ({text}); see {out / 'issues.csv'}")
    if summary.unreadable:
        sys.exit(2)
    if strict and summary.issues:
        sys.exit(1)


def _bar(done: int, total: int, source: str) -> None:
    """A one-line progress bar on stderr (only when stderr is a terminal)."""
    width = 30
    filled = width * done // max(total, 1)
    click.echo(
        f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {printable(source)[:40]:40}",
        err=True,
        nl=done == total,
    )


@main.command()
@_PATHS
@_out("audit.md and audit.ttl are")
@_FORMAT
@click.option("--strict", is_flag=True, help="Exit 1 when any finding of severity error exists.")
def audit(paths: tuple[Path, ...], out: Path, fmt: str, strict: bool) -> None:
    """Reconcile and audit: where the documents' figures do not add up or disagree.

    Checks fund sources against 合计, cost caps and standard × count against the total, the
    key-project summary against the forms, the report's narrative against its budget
    tables, the tables' own sums, ratios and changes, names that drift for one code,
    duplicates, inverted rate targets, deadlines outside the budget year. Prints the
    findings grouped by check (file, line, figures); writes audit.md (for people) and
    audit.ttl (the findings as kg:Finding nodes linked to the records they concern; kg build
    puts them into kg.ttl too, so SPARQL can ask for them).

    \b
    Example:
      kg audit
      kg audit data/samples/001_ca9d259f3fbd1813.txt --format md --out audit-001
      kg audit --strict --format json
    """
    from kg.checks import COLUMNS, counts, markdown, rows
    from kg.checks import audit as run_audit
    from kg.rdf.write import turtle, write_atomic

    extraction = run_extract(paths, progress=_progress)
    findings = run_audit(extraction)
    graph = build_graph(extraction)
    report = markdown(findings, extraction.sources, extraction.cite)
    _write(lambda: write_atomic(out / "audit.md", report.encode("utf-8")), out)
    _write(lambda: write_atomic(out / "audit.ttl", turtle(graph.audit, graph.ids)), out)
    click.echo(render(COLUMNS, rows(findings, extraction.cite), fmt), nl=False)
    found = counts(findings)
    summary = ", ".join(f"{n} {code}" for code, n in sorted(found.items()))
    _say(f"{len(findings)} findings ({summary or 'none'}); see {out / 'audit.md'}")
    for issue in unreadable(extraction):
        _say(f"error: {issue.source}: {issue.message}")
    if unreadable(extraction):
        sys.exit(2)
    if strict and any(f.severity == "error" for f in findings):
        sys.exit(1)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--graph",
    "graph_file",
    type=click.Path(path_type=Path),
    default=None,
    help="A graph file to validate (default: exports/kg.ttl).",
)
@_FORMAT
def validate(files: tuple[Path, ...], graph_file: Path | None, fmt: str) -> None:
    """Check graphs against the SHACL shapes in ontology/shapes.ttl.

    Prints one row per violation with the offending node. Exit 0 conforms, 1 violations,
    2 unreadable input.

    \b
    Example:
      kg validate exports/kg.ttl
      kg validate --graph other-district.ttl --format csv
    """
    from kg.store.validate import UnreadableGraph, load_graph
    from kg.store.validate import validate as run_validate

    paths = list(files) + ([graph_file] if graph_file else [])
    paths = paths or [Path("exports") / "kg.ttl"]
    try:
        data = load_graph(paths)
    except UnreadableGraph as exc:
        _say(f"error: {exc}")
        sys.exit(2)
    violations = run_validate(data)
    rows = [(v.severity, v.focus, v.path, v.message, v.value) for v in violations]
    if rows:
        click.echo(render(("severity", "focus", "path", "message", "value"), rows, fmt), nl=False)
        _say(f"{len(rows)} violations in {len(data)} triples")
        sys.exit(1)
    _say(f"conforms: {len(data)} triples checked against ontology/shapes.ttl")


@main.command()
@_PATHS
@_FORMAT
@click.option("--top", type=int, default=10, show_default=True, help="Rows in ranked tables.")
def stats(paths: tuple[Path, ...], fmt: str, top: int) -> None:
    """Statistics of the who-funds-what network (NetworkX view of the graph).

    Counts by kind, departments and units ranked by the projects they supervise or implement,
    fund-source shares (per level: department budgets and project forms), beneficiary groups,
    degree and PageRank of departments, connected components, and projects with no
    beneficiary group or no indicator.

    \b
    Example:
      kg stats
      kg stats data/samples/001_ca9d259f3fbd1813.txt --format json
    """
    from kg.views.network import stats as network_stats
    from kg.views.network import to_networkx

    extraction = run_extract(paths, progress=_progress)
    tables = network_stats(to_networkx(build_graph(extraction).triples()), top)
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    k: [{c: _plain(v) for c, v in row.items()} for row in rows]
                    for k, rows in tables.items()
                },
                ensure_ascii=False,
                indent=1,
            )
        )
        return
    for name, rows in tables.items():
        click.echo(f"\n## {name}\n" if fmt != "csv" else f"# {name}")
        if rows:
            cols = list(rows[0])
            click.echo(render(cols, [[_plain(r[c]) for c in cols] for r in rows], fmt), nl=False)


def _plain(value: object) -> object:
    return fmt_decimal(value) if isinstance(value, Decimal) else value


@main.command()
@_PATHS
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The HTML file to write.  [default: exports/network.html, or exports/sankey.html]",
)
@click.option("--sankey", is_flag=True, help="Write the fund-flow Sankey instead of the network.")
@click.option(
    "--groups/--no-groups",
    default=True,
    show_default=True,
    help="Sankey: end the flows at the beneficiary groups.",
)
@click.option("--region", default="", metavar="CODE", help="Only this region (e.g. 450206).")
@click.option(
    "--department",
    default="",
    metavar="REGION-CODE",
    help="Only projects of this department (e.g. 450203-318).",
)
@click.option(
    "--source",
    default="",
    metavar="KIND",
    help="Only projects funded from this source (general_public_local, gov_fund, ...).",
)
@click.option(
    "--year",
    type=int,
    default=None,
    metavar="YYYY",
    help="Only projects of this fiscal year.  [default: every year; the page opens at the "
    "latest, its year menu switches]",
)
def viz(
    paths: tuple[Path, ...],
    out: Path | None,
    sankey: bool,
    groups: bool,
    region: str,
    department: str,
    source: str,
    year: int | None,
) -> None:
    """Write the who-funds-what network, or the fund-flow Sankey, as one self-contained HTML
    file (opens offline, fetches nothing).

    Network: nodes coloured by kind and sized by amount; funding edges carry amounts; hover
    shows name, code, amount and the source document and line; search, kind, region,
    fund-source and year filters. Sankey (--sankey): fund source → department → implementing
    unit → project → beneficiary group, widths in yuan, exact amounts on hover, year, region
    and department menus. Both pages open at the latest year (totals never add up years
    unless "all years" is chosen). An unknown --region, --department, --source or --year, or a
    selection that matches no project, exits 2 naming the values there are.

    \b
    Example:
      kg viz --out exports/network.html
      kg viz --region 450206 --out liujiang.html
      kg viz --sankey --year 2023 --out exports/sankey-2023.html
    """
    from kg.rdf.write import write_atomic
    from kg.views.network import to_networkx

    out = out or Path("exports/sankey.html" if sankey else "exports/network.html")
    extraction = run_extract(paths, progress=_progress)
    g = to_networkx(build_graph(extraction).triples())
    from kg.views.network_page import SelectionError, check_selection, select, years

    try:
        check_selection(g, region, department, source, year)
    except SelectionError as e:
        raise click.BadParameter(str(e), param_hint=f"--{e.option}") from None
    view = select(g, region, department, source, year)
    shown = years(view)
    if sankey:
        from kg.views.sankey import sankey_html

        html = sankey_html(g, region, department, source, groups=groups, year=year)
        summary = "fund-flow Sankey"
    else:
        from kg.views.network_page import network_html

        html = network_html(view)
        summary = f"{len(view)} nodes, {view.number_of_edges()} edges"
    if shown:
        summary += f"; years {', '.join(map(str, shown))}, opens at {shown[-1]}"
    _write(lambda: write_atomic(out, html.encode("utf-8")), out)
    _say(f"{out}: {summary}")


@main.command()
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
@_FORMAT
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
    from kg.bench import bench as run_bench
    from kg.bench import table

    result = run_bench(
        projects,
        seed,
        jobs,
        reps,
        baseline_projects,
        progress=_progress,
        sparql_budget=sparql_budget,
    )
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, sort_keys=True))
    else:
        click.echo(render(("stage", "measure", "value"), table(result), fmt), nl=False)


def _register() -> None:
    from kg.cli.site import site_cmd
    from kg.cli.sparql import load, push_cmd, query, schema_cmd, serve, sparql

    for command in (query, sparql, schema_cmd, load, serve, push_cmd, site_cmd):
        main.add_command(command)


_register()
