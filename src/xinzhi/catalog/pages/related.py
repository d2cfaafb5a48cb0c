"""What a detail page shows around a record: referenced organisations, links, owned records,
and (for staff) the audit history. Every linked record is read through ``catalog.service``, so a
confidential record never appears to someone who may not see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinzhi.catalog import links as catalog_links
from xinzhi.catalog import service
from xinzhi.catalog.entities import ENTITIES, Entity
from xinzhi.catalog.pages.fields import field_specs, record_title
from xinzhi.core.errors import Forbidden, NotFound, Unauthorized
from xinzhi.core.models import AuditLog
from xinzhi.core.security import Principal

HISTORY_LIMIT = 50
OWNED_LIMIT = 10
ORG_CHOICES_LIMIT = 500


@dataclass(frozen=True)
class RecordRef:
    """A visible record another page links to."""

    entity: Entity
    id: int
    title: str
    relation: str = ""

    @property
    def url(self) -> str:
        return f"/{self.entity.name}/{self.id}"


def visible_ref(
    session: Session, principal: Principal, entity: Entity, record_id: Any, relation: str = ""
) -> RecordRef | None:
    if record_id is None:
        return None
    try:
        obj = service.get_record(session, entity, principal, int(record_id))
    except NotFound:
        return None
    return RecordRef(entity, obj.id, record_title(entity, obj), relation)


def references(
    session: Session, principal: Principal, entity: Entity, obj: Any
) -> dict[str, RecordRef]:
    """The records that the ``*_org_id`` fields of ``obj`` point to, by field name."""
    refs: dict[str, RecordRef] = {}
    for spec in field_specs(entity.create):
        if spec.ref is not None:
            ref = visible_ref(session, principal, ENTITIES[spec.ref], getattr(obj, spec.name))
            if ref is not None:
                refs[spec.name] = ref
    return refs


def links(
    session: Session, principal: Principal, entity: Entity, record_id: int
) -> list[RecordRef]:
    """Records linked to this one in either direction; ends the principal may not see are left
    out by ``catalog.links``."""
    return [
        RecordRef(ENTITIES[link["type"]], link["record_id"], str(link["title"]), link["relation"])
        for link in catalog_links.links_of(session, principal, entity.name, record_id)
    ]


def owned_records(
    session: Session, principal: Principal, org_id: int
) -> list[tuple[Entity, int, list[RecordRef]]]:
    """For an organisation: its visible records of each type that can belong to one."""
    groups = []
    for entity in ENTITIES.values():
        column = next((f for f in ("owner_org_id", "organisation_id") if f in entity.filters), None)
        if column is None:
            continue
        page = service.list_records(
            session, entity, principal, filters={column: org_id}, size=OWNED_LIMIT
        )
        if page.total:
            refs = [RecordRef(entity, o.id, record_title(entity, o)) for o in page.items]
            groups.append((entity, page.total, refs))
    return groups


def history(session: Session, entity: Entity, record_id: int) -> list[AuditLog]:
    stmt = (
        select(AuditLog)
        .where(AuditLog.entity_type == entity.model.__tablename__, AuditLog.entity_id == record_id)
        .order_by(AuditLog.id.desc())
        .limit(HISTORY_LIMIT)
    )
    return list(session.scalars(stmt))


def organisation_choices(session: Session, principal: Principal) -> list[tuple[int, str]]:
    """Organisations for a select box, by name."""
    orgs = ENTITIES["organisations"]
    page = service.list_records(session, orgs, principal, size=ORG_CHOICES_LIMIT)
    return sorted(((o.id, record_title(orgs, o)) for o in page.items), key=lambda c: c[1])


def owner_of(entity: Entity, obj: Any) -> int | None:
    """The organisation a record belongs to, for the write check (an organisation owns itself)."""
    if entity.name == "organisations":
        return int(obj.id)
    owner = getattr(obj, "owner_org_id", None)
    return int(owner) if owner is not None else None


def may_write(entity: Entity, principal: Principal, owner_org_id: int | None) -> bool:
    """Whether ``principal`` may create or change a record owned by ``owner_org_id``."""
    try:
        service.check_write(entity, principal, owner_org_id)
    except (Forbidden, Unauthorized):
        return False
    return True


def may_create(entity: Entity, principal: Principal) -> bool:
    return may_write(entity, principal, principal.organisation_id if entity.owned else None)


CITATION_LIMIT = 50


def patent_citations(session: Session, principal: Principal, patent: Any) -> dict[str, Any]:
    """A patent's citations both ways: what it cites (linked when the cited patent is in the
    corpus, else its number) and the patents in the corpus that cite it."""
    from xinzhi.catalog.models import Patent, PatentCitation

    entity = ENTITIES["patents"]
    cites = session.execute(
        select(PatentCitation.cited_number, PatentCitation.cited_id)
        .where(PatentCitation.citing_id == patent.id)
        .order_by(PatentCitation.cited_number)
        .limit(CITATION_LIMIT)
    ).all()
    cited_by = session.execute(
        select(Patent.id, Patent.pub_no, Patent.title)
        .join(PatentCitation, PatentCitation.citing_id == Patent.id)
        .where(PatentCitation.cited_id == patent.id)
        .order_by(Patent.pub_no)
        .limit(CITATION_LIMIT)
    ).all()
    return {
        "cites": [
            (number, RecordRef(entity, cited_id, number) if cited_id else None)
            for number, cited_id in cites
        ],
        "cited_by": [RecordRef(entity, pid, f"{no} {title}") for pid, no, title in cited_by],
        "landscape": f"/patents/landscape?q={patent.ipc_main}" if patent.ipc_main else "",
    }
