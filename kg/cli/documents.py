"""The commands that read documents: extract, build, audit, stats, viz.

They take input paths as arguments (files or directories; default: the bundled samples) and
``--out``; each calls one function of :mod:`kg.api` and prints what it returns.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import click

from kg import api
from kg.checks.report import COLUMNS, counts, rows
from kg.cli.options import FORMAT, OCR, PATHS, STRICT, XLSX, out, say, writing
from kg.domain.problems import exit_code
from kg.domain.values import fmt_decimal
from kg.rdf.ids import DEFAULT_BASE
from kg.views.network_page import SelectionError
from kg.views.render import printable, render


@click.command()
@PATHS
@out("the CSV tables are")
@OCR
@XLSX
@FORMAT
@STRICT
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
    with writing(out):
        done = api.extract_tables(paths, out, ocr=ocr, xlsx=xlsx, progress=say)
    written = [(f.name, f.count, str(f.path)) for f in done.files]
    click.echo(render(("table", "records", "file"), written, fmt), nl=False)
    finish(done, out, strict)


def finish(done: api.Tables | api.Built, out: Path, strict: bool) -> None:
    """Report issues on stderr; exit 2 (unreadable input), 1 (--strict and issues) or 0."""
    for issue in done.unreadable:
        say(f"error: {issue.source}: {issue.message}")
    if done.issues:
        summary = ", ".join(f"{n} {code}" for code, n in sorted(done.issues.items()))
        say(f"{sum(done.issues.values())} issues ({summary}); see {out / 'issues.csv'}")
    if status := exit_code(done.issues, strict):  # 2 unreadable input, 1 --strict and issues
        sys.exit(status)


@click.command()
@PATHS
@out("the graph and the CSV tables are")
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
@OCR
@XLSX
@FORMAT
@STRICT
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
    Progress goes to stderr: a bar on a terminal, else a line at each tenth of a build of more
    than 10 documents.

    \b
    Example:
      kg build --out exports
      kg build corpus/ --out kg-out --jobs 2 --xlsx
      KG_BASE_IRI=https://data.example.gov.cn/kg/ kg build data/samples --out kg-out
    """
    bar = _bar if sys.stderr.isatty() else _logged
    with writing(out):
        done = api.build(
            paths, out, base=base, jobs=jobs, dask=dask, ocr=ocr, xlsx=xlsx, progress=bar
        )
    written = [(f.name, f.count, str(f.path)) for f in done.files]
    click.echo(render(("file", "triples", "path"), written, fmt), nl=False)
    click.echo(
        f"{done.documents} documents, {done.findings} audit findings; see {out / 'audit.md'}",
        err=True,
    )
    finish(done, out, strict)


def _bar(done: int, total: int, source: str) -> None:
    """A one-line progress bar on stderr (only when stderr is a terminal)."""
    width = 30
    filled = width * done // max(total, 1)
    click.echo(
        f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {printable(source)[:40]:40}",
        err=True,
        nl=done == total,
    )


#: a build of more documents than this logs its progress when stderr is not a terminal
LOGGED_OVER = 10


def _logged(done: int, total: int, source: str) -> None:
    """Progress for a log (stderr not a terminal): a line at each tenth of a build of more
    than :data:`LOGGED_OVER` documents; a short build says only its summary."""
    if total > LOGGED_OVER and done * 10 // total != (done - 1) * 10 // total:
        say(f"{done}/{total} documents read ({source})")


@click.command()
@PATHS
@out("audit.md and audit.ttl are")
@FORMAT
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
    with writing(out):
        report = api.audit_report(paths, out, progress=say)
    findings = report.findings
    click.echo(render(COLUMNS, rows(findings, report.extraction.cite), fmt), nl=False)
    summary = ", ".join(f"{n} {code}" for code, n in sorted(counts(findings).items()))
    say(f"{len(findings)} findings ({summary or 'none'}); see {out / 'audit.md'}")
    for issue in report.unreadable:
        say(f"error: {issue.source}: {issue.message}")
    if report.unreadable:
        sys.exit(2)
    if strict and any(f.severity == "error" for f in findings):
        sys.exit(1)


@click.command()
@PATHS
@FORMAT
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
    tables = api.network_stats(paths, top, progress=say)
    if fmt == "json":
        data = {k: [{c: _plain(v) for c, v in row.items()} for row in t] for k, t in tables.items()}
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    for name, table in tables.items():
        click.echo(f"\n## {name}\n" if fmt != "csv" else f"# {name}")
        if table:
            cols = list(table[0])
            click.echo(render(cols, [[_plain(r[c]) for c in cols] for r in table], fmt), nl=False)


def _plain(value: object) -> object:
    return fmt_decimal(value) if isinstance(value, Decimal) else value


@click.command()
@PATHS
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The HTML file to write.  [default: exports/network.html, or exports/sankey.html]",
)
@click.option("--sankey", is_flag=True, help="Write the fund-flow Sankey instead of the network.")
@click.option(
    "--graph",
    "graph_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Draw from a built graph (exports/kg.ttl) instead of reading documents.",
)
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
    graph_file: Path | None,
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
      kg viz --graph exports/kg.ttl --out exports/network.html
    """
    out = out or Path("exports/sankey.html" if sankey else "exports/network.html")
    if paths and graph_file is not None:
        raise click.UsageError("give documents or --graph, not both")
    try:
        with writing(out):
            page = api.viz(
                paths,
                out=out,
                sankey=sankey,
                groups=groups,
                region=region,
                department=department,
                source=source,
                year=year,
                progress=say,
                graph=graph_file,
            )
    except SelectionError as e:
        raise click.BadParameter(str(e), param_hint=f"--{e.option}") from None
    summary = (
        "fund-flow Sankey" if page.nodes is None else f"{page.nodes} nodes, {page.edges} edges"
    )
    if page.years:
        summary += f"; years {', '.join(map(str, page.years))}, opens at {page.years[-1]}"
    say(f"{out}: {summary}")


COMMANDS = (extract, build, audit, stats, viz)
