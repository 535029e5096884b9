"""The guard in front of ``kg serve``: who may ask, what may be sent, what comes back.

The Oxigraph server stops slow queries (``--timeout-s``) but has no limit on what a request
may send or a query may return, answers any Host and follows ``SERVICE``. ``kg serve``
therefore runs Oxigraph where nothing else can reach it (:mod:`kg.store.engine`) and this small
proxy on the announced port (loopback). It answers only requests whose Host is a loopback
name with the served port (or a ``host_names`` value), so a DNS-rebound page cannot reach
it. A query over ``max_body`` bytes, or an upload (Graph Store writes to ``/store``, updates
to ``/update``) over ``max_upload`` bytes, is refused with 413 naming the option that raises
it; a Content-Length that is not one plain number is a 400; a client gets ``header_timeout``
seconds to send its request line and headers and ``body_timeout`` for the body. Unless
``writable``, writes are refused (403); when writable they need ``Authorization: Bearer
TOKEN`` and may not come from another origin (Origin, Sec-Fetch-Site), so a form on any web
page cannot change the store. ``SERVICE`` and ``LOAD`` are refused (400) unless their IRI is
under an ``allow_service`` prefix. A query or update may use the prefixes that ``kg sparql``
predeclares; an unknown prefix gets a one-line 400.

Answers are streamed: the first ``_HEAD`` bytes are held, so an answer that ends within them
gets a true status (504 when Oxigraph cancelled the query past its time limit, 507 over
``max_result``); a longer one is relayed in chunks and, if it is cancelled or passes
``max_result`` after all, ends without its last chunk, which every HTTP client reports as an
incomplete answer. CSV cells a spreadsheet would execute get an apostrophe
(:func:`kg.views.render.csv_cell`), as in every CSV the project writes. No CORS header is sent.

Read with GET or HEAD, past the same Host check and limits, the graph's IRIs (``/id/…``,
``/def/…``), their descriptions (``/data/…``) and the pages of ``kg site`` (``/site/…``) are
answered as :mod:`kg.store.linked` decides: 303 to a page or to the IRI's triples, which are a
``CONSTRUCT`` relayed to the engine like any query.

This module is the HTTP handler; the rules a request is admitted by are in
:mod:`kg.store.admission`, the reading of the engine's answers in :mod:`kg.store.answers`.
"""

from __future__ import annotations

import http.client
import io
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kg.rdf.ids import base_iri
from kg.store import linked
from kg.store.admission import (
    Limits,
    Refused,
    check_host,
    check_write,
    content_length,
    declared_length,
    is_write,
    prepare,
    sparql_fixer,
    too_large,
)
from kg.store.answers import (
    PIECE,
    Cancelled,
    UpstreamLost,
    connection,
    guarded_csv,
    read_pieces,
    uncancelled,
)
from kg.store.defaults import HOST
from kg.store.library import QueryError

#: headers that belong to one connection, not to the message (RFC 9110 §7.6.1)
_HOP = {
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "content-length",
    "host",
    "authorization",  # the guard's token, not Oxigraph's business
}
_HEAD = 1 << 20  # bytes of an answer held before its status is sent
_WRITE_TIMEOUT = 60.0  # seconds one piece of an answer may take to reach the client
_DRAIN = 1 << 30  # a refused body up to this size is read (and dropped) before the answer


class _Clock(io.RawIOBase):
    """The client's socket, read under a deadline for the whole request line and headers (or
    body), not per read: a client sending a byte every few seconds is cut all the same."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.until = time.monotonic()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        left = self.until - time.monotonic()
        if left <= 0:
            raise TimeoutError("the client took too long to send its request")
        self.sock.settimeout(left)
        return self.sock.recv_into(buffer)


def make_proxy(
    port: int,
    upstream: int | Path,
    limits: Limits,
    on_upstream_error: Callable[[], None] | None = None,
) -> ThreadingHTTPServer:
    """A threaded HTTP server on 127.0.0.1:``port`` forwarding to 127.0.0.1:``upstream``
    (or to the Unix socket at that path);
    ``on_upstream_error`` is called when the connection to it is refused or breaks."""
    fix = sparql_fixer(limits)
    base = limits.base or base_iri()  # whose IRIs are dereferenced (kg.linked)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        clock: _Clock

        def log_message(self, format: str, *args: object) -> None:  # quiet, like Oxigraph
            return

        def setup(self) -> None:
            super().setup()
            self.clock = _Clock(self.connection)
            self.rfile = io.BufferedReader(self.clock)

        def handle_one_request(self) -> None:
            self.clock.until = time.monotonic() + limits.header_timeout
            super().handle_one_request()

        def _refuse(self, status: int, message: str) -> None:
            body = (message + "\n").encode()
            self.connection.settimeout(_WRITE_TIMEOUT)
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            if status == 401:
                self.send_header("WWW-Authenticate", 'Bearer realm="kg serve"')
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
            self.close_connection = True

        def _discard(self, length: int) -> None:
            """Read a refused body in small pieces, so the client gets to read the answer
            (instead of a connection reset while it is still sending)."""
            if length > _DRAIN:
                return
            try:
                self.clock.until = time.monotonic() + limits.body_timeout
                while length > 0:
                    piece = self.rfile.read(min(length, PIECE))
                    if not piece:
                        return
                    length -= len(piece)
            except OSError:
                return

        def _admit(self) -> tuple[int, bool]:
            """The body's length and whether it is a write, or :class:`Refused`."""
            host = check_host(self.headers, port, limits.host_names)
            length = content_length(self.headers)
            if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
                raise Refused(411, "send a Content-Length (chunked bodies are not accepted)")
            write = is_write(self.command, urllib.parse.urlsplit(self.path).path)
            if write and not limits.writable:
                raise Refused(403, "this endpoint is read-only (start kg serve --writable)")
            if write:
                check_write(self.headers, host, limits.token)
            message = too_large(length, write, limits)
            if message:
                raise Refused(413, message)
            return length, write

        def _forward(self) -> None:
            try:
                length, _write = self._admit()
            except Refused as refused:
                self._discard(declared_length(self.headers))
                self._refuse(refused.status, str(refused))
                return
            try:
                self.clock.until = time.monotonic() + limits.body_timeout
                body = self.rfile.read(length) if length else None
            except TimeoutError:
                self._refuse(408, f"the body did not arrive within {limits.body_timeout:g} s")
                return
            path = urllib.parse.urlsplit(self.path).path
            if linked.handles(path, base):
                self._linked(path)
                return
            try:
                content_type = self.headers.get("Content-Type", "")
                target, body = prepare(self.command, self.path, content_type, body, fix)
            except (QueryError, UnicodeDecodeError) as exc:
                self._refuse(400, str(exc).splitlines()[0])
                return
            self._relay(target, body)

        def _relay(self, target: str, body: bytes | None, accept: str = "") -> None:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
            if accept:
                headers = {k: v for k, v in headers.items() if k.lower() != "accept"}
                headers["Accept"] = accept
            self._sent = False
            conn = connection(upstream)
            try:
                conn.request(self.command, target, body=body, headers=headers)
                answer = conn.getresponse()
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                self._lost(str(exc))
                return
            try:
                self._answer(answer)
            except UpstreamLost as exc:
                self._lost(str(exc), sent=self._sent)
            finally:
                conn.close()

        def _lost(self, why: str, sent: bool = False) -> None:
            if on_upstream_error is not None:
                on_upstream_error()
            if sent:
                self.close_connection = True
            else:
                self._refuse(502, f"the SPARQL server did not answer: {why}")

        _sent = False

        def _linked(self, path: str) -> None:
            """An IRI of the graph, its description, or a page of the site
            (:mod:`kg.store.linked`)."""
            if self.command not in ("GET", "HEAD"):
                self._refuse(405, "IRIs and pages are read with GET or HEAD")
                return
            accept = self.headers.get("Accept", "")
            plan = linked.plan(path, accept, base, limits.site)
            if plan.iri and not self._known(plan.iri):
                self._refuse(404, "no such IRI in this graph")
            elif plan.describe:
                query = urllib.parse.urlencode({"query": linked.describe_query(plan.iri)})
                self._relay(f"/query?{query}", None, accept=plan.describe)
            elif plan.status == 404:
                self._refuse(404, "not found")
            else:
                self._plain(plan.status, plan.headers, plan.body)

        def _known(self, iri: str) -> bool:
            """Whether the graph holds the IRI: it has a page, or the engine says so."""
            if iri == linked.ONTOLOGY_IRI or (limits.site and iri in limits.site.pages):
                return True
            conn = connection(upstream)
            try:
                return linked.holds(conn, iri)
            except (OSError, http.client.HTTPException) as exc:
                raise Refused(502, f"the SPARQL server did not answer: {exc}") from exc
            finally:
                conn.close()

        def _plain(self, status: int, headers: Iterable[tuple[str, str]], body: bytes) -> None:
            self.connection.settimeout(_WRITE_TIMEOUT)
            self.send_response(status)
            for key, value in headers:
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _answer(self, answer: http.client.HTTPResponse) -> None:
            pieces: Iterator[bytes] = uncancelled(read_pieces(answer))
            if (answer.getheader("Content-Type") or "").lower().startswith("text/csv"):
                pieces = guarded_csv(pieces)
            head: list[bytes] = []
            size, ended = 0, True
            try:
                for piece in pieces:
                    head.append(piece)
                    size += len(piece)
                    if size > limits.max_result:
                        raise Refused(507, f"result over {limits.max_result} bytes: add a LIMIT")
                    if size >= _HEAD:
                        ended = False
                        break
            except Cancelled:
                raise Refused(504, _STOPPED) from None
            if ended:
                self._whole(answer, b"".join(head))
            else:
                self._stream(answer, head, size, pieces)

        def _whole(self, answer: http.client.HTTPResponse, data: bytes) -> None:
            self._start(answer)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def _stream(
            self,
            answer: http.client.HTTPResponse,
            head: list[bytes],
            size: int,
            rest: Iterator[bytes],
        ) -> None:
            """Send the answer in chunks; cut it (no last chunk) if cancelled or too large."""
            self._start(answer)
            chunked = self.request_version != "HTTP/1.0"
            self.send_header(
                *(("Transfer-Encoding", "chunked") if chunked else ("Connection", "close"))
            )
            self.end_headers()
            self._sent = True
            self.close_connection = self.close_connection or not chunked
            self._chunked = chunked
            try:
                for piece in head:
                    self._chunk(piece)
                for piece in rest:
                    size += len(piece)
                    if size > limits.max_result:
                        raise Cancelled
                    self._chunk(piece)
            except (Cancelled, OSError):
                self.close_connection = True
                return
            if chunked:
                self.wfile.write(b"0\r\n\r\n")

        def _start(self, answer: http.client.HTTPResponse) -> None:
            self.connection.settimeout(_WRITE_TIMEOUT)
            self.send_response(answer.status, answer.reason)
            for key, value in answer.getheaders():
                name = key.lower()
                if name not in _HOP and not name.startswith("access-control-"):
                    self.send_header(key, value)

        _chunked = True

        def _chunk(self, piece: bytes) -> None:
            if piece and self._chunked:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            elif piece:
                self.wfile.write(piece)

        def _guarded(self) -> None:
            try:
                self._forward()
            except Refused as refused:  # raised once the upstream answered
                self._refuse(refused.status, str(refused))
            except OSError:  # the client went away or stopped reading
                self.close_connection = True

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = _guarded

    server = ThreadingHTTPServer((HOST, port), Handler)
    server.daemon_threads = True
    return server


_STOPPED = (
    "the query was stopped before it finished (it ran past the time limit, kg serve "
    "--timeout): narrow it or add a LIMIT"
)


def start(
    port: int,
    upstream: int | Path,
    limits: Limits,
    on_upstream_error: Callable[[], None] | None = None,
) -> ThreadingHTTPServer:
    """Start the proxy in a background thread; ``shutdown()`` stops it."""
    server = make_proxy(port, upstream, limits, on_upstream_error)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
