"""Synthetic budget performance-target documents, for tests and benchmarks at scale.

:func:`generate` writes UTF-8 ``.txt`` documents that look like the bundled samples (TAB-separated
cells as the PDF converter prints them) and returns a :class:`Manifest` of what it meant to
write, so that an extraction can be compared with it record by record. One document per region:

``district`` (like sample 000)
    a budget report for a 区: a short narrative whose figures come from the tables, the four
    区本级 budget tables in 万元 (一般公共预算, 政府性基金预算, 国有资本经营预算, 社会保险基金预算;
    年初预算数/调整预算数/执行数/完成%/增减/建议数 columns whose items add up, the larger tables
    split over two pages), a 部门整体绩效申报表 for every department (职能N/目标N statements,
    indicator table) and the project forms (2025 layout, 上级/本级 split).
``summary`` (like sample 001)
    a 重点项目绩效目标情况表 in 万元 (2 decimals, 合计 row; a few names drift from the forms'),
    then the project forms.
``city`` (like sample 002)
    a city's project forms in the 2023 layout (amounts with thousands separators, blank
    source cells, 社会效益指标-style labels, ``--`` rule lines).

Regions are real 6-digit division codes first (柳州市鱼峰区 450203, 柳江区 450206, 柳州市
450200, …), then synthetic ones in real provinces. Department codes are 3 digits, unique in
their region; project codes are 21 characters: region, 2-digit year, then ``04`` + department
+ 8-digit serial or department + ``001`` + 7-digit serial, as the samples print them.

Noise is the kind the samples show and the parser reads: amounts in different columns, level-1
and level-2 labels printed once and carried down (or printed in the middle of their group, or in
the level-1 column), rows split over two lines, duplicated cells, ``<b>``/``<p>`` tags, ``**``,
``#`` headings, repeated titles, LaTeX ``$\\geq 90\\%$``, full-width digits and operators, spaces
inside words and numbers, thousands separators.

Everything is drawn from one :class:`random.Random` per document, seeded by (seed, document), so
the same arguments give byte-identical files and documents can be generated one at a time:
:func:`iter_documents` streams them, and ``generate(..., manifest=False)`` keeps only counts.

The modules: :mod:`~kg.synth.specs` (what a document means to hold: the manifest),
:mod:`~kg.synth.vocabulary` (the words drawn from), :mod:`~kg.synth.places` (regions),
:mod:`~kg.synth.printing` (cells, numbers and noise), one module per part of a document
(:mod:`~kg.synth.indicators`, :mod:`~kg.synth.projects`, :mod:`~kg.synth.departments`,
:mod:`~kg.synth.budget`) and per document family (:mod:`~kg.synth.district`,
:mod:`~kg.synth.summary`; the ``city`` document is in :mod:`~kg.synth.projects`), and
:mod:`~kg.synth.corpus` (the documents of a corpus, written or streamed).

>>> import tempfile
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as tmp:
...     m = generate(Path(tmp), projects=5, seed=1)
>>> m.counts.documents, m.counts.projects, m.documents[0].projects[0].code[:6]
(1, 5, '450203')
"""

from kg.synth.corpus import DEPARTMENTS_PER_REGION, PROJECTS_PER_REGION, generate, iter_documents
from kg.synth.places import Region, regions
from kg.synth.specs import (
    BudgetChangeSpec,
    BudgetLineSpec,
    Counts,
    DepartmentSpec,
    DocumentSpec,
    IndicatorSpec,
    Manifest,
    NarrativeSpec,
    ProjectSpec,
    SummaryRowSpec,
)

__all__ = [
    "DEPARTMENTS_PER_REGION",
    "PROJECTS_PER_REGION",
    "BudgetChangeSpec",
    "BudgetLineSpec",
    "Counts",
    "DepartmentSpec",
    "DocumentSpec",
    "IndicatorSpec",
    "Manifest",
    "NarrativeSpec",
    "ProjectSpec",
    "Region",
    "SummaryRowSpec",
    "generate",
    "iter_documents",
    "regions",
]
