"""Index systems shipped as YAML validate, and the fusion system's columns exist in the panel."""

from __future__ import annotations

from pathlib import Path

import pytest

from xinzhi.core.errors import InvalidInput, NotFound
from xinzhi.indices.panel import read_panel
from xinzhi.indices.systems import load_system, shipped_systems


def test_shipped_systems_load_and_nqpf_structures_are_marked_unverified() -> None:
    """DOMAIN.md §4.9: the 新质生产力 tables could not be retrieved; mark them verified: false."""
    systems = {s.id: s for s in shipped_systems()}
    assert {"sci_ind_fusion", "nqpf_han_2024", "nqpf_lu_2024", "nqpf_wang_2024"} <= set(systems)
    for system_id, system in systems.items():
        if system_id.startswith("nqpf_"):
            assert not system.verified and not system.runnable


def test_fusion_system_columns_all_exist_in_the_yearbook_panel(shared_data: Path) -> None:
    system = load_system("sci_ind_fusion")
    panel = read_panel(shared_data / "yearbook_panel" / "panel_wide_2012_2022_complete_vars.csv")
    assert [d.name for d in system.dimensions] == ["科技创新", "产业创新"]
    missing = [i.column for i in system.indicators if i.column not in panel.data.columns]
    assert missing == []


def test_structure_only_system_refuses_to_run() -> None:
    with pytest.raises(InvalidInput, match="structure only"):
        load_system("nqpf_han_2024").require_runnable()


def test_invalid_system_reports_the_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "id: bad\nname: x\ndimensions:\n  - name: d\n    sub_dimensions:\n"
        "      - name: s\n        indicators:\n          - {id: a, name: a, direction: up}\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput, match="not a valid index system") as caught:
        load_system(path)
    assert "direction" in caught.value.details[0]["field"]


def test_unknown_system_lists_the_shipped_ones() -> None:
    with pytest.raises(NotFound, match="sci_ind_fusion"):
        load_system("nope")
