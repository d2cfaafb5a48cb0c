"""Chain files: what is accepted (English stages too), and errors that name node and field."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.chains.conftest import CHAIN
from xinzhi.chains import spec
from xinzhi.core.errors import InvalidInput


def _broken(**change: Any) -> dict[str, Any]:
    data = copy.deepcopy(CHAIN)
    node = data["nodes"][1]
    node.update(change)
    return data


def test_shipped_chains_are_valid_with_real_ipc_codes() -> None:
    pv, li = spec.shipped()
    assert (pv["name"], li["name"]) == ("光伏", "锂电池/储能")
    assert {"polysilicon", "wafer", "cell", "module", "inverter", "station"} <= {
        n["key"] for n in pv["nodes"]
    }
    assert "H01L31/18" in next(n for n in pv["nodes"] if n["key"] == "cell")["ipc"]
    assert any(n["flagship"] for n in li["nodes"])


def test_english_stages_are_read() -> None:
    nodes = spec.validate(CHAIN)["nodes"]
    assert [n["stage"] for n in nodes] == [
        "upstream", "midstream", "upstream", "midstream", "downstream",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"stage": "中间"}, "stage"),
        ({"upstream": ["nowhere"]}, "upstream"),
        ({"ipc": ["XYZ"]}, "ipc"),
        ({"flagship": "yes"}, "flagship"),
        ({"name": ""}, "name"),
        ({"keywords": "太阳能电池"}, None),  # a single string is a one-item list
    ],
    ids=["stage", "upstream", "ipc", "flagship", "name", "keyword-string"],
)
def test_errors_name_node_and_field(change: dict[str, Any], field: str | None) -> None:
    if field is None:
        assert spec.validate(_broken(**change))["nodes"][1]["keywords"] == ["太阳能电池"]
        return
    with pytest.raises(InvalidInput) as caught:
        spec.validate(_broken(**change))
    assert caught.value.details[0]["node"] == "cell"
    assert caught.value.details[0]["field"] == field
    assert "cell" in caught.value.message and field in caught.value.message


def test_cycles_and_duplicates_are_refused() -> None:
    data = copy.deepcopy(CHAIN)
    data["nodes"][0]["upstream"] = ["station"]
    with pytest.raises(InvalidInput, match="环"):
        spec.validate(data)
    data = copy.deepcopy(CHAIN)
    data["nodes"].append(dict(data["nodes"][0]))
    with pytest.raises(InvalidInput, match="重复"):
        spec.validate(data)
