"""A document as numbered, cleaned lines; reading never raises on bad content.

The reader is chosen by content (:mod:`kg.read.registry`): a workbook by its bytes, then
HTML, CSV, markdown pipe tables, web-copied text, space-separated rows or TAB-separated
converter text by what the decoded text looks like.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.model import Issue
from kg.read import registry
from kg.read.encoding import BinaryContent, decode
from kg.read.lines import Document, Line
from kg.read.registry import Source
from kg.read.xlsx import part_digest

__all__ = ["SUFFIXES", "Document", "Line", "expand_paths", "read_document", "read_file"]

#: extensions picked up inside directories (any file named directly is read by its content)
SUFFIXES = registry.suffixes()


def read_file(path: Path) -> tuple[list[Document], list[Issue]]:
    """Read and clean one file: one document, or one per sheet of a workbook of several.

    An unreadable, empty or binary file gives an issue instead.
    """
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [], [Issue(name, 0, "file-unreadable", f"cannot read {path}: {exc.strerror}")]
    if not data.strip():
        return [], [Issue(name, 0, "file-empty", f"{path} is empty")]
    digest = hashlib.sha256(data).hexdigest()
    source = Source(path, name, data)
    found = registry.binary_reader(source)
    encoding = found.name if found else ""
    if found is None:
        try:
            text, encoding = decode(data)
        except BinaryContent as exc:
            return [], [Issue(name, 0, "file-binary", f"{path} is not a text document ({exc})")]
        source = Source(path, name, data, text)
        found = registry.text_reader(source)
    parts, issues = found.read(source)
    docs = []
    for part, lines in parts:
        if not any(line.text for line in lines):
            continue
        several = len(parts) > 1
        docs.append(
            Document(
                f"{name}#{part}" if several else name,
                path,
                encoding,
                tuple(lines),
                part_digest(data, part) if several else digest,
                found.name,
            )
        )
    if not docs and not any(i.code.startswith("file-") for i in issues):
        issues.append(Issue(name, 0, "file-empty", f"{path} has no text"))
    return docs, issues


def read_document(path: Path) -> tuple[Document | None, list[Issue]]:
    """Read and clean one file (for a workbook of several sheets, the first sheet: use
    :func:`read_file` or :func:`read_documents` for all)."""
    docs, issues = read_file(path)
    return (docs[0] if docs else None), issues


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[Issue]]:
    """Files named directly, plus the files inside named directories that some reader
    reads (.txt, .tsv, .md, .html/.htm, .csv, .xlsx; sorted)."""
    files: list[Path] = []
    issues: list[Issue] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in SUFFIXES and not _lock_file(p)
                )
            )
        elif path.exists():
            files.append(path)
        else:
            issues.append(Issue(path.name, 0, "file-unreadable", f"{path} does not exist"))
    return files, issues


def _lock_file(path: Path) -> bool:
    """The owner file a spreadsheet program leaves beside an open workbook (~$book.xlsx)."""
    return path.name.startswith("~$")


def read_documents(paths: Iterable[Path]) -> Iterator[tuple[Document | None, list[Issue]]]:
    files, issues = expand_paths(paths)
    if issues:
        yield None, issues
    for file in files:
        docs, file_issues = read_file(file)
        if not docs:
            yield None, file_issues
            continue
        for n, doc in enumerate(docs):
            yield doc, file_issues if n == 0 else []
