"""The registry of readers: one module per input format, chosen by content.

Each reader says how sure it is that a file is in its format (``sniff``, 0 to 1, from the
bytes or the decoded text; the file's extension only adds weight) and turns the file into
numbered lines of cells (``read``). The most certain reader wins; TAB-separated text is the
fallback. Readers only produce cells; what the cells mean is the parsers' business.

>>> " ".join(r.name for r in READERS)
'xlsx xls docx pdf image html csv markdown webtext runon spaced tsv'
"""

from __future__ import annotations

from kg.read import (
    csvfile,
    docx,
    html,
    image,
    markdown,
    pdf,
    runon,
    spaced,
    tsv,
    webtext,
    xls,
    xlsx,
)
from kg.read.base import Reader, Source

#: every reader, most specific first; a new format is a module with a ``READER`` and a line here
READERS: list[Reader] = [
    m.READER
    for m in (xlsx, xls, docx, pdf, image, html, csvfile, markdown, webtext, runon, spaced, tsv)
]


def suffixes() -> tuple[str, ...]:
    """Every extension some reader reads (for picking files out of a directory)."""
    return tuple(dict.fromkeys(s for r in READERS for s in r.suffixes))


def binary_reader(source: Source) -> Reader | None:
    """The binary reader that claims the file's bytes, if any."""
    return _best([r for r in READERS if r.binary], source, minimum=0.5)


def text_reader(source: Source) -> Reader:
    """The text reader most certain of the decoded text (TAB-separated text when none is)."""
    found = _best([r for r in READERS if not r.binary], source, minimum=0.0)
    return found or READERS[-1]


def _best(readers: list[Reader], source: Source, minimum: float) -> Reader | None:
    scored = [(r.sniff(source), -i, r) for i, r in enumerate(readers)]
    score, _, best = max(scored, key=lambda t: (t[0], t[1]))
    return best if score > minimum else None
