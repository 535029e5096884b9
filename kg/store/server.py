"""Persistent stores and the SPARQL endpoint of ``kg serve`` (the Oxigraph server).

``kg serve`` runs Oxigraph's own server (``oxigraph serve-read-only``, from the ``oxigraph``
package) on 127.0.0.1: a standard SPARQL 1.1 Protocol endpoint at ``/query`` and a Graph Store
Protocol endpoint at ``/store``; updates are refused unless ``--writable`` is given.
``kg push`` (:mod:`kg.store.push`) sends Turtle or TriG to any Graph Store Protocol server.

:func:`serve` runs the endpoint: Oxigraph on a loopback port nobody is told about, watched and
restarted by its supervisor (:mod:`kg.store.supervisor`), the guard (:mod:`kg.store.proxy`) on
the announced one. However it is stopped (SIGTERM, SIGINT, SIGHUP, or Oxigraph exiting) the
Oxigraph process is ended and a temporary store removed; if ``kg serve`` itself is killed
(SIGKILL), Linux ends Oxigraph too (``PR_SET_PDEATHSIG``) and the next ``kg serve`` removes the
store it left.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from kg.staging import locked_folder, sweep
from kg.store import proxy
from kg.store.admission import Limits
from kg.store.defaults import HOST, TIMEOUT
from kg.store.library import QueryError
from kg.store.supervisor import EngineLimits, Supervisor, die_with_parent, to_stderr


def oxigraph_binary() -> str:
    """The ``oxigraph`` server executable installed beside this Python."""
    local = Path(sys.executable).parent / "oxigraph"
    found = str(local) if local.exists() else shutil.which("oxigraph")
    if not found:
        raise QueryError("the oxigraph server is not installed (pip install oxigraph)")
    return found


def load_store(paths: list[Path], store: Path) -> int:
    """Load graph files into a persistent store directory; returns its size in quads
    (:func:`kg.store.open.load_store`, the one loader)."""
    from kg.store.open import load_store as load

    return load(paths, store)


def server_command(
    store: Path,
    port: int | str,
    writable: bool = False,
    host: str = HOST,
    timeout: int = TIMEOUT,
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
            cmd, capture_output=True, text=True, check=False, preexec_fn=die_with_parent()
        )
        if done.returncode != 0:
            raise QueryError(f"cannot load {graph}: {done.stderr.strip()}")


# --- kg serve -------------------------------------------------------------------------------

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
_WORKSPACE = "kg-serve-"


class Stopped(Exception):
    """A stop signal arrived."""


def serve(
    graphs: list[Path],
    store: Path | None,
    port: int,
    limits: Limits,
    writable: bool = False,
    timeout: int = TIMEOUT,
    announce: Callable[[str], None] | None = None,
    engine: EngineLimits | None = None,
) -> int:
    """Serve ``store`` (or a temporary store filled from ``graphs``) at :data:`HOST`:``port``
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
            say = announce or to_stderr
            say(f"serving {store} ({mode}) at http://{HOST}:{port}/query")
            if limits.site is not None:
                say(f"pages at http://{HOST}:{port}/site/; IRIs under {limits.base} resolve")
            return supervisor.run()
    except Stopped:
        return 0


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


@contextlib.contextmanager
def _guard(port: int, internal: Path, limits: Limits) -> Iterator[None]:
    try:
        guard = proxy.start(port, internal, limits)
    except OSError as exc:
        raise QueryError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}") from exc
    try:
        yield
    finally:
        guard.shutdown()
        guard.server_close()
