"""kg: who funds what, for whom, against which targets — from budget documents to a graph.

The package is its Python API (:mod:`kg.api`): ``kg.extract``, ``kg.build_graph``,
``kg.load``, ``kg.query``, ``kg.sparql``, ``kg.to_networkx``, ``kg.stats``,
``kg.network_html``, ``kg.sankey_html``, ``kg.audit`` and the writers.
"""

# kg.extract, kg.query and kg.audit are modules and also functions of the API. Importing the
# modules first, then binding the functions, keeps ``kg.query`` the function: the import
# system sets a package attribute only when it first loads a submodule.
from kg import audit as _audit_module  # noqa: F401
from kg import extract as _extract_module  # noqa: F401
from kg import query as _query_module  # noqa: F401
from kg.api import *  # noqa: F403  (the API's own __all__ is the package's)
from kg.api import __all__ as __all__

__version__ = "0.1.0"
