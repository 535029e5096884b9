"""Commands that read the graph: query, sparql, schema, load, serve, push.

They default to ``exports/kg.ttl`` and take ``--graph FILE`` (repeatable) or ``--store DIR``.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kg.rdf.ids import base_iri
from kg.store import linked, proxy
from kg.store.library import QueryError, bind, format_result, library, open_store, run
from kg.store.schema import declare_prefixes, describe, format_schema
from kg.store.server import EngineLimits, load_store, push
from kg.store.server import serve as serve_endpoint
from kg.views.render import format_option, render

DEFAULT_GRAPH = Path("exports") / "kg.ttl"

_FORMAT = format_option("How to print the data (json: SPARQL results JSON).")

_ALLOW_SERVICE = click.option(
    "--allow-service",
    "allow_service",
    multiple=True,
    metavar="IRI-PREFIX",
    help="Let SERVICE (and LOAD) reach IRIs under this prefix (repeatable; "
    "refused by default: they make the server fetch URLs).",
)


def _source(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option(
        "--store",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="A persistent store made by kg load (faster than parsing Turtle).",
    )(f)
    return click.option(
        "--graph",
        "graphs",
        multiple=True,
        type=click.Path(path_type=Path),
        help=f"Graph file(s) to query (default: {DEFAULT_GRAPH}).",
    )(f)


def _fail(exc: Exception, code: int = 2) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(code)


def _open(graphs: tuple[Path, ...], store: Path | None) -> Any:
    paths = list(graphs) or ([] if store else [DEFAULT_GRAPH])
    for path in paths:
        if not path.exists():
            _fail(QueryError(f"{path} does not exist (build it with: kg build)"))
    try:
        return open_store(paths, store)
    except QueryError as exc:
        _fail(exc)


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
@_source
@_FORMAT
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
    lib = library()
    if list_ or not name:
        rows = [
            (
                q.name,
                q.title_zh,
                q.title_en,
                " ".join(f"{p.name}{'' if p.required else '?'}" for p in q.params),
            )
            for q in lib.values()
        ]
        click.echo(render(("name", "标题", "title", "parameters"), rows, fmt), nl=False)
        return
    if name not in lib:
        _fail(QueryError(f"no query named '{name}' (see: kg query --list)"))
    q = lib[name]
    if show:
        click.echo(q.text, nl=False)
        return
    values: dict[str, str] = {}
    for item in params:
        key, sep, val = item.partition("=")
        if not sep:
            _fail(QueryError(f"--param takes KEY=VALUE, not '{item}'"))
        values[key.strip()] = val
    try:
        bindings = bind(q, values)
        result = run(_open(graphs, store), q.text, bindings)
    except QueryError as exc:
        _fail(exc)
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
@_source
@_ALLOW_SERVICE
@_FORMAT
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
            _fail(QueryError(f"cannot read {file}: {exc.strerror}"))
    if not text:
        _fail(QueryError("give a query, or -f FILE"))
    assert text is not None
    try:
        result = run(_open(graphs, store), declare_prefixes(text), allow_service=allow_service)
    except QueryError as exc:
        _fail(exc)
    click.echo(format_result(result, fmt), nl=False)


@click.command(name="schema")
@_source
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
    graph = None
    if graphs or store is not None or DEFAULT_GRAPH.exists():
        graph = _open(graphs, store)
    else:
        click.echo(f"{DEFAULT_GRAPH} not found: no examples (build it with: kg build)", err=True)
    click.echo(format_schema(describe(graph), fmt), nl=False)


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
    files = list(paths) or [DEFAULT_GRAPH]
    try:
        size = load_store(files, store)
    except (QueryError, OSError) as exc:
        _fail(exc)
    click.echo(f"{store}: {size} quads", err=True)


@click.command()
@click.option(
    "--store",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Serve this store (default: a temporary store loaded from --graph).",
)
@click.option(
    "--graph",
    "graphs",
    multiple=True,
    type=click.Path(path_type=Path),
    help=f"Graph file(s) to serve (default: {DEFAULT_GRAPH}).",
)
@click.option("--port", type=int, default=7878, show_default=True, help="Port on 127.0.0.1.")
@click.option(
    "--writable",
    is_flag=True,
    help="Accept SPARQL updates and Graph Store writes (refused by default).",
)
@click.option(
    "--timeout",
    type=click.IntRange(min=0),
    default=30,
    show_default=True,
    help="Seconds a query may run before the server stops it (0: no limit).",
)
@click.option(
    "--max-body",
    type=click.IntRange(min=1),
    default=1_000_000,
    show_default=True,
    help="Bytes a query may send; larger ones are refused (413).",
)
@click.option(
    "--max-upload",
    type=click.IntRange(min=1),
    default=64_000_000,
    show_default=True,
    help="Bytes a write (Graph Store upload, update; with --writable) may send; "
    "larger ones are refused (413).",
)
@click.option(
    "--max-result",
    type=click.IntRange(min=1),
    default=100_000_000,
    show_default=True,
    help="Bytes an answer may have; larger ones are refused (507: add a LIMIT).",
)
@click.option(
    "--host-name",
    "host_names",
    multiple=True,
    metavar="NAME",
    help="Also answer requests for this Host (repeatable; NAME or NAME:PORT, e.g. behind a "
    "reverse proxy). Only 127.0.0.1, localhost and [::1] with --port are answered by default.",
)
@click.option(
    "--token",
    envvar="KG_TOKEN",
    default=None,
    metavar="TOKEN",
    help="With --writable: the token writes must send (Authorization: Bearer TOKEN); "
    "default $KG_TOKEN, else a new one printed on stderr.",
)
@click.option(
    "--max-memory",
    type=click.IntRange(min=64),
    default=None,
    metavar="MB",
    help="Address space the SPARQL engine may use (RLIMIT_AS); a query past it ends the "
    "engine, which is started again.  [default: half the RAM, at most 4096]",
)
@click.option(
    "--max-queries",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Queries the engine works on at once; others wait up to --timeout, then 503.  "
    "[default: 2 x CPUs]",
)
@click.option(
    "--site",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="A site made by kg site: served at /site/, and the page a browser gets for an IRI.",
)
@click.option(
    "--base",
    metavar="IRI",
    default=None,
    help="The base IRI of the graph's instance IRIs, dereferenced at its path: "
    "--base https://budget.example.gov.cn/id/ answers /id/project/CODE.  "
    "[default: $KG_BASE_IRI, else the default of kg build]",
)
@_ALLOW_SERVICE
def serve(
    store: Path | None,
    graphs: tuple[Path, ...],
    port: int,
    writable: bool,
    timeout: int,
    max_body: int,
    max_upload: int,
    max_result: int,
    host_names: tuple[str, ...],
    token: str | None,
    max_memory: int | None,
    max_queries: int | None,
    site: Path | None,
    base: str | None,
    allow_service: tuple[str, ...],
) -> None:
    """Serve the graph as a SPARQL 1.1 endpoint on 127.0.0.1 (the Oxigraph server), and its
    IRIs as linked data.

    Query endpoint: http://127.0.0.1:PORT/query (SPARQLWrapper, YASGUI, curl);
    Graph Store endpoint: http://127.0.0.1:PORT/store. Read-only unless --writable. The
    prefixes of kg sparql are predeclared (see: kg schema). A query is stopped after
    --timeout seconds; a query over --max-body bytes or an upload over --max-upload bytes is
    refused (413), an answer over --max-result bytes too (507), so one client cannot hold the
    server. Only requests for 127.0.0.1, localhost or [::1] (and --host-name values) are
    answered; SERVICE and LOAD are refused (see --allow-service). With --writable, writes
    need the token (--token, $KG_TOKEN, or the one printed at start) and are refused from
    other origins (a web page's form). Stops cleanly on SIGTERM, SIGINT (Ctrl-C) and SIGHUP.

    The graph's IRIs resolve (W3C Cool URIs): GET /id/project/CODE (the path of an IRI
    under --base) or /def/kg answers 303 See Other to the page of --site for a browser, or
    to /data/id/project/CODE, the IRI's triples, for Accept: text/turtle (or JSON-LD,
    N-Triples); an IRI the graph does not hold is 404.

    \b
    Example:
      kg serve --port 7878
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * {?p a kg:Project} LIMIT 3' \\
           http://127.0.0.1:7878/query
      export KG_TOKEN=$(python -c 'import secrets; print(secrets.token_urlsafe())')
      kg serve --writable --port 7878 &
      kg push exports/kg.trig --endpoint http://127.0.0.1:7878/store
      kg site --out site && kg serve --site site
      curl -L -H 'Accept: text/turtle' http://127.0.0.1:7878/id/project/450206220413600006280
    """
    try:
        pages = linked.Site.load(site) if site else None
        served_base = base_iri(base)
    except (ValueError, OSError) as exc:
        _fail(exc)
    limits = proxy.Limits(
        max_body=max_body,
        max_result=max_result,
        max_upload=max_upload,
        writable=writable,
        host_names=host_names,
        allow_service=allow_service,
        token=token or proxy.new_token(),
        base=served_base,
        site=pages,
    )
    if writable and not token:
        _announce(
            f"write token: {limits.token} (send it as Authorization: Bearer TOKEN, "
            "or: kg push --token TOKEN; set $KG_TOKEN to choose one)"
        )
    files = [] if store else list(graphs) or [DEFAULT_GRAPH]
    engine = EngineLimits()
    if max_memory:
        engine = dataclasses.replace(engine, memory=max_memory * 2**20)
    if max_queries:
        engine = dataclasses.replace(engine, queries=max_queries)
    try:
        code = serve_endpoint(files, store, port, limits, writable, timeout, _announce, engine)
    except QueryError as exc:
        _fail(exc)
    sys.exit(code)


def _announce(message: str) -> None:
    click.echo(message, err=True)


@click.command(name="push")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store or "
    "http://host:3030/ds/data (Fuseki).",
)
@click.option(
    "--graph",
    "graph_iri",
    metavar="IRI",
    default=None,
    help="Named graph for Turtle files (default: the default graph).",
)
@click.option("--replace", is_flag=True, help="Replace the graph (PUT) instead of adding (POST).")
@click.option(
    "--token",
    envvar="KG_TOKEN",
    default=None,
    metavar="TOKEN",
    help="Send Authorization: Bearer TOKEN (the token kg serve --writable printed or was "
    "given; default $KG_TOKEN).",
)
@_FORMAT
def push_cmd(
    files: tuple[Path, ...],
    endpoint: str,
    graph_iri: str | None,
    replace: bool,
    token: str | None,
    fmt: str,
) -> None:
    """Load the exports into any SPARQL 1.1 Graph Store Protocol server.

    FILES are Turtle or TriG (default: exports/kg.ttl); TriG keeps one named graph per
    source document, so a province can collect every district into one engine.

    \b
    Example:
      kg push --endpoint http://127.0.0.1:7878/store
      kg push exports/kg.trig --endpoint http://localhost:3030/budget/data
      kg push exports/kg.trig --endpoint http://127.0.0.1:7878/store --token TOKEN
    """
    try:
        results = push(list(files) or [DEFAULT_GRAPH], endpoint, graph_iri, replace, token=token)
    except QueryError as exc:
        _fail(exc)
    rows = [(r.file, r.url, r.status) for r in results]
    click.echo(render(("file", "url", "status"), rows, fmt), nl=False)
