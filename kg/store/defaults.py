"""Where the graph is looked for and how it is served when a command says nothing else.

One definition each, for the commands (:mod:`kg.cli`), the API and the server
(:mod:`kg.store.server`). Light on purpose: importing it loads no RDF library.
"""

from __future__ import annotations

import os
from pathlib import Path

#: the graph ``kg build`` writes and the query commands read
DEFAULT_GRAPH = Path("exports") / "kg.ttl"
#: the only address ``kg serve`` listens on: the guard here, the engine on its own loopback
HOST = "127.0.0.1"
#: the port ``kg serve`` announces
PORT = 7878
#: seconds a query may run before the server stops it (0: no limit)
TIMEOUT = 30
#: the most address space the SPARQL engine gets by default (bytes)
MAX_MEMORY = 4 << 30


def default_memory() -> int:
    """The SPARQL engine's address space unless told: half the machine's memory, at most
    :data:`MAX_MEMORY`."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        return MAX_MEMORY
    return min(MAX_MEMORY, total // 2)
