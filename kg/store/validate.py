"""SHACL validation of exported graphs against ``ontology/shapes.ttl`` (pyshacl)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import Graph, Namespace

from kg.resources import ONTOLOGY
from kg.store.open import graph_files, read_triples

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    severity: str
    message: str
    value: str


def load_graph(paths: Iterable[str | os.PathLike[str]]) -> Graph:
    """Graph files as one rdflib graph, read by the one loader (:mod:`kg.store.open`: each
    file checked to exist, the format from its suffix, a dataset's named graphs merged, the
    same errors naming the file), literals as the files print them."""
    files = graph_files(paths)
    return rdflib_graph(t for path in files for t in read_triples(path))


def rdflib_graph(triples: Iterable[ox.Triple]) -> Graph:
    """Triples as an rdflib graph (for pySHACL), handed over as N-Triples."""
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return Graph().parse(data=data.decode("utf-8"), format="nt")


def shapes() -> Graph:
    return Graph().parse(ONTOLOGY / "shapes.ttl", format="turtle")


def validate(data: Graph) -> list[Violation]:
    """Every SHACL result for a data graph (empty when it conforms)."""
    _, results, _ = shacl_validate(
        data,
        shacl_graph=shapes(),
        inference="none",
        abort_on_first=False,
        allow_warnings=False,
    )
    out = []
    for result in results.subjects(predicate=None, object=SH.ValidationResult):

        def get(pred: object, r: object = result) -> str:
            value = results.value(r, pred)
            return "" if value is None else str(value)

        out.append(
            Violation(
                get(SH.focusNode),
                get(SH.resultPath),
                get(SH.resultSeverity).rsplit("#", 1)[-1],
                get(SH.resultMessage),
                get(SH.value),
            )
        )
    return sorted(out, key=lambda v: (v.focus, v.path, v.message))
