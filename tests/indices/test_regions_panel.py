"""Region names to GB/T 2260 codes, and panels read from the yearbook files in shared/data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from xinzhi.common.regions import PROVINCES, clean_regions, region_code
from xinzhi.core.errors import InvalidInput
from xinzhi.indices.adjacency import contiguity
from xinzhi.indices.panel import panel_from_frame, read_panel

RAW = ("yearbook_panel", "raw")


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("两藏", "540000"),
        ("四藏", "540000"),
        ("山两", "140000"),
        ("江四", "360000"),
        ("江两", "360000"),
        ("浙汀", "330000"),
        ("内蒙占", "150000"),
        ("内蒙 古", "150000"),
        ("黑龙 江", "230000"),
        ("广西壮族自治区", "450000"),
        ("北京市", "110000"),
        ("Shaanxi", "610000"),
        ("Shanxi", "140000"),
        ("110000", "110000"),
        ("440000.0", "440000"),
    ],
)
def test_ocr_damaged_and_variant_names_map_to_their_province(name: str, code: str) -> None:
    """OCR damage listed in shared/data/README.md (两藏=西藏, 山两=山西, 江四=江西, 浙汀=浙江…)."""
    assert region_code(name) == code


def test_every_raw_yearbook_file_maps_to_all_31_provinces(shared_data: Path) -> None:
    """shared/data/yearbook_panel/raw: 全国 and the damaged 东部地区 (尔部地区) are dropped."""
    names: set[str] = set()
    for path in sorted(shared_data.joinpath(*RAW).glob("*.csv")):
        if path.name != "varsList.csv":
            names |= set(pd.read_csv(path, usecols=["province"])["province"].astype(str))
    cleaning = clean_regions(names)
    assert set(cleaning.codes.values()) == {p.code for p in PROVINCES}
    assert "尔部地区" in cleaning.dropped
    assert cleaning.corrected["两藏"] == "西藏"


def test_unmapped_names_are_all_listed() -> None:
    with pytest.raises(InvalidInput, match="2 region name") as caught:
        clean_regions(["北京", "北平", "火星"])
    assert [d["region"] for d in caught.value.details] == ["北平", "火星"]


def test_wide_panel_reads_31_provinces_by_11_years(shared_data: Path) -> None:
    panel = read_panel(shared_data / "yearbook_panel" / "panel_wide_2012_2022_complete_vars.csv")
    assert panel.layout == "wide"
    assert len(panel.codes) == 31 and panel.years == list(range(2012, 2023))
    assert panel.data.shape == (341, 38) and len(panel.sha256) == 64


def test_long_raw_file_with_ocr_damage_pivots_to_a_clean_panel(shared_data: Path) -> None:
    panel = read_panel(shared_data.joinpath(*RAW, "RDPatentAuthority.csv"))
    assert panel.layout == "long"
    assert len(panel.codes) == 31
    assert {"v4_cg_zlsq2_fm", "v4_cg_zlsq2_hj"} <= set(panel.data.columns)


def test_long_panel_refuses_conflicting_values_for_one_cell() -> None:
    frame = pd.DataFrame(
        {
            "province": ["北京", "北   京"],
            "year": [2020, 2020],
            "variables": ["x", "x"],
            "value": [1, 2],
        }
    )
    with pytest.raises(InvalidInput, match="conflicting values"):
        panel_from_frame(frame)


def test_wide_panel_needs_a_region_column() -> None:
    with pytest.raises(InvalidInput, match="no region"):
        panel_from_frame(pd.DataFrame({"year": [2020], "x": [1.0]}))


def test_contiguity_is_symmetric_without_islands() -> None:
    w = contiguity([p.code for p in PROVINCES])
    np.testing.assert_array_equal(w, w.T)
    assert w.sum(axis=1).min() >= 1 and np.trace(w) == 0
