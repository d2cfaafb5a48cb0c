"""The funnel on a hand-built set, contract statistics in the two report groups, outcome labels
for the matcher, follow-ups and the 技术合同 export."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook
from sqlalchemy import select

from tests.factories import ADMIN, make, make_user
from xinzhi.core.db import Database
from xinzhi.core.events import Notice, subscribe, unsubscribe
from xinzhi.core.models import Role
from xinzhi.engagements import contracts, followups, service, stats
from xinzhi.engagements.export import HEADERS, write_contracts
from xinzhi.engagements.models import EngagementStage
from xinzhi.engagements.schemas import (
    ContactCreate,
    ContractCreate,
    EngagementCreate,
    StageChange,
)
from xinzhi.engagements.stages import ORDER


def _open(db: Database, demand: int, org: int) -> int:
    body = EngagementCreate(demand_id=demand, candidate_type="organisation", candidate_id=org)
    with db.write() as session:
        return service.create(session, ADMIN, body).id


def _to(db: Database, eid: int, stage: str, reason: str | None = None) -> None:
    path = ["terminated"] if stage == "terminated" else list(ORDER[1 : ORDER.index(stage) + 1])
    for s in path:
        with db.write() as session:
            service.change_stage(session, ADMIN, eid, StageChange(stage=s, reason=reason))


def _set_days(db: Database, eid: int, stage: str, days: float) -> None:
    with db.write() as session:
        stay = session.scalars(
            select(EngagementStage).where(
                EngagementStage.engagement_id == eid, EngagementStage.stage == stage
            )
        ).one()
        assert stay.left_at is not None
        stay.entered_at = stay.left_at - dt.timedelta(days=days)


def _hand_built(db: Database, ids: dict[str, int]) -> dict[str, int]:
    """Four demands, five engagements:

    E1 (D1) stays at recommended; E2 (D1) contacted, then terminated for 技术不匹配;
    E3 (D2) reaches signed; E4 (D2) completed; E5 (D3) contacted; D4 has none.

    Reached at least: recommended 5, contacted 4 (E2–E5), interested 2, negotiating 2,
    signed 2, implementing 1, completed 1; terminated 1.
    Conversion: contacted 4/5 = 0.8, interested 2/4 = 0.5, negotiating 2/2 = 1, signed 1,
    implementing 1/2 = 0.5, completed 1/1 = 1.
    Ended stays in recommended: E2 1 d, E3 2 d, E4 3 d, E5 10 d → median 2.5 (E1's is open).
    Ended stays in contacted: E2 4 d, E3 6 d, E4 8 d → median 6 (E5's is open).
    Pipeline: demands 4 (D2 is the confidential one, which an admin sees), matched 3,
    contacted 3 (D1 by E2, D2, D3), signed 1 (D2), completed 1 (D2).
    """
    d1, d2 = ids["demand"], ids["secret_demand"]
    d3 = make(db, "demands", title="储能电池热管理", field="能源", region_code="320200")
    make(db, "demands", title="风电叶片检测", field="装备", region_code="110000")
    orgs = [ids["uni"], ids["uni2"], ids["other_org"]]
    e = {
        "E1": _open(db, d1, orgs[0]),
        "E2": _open(db, d1, orgs[1]),
        "E3": _open(db, d2, orgs[0]),
        "E4": _open(db, d2, orgs[1]),
        "E5": _open(db, d3, orgs[2]),
    }
    _to(db, e["E2"], "contacted")
    _to(db, e["E2"], "terminated", "mismatch")
    _to(db, e["E3"], "signed")
    _to(db, e["E4"], "completed")
    _to(db, e["E5"], "contacted")
    for name, days in (("E2", 1), ("E3", 2), ("E4", 3), ("E5", 10)):
        _set_days(db, e[name], "recommended", days)
    for name, days in (("E2", 4), ("E3", 6), ("E4", 8)):
        _set_days(db, e[name], "contacted", days)
    return e


def test_funnel_numbers_on_a_hand_built_set(db: Database, ids: dict[str, int]) -> None:
    _hand_built(db, ids)
    with db.read() as session:
        f = stats.funnel(session, ADMIN)
    assert f["stages"] == {
        "recommended": 5,
        "contacted": 4,
        "interested": 2,
        "negotiating": 2,
        "signed": 2,
        "implementing": 1,
        "completed": 1,
    }
    assert f["terminated"] == 1
    assert f["conversion"] == {
        "contacted": 0.8,
        "interested": 0.5,
        "negotiating": 1.0,
        "signed": 1.0,
        "implementing": 0.5,
        "completed": 1.0,
    }
    assert f["median_days"]["recommended"] == 2.5
    assert f["median_days"]["contacted"] == 6.0
    assert f["pipeline"] == {
        "demands": 4,
        "matched": 3,
        "contacted": 3,
        "signed": 1,
        "completed": 1,
    }


def test_funnel_filters_by_region_and_field(db: Database, ids: dict[str, int]) -> None:
    _hand_built(db, ids)
    with db.read() as session:
        wuxi = stats.funnel(session, ADMIN, stats.Filters(region="320200"))
        equipment = stats.funnel(session, ADMIN, stats.Filters(field="装备"))
        future = stats.funnel(session, ADMIN, stats.Filters(date_from=dt.date(2100, 1, 1)))
    assert wuxi["stages"]["recommended"] == 1 and wuxi["pipeline"]["demands"] == 1
    assert equipment["total"] == 0 and equipment["pipeline"]["demands"] == 1
    assert future["total"] == 0


def test_outcome_labels_for_the_matcher(db: Database, ids: dict[str, int]) -> None:
    e = _hand_built(db, ids)
    with db.read() as session:
        labels = stats.outcome_labels(session)
    assert (ids["demand"], "organisation", ids["uni2"], 0) in labels  # E2: 技术不匹配
    assert (ids["secret_demand"], "organisation", ids["uni"], 1) in labels  # E3 signed
    assert (ids["secret_demand"], "organisation", ids["uni2"], 1) in labels  # E4 completed
    assert len(labels) == 3, e


def _contract(db: Database, eid: int, ctype: str, amount: float, signed_on: str) -> None:
    body = ContractCreate.model_validate(
        {
            "type": ctype,
            "amount_wan": amount,
            "signed_on": signed_on,
            "expected_investment_wan": 1,
            "expected_output_wan": 2,
            "registration_no": "3201002026000001",
        }
    )
    with db.write() as session:
        contracts.record_contract(session, ADMIN, eid, body)


def test_contract_stats_by_type_group_month_and_the_xlsx_export(
    db: Database, ids: dict[str, int]
) -> None:
    e = _hand_built(db, ids)
    _contract(db, e["E3"], "licensing", 80, "2026-02-10")
    _contract(db, e["E4"], "development", 50, "2026-03-05")
    with db.read() as session:
        s = stats.contract_stats(session, ADMIN)
        rows = stats.visible_contracts(session, ADMIN)
        out = io.BytesIO()
        write_contracts(rows, out)
    assert s["count"] == 2 and s["amount_wan"] == 130
    assert {b["label"]: b["amount_wan"] for b in s["by_group"]} == {
        "转让/许可/作价投资": 80,
        "开发/咨询/服务": 50,
    }
    assert [b["key"] for b in s["by_month"]] == ["2026-02", "2026-03"]
    assert {b["label"] for b in s["by_type"]} == {"技术许可", "技术开发"}
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header == list(HEADERS)
    assert "技术交易额（万元）" in header and "预计新增投入（万元）" in header
    assert sheet.max_row == 3
    assert sheet.cell(2, 1).value == "3201002026000001"


def test_follow_ups_due_are_listed_and_notified_once(db: Database, ids: dict[str, int]) -> None:
    seen: list[Notice] = []

    def listen(_session: object, notice: Notice) -> None:
        seen.append(notice)

    subscribe(Notice, listen)
    try:
        eid = _open(db, ids["demand"], ids["uni"])
        broker = make_user(db, "broker", Role.BROKER)
        with db.write() as session:
            service.assign(session, ADMIN, eid, broker)
            body = ContactCreate.model_validate(
                {
                    "date": "2026-03-01",
                    "channel": "phone",
                    "summary": "初次电话沟通",
                    "next_follow_up": "2026-03-05",
                }
            )
            service.add_contact(session, ADMIN, eid, body)
        with db.read() as session:
            due = followups.overdue_follow_ups(session, ADMIN, dt.date(2026, 3, 6))
            early = followups.overdue_follow_ups(session, ADMIN, dt.date(2026, 3, 4))
        assert [d.engagement_id for d in due] == [eid] and due[0].overdue
        assert early == []
        seen.clear()
        with db.write() as session:
            assert followups.notify_due_follow_ups(session, ADMIN, dt.date(2026, 3, 5)) == 1
        with db.write() as session:
            assert followups.notify_due_follow_ups(session, ADMIN, dt.date(2026, 3, 6)) == 0
        assert [(n.kind, n.recipients) for n in seen] == [("engagement.follow_up_due", (broker,))]
        assert seen[0].link == f"/engagements/{eid}"
    finally:
        unsubscribe(Notice, listen)
