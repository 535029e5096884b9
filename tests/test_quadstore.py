"""kg.trig in a real quad store that does not union named graphs: a plain ``oxigraph serve`` on
127.0.0.1, loaded over the SPARQL Graph Store protocol as a user would, answers every library
query, sent as the .rq file holds it, as the embedded engine does on kg.ttl (kg.trig's
default graph holds the union of its named graphs)."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from decimal import Decimal

import pyoxigraph as ox
import pytest

from kg.rdf.ids import Ids
from kg.rdf.vocab import XSD
from kg.store.library import bind, library, run, with_values
from kg.store.open import open_store
from tests.conftest import ROOT

EXPORTS = ROOT / "exports"
LIBRARY = library()
NUMBERS = {str(XSD.decimal), str(XSD.integer), str(XSD.double)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """A fresh in-memory ``oxigraph serve`` (no --union-default-graph) holding kg.trig."""
    from kg.store.server import oxigraph_binary

    port = _free_port()
    proc = subprocess.Popen(
        [oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else b""
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline, "oxigraph serve did not start"
                time.sleep(0.1)
        load = urllib.request.Request(
            f"{url}/store",
            data=(EXPORTS / "kg.trig").read_bytes(),
            headers={"Content-Type": "application/trig"},
            method="POST",
        )
        with urllib.request.urlopen(load, timeout=60) as response:
            assert response.status in (200, 201, 204)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def remote(url: str, text: str) -> dict[str, object]:
    """A query sent to the endpoint by SPARQL 1.1 Protocol POST, results as JSON."""
    request = urllib.request.Request(
        f"{url}/query",
        data=text.encode("utf-8"),
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def _prefixed(text: str) -> str:
    """The library's predeclared prefixes, written out for an engine that does not know them."""
    head = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in sorted(Ids().all_prefixes().items()))
    return head + text


def _cell(term: dict[str, str] | None) -> object:
    if term is None:
        return None
    if term.get("datatype") in NUMBERS:
        return Decimal(term["value"])
    return term["value"]


def _local(term: object) -> object:
    if term is None:
        return None
    if isinstance(term, ox.Literal) and term.datatype.value in NUMBERS:
        return Decimal(term.value)
    return term.value  # type: ignore[attr-defined]


def _examples() -> list[tuple[str, dict[str, str]]]:
    import shlex

    cases = []
    for query in LIBRARY.values():
        for example in query.examples:
            tokens = shlex.split(example)[3:]
            params = dict(v.split("=", 1) for v in tokens[1::2])
            cases.append((query.name, params))
    return cases


@pytest.fixture(scope="module")
def embedded() -> ox.Store:
    return open_store([EXPORTS / "kg.ttl"])


def test_the_default_graph_is_the_union(endpoint: str) -> None:
    count = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { %s }"
    default = remote(endpoint, _prefixed(count % "?p a kg:Project"))
    named = remote(endpoint, _prefixed(count % "GRAPH ?g { ?p a kg:Project }"))
    for answer in (default, named):
        assert answer["results"]["bindings"][0]["n"]["value"] == "62"  # type: ignore[index]


@pytest.mark.parametrize(("name", "params"), _examples())
def test_every_library_query_answers_in_the_quad_store(
    endpoint: str, embedded: ox.Store, name: str, params: dict[str, str]
) -> None:
    query = LIBRARY[name]
    bindings = bind(query, params)
    ours = run(embedded, query.text, bindings)
    theirs = remote(endpoint, with_values(query.text, bindings))  # the .rq as shipped
    assert theirs["head"]["vars"] == ours.variables  # type: ignore[index]
    rows = [
        [_cell(b.get(v)) for v in ours.variables]
        for b in theirs["results"]["bindings"]  # type: ignore[index]
    ]
    assert rows == [[_local(t) for t in row] for row in ours.rows]
    assert rows or name in {"audit-findings"}, "an example that finds nothing checks nothing"
