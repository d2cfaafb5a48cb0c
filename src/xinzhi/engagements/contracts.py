"""技术合同登记: record a signed engagement's contract with both amounts, the registering
party, the registration deadline and the rule version (rules in ``rules.py``, sources there)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from xinzhi.catalog.models import Achievement, Demand, DemandStatus, Organisation, Patent, Person
from xinzhi.core.errors import Conflict, InvalidInput
from xinzhi.core.security import Principal
from xinzhi.engagements import access, rules
from xinzhi.engagements.messages import CONTRACT_TYPES, STAGES, both, zh
from xinzhi.engagements.models import Engagement, PaymentMilestone, TechContract
from xinzhi.engagements.schemas import ContractCreate, ContractRead, MilestoneRead
from xinzhi.engagements.service import advance_demand, notify
from xinzhi.engagements.stages import SIGNED_OR_LATER

EQUITY_TYPES = frozenset({"transfer", "licensing"})


def _seller(session: Session, e: Engagement) -> tuple[str, str | None]:
    """Name and region of the candidate side, the seller that registers the contract."""
    org: Organisation | None = None
    if e.candidate_type == "organisation":
        org = session.get(Organisation, e.candidate_id)
    elif e.candidate_type == "achievement":
        achievement = session.get(Achievement, e.candidate_id)
        org = achievement.owner if achievement else None
        if org is None and achievement is not None:
            return "", achievement.region_code
    elif e.candidate_type == "person":
        person = session.get(Person, e.candidate_id)
        if person is not None and person.organisation is None:
            return person.name, None
        org = person.organisation if person else None
    elif e.candidate_type == "patent":
        patent = session.get(Patent, e.candidate_id)
        if patent is not None:
            return (patent.applicants[0] if patent.applicants else ""), patent.region_code
    return (org.name, org.region_code) if org else ("", None)


def _check(body: ContractCreate) -> None:
    if body.type == "transfer" and (
        body.expected_investment_wan is None or body.expected_output_wan is None
    ):
        raise InvalidInput(
            "技术转让合同须填写预计新增投入和预计新增产值（登记表 JJ-001 必填） "
            "(a transfer contract needs expected_investment_wan and expected_output_wan)",
            details=[{"field": "expected_investment_wan"}, {"field": "expected_output_wan"}],
        )
    if body.transfer_mode == "equity" and body.type not in EQUITY_TYPES:
        raise InvalidInput(
            "作价投资只适用于技术转让或技术许可合同 (equity goes with transfer or licensing)",
            details=[{"field": "transfer_mode"}],
        )
    paid = sum(m.amount_wan for m in body.milestones)
    if paid > body.amount_wan + 1e-6:
        raise InvalidInput(
            f"付款节点合计 {paid:g} 万元超过合同成交额 {body.amount_wan:g} 万元 "
            "(milestones exceed the contract amount)",
            details=[{"field": "milestones"}],
        )


def record_contract(
    session: Session, principal: Principal, engagement_id: int, body: ContractCreate
) -> TechContract:
    """Record the contract of an engagement at 已签约 or later; the demand becomes 已签约."""
    e = access.get_visible(session, principal, engagement_id)
    if e.stage not in SIGNED_OR_LATER:
        raise Conflict(
            f"只有「已签约」及以后阶段才能登记合同，当前为「{both(STAGES, e.stage)}」 "
            "(a contract is recorded at stage signed or later)",
            details=[{"field": "stage", "current": e.stage}],
        )
    if e.contract is not None:
        raise Conflict(f"对接 #{e.id} 已登记合同 #{e.contract.id} (contract already recorded)")
    _check(body)
    if body.rule_version:
        rule = rules.rule_by_version(body.rule_version)
        if rule is None:
            known = "、".join(r.version for r in rules.RULES)
            raise InvalidInput(f"未知登记规则版本 {body.rule_version!r}，应为 {known}")
    else:
        rule = rules.rule_for(body.signed_on)
    tech = body.tech_amount_wan
    if tech is None:
        tech = rules.tech_amount(body.amount_wan, body.non_tech_amount_wan)
    days, working = rules.review_period(rule, tech)
    demand = session.get_one(Demand, e.demand_id)
    seller_name, seller_region = _seller(session, e)
    buyer = demand.owner
    contract = TechContract(
        contract_type=body.type,
        transfer_mode=body.transfer_mode,
        payment_form=body.payment_form,
        project_name=body.project_name or demand.title,
        amount_wan=body.amount_wan,
        non_tech_amount_wan=body.non_tech_amount_wan,
        tech_amount_wan=tech,
        signed_on=body.signed_on,
        valid_until=body.valid_until,
        buyer_name=body.buyer_name
        if body.buyer_name is not None
        else (buyer.name if buyer else ""),
        buyer_region_code=buyer.region_code if buyer else demand.region_code,
        seller_name=body.seller_name if body.seller_name is not None else seller_name,
        seller_region_code=seller_region,
        registering_party="seller",
        registration_no=body.registration_no,
        registration_deadline=rules.registration_deadline(rule, body.signed_on),
        review_days=days,
        review_working_days=working,
        expected_investment_wan=body.expected_investment_wan,
        expected_output_wan=body.expected_output_wan,
        rule_version=rule.version,
        note=body.note,
        milestones=[PaymentMilestone(**m.model_dump()) for m in body.milestones],
    )
    e.contract = contract
    advance_demand(demand, DemandStatus.SIGNED)
    session.flush()
    notify(session, principal, "contract.recorded", e, demand)
    return contract


def read_contract(c: TechContract) -> ContractRead:
    return ContractRead(
        id=c.id,
        engagement_id=c.engagement_id,
        type=c.contract_type,
        type_label=zh(CONTRACT_TYPES, c.contract_type),
        transfer_mode=c.transfer_mode,
        payment_form=c.payment_form,
        project_name=c.project_name,
        amount_wan=c.amount_wan,
        non_tech_amount_wan=c.non_tech_amount_wan,
        tech_amount_wan=c.tech_amount_wan,
        signed_on=c.signed_on,
        valid_until=c.valid_until,
        buyer_name=c.buyer_name,
        buyer_region_code=c.buyer_region_code,
        seller_name=c.seller_name,
        seller_region_code=c.seller_region_code,
        registering_party=c.registering_party,
        registration_no=c.registration_no,
        registration_deadline=c.registration_deadline,
        review_days=c.review_days,
        review_working_days=c.review_working_days,
        expected_investment_wan=c.expected_investment_wan,
        expected_output_wan=c.expected_output_wan,
        rule_version=c.rule_version,
        milestones=[
            MilestoneRead(
                id=m.id,
                due_on=m.due_on,
                amount_wan=m.amount_wan,
                paid=m.paid,
                paid_on=m.paid_on,
                note=m.note,
            )
            for m in c.milestones
        ],
    )
