"""Fixtures of the patents tests: reference vectors in ../shared/data/reference_outputs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest


@pytest.fixture(scope="session")
def dnase_run1(shared_data: Path) -> pd.DataFrame:
    """R's DNase data, run 1 (datasets package; via vincentarelbundock/Rdatasets)."""
    frame = pd.read_csv(shared_data / "reference_outputs" / "logistic" / "DNase.csv")
    return frame[frame["Run"] == 1]


@pytest.fixture(scope="session")
def logistic_expected(shared_data: Path) -> dict[str, Any]:
    path = shared_data / "reference_outputs" / "logistic" / "expected_outputs.json"
    expected: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["expected"]
    return expected


@pytest.fixture(scope="session")
def kleinberg_cases(shared_data: Path) -> list[dict[str, Any]]:
    """Kleinberg automaton examples with their event times loaded as ``offsets``."""
    folder = shared_data / "reference_outputs" / "kleinberg"
    cases: list[dict[str, Any]] = json.loads(
        (folder / "expected_outputs.json").read_text(encoding="utf-8")
    )["cases"]
    for case in cases:
        text = (folder / case["file"]).read_text(encoding="utf-8")
        case["offsets"] = [float(x) for x in text.split()]
    return cases
