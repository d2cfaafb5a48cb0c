"""The weak-link table on the small world, against values computed by hand.

Placed patents: p1, p2 → 组件 (四川, 2016); p3 (2016), p4 (2012) → 多晶硅 by IPC (江苏); p5 →
电池片 (江苏, 2016); p6 is placed nowhere. All patents: 四川 3, 江苏 3.
组件 in 四川: RTA = (2/3)/(2/6) = 2 → (1 − 1/3)/2 = 1/3; LQ of enterprises = (1/1)/(1/2) = 2 →
1/3; relative growth 0 → 0.5; HHI 1 (one applicant); research 1/(1 + 1 expert) = 0.5; no TRL
4–6 → 1; one open demand (the confidential one, seen by staff) → 0.5; an articulation point →
1. Score = 0.3/3 + 0.15/3 + 0.15·0.5 + 0.1 + 0.1·0.5 + 0.05 + 0.05·0.5 + 0.1 = 0.55.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.chains.conftest import World
from xinzhi.chains import facts, service
from xinzhi.chains.models import Placement
from xinzhi.chains.table import node_table, resolve_region
from xinzhi.core.db import Database
from xinzhi.core.errors import InvalidInput
from xinzhi.core.security import ANONYMOUS, system_principal


def _table(db: Database, placed: World, region: str, principal=None):  # type: ignore[no-untyped-def]
    with db.read() as session:
        chain = service.get_chain(session, placed.chain_id)
        data = facts.load(session, chain, principal or system_principal("test"))
        return {r["key"]: r for r in node_table(chain, data, resolve_region(region))}


def test_placements_of_the_world(db: Database, placed: World) -> None:
    with db.read() as session:
        rows = session.execute(
            select(Placement.entity_type, Placement.entity_id, Placement.node_key)
        ).all()
    ids = placed.ids
    node = {(t, i): k for t, i, k in rows}
    assert node[("patent", ids["p1"])] == "module"
    assert node[("patent", ids["p4"])] == "poly"  # by IPC alone
    assert ("patent", ids["p6"]) not in node
    assert node[("organisation", ids["js_ent"])] in {"poly", "cell"}
    assert node[("expert", ids["expert"])] == "module"
    assert node[("demand", ids["demand"])] == "station"


def test_module_in_sichuan_hand_computed(db: Database, placed: World) -> None:
    row = _table(db, placed, "四川")["module"]
    m = row["measures"]
    assert m["rta"] == pytest.approx(2.0)
    assert m["lq_enterprises"] == pytest.approx(2.0)
    assert m["hhi"] == pytest.approx(1.0)
    assert (m["local_patents"], m["national_patents"], m["share"]) == (2.0, 2.0, 1.0)
    assert m["tiers"] == {"专精特新": 1, "高企": 1}
    assert m["open_demands"] == 1 and m["single_point"] is True
    assert m["data_year"] == 2016 and m["data_date"] == "2016-05-01"
    assert row["weak_score"] == pytest.approx(0.55)
    assert row["reasons"][-1].startswith("数据截至 2016-05-01")


def test_confidential_demand_counts_only_for_those_who_see_it(db: Database, placed: World) -> None:
    row = _table(db, placed, "510000", ANONYMOUS)["module"]
    assert row["measures"]["open_demands"] == 0
    assert row["weak_score"] == pytest.approx(0.525)


def test_polysilicon_is_weak_in_sichuan_and_strong_in_jiangsu(db: Database, placed: World) -> None:
    sichuan = _table(db, placed, "四川")["poly"]
    jiangsu = _table(db, placed, "江苏省")["poly"]
    assert sichuan["measures"]["rta"] == 0.0
    assert jiangsu["measures"]["rta"] == pytest.approx((2 / 3) / (2 / 6))
    assert sichuan["weak_score"] > jiangsu["weak_score"]


def test_city_codes_use_their_province_patents(db: Database, placed: World) -> None:
    row = _table(db, placed, "510100")["module"]
    assert row["measures"]["local_patents"] == 2.0
    assert row["reasons"][-2] == "专利只有省份信息，按四川全省计"


@pytest.mark.parametrize("bad", ["", "火星", "990000"], ids=["empty", "name", "code"])
def test_unknown_regions_are_refused(bad: str) -> None:
    with pytest.raises(InvalidInput):
        resolve_region(bad)


def test_a_catalog_change_makes_the_map_stale_until_refreshed(db: Database, placed: World) -> None:
    from xinzhi.catalog.models import Patent
    from xinzhi.chains.jobs import refresh_stale

    assert _table(db, placed, "四川")["module"]["measures"]["stale"] is False
    assert refresh_stale(db, None) == 0  # type: ignore[arg-type]
    with db.write(actor="test") as session:
        session.get_one(Patent, placed.ids["p6"]).title = "一种光伏组件的清洗装置"
    row = _table(db, placed, "四川")["module"]
    assert row["measures"]["stale"] is True and "定时刷新" in row["reasons"][-1]
    assert refresh_stale(db, None) == 1  # type: ignore[arg-type]
    row = _table(db, placed, "四川")["module"]
    assert row["measures"]["stale"] is False
    assert row["measures"]["local_patents"] == 3.0  # the changed patent is now on 组件
