"""What every block parser shares: the owner of indicators and the sink records go to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kg.domain.model import Extraction, Issue, Record
from kg.read.lines import Line


@dataclass(frozen=True, slots=True)
class Owner:
    """Who an indicator, a funding line or a statement belongs to."""

    kind: str  # project | department
    code: str
    name: str

    def describe(self) -> str:
        label = "项目" if self.kind == "project" else "部门"
        return f"{label} {self.code or '(no code)'} {self.name}".strip()


@dataclass(frozen=True, slots=True)
class Context:
    """Facts of the document and block being parsed."""

    source: str
    region: str
    region_name: str
    year: int | None
    unit: str = "元"  # the unit amounts are printed in (元, or 万元 under a 单位：万元 note)
    unit_stated: bool = False  # the unit is printed (a note, a heading), not assumed
    title: str = ""
    unit_code: str = ""  # a budget unit printed above a table: "830001 平泉市柳溪镇人民政府本级"
    unit_name: str = ""
    #: figures the document's text states with their unit (产业建设资金500万元): the unit of
    #: the same figure printed bare in a form that states none
    stated_units: tuple[tuple[Decimal, str], ...] = ()


class Out:
    """Collects one document's records and notes which source lines they came from."""

    def __init__(self, extraction: Extraction, source: str, last_row: int = 0) -> None:
        self.extraction = extraction
        self.source = source
        self.last_row = last_row  # the document's last table row: a page cut may end in it
        self.open_end = False  # the text stops inside that row's last line (a cut page)

    def add(self, record: Record) -> None:
        self.extraction.add(record)

    def place(self, line: int, what: str) -> None:
        self.extraction.place(self.source, line, what)

    def issue(self, line: int, code: str, message: str, raw: str = "") -> None:
        self.add(Issue(self.source, line, code, message, raw))

    def is_placed(self, line: int) -> bool:
        return (self.source, line) in self.extraction.placed


@dataclass(frozen=True, slots=True)
class BlockParser:
    """A kind of block (a form, a table) and how to read it. ``starts`` says whether a row
    opens a block of this kind (its defining label: 项目名称, 项目 | 2024年, …); ``parse`` reads
    the block's lines. ``state`` is one dict per document, shared by the blocks of all kinds
    (a budget table printed in parts keeps its columns there). Registered in
    :data:`kg.parse.blocks.BLOCKS`."""

    kind: str
    starts: Callable[[Line], bool]
    parse: Callable[[list[Line], Context, Out, dict[Any, Any]], None]
