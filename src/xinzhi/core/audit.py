"""Audit log written from the ORM flush, so no service can forget it.

Every insert, update and delete of an :class:`~xinzhi.core.models.Audited` instance becomes one
``audit_log`` row with the actor taken from ``session.info`` (set by the unit of work), and the
before/after values of the changed columns. Bulk imports that bypass the ORM write the same rows
through :func:`audit_rows`.
"""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from xinzhi.core.models import Audited, AuditLog, utcnow


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def snapshot(obj: Any) -> dict[str, Any]:
    exclude = type(obj).__audit_exclude__
    mapper = inspect(type(obj))
    return {
        c.key: jsonable(getattr(obj, c.key)) for c in mapper.column_attrs if c.key not in exclude
    }


def _changes(obj: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in type(obj).__audit_exclude__:
            continue
        hist = state.attrs[attr.key].history
        if hist.has_changes():
            before[attr.key] = jsonable(hist.deleted[0]) if hist.deleted else None
            after[attr.key] = jsonable(hist.added[0]) if hist.added else None
    return before, after


def audit_rows(
    session: Session,
    action: str,
    entity_type: str,
    items: list[tuple[int | None, dict[str, Any] | None, dict[str, Any] | None]],
    note: str = "",
) -> list[dict[str, Any]]:
    """Audit rows for ``(entity_id, before, after)`` triples, stamped with the session's actor."""
    now = utcnow()
    actor = session.info.get("actor", "system")
    user_id = session.info.get("user_id")
    return [
        {
            "at": now,
            "actor": actor,
            "user_id": user_id,
            "action": action,
            "entity_type": entity_type,
            "entity_id": entity_id,
            "before": before,
            "after": after,
            "note": note,
        }
        for entity_id, before, after in items
    ]


def _collect(session: Session) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for obj in session.new:
        if isinstance(obj, Audited):
            rows += audit_rows(session, "create", _table(obj), [(obj.id, None, snapshot(obj))])  # type: ignore[attr-defined]
    for obj in session.dirty:
        if isinstance(obj, Audited) and session.is_modified(obj, include_collections=False):
            before, after = _changes(obj)
            if after:
                rows += audit_rows(session, "update", _table(obj), [(obj.id, before, after)])  # type: ignore[attr-defined]
    for obj in session.deleted:
        if isinstance(obj, Audited):
            rows += audit_rows(session, "delete", _table(obj), [(obj.id, snapshot(obj), None)])  # type: ignore[attr-defined]
    return rows


def _table(obj: Any) -> str:
    return str(obj.__tablename__)


def install(session_cls: type[Session] = Session) -> None:
    """Register the flush hook (idempotent)."""
    if event.contains(session_cls, "after_flush", _after_flush):
        return
    event.listen(session_cls, "after_flush", _after_flush)


def _after_flush(session: Session, _ctx: Any) -> None:
    rows = _collect(session)
    if rows:
        session.connection().execute(insert(AuditLog), rows)
