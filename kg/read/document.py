"""A document as numbered, cleaned lines; reading never raises on bad content."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.model import Issue
from kg.read.clean import clean_cell, clean_heading, is_separator
from kg.read.encoding import BinaryContent, decode

SUFFIXES = (".txt", ".text", ".tsv", ".md")


@dataclass(frozen=True, slots=True)
class Line:
    """One source line: its 1-based number, raw text and cleaned cells.

    ``cells`` keeps the column positions of a TAB-separated row (empty cells stay);
    a prose line has exactly one cell.
    """

    number: int
    raw: str
    cells: tuple[str, ...]
    is_row: bool  # the converter printed it as a table row (TAB-separated)

    @property
    def text(self) -> str:
        return " ".join(c for c in self.cells if c)

    @property
    def filled(self) -> list[str]:
        """The non-empty cells, in order."""
        return [c for c in self.cells if c]


@dataclass(frozen=True, slots=True)
class Document:
    source: str  # the file name, as every record cites it
    path: Path
    encoding: str
    lines: tuple[Line, ...]
    sha256: str = ""  # of the file's bytes: the document's identity whatever its name


def read_document(path: Path) -> tuple[Document | None, list[Issue]]:
    """Read and clean one file; an unreadable, empty or binary file gives an issue instead."""
    source = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Issue(source, 0, "file-unreadable", f"cannot read {path}: {exc.strerror}")]
    if not data.strip():
        return None, [Issue(source, 0, "file-empty", f"{path} is empty")]
    try:
        text, encoding = decode(data)
    except BinaryContent as exc:
        return None, [Issue(source, 0, "file-binary", f"{path} is not a text document ({exc})")]
    lines = tuple(_lines(text))
    if not any(line.text for line in lines):
        return None, [Issue(source, 0, "file-empty", f"{path} has no text")]
    return Document(source, path, encoding, lines, hashlib.sha256(data).hexdigest()), []


def _lines(text: str) -> Iterator[Line]:
    for number, raw in enumerate(text.splitlines(), start=1):
        if "\t" in raw and not is_separator(raw):
            cells = tuple(clean_cell(c) for c in raw.split("\t"))
            yield Line(number, raw, cells, is_row=any(cells))
        elif is_separator(raw):
            yield Line(number, raw, ("",), is_row=False)
        else:
            yield Line(number, raw, (clean_heading(raw),), is_row=False)


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[Issue]]:
    """Files named directly, plus the text files inside named directories (sorted)."""
    files: list[Path] = []
    issues: list[Issue] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            )
        elif path.exists():
            files.append(path)
        else:
            issues.append(Issue(path.name, 0, "file-unreadable", f"{path} does not exist"))
    return files, issues


def read_documents(paths: Iterable[Path]) -> Iterator[tuple[Document | None, list[Issue]]]:
    files, issues = expand_paths(paths)
    if issues:
        yield None, issues
    for file in files:
        yield read_document(file)
