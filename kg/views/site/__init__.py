"""A static site of the graph: a page for every region, department, implementing unit, project,
fund source, beneficiary group, indicator category and source document (``kg site``).

Plain HTML and one small script (the index's search and facets), no request to any host, so
the site opens from ``file://`` and any web server serves it (``kg serve --site DIR`` among
them, which also answers the graph's IRIs with these pages). Pages are made from the graph, not
from documents (:mod:`kg.views.site.graph`), so another district's Turtle loaded beside ours gets
pages too. The same graph gives the same bytes: everything is sorted, nothing is dated.

Layout: ``index.html``; ``KIND/index.html`` lists a kind; ``KIND/KEY.html`` is a node's page,
``KEY`` its IRI's last segment when that is a plain code (``project/4502….html``), else a hash
of the IRI (:func:`kg.views.site.html.page_key`); ``def/kg.html`` the ontology; ``iris.tsv`` maps
every IRI to its page (what ``kg serve`` reads).
"""

from __future__ import annotations

import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.rdf.vocab import DEF
from kg.views.site import lists, pages
from kg.views.site.graph import KINDS, Indicator, SiteGraph, read_graph
from kg.views.site.html import Page, Paths, Renderer

#: the file every site holds, so that ``kg site`` replaces a folder only if it made it
MARKER = "iris.tsv"

__all__ = ["KINDS", "MARKER", "SiteError", "SiteSummary", "site_pages", "write_site"]


class SiteError(ValueError):
    """The site cannot be written where asked."""


@dataclass(frozen=True)
class SiteSummary:
    pages: int
    by_kind: dict[str, int]
    bytes: int


def site_pages(g: SiteGraph) -> Iterator[Page]:
    """Every page of the site, in a fixed order."""
    paths = Paths({iri: n.kind for iri, n in g.nodes.items()})
    ctx = pages.Context(g, paths)
    members: dict[str, list[Indicator]] = defaultdict(list)
    for rows in g.indicators.values():
        for i in rows:
            for cat in {i.category, i.level1} - {""}:
                members[cat].append(i)
    makers: dict[str, Callable[..., Page]] = {
        "project": pages.project_page,
        "department": pages.department_page,
        "unit": pages.unit_page,
        "region": pages.region_page,
        "fund-source": lists.fund_source_page,
        "group": lists.group_page,
        "document": lists.document_page,
    }
    yield lists.index_page(ctx)
    yield lists.ontology_page(ctx)
    for kind in KINDS:
        yield lists.kind_page(ctx, kind, g.of_kind(kind))
    for iri in sorted(g.nodes, key=lambda i: paths.of[i]):
        node = g.nodes[iri]
        if node.kind == "category":
            yield lists.category_page(ctx, node, sorted(members[iri], key=lambda i: i.iri))
        else:
            yield makers[node.kind](ctx, node)


def write_site(
    store: ox.Store, out: Path, progress: Callable[[str], None] | None = None
) -> SiteSummary:
    """Write the site of the graph in ``store`` to ``out`` (replaced whole: the pages are
    written beside it and moved into place, so a reader never sees half a site)."""
    say = progress or (lambda _: None)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise SiteError(f"{out} exists and is not a site kg site wrote; give a new or empty folder")
    say("reading the graph ...")
    g = read_graph(store)
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        summary = _write_pages(g, stage, say)
        old = out.with_name(f".{out.name}-old") if out.exists() else None
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
        stage.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return summary


def _write_pages(g: SiteGraph, stage: Path, say: Callable[[str], None]) -> SiteSummary:
    renderer = Renderer()
    counts: dict[str, int] = defaultdict(int)
    size = 0
    for page in site_pages(g):
        data = renderer.render(page).encode("utf-8")
        target = stage / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        counts[page.path.split("/")[0] if "/" in page.path else "index"] += 1
        size += len(data)
    paths = Paths({iri: n.kind for iri, n in g.nodes.items()})
    lines = [f"{iri}\t{paths.of[iri]}\n" for iri in sorted(paths.of)]
    lines.append(f"{DEF}kg\tdef/kg.html\n")
    (stage / MARKER).write_text("".join(sorted(lines)), encoding="utf-8")
    stage.chmod(0o755)
    total = sum(counts.values())
    say(f"{total} pages, {size / 1e6:.1f} MB")
    return SiteSummary(total, dict(sorted(counts.items())), size)
