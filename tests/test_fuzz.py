"""Fuzzing every reader and the form parsers: random bytes, random text built from the forms'
own labels, truncated, shuffled and mixed-encoding samples, very long lines, a form repeated
hundreds of times. Nothing crashes (a parser exception would surface as a document-error
issue), nothing hangs past the per-document time limit, every issue names its file, every
record cites a line of its file.

``make test`` runs a short version; ``make fuzz`` sets KG_FUZZ_EXAMPLES (default there: 2000
inputs per strategy). The README's reliability section reports the counts of the last long run.
"""

from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.pipeline import DocResult, process
from kg.resources import SAMPLES
from tests.test_hypothesis import _WORDS

EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "25"))
LIMIT = 30.0  # seconds per document
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SAMPLE = (SAMPLES / "001_ca9d259f3fbd1813.txt").read_bytes()
FORM = "\n".join(SAMPLE.decode("utf-8").split("\n")[22:48]) + "\n"  # one project form


def run(data: bytes, suffix: str = ".txt") -> DocResult:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzzed{suffix}"
        path.write_bytes(data)
        result = process(path, time_limit=LIMIT)
    codes = {i.code for i in result.issues}
    assert "document-error" not in codes, [i.message for i in result.issues]
    assert "document-timeout" not in codes
    assert all(i.source.startswith("fuzzed") for i in result.issues)
    # every line boundary the reader may count (CR, FF, VT, NEL, LS, PS ... end lines too)
    lines = max(len(data.decode("utf-8", "replace").splitlines()), data.count(b"\n")) + 1
    for table, (rows, _) in result.rows.items():
        for row in rows.splitlines():
            source, line = row.split(",", 2)[:2]
            assert source.startswith("fuzzed") and 0 <= int(line) <= lines, (table, row)
    return result


@FUZZ
@given(st.binary(max_size=4096), st.sampled_from([".txt", ".csv", ".html", ".md", ".xlsx"]))
def test_random_bytes(data: bytes, suffix: str) -> None:
    run(data, suffix)


_CELL = st.one_of(st.sampled_from(_WORDS), st.text(max_size=12))
_ROW = st.lists(_CELL, max_size=7).map("\t".join)


@FUZZ
@given(st.lists(_ROW, max_size=60))
@example(["项目编码\t≥90%"])  # found by this harness: a code that is no IRI broke the document
@example(["项目编码\t\x80"])
@example(["项目编码\t\U0002fffe"])
@example(["\x0c0\t项目名称"])  # a form feed ends a line: the issue cites line 2
def test_random_rows_of_form_labels(rows: list[str]) -> None:
    run("\n".join(rows).encode("utf-8"))


@FUZZ
@given(st.integers(min_value=0, max_value=len(SAMPLE)))
def test_truncated_sample(cut: int) -> None:
    run(SAMPLE[:cut])


@FUZZ
@given(st.randoms(use_true_random=False))
def test_shuffled_sample(rng: random.Random) -> None:
    lines = SAMPLE.split(b"\n")
    rng.shuffle(lines)
    run(b"\n".join(lines))


@FUZZ
@given(st.integers(min_value=0, max_value=len(SAMPLE)), st.sampled_from(["gb18030", "utf-16"]))
def test_mixed_encodings(cut: int, other: str) -> None:
    text = SAMPLE.decode("utf-8")
    run(text[: cut // 3].encode("utf-8") + text[cut // 3 :].encode(other))


@settings(max_examples=max(3, EXAMPLES // 10), deadline=None)
@given(st.integers(min_value=1, max_value=400), st.integers(min_value=10_000, max_value=400_000))
def test_repeated_forms_and_a_very_long_line(copies: int, width: int) -> None:
    long_line = "项目名称\t" + "很长" * (width // 2) + "\t项目编码\t450206220411800006423\n"
    result = run((long_line + FORM * copies).encode("utf-8"))
    assert result.counts["projects"] >= copies  # every copy was read
