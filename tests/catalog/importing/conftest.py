"""Fixtures of the import tests: the real files in ../shared/data and small generated ones."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

PATENT_SLICE_ROWS = 2000


@pytest.fixture(scope="session")
def demands_csv(shared_data: Path) -> Path:
    return shared_data / "tech_demands" / "enterprise_tech_demands_607.csv"


@pytest.fixture(scope="session")
def csl_tsv(shared_data: Path) -> Path:
    return shared_data / "csl" / "csl_dev.tsv"


@pytest.fixture(scope="session")
def patents_slice(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The header and first 2,000 rows of the patent file, still gzip-compressed."""
    source = shared_data / "cn_energy_patents" / "patents.csv.gz"
    target = tmp_path_factory.mktemp("patents") / "patents_2000.csv.gz"
    with gzip.open(source, "rt", encoding="utf-8", newline="") as src:
        lines = [src.readline() for _ in range(PATENT_SLICE_ROWS + 1)]
    with gzip.open(target, "wt", encoding="utf-8", newline="") as dst:
        dst.writelines(lines)
    return target
