"""Remove converter noise from a line while keeping its position.

The PDF converter leaves HTML formatting tags and entities, markdown headings and bold markers,
``--|--`` separator lines, LaTeX (``$\\geq 80\\%$``), full-width digits and operators,
and stray spaces inside numbers and Chinese words.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

_TAGS = re.compile(
    r"</?(?:b|i|u|p|br|strong|em|span|div|font|sup|sub)(?:\s[^<>]*)?/?>", re.IGNORECASE
)
_LATEX_MATH = re.compile(r"\$([^$]*)\$")
_LATEX = {
    r"\geq": "≥",
    r"\ge": "≥",
    r"\leq": "≤",
    r"\le": "≤",
    r"\%": "%",
    r"\times": "×",
    r"\cdot": "·",
    r"\sim": "~",
    r"\neq": "≠",
    r"\,": "",
    r"\;": "",
    r"\ ": " ",
}
_BARE_MACRO = re.compile(r"\\(?:geq|leq|ge|le|%|times|neq)(?![A-Za-z])")
# a markdown writer's escapes (html2text, markdownify): \\* \\- \\. \\# stand for the character
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_LATEX_WORD = re.compile(r"\\(?:mathrm|text|mathbf|rm)\{([^{}]*)\}")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_SEPARATOR = re.compile(r"^[\s|:\-]*-[\s|:\-]*$")
_FULLWIDTH = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
        "％": "%",
        "＝": "=",
        "＜": "<",
        "＞": ">",
        "＋": "+",
        "．": ".",
        "／": "/",
        "～": "~",
        "≧": "≥",
        "≦": "≤",
        "\u3000": " ",
        "\u00a0": " ",
    }
)
_TIGHT = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef≥≤=<>%²³~"
_SQUEEZE = re.compile(rf"(?<=[{_TIGHT}])\s+|\s+(?=[{_TIGHT}])")
_SPACES = re.compile(r"[ \t\r\f\v]+")


def is_separator(line: str) -> bool:
    """A markdown table rule such as ``--|--|--`` (tabs or pipes between dashes)."""
    return bool(line.strip()) and bool(_SEPARATOR.match(line))


#: cells repeat across a document (labels, units, 合计): :func:`clean_cell` keeps its answers
#: for this many texts
_CACHED = 1 << 16


@lru_cache(maxsize=_CACHED)
def clean_cell(text: str) -> str:
    """Clean one cell or one line of prose.

    >>> clean_cell("$\\\\geq 80\\\\%$")
    '≥80%'
    >>> clean_cell("<b>合计</b>"), clean_cell("&ge;&nbsp;90%")
    ('合计', '≥90%')
    >>> clean_cell("\\\\*项目名称"), clean_cell("\\\\-5%")
    ('*项目名称', '-5%')
    >>> clean_cell("≥ 2200 人")
    '≥2200人'
    >>> clean_cell("部门整体支出 年度绩效目标 衡量指标")
    '部门整体支出年度绩效目标衡量指标'
    """
    t = html.unescape(text) if "&" in text else text  # &ge;90%, &nbsp; of a page's source
    if "<" in t:
        t = _TAGS.sub("", t)
    if "$" in t:
        t = _LATEX_MATH.sub(lambda m: _latex(m.group(1)), t)
    if "\\" in t:
        t = _MD_ESCAPE.sub(r"\1", _BARE_MACRO.sub(lambda m: _LATEX[m.group(0)], t))
    t = t.replace("**", "").translate(_FULLWIDTH)
    t = _SPACES.sub(" ", t).strip()
    return _SQUEEZE.sub("", t)


def clean_heading(text: str) -> str:
    """Clean a prose line, dropping a markdown heading marker."""
    return clean_cell(_HEADING.sub("", text))


def _latex(body: str) -> str:
    body = _LATEX_WORD.sub(r"\1", body)
    for macro in sorted(_LATEX, key=len, reverse=True):
        body = body.replace(macro, _LATEX[macro])
    return body.replace("{", "").replace("}", "")
