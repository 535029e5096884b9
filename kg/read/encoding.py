"""Decode a document's bytes: UTF-8 (with or without BOM), UTF-16, GB18030/GBK."""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class BinaryContent(ValueError):
    """The bytes are not text in any encoding we read."""


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) or raise :class:`BinaryContent`.

    >>> decode("预算".encode("gb18030"))
    ('预算', 'gb18030')
    >>> decode(codecs.BOM_UTF8 + "预算".encode())
    ('预算', 'utf-8-sig')
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name), name
    if _looks_utf16(data):
        name = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            text = "\x00"
        if "\x00" not in text and _mostly_text(text):
            return text, name
    if b"\x00" in data:
        raise BinaryContent("contains NUL bytes")
    for name in ("utf-8", "gb18030"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _mostly_text(text):
            return text, name
    raise BinaryContent("not UTF-8, UTF-16 or GB18030 text")


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4000]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return even.count(0) > len(even) * 0.3 or odd.count(0) > len(odd) * 0.3


def _mostly_text(text: str) -> bool:
    if not text:
        return True
    control = len(_CONTROL.findall(text[:20000]))
    return control <= max(2, len(text[:20000]) // 100)


#: the control characters binary content is full of: all below a space but TAB, line breaks,
#: form feed and vertical tab
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
