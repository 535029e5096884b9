"""Real server processes on 127.0.0.1: push the exports, query them over HTTP, refuse updates."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.server import oxigraph_binary
from tests.conftest import ROOT

KG = [str(Path(sys.executable).parent / "kg")]
COUNT = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <https://kg.example.org/def/kg#Project> }"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(port: int, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read() if proc.stderr else ''!r}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover
        proc.kill()
        proc.wait()


def _select(port: int, query: str) -> dict[str, object]:
    url = f"http://127.0.0.1:{port}/query?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def _count(port: int) -> int:
    bindings = _select(port, COUNT)["results"]["bindings"]  # type: ignore[index]
    return int(bindings[0]["n"]["value"])


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[int]:
    """A writable Oxigraph server, as a province would run to collect districts."""
    port = _free_port()
    proc = subprocess.Popen(
        [
            oxigraph_binary(),
            "serve",
            "--location",
            str(tmp_path / "db"),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        stderr=subprocess.PIPE,
    )
    try:
        _wait(port, proc)
        yield port
    finally:
        _stop(proc)


def test_push_the_exports_and_query_them_back(oxigraph: int) -> None:
    endpoint = f"http://127.0.0.1:{oxigraph}/store"
    result = CliRunner().invoke(main, ["push", "--endpoint", endpoint, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert _count(oxigraph) == 62
    trig = CliRunner().invoke(
        main, ["push", str(ROOT / "exports" / "kg.trig"), "--endpoint", endpoint]
    )
    assert trig.exit_code == 0, trig.output
    graphs = _select(oxigraph, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    # a graph per document, and one for the audit's findings and entity resolution
    assert int(graphs["results"]["bindings"][0]["n"]["value"]) == 5  # type: ignore[index]


def test_push_to_nothing_is_a_clear_error() -> None:
    result = CliRunner().invoke(
        main, ["push", "--endpoint", f"http://127.0.0.1:{_free_port()}/store"]
    )
    assert result.exit_code == 2
    assert "cannot reach" in result.stderr


def test_kg_serve_answers_queries_and_refuses_updates(tmp_path: Path) -> None:
    port = _free_port()
    proc = subprocess.Popen([*KG, "serve", "--port", str(port)], cwd=ROOT, stderr=subprocess.PIPE)
    try:
        _wait(port, proc)
        assert _count(port) == 62
        update = urllib.request.Request(
            f"http://127.0.0.1:{port}/update",
            method="POST",
            data=b"INSERT DATA { <urn:x> <urn:y> <urn:z> }",
            headers={"Content-Type": "application/sparql-update"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(update, timeout=10)
        assert 400 <= refused.value.code < 500
        put = urllib.request.Request(
            f"http://127.0.0.1:{port}/store?default",
            method="PUT",
            data=b"<urn:x> <urn:y> <urn:z> .",
            headers={"Content-Type": "text/turtle"},
        )
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(put, timeout=10)
        assert _select(port, "ASK { <urn:x> <urn:y> <urn:z> }")["boolean"] is False
        assert _count(port) == 62
    finally:
        _stop(proc)


def test_load_a_persistent_store_and_query_it(tmp_path: Path) -> None:
    store = tmp_path / "store"
    runner = CliRunner()
    assert runner.invoke(main, ["load", "--store", str(store)]).exit_code == 0
    result = runner.invoke(main, ["sparql", COUNT, "--store", str(store), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["n", "62"]
    missing = runner.invoke(main, ["sparql", COUNT, "--store", str(tmp_path / "nope")])
    assert missing.exit_code == 2


def test_sparql_cli_formats_and_refusals() -> None:
    runner = CliRunner()
    json_out = runner.invoke(main, ["sparql", COUNT, "--format", "json"])
    assert json.loads(json_out.stdout)["head"]["vars"] == ["n"]
    ask = runner.invoke(main, ["sparql", "ASK { ?p a kg:Project }", "--format", "json"])
    assert json.loads(ask.stdout) == {"head": {}, "boolean": True}
    construct = runner.invoke(
        main,
        [
            "sparql",
            "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a kg:Project ; rdfs:label ?l } LIMIT 1",
        ],
    )
    assert construct.exit_code == 0 and "@zh" in construct.stdout
    update = runner.invoke(main, ["sparql", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"])
    assert update.exit_code == 2 and "updates are not accepted" in update.stderr
    assert runner.invoke(main, ["query", "no-such-query"]).exit_code == 2


def test_serve_holds_concurrent_clients_without_errors() -> None:
    """A short version of benchmarks/load_test.py (20 clients × 30 s in its default run)."""
    from benchmarks.load_test import free_port, run, start

    port = free_port()
    proc = start(ROOT / "exports" / "kg.ttl", port)
    try:
        result = run(port, clients=8, seconds=4)
    finally:
        _stop(proc)  # type: ignore[arg-type]
    assert result["errors"] == 0, result["error_examples"]
    assert result["requests"] >= 8


def test_serve_stops_a_query_past_its_time_limit(tmp_path: Path) -> None:
    from kg.server import server_command

    assert server_command(tmp_path, 1234, timeout=7)[-2:] == ["--timeout-s", "7"]
    assert "--timeout-s" not in server_command(tmp_path, 1234, timeout=0)
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert "--timeout" in result.output


def test_serve_refuses_large_bodies_and_large_results() -> None:
    port = _free_port()
    cmd = [*KG, "serve", "--port", str(port), "--max-body", "2000", "--max-result", "5000"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE)
    try:
        _wait(port, proc)
        assert _count(port) == 62  # small answers pass through
        big = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 3000
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/query",
            data=urllib.parse.urlencode({"query": big}).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        with pytest.raises(urllib.error.HTTPError) as too_big:
            urllib.request.urlopen(request, timeout=10)
        assert too_big.value.code == 413
        with pytest.raises(urllib.error.HTTPError) as too_much:
            _select(port, "SELECT * WHERE { ?s ?p ?o }")  # 41,000 rows
        assert too_much.value.code == 507
        assert "add a LIMIT" in too_much.value.read().decode()
        assert _count(port) == 62  # and the server is still there
    finally:
        _stop(proc)
