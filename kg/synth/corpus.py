"""A corpus: the regions' documents, one seeded :class:`random.Random` each.

:func:`iter_documents` streams (file name, text, spec) one region at a time; :func:`generate`
writes them into a folder and returns the :class:`~kg.synth.specs.Manifest`.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from pathlib import Path

from kg.synth.departments import region_departments
from kg.synth.district import district_document
from kg.synth.places import Region, regions
from kg.synth.projects import Serials, assign_supervisors, city_document, project_spec
from kg.synth.specs import DocumentSpec, Manifest
from kg.synth.summary import summary_document

#: defaults: projects in one region's document, departments of a region
PROJECTS_PER_REGION = 24
DEPARTMENTS_PER_REGION = 10


def _document(
    index: int, region: Region, count: int, n_departments: int, seed: int
) -> tuple[str, DocumentSpec]:
    rng = random.Random(f"kg-synth/{seed}/{index}/{region.code}")
    year = 2023 if region.layout == "city" else 2025
    depts = region_departments(rng, region, n_departments)
    serials = Serials(rng.randint(1000, 9000))
    projects = [
        project_spec(rng, region, d, serials.take(rng), year)
        for d in assign_supervisors(rng, depts, count)
    ]
    name = f"{index:06d}_{region.code}.txt"
    if region.layout == "district":
        lines, spec = district_document(rng, region, depts, projects, year, name)
    elif region.layout == "summary":
        lines, spec = summary_document(rng, region, projects, year, name)
    else:
        lines, spec = city_document(rng, region, projects, year, name)
    return "\n".join(lines) + "\n", spec


def _plan(
    projects: int, regions_: int | None, departments_per_region: int | None
) -> tuple[list[tuple[Region, int]], int]:
    if projects < 1:
        raise ValueError("projects must be at least 1")
    n = regions_ if regions_ is not None else math.ceil(projects / PROJECTS_PER_REGION)
    if not 1 <= n <= projects:
        raise ValueError(f"regions must be between 1 and the number of projects ({projects})")
    per_dept = DEPARTMENTS_PER_REGION if departments_per_region is None else departments_per_region
    if not 1 <= per_dept <= 500:
        raise ValueError("departments_per_region must be between 1 and 500")
    base, extra = divmod(projects, n)
    chosen = list(zip(regions(), range(n), strict=False))
    if len(chosen) < n:
        raise ValueError(f"at most {len(chosen)} regions can be generated")
    return [(r, base + (i < extra)) for r, i in chosen], per_dept


def iter_documents(
    projects: int,
    seed: int = 0,
    regions: int | None = None,
    departments_per_region: int | None = None,
) -> Iterator[tuple[str, str, DocumentSpec]]:
    """(file name, text, what it holds) for each document, one region at a time."""
    plan, per_dept = _plan(projects, regions, departments_per_region)
    for index, (region, count) in enumerate(plan):
        text, spec = _document(index, region, count, per_dept, seed)
        yield spec.name, text, spec


def generate(
    out: Path,
    projects: int,
    seed: int = 0,
    regions: int | None = None,
    departments_per_region: int | None = None,
    *,
    manifest: bool = True,
) -> Manifest:
    """Write the documents into ``out`` (created if missing); returns what was written.

    With ``manifest=False`` only the counts are kept, so memory stays that of one document.
    """
    out.mkdir(parents=True, exist_ok=True)
    result = Manifest()
    for name, text, spec in iter_documents(projects, seed, regions, departments_per_region):
        data = text.encode("utf-8")
        (out / name).write_bytes(data)
        result.counts.add(spec, len(data))
        if manifest:
            result.documents.append(spec)
    return result
