"""SHACL validation of exported graphs against ``ontology/shapes.ttl`` (pyshacl)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, Namespace

from kg.resources import ONTOLOGY

SH = Namespace("http://www.w3.org/ns/shacl#")
_FORMATS = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads", ".jsonld": "json-ld"}


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    severity: str
    message: str
    value: str


class UnreadableGraph(ValueError):
    """A file that is missing or does not parse as RDF."""


def load_graph(paths: list[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        fmt = _FORMATS.get(path.suffix.lower(), "turtle")
        try:
            if fmt == "trig":
                from rdflib import Dataset

                ds = Dataset()
                ds.parse(path, format="trig")
                for s, p, o, _ in ds.quads():
                    graph.add((s, p, o))
            else:
                graph.parse(path, format=fmt)
        except Exception as exc:  # rdflib's parsers raise their own exception types
            raise UnreadableGraph(f"{path}: {exc}") from exc
    return graph


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
