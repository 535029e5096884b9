"""What reads graph files, for :mod:`kg.api` (private: use ``kg.load``, ``kg.load_store``,
``kg.validate``, ``kg.schema``, ``kg.site``, ``kg.push``, ``kg.serve``).

A graph is a :class:`~kg.rdf.graph.Graph` built in memory, a pyoxigraph ``Store``, the path of
a graph file or a list of paths; ``None`` means ``exports/kg.ttl``
(:data:`kg.store.defaults.DEFAULT_GRAPH`), and ``store=`` a store made by ``kg load``. Files
are read by the one loader, :mod:`kg.store.open`.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

import pyoxigraph as ox

from kg.rdf.graph import Graph
from kg.store.defaults import DEFAULT_GRAPH, PORT, TIMEOUT
from kg.store.open import default_graphs, graph_files, open_store

if TYPE_CHECKING:
    from kg.store.push import PushResult
    from kg.store.schema import Schema
    from kg.store.validate import Violation
    from kg.views.site import SiteSummary

PathLike: TypeAlias = "str | os.PathLike[str]"
#: anything a function of this module reads a graph from
GraphLike: TypeAlias = "Graph | ox.Store | PathLike | Sequence[PathLike]"
Files: TypeAlias = "PathLike | Sequence[PathLike] | None"


def _paths(files: Files) -> list[Path]:
    """One path or several as a list of paths (None: none).

    >>> _paths("a.ttl"), _paths(None)
    ([PosixPath('a.ttl')], [])
    """
    if isinstance(files, str | os.PathLike):
        return [Path(files)]
    return [Path(p) for p in files or []]


def load(source: GraphLike | None = None, *, store: PathLike | None = None) -> ox.Store:
    """The graph as a pyoxigraph store, ready for :func:`query` and friends.

    ``source``: Turtle (``.ttl``), TriG (``.trig``) or other RDF files — one path or a list,
    e.g. two districts built separately — or a built :class:`Graph`; a store is returned as
    it is. Everything goes into one graph: files merge by union, so a region or fund source
    that two exports share is one node, and a TriG file's named graphs are merged too (the
    library's queries read one graph; a union of named graphs would count a triple once per
    graph that holds it). ``store``: a store made by :func:`load_store` (``kg load``), opened
    read-only. Neither: ``exports/kg.ttl``.

    >>> import kg, tempfile, pathlib
    >>> graph = kg.build_graph(kg.extract([kg.SAMPLES / "001_ca9d259f3fbd1813.txt"]))
    >>> tmp = tempfile.TemporaryDirectory()
    >>> out = pathlib.Path(tmp.name)
    >>> counts = kg.write_graph(graph, out)
    >>> store = kg.load(out / "kg.ttl")
    >>> len(store) == len(graph.triples()) == len(kg.load(out / "kg.trig"))
    True
    >>> kg.query(store, "regions-overview", region="450206")[["regionName", "projects"]]
      regionName  projects
    0     柳州市柳江区        13
    >>> tmp.cleanup()
    """
    if isinstance(source, ox.Store):
        return source
    if isinstance(source, Graph):
        memory = ox.Store()
        memory.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in source.triples())
        return memory
    if source is None:
        paths: Sequence[PathLike] = default_graphs((), store)
    elif isinstance(source, str | os.PathLike):
        paths = [source]
    elif isinstance(source, Sequence):
        paths = list(source)
    else:
        raise TypeError(
            f"cannot read a graph from a {type(source).__name__}: give a kg Graph, "
            "a pyoxigraph Store, or the paths of Turtle/TriG files"
        )
    return open_store(paths, store)


def triples(graph: GraphLike) -> set[ox.Triple]:
    """Every triple of the graph."""
    if isinstance(graph, Graph):
        return graph.triples()
    return {q.triple for q in load(graph)}


def load_store(paths: Files, store: PathLike) -> int:
    """``kg load``: load graph files (default: ``exports/kg.ttl``) into a persistent store
    directory (created if missing), so repeated queries need no parsing; returns its size in
    quads. Open it with ``kg.load(store=...)``."""
    from kg.store.open import load_store as fill

    return fill(_paths(paths) or [DEFAULT_GRAPH], store)


@dataclass(frozen=True)
class Validation:
    """What ``kg validate`` found: the SHACL violations (none: the graph conforms) and the
    number of triples checked."""

    violations: list[Violation]
    triples: int


def validate(graph: GraphLike | None = None) -> Validation:
    """``kg validate``: check a graph (default: ``exports/kg.ttl``) against the SHACL shapes
    of ``ontology/shapes.ttl``. Files are checked with their literals as printed."""
    from kg.store.validate import load_graph, rdflib_graph
    from kg.store.validate import validate as shacl

    if graph is None or isinstance(graph, str | os.PathLike):
        data = load_graph([graph or DEFAULT_GRAPH])
    elif isinstance(graph, Graph | ox.Store):
        data = rdflib_graph(triples(graph))
    else:
        data = load_graph(graph)
    return Validation(shacl(data), len(data))


def schema(graph: GraphLike | None = None, *, store: PathLike | None = None) -> Schema:
    """``kg schema``: the vocabulary to write SPARQL with (prefixes, classes, properties),
    with instance counts and an example triple of each property from the graph; without a
    graph, and no ``exports/kg.ttl`` to read, the ontology alone (every ``instances`` None).
    """
    from kg.store.schema import describe

    if graph is None and store is None and not DEFAULT_GRAPH.exists():
        return describe(None)
    return describe(load(graph, store=store))


def site(
    graph: GraphLike | None = None,
    out: PathLike = "site",
    *,
    store: PathLike | None = None,
    progress: Callable[[str], None] | None = None,
) -> SiteSummary:
    """``kg site``: write the static site of the graph into ``out`` (a page per node, search
    and facets; replaced whole if ``kg site`` wrote it before)."""
    from kg.views.site import write_site

    return write_site(load(graph, store=store), Path(out), progress=progress)


def push(
    files: Files,
    endpoint: str,
    graph: str | None = None,
    replace: bool = False,
    token: str | None = None,
) -> list[PushResult]:
    """``kg push``: send graph files (default: ``exports/kg.ttl``) to a SPARQL 1.1 Graph
    Store Protocol endpoint; Turtle into ``graph`` (default: the default graph), TriG with
    its named graphs; ``replace`` replaces instead of adding; ``token`` is sent as
    ``Authorization: Bearer``."""
    from kg.store.push import push as send

    return send(_paths(files) or [DEFAULT_GRAPH], endpoint, graph, replace, token=token)


def serve(
    graph: Files = None,
    *,
    store: PathLike | None = None,
    port: int = PORT,
    writable: bool = False,
    timeout: int = TIMEOUT,
    max_body: int | None = None,
    max_upload: int | None = None,
    max_result: int | None = None,
    host_names: Sequence[str] = (),
    token: str | None = None,
    max_memory: int | None = None,
    max_queries: int | None = None,
    site: PathLike | None = None,
    base: str | None = None,
    allow_service: Sequence[str] = (),
    announce: Callable[[str], None] | None = None,
) -> int:
    """``kg serve``: serve the graph files (default: ``exports/kg.ttl``), or ``store``, as a
    SPARQL 1.1 endpoint on 127.0.0.1:``port`` and their IRIs as linked data (pages of
    ``site``, IRIs under ``base``) until a stop signal; returns the exit code. Bounds:
    ``timeout`` seconds a query, ``max_body``/``max_upload``/``max_result`` bytes (None: the
    guard's defaults, :class:`kg.store.admission.Limits`), ``max_memory`` MB and
    ``max_queries`` at once for the engine. With ``writable``, writes need ``token`` (a new
    one is made and announced when none is given). ``announce`` gets the messages for the
    operator (default: stderr)."""
    from kg.rdf.ids import base_iri
    from kg.store import admission, linked
    from kg.store.server import serve as run
    from kg.store.supervisor import EngineLimits

    say = announce or _stderr
    pages = linked.Site.load(Path(site)) if site else None
    sizes = {"max_body": max_body, "max_upload": max_upload, "max_result": max_result}
    limits = admission.Limits(
        writable=writable,
        host_names=tuple(host_names),
        allow_service=tuple(allow_service),
        token=token or admission.new_token(),
        base=base_iri(base),
        site=pages,
        **{k: v for k, v in sizes.items() if v is not None},
    )
    if writable and not token:
        say(
            f"write token: {limits.token} (send it as Authorization: Bearer TOKEN, "
            "or: kg push --token TOKEN; set $KG_TOKEN to choose one)"
        )
    files = [] if store else graph_files(_paths(graph) or [DEFAULT_GRAPH])
    engine = EngineLimits()
    if max_memory:
        engine = dataclasses.replace(engine, memory=max_memory * 2**20)
    if max_queries:
        engine = dataclasses.replace(engine, queries=max_queries)
    folder = Path(store) if store else None
    return run(files, folder, port, limits, writable, timeout, say, engine)


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
