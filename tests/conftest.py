from __future__ import annotations

from pathlib import Path

import pytest

from kg.domain.model import Extraction
from kg.pipeline import extract
from kg.resources import SAMPLES

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def samples() -> Extraction:
    """The four bundled sample documents, extracted once for the session."""
    return extract([SAMPLES])


def indicators_of(ex: Extraction, source: str, code: str) -> list[tuple[str, str, str, str]]:
    return [
        (i.l1, i.l2, i.content, i.value)
        for i in ex.indicators
        if i.source == source and i.owner_code == code
    ]
