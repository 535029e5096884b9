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
"""

from __future__ import annotations

import codecs
import hmac
import http.client
import io
import re
import secrets
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kg.rdf.ids import base_iri
from kg.store import linked
from kg.store.library import QueryError, refuse_federation
from kg.store.schema import declare_prefixes, predeclared
from kg.views.render import csv_cell

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
_LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
_CANCELLED = b"The SPARQL operation has been cancelled"  # what Oxigraph appends when it stops
_HEAD = 1 << 20  # bytes of an answer held before its status is sent
_PIECE = 1 << 16
_WRITE_TIMEOUT = 60.0  # seconds one piece of an answer may take to reach the client


def new_token() -> str:
    """A token for writes (``Authorization: Bearer TOKEN``)."""
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Limits:
    max_body: int = 1_000_000  # bytes a query may send
    max_result: int = 100_000_000  # bytes an answer may have
    max_upload: int = 64_000_000  # bytes a write may send (a Graph Store upload, an update)
    writable: bool = False  # whether writes are passed on at all
    token: str = field(default_factory=new_token, repr=False)  # writes need it
    host_names: tuple[str, ...] = ()  # Host values accepted besides the loopback names
    allow_service: tuple[str, ...] = ()  # IRI prefixes SERVICE and LOAD may reach
    header_timeout: float = 10.0  # seconds to send the request line and headers
    body_timeout: float = 60.0  # seconds to send the body
    base: str = ""  # the base IRI whose IRIs are dereferenced (kg.linked; "": the build's)
    site: linked.Site | None = None  # the pages IRIs answer browsers with (kg serve --site)


#: where a request's SPARQL text is: the parameter of a GET or form, or a raw body type
_TEXT = {
    "/query": ("query", "application/sparql-query"),
    "/update": ("update", "application/sparql-update"),
}
_FORM = "application/x-www-form-urlencoded"
_DRAIN = 1 << 30  # a refused body up to this size is read (and dropped) before the answer
_LENGTH = re.compile(r"[0-9]{1,18}")
_PORTED = re.compile(r":[0-9]+$")


class Refused(Exception):
    """A request the guard answers itself: ``status`` and a one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class _Cancelled(Exception):
    """Oxigraph stopped the query and said so at the end of the answer."""


class _UpstreamLost(Exception):
    """The connection to Oxigraph broke while the answer was read."""


def _declared_length(headers: Message) -> int:
    """The Content-Length of a refused request, to drain it by (0 when it is not valid)."""
    try:
        return content_length(headers)
    except Refused:
        return 0


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


def content_length(headers: Message) -> int:
    """The body's length: one Content-Length of digits only, or none (0); else 400."""
    values = headers.get_all("Content-Length") or []
    if len(values) > 1:
        raise Refused(400, "send one Content-Length header, not several")
    if values and not _LENGTH.fullmatch(values[0].strip()):
        raise Refused(400, f"Content-Length {values[0][:40]!r} is not a number of bytes")
    return int(values[0]) if values else 0


def check_host(headers: Message, port: int, names: Sequence[str]) -> str:
    """The request's Host if it names this server (a loopback name with the served port, or a
    ``--host-name`` value), else 403: a page whose name was rebound to 127.0.0.1 is not ours."""
    hosts = headers.get_all("Host") or []
    host = hosts[0].strip().lower() if len(hosts) == 1 else ""
    allowed = {f"{n}:{port}" for n in _LOOPBACK} | {n.lower() for n in names}
    allowed |= {f"{n.lower()}:{port}" for n in names if not _PORTED.search(n)}
    if port == 80:
        allowed.update(_LOOPBACK)
    if host not in allowed:
        shown = "none" if not hosts else repr(", ".join(hosts)[:80])
        raise Refused(403, f"Host {shown} is not served here (kg serve --host-name NAME adds one)")
    return host


def check_write(headers: Message, host: str, token: str) -> None:
    """A write must come from this origin (or no browser page) and carry the token."""
    site = (headers.get("Sec-Fetch-Site") or "none").strip().lower()
    origin = headers.get("Origin")
    if site not in ("none", "same-origin") or (
        origin is not None and origin.strip().lower() != f"http://{host}"
    ):
        raise Refused(403, "writes from another origin are refused")
    given = (headers.get("Authorization") or "").strip()
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        value.strip().encode(), token.encode()
    ):
        raise Refused(
            401,
            "writes need the token kg serve printed when it started: send "
            "Authorization: Bearer TOKEN (kg push --token TOKEN, or $KG_TOKEN)",
        )


def prepare(
    method: str, target: str, content_type: str, body: bytes | None, fix: Callable[[str], str]
) -> tuple[str, bytes | None]:
    """The request target and body with ``fix`` applied to every SPARQL text they hold (in the
    URL's parameters, and in a form or raw SPARQL body: Oxigraph may take either)."""
    url = urllib.parse.urlsplit(target)
    if url.path not in _TEXT:
        return target, body
    name, raw_type = _TEXT[url.path]
    media = content_type.split(";")[0].strip().lower()
    if method == "POST" and media == raw_type and body is not None:
        body = fix(body.decode("utf-8")).encode("utf-8")
    elif method == "POST" and media == _FORM and body is not None:
        body = _complete(body.decode("utf-8"), name, fix).encode("utf-8")
    return urllib.parse.urlunsplit(url._replace(query=_complete(url.query, name, fix))), body


def _complete(form: str, name: str, fix: Callable[[str], str]) -> str:
    pairs = urllib.parse.parse_qsl(form, keep_blank_values=True)
    if not any(key == name for key, _ in pairs):
        return form
    return urllib.parse.urlencode([(k, fix(v) if k == name else v) for k, v in pairs])


def _sparql_fixer(limits: Limits) -> Callable[[str], str]:
    known = predeclared()

    def fix(text: str) -> str:
        refuse_federation(text, limits.allow_service)
        return declare_prefixes(text, known)

    return fix


# --- the answer, piece by piece -------------------------------------------------------------


def _pieces(answer: http.client.HTTPResponse) -> Iterator[bytes]:
    try:
        while piece := answer.read1(_PIECE):
            yield piece
    except (OSError, http.client.HTTPException) as exc:
        raise _UpstreamLost(str(exc)) from exc


def uncancelled(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """The pieces of an answer, raising :class:`_Cancelled` instead of passing on Oxigraph's
    cancellation message at its end (no complete answer ends with it)."""
    held = b""
    keep = len(_CANCELLED)
    for piece in pieces:
        held += piece
        if len(held) > keep:
            yield held[:-keep]
            held = held[-keep:]
    if held.endswith(_CANCELLED):
        raise _Cancelled
    if held:
        yield held


def guarded_csv(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """A CSV answer with :func:`kg.views.render.csv_cell` applied to every cell; every other byte
    (quoting, line ends, an ASK answer's bare ``true``) is passed on as it came."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    rest = ""
    for piece in pieces:
        text = rest + decoder.decode(piece)
        done, used = _guard_cells(text, final=False)
        rest = text[used:]
        yield done.encode("utf-8")
    done, _ = _guard_cells(rest + decoder.decode(b"", final=True), final=True)
    yield done.encode("utf-8")


#: a CSV cell at its start: quoted (and complete), or plain
_CELL = re.compile(r'("(?:[^"]|"")*"(?!"))|([^,\r\n"]*)')
#: complete cells no guard can change (not starting with = + - @ ' or a blank), with their
#: separators: passed on in one step, so only the few others are looked at one by one
_SAFE = re.compile(
    r'(?:(?:[^,\r\n"=+\-@\'\t ][^,\r\n"]*|"(?:[^"=+\-@\'\t\r\n ]|"")(?:[^"]|"")*"(?!"))?'
    r"[,\r\n])+"
)


def _guard_cells(text: str, final: bool) -> tuple[str, int]:
    """The cells of ``text`` guarded, and how much of it they took (a cell that may go on
    in the next piece waits for it, unless ``final``)."""
    out, i = [], 0
    while i < len(text):
        safe = _SAFE.match(text, i)
        if safe:
            out.append(safe.group())
            i = safe.end()
            continue
        m = _CELL.match(text, i)
        assert m is not None  # the plain form matches the empty cell
        quoted, plain, end = m.group(1), m.group(2), m.end()
        if (end == len(text) or (quoted is None and text[end] == '"')) and not final:
            break
        if quoted is not None:
            value = quoted[1:-1].replace('""', '"')
            out.append(quoted if csv_cell(value) == value else "\"'" + quoted[1:])
        else:
            out.append(csv_cell(plain))
        out.append(text[end : end + 1])  # the separator (or a stray quote), kept
        i = end + 1
    return "".join(out), i


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
    fix = _sparql_fixer(limits)
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
                    piece = self.rfile.read(min(length, _PIECE))
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
                self._discard(_declared_length(self.headers))
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
            conn = _connection(upstream)
            try:
                conn.request(self.command, target, body=body, headers=headers)
                answer = conn.getresponse()
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                self._lost(str(exc))
                return
            try:
                self._answer(answer)
            except _UpstreamLost as exc:
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
            conn = _connection(upstream)
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
            pieces: Iterator[bytes] = uncancelled(_pieces(answer))
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
            except _Cancelled:
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
                        raise _Cancelled
                    self._chunk(piece)
            except (_Cancelled, OSError):
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

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    return server


class _UnixConnection(http.client.HTTPConnection):
    """HTTP over a Unix socket: ``kg serve``'s door to its engine."""

    def __init__(self, path: Path) -> None:
        super().__init__("localhost", timeout=3600)
        self.socket_path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(str(self.socket_path))


def _connection(upstream: int | Path) -> http.client.HTTPConnection:
    if isinstance(upstream, Path):
        return _UnixConnection(upstream)
    return http.client.HTTPConnection("127.0.0.1", upstream, timeout=3600)


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
