"""Persistent stores, the SPARQL endpoint (the Oxigraph server) and pushing to any triple store.

``kg serve`` runs Oxigraph's own server (``oxigraph serve-read-only``, from the ``oxigraph``
package) on 127.0.0.1: a standard SPARQL 1.1 Protocol endpoint at ``/query`` and a Graph Store
Protocol endpoint at ``/store``; updates are refused unless ``--writable`` is given.
``kg push`` sends Turtle or TriG to any SPARQL 1.1 Graph Store Protocol server.

:func:`serve` runs the endpoint: Oxigraph on a loopback port nobody is told about, the guard
(:mod:`kg.proxy`) on the announced one. However it is stopped (SIGTERM, SIGINT, SIGHUP, or
Oxigraph exiting) the Oxigraph process is ended and a temporary store removed; if ``kg serve``
itself is killed (SIGKILL), Linux ends Oxigraph too (``PR_SET_PDEATHSIG``) and the next
``kg serve`` removes the store it left.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg import proxy
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
        done = subprocess.run(
            cmd, capture_output=True, text=True, check=False, preexec_fn=_die_with_parent()
        )
        if done.returncode != 0:
            raise QueryError(f"cannot load {graph}: {done.stderr.strip()}")


# --- kg serve -------------------------------------------------------------------------------

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
_WORKSPACE = "kg-serve-"
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
) -> int:
    """Serve ``store`` (or a temporary store filled from ``graphs``) at 127.0.0.1:``port``
    until a stop signal (then 0) or until Oxigraph exits (its exit code)."""
    missing = [g for g in graphs if not g.exists()] if store is None else []
    if missing:
        raise QueryError(f"{missing[0]} does not exist (build it with: kg build)")
    try:
        with _stop_on_signals(), contextlib.ExitStack() as stack:
            if store is None:
                store = stack.enter_context(workspace()) / "store"
                store.mkdir()
                prepare_store(graphs, store)
            internal = free_port()
            cmd = server_command(store, internal, writable, timeout=timeout)
            child = stack.enter_context(_oxigraph(cmd, internal, port))
            stack.enter_context(_guard(port, internal, limits))
            mode = "read-write" if writable else "read-only"
            (announce or _stderr)(f"serving {store} ({mode}) at http://127.0.0.1:{port}/query")
            return child.wait()
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


@contextlib.contextmanager
def workspace() -> Iterator[Path]:
    """A temporary directory removed on the way out, locked while in use, so that the next
    ``kg serve`` removes it if this process was killed before it could."""
    sweep_workspaces()
    path = Path(tempfile.mkdtemp(prefix=_WORKSPACE))
    with open(path / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)


def sweep_workspaces() -> list[Path]:
    """Remove the workspaces of ``kg serve`` processes that are gone (nobody holds their
    lock); returns them."""
    removed = []
    for path in sorted(Path(tempfile.gettempdir()).glob(_WORKSPACE + "*")):
        try:
            with open(path / "lock") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
        except OSError:  # in use, or not ours to remove
            continue
    return removed


@contextlib.contextmanager
def _oxigraph(cmd: list[str], internal: int, public: int) -> Iterator[subprocess.Popen[bytes]]:
    """The Oxigraph process, listening on ``internal``, ended on the way out. Its messages
    go to stderr without the line that names the internal port."""
    child = subprocess.Popen(
        cmd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=_die_with_parent(),
    )
    assert child.stderr is not None
    relay = threading.Thread(target=_relay, args=(child.stderr, internal, public), daemon=True)
    relay.start()
    try:
        if not listening(internal, child):
            raise QueryError(f"the Oxigraph server did not start (exit {child.poll()})")
        yield child
    finally:
        end(child)
        relay.join(timeout=5)


@contextlib.contextmanager
def _guard(port: int, internal: int, limits: proxy.Limits) -> Iterator[None]:
    try:
        guard = proxy.start(port, internal, limits)
    except OSError as exc:
        raise QueryError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from exc
    try:
        yield
    finally:
        guard.shutdown()
        guard.server_close()


def _relay(stream: IO[bytes], internal: int, public: int) -> None:
    """Oxigraph's messages to stderr, without its own announcement of the internal port."""
    hidden, shown = f"127.0.0.1:{internal}", f"127.0.0.1:{public}"
    for line in stream:
        text = line.decode("utf-8", "replace")
        if not text.startswith("Listening for requests at"):
            sys.stderr.write(text.replace(hidden, shown))
            sys.stderr.flush()


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


def listening(port: int, child: subprocess.Popen[bytes], seconds: float = 120) -> bool:
    """Wait until the child accepts connections on 127.0.0.1:``port``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and child.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def free_port() -> int:
    """A port on 127.0.0.1 nobody listens on, chosen by the kernel."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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
            said = exc.read().decode("utf-8", "replace").strip()
            first = said.splitlines()[0][:500] if said else exc.reason
            raise QueryError(f"{url} refused {path.name}: HTTP {exc.code} {first}") from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise QueryError(f"cannot reach {endpoint}: {reason}") from exc
    return results
