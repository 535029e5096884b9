"""The Python API: what the command line does, as functions for notebooks and scripts.

``import kg`` gives these functions; pandas, NetworkX, pyvis and plotly are imported only
when a function needs them, so ``import kg`` stays quick.

>>> import kg
>>> ex = kg.extract([kg.SAMPLES / "001_ca9d259f3fbd1813.txt"])
>>> graph = kg.build_graph(ex)
>>> top = kg.query(graph, "largest-projects", region="450206")
>>> top.loc[0, ["project", "total"]].tolist()
['拉堡、新兴污水处理费', np.float64(26000000.0)]

**Commands.** Every ``kg`` command is one function here that it prints: ``kg extract`` is
:func:`extract_tables`, ``kg audit`` :func:`audit_report`, ``kg stats`` :func:`network_stats`,
``kg query`` :func:`query_library`, :func:`named_query` or :func:`query_result`, ``kg sparql``
:func:`sparql_result`, ``kg load`` :func:`load_store`, ``kg bench`` :func:`benchmark`; the
others' functions are named like them (:func:`build`, :func:`validate`, :func:`site`, …).

**Graphs.** Every function that reads a graph takes any of: a :class:`kg.rdf.graph.Graph`
(from :func:`build_graph`), a pyoxigraph ``Store`` (from :func:`load`), or the path of a
Turtle/TriG export, or a list of such paths (several districts in one graph); the functions
of the commands also take ``None`` (``exports/kg.ttl``) and ``store=``, a store made by
:func:`load_store`. Converting a built graph or parsing files takes a moment, so for many
queries convert once: ``store = kg.load(graph)`` or ``store = kg.load(["a/kg.ttl",
"b/kg.ttl"])``. Graph files are read by one loader (:mod:`kg.store.open`).

**Values.** Query results are pandas DataFrames, one column per variable of the query, in its
order, each in a nullable pandas dtype, and every missing value (an unbound variable, an
empty cell) is ``pd.NA`` — never ``NaN`` or ``None``. Literals are read by one decoder
(:mod:`kg.rdf.literals`): numbers — ``xsd:decimal`` amounts (yuan) and the rest — are
``Float64`` columns pandas can do arithmetic on (``flows.amount / 1e4`` is 万元; a double holds
every amount of these documents exactly, to the fen); ``exact=True`` gives ``xsd:decimal``
columns as :class:`~decimal.Decimal` (dtype ``object``) instead, one form per number
(``Decimal('1320000')`` whether the graph wrote ``1320000.0`` or a ``SUM`` answered
``1320000``). A column of only integers is ``Int64``, of booleans ``boolean``; text — strings,
``@zh`` labels, dates, years (``xsd:gYear``), IRIs — is ``string``. The same holds for
:func:`stats` and :func:`audit`.

**Errors.** An unknown query name or parameter, a parameter value that is not of the
parameter's type, a syntax error or an update in SPARQL raise :class:`kg.QueryError` (a
``ValueError``); a graph file that does not exist raises ``FileNotFoundError`` (a
``QueryError`` too).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.api_documents import AuditReport as AuditReport
from kg.api_documents import Built as Built
from kg.api_documents import (
    Documents,
    Progress,
    audit_report,
    build,
    extract_tables,
    read,
)
from kg.api_documents import Page as Page
from kg.api_documents import Tables as Tables
from kg.api_documents import Written as Written
from kg.api_frames import frame, rows_table, table
from kg.api_graphs import (
    GraphLike,
    PathLike,
    load,
    load_store,
    push,
    schema,
    serve,
    site,
    triples,
    validate,
)
from kg.api_graphs import Validation as Validation
from kg.checks import audit as _audit
from kg.domain.model import Extraction
from kg.pipeline import build_graph
from kg.rdf.graph import Graph
from kg.rdf.write import write_atomic
from kg.rdf.write import write_graph as _write_graph
from kg.resources import SAMPLES
from kg.store.library import Query, QueryError, Result, bind, library, run
from kg.views.tables import write_csv as _write_csv

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd


__all__ = [
    "SAMPLES",
    "Graph",
    "QueryError",
    "audit",
    "audit_report",
    "benchmark",
    "build",
    "build_graph",
    "extract",
    "extract_tables",
    "list_queries",
    "load",
    "load_store",
    "named_query",
    "network_html",
    "network_stats",
    "push",
    "query",
    "query_library",
    "query_result",
    "sankey_html",
    "schema",
    "serve",
    "site",
    "sparql",
    "sparql_result",
    "stats",
    "to_networkx",
    "validate",
    "viz",
    "write_csv",
    "write_graph",
]

# --- documents -----------------------------------------------------------------------------


def extract(
    paths: Documents = None, *, ocr: bool = False, progress: Progress | None = None
) -> Extraction:
    """Read and parse documents: one path or several, files or directories (``str`` or any
    path-like); default: the bundled samples (``kg.SAMPLES``). ``ocr=True`` recognises page
    images and PDF pages without a text layer (``kg extract --ocr``); ``progress`` gets a
    line per document read.

    >>> import kg
    >>> ex = kg.extract(str(kg.SAMPLES / "001_ca9d259f3fbd1813.txt"))
    >>> ex.sources, len(ex.records["projects"])
    (['001_ca9d259f3fbd1813.txt'], 13)
    """
    return read(paths, ocr, progress)


def write_csv(extraction: Extraction, out: PathLike) -> list[Path]:
    """Write every table as ``<out>/<table>.csv`` (``kg extract --out``); returns the files."""
    return _write_csv(extraction, Path(out))


def write_graph(graph: Graph, out: PathLike) -> dict[str, int]:
    """Write ``kg.ttl``, ``kg.trig`` and ``catalog.ttl`` into ``out`` (``kg build --out``);
    returns the triples (or quads) per file."""
    return _write_graph(graph, Path(out))


def audit(extraction: Extraction) -> pd.DataFrame:
    """The findings of ``kg audit``, one row each: ``code`` (the check), ``severity``,
    ``source``, ``line``, ``key``, ``message``, ``figures``; sorted by file and line.

    >>> import kg
    >>> findings = kg.audit(kg.extract([kg.SAMPLES / "001_ca9d259f3fbd1813.txt"]))
    >>> findings.loc[findings.code == "payout-exceeds-total", ["source", "line", "severity"]]
                         source  line severity
    8  001_ca9d259f3fbd1813.txt   177  warning
    """
    columns = ["code", "severity", "source", "line", "key", "message", "figures"]
    rows = [{**f.row(), "line": f.line} for f in _audit(extraction)]
    return table({c: [row.get(c) for row in rows] for c in columns}, exact=False)


# --- queries -------------------------------------------------------------------------------


def query_library() -> list[Query]:
    """``kg query --list``: the queries of the library, by name."""
    return list(library().values())


def named_query(name: str) -> Query:
    """The library's query of this name (``kg query NAME --show`` prints its text), or a
    :class:`QueryError` naming the nearest.

    >>> named_query("who-funds")
    Traceback (most recent call last):
    kg.store.library.QueryError: no query named 'who-funds'; did you mean who-funds-what?
    """
    queries = library()
    if name not in queries:
        close = difflib.get_close_matches(name, list(queries), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else " (see: kg query --list)"
        raise QueryError(f"no query named '{name}'{hint}")
    return queries[name]


def list_queries() -> pd.DataFrame:
    """The query library (``kg query --list``): name, titles, parameters (``?`` = optional),
    description.

    >>> import kg
    >>> queries = kg.list_queries()
    >>> queries.set_index("name").loc["who-funds-what", "parameters"]
    'region?'
    """
    import pandas as pd

    rows = [
        {
            "name": q.name,
            "title": q.title_zh,
            "title_en": q.title_en,
            "parameters": q.signature,
            "description": q.description,
        }
        for q in query_library()
    ]
    return pd.DataFrame(rows, columns=["name", "title", "title_en", "parameters", "description"])


def query_result(
    graph: GraphLike | None,
    name: str,
    params: Mapping[str, object] | None = None,
    *,
    store: PathLike | None = None,
) -> Result:
    """``kg query NAME``: run a named query of the library, the answer as the engine gives
    it (RDF terms). Parameters as in :func:`query`; the graph as in :func:`load`."""
    q = named_query(name)
    values = {k: _param_text(k, v) for k, v in (params or {}).items() if v is not None}
    bindings = bind(q, values, graph.ids if isinstance(graph, Graph) else None)
    return run(load(graph, store=store), q.text, bindings)


def query(graph: GraphLike, name: str, /, exact: bool = False, **params: object) -> pd.DataFrame:
    """Run a named query of the library (``kg query NAME --param key=value``) as a DataFrame.

    Parameters are the query's own (see :func:`list_queries`); values may be strings or
    numbers (``region=450206``, ``year=2025``); ``None`` means not given. ``exact``: amounts
    as :class:`~decimal.Decimal` rather than floats.

    >>> import kg
    >>> graph = kg.build_graph(kg.extract([kg.SAMPLES / "001_ca9d259f3fbd1813.txt"]))
    >>> funded = kg.query(graph, "projects-by-fund-source", source="gov_fund")
    >>> funded[["project", "amount"]].head(2)
                 project      amount
    0         拉堡、新兴污水处理费  26000000.0
    1  柳江区16个村镇垃圾转运站运行经费   5000000.0
    >>> (funded.amount / 1e4).sum()
    np.float64(4100.0)
    >>> kg.query(graph, "projects-by-fund-source", exact=True, source="gov_fund").amount.sum()
    Decimal('41000000')
    >>> kg.query(graph, "who-funds-what", district="450206")
    Traceback (most recent call last):
    ...
    kg.store.library.QueryError: who-funds-what: unknown parameter district (it takes: region)
    """
    result = query_result(graph, name, params)
    return frame(result.variables, result.rows, exact)


def _param_text(key: str, value: object) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return str(value)
    raise QueryError(f"parameter {key}: give a string or a number, not {type(value).__name__}")


def sparql_result(
    graph: GraphLike | None,
    text: str,
    *,
    store: PathLike | None = None,
    allow_service: Sequence[str] = (),
) -> Result:
    """``kg sparql``: run any SPARQL query, the project's prefixes predeclared (an unknown
    prefix is named), the answer as the engine gives it; updates are refused, and so is
    ``SERVICE`` unless its IRI is under an ``allow_service`` prefix."""
    from kg.store.schema import declare_prefixes

    db = load(graph, store=store)
    return run(db, declare_prefixes(text), allow_service=allow_service)


def sparql(graph: GraphLike, text: str, exact: bool = False) -> pd.DataFrame:
    """Run any SPARQL query (``kg sparql``), with the project's prefixes predeclared.

    SELECT gives one column per variable; ASK one row with a ``boolean`` column;
    CONSTRUCT and DESCRIBE the triples as ``subject``, ``predicate``, ``object``. Updates are
    refused. Values as in :func:`query`.

    >>> import kg
    >>> graph = kg.build_graph(kg.extract([kg.SAMPLES / "001_ca9d259f3fbd1813.txt"]))
    >>> kg.sparql(graph, '''
    ...     SELECT (COUNT(?p) AS ?projects) (SUM(?t) AS ?total)
    ...     WHERE { ?p a kg:Project ; kg:totalAmount ?t }''')
       projects       total
    0        13  74834790.0
    >>> kg.sparql(graph, "ASK { ?p a kg:Project }")
       boolean
    0     True
    """
    result = sparql_result(graph, text)
    if result.boolean is not None:
        return frame(["boolean"], [[ox.Literal(result.boolean)]], exact)
    if result.variables:
        return frame(result.variables, result.rows, exact)
    rows: list[list[object]] = [[t.subject, t.predicate, t.object] for t in result.triples]
    return frame(["subject", "predicate", "object"], rows, exact)


# --- the network, its pages and its statistics ---------------------------------------------


def to_networkx(graph: GraphLike | nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The who-funds-what network (:func:`kg.views.network.to_networkx`): nodes with ``kind``,
    ``label``, ``code``, ``amount`` (yuan), ``source``, ``line``; ``funds`` edges with the
    amount, and ``supervises``, ``implements``, ``in_region``, ``part_of``,
    ``has_indicator``, ``serves`` edges. A NetworkX graph is returned as it is.

    >>> import kg
    >>> graph = kg.build_graph(kg.extract([kg.SAMPLES / "001_ca9d259f3fbd1813.txt"]))
    >>> g = kg.to_networkx(graph)
    >>> sum(1 for _, kind in g.nodes(data="kind") if kind == "project")
    13
    """
    import networkx as nx

    from kg.views.network import to_networkx as triples_to_networkx

    if isinstance(graph, nx.Graph):
        return graph
    return triples_to_networkx(triples(graph))


def network_stats(
    paths: Documents = None, top: int = 10, *, progress: Progress | None = None
) -> dict[str, list[dict[str, Any]]]:
    """``kg stats``: the tables of :func:`stats` for documents, as rows of Python values
    (amounts :class:`~decimal.Decimal`)."""
    from kg.views.network import stats as tables

    return tables(to_networkx(build_graph(read(paths, progress=progress))), top)


def stats(
    graph: GraphLike | nx.MultiDiGraph, top: int = 10, exact: bool = False
) -> dict[str, pd.DataFrame]:
    """The tables of ``kg stats``, by name, as DataFrames (``top`` rows in ranked tables);
    values as in :func:`query`.

    >>> import kg
    >>> graph = kg.build_graph(kg.extract([kg.SAMPLES / "001_ca9d259f3fbd1813.txt"]))
    >>> tables = kg.stats(graph, top=3)
    >>> list(tables)[:3]
    ['counts', 'departments', 'units']
    >>> tables["departments"][["name", "projects", "project_total_yuan"]].head(2)
                 name  projects  project_total_yuan
    0  柳州市柳江区住房和城乡建设局         2          31000000.0
    1     柳州市柳江区卫生健康局         2          10504790.0
    """
    from kg.views.network import stats as tables

    return {name: rows_table(rows, exact) for name, rows in tables(to_networkx(graph), top).items()}


def _selected(
    g: nx.MultiDiGraph, region: str, department: str, source: str, year: int | None
) -> nx.MultiDiGraph:
    """The part of the network a page shows; a value that names nothing raises
    ``SelectionError`` listing the values there are."""
    from kg.views.network_page import check_selection, select

    check_selection(g, region, department, source, year)
    return select(g, region, department, source, year)


def network_html(
    graph: GraphLike | nx.MultiDiGraph,
    region: str = "",
    department: str = "",
    source: str = "",
    title: str = "谁资助什么 · Who funds what",
    year: int | None = None,
) -> str:
    """The who-funds-what network page (``kg viz``), one self-contained HTML document that
    fetches nothing. ``region``: a division code (``450206``); ``department``: REGION-CODE
    (``450203-318``); ``source``: a fund-source kind (``gov_fund``, ``general_public_local``);
    ``year``: only the projects of that fiscal year (default: every year, the page opening at
    the latest). A value that names nothing raises
    ``kg.views.network_page.SelectionError`` (a ``ValueError``) listing the values there are.

    >>> import kg
    >>> graph = kg.build_graph(kg.extract([kg.SAMPLES / "001_ca9d259f3fbd1813.txt"]))
    >>> page = kg.network_html(graph, region="450206")
    >>> page.startswith("<!DOCTYPE html>"), "<script src" in page
    (True, False)
    """
    from kg.views.network_page import network_html as page

    return page(_selected(to_networkx(graph), region, department, source, year), title)


def sankey_html(
    graph: GraphLike | nx.MultiDiGraph,
    region: str = "",
    department: str = "",
    source: str = "",
    groups: bool = True,
    title: str = "资金流向 · Fund flows",
    year: int | None = None,
) -> str:
    """The fund-flow Sankey page (``kg viz --sankey``): fund source → department → unit →
    project (→ beneficiary group with ``groups``), widths in yuan; one self-contained HTML
    document (~5 MB: plotly.js is inline). Selection as in :func:`network_html`.

    >>> import kg
    >>> graph = kg.build_graph(kg.extract([kg.SAMPLES / "001_ca9d259f3fbd1813.txt"]))
    >>> page = kg.sankey_html(graph, region="450206")
    >>> "13 个项目 projects · 7483.48万元" in page
    True
    """
    from kg.views.network_page import check_selection
    from kg.views.sankey import sankey_html as page

    g = to_networkx(graph)
    check_selection(g, region, department, source, year)
    return page(g, region, department, source, groups=groups, title=title, year=year)


def viz(
    paths: Documents = None,
    *,
    out: PathLike,
    sankey: bool = False,
    groups: bool = True,
    region: str = "",
    department: str = "",
    source: str = "",
    year: int | None = None,
    progress: Progress | None = None,
    graph: GraphLike | None = None,
) -> Page:
    """``kg viz``: write the network page of documents (:func:`network_html`), or with
    ``sankey`` the fund-flow Sankey (:func:`sankey_html`), to ``out``; a selection that names
    nothing raises ``SelectionError`` as they do. With ``graph`` (a built graph, a store, or
    exported files: ``exports/kg.ttl``) the page is drawn from it and no document is read:
    the same page as from the documents it was built from."""
    from kg.views.network_page import network_html as page
    from kg.views.network_page import years
    from kg.views.sankey import sankey_html as flows

    path = Path(out)
    g = to_networkx(graph if graph is not None else build_graph(read(paths, progress=progress)))
    view = _selected(g, region, department, source, year)
    html = flows(g, region, department, source, groups=groups, year=year) if sankey else page(view)
    write_atomic(path, html.encode("utf-8"))
    if sankey:
        return Page(path, None, None, years(view))
    return Page(path, len(view), view.number_of_edges(), years(view))


# --- the benchmark -------------------------------------------------------------------------


def benchmark(
    projects: int = 2000,
    seed: int = 0,
    jobs: int | None = None,
    reps: int = 5,
    baseline_projects: int = 10_000,
    *,
    sparql_budget: float = 60.0,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """``kg bench``: build a generated corpus of ``projects`` projects (seeded), load it, run
    the query library ``reps`` times and draw the network page, against plain rdflib on
    ``baseline_projects`` (its SPARQL stopped after ``sparql_budget`` seconds); one flat dict
    of figures (:func:`kg.bench.bench`)."""
    from kg.bench import bench as run

    return run(
        projects,
        seed,
        jobs,
        reps,
        baseline_projects,
        progress=progress,
        sparql_budget=sparql_budget,
    )
