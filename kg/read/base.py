"""What a reader is: it takes a :class:`Source` (a file's bytes and, for text, its decoded text)
and says how sure it is the file is in its format (``sniff``) and reads it into numbered lines
of cells (``read``). Reader modules import this; :mod:`kg.read.registry` lists them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.domain.model import Issue
from kg.read.lines import Line


@dataclass(frozen=True, slots=True)
class Source:
    """A file as readers see it."""

    path: Path
    name: str  # the file name, as issues cite it
    data: bytes
    text: str = ""  # the decoded text ('' for binary formats)
    ocr: bool = False  # recognise page images (kg extract --ocr)

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()


#: a part of a file and its lines: ('', lines) for a whole file, (sheet name, lines) for a sheet
Part = tuple[str, list[Line]]
Result = tuple[list[Part], list[Issue]]


@dataclass(frozen=True, slots=True)
class Reader:
    name: str
    suffixes: tuple[str, ...]  # extensions picked up in directories and given extra weight
    binary: bool  # sniffs and reads bytes, not decoded text
    sniff: Callable[[Source], float]
    read: Callable[[Source], Result]
