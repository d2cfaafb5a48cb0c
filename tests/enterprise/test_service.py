"""Stored profiles: linked to an organisation, yearly rows kept in step, every change audited."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.enterprise.helpers import YEAR, firm
from xinzhi.catalog.models import Organisation
from xinzhi.core.db import Database
from xinzhi.core.models import AuditLog
from xinzhi.core.security import system_principal
from xinzhi.enterprise import service
from xinzhi.enterprise.assessment import assess
from xinzhi.enterprise.models import EnterpriseAssessmentRow


def test_saving_a_profile_creates_its_organisation_and_round_trips(db: Database) -> None:
    profile = firm({YEAR: {"revenue": 100.5, "employees": 20}}, region_code="440300",
                   ip=[{"kind": "invention"}], declarations={"own_brand": True})  # fmt: skip
    with db.write(actor="test") as session:
        row = service.save_profile(session, profile)
        pid = row.id
    with db.read() as session:
        back = service.get_profile(session, pid)
        org = session.scalars(select(Organisation)).one()
        assert back == profile
        assert org.name == "测试企业" and org.kind == "enterprise"


def test_saving_again_updates_years_and_audits_each_change(db: Database) -> None:
    with db.write(actor="test") as session:
        pid = service.save_profile(
            session, firm({YEAR - 1: {"revenue": 1}, YEAR: {"revenue": 2}})
        ).id
    with db.write(actor="editor") as session:
        service.save_profile(session, firm({YEAR: {"revenue": 3}}))
    with db.read() as session:
        back = service.get_profile(session, pid)
        log = session.scalars(select(AuditLog).where(AuditLog.actor == "editor")).all()
        actions = {(e.entity_type, e.action) for e in log}
    assert [(y.year, y.revenue) for y in back.years] == [(YEAR, 3)]
    assert ("enterprise_years", "update") in actions and ("enterprise_years", "delete") in actions


def test_assessments_are_stored_with_rule_set_and_parameters(db: Database) -> None:
    with db.write() as session:
        pid = service.save_profile(session, firm()).id
        result = assess(service.get_profile(session, pid), "miit-2022", as_of=dt.date(2026, 5, 1),
                        overrides={"innovative-2022": {"score.pass.min": 61}})  # fmt: skip
        service.store_assessment(session, pid, result, system_principal("test"))
    with db.read() as session:
        stored = session.scalars(select(EnterpriseAssessmentRow)).one()
        assert stored.rule_set == "miit-2022" and stored.parameters["innovative-2022"]
        assert stored.result["tiers"][0]["pack"] == "innovative-2022"
