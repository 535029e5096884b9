"""Commands that read the graph: query, sparql, load, serve, push.

They default to ``exports/kg.ttl`` and take ``--graph FILE`` (repeatable) or ``--store DIR``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kg import proxy
from kg.formats import format_option, render
from kg.query import QueryError, bind, format_result, library, open_store, run
from kg.server import load_store, prepare_store, push, server_command

DEFAULT_GRAPH = Path("exports") / "kg.ttl"

_FORMAT = format_option("How to print the data (json: SPARQL results JSON).")


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
@_FORMAT
def sparql(
    text: str | None, file: Path | None, graphs: tuple[Path, ...], store: Path | None, fmt: str
) -> None:
    """Run any SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE); updates are refused.

    The prefixes of the project (kg:, org:, qb:, skos:, schema:, ...) are predeclared.

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
        result = run(_open(graphs, store), text)
    except QueryError as exc:
        _fail(exc)
    click.echo(format_result(result, fmt), nl=False)


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
    help="Bytes a request may send; larger ones are refused (413).",
)
@click.option(
    "--max-result",
    type=click.IntRange(min=1),
    default=100_000_000,
    show_default=True,
    help="Bytes an answer may have; larger ones are refused (507: add a LIMIT).",
)
def serve(
    store: Path | None,
    graphs: tuple[Path, ...],
    port: int,
    writable: bool,
    timeout: int,
    max_body: int,
    max_result: int,
) -> None:
    """Serve the graph as a SPARQL 1.1 endpoint on 127.0.0.1 (the Oxigraph server).

    Query endpoint: http://127.0.0.1:PORT/query (SPARQLWrapper, YASGUI, curl);
    Graph Store endpoint: http://127.0.0.1:PORT/store. Read-only unless --writable. A query
    is stopped after --timeout seconds; a request over --max-body bytes is refused (413), an
    answer over --max-result bytes too (507), so one client cannot hold the server.

    \b
    Example:
      kg serve --port 7878
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE {?s ?p ?o} LIMIT 3' \\
           http://127.0.0.1:7878/query
    """
    with tempfile.TemporaryDirectory(prefix="kg-store-") as tmp:
        location = store
        try:
            if location is None:
                location = Path(tmp)
                files = list(graphs) or [DEFAULT_GRAPH]
                missing = [f for f in files if not f.exists()]
                if missing:
                    raise QueryError(f"{missing[0]} does not exist (build it with: kg build)")
                prepare_store(files, location)
            internal = _free_port()
            cmd = server_command(location, internal, writable, timeout=timeout)
        except QueryError as exc:
            _fail(exc)
        mode = "read-write" if writable else "read-only"
        server = subprocess.Popen(cmd)
        if not _listening(internal, server):
            _fail(QueryError(f"the Oxigraph server did not start (exit {server.poll()})"))
        try:
            guard = proxy.start(port, internal, proxy.Limits(max_body, max_result))
        except OSError as exc:
            server.terminate()
            _fail(QueryError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}"))
        click.echo(f"serving {location} ({mode}) at http://127.0.0.1:{port}/query", err=True)
        try:
            code = server.wait()
        except KeyboardInterrupt:  # pragma: no cover - interactive stop
            server.terminate()
            code = server.wait()
        finally:
            guard.shutdown()
        sys.exit(code)


def _listening(port: int, server: subprocess.Popen[bytes], seconds: float = 120) -> bool:
    """Wait until the server accepts connections (the proxy opens only then)."""
    import socket
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.1)
    if server.poll() is None:
        server.terminate()
    return False


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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
@_FORMAT
def push_cmd(
    files: tuple[Path, ...], endpoint: str, graph_iri: str | None, replace: bool, fmt: str
) -> None:
    """Load the exports into any SPARQL 1.1 Graph Store Protocol server.

    FILES are Turtle or TriG (default: exports/kg.ttl); TriG keeps one named graph per
    source document, so a province can collect every district into one engine.

    \b
    Example:
      kg push --endpoint http://127.0.0.1:7878/store
      kg push exports/kg.trig --endpoint http://localhost:3030/budget/data
    """
    try:
        results = push(list(files) or [DEFAULT_GRAPH], endpoint, graph_iri, replace)
    except QueryError as exc:
        _fail(exc)
    rows = [(r.file, r.url, r.status) for r in results]
    click.echo(render(("file", "url", "status"), rows, fmt), nl=False)
