"""``kg site``: the static site of the graph (a page per node, search, facets)."""

from __future__ import annotations

import time
from pathlib import Path

import click

from kg import api
from kg.cli.options import announce, errors, source
from kg.views.site import SiteError


@click.command(name="site")
@source
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default="site",
    show_default=True,
    help="Folder the site is written to (replaced whole if kg site wrote it before).",
)
def site_cmd(graphs: tuple[Path, ...], store: Path | None, out: Path) -> None:
    """Write a static site of the graph: a page for every region, department, implementing
    unit, project, fund source, beneficiary group, indicator category and source document,
    with every figure linked to the document and line it is printed on, the audit's findings
    on the page of what they concern, and an index with search (zh and English labels) and
    facets (region, year, fund source, indicator category).

    Plain HTML and one small script; no request to any host, so it opens from file:// (and
    kg serve --site DIR serves it, answering the graph's IRIs with its pages). The same graph
    gives the same bytes. Several --graph files are merged: another district's Turtle beside
    ours gets pages too.

    \b
    Example:
      kg site --out site && xdg-open site/index.html
      kg site --graph exports/kg.ttl --graph their-district/kg.ttl --out province-site
      kg site --store exports/store --out site
    """
    started = time.perf_counter()
    with errors(api.QueryError, SiteError, OSError):
        summary = api.site(graphs or None, out, store=store, progress=announce)
    kinds = ", ".join(f"{n} {kind}" for kind, n in summary.by_kind.items())
    seconds = time.perf_counter() - started
    click.echo(f"{out}/index.html: {summary.pages} pages ({kinds}) in {seconds:.1f} s", err=True)


COMMANDS = (site_cmd,)
