"""The SPARQL engine of ``kg serve`` in a network of its own, reached only by its supervisor.

Oxigraph's server listens only on TCP, and a loopback port is open to every local user. So
``kg serve`` starts it through this small host process
(``python -m kg.store.engine FD MEMORY ISOLATE -- CMD``), which first moves into a new network
namespace (Linux ``unshare``: as root ``CLONE_NEWNET``, otherwise inside a new user
namespace, where an ordinary user may make one), brings that namespace's loopback up and
runs Oxigraph there. No process outside the namespace can connect to the port, whoever it
belongs to. The supervisor asks the host for connections over the socket pair it inherited
(descriptor ``FD``): for each request byte the host connects to Oxigraph and hands the
connected socket back (``SCM_RIGHTS``); a socket keeps the namespace it was made in, so the
supervisor then talks to Oxigraph directly.

Where namespaces cannot be made (no user namespaces for unprivileged users, another
operating system), and with ``kg serve --allow-service`` (federation must reach other
hosts), Oxigraph runs on the shared loopback, and the first message says so.

The protocol on the socket pair, one message each:
- host → supervisor, once: ``READY`` + ``isolated`` or the reason it is not, when Oxigraph
  accepts connections (or ``FAILED`` + why, then the host exits);
- supervisor → host: ``c``; host → supervisor: ``k`` with the socket, or ``n``.

The host ends when Oxigraph ends, with its exit status (``128 + signal`` for a signal);
killed itself, Oxigraph is killed with it (``PR_SET_PDEATHSIG``); on SIGTERM it stops
Oxigraph and waits for it.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import resource
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

from kg.store.defaults import HOST

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
_SIOCGIFFLAGS, _SIOCSIFFLAGS, _IFF_UP = 0x8913, 0x8914, 0x1
PR_SET_PDEATHSIG = 1
#: how long Oxigraph may take to accept connections (a large store opens slowly)
STARTUP = 120.0
ISOLATED = "isolated"
SHARED = "federation (--allow-service) needs the network"


def isolate() -> str:
    """Move this (single-threaded) process into a new network namespace with its loopback up;
    returns :data:`ISOLATED`, or why it could not (then nothing changed)."""
    if not sys.platform.startswith("linux"):
        return f"no network namespaces on {sys.platform}"
    libc = ctypes.CDLL(None, use_errno=True)
    uid, gid = os.geteuid(), os.getegid()
    flags = CLONE_NEWNET if uid == 0 else CLONE_NEWUSER | CLONE_NEWNET
    if libc.unshare(flags) != 0:
        code = ctypes.get_errno()
        return f"no network namespace could be made ({errno.errorcode.get(code, code)})"
    if uid != 0:
        _map_user(uid, gid)
    _loopback_up()
    return ISOLATED


def _map_user(uid: int, gid: int) -> None:
    """Inside the new user namespace this process is root (with the powers that gives over
    its own namespaces only); on disk it stays ``uid``."""
    for name, text in (("setgroups", "deny"), ("uid_map", f"0 {uid} 1"), ("gid_map", f"0 {gid} 1")):
        with open(f"/proc/self/{name}", "w") as f:
            f.write(text)


def _loopback_up() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        request = struct.pack("16sH", b"lo", 0)
        flags = struct.unpack("16sH", fcntl.ioctl(s, _SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(s, _SIOCSIFFLAGS, struct.pack("16sH", b"lo", flags | _IFF_UP))


def _engine_preexec(memory: int) -> None:
    """Oxigraph ends with its host, and its address space is bounded."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if memory > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def _connect(port: int) -> socket.socket | None:
    try:
        return socket.create_connection((HOST, port), timeout=1)
    except OSError:
        return None


def _wait_listening(port: int, child: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + STARTUP
    while time.monotonic() < deadline and child.poll() is None:
        conn = _connect(port)
        if conn is not None:
            conn.close()
            return True
        time.sleep(0.05)
    return False


def _exit_with(child: subprocess.Popen[bytes]) -> None:
    """End this process with the engine's status, as soon as the engine ends."""
    code = child.wait()
    os._exit(128 - code if code < 0 else code)


def _serve(control: socket.socket, port: int) -> None:
    """Hand out connections to the engine, one per request byte, until the supervisor
    closes its end."""
    while control.recv(1):
        conn = _connect(port)
        if conn is None:
            control.send(b"n")
            continue
        with conn:
            socket.send_fds(control, [b"k"], [conn.fileno()])


def free_port() -> int:
    """A port on :data:`~kg.store.defaults.HOST` nobody listens on, chosen by the kernel."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def main(argv: list[str]) -> int:
    """``FD MEMORY ISOLATE -- CMD…``: CMD holds ``{port}``, replaced by the engine's port;
    ISOLATE 0 keeps the engine on the shared network (it must reach the hosts of
    ``kg serve --allow-service``)."""
    control = socket.socket(fileno=int(argv[0]))
    memory, command = int(argv[1]), argv[4:]
    state = isolate() if argv[2] == "1" else SHARED
    port = free_port()
    child = subprocess.Popen(
        [part.replace("{port}", str(port)) for part in command],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        preexec_fn=lambda: _engine_preexec(memory),
        env={**os.environ, "MALLOC_ARENA_MAX": "2"},  # fewer reserved malloc arenas
    )
    signal.signal(signal.SIGTERM, lambda *_: child.terminate())
    if not _wait_listening(port, child):
        control.sendall(f"FAILED the engine did not start (exit {child.poll()})".encode())
        child.kill()
        return 1
    control.sendall(f"READY {state}".encode())
    threading.Thread(target=_exit_with, args=(child,), daemon=True).start()
    _serve(control, port)
    child.terminate()  # the supervisor is gone
    child.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
