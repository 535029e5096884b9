"""A bounded load test of ``kg serve`` on loopback: C concurrent clients run the query library
for T seconds against a real server process; throughput, p50/p99 latency and errors.

    python -m benchmarks.load_test                      # 20 clients × 30 s, the sample graph
    python -m benchmarks.load_test --graph big.ttl      # any graph file (e.g. a kg bench export)
    python -m benchmarks.load_test --json
    python -m benchmarks.load_test --hostile 6          # and 6 queries meant to take it down

With ``--hostile N`` two more clients send, one after the other, N of the queries of issue 20
(the sort of a cross product that panicked Oxigraph, a property path that took 2.2 GB, a
SERVICE call to another address), with
``kg serve --timeout 10``; the report adds their statuses, ``crashes`` (1 if ``kg serve``
exited), the engine restarts, and the peak RSS of every server process; the latencies are
those of the ordinary queries running meanwhile.

The server is ``kg serve`` itself (Oxigraph, read-only, 127.0.0.1, with its query time limit).
Clients use the standard library only (urllib, threads); every request is a library query with
its first example's parameters bound, chosen round-robin, sent as the SPARQL 1.1 Protocol
``query`` parameter of a POST. An error is any status other than 200 or any exception.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


HOSTILE = [
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f ?c LIMIT 1",
    "SELECT (COUNT(*) AS ?n) WHERE { ?a (!<urn:x>|^!<urn:x>)+ ?b }",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",  # refused: 400
]


def start(graph: Path, port: int, timeout: int = 30) -> subprocess.Popen[bytes]:
    kg = Path(sys.executable).parent / "kg"
    cmd = [str(kg), "serve", "--graph", str(graph), "--port", str(port), "--timeout", str(timeout)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"kg serve exited: {proc.stderr.read() if proc.stderr else b''!r}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise TimeoutError("kg serve did not start")


def _tree(pid: int) -> dict[int, str]:
    """``pid`` and its descendants (Linux /proc): pid -> command name."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    found, todo = {}, [pid]
    while todo:
        child = todo.pop()
        try:
            found[child] = Path(f"/proc/{child}/comm").read_text().strip()
        except OSError:
            continue
        todo.extend(parents.get(child, []))
    return found


def watch_rss(pid: int, stop: threading.Event) -> dict[str, int]:
    """Peak resident MB of each process of the server (by command name), sampled every
    0.2 s until ``stop``; filled in place."""
    peaks: dict[str, int] = {}

    def sample() -> None:
        while not stop.is_set():
            try:
                tree = _tree(pid)
            except OSError:
                return
            for child, name in tree.items():
                try:
                    status = Path(f"/proc/{child}/status").read_text()
                    kb = int(status.split("VmRSS:")[1].split()[0])
                except (OSError, IndexError, ValueError):
                    continue
                peaks[name] = max(peaks.get(name, 0), kb // 1024)
            time.sleep(0.2)

    threading.Thread(target=sample, daemon=True).start()
    return peaks


def hostile(port: int, count: int, seconds: float) -> dict[str, int]:
    """``count`` hostile queries from two clients, while time lasts: status -> how many."""
    statuses: dict[str, int] = {}
    lock = threading.Lock()
    url = f"http://127.0.0.1:{port}/query"
    stop = time.monotonic() + seconds
    todo = list(range(count))

    def client() -> None:
        while time.monotonic() < stop:
            with lock:
                if not todo:
                    return
                n = todo.pop()
            body = urllib.parse.urlencode({"query": HOSTILE[n % len(HOSTILE)]}).encode()
            try:
                with urllib.request.urlopen(url, data=body, timeout=60) as response:
                    response.read()
                    said = str(response.status)
            except urllib.error.HTTPError as exc:
                said = str(exc.code)
            except Exception as exc:  # counted, not raised
                said = type(exc).__name__
            with lock:
                statuses[said] = statuses.get(said, 0) + 1

    threads = [threading.Thread(target=client) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses


def run(port: int, clients: int, seconds: float) -> dict[str, Any]:
    from kg.bench import _queries

    queries = [text for _, text in _queries()]
    url = f"http://127.0.0.1:{port}/query"
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(k: int) -> None:
        n = k
        while time.monotonic() < stop:
            body = urllib.parse.urlencode({"query": queries[n % len(queries)]}).encode()
            request = urllib.request.Request(
                url, data=body, headers={"Accept": "application/sparql-results+json"}
            )
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    response.read()
                    ok = response.status == 200
                    problem = "" if ok else f"HTTP {response.status}"
            except Exception as exc:  # every failure counts
                problem = f"{type(exc).__name__}: {exc}"
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                if problem:
                    errors.append(problem)
                else:
                    latencies.append(elapsed)
            n += clients

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    ordered = sorted(latencies)

    def pct(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1) if ordered else 0.0

    return {
        "clients": clients,
        "seconds": round(wall, 1),
        "requests": len(latencies) + len(errors),
        "errors": len(errors),
        # in flight when the engine was killed for a hostile query (503): expected with --hostile
        "errors_503": sum(1 for e in errors if "503" in e),
        "error_examples": sorted(set(errors))[:3],
        "throughput_per_s": round(len(latencies) / wall, 1),
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "queries": len(queries),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graph", type=Path, default=ROOT / "exports" / "kg.ttl")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--hostile", type=int, default=0, help="hostile queries to add")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    port = free_port()
    print(f"starting kg serve on {args.graph} ...", file=sys.stderr)
    proc = start(args.graph, port, timeout=10 if args.hostile else 30)
    done = threading.Event()
    peaks = watch_rss(proc.pid, done)
    bad: dict[str, int] = {}
    attack = threading.Thread(target=lambda: bad.update(hostile(port, args.hostile, args.seconds)))
    try:
        attack.start()
        result = run(port, args.clients, args.seconds)
        attack.join()
        crashed = proc.poll() is not None
    finally:
        done.set()
        proc.terminate()
        said = proc.communicate(timeout=30)[1].decode("utf-8", "replace")
    result["graph"] = args.graph.name
    if args.hostile:
        result["hostile_statuses"] = bad
        result["crashes"] = int(crashed)
        result["engine_restarts"] = said.count("starting it again")
        result["peak_rss_mb"] = peaks
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key:18} {value}")
    # ordinary queries in flight when a hostile one got the engine killed answer 503; any
    # other error, or kg serve gone, fails the run
    others = result["errors"] - (result["errors_503"] if args.hostile else 0)
    return 0 if others == 0 and not result.get("crashes") else 1


if __name__ == "__main__":
    sys.exit(main())
