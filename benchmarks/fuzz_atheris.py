"""Coverage-guided fuzzing of the readers and form parsers with atheris (libFuzzer).

    python -m benchmarks.fuzz_atheris -runs=20000          # what make fuzz runs
    python -m benchmarks.fuzz_atheris -max_total_time=600

Each input is written to a file (the suffix is chosen by the input's first byte, so every
reader is reached) and processed like one document of a build. A parser exception, a hang
past the per-document limit, or an issue that does not name its file stops the run with the
input that did it (libFuzzer saves it as crash-*). The corpus starts from the samples.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from kg.pipeline import process

SUFFIXES = (".txt", ".csv", ".html", ".md", ".xlsx")
_DIR = Path(tempfile.mkdtemp(prefix="kg-fuzz-"))


def one_input(data: bytes) -> None:
    if not data:
        return
    path = _DIR / f"fuzzed{SUFFIXES[data[0] % len(SUFFIXES)]}"
    path.write_bytes(data[1:])
    result = process(path, time_limit=30)
    for issue in result.issues:
        if issue.code in ("document-error", "document-timeout"):
            raise RuntimeError(issue.message)
        if not issue.source.startswith("fuzzed"):
            raise RuntimeError(f"an issue without its file: {issue}")


def main() -> None:
    corpus = Path(tempfile.mkdtemp(prefix="kg-fuzz-corpus-"))
    samples = Path(__file__).resolve().parent.parent / "data" / "samples"
    for k, sample in enumerate(sorted(samples.iterdir())):
        (corpus / f"seed-{k}").write_bytes(b"\x00" + sample.read_bytes()[:20000])
    atheris.Setup([*sys.argv, str(corpus)], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
