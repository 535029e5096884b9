"""Minting IRIs from official codes, so that two districts minting independently agree.

One setting decides where instance IRIs live: the base IRI, ``KG_BASE_IRI`` in the environment
or ``--base`` on the command line (default :data:`DEFAULT_BASE`). Regions are named by their
administrative division code, departments by region code + department code, projects by their
project code, beneficiary groups by their normalised name; where no code is printed, a stable
hash of the normalised name (and region) stands in.

>>> ids = Ids("https://example.org/id/")
>>> ids.department("450206", "118", "柳州市柳江区教育局")
'https://example.org/id/department/450206-118'
>>> ids.department("130823", "", "平泉市柳溪镇人民政府")
'https://example.org/id/department/130823-h94beb757fb4c'
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from functools import lru_cache

DEFAULT_BASE = "https://kg.example.org/id/"

#: every kind of instance IRI (each gets a Turtle prefix: project:4502…, indicator:…)
KINDS = (
    "agent",
    "amount",
    "budget",
    "budget-item",
    "catalog",
    "dataset",
    "department",
    "distribution",
    "document",
    "download",
    "function",
    "funding",
    "finding",
    "goal",
    "group",
    "indicator",
    "milestone",
    "period",
    "project",
    "region",
    "scheme",
    "target",
    "unit",
)
_SPACE = re.compile(r"\s+")

#: ASCII an IRI segment keeps as is (RFC 3987 iunreserved, sub-delims, ':' '@'; not '/' '%')
_ASCII_OK = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@")
#: RFC 3987 ucschar: the non-ASCII characters an IRI may contain
_UCSCHAR = (
    (0xA0, 0xD7FF),
    (0xF900, 0xFDCF),
    (0xFDF0, 0xFFEF),
    *((plane << 16, (plane << 16) + 0xFFFD) for plane in range(1, 15)),
)


def _iri_char(ch: str) -> str:
    if ch in _ASCII_OK:
        return ch
    code = ord(ch)
    if code > 0x7F and any(lo <= code <= hi for lo, hi in _UCSCHAR):
        return ch
    return "".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))


@lru_cache(maxsize=1 << 16)
def iri_segment(text: str) -> str:
    """Text as one IRI path segment: a code printed with characters an IRI may not hold (a
    misread cell) is percent-encoded, never an invalid IRI.

    >>> iri_segment("450206220411800006423"), iri_segment("≥90%"), iri_segment("a/b c")
    ('450206220411800006423', '≥90%25', 'a%2Fb%20c')
    """
    return text if all(ch in _ASCII_OK for ch in text) else "".join(map(_iri_char, text))


class BaseIRIError(ValueError):
    """A base IRI that cannot be one (not absolute), or two base IRIs in one graph (its IRIs
    would not meet those of the other half)."""


_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^\s<>\"{}|\\^`]+$")


def base_iri(override: str | None = None) -> str:
    """The configured base IRI, always ending in ``/`` or ``#``.

    >>> base_iri("https://data.example.gov.cn/kg")
    'https://data.example.gov.cn/kg/'
    >>> base_iri("kg/id/")
    Traceback (most recent call last):
    kg.rdf.ids.BaseIRIError: base IRI 'kg/id/' is not an absolute IRI (such as https://data.example.gov.cn/kg/id/)
    """
    base = override or os.environ.get("KG_BASE_IRI") or DEFAULT_BASE
    if not _ABSOLUTE.match(base):
        raise BaseIRIError(
            f"base IRI {base!r} is not an absolute IRI (such as https://data.example.gov.cn/kg/id/)"
        )
    return base if base.endswith(("/", "#")) else base + "/"


def same_base(ids: Ids, document: str, source: str) -> None:
    """Refuse a document's graph minted under another base than the graph it joins (a worker
    whose ``KG_BASE_IRI`` differs, exports of two districts built with different bases)."""
    if not document.startswith(ids.base + "document/"):
        raise BaseIRIError(
            f"{source} was built under another base IRI ({document.rsplit('document/', 1)[0]}) "
            f"than this graph ({ids.base}); a graph has one base: give every build and worker "
            "the same --base or KG_BASE_IRI"
        )


def normalise(name: str) -> str:
    """The form of a name that identity is decided on: NFKC, no whitespace."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", name))


def name_hash(*parts: str) -> str:
    """A short stable hash of normalised text (12 hex digits)."""
    text = "\x1f".join(normalise(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


class Ids:
    """Instance IRIs under one base."""

    def __init__(self, base: str | None = None) -> None:
        self.base = base_iri(base)

    def _iri(self, kind: str, local: str) -> str:
        assert kind in KINDS, kind
        return f"{self.base}{kind}/{iri_segment(local)}"

    def prefixes(self) -> dict[str, str]:
        return {kind: f"{self.base}{kind}/" for kind in KINDS}

    def all_prefixes(self) -> dict[str, str]:
        """The Turtle prefixes of the exports: the vocabularies' and one per instance kind."""
        from kg.rdf.vocab import PREFIXES

        return {**PREFIXES, **self.prefixes()}

    def region(self, code: str) -> str:
        return self._iri("region", code)

    def department_key(self, region: str, code: str, name: str) -> str:
        return f"{region}-{code}" if code else f"{region}-h{name_hash(name)}"

    def department(self, region: str, code: str, name: str) -> str:
        return self._iri("department", self.department_key(region, code, name))

    def unit(self, region: str, name: str) -> str:
        return self._iri("unit", f"{region}-h{name_hash(name)}")

    @staticmethod
    def project_key(code: str, region: str = "", name: str = "", source: str = "") -> str:
        """A project's identity: its printed code; where none is printed (forms of other
        provinces), a hash of its name in its region; with no name either (targets in
        prose on a page cut before them), a hash of the document it is printed in.

        >>> Ids.project_key("450206220411800006423")
        '450206220411800006423'
        >>> Ids.project_key("", "", "主体班") == Ids.project_key("", "", "主 体班")
        True
        """
        if code:
            return code
        if name:
            return f"{region}-h{name_hash(region, normalise(name))}"
        return f"doc-h{name_hash(source)}"

    def project(self, key: str) -> str:
        return self._iri("project", key)

    def group(self, name: str) -> str:
        return self._iri("group", f"h{name_hash(name)}")

    def document(self, sha256: str) -> str:
        return self._iri("document", sha256[:16])

    def owned(self, kind: str, owner_key: str, n: int | str) -> str:
        """Things numbered inside their owner: indicator/P-01, goal/P-1, funding/P-gov_fund."""
        suffix = f"{n:02d}" if isinstance(n, int) else n
        return self._iri(kind, f"{owner_key}-{suffix}")

    def budget_item(self, table_kind: str, item: str) -> str:
        return self._iri("budget-item", f"{table_kind}-h{name_hash(item)}")

    def local(self, kind: str, local: str) -> str:
        return self._iri(kind, local)
