"""Reading documents: bytes → decoded text → cleaned lines of cells, each with its line number."""

from kg.read.document import Document, Line, read_document, read_documents

__all__ = ["Document", "Line", "read_document", "read_documents"]
