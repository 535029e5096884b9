"""The SPARQL engine of ``kg serve`` under supervision: started, watched, bounded, restarted.

:class:`Supervisor` starts the engine host (:mod:`kg.store.engine`, a process of this Python)
that runs Oxigraph in a network of its own, passes the guard's requests to it through a Unix
socket a few at a time, kills it when a query runs past the time limit, and starts it again
whenever it ends. :class:`EngineLimits` bounds it. Every child process here ends with its
parent (:func:`die_with_parent`) and is stopped by :func:`end`.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from kg.store.defaults import default_memory
from kg.store.engine import ISOLATED, PR_SET_PDEATHSIG, STARTUP
from kg.store.library import QueryError

#: the engine host (:mod:`kg.store.engine`), run by this Python
_ENGINE = [sys.executable, "-m", "kg.store.engine"]


def to_stderr(message: str) -> None:
    """A message of ``kg serve`` on stderr, at once."""
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class EngineLimits:
    """Bounds on the Oxigraph process of ``kg serve``."""

    memory: int = field(default_factory=default_memory)  # bytes of address space (RLIMIT_AS)
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
            to_stderr(f"kg serve: the SPARQL engine ended ({why}); starting it again")
            try:
                self._start()
            except QueryError as exc:
                to_stderr(f"kg serve: {exc}")
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
                preexec_fn=die_with_parent(),
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
            to_stderr(f"kg serve: {state}: other local users can reach the engine's loopback port")
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
            to_stderr(f"kg serve: {message.removeprefix('FAILED ')}")
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


def die_with_parent() -> Callable[[], None] | None:
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
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return preexec
