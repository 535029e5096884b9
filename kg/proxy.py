"""The guard in front of ``kg serve``: size limits, read-only writes, predeclared prefixes.

The Oxigraph server stops slow queries (``--timeout-s``) but has no limit on what a request
may send or a query may return. ``kg serve`` therefore runs Oxigraph on an internal loopback
port and this small proxy on the announced one (also loopback): a query over ``max_body``
bytes, or an upload (Graph Store writes to ``/store``, updates to ``/update``) over
``max_upload`` bytes, is refused with 413 naming the option that raises the limit, before it
reaches the server; an answer over ``max_result`` bytes is replaced by 507, so one client
cannot exhaust the memory of the server or of the other clients. Unless ``writable``, writes
are refused (403) without reaching the server. A query or update may use the prefixes that
``kg sparql`` predeclares (their PREFIX lines are added here); an unknown prefix gets a
one-line 400. Everything else is passed through unchanged.
"""

from __future__ import annotations

import http.client
import threading
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from kg.query import QueryError
from kg.schema import declare_prefixes, predeclared

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
}


@dataclass(frozen=True)
class Limits:
    max_body: int = 1_000_000  # bytes a query may send
    max_result: int = 100_000_000  # bytes an answer may have
    max_upload: int = 64_000_000  # bytes a write may send (a Graph Store upload, an update)
    writable: bool = False  # whether writes are passed on at all


#: where a request's SPARQL text is: the parameter of a GET or form, or a raw body type
_TEXT = {
    "/query": ("query", "application/sparql-query"),
    "/update": ("update", "application/sparql-update"),
}
_FORM = "application/x-www-form-urlencoded"
_DRAIN = 1 << 30  # a refused body up to this size is read (and dropped) before the answer


def is_write(method: str, path: str) -> bool:
    """An update, or a Graph Store request that changes a graph."""
    return path == "/update" or (path == "/store" and method in ("PUT", "POST", "DELETE"))


def too_large(length: int, write: bool, limits: Limits) -> str | None:
    """The 413 message for a body over its limit, naming the option that raises it."""
    limit, what, option = (
        (limits.max_upload, "an upload", "--max-upload")
        if write
        else (limits.max_body, "a query", "--max-body")
    )
    if length <= limit:
        return None
    return (
        f"request body of {length} bytes is over the {limit}-byte limit for {what}; "
        f"start kg serve with {option} BYTES to raise it"
    )


def with_prefixes(
    method: str, target: str, content_type: str, body: bytes | None, known: dict[str, str]
) -> tuple[str, bytes | None]:
    """The request target and body with PREFIX declarations added to the SPARQL text for the
    predeclared prefixes it uses; :class:`QueryError` for a prefix nobody declared."""
    url = urllib.parse.urlsplit(target)
    if url.path not in _TEXT:
        return target, body
    name, raw_type = _TEXT[url.path]
    media = content_type.split(";")[0].strip().lower()
    if method == "POST" and media == raw_type and body is not None:
        return target, declare_prefixes(body.decode("utf-8"), known).encode("utf-8")
    if method == "POST" and media == _FORM and body is not None:
        return target, _complete(body.decode("utf-8"), name, known).encode("utf-8")
    return urllib.parse.urlunsplit(url._replace(query=_complete(url.query, name, known))), body


def _complete(form: str, name: str, known: dict[str, str]) -> str:
    pairs = urllib.parse.parse_qsl(form, keep_blank_values=True)
    if not any(key == name for key, _ in pairs):
        return form
    done = [(k, declare_prefixes(v, known) if k == name else v) for k, v in pairs]
    return urllib.parse.urlencode(done)


def make_proxy(port: int, upstream: int, limits: Limits) -> ThreadingHTTPServer:
    """A threaded HTTP server on 127.0.0.1:``port`` forwarding to 127.0.0.1:``upstream``."""
    known = predeclared()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet, like Oxigraph
            return

        def _refuse(self, status: int, message: str) -> None:
            body = (message + "\n").encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
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
                self.connection.settimeout(30)
                while length > 0:
                    piece = self.rfile.read(min(length, 65536))
                    if not piece:
                        return
                    length -= len(piece)
            except OSError:
                return

        def _forward(self) -> None:
            if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
                self._refuse(411, "send a Content-Length (chunked bodies are not accepted)")
                return
            write = is_write(self.command, urllib.parse.urlsplit(self.path).path)
            length = int(self.headers.get("Content-Length") or 0)
            if write and not limits.writable:
                self._discard(length)
                self._refuse(403, "this endpoint is read-only (start kg serve --writable)")
                return
            message = too_large(length, write, limits)
            if message:
                self._discard(length)
                self._refuse(413, message)
                return
            body = self.rfile.read(length) if length else None
            try:
                content_type = self.headers.get("Content-Type", "")
                target, body = with_prefixes(self.command, self.path, content_type, body, known)
            except (QueryError, UnicodeDecodeError) as exc:
                self._refuse(400, str(exc).splitlines()[0])
                return
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
            conn = http.client.HTTPConnection("127.0.0.1", upstream, timeout=3600)
            try:
                conn.request(self.command, target, body=body, headers=headers)
                answer = conn.getresponse()
                data = answer.read(limits.max_result + 1)
                if len(data) > limits.max_result:
                    self._refuse(507, f"result over {limits.max_result} bytes: add a LIMIT")
                    return
                self.send_response(answer.status, answer.reason)
                for key, value in answer.getheaders():
                    if key.lower() not in _HOP:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)
            except OSError as exc:
                self._refuse(502, f"the SPARQL server did not answer: {exc}")
            finally:
                conn.close()

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = _forward

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    return server


def start(port: int, upstream: int, limits: Limits) -> ThreadingHTTPServer:
    """Start the proxy in a background thread; ``shutdown()`` stops it."""
    server = make_proxy(port, upstream, limits)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
