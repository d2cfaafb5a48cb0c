"""Fixtures of the watchlist tests: real 光伏 patents sliced by publication year, and synthetic
tables with planted bursts and S-curves."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest


@pytest.fixture(scope="session")
def pv_patents(shared_data: Path) -> pd.DataFrame:
    """The real patents whose title contains 光伏 (photovoltaic), as the file has them."""
    frame = pd.read_csv(
        shared_data / "cn_energy_patents" / "patents.csv.gz", dtype=str, keep_default_na=False
    )
    return frame[frame["title"].str.contains("光伏")].reset_index(drop=True)


@pytest.fixture(scope="session")
def pv_slices(pv_patents: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """CSV files of what was published by the end of 2014, then in 2015–2016, then in 2017:
    importing them one after another replays how the track became known."""
    year = pv_patents["pub_date"].str[:4].astype(int)
    folder = tmp_path_factory.mktemp("pv")
    paths = []
    for name, mask in (
        ("to2014", year <= 2014),
        ("2015_2016", (year >= 2015) & (year <= 2016)),
        ("2017", year == 2017),
    ):
        path = folder / f"pv_{name}.csv"
        pv_patents[mask].to_csv(path, index=False)
        paths.append(path)
    return paths
