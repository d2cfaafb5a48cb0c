"""The evidence gate, achieved TRL, re-assessment history, the prior decision and the audit
trail, on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import io

import pytest
from sqlalchemy import select

from tests.factories import ADMIN, make_user, principal
from tests.maturity.helpers import REVIEWER, achievement, meet_level
from xinzhi.catalog.models import Achievement
from xinzhi.core.db import Database
from xinzhi.core.errors import Conflict, Forbidden, InvalidInput
from xinzhi.core.models import AuditLog, Role
from xinzhi.core.settings import Settings
from xinzhi.maturity import evidence, gate, service, views
from xinzhi.maturity.models import TrlAssessment


def test_achieved_level_is_the_highest_contiguous_approved_level() -> None:
    assert gate.achieved_level([]) is None
    assert gate.achieved_level([2, 3]) is None
    assert gate.achieved_level([1, 2, 4, 5]) == 2
    assert gate.achieved_level(range(1, 10)) == 9


def test_approval_is_refused_until_every_applicable_criterion_is_met_with_evidence(
    db: Database, settings: Settings
) -> None:
    ach = achievement(db)
    with db.write(actor="test") as s:
        assessment_id = service.start_assessment(s, ADMIN, ach, scale="gbt", track="hardware").id
    with db.write(actor="test") as s:
        with pytest.raises(InvalidInput) as missing:
            service.approve_level(s, REVIEWER, assessment_id, 1)
        assert {d["reason"].split(" ")[1] for d in missing.value.details} == {"未作答"}
        service.answer(s, ADMIN, assessment_id, "gbt.1.hw.1", "met")
        service.answer(s, ADMIN, assessment_id, "gbt.1.hw.2", "not_applicable", note="无假设")
        with pytest.raises(InvalidInput, match="cannot be approved") as no_file:
            service.approve_level(s, REVIEWER, assessment_id, 1)
        assert [d["criterion"] for d in no_file.value.details] == ["gbt.1.hw.1"]
        service.add_evidence(s, settings, ADMIN, assessment_id, "gbt.1.hw.1", "paper.pdf",
                             io.BytesIO(b"%PDF-1.4 paper"))  # fmt: skip
        approval = service.approve_level(s, REVIEWER, assessment_id, 1, note="论文已核")
        assert approval.reviewer == "reviewer-test" and approval.approved_at is not None
    with db.read() as s:
        achieved = s.get(Achievement, ach)
        assert achieved is not None and (achieved.trl, achieved.trl_scale) == (1, "gbt")


def test_not_met_blocks_and_all_not_applicable_level_cannot_pass(
    db: Database, settings: Settings
) -> None:
    ach = achievement(db)
    with db.write(actor="test") as s:
        a = service.start_assessment(s, ADMIN, ach, scale="nasa", track="software")
        service.answer(s, ADMIN, a.id, "nasa.1.sw.1", "not_met")
        assert gate.blockers_of(a, 1) == ["nasa.1.sw.1 不满足 not met"]
        service.answer(s, ADMIN, a.id, "nasa.1.sw.1", "not_applicable")
        assert gate.blockers_of(a, 1) == ["本级无适用检查项 no applicable criterion"]


def test_gaps_stop_the_achieved_level_and_the_achievement_follows(
    db: Database, settings: Settings
) -> None:
    ach = achievement(db, trl=2, trl_scale="nasa")
    with db.write(actor="test") as s:
        a = service.start_assessment(s, ADMIN, ach, scale="eu", track="both")
        for level in (1, 2, 4):
            meet_level(s, settings, a.id, level)
            service.approve_level(s, REVIEWER, a.id, level)
        assert a.achieved_level == 2
        meet_level(s, settings, a.id, 3)
        service.approve_level(s, REVIEWER, a.id, 3)
        assert a.achieved_level == 4
        assert (s.get(Achievement, ach).trl, s.get(Achievement, ach).trl_scale) == (4, "eu")  # type: ignore[union-attr]
        with pytest.raises(Conflict, match="revoke it first"):
            service.answer(s, ADMIN, a.id, "eu.2.hw.1", "not_met")
        service.revoke_approval(s, REVIEWER, a.id, 2, reason="证据不足")
        assert a.achieved_level == 1
        assert s.get(Achievement, ach).trl == 1  # type: ignore[union-attr]


def test_only_reviewers_approve_and_owners_answer(db: Database, settings: Settings) -> None:
    from tests.factories import make

    org = make(db, "organisations", name="江淮理工大学")
    other = make(db, "organisations", name="另一家公司")
    ach = achievement(db, owner_org_id=org)
    owner = principal(make_user(db, "owner", Role.RESEARCHER, org), "owner", Role.RESEARCHER, org)
    stranger = principal(make_user(db, "x", Role.ENTERPRISE, other), "x", Role.ENTERPRISE, other)
    with db.write(actor="test") as s:
        a = service.start_assessment(s, owner, ach)
        meet_level(s, settings, a.id, 1)
        with pytest.raises(Forbidden):
            service.approve_level(s, owner, a.id, 1)
        with pytest.raises(Forbidden):
            service.answer(s, stranger, a.id, "gbt.1.hw.1", "met")
        service.approve_level(s, REVIEWER, a.id, 1)


def test_reassessment_keeps_history_and_carries_answers_but_not_approvals(
    db: Database, settings: Settings
) -> None:
    ach = achievement(db)
    with db.write(actor="test") as s:
        first = service.start_assessment(s, ADMIN, ach)
        meet_level(s, settings, first.id, 1)
        service.approve_level(s, REVIEWER, first.id, 1)
        first_id = first.id
    with db.write(actor="test") as s:
        second = service.start_assessment(s, ADMIN, ach, note="复评")
        second_id = second.id
        assert second.supersedes_id == first_id and second.approvals == []
        assert {a.criterion_id for a in second.answers} == {"gbt.1.hw.1", "gbt.1.hw.2"}
        assert all(len(a.evidence) == 1 for a in second.answers)
        with pytest.raises(Conflict, match="superseded"):
            service.answer(s, ADMIN, first_id, "gbt.1.hw.1", "not_met")
        service.approve_level(s, REVIEWER, second_id, 1)
    with db.read() as s:
        rows = service.history(s, ADMIN, ach)
        assert [(r.id, r.status, r.achieved_level) for r in rows] == [
            (second_id, "open", 1), (first_id, "superseded", 1)]  # fmt: skip
        audited = set(s.scalars(select(AuditLog.entity_type).where(
            AuditLog.entity_type.like("trl_%"))))  # fmt: skip
        assert audited == {"trl_assessments", "trl_answers", "trl_evidence", "trl_approvals"}
        assert s.scalars(select(AuditLog).where(AuditLog.entity_type == "achievements",
                                                AuditLog.action == "update")).first()  # fmt: skip


def test_evidence_is_stored_once_by_sha256_and_verified(db: Database, settings: Settings) -> None:
    ach = achievement(db)
    body = b"type test report 2026"
    with db.write(actor="test") as s:
        a = service.start_assessment(s, ADMIN, ach)
        service.answer(s, ADMIN, a.id, "gbt.1.hw.1", "met")
        service.answer(s, ADMIN, a.id, "gbt.1.hw.2", "met")
        e1 = service.add_evidence(s, settings, ADMIN, a.id, "gbt.1.hw.1", "../../etc/r.pdf",
                                  io.BytesIO(body))  # fmt: skip
        e2 = service.add_evidence(s, settings, ADMIN, a.id, "gbt.1.hw.2", "r2.pdf",
                                  io.BytesIO(body))  # fmt: skip
        assert e1.sha256 == e2.sha256 == hashlib.sha256(body).hexdigest()
        assert e1.stored_path == e2.stored_path and e1.filename == "r.pdf"
        assert evidence.verify(settings, e1.stored_path, e1.sha256)
        with pytest.raises(InvalidInput, match="evidence type"):
            service.add_evidence(s, settings, ADMIN, a.id, "gbt.1.hw.1", "x.exe", io.BytesIO(b"1"))
        with pytest.raises(InvalidInput, match="empty"):
            service.add_evidence(s, settings, ADMIN, a.id, "gbt.1.hw.1", "x.pdf", io.BytesIO(b""))
    evidence.path_of(settings, e1.stored_path).write_bytes(b"tampered")
    assert not evidence.verify(settings, e1.stored_path, e1.sha256)


def test_oversize_evidence_is_refused(db: Database, settings: Settings) -> None:
    small = settings.model_copy(update={"maturity_evidence_max_mb": 1})
    ach = achievement(db)
    with db.write(actor="test") as s:
        a = service.start_assessment(s, ADMIN, ach)
        service.answer(s, ADMIN, a.id, "gbt.1.hw.1", "met")
        with pytest.raises(InvalidInput, match="larger than 1 MiB"):
            service.add_evidence(s, small, ADMIN, a.id, "gbt.1.hw.1", "big.pdf",
                                 io.BytesIO(b"0" * (1 << 20 | 1)))  # fmt: skip
    assert not list((settings.data_dir / "maturity" / "evidence").glob(".upload-*"))


def test_prior_is_stored_and_a_reviewer_confirms_or_overrides_it(db: Database) -> None:
    ach = achievement(db, patents=("CN110000001B", "CN110000002A"))
    with db.write(actor="test") as s:
        a = service.start_assessment(s, ADMIN, ach)
        assert a.prior is not None and a.prior["level"] == 5
        with pytest.raises(Forbidden):
            service.decide_prior(s, principal(5, "o", Role.RESEARCHER, 1), a.id)
        with pytest.raises(InvalidInput, match="reason"):
            service.decide_prior(s, REVIEWER, a.id, level=4)
        service.decide_prior(s, REVIEWER, a.id, level=4, reason="样机仅为实验室原理样机")
        assert (a.prior_decision, a.prior_decided_level, a.target_level) == ("overridden", 4, 4)
        assert a.prior_reviewer == "reviewer-test" and a.prior_decided_at is not None
        service.decide_prior(s, REVIEWER, a.id)
        assert (a.prior_decision, a.target_level) == ("confirmed", 5)
        reasons = [r["kind"] for r in a.prior["reasons"]]
        assert reasons.count("patent") == 2 and "ignored_keyword" in reasons


def test_view_lists_every_level_with_blockers(db: Database, settings: Settings) -> None:
    ach = achievement(db)
    with db.write(actor="test") as s:
        a = service.start_assessment(s, ADMIN, ach, scale="gbt", track="software")
        meet_level(s, settings, a.id, 1)
        out = views.view(s, a)
    assert [lv.level for lv in out.levels] == list(range(1, 10))
    assert out.levels[0].ready and not out.levels[1].ready
    assert all(c.track == "software" for lv in out.levels for c in lv.criteria)
    assert out.levels[0].criteria[0].evidence[0].sha256


def test_track_report_over_a_query(db: Database, settings: Settings) -> None:
    achievement(db, title="锂电池回收分选", trl=4, trl_scale="nasa")
    achievement(db, title="锂电池正极材料", trl=6, trl_scale="gbt")
    achievement(db, title="光伏组件清洗", trl=9, trl_scale="gbt")
    achievement(db, title="锂电池热管理", trl=None)
    with db.read() as s:
        report = service.track_report(s, ADMIN, q="锂电池", scale="gbt")
    assert (report.matching, report.with_trl, report.evidence_backed) == (3, 2, 0)
    assert report.maturity.mean == 5.0 and report.maturity.approximate == 1


def test_deleting_an_achievement_deletes_its_assessments(db: Database) -> None:
    ach = achievement(db)
    with db.write(actor="test") as s:
        service.start_assessment(s, ADMIN, ach)
    with db.write(actor="test") as s:
        s.delete(s.get(Achievement, ach))
    with db.read() as s:
        assert s.scalars(select(TrlAssessment)).first() is None
