"""What comes back from the SPARQL engine, on its way to the client of ``kg serve``.

The connection to the engine (TCP, or the Unix socket of ``kg serve``'s supervisor), the
answer read piece by piece, a query Oxigraph cancelled told apart from a complete answer
(:func:`uncancelled`), and CSV cells a spreadsheet would execute given an apostrophe
(:func:`guarded_csv`, with :func:`kg.views.render.csv_cell`, as in every CSV the project
writes).
"""

from __future__ import annotations

import codecs
import http.client
import re
import socket
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.store.defaults import HOST
from kg.views.render import csv_cell

_CANCELLED = b"The SPARQL operation has been cancelled"  # what Oxigraph appends when it stops
PIECE = 1 << 16  # bytes read from a socket at a time


class Cancelled(Exception):
    """Oxigraph stopped the query and said so at the end of the answer."""


class UpstreamLost(Exception):
    """The connection to Oxigraph broke while the answer was read."""


class _UnixConnection(http.client.HTTPConnection):
    """HTTP over a Unix socket: ``kg serve``'s door to its engine."""

    def __init__(self, path: Path) -> None:
        super().__init__("localhost", timeout=3600)
        self.socket_path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(str(self.socket_path))


def connection(upstream: int | Path) -> http.client.HTTPConnection:
    """A connection to the engine: at a TCP port of :data:`~kg.store.defaults.HOST`, or at
    the Unix socket at that path."""
    if isinstance(upstream, Path):
        return _UnixConnection(upstream)
    return http.client.HTTPConnection(HOST, upstream, timeout=3600)


def read_pieces(answer: http.client.HTTPResponse) -> Iterator[bytes]:
    """The answer as it arrives; :class:`UpstreamLost` if the connection breaks."""
    try:
        while piece := answer.read1(PIECE):
            yield piece
    except (OSError, http.client.HTTPException) as exc:
        raise UpstreamLost(str(exc)) from exc


def uncancelled(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """The pieces of an answer, raising :class:`Cancelled` instead of passing on Oxigraph's
    cancellation message at its end (no complete answer ends with it)."""
    held = b""
    keep = len(_CANCELLED)
    for piece in pieces:
        held += piece
        if len(held) > keep:
            yield held[:-keep]
            held = held[-keep:]
    if held.endswith(_CANCELLED):
        raise Cancelled
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
