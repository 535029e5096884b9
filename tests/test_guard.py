"""The guard of `kg serve` under attack (issue 20), against real `kg serve` processes on
127.0.0.1 and, for the cross-origin form, real headless Chromium: no SERVICE or LOAD fetches,
only our Host names, no writes from other origins or without the token, an error status for a
cancelled query, streamed answers, strict Content-Length, header and body deadlines, and
CSV cells a spreadsheet would execute guarded as everywhere else."""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.store import proxy
from kg.store.admission import Limits
from kg.store.answers import guarded_csv
from kg.store.library import QueryError, refuse_federation
from tests.conftest import ROOT
from tests.test_server import COUNT, KG, _count, _free_port, _stop, _wait

TOKEN = "test-token-of-issue-20"
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"  # 41,207² rows: cancelled


class Listener:
    """A local web server that records every request: where SERVICE or LOAD would go."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        seen = self.seen

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                return

            def _answer(self) -> None:
                seen.append(f"{self.command} {self.path}")
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                body = json.dumps({"head": {"vars": []}, "results": {"bindings": [{}]}})
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body.encode())

            do_GET = do_POST = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.close()


def _start(*args: str, token: str | None = TOKEN) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    env = {**os.environ, "KG_TOKEN": token} if token else dict(os.environ)
    cmd = [*KG, "serve", "--port", str(port), *args]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _wait(port, proc)
    except BaseException:
        _stop(proc)
        raise
    _PIDS[port] = proc.pid
    return proc, port


_PIDS: dict[int, int] = {}  # the kg serve process of each port


@pytest.fixture(scope="module")
def served() -> Iterator[int]:
    """A writable `kg serve` whose token is $KG_TOKEN; queries stop after 3 s."""
    proc, port = _start("--writable", "--timeout", "3")
    try:
        yield port
    finally:
        _stop(proc)


def _request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        answer = conn.getresponse()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
    finally:
        conn.close()


def _query(port: int, text: str, accept: str = "text/csv", **headers: str) -> tuple[int, str]:
    path = "/query?" + urllib.parse.urlencode({"query": text})
    status, _, body = _request(port, "GET", path, headers={"Accept": accept, **headers})
    return status, body.decode("utf-8", "replace")


def _update(port: int, text: str, **headers: str) -> tuple[int, str]:
    form = urllib.parse.urlencode({"update": text}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", **headers}
    status, _, body = _request(port, "POST", "/update", form, headers)
    return status, body.decode("utf-8", "replace")


def _bearer(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _ready(port: int, seconds: float = 30) -> None:
    """Wait until ordinary queries are answered again (the engine may be restarting)."""
    deadline = time.monotonic() + seconds
    while _query(port, "ASK {}")[0] != 200:
        assert time.monotonic() < deadline, "the endpoint did not come back"
        time.sleep(0.5)


# --- item 3: SERVICE and LOAD -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'ASK { ?s kg:service "SERVICE <http://x/>" } # LOAD <http://x/>',
        "ASK { ?service ?p <http://x/SERVICE> . ?s ex:load ?o }",
        "PREFIX load: <urn:l#> ASK { ?s load:x ?o }",
    ],
)
def test_service_and_load_inside_names_strings_iris_and_comments_are_no_keywords(
    text: str,
) -> None:
    refuse_federation(text)


@pytest.mark.parametrize(
    "text",
    [
        "ASK { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "ASK{?s ?p ?o .service<http://127.0.0.1:9/>{}}",
        "ASK { SERVICE SILENT ?endpoint { ?s ?p ?o } }",
        "LOAD <http://127.0.0.1:9/x.ttl>",
        'ASK { ?s ?p "a" SERVICE <http://127.0.0.1:9/> {} }',
        "ASK { SERVICE <http://127.0.0.1:9/allowed\\u0040evil/> {} }",
        "ASK { SERVICE <http://127.0.0.1:9/allowedx> {} }",
    ],
)
def test_service_and_load_are_refused_naming_the_keyword(text: str) -> None:
    with pytest.raises(QueryError) as refused:
        refuse_federation(text, ["http://127.0.0.1:9/allowed"])
    message = str(refused.value)
    assert "\n" not in message and message.split()[0] in ("SERVICE", "LOAD")


def test_the_endpoint_and_kg_sparql_fetch_no_url(served: int, listener: Listener) -> None:
    target = f"http://127.0.0.1:{listener.port}/sparql"
    service = f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    asked = [
        _request(served, "GET", "/query?" + urllib.parse.urlencode({"query": service})),
        _request(
            served, "POST", "/query", urllib.parse.urlencode({"query": service}).encode(), form
        ),
        _request(
            served, "POST", "/query", service.encode(), {"Content-Type": "application/sparql-query"}
        ),
        # Oxigraph takes the URL's query when a form body has none
        _request(
            served, "POST", "/query?" + urllib.parse.urlencode({"query": service}), b"x=1", form
        ),
    ]
    for status, _, body in asked:
        assert status == 400 and body.decode().startswith("SERVICE is refused"), body
        assert body.decode().count("\n") == 1
    status, said = _update(served, f"LOAD <{target}.ttl>", **_bearer())
    assert status == 400 and said.startswith("LOAD is refused"), said
    status, said = _update(
        served, f"INSERT {{ ?s ?p ?o }} WHERE {{ {service[16:-2]} }}", **_bearer()
    )
    assert status == 400 and said.startswith("SERVICE is refused"), said
    result = CliRunner().invoke(main, ["sparql", service])
    assert result.exit_code == 2 and "SERVICE is refused" in result.stderr
    assert listener.seen == []


def test_allow_service_lets_federation_reach_the_given_prefix(listener: Listener) -> None:
    allowed = f"http://127.0.0.1:{listener.port}/allowed/"
    before = len(listener.seen)
    query = f"SELECT * WHERE {{ SERVICE <{allowed}sparql> {{ ?s ?p ?o }} }}"
    result = CliRunner().invoke(main, ["sparql", query, "--allow-service", allowed])
    assert result.exit_code == 0, result.stderr
    assert len(listener.seen) == before + 1
    proc, port = _start("--allow-service", allowed, token=None)
    try:
        assert _query(port, query)[0] == 200
        assert len(listener.seen) == before + 2
        other = query.replace("/allowed/", "/other/")
        assert _query(port, other)[0] == 400
        assert len(listener.seen) == before + 2
    finally:
        _stop(proc)


# --- item 4: Host, Origin, token ------------------------------------------------------------


def test_only_our_host_names_are_answered(served: int) -> None:
    for host in ("127.0.0.1", "localhost", "[::1]"):
        assert _query(served, "ASK {}", Host=f"{host}:{served}")[0] == 200, host
    for host in (
        f"rebound.example:{served}",  # DNS rebinding: the attacker's name, our address
        "127.0.0.1",  # another port
        f"127.0.0.1:{served + 1}",
        f"localhost.example:{served}",
    ):
        status, said = _query(served, "ASK {}", Host=host)
        assert status == 403 and "--host-name" in said, host
    status, said = _update(served, "CLEAR ALL", Host=f"rebound.example:{served}", **_bearer())
    assert status == 403
    assert _count(served) == 62


def test_host_name_adds_a_name(tmp_path: Path) -> None:
    proc, port = _start("--host-name", "kg.internal", token=None)
    try:
        assert _query(port, "ASK {}", Host=f"kg.internal:{port}")[0] == 200
        assert _query(port, "ASK {}", Host="kg.internal")[0] == 200  # behind a reverse proxy
        assert _query(port, "ASK {}", Host=f"other.internal:{port}")[0] == 403
    finally:
        _stop(proc)


def test_writes_need_the_token_and_our_origin(served: int) -> None:
    insert = "INSERT DATA { <urn:guard:s> <urn:guard:p> <urn:guard:o> }"
    ask = "ASK { <urn:guard:s> <urn:guard:p> <urn:guard:o> }"
    status, said = _update(served, insert)
    assert status == 401 and "Authorization: Bearer" in said
    assert _update(served, insert, **_bearer("wrong"))[0] == 401
    for headers in (
        {"Origin": "http://127.0.0.1:1"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},  # another port of 127.0.0.1 is the same site
    ):
        status, said = _update(served, insert, **_bearer(), **headers)
        assert status == 403 and "another origin" in said, headers
    assert _query(served, ask) == (200, "false")
    own = {"Origin": f"http://127.0.0.1:{served}", "Sec-Fetch-Site": "same-origin"}
    assert _update(served, insert, **_bearer(), **own)[0] == 204
    assert _query(served, ask) == (200, "true")


def test_kg_push_sends_the_token(served: int, tmp_path: Path) -> None:
    data = tmp_path / "one.ttl"
    data.write_text("<urn:push:s> <urn:push:p> <urn:push:o> .\n", encoding="utf-8")
    endpoint = f"http://127.0.0.1:{served}/store"
    cmd = [*KG, "push", str(data), "--endpoint", endpoint, "--graph", "urn:push:g"]
    env = {k: v for k, v in os.environ.items() if k != "KG_TOKEN"}

    def push(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)

    refused = push(cmd, env)
    assert refused.returncode == 2 and "HTTP 401" in refused.stderr
    given = push([*cmd, "--token", TOKEN], env)
    assert given.returncode == 0, given.stderr
    from_env = push(cmd, {**env, "KG_TOKEN": TOKEN})
    assert from_env.returncode == 0, from_env.stderr
    ask = "ASK { GRAPH <urn:push:g> { <urn:push:s> <urn:push:p> <urn:push:o> } }"
    assert _query(served, ask) == (200, "true")


def test_no_permissive_cors_headers(served: int) -> None:
    preflight = {
        "Origin": "http://evil.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization",
    }
    for method, path, headers in [
        ("OPTIONS", "/update", preflight),
        ("OPTIONS", "/query", preflight),
        ("GET", "/query?query=ASK%7B%7D", {"Origin": "http://evil.example"}),
    ]:
        _, answer, _ = _request(served, method, path, headers=headers)
        assert not [h for h in answer if h.startswith("access-control-")], answer


def test_a_form_on_another_origin_cannot_wipe_a_writable_store(served: int) -> None:
    from playwright.sync_api import sync_playwright

    from benchmarks.chromium import ARGS, CHROMIUM

    page_html = f"""<!doctype html><form method="POST" action="http://127.0.0.1:{served}/update">
    <input name="update" value="CLEAR ALL"></form>
    <script>
      fetch("http://127.0.0.1:{served}/update", {{method: "POST", mode: "no-cors",
        body: new URLSearchParams({{update: "CLEAR ALL"}})}}).finally(
        () => document.forms[0].submit());
    </script>""".encode()

    class Page(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page_html)))
            self.end_headers()
            self.wfile.write(page_html)

    site = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            try:
                page = browser.new_page()
                with page.expect_response(
                    lambda r: r.request.method == "POST" and r.request.resource_type == "document"
                ) as posted:
                    page.goto(f"http://127.0.0.1:{site.server_address[1]}/")
                assert posted.value.status == 403
            finally:
                browser.close()
    finally:
        site.shutdown()
        site.server_close()
    assert _count(served) == 62  # nothing was wiped


# --- item 5: a cancelled query ----------------------------------------------------------


def test_a_cancelled_query_answers_an_error_status(served: int) -> None:
    started = time.monotonic()
    for accept in ("text/csv", "application/sparql-results+json"):
        status, said = _query(served, CROSS, accept)
        assert status == 504, said[-200:]
        assert said.count("\n") == 1 and "--timeout" in said
    assert time.monotonic() - started < 40
    _ready(served)
    assert _count(served) == 62


def test_a_long_answer_cancelled_midway_ends_incomplete(served: int) -> None:
    """Past the first MB the status is sent: the answer then ends without its last chunk,
    so a client reports an incomplete read instead of taking it as the whole answer."""
    path = "/query?" + urllib.parse.urlencode({"query": "SELECT ?a ?c { ?a ?b ?c . ?d ?e ?f }"})
    conn = http.client.HTTPConnection("127.0.0.1", served, timeout=60)
    try:
        conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
        answer = conn.getresponse()
        assert answer.status == 200
        with pytest.raises(http.client.IncompleteRead) as cut:
            answer.read()
        assert not cut.value.partial.endswith(b"cancelled")
    finally:
        conn.close()
    _ready(served)


def test_answers_are_streamed_not_held_whole(served: int) -> None:
    """Four clients each fetching a 16 MB answer: the guard holds about a MB per client."""
    query = "SELECT ?a ?c WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 100000"
    status_file = Path(f"/proc/{_PIDS[served]}/status")

    def rss() -> int:
        line = next(x for x in status_file.read_text().splitlines() if x.startswith("VmRSS"))
        return int(line.split()[1]) * 1024

    assert _query(served, "SELECT * { ?s ?p ?o } LIMIT 10")[0] == 200
    before, samples, sizes = rss(), [0], []

    def fetch() -> None:
        path = "/query?" + urllib.parse.urlencode({"query": query})
        accept = {"Accept": "application/sparql-results+json"}
        status, _, body = _request(served, "GET", path, headers=accept)
        sizes.append(len(body) if status == 200 else -status)

    clients = [threading.Thread(target=fetch) for _ in range(4)]
    for c in clients:
        c.start()
    while any(c.is_alive() for c in clients):
        samples.append(rss())
        time.sleep(0.01)
    assert len(sizes) == 4 and min(sizes) > 15_000_000, sizes
    grown = max(samples) - before
    print(f"kg serve RSS: {before} bytes before, {grown} bytes more at most")
    assert grown < 30_000_000, f"the guard's RSS grew by {grown} bytes"


# --- item 6: Content-Length and deadlines --------------------------------------------------


def _raw(port: int, head: str, body: bytes = b"", timeout: float = 15) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
        answer = b""
        while piece := s.recv(65536):
            answer += piece
            if b"\r\n\r\n" in answer:
                break
        return answer


@pytest.mark.parametrize(
    "lengths", [["-1"], ["abc"], ["+6"], ["6", "6"], ["6", "7"], ["0x6"], ["1" * 40]]
)
def test_a_bad_content_length_is_a_400(served: int, lengths: list[str]) -> None:
    fields = "".join(f"Content-Length: {n}\n" for n in lengths)
    head = (
        f"POST /query HTTP/1.1\nHost: 127.0.0.1:{served}\n"
        f"Content-Type: application/sparql-query\n{fields}"
    )
    answer = _raw(served, head, b"ASK {}")
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]


def test_slow_clients_are_cut_and_do_not_stop_others(served: int) -> None:
    """Three clients sending a byte every 2 s are cut after the 10 s header deadline; an
    ordinary client is answered meanwhile."""
    slow = [socket.create_connection(("127.0.0.1", served), timeout=30) for _ in range(3)]
    started = time.monotonic()
    closed: dict[int, float] = {}
    try:
        for s in slow:
            s.sendall(b"GET /query?query=ASK%7B%7D HTTP/1.1\r\n")
            s.setblocking(False)
        while len(closed) < 3 and time.monotonic() - started < 25:
            for i, s in enumerate(slow):
                if i in closed:
                    continue
                try:
                    if s.recv(1024) == b"":
                        closed[i] = time.monotonic() - started
                        continue
                except BlockingIOError:
                    pass
                except OSError:
                    closed[i] = time.monotonic() - started
                    continue
                try:
                    s.sendall(b"X")
                except OSError:
                    closed[i] = time.monotonic() - started
            assert _query(served, "ASK {}")[0] == 200  # others are served all along
            time.sleep(2)
    finally:
        for s in slow:
            s.close()
    assert len(closed) == 3, f"slow clients still connected after 25 s: {closed}"
    assert max(closed.values()) < 20


# --- item 7: CSV cells ----------------------------------------------------------------------


def test_csv_answers_guard_cells_a_spreadsheet_would_execute(served: int) -> None:
    query = (
        "SELECT ?a ?b ?c ?d WHERE { BIND(\"=cmd|' /C calc'!A0\" AS ?a) "
        'BIND("=100%" AS ?b) BIND("-5" AS ?c) BIND("x,\\"y\\"\\nz" AS ?d) }'
    )
    status, said = _query(served, query)
    assert status == 200
    assert said == 'a,b,c,d\r\n\'=cmd|\' /C calc\'!A0,=100%,-5,"x,""y""\nz"\r\n', said
    assert _query(served, COUNT)[1] == "n\r\n62\r\n"


# --- the engine's supervisor hears of a lost engine ---------------------------------------


def test_on_upstream_error_is_called_when_the_engine_is_gone() -> None:
    calls: list[int] = []
    port = _free_port()
    guard = proxy.start(port, _free_port(), Limits(), on_upstream_error=lambda: calls.append(1))
    try:
        status, said = _query(port, "ASK {}")
        assert status == 502 and said.count("\n") == 1
        assert calls == [1]
    finally:
        guard.shutdown()
        guard.server_close()


def test_csv_cells_are_guarded_wherever_the_pieces_break() -> None:
    data = b'x,y\r\n=cmd|\' /C calc\'!A0,"@SUM(1),""q""\n"\r\n=100%,\r\n'
    whole = b"".join(guarded_csv([data]))
    assert whole == b'x,y\r\n\'=cmd|\' /C calc\'!A0,"\'@SUM(1),""q""\n"\r\n=100%,\r\n'
    for cut in range(len(data) + 1):
        assert b"".join(guarded_csv([data[:cut], data[cut:]])) == whole, cut
    assert b"".join(guarded_csv([b"fal", b"se"])) == b"false"  # an ASK answer


def test_writable_prints_a_new_token_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from tests.test_server import _serve

    monkeypatch.delenv("KG_TOKEN", raising=False)
    proc, port = _serve("--writable", out=tmp_path / "serve")
    try:
        said = (tmp_path / "serve.err").read_text()
        tokens = re.findall(r"write token: (\S+) ", said)
        assert len(tokens) == 1 and said.count(tokens[0]) == 1, said
        assert (
            _update(port, "INSERT DATA { <urn:t> <urn:t> <urn:t> }", **_bearer(tokens[0]))[0] == 204
        )
        assert _update(port, "INSERT DATA { <urn:t> <urn:t> <urn:t> }", **_bearer())[0] == 401
    finally:
        _stop(proc)
