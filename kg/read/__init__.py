"""Reading documents: bytes → decoded text → cleaned lines of cells, each with its line number.

A registry of readers (:mod:`kg.read.registry`), one module per input format, turns TAB
text, markdown, HTML, web-copied text, space-separated rows, CSV and .xlsx into the same
:class:`Line` cells-with-positions.
"""

from kg.read.document import (
    Document,
    Line,
    expand_paths,
    read_document,
    read_documents,
    read_file,
)

__all__ = ["Document", "Line", "expand_paths", "read_document", "read_documents", "read_file"]
