"""The graph's IRIs, dereferenced by ``kg serve`` (W3C "Cool URIs for the Semantic Web").

An IRI names a thing (a project, a department), not a document, so ``GET`` on it answers
**303 See Other** to a document about it, chosen by the request's ``Accept`` header
(``Vary: Accept``): the page of the site (``kg serve --site DIR``, made by ``kg site``) for a
browser, the RDF description for ``text/turtle``, ``application/ld+json`` or
``application/n-triples``. The documents have URLs of their own:

* ``/site/…`` — the files of the static site (``/site/project/4502….html``);
* ``/data/id/…`` and ``/data/def/…`` — the description of the IRI of the same path: every
  triple with the IRI as subject or object, a ``CONSTRUCT`` sent to the engine through the
  same guard, limits and time limit as ``/query``; ``/data/def/kg`` is the ontology itself.

Instance IRIs are those under ``--base`` (default ``KG_BASE_IRI`` or the build's default):
with ``--base https://budget.example.gov.cn/id/`` the request path ``/id/project/4502…`` is
the IRI ``https://budget.example.gov.cn/id/project/4502…``, whatever host name the request
came by. Vocabulary IRIs (``/def/kg``, ``/def/fund-source/gov_fund``) are those under
:data:`kg.rdf.vocab.DEF`. An IRI the graph does not hold is a 404.
"""

from __future__ import annotations

import http.client
import mimetypes
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from kg.rdf.ids import base_iri
from kg.rdf.vocab import DEF
from kg.resources import ONTOLOGY

#: RDF media types the engine writes, by the names clients ask for them
RDF_TYPES = {
    "text/turtle": "text/turtle",
    "application/x-turtle": "text/turtle",
    "application/ld+json": "application/ld+json",
    "application/n-triples": "application/n-triples",
    "application/rdf+xml": "application/rdf+xml",
}
_HTML = ("text/html", "application/xhtml+xml")
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_UTF8_ESCAPES = re.compile(r"(?:%[89A-Fa-f][0-9A-Fa-f])+")
ONTOLOGY_IRI = DEF + "kg"


@dataclass(frozen=True)
class Site:
    """A site ``kg site`` wrote: its folder and the page of each IRI (its ``iris.tsv``)."""

    root: Path
    pages: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path) -> Site:
        index = root / "iris.tsv"
        if not index.is_file():
            raise ValueError(f"{root} is not a site kg site wrote (no iris.tsv)")
        pages = dict(
            line.split("\t", 1) for line in index.read_text(encoding="utf-8").splitlines() if line
        )
        return cls(root.resolve(), pages)

    def file(self, relative: str) -> Path | None:
        """The file of the site at ``relative`` (a URL path, still percent-encoded), or None:
        never a file outside the site's folder, never a folder or a hidden file."""
        parts = [urllib.parse.unquote(p) for p in relative.split("/") if p]
        if any(p.startswith(".") or "\\" in p or "\x00" in p for p in parts):
            return None
        path = (self.root.joinpath(*parts) if parts else self.root).resolve()
        if path.is_dir():
            path = path / "index.html"
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        return path


@dataclass(frozen=True)
class Plan:
    """What to answer: ``iri`` must exist first (else 404); then either an answer made here
    (``status``, ``headers``, ``body``) or the IRI's description in ``describe`` media type."""

    status: int = 404
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    iri: str = ""
    describe: str = ""


def handles(path: str, base: str) -> bool:
    """Whether a request path is one of the IRIs or documents served here."""
    prefix = urllib.parse.urlsplit(base).path or "/"
    return (
        path == "/site"
        or path.startswith(("/site/", "/data/", "/def/"))
        or (prefix != "/" and path.startswith(prefix))
    )


def iri_of(rest: str, under: str) -> str | None:
    """The IRI a request path names: percent-escapes of UTF-8 (how a client sends a Chinese
    IRI) decoded, every other escape kept as the IRI holds it; None if it cannot be an IRI.

    >>> iri_of("group/%E7%BE%A4%E4%BC%97", "https://x.org/id/")
    'https://x.org/id/group/群众'
    >>> iri_of("target/%E2%89%A590%25", "https://x.org/id/"), iri_of("a%3Eb", "https://x.org/")
    ('https://x.org/id/target/≥90%25', 'https://x.org/a%3Eb')
    >>> iri_of("a>b", "https://x.org/") is None
    True
    """

    def utf8(m: re.Match[str]) -> str:
        try:
            return urllib.parse.unquote(m.group(), errors="strict")
        except UnicodeDecodeError:
            return m.group()

    iri = under + _UTF8_ESCAPES.sub(utf8, rest)
    return None if not rest or _IRI_BAD.search(iri) else iri


def choose(accept: str, html: bool) -> str:
    """The media type to answer with, by the Accept header's q-values (ties: HTML when
    there is a page, else Turtle); "" when nothing asked for can be given.

    >>> choose("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", True)
    'text/html'
    >>> choose("text/html;q=0.5, text/turtle", True), choose("*/*", False)
    ('text/turtle', 'text/turtle')
    >>> choose("application/ld+json", True), choose("image/png", True)
    ('application/ld+json', '')
    """
    best, best_q = "", 0.0
    for item in accept.split(",") if accept.strip() else ["*/*"]:
        media, _, params = item.strip().partition(";")
        media = media.strip().lower()
        q = _q(params)
        wanted = _match(media, html)
        if wanted and (q > best_q or (q == best_q and not best)):
            best, best_q = wanted, q
    return best


def _q(params: str) -> float:
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.strip().lower() == "q":
            try:
                return max(0.0, min(1.0, float(value)))
            except ValueError:
                return 0.0
    return 1.0


def _match(media: str, html: bool) -> str:
    if media in _HTML:
        return "text/html" if html else ""
    if media in RDF_TYPES:
        return RDF_TYPES[media]
    if media in ("*/*", "text/*"):
        return "text/html" if html else "text/turtle"
    if media == "application/*":
        return "text/turtle"
    return ""


def plan(path: str, accept: str, base: str, site: Site | None) -> Plan:
    """What a GET of ``path`` is answered with (see the module's docstring)."""
    prefix = urllib.parse.urlsplit(base_iri(base)).path
    if path == "/site":
        return Plan(301, (("Location", "/site/"),))
    if path.startswith("/site/"):
        return _file(site, path.removeprefix("/site"))
    if path.startswith("/data/"):
        return _data(path.removeprefix("/data"), accept, base, prefix)
    iri = _named(path, base, prefix)
    if iri is None:
        return Plan()
    page = site.pages.get(iri) if site else None
    media = choose(accept, page is not None)
    if not media:
        return Plan(
            406,
            body=b"ask for text/html, text/turtle, application/ld+json or application/n-triples\n",
            iri=iri,
        )
    where = f"/site/{page}" if media == "text/html" else f"/data{path}"
    return Plan(303, (("Location", where), ("Vary", "Accept")), iri=iri)


def _named(path: str, base: str, prefix: str) -> str | None:
    if path.startswith("/def/"):
        return iri_of(path.removeprefix("/def/"), DEF)
    if path.startswith(prefix):
        return iri_of(path.removeprefix(prefix), base_iri(base))
    return None


def _data(path: str, accept: str, base: str, prefix: str) -> Plan:
    iri = _named(path, base, prefix)
    if iri is None:
        return Plan()
    media = choose(accept, html=False) or "text/turtle"
    if iri == ONTOLOGY_IRI:
        body = (ONTOLOGY / "kg.ttl").read_bytes()
        return Plan(200, (("Content-Type", "text/turtle; charset=utf-8"),), body)
    return Plan(200, iri=iri, describe=media)


def _file(site: Site | None, relative: str) -> Plan:
    path = site.file(relative) if site else None
    if path is None:
        return Plan()
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    kind += "; charset=utf-8" if kind.startswith("text/") else ""
    headers = (("Content-Type", kind), ("X-Content-Type-Options", "nosniff"))
    return Plan(200, headers, path.read_bytes())


def describe_query(iri: str) -> str:
    """Every triple with the IRI as subject or object (the IRI is checked: no ``<>"{}|^`\\``)."""
    assert not _IRI_BAD.search(iri), iri
    return (
        f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} "
        f"WHERE {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} }}"
    )


def holds(conn: http.client.HTTPConnection, iri: str) -> bool:
    """Whether the engine behind ``conn`` holds the IRI (as subject or object): an ASK sent
    the way queries go, through the engine's door and its limits."""
    assert not _IRI_BAD.search(iri), iri
    ask = f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} }}"
    target = "/query?" + urllib.parse.urlencode({"query": ask})
    conn.request("GET", target, headers={"Accept": "application/sparql-results+json"})
    answer = conn.getresponse()
    said = answer.read(4096)
    return answer.status == 200 and b"true" in said
