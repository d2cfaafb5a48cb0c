"""The demo data set loads through the importer, is idempotent and covers every role."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from xinzhi.app.demo import load_demo
from xinzhi.catalog import service
from xinzhi.catalog.entities import ENTITIES
from xinzhi.catalog.models import Demand, Link
from xinzhi.core.db import Database
from xinzhi.core.errors import ConfigError
from xinzhi.core.models import Role, User
from xinzhi.core.security import authenticate, principal_of
from xinzhi.core.settings import Settings


def test_demo_loads_once_and_reloads_without_changes(db: Database) -> None:
    first = load_demo(db)
    assert first["csl_achievements"]["created"] == 300
    assert first["demands"]["created"] == 20 and first["links"]["created"] == 7
    second = load_demo(db)
    assert second["csl_achievements"]["created"] == 0 and second["demands"]["updated"] == 0
    assert second["links"]["created"] == 0 and second["users"]["created"] == 0
    with db.read() as session:
        roles = set(session.scalars(select(User.role)))
        assert roles == {r.value for r in Role}
        assert session.scalar(select(func.count()).select_from(Link)) == 7


def test_demo_accounts_log_in_and_confidentiality_holds(db: Database, settings: Settings) -> None:
    load_demo(db)
    with db.write() as session:
        owner = principal_of(authenticate(session, "enterprise", settings.demo_password))
        other = principal_of(authenticate(session, "enterprise2", settings.demo_password))
    demands = ENTITIES["demands"]
    with db.read() as session:
        secret = session.scalar(
            select(Demand).where(Demand.title == "高镍三元正极材料循环稳定性提升")
        )
        assert secret is not None and secret.confidentiality == "confidential"
        assert secret.owner_org_id == owner.organisation_id
        seen_by_owner = service.list_records(session, demands, owner, q="高镍").total
        seen_by_other = service.list_records(session, demands, other, q="高镍").total
    assert (seen_by_owner, seen_by_other) == (1, 0)


def test_demo_is_refused_in_production(db: Database, settings: Settings) -> None:
    production = settings.model_copy(update={"env": "production"})
    db.settings = production
    with pytest.raises(ConfigError):
        load_demo(db)
