"""Idempotent upsert by natural key: what a second file updates, leaves alone and audits."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from tests.catalog.importing.helpers import run, write_csv
from xinzhi.catalog import service
from xinzhi.catalog.entities import ENTITIES
from xinzhi.catalog.models import Demand
from xinzhi.core.db import Database
from xinzhi.core.models import AuditLog
from xinzhi.core.security import system_principal

FIRST = (
    "需求编号,需求名称,预算,需求描述,联系人\n"
    "D1,储能系统,10~50万,储能电站的电池管理,王工\n"
    "D2,热泵,面议,,\n"
)


def test_changed_rows_update_with_before_and_after_of_changed_fields(
    db: Database, tmp_path: Path
) -> None:
    run(db, "demands", write_csv(tmp_path / "a.csv", FIRST))
    changed = FIRST.replace("10~50万", "50-200万元")
    report = run(db, "demands", write_csv(tmp_path / "b.csv", changed))
    assert (report.counts.created, report.counts.updated, report.counts.unchanged) == (0, 1, 1)
    with db.read() as session:
        audit = session.scalar(select(AuditLog).where(AuditLog.action == "update"))
        assert audit is not None and audit.entity_type == "demands"
        assert audit.before == {
            "budget_text": "10~50万",
            "budget_min_wan": 10.0,
            "budget_max_wan": 50.0,
        }
        assert audit.after == {
            "budget_text": "50-200万元",
            "budget_min_wan": 50.0,
            "budget_max_wan": 200.0,
        }


def test_columns_a_file_lacks_are_left_as_they_are(db: Database, tmp_path: Path) -> None:
    run(db, "demands", write_csv(tmp_path / "a.csv", FIRST))
    partial = "需求编号,需求名称,备注\nD1,储能系统,加急\n"
    report = run(db, "demands", write_csv(tmp_path / "b.csv", partial))
    assert report.counts.updated == 1
    with db.read() as session:
        demand = session.scalar(select(Demand).where(Demand.external_id == "D1"))
        assert demand is not None
        assert demand.detail == "储能电站的电池管理" and demand.budget_max_wan == 50
        assert demand.extra == {"备注": "加急"} and demand.contact_name == "王工"
        assert demand.source == "a.csv"


def test_updated_titles_are_found_by_search(db: Database, tmp_path: Path) -> None:
    run(db, "demands", write_csv(tmp_path / "a.csv", FIRST))
    run(db, "demands", write_csv(tmp_path / "b.csv", FIRST.replace("热泵", "空气源热泵烘干")))
    with db.read() as session:
        found = service.list_records(session, ENTITIES["demands"], system_principal(), q="烘干")
        assert [d.external_id for d in found.items] == ["D2"]


def test_records_edited_through_the_service_count_as_unchanged_when_equal(
    db: Database, tmp_path: Path
) -> None:
    """The importer's content hash is the service's, so either path recognises the other."""
    entity = ENTITIES["demands"]
    with db.write() as session:
        data = entity.create.model_validate(
            {"title": "热泵", "external_id": "D2", "budget_text": "面议"}
        )
        service.create_record(session, entity, system_principal(), data)
    text = "需求编号,需求名称,预算\nD2,热泵,面议\n"
    report = run(db, "demands", write_csv(tmp_path / "a.csv", text))
    assert (report.counts.created, report.counts.updated, report.counts.unchanged) == (0, 0, 1)
