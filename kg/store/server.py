"""Persistent stores, the SPARQL endpoint (the Oxigraph server) and pushing to any triple store.

``kg serve`` runs Oxigraph's own server (``oxigraph serve-read-only``, from the ``oxigraph``
package) on 127.0.0.1: a standard SPARQL 1.1 Protocol endpoint at ``/query`` and a Graph Store
Protocol endpoint at ``/store``; updates are refused unless ``--writable`` is given.
``kg push`` sends Turtle or TriG to any SPARQL 1.1 Graph Store Protocol server.

:func:`serve` runs the endpoint: Oxigraph on a loopback port nobody is told about, the guard
(:mod:`kg.store.proxy`) on the announced one. However it is stopped (SIGTERM, SIGINT, SIGHUP, or
Oxigraph exiting) the Oxigraph process is ended and a temporary store removed; if ``kg serve``
itself is killed (SIGKILL), Linux ends Oxigraph too (``PR_SET_PDEATHSIG``) and the next
``kg serve`` removes the store it left.
"""

from __future__ import annotations

import contextlib
import ctypes
import http.client
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.staging import locked_folder, sweep
from kg.store import proxy
from kg.store.engine import ISOLATED, STARTUP
from kg.store.library import QueryError, load_file

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
    store: Path, port: int | str, writable: bool = False, host: str = "127.0.0.1", timeout: int = 30
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
        done = subprocess.run(
            cmd, capture_output=True, text=True, check=False, preexec_fn=_die_with_parent()
        )
        if done.returncode != 0:
            raise QueryError(f"cannot load {graph}: {done.stderr.strip()}")


# --- kg serve -------------------------------------------------------------------------------

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
_WORKSPACE = "kg-serve-"
#: the engine host (:mod:`kg.store.engine`), run by this Python
_ENGINE = [sys.executable, "-m", "kg.store.engine"]
_PR_SET_PDEATHSIG = 1


class Stopped(Exception):
    """A stop signal arrived."""


def serve(
    graphs: list[Path],
    store: Path | None,
    port: int,
    limits: proxy.Limits,
    writable: bool = False,
    timeout: int = 30,
    announce: Callable[[str], None] | None = None,
    engine: EngineLimits | None = None,
) -> int:
    """Serve ``store`` (or a temporary store filled from ``graphs``) at 127.0.0.1:``port``
    until a stop signal (then 0). An Oxigraph process that dies (a query past its memory
    bound, a crash) or is killed (a query past ``timeout``) is restarted; only one that
    cannot be started again ends the server (with its exit code)."""
    missing = [g for g in graphs if not g.exists()] if store is None else []
    if missing:
        raise QueryError(f"{missing[0]} does not exist (build it with: kg build)")
    try:
        with _stop_on_signals(), contextlib.ExitStack() as stack:
            place = stack.enter_context(workspace())
            if store is None:
                store = place / "store"
                store.mkdir()
                prepare_store(graphs, store)
            command = server_command(store, "{port}", writable=writable, timeout=timeout)
            door = place / "door"
            isolate = not limits.allow_service  # federation needs the network
            supervisor = Supervisor(command, door, timeout, engine, isolate)
            stack.enter_context(supervisor)
            stack.enter_context(_guard(port, supervisor.door, limits))
            mode = "read-write" if writable else "read-only"
            say = announce or _stderr
            say(f"serving {store} ({mode}) at http://127.0.0.1:{port}/query")
            if limits.site is not None:
                say(f"pages at http://127.0.0.1:{port}/site/; IRIs under {limits.base} resolve")
            return supervisor.run()
    except Stopped:
        return 0


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[None]:
    """SIGTERM, SIGINT and SIGHUP raise :class:`Stopped` once (further ones are ignored
    while everything is cleaned up); the previous handlers come back after."""

    def stop(signum: int, frame: object) -> None:
        for sig in STOP_SIGNALS:
            signal.signal(sig, signal.SIG_IGN)
        raise Stopped(signum)

    previous = {sig: signal.signal(sig, stop) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def workspace() -> contextlib.AbstractContextManager[Path]:
    """A temporary directory removed on the way out, locked while in use, so that the next
    ``kg serve`` removes it if this process was killed before it could."""
    return locked_folder(Path(tempfile.gettempdir()), _WORKSPACE)


def sweep_workspaces() -> list[Path]:
    """Remove the workspaces of ``kg serve`` processes that are gone (nobody holds their
    lock); returns them."""
    return sweep(Path(tempfile.gettempdir()), _WORKSPACE)


# --- the engine under supervision ----------------------------------------------------------


def _default_memory() -> int:
    """Half the machine's memory, at most 4 GiB."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        return 4 << 30
    return min(4 << 30, total // 2)


@dataclass(frozen=True)
class EngineLimits:
    """Bounds on the Oxigraph process of ``kg serve``."""

    memory: int = field(default_factory=_default_memory)  # bytes of address space (RLIMIT_AS)
    queries: int = 2 * (os.cpu_count() or 2)  # requests the engine works on at once
    grace: float = 5  # seconds past the query time limit before the engine is killed


class Supervisor:
    """The Oxigraph process and its door: a Unix socket (:attr:`door`, in a folder only this
    user may enter) the guard sends its requests to, passed on to the engine ``queries`` at a
    time (the others wait, at most the query time limit, then get 503). Oxigraph runs in a
    network namespace of its own (:mod:`kg.store.engine`), so no other process can reach its port,
    and with an address-space limit (``RLIMIT_AS``), so a query that needs more memory ends
    it instead of the machine. A request the engine has not begun to answer ``timeout`` +
    ``grace`` seconds after it was sent gets the engine killed: Oxigraph does not check its
    own time limit everywhere (a sort goes on, then panics). :meth:`run` starts the engine
    again whenever it ends."""

    def __init__(
        self,
        command: list[str],
        door: Path,
        timeout: int,
        limits: EngineLimits | None = None,
        isolate: bool = True,
    ) -> None:
        self.command, self.door, self.timeout = command, door, timeout
        self.isolate = isolate
        self.limits = limits or EngineLimits()
        self.slots = threading.BoundedSemaphore(self.limits.queries)
        self.ready = threading.Event()
        self.child: subprocess.Popen[bytes] | None = None
        self.cause = ""  # why the supervisor killed the engine, told to the query
        self.restarts = 0
        self.shared = False  # the engine runs on the shared loopback (no namespace)
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._listener.bind(str(door))
        self._listener.listen(64)
        self._control, _ = socket.socketpair()  # replaced by the engine host's at each start
        self._asking = threading.Lock()  # one request for a connection at a time
        self._messages: list[threading.Thread] = []

    def __enter__(self) -> Supervisor:
        try:
            self._start()
        except BaseException:
            self._listener.close()
            raise
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
        self._listener.close()
        if self.child is not None:
            end(self.child)
        self._control.close()
        for thread in self._messages:
            thread.join(timeout=5)

    def run(self) -> int:
        """Wait on the engine, starting it again each time it ends; returns only when it
        cannot be started (the exit code of the last one)."""
        while True:
            assert self.child is not None
            code = self.child.wait()
            self.ready.clear()
            why = self.cause or _ended(code, self.limits.memory)
            _stderr(f"kg serve: the SPARQL engine ended ({why}); starting it again")
            try:
                self._start()
            except QueryError as exc:
                _stderr(f"kg serve: {exc}")
                return code if code > 0 else 1
            self.restarts += 1

    def _start(self) -> None:
        ours, theirs = socket.socketpair()
        with theirs:
            args = [str(theirs.fileno()), str(self.limits.memory), str(int(self.isolate))]
            child = subprocess.Popen(
                [*_ENGINE, *args, "--", *self.command],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                pass_fds=[theirs.fileno()],
                preexec_fn=_die_with_parent(),
            )
        assert child.stderr is not None
        relay = threading.Thread(target=_relay, args=(child.stderr,), daemon=True)
        relay.start()
        self._messages = [t for t in self._messages if t.is_alive()] + [relay]
        self.child = child
        state = _ready(ours, child)
        if state is None:
            ours.close()
            end(child)
            raise QueryError(f"the Oxigraph server did not start (exit {child.poll()})")
        if state != ISOLATED and not self.shared:
            _stderr(f"kg serve: {state}: other local users can reach the engine's loopback port")
        self.shared = state != ISOLATED
        with self._asking:
            self._control.close()
            self._control, self.cause = ours, ""
        self.ready.set()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._pass, args=(client,), daemon=True).start()

    def _pass(self, client: socket.socket) -> None:
        with client:
            wait = self.timeout or 60
            if not self.slots.acquire(timeout=wait):
                busy = self.limits.queries
                _answer(client, "503", f"the server is busy ({busy} queries running); try again")
                return
            try:
                self._to_engine(client)
            finally:
                self.slots.release()

    def _to_engine(self, client: socket.socket) -> None:
        conn = self._engine()
        if conn is None:
            _answer(client, "503", "the SPARQL engine is starting again; try again")
            return
        with conn, contextlib.suppress(OSError):
            self._pump(client, conn, self.child)

    def _engine(self) -> socket.socket | None:
        """A connection to the engine; an engine that has just ended is waited for, at most a
        minute, to start again."""
        deadline = time.monotonic() + 60
        while self.ready.wait(timeout=max(0, deadline - time.monotonic())):
            child = self.child
            conn = self._connection()
            if conn is not None or child is None:
                return conn
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(timeout=5)
            if child.poll() is None:  # alive, yet it made no connection
                return None
            while self.child is child and time.monotonic() < deadline:
                time.sleep(0.05)  # until run() has begun to start the next one
        return None

    def _connection(self) -> socket.socket | None:
        """A socket connected to the engine, made by its host inside the engine's network."""
        with self._asking:
            try:
                self._control.sendall(b"c")
                answer, fds, _, _ = socket.recv_fds(self._control, 1, 1)
            except OSError:
                return None
        if answer != b"k" or not fds:
            return None
        conn = socket.socket(fileno=fds[0])
        conn.settimeout(None)  # the host made it with a timeout: blocking again
        return conn

    def _pump(
        self, client: socket.socket, engine: socket.socket, child: subprocess.Popen[bytes] | None
    ) -> None:
        """Bytes both ways until either side closes; a request left unanswered past the
        time limit ends the engine."""
        limit = self.timeout + self.limits.grace if self.timeout > 0 else None
        asked: float | None = None  # when the request waiting for its answer was sent
        with selectors.DefaultSelector() as selector:
            selector.register(client, selectors.EVENT_READ, engine)
            selector.register(engine, selectors.EVENT_READ, client)
            while True:
                for key, _ in selector.select(timeout=0.5):
                    source: socket.socket = key.fileobj  # type: ignore[assignment]
                    target: socket.socket = key.data
                    data = _received(source)
                    if data and _sent(target, data):
                        asked = (asked or time.monotonic()) if source is client else None
                        continue
                    # the engine went away (closed, or reset when it was killed) with a
                    # request unanswered, or before it could take one: the client is told
                    lost = (source is engine and not data) or target is engine
                    if lost and (asked is not None or source is client):
                        _answer(client, "503", self._why())
                    return
                if asked is not None and limit and time.monotonic() - asked > limit:
                    self._kill(child, f"a query ran past the --timeout of {self.timeout} s")
                    _answer(client, "504", self._why())
                    return

    def _kill(self, child: subprocess.Popen[bytes] | None, cause: str) -> None:
        if child is not None and child is self.child and child.poll() is None:
            self.cause = cause
            self.ready.clear()
            child.kill()

    def _why(self) -> str:
        if self.cause:
            return f"{self.cause}: it was stopped and the SPARQL engine started again"
        return (
            "the SPARQL engine ended while answering (a query that needs more than "
            f"{self.limits.memory >> 20} MB ends it); it is starting again"
        )


def _ended(code: int, memory: int) -> str:
    if code in (-signal.SIGKILL, 128 + signal.SIGKILL):
        return "killed"
    if code in (-signal.SIGABRT, 134):
        return f"aborted: a query needed more than its {memory >> 20} MB, or Oxigraph failed"
    return f"exit {code}"


def _received(sock: socket.socket) -> bytes:
    """What the socket has (b"" once it is closed or was reset)."""
    try:
        return sock.recv(65536)
    except OSError:
        return b""


def _sent(sock: socket.socket, data: bytes) -> bool:
    try:
        sock.sendall(data)
    except OSError:
        return False
    return True


def _answer(client: socket.socket, status: str, message: str) -> None:
    """An HTTP error answer to the guard, then what it still sends is read (briefly), so
    that it reads the answer rather than a connection reset."""
    body = (message + "\n").encode()
    head = (
        f"HTTP/1.1 {status} {_REASONS[status]}\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    deadline = time.monotonic() + 2
    try:
        client.sendall(head.encode() + body)
        client.shutdown(socket.SHUT_WR)
        client.settimeout(0.5)
        while time.monotonic() < deadline and client.recv(65536):
            pass
    except OSError:
        return


_REASONS = {"503": "Service Unavailable", "504": "Gateway Timeout"}


@contextlib.contextmanager
def _guard(port: int, internal: Path, limits: proxy.Limits) -> Iterator[None]:
    try:
        guard = proxy.start(port, internal, limits)
    except OSError as exc:
        raise QueryError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from exc
    try:
        yield
    finally:
        guard.shutdown()
        guard.server_close()


def _relay(stream: IO[bytes]) -> None:
    """Oxigraph's messages to stderr, without its announcement of a port nobody can reach."""
    for line in stream:
        text = line.decode("utf-8", "replace")
        if not text.startswith("Listening for requests at"):
            sys.stderr.write(text)
            sys.stderr.flush()


def _ready(control: socket.socket, child: subprocess.Popen[bytes]) -> str | None:
    """The engine host's first message: whether the engine runs isolated, or None if it did
    not start."""
    control.settimeout(STARTUP + 10)
    try:
        message = control.recv(4096).decode("utf-8", "replace")
    except OSError:
        return None
    finally:
        control.settimeout(None)
    if not message.startswith("READY "):
        if message:
            _stderr(f"kg serve: {message.removeprefix('FAILED ')}")
        return None
    return message.removeprefix("READY ")


def end(child: subprocess.Popen[bytes]) -> None:
    """Stop a child process: SIGTERM, then SIGKILL after 10 s."""
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _die_with_parent() -> Callable[[], None] | None:
    """For ``preexec_fn``: the child gets SIGTERM when this process dies, however it dies
    (Linux ``prctl(PR_SET_PDEATHSIG)``); elsewhere nothing (``end`` still stops it)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def preexec() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return preexec


# --- kg push ---------------------------------------------------------------------------------


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
