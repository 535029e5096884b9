"""kg: who funds what, for whom, against which targets — from budget documents to a graph.

The package is its Python API (:mod:`kg.api`): ``kg.extract``, ``kg.build_graph``,
``kg.load``, ``kg.query``, ``kg.sparql``, ``kg.to_networkx``, ``kg.stats``,
``kg.network_html``, ``kg.sankey_html``, ``kg.audit`` and the writers, and a function per
command (``kg.build``, ``kg.validate``, ``kg.site``, …: what ``kg build``, ``kg validate``,
``kg site`` do).

The API is bound on first use (PEP 562), so ``import kg.domain.values`` or a reader module
loads neither the API nor an RDF library. No submodule is named like an API function, so
``kg.query`` is always the function.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

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

if TYPE_CHECKING:
    from kg.api import SAMPLES as SAMPLES
    from kg.api import Graph as Graph
    from kg.api import QueryError as QueryError
    from kg.api import audit as audit
    from kg.api import audit_report as audit_report
    from kg.api import benchmark as benchmark
    from kg.api import build as build
    from kg.api import build_graph as build_graph
    from kg.api import extract as extract
    from kg.api import extract_tables as extract_tables
    from kg.api import list_queries as list_queries
    from kg.api import load as load
    from kg.api import load_store as load_store
    from kg.api import named_query as named_query
    from kg.api import network_html as network_html
    from kg.api import network_stats as network_stats
    from kg.api import push as push
    from kg.api import query as query
    from kg.api import query_library as query_library
    from kg.api import query_result as query_result
    from kg.api import sankey_html as sankey_html
    from kg.api import schema as schema
    from kg.api import serve as serve
    from kg.api import site as site
    from kg.api import sparql as sparql
    from kg.api import sparql_result as sparql_result
    from kg.api import stats as stats
    from kg.api import to_networkx as to_networkx
    from kg.api import validate as validate
    from kg.api import viz as viz
    from kg.api import write_csv as write_csv
    from kg.api import write_graph as write_graph


def __getattr__(name: str) -> Any:
    if name in __all__:
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
