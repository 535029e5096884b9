"""The guard in front of ``kg serve``: request-body and result-size limits.

The Oxigraph server stops slow queries (``--timeout-s``) but has no limit on what a request
may send or a query may return. ``kg serve`` therefore runs Oxigraph on an internal loopback
port and this small proxy on the public one (also loopback): a request body over
``max_body`` bytes is refused with 413 before it reaches the server, and an answer over
``max_result`` bytes is replaced by 507, so one client cannot exhaust the memory of the
server or of the other clients. Everything else is passed through unchanged.
"""

from __future__ import annotations

import http.client
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

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
    max_body: int = 1_000_000  # bytes a request may send (a query, a Graph Store upload)
    max_result: int = 100_000_000  # bytes an answer may have


def make_proxy(port: int, upstream: int, limits: Limits) -> ThreadingHTTPServer:
    """A threaded HTTP server on 127.0.0.1:``port`` forwarding to 127.0.0.1:``upstream``."""

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

        def _forward(self) -> None:
            if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
                self._refuse(411, "send a Content-Length (chunked bodies are not accepted)")
                return
            length = int(self.headers.get("Content-Length") or 0)
            if length > limits.max_body:
                self._refuse(413, f"request body over {limits.max_body} bytes")
                return
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
            conn = http.client.HTTPConnection("127.0.0.1", upstream, timeout=3600)
            try:
                conn.request(self.command, self.path, body=body, headers=headers)
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
