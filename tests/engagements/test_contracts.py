"""技术合同登记: only at 已签约 or later, both amounts, seller registers, versioned deadline rules,
and the demand status that follows the contract."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.factories import ADMIN
from xinzhi.catalog.models import Demand
from xinzhi.core.db import Database
from xinzhi.core.errors import Conflict, InvalidInput
from xinzhi.engagements import contracts, rules, service
from xinzhi.engagements.schemas import ContractCreate, EngagementCreate, StageChange
from xinzhi.engagements.stages import ORDER

TRANSFER: dict[str, Any] = {
    "type": "transfer",
    "amount_wan": 120.0,
    "non_tech_amount_wan": 20.0,
    "signed_on": "2026-03-02",
    "expected_investment_wan": 500.0,
    "expected_output_wan": 3000.0,
}


def _engagement_at(db: Database, ids: dict[str, int], stage: str) -> int:
    body = EngagementCreate(
        demand_id=ids["demand"], candidate_type="achievement", candidate_id=ids["achievement"]
    )
    with db.write(actor="test") as session:
        eid = service.create(session, ADMIN, body).id
    for s in ORDER[1 : ORDER.index(stage) + 1]:
        with db.write(actor="test") as session:
            service.change_stage(session, ADMIN, eid, StageChange(stage=s))
    return eid


def _record(db: Database, eid: int, **values: Any) -> Any:
    body = ContractCreate.model_validate({**TRANSFER, **values})
    with db.write(actor="test") as session:
        return contracts.read_contract(contracts.record_contract(session, ADMIN, eid, body))


@pytest.mark.parametrize("stage", ["recommended", "contacted", "interested", "negotiating"])
def test_contract_before_signed_is_a_conflict(
    db: Database, ids: dict[str, int], stage: str
) -> None:
    eid = _engagement_at(db, ids, stage)
    with pytest.raises(Conflict, match="已签约"):
        _record(db, eid)


def test_contract_at_signed_records_amounts_parties_and_deadline(
    db: Database, ids: dict[str, int]
) -> None:
    eid = _engagement_at(db, ids, "signed")
    contract = _record(db, eid, milestones=[{"due_on": "2026-04-01", "amount_wan": 60}])
    assert contract.tech_amount_wan == 100.0  # 120 − 20 of equipment and materials
    assert contract.registering_party == "seller"
    assert contract.seller_name == "南京理工大学" and contract.seller_region_code == "320100"
    assert contract.buyer_name == "苏州光能科技有限公司"
    # signed 2026-03-02, after the 2026-01-23 rules: apply within 30 days, 15 working days' review
    assert contract.rule_version == "2026"
    assert contract.registration_deadline == dt.date(2026, 4, 1)
    assert (contract.review_days, contract.review_working_days) == (15, True)
    assert [m.amount_wan for m in contract.milestones] == [60.0]
    with db.read() as session:
        assert session.get_one(Demand, ids["demand"]).status == "signed"
    with pytest.raises(Conflict):
        _record(db, eid)


def test_explicit_tech_amount_and_large_deal_needs_expert_review(
    db: Database, ids: dict[str, int]
) -> None:
    eid = _engagement_at(db, ids, "implementing")
    contract = _record(db, eid, amount_wan=900.0, non_tech_amount_wan=0, tech_amount_wan=600.0)
    assert contract.tech_amount_wan == 600.0
    assert (contract.review_days, contract.review_working_days) == (30, True)  # ≥ 500万元


def test_contract_signed_before_2026_follows_the_2000_rules(
    db: Database, ids: dict[str, int]
) -> None:
    eid = _engagement_at(db, ids, "signed")
    contract = _record(db, eid, signed_on="2025-11-10")
    assert contract.rule_version == "2000"
    assert (contract.review_days, contract.review_working_days) == (30, False)
    assert contract.registration_deadline == dt.date(2025, 12, 10)


def test_transfer_needs_expected_investment_and_output(db: Database, ids: dict[str, int]) -> None:
    eid = _engagement_at(db, ids, "signed")
    with pytest.raises(InvalidInput, match="预计新增投入"):
        _record(db, eid, expected_investment_wan=None)
    _record(db, eid, type="development", expected_investment_wan=None, expected_output_wan=None)


def test_equity_only_with_transfer_or_licensing(db: Database, ids: dict[str, int]) -> None:
    eid = _engagement_at(db, ids, "signed")
    with pytest.raises(InvalidInput, match="作价投资"):
        _record(db, eid, type="service", transfer_mode="equity")
    assert _record(db, eid, type="licensing", transfer_mode="equity").type_label == "技术许可"


def test_amount_checks(db: Database, ids: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="非技术性款项"):
        ContractCreate.model_validate({**TRANSFER, "non_tech_amount_wan": 200})
    eid = _engagement_at(db, ids, "signed")
    with pytest.raises(InvalidInput, match="付款节点"):
        _record(db, eid, milestones=[{"due_on": "2026-04-01", "amount_wan": 200}])


def test_completed_engagement_solves_the_demand(db: Database, ids: dict[str, int]) -> None:
    eid = _engagement_at(db, ids, "signed")
    _record(db, eid)
    for s in ("implementing", "completed"):
        with db.write() as session:
            service.change_stage(session, ADMIN, eid, StageChange(stage=s))
    with db.read() as session:
        assert session.get_one(Demand, ids["demand"]).status == "solved"


def test_rule_kernel() -> None:
    assert rules.tech_amount(120, 20) == 100
    assert rules.rule_for(dt.date(2026, 1, 22)).version == "2000"
    assert rules.rule_for(dt.date(2026, 1, 23)).version == "2026"
