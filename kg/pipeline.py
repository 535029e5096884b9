"""The build at scale: documents in, exports out, one document at a time.

Each document is read, parsed, turned into triples and audited on its own
(:func:`process`), on local processes (``jobs``) or a Dask cluster (``dask``); the results come
back in input order and are written as they arrive (:class:`Exports`), so memory does not grow
with the corpus: CSV rows are appended to their tables, a document's named graph to
``kg.trig``, its N-Triples lines to sorted runs on disk. At the end the runs are merged (an
external sort, duplicates dropped) into ``kg.ttl``, and the checks across documents (names that
drift for one code, project codes used twice) run on the few facts each document contributed.

The in-memory path (:func:`kg.rdf.export.write_graph`) uses the same writer, so the API, the
serial, the parallel and the Dask builds write byte-identical files.
"""

from __future__ import annotations

import heapq
import io
import os
import shutil
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from kg.audit import Facts, Finding, audit_global, audit_local, facts
from kg.extract import Cite, csv_columns, table_csv
from kg.ids import Ids, same_base
from kg.model import RECORD_TYPES, Issue, Record, unreadable_input
from kg.rdf.export import sorted_triples
from kg.revisions import Supersession, duplicate, supersessions
from kg.staging import Staging
from kg.vocab import DCT, KG

#: sorted N-Triples lines held in memory before a run is written to disk
RUN_LINES = 1_000_000
#: seconds one document may take (read, parse, triples, audit) before it is skipped
TIME_LIMIT = 300.0
#: documents in flight per worker (bounded, so results never pile up)
WINDOW_PER_WORKER = 4
_SPATIAL, _YEAR = str(DCT.spatial), str(KG.fiscalYear)


# --- one document's graph, ready to be written ----------------------------------------------


@dataclass
class DocGraph:
    """A document's graph as the writer needs it: sorted N-Triples lines, its named graph as
    TriG (without @prefix lines), and the regions and years the catalog lists."""

    source: str
    name: str
    lines: list[bytes]
    trig: bytes
    regions: set[str] = field(default_factory=set)
    years: set[str] = field(default_factory=set)


def _body(data: bytes) -> bytes:
    """Serialised TriG/Turtle without its @prefix lines (the file has one header)."""
    return b"".join(ln for ln in data.splitlines(keepends=True) if not ln.startswith(b"@prefix "))


def nt_lines(triples: Iterable[ox.Triple]) -> list[bytes]:
    """Canonical N-Triples lines, sorted as bytes (a sort in C, no key function)."""
    data = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)
    assert data is not None
    return sorted(set(data.splitlines()))


def _in_order(lines: list[bytes]) -> Iterator[ox.Triple]:
    """The triples of sorted N-Triples lines, in that order (parsed back, in Rust)."""
    return ox.parse(b"\n".join(lines), format=ox.RdfFormat.N_TRIPLES)


def doc_graph(source: str, name: str, triples: set[ox.Triple], ids: Ids) -> DocGraph:
    graph = ox.NamedNode(name)
    lines = nt_lines(triples)
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in _in_order(lines)]
    trig = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=ids.all_prefixes())
    assert trig is not None
    regions = {t.object.value for t in triples if t.predicate.value == _SPATIAL}  # type: ignore[union-attr]
    years = {t.object.value for t in triples if t.predicate.value == _YEAR}  # type: ignore[union-attr]
    return DocGraph(source, name, lines, _body(trig), regions, years)


# --- the writer ------------------------------------------------------------------------------


class _NTStream(io.RawIOBase):
    """A readable byte stream over N-Triples lines (for pyoxigraph's streaming parser)."""

    def __init__(self, lines: Iterator[bytes]) -> None:
        self._lines = lines
        self._rest = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._rest:
            line = next(self._lines, None)
            if line is None:
                return 0
            self._rest = line + b"\n"
        n = min(len(buffer), len(self._rest))
        buffer[:n] = self._rest[:n]
        self._rest = self._rest[n:]
        return n


class Exports:
    """Writes kg.ttl, kg.trig and catalog.ttl (and, with ``csv``, the CSV tables) as
    documents arrive; every file goes to a temporary name in ``out`` and is renamed into place
    by :meth:`finish`."""

    def __init__(self, out: Path, ids: Ids, vocabulary: set[ox.Triple], csv: bool = False) -> None:
        self.out, self.ids = out, ids
        self.stage = Staging(out)
        self.tmp = self.stage.dir
        self.trig = self.stage.path("kg.trig").open("wb")
        self.quads = 0
        self.trig.write(self._header())
        self.runs: list[Path] = []
        self.buffer: list[bytes] = nt_lines(vocabulary)
        self.regions: set[str] = set()
        self.years: set[str] = set()
        self.names: list[tuple[str, str]] = []  # (source, document IRI)
        self.tables: dict[str, IO[str]] = {}
        if csv:
            for kind in RECORD_TYPES:
                f = self.stage.path(f"{kind.TABLE}.csv").open("w", encoding="utf-8", newline="")
                f.write(",".join(csv_columns(kind)) + "\n")
                self.tables[kind.TABLE] = f
        self.rows: Counter[str] = Counter()

    def _header(self) -> bytes:
        return b"".join(
            f"@prefix {p}: <{iri}> .\n".encode()
            for p, iri in sorted(self.ids.all_prefixes().items())
        )

    def add_rows(self, table: str, rows: str, count: int) -> None:
        self.tables[table].write(rows)
        self.rows[table] += count

    def add_graph(self, doc: DocGraph, quads: int) -> None:
        same_base(self.ids, doc.name, doc.source)
        self.trig.write(doc.trig)
        self.quads += quads
        self.regions |= doc.regions
        self.years |= doc.years
        self.names.append((doc.source, doc.name))
        self._lines(doc.lines)

    def _lines(self, lines: list[bytes]) -> None:
        self.buffer.extend(lines)
        if len(self.buffer) >= RUN_LINES:
            self._flush()

    def _flush(self) -> None:
        run = self.tmp / f"run-{len(self.runs):05d}.nt"
        with run.open("wb") as f:
            f.writelines(line + b"\n" for line in sorted(set(self.buffer)))
        self.runs.append(run)
        self.buffer = []

    def _merged(self) -> Iterator[bytes]:
        """Every N-Triples line once, in byte order: the runs merged with the buffer."""
        streams: list[Iterable[bytes]] = [sorted(set(self.buffer))]
        handles = [run.open("rb") for run in self.runs]
        streams += [(ln.rstrip(b"\n") for ln in h) for h in handles]
        previous = None
        try:
            for line in heapq.merge(*streams):
                if line != previous:
                    previous = line
                    yield line
        finally:
            for h in handles:
                h.close()

    def finish(self, audit: set[ox.Triple], audit_name: str) -> dict[str, int]:
        """Write the audit graph, merge kg.ttl, write the catalog, rename everything into place."""
        from kg.rdf.export import catalog_triples

        if audit:
            graph = ox.NamedNode(audit_name)
            quads = [
                ox.Quad(t.subject, t.predicate, t.object, graph) for t in _in_order(nt_lines(audit))
            ]
            data = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=self.ids.all_prefixes())
            assert data is not None
            self.trig.write(_body(data))
            self.quads += len(audit)
            self._lines(nt_lines(audit))
        triples = self._turtle(self.stage.path("kg.ttl"))
        self._union(self.stage.path("kg.ttl"))
        self.quads += triples
        self.trig.close()
        cat = catalog_triples(
            self.ids, ("kg.ttl", "kg.trig"), self.regions, self.years, sorted(self.names)
        )
        data = ox.serialize(
            sorted_triples(cat), format=ox.RdfFormat.TURTLE, prefixes=self.ids.all_prefixes()
        )
        assert data is not None
        self.stage.write("catalog.ttl", self._header() + _body(data))
        for f in self.tables.values():
            f.close()
        self.stage.commit()
        return {"kg.ttl": triples, "kg.trig": self.quads, "catalog.ttl": len(cat)}

    def _turtle(self, path: Path) -> int:
        count = 0

        def counted() -> Iterator[bytes]:
            nonlocal count
            for line in self._merged():
                count += 1
                yield line

        stream = io.BufferedReader(_NTStream(counted()), buffer_size=1 << 20)
        triples = ox.parse(stream, format=ox.RdfFormat.N_TRIPLES)
        body = self.tmp / "kg.ttl.body"
        ox.serialize(triples, body, format=ox.RdfFormat.TURTLE, prefixes=self.ids.all_prefixes())
        with path.open("wb") as out, body.open("rb") as f:
            out.write(self._header())
            for line in f:  # drop the serializer's @prefix lines (in no promised order)
                if not line.startswith(b"@prefix "):
                    out.write(line)
                    break
            shutil.copyfileobj(f, out, 1 << 20)
        body.unlink()
        return count

    def _union(self, turtle: Path) -> None:
        """The default graph of kg.trig: the union of its named graphs and the code lists (the
        statements of kg.ttl, which TriG reads as default-graph triples), so a quad store that
        does not union named graphs answers the library's queries as well."""
        self.trig.write(b"# the default graph: every named graph's triples, and the code lists\n")
        with turtle.open("rb") as f:
            for line in f:
                if not line.startswith(b"@prefix "):
                    self.trig.write(line)
                    break
            shutil.copyfileobj(f, self.trig, 1 << 20)

    def cleanup(self) -> None:
        if not self.trig.closed:
            self.trig.close()
        for f in self.tables.values():
            f.close()
        self.stage.cleanup()


# --- one document, anywhere ------------------------------------------------------------------


@dataclass
class DocResult:
    """What a worker returns for one input file: small and picklable."""

    source: str
    sha256: str
    issues: list[Issue]
    rows: dict[str, tuple[str, int]]  # table → (CSV lines, count)
    graphs: list[tuple[DocGraph, int]]  # each document's graph and its number of triples
    facts: Facts
    findings: list[Finding]
    counts: dict[str, int]
    audit: set[ox.Triple] = field(default_factory=set)  # the findings' triples
    seconds: dict[str, float] = field(default_factory=dict)  # CPU time of each stage


def table_rows(records: list[Record], kind: type[Record], cite: Cite | None = None) -> str:
    """CSV lines (no header) exactly as :func:`kg.extract.table_csv` writes them."""
    return table_csv(records, kind, cite).split("\n", 1)[1]


class DocumentTimeout(BaseException):
    """The per-document time limit fired. Not an Exception, so that a reader's ``except
    Exception`` around a damaged part cannot take it for a damaged sheet or page."""


def process(
    path: Path,
    base: str | None = None,
    time_limit: float = 0,
    superseded: Sequence[Supersession] = (),
    ocr: bool = False,
) -> DocResult:
    """Read, parse, build and audit one document (runs in a worker process). A document that
    takes longer than ``time_limit`` seconds, or that breaks the parser, becomes an issue
    naming the file; the other documents go on. Projects of ``superseded`` printed in it are
    left out (:mod:`kg.revisions`)."""
    limited = (
        time_limit > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if limited:

        def alarm(signum: int, frame: object) -> None:
            raise DocumentTimeout

        previous = signal.signal(signal.SIGALRM, alarm)
        signal.setitimer(signal.ITIMER_REAL, time_limit)
    try:
        return _process(path, base, superseded, ocr)
    except DocumentTimeout:
        return _failed(path, "document-timeout", f"{path}: not read within {time_limit:g} s")
    except Exception as exc:  # a parser bug must not stop the corpus
        return _failed(path, "document-error", f"{path}: {type(exc).__name__}: {exc}")
    finally:
        if limited:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _failed(path: Path, code: str, message: str) -> DocResult:
    issue = Issue(path.name, 0, code, message + "; skipped")
    rows = {kind.TABLE: ("", 0) for kind in RECORD_TYPES}
    rows["issues"] = (table_rows([issue], Issue), 1)
    return DocResult(path.name, "", [issue], rows, [], Facts(), [], {"issues": 1})


def _process(
    path: Path, base: str | None, superseded: Sequence[Supersession], ocr: bool = False
) -> DocResult:
    from kg.extract import extract
    from kg.rdf.build import build_document
    from kg.rdf.findings import finding_triples

    clock = time.process_time
    t0 = clock()
    ex = extract([path], superseded=superseded, ocr=ocr)
    ids = Ids(base)
    rows = {
        kind.TABLE: (
            table_rows(ex.records[kind.TABLE], kind, ex.cite),
            len(ex.records[kind.TABLE]),
        )
        for kind in RECORD_TYPES
    }
    counts = {t: n for t, (_, n) in rows.items()}
    t1 = clock()
    if not ex.sources:
        return DocResult(path.name, "", ex.issues, rows, [], Facts(), [], counts)
    graphs: list[tuple[DocGraph, int]] = []
    documents: dict[str, set[ox.Triple]] = {}
    names: dict[str, str] = {}
    t_triples = t_serialise = 0.0
    for source in ex.sources:  # a workbook gives a document per sheet
        t = clock()
        triples = build_document(ex, source, ids).items
        name = ids.document(ex.digests[source])
        t_triples += clock() - t
        t = clock()
        graphs.append((doc_graph(source, name, triples, ids), len(triples)))
        t_serialise += clock() - t
        documents[source], names[source] = triples, name
    t = clock()
    local = audit_local(ex)
    audit = finding_triples(local, documents, names, ids)
    seconds = {
        "read+parse+csv": t1 - t0,
        "triples": t_triples,
        "serialise": t_serialise,
        "audit": clock() - t,
    }
    digest = "+".join(ex.digests[s] for s in ex.sources)
    return DocResult(
        ex.sources[0], digest, ex.issues, rows, graphs, facts(ex), local, counts, audit, seconds
    )


# --- the whole build -------------------------------------------------------------------------


@dataclass
class Summary:
    files: dict[str, int]  # file → triples/quads/rows written
    documents: int
    issues: Counter[str]
    unreadable: list[Issue]
    findings: int
    stages: dict[str, float] = field(default_factory=dict)  # CPU seconds, summed over workers


def ordered(
    executor: Executor | None,
    paths: list[Path],
    base: str | None,
    window: int,
    time_limit: float = 0,
    superseded: Sequence[Supersession] = (),
    ocr: bool = False,
) -> Iterator[DocResult]:
    """Results in input order, at most ``window`` documents in flight."""
    if executor is None:
        for p in paths:
            yield process(p, base, time_limit, superseded, ocr)
        return
    pending: list[Future[DocResult]] = []
    todo = iter(paths)
    for p in todo:
        pending.append(executor.submit(process, p, base, time_limit, superseded, ocr))
        if len(pending) >= window:
            break
    while pending:
        result = pending.pop(0).result()
        nxt = next(todo, None)
        if nxt is not None:
            pending.append(executor.submit(process, nxt, base, time_limit, superseded, ocr))
        yield result


def build(
    paths: Iterable[Path],
    out: Path,
    base: str | None = None,
    jobs: int = 1,
    dask: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    time_limit: float = TIME_LIMIT,
    ocr: bool = False,
) -> Summary:
    """Build the exports of every document under ``paths`` into ``out``; a document that
    takes longer than ``time_limit`` seconds is skipped with an issue.

    A project printed in two documents (same code and year: a revised copy beside the
    original) is known only when both have been read; the documents are then read once more
    with the losing copies left out (:mod:`kg.revisions`), so every export counts it once.
    """
    from kg.read.document import expand_paths

    files, missing = expand_paths(paths)
    files = sorted(files, key=lambda p: (p.name, str(p)))
    executor, client = _executor(jobs, dask)
    try:
        run = (files, missing, out, base, jobs, executor, progress, time_limit)
        summary, found = _build(*run, ocr=ocr)
        if found:
            summary, again = _build(*run, found, ocr)
            assert not again, again  # what was left out cannot supersede anything
    finally:
        if client is not None:  # Dask: the executor belongs to the client
            client.close()
        elif executor is not None:
            executor.shutdown(cancel_futures=True)
    return summary


def _build(
    files: list[Path],
    missing: list[Issue],
    out: Path,
    base: str | None,
    jobs: int,
    executor: Executor | None,
    progress: Callable[[int, int, str], None] | None,
    time_limit: float,
    superseded: Sequence[Supersession] = (),
    ocr: bool = False,
) -> tuple[Summary, list[Supersession]]:
    """One pass over the files; returns what it wrote and the copies a pass must leave out
    (none when ``superseded`` already holds them: then the files were written)."""
    from kg.rdf.export import vocabulary
    from kg.rdf.findings import finding_triples, resolution_triples

    ids = Ids(base)
    base = ids.base  # resolved here: a worker with another KG_BASE_IRI must not mint its own
    exports = Exports(out, ids, vocabulary(), csv=True)
    issues: Counter[str] = Counter()
    unreadable = [i for i in missing if unreadable_input(i.code)]
    all_facts = Facts()
    audit: set[ox.Triple] = set()
    findings = 0
    seen: dict[str, str] = {}
    stages: dict[str, float] = {}
    documents = 0
    try:
        for issue in missing:
            exports.add_rows("issues", table_rows([issue], Issue), 1)
            issues[issue.code] += 1
        window = max(1, jobs) * WINDOW_PER_WORKER
        results = ordered(executor, files, base, window, time_limit, superseded, ocr)
        for k, result in enumerate(results, start=1):
            if progress:
                progress(k, len(files), result.source)
            if result.sha256 and result.sha256 in seen:  # the same bytes under another name
                dup = duplicate(result.source, seen[result.sha256])
                exports.add_rows("issues", table_rows([dup], Issue), 1)
                issues[dup.code] += 1
                continue
            if result.sha256:
                seen[result.sha256] = result.source
                documents += len(result.graphs)
            for table, (rows, count) in result.rows.items():
                if count:
                    exports.add_rows(table, rows, count)
            for issue in result.issues:
                issues[issue.code] += 1
                if unreadable_input(issue.code):
                    unreadable.append(issue)
            for graph, quads in result.graphs:
                exports.add_graph(graph, quads)
            audit |= result.audit
            all_facts.extend(result.facts)
            findings += len(result.findings)
            for stage, sec in result.seconds.items():
                stages[stage] = stages.get(stage, 0.0) + sec
        found = supersessions(all_facts.copies, all_facts.editions)
        if found:
            exports.cleanup()
            return Summary({}, documents, issues, unreadable, findings, stages), found
        cross = audit_global(all_facts)
        findings += len(cross)
        t0 = time.process_time()
        names = dict(exports.names)
        audit |= finding_triples(cross, {}, names, ids) | resolution_triples(all_facts, ids)
        written = exports.finish(audit, ids.local("dataset", "audit"))
        stages["merge (main process)"] = time.process_time() - t0
    except BaseException:
        exports.cleanup()
        raise
    written |= {f"{t}.csv": n for t, n in exports.rows.items()}
    return Summary(written, documents, issues, unreadable, findings, stages), []


def _executor(jobs: int, dask: str | None) -> tuple[Executor | None, Any]:
    if dask:
        from distributed import Client

        client = Client(dask)  # type: ignore[no-untyped-call]
        return client.get_executor(), client  # type: ignore[no-untyped-call]
    if jobs > 1:
        return ProcessPoolExecutor(max_workers=jobs), None
    return None, None


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


__all__ = ["Exports", "Summary", "build", "doc_graph", "process"]
