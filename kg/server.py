"""Persistent stores, the SPARQL endpoint (the Oxigraph server) and pushing to any triple store.

``kg serve`` runs Oxigraph's own server (``oxigraph serve-read-only``, from the ``oxigraph``
package) on 127.0.0.1: a standard SPARQL 1.1 Protocol endpoint at ``/query`` and a Graph Store
Protocol endpoint at ``/store``; updates are refused unless ``--writable`` is given.
``kg push`` sends Turtle or TriG to any SPARQL 1.1 Graph Store Protocol server.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.query import QueryError, load_file

_MEDIA = {
    ".ttl": "text/turtle",
    ".trig": "application/trig",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
}


def oxigraph_binary() -> str:
    """The ``oxigraph`` server executable installed beside this Python."""
    local = Path(sys.executable).parent / "oxigraph"
    found = str(local) if local.exists() else shutil.which("oxigraph")
    if not found:
        raise QueryError("the oxigraph server is not installed (pip install oxigraph)")
    return found


def load_store(paths: list[Path], store: Path) -> int:
    """Load graph files into a persistent store directory; returns its size in quads."""
    db = ox.Store(str(store))
    for path in paths:
        load_file(db, path)
    db.flush()
    size = len(db)
    del db
    return size


def server_command(
    store: Path, port: int, writable: bool = False, host: str = "127.0.0.1", timeout: int = 30
) -> list[str]:
    """The Oxigraph server on loopback; a query that runs past ``timeout`` seconds is
    stopped, so one slow query cannot hold the server."""
    mode = "serve" if writable else "serve-read-only"
    cmd = [oxigraph_binary(), mode, "--location", str(store), "--bind", f"{host}:{port}"]
    return [*cmd, "--timeout-s", str(timeout)] if timeout > 0 else cmd


def prepare_store(graphs: list[Path], store: Path) -> None:
    """Fill a fresh store directory with the Oxigraph CLI (a separate process, so that the
    server can open the store right after: the store lock is released when it exits)."""
    for graph in graphs:
        cmd = [oxigraph_binary(), "load", "--location", str(store), "--file", str(graph)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise QueryError(f"cannot load {graph}: {done.stderr.strip()}")


@dataclass(frozen=True)
class PushResult:
    file: str
    url: str
    status: int


def push(
    files: list[Path],
    endpoint: str,
    graph: str | None = None,
    replace: bool = False,
    timeout: float = 60,
) -> list[PushResult]:
    """Send files to a Graph Store Protocol endpoint (Fuseki, GraphDB, Virtuoso, Oxigraph).

    Turtle goes into ``graph`` (or the default graph); TriG keeps its own named graphs.
    ``replace`` uses PUT (replace the graph) instead of POST (add to it).
    """
    results = []
    for path in files:
        media = _MEDIA.get(path.suffix.lower())
        if media is None:
            raise QueryError(f"{path}: push takes .ttl, .trig, .nt or .nq files")
        quads = media in ("application/trig", "application/n-quads")
        query = (
            "" if quads else ("graph=" + urllib.parse.quote(graph, safe="") if graph else "default")
        )
        url = endpoint + (("&" if "?" in endpoint else "?") + query if query else "")
        method = "PUT" if replace and not quads else "POST"
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise QueryError(f"cannot read {path}: {exc.strerror}") from exc
        request = urllib.request.Request(
            url, data=data, method=method, headers={"Content-Type": f"{media}; charset=utf-8"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                results.append(PushResult(path.name, url, response.status))
        except urllib.error.HTTPError as exc:
            raise QueryError(
                f"{url} refused {path.name}: HTTP {exc.code} "
                f"{exc.read().decode('utf-8', 'replace')[:200]}"
            ) from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise QueryError(f"cannot reach {endpoint}: {reason}") from exc
    return results
