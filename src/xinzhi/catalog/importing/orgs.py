"""Organisations named in an owner column: matched by normalised name, created when missing.

Names are compared by :func:`~xinzhi.core.text.title_key`, so ``XX有限公司`` and
``XX 有限公司（）`` are one organisation. Created organisations go through the same bulk path as
imported records (audit log and search entries included).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinzhi.catalog.entities import ENTITIES
from xinzhi.catalog.importing.write import Insert, Progress, insert_records
from xinzhi.catalog.models import Organisation
from xinzhi.catalog.service import content_hash
from xinzhi.core.text import title_key


def name_key(name: str) -> str:
    return title_key(name)


def lookup_organisations(session: Session, names: Iterable[str]) -> dict[str, int]:
    """Normalised name → id of the existing organisations among ``names`` (oldest wins)."""
    wanted = {name_key(n) for n in names if n}
    if not wanted:
        return {}
    found: dict[str, int] = {}
    rows = session.execute(select(Organisation.id, Organisation.name).order_by(Organisation.id))
    for org_id, name in rows:
        key = name_key(name)
        if key in wanted:
            found.setdefault(key, org_id)
    return found


def create_organisations(
    session: Session, names: Iterable[str], source: str, progress: Progress
) -> dict[str, int]:
    """Create one organisation per distinct normalised name; returns name key → new id."""
    entity = ENTITIES["organisations"]
    by_key: dict[str, str] = {}
    for name in names:
        by_key.setdefault(name_key(name), name.strip())
    items = []
    for position, name in enumerate(by_key.values()):
        shape = entity.create.model_validate({"name": name, "source": source})
        values = shape.model_dump(mode="json")
        key, digest = entity.natural_key(values), content_hash(values)
        values.update(natural_key=key, content_hash=digest)
        items.append(Insert(row=position, values=values))
    ids = insert_records(session, entity, items, progress)
    return {key: ids[position] for position, key in enumerate(by_key)}
