"""Parsing: cleaned lines of cells → typed records.

See :func:`kg.parse.document.parse_document`.
"""
