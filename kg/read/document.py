"""A document as numbered, cleaned lines; reading never raises on bad content.

The reader is chosen by content (:mod:`kg.read.registry`): a workbook by its bytes, then
HTML, CSV, markdown pipe tables, web-copied text, space-separated rows or TAB-separated
converter text by what the decoded text looks like.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.domain.model import Issue
from kg.read import drawn, registry
from kg.read.base import Source
from kg.read.encoding import BinaryContent, decode
from kg.read.lines import Document, Line
from kg.read.xlsx import part_digest

__all__ = ["SUFFIXES", "Document", "Line", "expand_paths", "read_document", "read_file"]

#: the largest file read: a budget document is a few MB (a scanned PDF some tens); a text of
#: 200 MB took 3.6 GB and 300 s to be turned away
MAX_BYTES = 100 * 2**20

#: extensions picked up inside directories (any file named directly is read by its content)
SUFFIXES = registry.suffixes()


def read_file(path: Path, ocr: bool = False) -> tuple[list[Document], list[Issue]]:
    """Read and clean one file: one document, or one per sheet of a workbook of several.

    An unreadable, empty or binary file gives an issue instead; page images (scans, PDF pages
    without a text layer) are recognised with ``ocr``, else they are issues.
    """
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            message = (
                f"{path} is {size / 2**20:.0f} MB; files above {MAX_BYTES // 2**20} MB are not "
                "read (split it, or raise kg.read.document.MAX_BYTES)"
            )
            return [], [Issue(name, 0, "file-too-large", message)]
        data = path.read_bytes()
    except OSError as exc:
        return [], [Issue(name, 0, "file-unreadable", f"cannot read {path}: {exc.strerror}")]
    if not data.strip():
        return [], [Issue(name, 0, "file-empty", f"{path} is empty")]
    digest = hashlib.sha256(data).hexdigest()
    source = Source(path, name, data, ocr=ocr)
    found = registry.binary_reader(source)
    encoding = found.name if found else ""
    if found is None:
        try:
            text, encoding = decode(data)
        except BinaryContent as exc:
            return [], [Issue(name, 0, "file-binary", f"{path} is not a text document ({exc})")]
        source = Source(path, name, data, drawn.normalise(text), ocr)
        found = registry.text_reader(source)
    parts, issues = found.read(source)
    open_end = _open_end(source.text, found.name)
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
                open_end and not several,
            )
        )
    if not docs and not any(i.code.startswith(("file-", "page-", "ocr-")) for i in issues):
        issues.append(Issue(name, 0, "file-empty", f"{path} has no text"))
    return docs, issues


def _open_end(text: str, reader: str) -> bool:
    """Extracted page text that stops inside a line: a page stored cut. Markup (HTML) and a
    spreadsheet's export (CSV, a last line of TAB-separated cells) often lack their last
    line break and are not cut."""
    last = text.rstrip(" ")
    if not last or last.endswith(("\n", "\r")) or reader in ("csv", "html"):
        return False
    return "\t" not in last.rsplit("\n", 1)[-1]


def read_document(path: Path) -> tuple[Document | None, list[Issue]]:
    """Read and clean one file (for a workbook of several sheets, the first sheet: use
    :func:`read_file` or :func:`read_documents` for all)."""
    docs, issues = read_file(path)
    return (docs[0] if docs else None), issues


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[Issue]]:
    """Files named directly, plus the files inside named directories (and their folders)
    that some reader reads (sorted): .txt, .tsv, .md, .html/.htm, .csv, .xlsx, .xls, .docx
    and the formats of the other readers (:func:`kg.read.registry.suffixes`; .doc, .wps and
    .et are picked up to say how to convert them).

    Any other file in a folder is named in one ``file-skipped`` issue for that folder.
    Hidden files and folders (``.DS_Store``, ``.git/``) and the lock files office programs
    leave beside an open document (``~$book.xlsx``, ``.~lock.book.xlsx#``) are not
    documents anyone published and are passed over without an issue.
    """
    files: list[Path] = []
    issues: list[Issue] = []
    for path in paths:
        if path.is_dir():
            found, skipped = _folder(path)
            files.extend(found)
            issues.extend(_skipped(folder, names) for folder, names in skipped.items())
        elif path.exists():
            files.append(path)
        else:
            issues.append(Issue(path.name, 0, "file-unreadable", f"{path} does not exist"))
    return files, issues


def _folder(folder: Path) -> tuple[list[Path], dict[Path, list[str]]]:
    """The files a reader reads, and the names of the others by folder (hidden folders are
    not entered)."""
    found: list[Path] = []
    skipped: dict[Path, list[str]] = {}
    for top, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(top) / name
            if _passed_over(name) or not path.is_file():
                continue
            if path.suffix.lower() in SUFFIXES:
                found.append(path)
            else:
                skipped.setdefault(path.parent, []).append(name)
    return sorted(found), skipped


def _passed_over(name: str) -> bool:
    """A hidden file (.DS_Store) or an office program's lock file (~$book.xlsx, .~lock.*#)."""
    return name.startswith(("~$", "."))


def _skipped(folder: Path, names: list[str], shown: int = 50) -> Issue:
    """One issue naming the files of a folder that no reader reads."""
    kinds = sorted({Path(n).suffix.lower() or "no extension" for n in names})
    listed = ", ".join(names[:shown]) + (
        f" … and {len(names) - shown} more" if len(names) > shown else ""
    )
    files = "1 file" if len(names) == 1 else f"{len(names)} files"
    message = f"{folder}: {files} not read (no reader for {', '.join(kinds)}): {listed}"
    return Issue(folder.name or str(folder), 0, "file-skipped", message, listed)


def read_documents(
    paths: Iterable[Path], ocr: bool = False
) -> Iterator[tuple[Document | None, list[Issue]]]:
    files, issues = expand_paths(paths)
    if issues:
        yield None, issues
    for file in files:
        docs, file_issues = read_file(file, ocr)
        if not docs:
            yield None, file_issues
            continue
        for n, doc in enumerate(docs):
            yield doc, file_issues if n == 0 else []
