"""The commands that hand the graph to others: serve (a SPARQL endpoint and linked data) and
push (to any Graph Store Protocol server); each calls one function of :mod:`kg.api`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg import api
from kg.cli.options import ALLOW_SERVICE, RESULT_FORMAT, announce, errors
from kg.store.defaults import DEFAULT_GRAPH, PORT, TIMEOUT
from kg.views.render import render


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
@click.option("--port", type=int, default=PORT, show_default=True, help="Port on 127.0.0.1.")
@click.option(
    "--writable",
    is_flag=True,
    help="Accept SPARQL updates and Graph Store writes (refused by default).",
)
@click.option(
    "--timeout",
    type=click.IntRange(min=0),
    default=TIMEOUT,
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
@ALLOW_SERVICE
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
    with errors(ValueError, OSError):
        code = api.serve(
            graphs or None,
            store=store,
            port=port,
            writable=writable,
            timeout=timeout,
            max_body=max_body,
            max_upload=max_upload,
            max_result=max_result,
            host_names=host_names,
            token=token,
            max_memory=max_memory,
            max_queries=max_queries,
            site=site,
            base=base,
            allow_service=allow_service,
            announce=announce,
        )
    sys.exit(code)


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
@RESULT_FORMAT
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
    with errors(api.QueryError):
        results = api.push(files or None, endpoint, graph_iri, replace, token=token)
    rows = [(r.file, r.url, r.status) for r in results]
    click.echo(render(("file", "url", "status"), rows, fmt), nl=False)


COMMANDS = (serve, push_cmd)
