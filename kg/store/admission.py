"""The rules the guard of ``kg serve`` admits a request by: who may ask and what may be sent.

A request is answered only if its Host is a loopback name with the served port (or a
``host_names`` value: a DNS-rebound page is not), its Content-Length is one plain number and
its body within :class:`Limits` (``max_body`` for a query, ``max_upload`` for a write; 413
names the option that raises it). A write (an update, a Graph Store PUT/POST/DELETE) needs
``writable``, the token (``Authorization: Bearer TOKEN``) and no other origin (Origin,
Sec-Fetch-Site), so that a form on any web page cannot change the store. The SPARQL text a
request holds is checked and completed before it is passed on (:func:`prepare`): ``SERVICE``
and ``LOAD`` are refused unless their IRI is under an ``allow_service`` prefix, and the
prefixes of ``kg sparql`` are declared. Each refusal is a :class:`Refused` with its status.
"""

from __future__ import annotations

import hmac
import re
import secrets
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.message import Message

from kg.store import linked
from kg.store.library import refuse_federation
from kg.store.schema import declare_prefixes, predeclared

_LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


def new_token() -> str:
    """A token for writes (``Authorization: Bearer TOKEN``)."""
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Limits:
    """What the guard lets through (the options of ``kg serve``)."""

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
_LENGTH = re.compile(r"[0-9]{1,18}")
_PORTED = re.compile(r":[0-9]+$")


class Refused(Exception):
    """A request the guard answers itself: ``status`` and a one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def declared_length(headers: Message) -> int:
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


def sparql_fixer(limits: Limits) -> Callable[[str], str]:
    known = predeclared()

    def fix(text: str) -> str:
        refuse_federation(text, limits.allow_service)
        return declare_prefixes(text, known)

    return fix
