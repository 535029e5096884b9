"""The Python API: what the command line does, as functions for notebooks and scripts.

``import kg`` gives these functions; pandas, NetworkX, pyvis and plotly are imported only
when a function needs them, so ``import kg`` stays quick.

>>> import kg
>>> ex = kg.extract([kg.SAMPLES / "001_ca9d259f3fbd1813.txt"])
>>> graph = kg.build_graph(ex)
>>> top = kg.query(graph, "largest-projects", region="450206")
>>> top.loc[0, ["project", "total"]].tolist()
['拉堡、新兴污水处理费', np.float64(26000000.0)]

**Graphs.** Every function that reads a graph takes any of: a :class:`kg.rdf.graph.Graph`
(from :func:`build_graph`), a pyoxigraph ``Store`` (from :func:`load`), or the path of a
Turtle/TriG export, or a list of such paths (several districts in one graph). Converting a
built graph or parsing files takes a moment, so for many queries convert once:
``store = kg.load(graph)`` or ``store = kg.load(["a/kg.ttl", "b/kg.ttl"])``.

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
``ValueError``); a graph file that does not exist raises ``FileNotFoundError``.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import pyoxigraph as ox

from kg.checks import audit as _audit
from kg.domain.model import Extraction
from kg.pipeline import build_graph
from kg.pipeline import extract as _extract
from kg.rdf.graph import Graph
from kg.rdf.literals import decode
from kg.rdf.write import write_graph as _write_graph
from kg.resources import SAMPLES
from kg.store.library import QueryError, bind, library, load_file, run
from kg.views.tables import write_csv as _write_csv

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd


__all__ = [
    "SAMPLES",
    "Graph",
    "QueryError",
    "audit",
    "build_graph",
    "extract",
    "list_queries",
    "load",
    "network_html",
    "query",
    "sankey_html",
    "sparql",
    "stats",
    "to_networkx",
    "write_csv",
    "write_graph",
]

PathLike: TypeAlias = "str | os.PathLike[str]"
#: anything a function of this module reads a graph from
GraphLike: TypeAlias = "Graph | ox.Store | PathLike | Sequence[PathLike]"

# --- documents -----------------------------------------------------------------------------


def extract(paths: PathLike | Iterable[PathLike] | None = None, *, ocr: bool = False) -> Extraction:
    """Read and parse documents: one path or several, files or directories (``str`` or any
    path-like); default: the bundled samples (``kg.SAMPLES``). ``ocr=True`` recognises page
    images and PDF pages without a text layer (``kg extract --ocr``).

    >>> import kg
    >>> ex = kg.extract(str(kg.SAMPLES / "001_ca9d259f3fbd1813.txt"))
    >>> ex.sources, len(ex.records["projects"])
    (['001_ca9d259f3fbd1813.txt'], 13)
    """
    if paths is None:
        return _extract(ocr=ocr)
    if isinstance(paths, str | os.PathLike):
        return _extract([Path(paths)], ocr=ocr)
    return _extract([Path(p) for p in paths], ocr=ocr)


def write_csv(extraction: Extraction, out: PathLike) -> list[Path]:
    """Write every table as ``<out>/<table>.csv`` (``kg extract --out``); returns the files."""
    return _write_csv(extraction, Path(out))


def write_graph(graph: Graph, out: PathLike) -> dict[str, int]:
    """Write ``kg.ttl``, ``kg.trig`` and ``catalog.ttl`` into ``out`` (``kg build --out``);
    returns the triples (or quads) per file."""
    return _write_graph(graph, Path(out))


# --- graphs --------------------------------------------------------------------------------


def load(source: GraphLike) -> ox.Store:
    """The graph as an in-memory pyoxigraph store, ready for :func:`query` and friends.

    ``source``: Turtle (``.ttl``), TriG (``.trig``) or other RDF files — one path or a list,
    e.g. two districts built separately — or a built :class:`Graph`; a store is returned as
    it is. Everything goes into one graph: files merge by union, so a region or fund source
    that two exports share is one node, and a TriG file's named graphs are merged too (the
    library's queries read one graph; a union of named graphs would count a triple once per
    graph that holds it).

    >>> import kg, tempfile, pathlib
    >>> graph = kg.build_graph(kg.extract([kg.SAMPLES / "001_ca9d259f3fbd1813.txt"]))
    >>> tmp = tempfile.TemporaryDirectory()
    >>> out = pathlib.Path(tmp.name)
    >>> counts = kg.write_graph(graph, out)
    >>> store = kg.load(out / "kg.ttl")
    >>> len(store) == len(graph.triples()) == len(kg.load(out / "kg.trig"))
    True
    >>> kg.query(store, "regions-overview", region="450206")[["regionName", "projects"]]
      regionName  projects
    0     柳州市柳江区        13
    >>> tmp.cleanup()
    """
    if isinstance(source, ox.Store):
        return source
    store = ox.Store()
    if isinstance(source, Graph):
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in source.triples())
        return store
    if isinstance(source, str | os.PathLike):
        paths: list[PathLike] = [source]
    elif isinstance(source, Sequence):
        paths = list(source)
    else:
        raise TypeError(
            f"cannot read a graph from a {type(source).__name__}: give a kg Graph, "
            "a pyoxigraph Store, or the paths of Turtle/TriG files"
        )
    for path in map(Path, paths):
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no such graph file (write one with kg.write_graph)")
        _load_file(store, path)
    return store


def _load_file(store: ox.Store, path: Path) -> None:
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or ox.RdfFormat.TURTLE
    if not fmt.supports_datasets:
        load_file(store, path)
        return
    try:
        quads = ox.parse(path=str(path), format=fmt)
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    except (OSError, SyntaxError, ValueError) as exc:
        raise QueryError(f"cannot load {path}: {exc}") from exc


def _triples(graph: GraphLike) -> set[ox.Triple]:
    if isinstance(graph, Graph):
        return graph.triples()
    return {q.triple for q in load(graph)}


# --- queries -------------------------------------------------------------------------------


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
            "parameters": " ".join(f"{p.name}{'' if p.required else '?'}" for p in q.params),
            "description": q.description,
        }
        for q in library().values()
    ]
    return pd.DataFrame(rows, columns=["name", "title", "title_en", "parameters", "description"])


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
    queries = library()
    if name not in queries:
        close = difflib.get_close_matches(name, list(queries), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else " (see kg.list_queries())"
        raise QueryError(f"no query named '{name}'{hint}")
    q = queries[name]
    values = {k: _param_text(k, v) for k, v in params.items() if v is not None}
    bindings = bind(q, values, graph.ids if isinstance(graph, Graph) else None)
    result = run(load(graph), q.text, bindings)
    return _frame(result.variables, result.rows, exact)


def _param_text(key: str, value: object) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return str(value)
    raise QueryError(f"parameter {key}: give a string or a number, not {type(value).__name__}")


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
    result = run(load(graph), text)
    if result.boolean is not None:
        return _frame(["boolean"], [[ox.Literal(result.boolean)]], exact)
    if result.variables:
        return _frame(result.variables, result.rows, exact)
    rows: list[list[object]] = [[t.subject, t.predicate, t.object] for t in result.triples]
    return _frame(["subject", "predicate", "object"], rows, exact)


def _frame(variables: list[str], rows: Iterable[list[object]], exact: bool) -> pd.DataFrame:
    columns: list[list[object]] = [[] for _ in variables]
    for row in rows:
        for column, term in zip(columns, row, strict=True):
            column.append(decode(term))
    return _table(dict(zip(variables, columns, strict=True)), exact)


def _table(columns: dict[str, list[object]], exact: bool) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(
        {name: _series(values, exact) for name, values in columns.items()}, columns=list(columns)
    )


def _rows_table(rows: list[dict[str, object]], exact: bool) -> pd.DataFrame:
    names = list(dict.fromkeys(k for row in rows for k in row))
    return _table({k: [row.get(k) for row in rows] for k in names}, exact)


def _series(values: list[object], exact: bool) -> pd.Series[Any]:
    """One column in a nullable dtype; every missing value is ``pd.NA``."""
    import pandas as pd

    present = [v for v in values if v is not None and v is not pd.NA]
    cells = [None if v is pd.NA else v for v in values]
    types = {type(v) for v in present}
    if not present:
        return pd.Series([pd.NA] * len(values), dtype="object")
    if types == {bool}:
        return pd.Series(cells, dtype="boolean")
    if types == {int}:
        return pd.Series(cells, dtype="Int64")
    if types <= {int, float, Decimal}:
        if exact and Decimal in types and float not in types:
            return pd.Series(
                [pd.NA if v is None else Decimal(v) for v in cells],  # type: ignore[arg-type,misc]
                dtype="object",
            )
        return pd.Series(
            [None if v is None else float(v) for v in cells],  # type: ignore[arg-type,misc]
            dtype="Float64",
        )
    return pd.Series([None if v is None else str(v) for v in cells], dtype=pd.StringDtype("python"))


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
    return triples_to_networkx(_triples(graph))


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
    from kg.views.network import stats as network_stats

    return {
        name: _rows_table(rows, exact)
        for name, rows in network_stats(to_networkx(graph), top).items()
    }


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
    from kg.views.network_page import check_selection, select
    from kg.views.network_page import network_html as page

    g = to_networkx(graph)
    check_selection(g, region, department, source, year)
    return page(select(g, region, department, source, year), title)


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


# --- audit ---------------------------------------------------------------------------------


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
    return _table({c: [row.get(c) for row in rows] for c in columns}, exact=False)
