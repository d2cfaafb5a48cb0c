"""Fixtures of the indices tests: literature vectors in ../shared/data/reference_outputs/mcda."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="session")
def mcda_cases(shared_data: Path) -> dict[str, dict[str, Any]]:
    """reference_cases.json by method name (numbers transcribed from kotbaton/pymcdm tests)."""
    path = shared_data / "reference_outputs" / "mcda" / "reference_cases.json"
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    return {case["method"]: case for case in cases}
