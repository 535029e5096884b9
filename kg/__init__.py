"""kg: who funds what, for whom, against which targets — from budget documents to a graph."""

from kg.extract import extract, write_csv

__all__ = ["extract", "write_csv"]
__version__ = "0.1.0"
