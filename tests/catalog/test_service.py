"""Catalog services: CRUD through the registry, visibility, audit, search, natural keys."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.factories import ADMIN, make, make_user, principal
from xinzhi.catalog import service
from xinzhi.catalog.entities import ENTITIES
from xinzhi.core.db import Database
from xinzhi.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from xinzhi.core.models import AuditLog, Role

DEMANDS = ENTITIES["demands"]


def test_create_update_delete_are_audited_with_before_and_after(db: Database) -> None:
    demand_id = make(db, "demands", title="锂电池回收技术", field="新能源")
    with db.write(actor="user:alice") as session:
        update = DEMANDS.update.model_validate({"field": "节能环保"})
        service.update_record(session, DEMANDS, ADMIN, demand_id, update)
    with db.write(actor="user:bob") as session:
        service.delete_record(session, DEMANDS, ADMIN, demand_id)
    with db.read() as session:
        rows = session.scalars(
            select(AuditLog).where(AuditLog.entity_type == "demands").order_by(AuditLog.id)
        ).all()
        session.expunge_all()
    assert [r.action for r in rows] == ["create", "update", "delete"]
    assert rows[0].after is not None and rows[0].after["title"] == "锂电池回收技术"
    assert rows[1].actor == "user:alice"
    assert rows[1].before == {"field": "新能源"} and rows[1].after == {"field": "节能环保"}
    assert rows[2].before is not None and rows[2].before["id"] == demand_id


def test_failed_unit_of_work_leaves_no_record_and_no_audit(db: Database) -> None:
    with pytest.raises(RuntimeError), db.write(actor="test") as session:
        data = DEMANDS.create.model_validate({"title": "回滚测试"})
        service.create_record(session, DEMANDS, ADMIN, data)
        raise RuntimeError("boom")
    with db.read() as session:
        assert session.scalar(select(AuditLog.id)) is None
        assert service.list_records(session, DEMANDS, ADMIN).total == 0


def test_chinese_search_finds_two_character_words_inside_longer_ones(db: Database) -> None:
    make(db, "demands", title="退役动力电池快速分选", detail="需要锂电池健康状态评估")
    make(db, "demands", title="茶多酚绿色提取工艺")
    with db.read() as session:
        for query in ("电池", "锂电池", "分选", "健康状态"):
            page = service.list_records(session, DEMANDS, ADMIN, q=query)
            assert [o.title for o in page.items] == ["退役动力电池快速分选"], query
        assert service.list_records(session, DEMANDS, ADMIN, q="光伏").total == 0
        assert service.list_records(session, DEMANDS, ADMIN, q="，。").total == 0


def test_search_index_follows_updates_and_deletes(db: Database) -> None:
    demand_id = make(db, "demands", title="光伏玻璃镀膜")
    with db.write() as session:
        update = DEMANDS.update.model_validate({"title": "柔性电子玻璃"})
        service.update_record(session, DEMANDS, ADMIN, demand_id, update)
    with db.read() as session:
        assert service.list_records(session, DEMANDS, ADMIN, q="光伏").total == 0
        assert service.list_records(session, DEMANDS, ADMIN, q="柔性").total == 1
    with db.write() as session:
        service.delete_record(session, DEMANDS, ADMIN, demand_id)
    with db.read() as session:
        assert service.list_records(session, DEMANDS, ADMIN, q="柔性").total == 0


def test_confidential_demand_is_visible_to_owner_and_staff_only(db: Database) -> None:
    own = make(db, "organisations", name="智联动力")
    other = make(db, "organisations", name="皖江新材料")
    secret = make(
        db, "demands", title="高镍正极改性", owner_org_id=own, confidentiality="confidential"
    )
    make(db, "demands", title="公开需求", owner_org_id=own)
    viewers = {
        "owner": (principal(1, "o", Role.ENTERPRISE, own), True),
        "other_enterprise": (principal(2, "x", Role.ENTERPRISE, other), False),
        "researcher_no_org": (principal(3, "r", Role.RESEARCHER), False),
        "reviewer": (principal(4, "v", Role.REVIEWER), False),
        "broker": (principal(5, "b", Role.BROKER), True),
        "admin": (principal(6, "a", Role.ADMIN), True),
    }
    with db.read() as session:
        for name, (who, sees) in viewers.items():
            titles = {o.title for o in service.list_records(session, DEMANDS, who).items}
            assert ("高镍正极改性" in titles) is sees, name
            assert "公开需求" in titles, name
            searched = service.list_records(session, DEMANDS, who, q="正极").total
            assert searched == (1 if sees else 0), name
            if sees:
                service.get_record(session, DEMANDS, who, secret)
            else:
                with pytest.raises(NotFound):
                    service.get_record(session, DEMANDS, who, secret)


def test_enterprise_users_edit_only_their_own_organisations_records(db: Database) -> None:
    own = make(db, "organisations", name="智联动力")
    other = make(db, "organisations", name="皖江新材料")
    theirs = make(db, "demands", title="别家的需求", owner_org_id=other)
    user = principal(make_user(db, "ent", Role.ENTERPRISE, own), "ent", Role.ENTERPRISE, own)
    with db.write() as session:
        created = service.create_record(
            session, DEMANDS, user, DEMANDS.create.model_validate({"title": "我的需求"})
        )
        assert created.owner_org_id == own
    with pytest.raises(Forbidden), db.write() as session:
        service.update_record(
            session, DEMANDS, user, theirs, DEMANDS.update.model_validate({"title": "改"})
        )
    reviewer = principal(9, "rev", Role.REVIEWER)
    with pytest.raises(Forbidden), db.write() as session:
        service.create_record(
            session, DEMANDS, reviewer, DEMANDS.create.model_validate({"title": "评审不能建"})
        )


def test_same_natural_key_conflicts_and_invalid_update_is_rejected(db: Database) -> None:
    make(db, "patents", pub_no="CN101934926A", title="一种皮带运输洒煤自动清理方法")
    with pytest.raises(Conflict):
        make(db, "patents", pub_no="cn101934926a", title="重复")
    demand_id = make(db, "demands", title="预算测试")
    with pytest.raises(InvalidInput) as err, db.write() as session:
        update = DEMANDS.update.model_validate({"budget_min_wan": 50, "budget_max_wan": 10})
        service.update_record(session, DEMANDS, ADMIN, demand_id, update)
    assert "budget" in str(err.value.details)


def test_credit_code_check_character_is_verified(db: Database) -> None:
    make(db, "organisations", name="合规企业", credit_code="91340200UCQWD18YGL")
    with pytest.raises(InvalidInput):
        service.validate(
            ENTITIES["organisations"].create,
            {"name": "错误代码", "credit_code": "91340200UCQWD18YGA"},
        )
