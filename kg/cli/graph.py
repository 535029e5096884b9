"""The commands that read the graph: query, sparql, schema, validate, load.

They default to ``exports/kg.ttl`` and take ``--graph FILE`` (repeatable) or ``--store DIR``;
each calls one function of :mod:`kg.api` and prints what it returns.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg import api
from kg.cli.options import ALLOW_SERVICE, FORMAT, RESULT_FORMAT, errors, fail, say, source
from kg.store.defaults import DEFAULT_GRAPH
from kg.store.library import format_result
from kg.store.schema import format_schema
from kg.views.render import render


@click.command()
@click.argument("name", required=False)
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A query parameter (repeatable), bound as an RDF term.",
)
@click.option("--list", "list_", is_flag=True, help="List the query library.")
@click.option("--show", is_flag=True, help="Print the query text instead of running it.")
@source
@RESULT_FORMAT
def query(
    name: str | None,
    params: tuple[str, ...],
    list_: bool,
    show: bool,
    graphs: tuple[Path, ...],
    store: Path | None,
    fmt: str,
) -> None:
    """Run a named query from the library.

    \b
    Example:
      kg query --list
      kg query who-funds-what --param region=450206
      kg query search --param text=养老 --format csv
    """
    if list_ or not name:
        listed = [(q.name, q.title_zh, q.title_en, q.signature) for q in api.query_library()]
        click.echo(render(("name", "标题", "title", "parameters"), listed, fmt), nl=False)
        return
    if show:
        with errors(api.QueryError):
            click.echo(api.named_query(name).text, nl=False)
        return
    values: dict[str, str] = {}
    for item in params:
        key, sep, val = item.partition("=")
        if not sep:
            fail(f"--param takes KEY=VALUE, not '{item}'")
        values[key.strip()] = val
    with errors(api.QueryError):
        result = api.query_result(graphs or None, name, values, store=store)
    click.echo(format_result(result, fmt), nl=False)


@click.command()
@click.argument("text", required=False)
@click.option(
    "-f",
    "--file",
    "file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Read the query from a file.",
)
@source
@ALLOW_SERVICE
@RESULT_FORMAT
def sparql(
    text: str | None,
    file: Path | None,
    graphs: tuple[Path, ...],
    store: Path | None,
    allow_service: tuple[str, ...],
    fmt: str,
) -> None:
    """Run any SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE); updates are refused.

    The prefixes of the project (kg:, org:, qb:, skos:, schema:, ...) are predeclared.
    SERVICE is refused unless its IRI is under an --allow-service prefix.

    \b
    Example:
      kg sparql "SELECT (COUNT(*) AS ?n) WHERE { ?p a kg:Project }"
      kg sparql -f my-question.rq --format json
    """
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as exc:
            fail(f"cannot read {file}: {exc.strerror}")
    if not text:
        fail("give a query, or -f FILE")
    with errors(api.QueryError):
        result = api.sparql_result(graphs or None, text, store=store, allow_service=allow_service)
    click.echo(format_result(result, fmt), nl=False)


@click.command(name="schema")
@source
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("table", "md", "json")),
    default="table",
    show_default=True,
    help="How to print the schema.",
)
def schema_cmd(graphs: tuple[Path, ...], store: Path | None, fmt: str) -> None:
    """The vocabulary to write SPARQL with: the predeclared prefixes, the classes and the
    properties of the ontology (ontology/kg.ttl) with their labels (zh/en), how each
    connects (domain → range) and an example triple of each from the graph.

    \b
    Example:
      kg schema
      kg schema --format md > schema.md
      kg schema --store exports/store --format json
    """
    with errors(api.QueryError):
        found = api.schema(graphs or None, store=store)
    if all(c.instances is None for c in found.classes):
        click.echo(f"{DEFAULT_GRAPH} not found: no examples (build it with: kg build)", err=True)
    click.echo(format_schema(found, fmt), nl=False)


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--graph",
    "graph_file",
    type=click.Path(path_type=Path),
    default=None,
    help="A graph file to validate (default: exports/kg.ttl).",
)
@FORMAT
def validate(files: tuple[Path, ...], graph_file: Path | None, fmt: str) -> None:
    """Check graphs against the SHACL shapes in ontology/shapes.ttl.

    Prints one row per violation with the offending node. Exit 0 conforms, 1 violations,
    2 unreadable input.

    \b
    Example:
      kg validate exports/kg.ttl
      kg validate --graph other-district.ttl --format csv
    """
    paths = list(files) + ([graph_file] if graph_file else [])
    try:
        checked = api.validate(paths or None)
    except api.QueryError as exc:
        say(f"error: {exc}")
        sys.exit(2)
    rows = [(v.severity, v.focus, v.path, v.message, v.value) for v in checked.violations]
    if rows:
        click.echo(render(("severity", "focus", "path", "message", "value"), rows, fmt), nl=False)
        say(f"{len(rows)} violations in {checked.triples} triples")
        sys.exit(1)
    say(f"conforms: {checked.triples} triples checked against ontology/shapes.ttl")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--store",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Directory of the persistent store (created if missing).",
)
def load(paths: tuple[Path, ...], store: Path) -> None:
    """Load graph files into a persistent store, so repeated queries need no parsing.

    PATHS are Turtle or TriG files (default: exports/kg.ttl).

    \b
    Example:
      kg load --store exports/store
      kg query who-funds-what --store exports/store
    """
    with errors(api.QueryError, OSError):
        size = api.load_store(paths or None, store)
    click.echo(f"{store}: {size} quads", err=True)


COMMANDS = (query, sparql, schema_cmd, validate, load)
