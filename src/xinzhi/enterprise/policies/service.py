"""The policy library: seed the national policies, add local ones with validated conditions,
and load them for matching. Policies are catalog ``Policy`` rows (audited, searchable)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinzhi.catalog.entities import ENTITIES
from xinzhi.catalog.models import Policy
from xinzhi.catalog.schemas import PolicyCreate
from xinzhi.catalog.service import content_hash, reindex
from xinzhi.core.db import Database
from xinzhi.core.errors import InvalidInput
from xinzhi.enterprise.policies.matching import PolicyDoc
from xinzhi.enterprise.policies.terms import parse_terms

SEED_FILE = Path(__file__).parent / "policies.yaml"


def seed_entries(path: Path = SEED_FILE) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def save_policy(session: Session, data: dict[str, Any], source: str = "") -> Policy:
    """Create or update a policy by its natural key, refusing conditions the matcher can't read."""
    try:
        shape = PolicyCreate.model_validate({**data, "source": source})
        parse_terms(shape.conditions)
    except ValidationError as exc:
        raise InvalidInput(f"policy {data.get('title')!r} is invalid: {exc}") from None
    entity = ENTITIES["policies"]
    values = shape.model_dump()
    key = entity.natural_key(values)
    row = session.scalars(select(Policy).where(Policy.natural_key == key)).first()
    if row is None:
        row = Policy(**values, natural_key=key)
        session.add(row)
    else:
        for name, value in values.items():
            setattr(row, name, value)
    row.content_hash = content_hash(values)
    session.flush()
    reindex(session, entity, [row])
    return row


def seed(session: Session) -> list[Policy]:
    return [save_policy(session, entry, source="enterprise-seed") for entry in seed_entries()]


def matchable(session: Session) -> list[PolicyDoc]:
    """Every policy that has structured conditions."""
    rows = session.scalars(select(Policy).order_by(Policy.id))
    return [PolicyDoc.of(r) for r in rows if r.conditions]


def seed_demo(db: Database) -> dict[str, dict[str, int]]:
    """Demo data of this domain: the national policies with computable conditions."""
    with db.write(actor="demo") as session:
        return {"policies": {"seeded": len(seed(session))}}
