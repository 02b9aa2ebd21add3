"""Shared test helpers: paths of the shipped sample and fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "ingest"
EXPECTED = ROOT / "tests" / "expected"
SAMPLE = ROOT / "raw" / "international-governments-p1.txt"


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE
