"""Typed links between catalog records: the edges of the linked graph.

Relations are a closed vocabulary so that other domains can rely on them (matching uses
``answers``; patents and maturity read ``protected_by``). A link is visible when both ends are,
and may be made by whoever may edit its source record.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from xinzhi.catalog import service
from xinzhi.catalog.entities import get_entity
from xinzhi.catalog.models import Link
from xinzhi.catalog.schemas import LinkCreate
from xinzhi.core.errors import Conflict, InvalidInput, NotFound
from xinzhi.core.events import RecordChanged, publish
from xinzhi.core.security import Principal

RELATIONS: dict[str, tuple[str, str, str]] = {
    # relation: (source type, target type, Chinese label)
    "protected_by": ("achievements", "patents", "知识产权"),
    "developed_by": ("achievements", "experts", "完成人"),
    "answers": ("achievements", "demands", "可解答需求"),
    "applicant_of": ("organisations", "patents", "专利申请人"),
    "member_of": ("experts", "organisations", "所在单位"),
    "related": ("*", "*", "相关"),
}


def _check_relation(data: LinkCreate) -> None:
    if data.relation not in RELATIONS:
        raise InvalidInput(f"unknown relation {data.relation!r}; use one of {', '.join(RELATIONS)}")
    source, target, _ = RELATIONS[data.relation]
    if source != "*" and (data.source_type, data.target_type) != (source, target):
        raise InvalidInput(f"relation {data.relation!r} links {source} to {target}")


def create_link(session: Session, principal: Principal, data: LinkCreate) -> Link:
    _check_relation(data)
    source_entity = get_entity(data.source_type)
    source = service.get_record(session, source_entity, principal, data.source_id)
    service.get_record(session, get_entity(data.target_type), principal, data.target_id)
    service.check_write(source_entity, principal, service.current_owner(source_entity, source))
    key = data.model_dump(exclude={"note"})
    if session.scalar(select(Link.id).filter_by(**key)):
        raise Conflict("this link already exists")
    link = Link(**data.model_dump())
    session.add(link)
    session.flush()
    publish(session, RecordChanged("links", link.id, "create"))
    return link


def links_of(
    session: Session, principal: Principal, entity: str, record_id: int
) -> list[dict[str, Any]]:
    """Links from or to one record, each with the other end's title, hiding invisible ends."""
    service.get_record(session, get_entity(entity), principal, record_id)
    stmt = (
        select(Link)
        .where(
            or_(
                and_(Link.source_type == entity, Link.source_id == record_id),
                and_(Link.target_type == entity, Link.target_id == record_id),
            )
        )
        .order_by(Link.id)
    )
    out = []
    for link in session.scalars(stmt):
        outgoing = link.source_type == entity and link.source_id == record_id
        other_type = link.target_type if outgoing else link.source_type
        other_id = link.target_id if outgoing else link.source_id
        other_entity = get_entity(other_type)
        try:
            other = service.get_record(session, other_entity, principal, other_id)
        except NotFound:
            continue
        out.append(
            {
                "id": link.id,
                "relation": link.relation,
                "label": RELATIONS[link.relation][2],
                "direction": "out" if outgoing else "in",
                "type": other_type,
                "record_id": other_id,
                "title": getattr(other, other_entity.title_field),
                "note": link.note,
            }
        )
    return out


def delete_link(session: Session, principal: Principal, link_id: int) -> None:
    link = session.get(Link, link_id)
    if link is None:
        raise NotFound(f"link #{link_id} not found")
    source_entity = get_entity(link.source_type)
    source = service.get_record(session, source_entity, principal, link.source_id)
    service.check_write(source_entity, principal, service.current_owner(source_entity, source))
    session.delete(link)
    session.flush()
    publish(session, RecordChanged("links", link_id, "delete"))
