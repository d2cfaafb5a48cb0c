"""Small factories for test data, written through the real services."""

from __future__ import annotations

from typing import Any

from xinzhi.catalog import service
from xinzhi.catalog.entities import ENTITIES
from xinzhi.core.db import Database
from xinzhi.core.models import Role
from xinzhi.core.security import Principal, create_user, system_principal

ADMIN = system_principal("test")
PASSWORD = "correct-horse-battery"


def make(db: Database, entity: str, **values: Any) -> int:
    """Create one record as an admin and return its id."""
    spec = ENTITIES[entity]
    with db.write(actor="test") as session:
        obj = service.create_record(session, spec, ADMIN, spec.create.model_validate(values))
        return int(obj.id)


def make_user(db: Database, username: str, role: Role, organisation_id: int | None = None) -> int:
    with db.write(actor="test") as session:
        user = create_user(
            session,
            username=username,
            password=PASSWORD,
            role=role,
            organisation_id=organisation_id,
        )
        return user.id


def principal(user_id: int, username: str, role: Role, org: int | None = None) -> Principal:
    return Principal(user_id=user_id, username=username, role=role, organisation_id=org)
