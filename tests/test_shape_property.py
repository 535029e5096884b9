"""Any form of the samples, printed in any shape a web page gives, reads as the original.

The samples' forms are TAB-separated converter text. Each is cut out with its title and
re-printed here the way web pages and text extractors print tables (not by kg): pipe rows
with trailing empty cells, pipe cells one per line with ``|`` lines between rows, cells
separated by blank lines, cells separated by runs of spaces, and one cell per line with
the section labels printed one character per line (项/目/年/度/…). The records of the
re-printed form must be the records of the original, but for their line numbers.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.domain import labels
from kg.pipeline import extract
from kg.resources import SAMPLES
from tests.test_readers import records

SHAPES = ("pipes", "pipe-cells", "blank-lines", "spaces", "vertical")


@cache
def forms() -> list[tuple[str, tuple[str, ...]]]:
    """(sample, lines) of every project form of the samples with project forms only
    (001, 002): a title line and the rows up to the next title."""
    found: list[tuple[str, tuple[str, ...]]] = []
    for sample in ("001", "002"):
        (path,) = SAMPLES.glob(f"{sample}_*.txt")
        lines = path.read_text(encoding="utf-8").splitlines()
        starts = [n for n, raw in enumerate(lines) if _is_title(raw)]
        for a, b in zip(starts, [*starts[1:], len(lines)], strict=True):
            block = tuple(lines[a:b])
            if any(raw.split("\t")[0].strip() == "项目名称" for raw in block):
                found.append((sample, block))
    return found


def _is_title(raw: str) -> bool:
    cells = [c for c in raw.split("\t") if c.strip()]
    return len(cells) == 1 and labels.is_title(cells[0])


def render(lines: tuple[str, ...], shape: str) -> str:
    rows = [[c.strip() for c in raw.split("\t")] for raw in lines]
    filled = [[c for c in r if c] for r in rows]
    if shape == "pipes":  # a page's table: no leading pipe, merged columns as trailing pipes
        return "\n".join(" | ".join(r) + " | |||" if any(r) else "" for r in rows)
    if shape == "pipe-cells":  # each cell on its own line, a line of a pipe between rows
        return "\n".join(line for r in filled if r for line in [*(f"{c} |" for c in r), "|"])
    if shape == "blank-lines":
        return "\n\n".join(c for r in filled for c in r)
    if shape == "spaces":  # a row whose first cell is empty is indented
        return "\n".join(
            ("    " if r and not r[0] else "") + "    ".join(f)
            for r, f in zip(rows, filled, strict=True)
        )
    return "\n".join(_vertical(c) for r in filled for c in r)


def _vertical(cell: str) -> str:
    """A section label printed one character per line, as a tall merged cell prints it."""
    if labels.key(cell) in labels.INDICATOR_SECTION or labels.key(cell) in labels.GOAL_LABELS:
        return "\n".join(cell)
    return cell


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(form=st.integers(0, 10_000), shape=st.sampled_from(SHAPES))
def test_any_form_in_any_shape_reads_as_the_original(
    tmp_path_factory: object, form: int, shape: str
) -> None:
    sample, lines = forms()[form % len(forms())]
    folder: Path = tmp_path_factory.mktemp("shape")  # type: ignore[attr-defined]
    original = folder / f"{sample}-original.txt"
    original.write_text("\n".join(lines) + "\n", encoding="utf-8")
    printed = folder / f"{sample}-{shape}.txt"
    printed.write_text(render(lines, shape) + "\n", encoding="utf-8")
    expected, got = extract([original]), extract([printed])
    assert expected.projects, "the original form is read"
    assert records(got) == records(expected)
    assert sorted(i.code for i in got.issues) == sorted(i.code for i in expected.issues)


def test_every_shape_is_exercised_on_every_form() -> None:
    """The strategy reaches all the forms (each shape on each form is one draw away)."""
    assert len(forms()) >= 30
