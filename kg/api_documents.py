"""What ``kg extract``, ``kg build`` and ``kg audit`` do, for :mod:`kg.api` (private: use
``kg.extract_tables``, ``kg.build``, ``kg.audit_report``), and the page ``kg viz`` wrote.

Each reads documents (one path or several, files or directories; ``None``: the bundled
samples), writes its files into ``out`` and returns what the command prints: the files
written (:class:`Written`), the issues by code and those that mean an input file could not
be read (the command exits 2 for those).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias

from kg.checks import Finding
from kg.checks import audit as run_audit
from kg.domain.model import RECORD_TYPES, Extraction, Issue, unreadable
from kg.pipeline import build_graph
from kg.pipeline import extract as run_extract
from kg.rdf.write import write_atomic
from kg.resources import SAMPLES
from kg.views.tables import write_csv

PathLike: TypeAlias = "str | os.PathLike[str]"
#: documents to read: one path or several, files or directories (None: the samples)
Documents: TypeAlias = "PathLike | Iterable[PathLike] | None"
#: a message per document read (for a progress line)
Progress: TypeAlias = Callable[[str], None]


def documents(paths: Documents) -> list[Path] | None:
    """The paths to read as a list (None: the samples).

    >>> documents("a.txt"), documents(["a", Path("b")]), documents(None)
    ([PosixPath('a.txt')], [PosixPath('a'), PosixPath('b')], None)
    """
    if paths is None:
        return None
    if isinstance(paths, str | os.PathLike):
        return [Path(paths)]
    return [Path(p) for p in paths]


def read(paths: Documents, ocr: bool = False, progress: Progress | None = None) -> Extraction:
    """Read and parse the documents (:func:`kg.pipeline.extract`)."""
    return run_extract(documents(paths), ocr=ocr, progress=progress)


@dataclass(frozen=True)
class Written:
    """A file a command wrote: a name (a table's, or the file's), what it holds (records,
    triples, quads) and where it is."""

    name: str
    count: int
    path: Path


@dataclass(frozen=True)
class Tables:
    """What ``kg extract`` did: the extraction and the files written (a CSV per table, then
    with ``xlsx`` the workbook, named ``(all)``)."""

    extraction: Extraction
    files: list[Written]

    @property
    def issues(self) -> Counter[str]:
        """Issues recorded, by code."""
        return Counter(i.code for i in self.extraction.issues)

    @property
    def unreadable(self) -> list[Issue]:
        """The issues that mean an input file could not be read."""
        return unreadable(self.extraction)


def extract_tables(
    paths: Documents = None,
    out: PathLike = "exports",
    *,
    ocr: bool = False,
    xlsx: bool = False,
    progress: Progress | None = None,
) -> Tables:
    """``kg extract``: read documents and write every table as ``<out>/<table>.csv`` (the
    files of :func:`kg.write_csv`), with ``xlsx`` also ``tables.xlsx``."""
    extraction = read(paths, ocr, progress)
    files = write_csv(extraction, Path(out), xlsx)
    written = [
        Written(kind.TABLE, len(extraction.records[kind.TABLE]), path)
        for kind, path in zip(RECORD_TYPES, files, strict=False)
    ]
    if xlsx:
        written.append(Written("(all)", sum(w.count for w in written), files[-1]))
    return Tables(extraction, written)


@dataclass(frozen=True)
class Built:
    """What ``kg build`` wrote (each file with its triples, quads or rows), the documents
    read, the audit's findings, the issues by code and those that mean an input file could
    not be read."""

    files: list[Written]
    documents: int
    findings: int
    issues: Counter[str]
    unreadable: list[Issue]


def build(
    paths: Documents = None,
    out: PathLike = "exports",
    *,
    base: str | None = None,
    jobs: int | None = None,
    dask: str | None = None,
    ocr: bool = False,
    xlsx: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> Built:
    """``kg build``: the exports of every document (``kg.ttl``, ``kg.trig``, ``catalog.ttl``
    and the CSVs, with ``xlsx`` also ``tables.xlsx``) written into ``out`` by the streaming
    build (:func:`kg.pipeline.build`), on ``jobs`` local processes (default: the CPUs, at
    most 8) or a Dask cluster (``dask``: its scheduler's address). ``progress`` gets
    (done, total, source) after each document."""
    from kg.pipeline import build as run_build
    from kg.pipeline import default_jobs
    from kg.views.workbook import write_xlsx

    folder = Path(out)
    done = run_build(
        documents(paths) or [SAMPLES], folder, base, jobs or default_jobs(), dask, progress, ocr=ocr
    )
    files = [Written(name, n, folder / name) for name, n in done.files.items()]
    if xlsx:
        book = write_xlsx(folder)
        rows = sum(n for name, n in done.files.items() if name.endswith(".csv"))
        files.append(Written(book.name, rows, book))
    return Built(files, done.documents, done.findings, done.issues, done.unreadable)


@dataclass(frozen=True)
class AuditReport:
    """What ``kg audit`` did: the extraction, its findings (sorted by file and line) and the
    files written (``audit.md``, ``audit.ttl``)."""

    extraction: Extraction
    findings: list[Finding]
    files: list[Path] = field(default_factory=list)

    @property
    def unreadable(self) -> list[Issue]:
        """The issues that mean an input file could not be read."""
        return unreadable(self.extraction)


def audit_report(
    paths: Documents = None, out: PathLike = "exports", *, progress: Progress | None = None
) -> AuditReport:
    """``kg audit``: read documents, run the checks once, and write ``<out>/audit.md`` (the
    report for people) and ``<out>/audit.ttl`` (the findings as ``kg:Finding`` nodes)."""
    from kg.checks import markdown
    from kg.rdf.write import turtle

    extraction = read(paths, progress=progress)
    findings = run_audit(extraction)
    graph = build_graph(extraction, findings=findings)
    report = markdown(findings, extraction.sources, extraction.cite)
    folder = Path(out)
    write_atomic(folder / "audit.md", report.encode("utf-8"))
    write_atomic(folder / "audit.ttl", turtle(graph.audit, graph.ids))
    return AuditReport(extraction, findings, [folder / "audit.md", folder / "audit.ttl"])


@dataclass(frozen=True)
class Page:
    """A page ``kg viz`` wrote: where, the nodes and edges the network shows (None for the
    Sankey) and the fiscal years of its projects (the page opens at the last)."""

    path: Path
    nodes: int | None
    edges: int | None
    years: list[int]
