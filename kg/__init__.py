"""kg: who funds what, for whom, against which targets — from budget documents to a graph.

The package is its Python API (:mod:`kg.api`): ``kg.extract``, ``kg.build_graph``,
``kg.load``, ``kg.query``, ``kg.sparql``, ``kg.to_networkx``, ``kg.stats``,
``kg.network_html``, ``kg.sankey_html``, ``kg.audit`` and the writers.

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

if TYPE_CHECKING:
    from kg.api import (
        SAMPLES as SAMPLES,
    )
    from kg.api import (
        Graph as Graph,
    )
    from kg.api import (
        QueryError as QueryError,
    )
    from kg.api import (
        audit as audit,
    )
    from kg.api import (
        build_graph as build_graph,
    )
    from kg.api import (
        extract as extract,
    )
    from kg.api import (
        list_queries as list_queries,
    )
    from kg.api import (
        load as load,
    )
    from kg.api import (
        network_html as network_html,
    )
    from kg.api import (
        query as query,
    )
    from kg.api import (
        sankey_html as sankey_html,
    )
    from kg.api import (
        sparql as sparql,
    )
    from kg.api import (
        stats as stats,
    )
    from kg.api import (
        to_networkx as to_networkx,
    )
    from kg.api import (
        write_csv as write_csv,
    )
    from kg.api import (
        write_graph as write_graph,
    )


def __getattr__(name: str) -> Any:
    if name in __all__:
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
