"""The ``kg`` command line: a thin layer over the library.

Commands that read documents take input paths as arguments (files or directories; default:
the bundled samples) and ``--out``. Data goes to stdout, progress and messages to stderr.
Exit codes: 0 ok, 1 data problems found (with ``--strict``), 2 usage or unreadable input.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from kg.extract import extract as run_extract
from kg.extract import unreadable, write_csv
from kg.formats import FORMATS, render
from kg.model import RECORD_TYPES

_PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="How to print the data.",
)


def _progress(message: str) -> None:
    click.echo(message, err=True)


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
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default="exports",
    show_default=True,
    help="Directory the CSV tables are written to.",
)
@_FORMAT
@click.option("--strict", is_flag=True, help="Exit 1 when any issue was recorded.")
def extract(paths: tuple[Path, ...], out: Path, fmt: str, strict: bool) -> None:
    """Extract every form and table into CSV tables (projects, indicators, funding, ...).

    PATHS are files or directories (default: the bundled samples). Prints how many
    records of each kind were written; the issues are in issues.csv.

    \b
    Example:
      kg extract data/samples/001_ca9d259f3fbd1813.txt --out /tmp/kg
      kg extract --format json
    """
    extraction = run_extract(paths, progress=_progress)
    try:
        files = write_csv(extraction, out)
    except OSError as exc:
        raise click.ClickException(f"cannot write to {out}: {exc.strerror}") from exc
    rows = [
        (kind.TABLE, len(extraction.records[kind.TABLE]), str(f))
        for kind, f in zip(RECORD_TYPES, files, strict=True)
    ]
    click.echo(render(("table", "records", "file"), rows, fmt), nl=False)
    for issue in unreadable(extraction):
        click.echo(f"error: {issue.source}: {issue.message}", err=True)
    counts = Counter(i.code for i in extraction.issues)
    if counts:
        summary = ", ".join(f"{n} {code}" for code, n in sorted(counts.items()))
        click.echo(f"{sum(counts.values())} issues ({summary}); see {out / 'issues.csv'}", err=True)
    if unreadable(extraction):
        sys.exit(2)
    if strict and counts:
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
