"""Orchestration: documents in, records, graph and exports out.

:func:`extract` reads and parses documents into an :class:`~kg.domain.model.Extraction`;
:func:`build_graph` turns one into a graph with the audit's findings (in memory, for the API).
:func:`build` is the build at scale, one document at a time: each document is read, parsed,
turned into triples and audited on its own (:func:`process`), on local processes (``jobs``) or
a Dask cluster (``dask``); the results come back in input order and are written as they arrive
(:class:`kg.rdf.write.Exports`, :class:`kg.views.tables.TableFiles`), so memory is bounded
whatever the corpus: CSV rows are appended to their tables, a document's named graph to
``kg.trig``, its N-Triples lines held in memory up to a budget and spilled to sorted runs on
disk past it. At the end the lines are sorted (or the runs merged: an external sort),
duplicates dropped, and written as ``kg.ttl`` in parts serialised on the workers; the checks
across documents (names that drift for one code, project codes used twice) run on the few
facts each document contributed.

The in-memory path (:func:`kg.rdf.write.write_graph`) uses the same writer, so the API, the
serial, the parallel and the Dask builds write byte-identical files.

>>> ex = extract([SAMPLES / "001_ca9d259f3fbd1813.txt"])
>>> len(ex.projects), ex.projects[0].total_yuan
(13, Decimal('5410000'))
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.checks import Facts, Finding, audit_global, audit_local, facts, markdown
from kg.domain.model import RECORD_TYPES, Extraction, Issue
from kg.domain.problems import unreadable_input
from kg.domain.revisions import (
    Supersession,
    copies,
    duplicate,
    edition,
    leave_out,
    supersessions,
)
from kg.parse.base import Out
from kg.parse.document import parse_document
from kg.rdf.build import build_document
from kg.rdf.findings import finding_triples, resolution_triples
from kg.rdf.graph import Graph, documents, vocabulary
from kg.rdf.ids import Ids
from kg.rdf.write import DocGraph, Exports, doc_graph, turtle
from kg.read import read_documents
from kg.read.document import expand_paths
from kg.resources import SAMPLES
from kg.staging import Staging
from kg.views.tables import TableFiles, paged, table_rows

#: seconds one document may take (read, parse, triples, audit) before it is skipped
TIME_LIMIT = 300.0
#: documents in flight per worker (bounded, so results never pile up)
WINDOW_PER_WORKER = 4


# --- documents in memory ---------------------------------------------------------------------


#: a message per document read (for a progress line)
Progress = Callable[[str], None]


def extract(
    paths: Iterable[str | Path] | None = None,
    progress: Progress | None = None,
    superseded: Sequence[Supersession] = (),
    ocr: bool = False,
) -> Extraction:
    """Read and parse documents (files or directories; default: the bundled samples).

    A file with the same bytes as one already read is skipped (a ``duplicate-document``
    issue); a project printed again in another document keeps one copy (:mod:`kg.domain.revisions`),
    as decided here across ``paths`` and, for a build that reads one file at a time, in
    ``superseded``. With ``ocr``, page images and PDF pages without a text layer are
    recognised by Tesseract (:mod:`kg.read.ocr`), their records marked as OCR'd.
    """
    extraction = Extraction()
    targets = [Path(p) for p in paths] if paths else [SAMPLES]
    seen: dict[str, str] = {}
    for doc, issues in read_documents(targets, ocr):
        for issue in issues:
            extraction.add(issue)
        if doc is None:
            continue
        if doc.sha256 in seen:
            extraction.add(duplicate(doc.source, seen[doc.sha256]))
            continue
        seen[doc.sha256] = doc.source
        extraction.sources.append(doc.source)
        extraction.digests[doc.source] = doc.sha256
        extraction.editions[doc.source] = edition(doc.source, [ln.text for ln in doc.lines])
        if any(ln.page or ln.ocr for ln in doc.lines):
            extraction.pages[doc.source] = paged(doc.lines)
        if progress:
            progress(f"{doc.source}: {len(doc.lines)} lines ({doc.encoding})")
        parse_document(doc, Out(extraction, doc.source))
    found = supersessions(copies(extraction), extraction.editions)
    leave_out(extraction, [*found, *superseded])
    return extraction


def build_graph(
    extraction: Extraction,
    base: str | None = None,
    audit: bool = True,
    findings: list[Finding] | None = None,
) -> Graph:
    """Build the graph of every document in an extraction; with ``audit``, also the audit's
    findings (``findings``, when the checks have run already) and the cross-document entity
    resolution (see :mod:`kg.rdf.findings`)."""
    from kg.checks import audit as run_audit

    graph = documents(extraction, Ids(base))
    if audit:
        findings = run_audit(extraction) if findings is None else findings
        graph.audit = finding_triples(
            findings, graph.documents, graph.names, graph.ids
        ) | resolution_triples(facts(extraction), graph.ids)
    return graph


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
    #: where each line is printed, for documents printed on pages (the audit report cites it)
    pages: dict[str, dict[int, tuple[int, int, bool]]] = field(default_factory=dict)


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
    left out (:mod:`kg.domain.revisions`)."""
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
    documents: dict[str, list[bytes]] = {}
    names: dict[str, str] = {}
    t_triples = t_serialise = 0.0
    for source in ex.sources:  # a workbook gives a document per sheet
        t = clock()
        lines = build_document(ex, source, ids).nt()
        name = ids.document(ex.digests[source])
        t_triples += clock() - t
        t = clock()
        graphs.append((doc_graph(source, name, lines, ids), len(lines)))
        t_serialise += clock() - t
        documents[source], names[source] = lines, name
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
        ex.sources[0],
        digest,
        ex.issues,
        rows,
        graphs,
        facts(ex),
        local,
        counts,
        audit,
        seconds,
        dict(ex.pages),
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
    with the losing copies left out (:mod:`kg.domain.revisions`), so every export counts it once.
    """
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
    ids = Ids(base)
    base = ids.base  # resolved here: a worker with another KG_BASE_IRI must not mint its own
    staging = Staging(out)
    exports = Exports(out, ids, vocabulary(), staging, executor)
    tables = TableFiles(staging)
    issues: Counter[str] = Counter()
    unreadable = [i for i in missing if unreadable_input(i.code)]
    all_facts = Facts()
    audit: set[ox.Triple] = set()
    findings: list[Finding] = []
    cited = Extraction()  # only the pages of the documents, for the report's citations
    seen: dict[str, str] = {}
    stages: dict[str, float] = {}
    documents = 0
    try:
        for issue in missing:
            tables.add("issues", table_rows([issue], Issue), 1)
            issues[issue.code] += 1
        window = max(1, jobs) * WINDOW_PER_WORKER
        results = ordered(executor, files, base, window, time_limit, superseded, ocr)
        for k, result in enumerate(results, start=1):
            if progress:
                progress(k, len(files), result.source)
            if result.sha256 and result.sha256 in seen:  # the same bytes under another name
                dup = duplicate(result.source, seen[result.sha256])
                tables.add("issues", table_rows([dup], Issue), 1)
                issues[dup.code] += 1
                continue
            if result.sha256:
                seen[result.sha256] = result.source
                documents += len(result.graphs)
            for table, (rows, count) in result.rows.items():
                if count:
                    tables.add(table, rows, count)
            for issue in result.issues:
                issues[issue.code] += 1
                if unreadable_input(issue.code):
                    unreadable.append(issue)
            for graph, quads in result.graphs:
                exports.add_graph(graph, quads)
            audit |= result.audit
            all_facts.extend(result.facts)
            findings += result.findings
            cited.pages |= result.pages
            for stage, sec in result.seconds.items():
                stages[stage] = stages.get(stage, 0.0) + sec
        found = supersessions(all_facts.copies, all_facts.editions)
        if found:
            exports.cleanup()
            tables.close()
            staging.cleanup()
            return Summary({}, documents, issues, unreadable, len(findings), stages), found
        cross = audit_global(all_facts)
        findings += cross
        t0 = time.process_time()
        names = dict(exports.names)
        audit |= finding_triples(cross, {}, names, ids) | resolution_triples(all_facts, ids)
        written = exports.finish(audit, ids.local("dataset", "audit"))
        sources = [source for source, _ in exports.names]
        findings = sorted(set(findings))  # a document's findings once, in report order
        report = markdown(findings, sources, cited.cite)
        staging.write("audit.md", report.encode("utf-8"))
        staging.write("audit.ttl", turtle(audit, ids))
        written |= {"audit.md": len(findings), "audit.ttl": len(audit)}
        tables.close()
        staging.commit()
        stages["merge (main process)"] = time.process_time() - t0
        if exports.worker_seconds:
            stages["kg.ttl in parts (workers)"] = exports.worker_seconds
    except BaseException:
        exports.cleanup()
        tables.close()
        staging.cleanup()
        raise
    written |= {f"{t}.csv": n for t, n in tables.rows.items()}
    return Summary(written, documents, issues, unreadable, len(findings), stages), []


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


__all__ = ["Summary", "build", "build_graph", "extract", "process"]
