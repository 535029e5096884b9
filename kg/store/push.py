"""``kg push``: sending graph files to any SPARQL 1.1 Graph Store Protocol server.

Turtle goes into one graph (named, or the default graph), TriG and N-Quads keep their own
named graphs; Fuseki, GraphDB, Virtuoso and Oxigraph (``kg serve --writable``) take them.
A write is not sent on to where a redirect points, and one deadline bounds each exchange.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from kg.store.library import QueryError

_MEDIA = {
    ".ttl": "text/turtle",
    ".trig": "application/trig",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
}


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
    token: str | None = None,
) -> list[PushResult]:
    """Send files to a Graph Store Protocol endpoint (Fuseki, GraphDB, Virtuoso, Oxigraph).

    Turtle goes into ``graph`` (or the default graph); TriG keeps its own named graphs.
    ``replace`` uses PUT (replace the graph) instead of POST (add to it); ``token`` is sent
    as ``Authorization: Bearer`` (what ``kg serve --writable`` asks for).
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
        headers = {"Content-Type": f"{media}; charset=utf-8"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        status = send(url, method, data, headers, timeout, what=path.name)
        results.append(PushResult(path.name, url, status))
    return results


_ERROR_BODY = 65536  # bytes of an error answer read, for its first line


def send(
    url: str, method: str, data: bytes, headers: dict[str, str], timeout: float, what: str
) -> int:
    """One write to ``url``; its 2xx status. Redirects are not followed (a write sent again
    elsewhere, or turned into a GET, would store nothing): a 3xx is an error naming its
    Location, like a 4xx or 5xx naming the first line of the answer (of which at most
    64 KB are read). ``timeout`` bounds the whole exchange, not each read."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise QueryError(f"cannot reach {url}: push takes an http:// or https:// URL")
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = kind(parts.hostname, parts.port, timeout=timeout)
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    cut = threading.Event()
    late = threading.Timer(timeout, _cut, args=(conn, cut))
    late.start()
    try:
        conn.request(method, target, body=data, headers=headers)
        response = conn.getresponse()
        said = response.read(_ERROR_BODY)
    except (OSError, http.client.HTTPException) as exc:
        reason = f"no complete answer within {timeout:g} s" if cut.is_set() else exc
        raise QueryError(f"cannot reach {url}: {reason}") from exc
    finally:
        late.cancel()
        conn.close()
    if cut.is_set():  # cut short: what came may look whole
        raise QueryError(f"cannot reach {url}: no complete answer within {timeout:g} s")
    status = response.status
    if 300 <= status < 400:
        where = response.getheader("Location", "no Location")
        raise QueryError(
            f"{url} answered {what} with HTTP {status}, a redirect to {where}: "
            "writes are not sent on; push to that URL if it is the store"
        )
    if not 200 <= status < 300:
        text = said.decode("utf-8", "replace").strip()
        first = text.splitlines()[0][:500] if text else response.reason
        raise QueryError(f"{url} refused {what}: HTTP {status} {first}")
    return status


def _cut(conn: http.client.HTTPConnection, cut: threading.Event) -> None:
    """End a connection past its deadline (a read that trickles never times out)."""
    cut.set()
    if conn.sock is not None:
        with contextlib.suppress(OSError):
            conn.sock.shutdown(socket.SHUT_RDWR)
