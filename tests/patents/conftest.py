"""Fixtures of the patents tests: reference vectors in ../shared/data/reference_outputs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from xinzhi.catalog.importing.run import import_file
from xinzhi.core.db import Database


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


@pytest.fixture(scope="session")
def wind_csv(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real patents whose title contains 风电 (wind power), as a CSV in the file's format."""
    source = shared_data / "cn_energy_patents" / "patents.csv.gz"
    frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    target = tmp_path_factory.mktemp("wind") / "wind_patents.csv"
    frame[frame["title"].str.contains("风电")].to_csv(target, index=False)
    return target


@pytest.fixture
def wind_db(db: Database, wind_csv: Path) -> Database:
    """The test database with the 风电 patents imported through the column-mapping importer."""
    import_file(db, "patents", wind_csv)
    return db
