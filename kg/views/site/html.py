"""The pieces every page is made of (cells, sections, pages), where each page's file is, and
the one template that writes them.

Text from the graph only ever reaches a page through Jinja's autoescaping or
:meth:`markupsafe.Markup.format` (which escapes what it is given), and the one script reads its
data from a JSON block (``tojson``: ``<``, ``>``, ``&`` and ``'`` escaped), so a name such as
``</script><script>alert(1)</script>`` is shown as text. Every page carries a
Content-Security-Policy that allows no request and only its own style and script (by hash).
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from kg.resources import TEMPLATES

_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")


@dataclass(frozen=True)
class Cell:
    """One value on a page: text, a link, an amount in yuan, where it is printed."""

    text: str = ""
    href: str = ""
    yuan: str | None = None  # the exact amount, for a data-yuan attribute
    num: bool = False
    cite: tuple[str, str] | None = None  # (href of the document page, "文件 第 N 行")
    cls: str = ""
    key: str = ""


@dataclass
class Section:
    title: str
    head: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    items: list[list[Cell]] | None = None
    count: int | None = None
    note: str = ""
    id: str = ""
    cls: str = ""
    anchors: bool = False  # each row is the target of #key (the ontology's terms)


@dataclass
class Page:
    path: str
    kind: str
    title: str
    subtitle: str = ""
    iri: str = ""
    facts: list[tuple[str, Cell]] = field(default_factory=list)
    crumbs: list[Cell] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    body: str = ""  # trusted HTML made here (the index's search form)
    data: Any = None  # for the script, as escaped JSON


def page_key(iri: str, kind: str) -> str:
    """The file name (without .html) of a node's page: the IRI's last segment when it is
    plain ASCII (a code), else a hash of the IRI; an indicator category keeps its scheme.

    >>> page_key("https://kg.example.org/id/project/450206220413600006280", "project")
    '450206220413600006280'
    >>> page_key("https://kg.example.org/def/indicator-category/local/quantity", "category")
    'local-quantity'
    >>> page_key("https://x.org/id/group/../../etc/passwd", "group")
    'passwd'
    >>> page_key("https://x.org/id/unit/单位", "unit")
    'ha8422771a9ba7c28'
    """
    parts = [p for p in re.split(r"[/#]", iri) if p]
    key = parts[-1] if parts else ""
    if kind == "category" and len(parts) >= 2:
        key = f"{parts[-2]}-{key}"
    if not _SAFE.fullmatch(key) or key == "index" or key.endswith("."):
        return "h" + hashlib.sha256(iri.encode("utf-8")).hexdigest()[:16]
    return key


class Paths:
    """Each node's page, a path relative to the site's root (``project/4502….html``). Names
    are a function of the IRI; where two IRIs would take one name (two bases holding the same
    code), the IRIs in sorted order keep it first come, the others add a hash."""

    def __init__(self, kinds: dict[str, str]) -> None:
        self.of: dict[str, str] = {}
        taken: set[str] = set()
        for iri in sorted(kinds):
            path = f"{kinds[iri]}/{page_key(iri, kinds[iri])}.html"
            if path in taken:
                tag = hashlib.sha256(iri.encode("utf-8")).hexdigest()[:8]
                path = path.removesuffix(".html") + f"-h{tag}.html"
            taken.add(path)
            self.of[iri] = path

    @staticmethod
    def relative(target: str, here: str) -> str:
        return "../" * here.count("/") + target


def yuan_text(amount: Decimal) -> str:
    """An amount in yuan as printed on the pages.

    >>> yuan_text(Decimal("26000000.0")), yuan_text(Decimal("5543935.570"))
    ('26,000,000', '5,543,935.57')
    """
    return f"{plain(amount):,f}"


def plain(amount: Decimal) -> Decimal:
    """The amount without trailing zeros or exponent (``1320000.0`` → ``1320000``)."""
    if amount == amount.to_integral_value():
        return amount.quantize(Decimal(1))
    return amount.normalize()


def cell(c: Cell | str) -> Markup:
    """A cell as HTML, every piece of text escaped (:func:`markupsafe.escape`).

    >>> str(cell(Cell("<b>", "../a.html?x=1&y", cite=("d.html", "第 3 行"))))
    '<a href="../a.html?x=1&amp;y">&lt;b&gt;</a><a class="cite" href="d.html">第 3 行</a>'
    """
    if isinstance(c, str):
        return escape(c)
    html = f'<a href="{escape(c.href)}">{escape(c.text)}</a>' if c.href else str(escape(c.text))
    if c.cls:
        html = f'<span class="{escape(c.cls)}">{html}</span>'
    if c.cite:
        html += f'<a class="cite" href="{escape(c.cite[0])}">{escape(c.cite[1])}</a>'
    return Markup(html)


def _digest(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


class Renderer:
    """The page template, its style and the index's script, each allowed by its hash."""

    def __init__(self) -> None:
        env = Environment(
            loader=FileSystemLoader(str(TEMPLATES)),
            autoescape=select_autoescape(["html"]),
            keep_trailing_newline=True,
        )
        env.globals["cell"] = cell
        self.template = env.get_template("site-page.html")
        self.style = (TEMPLATES / "site.css").read_text(encoding="utf-8")
        self.script = (TEMPLATES / "site.js").read_text(encoding="utf-8")

    def render(self, page: Page) -> str:
        script = self.script if page.data is not None else ""
        return self.template.render(
            page=page,
            root=Paths.relative("", page.path),
            style=self.style,
            style_hash=_digest(self.style),
            script=script,
            script_hash=_digest(script) if script else "",
            data=page.data,
        )
