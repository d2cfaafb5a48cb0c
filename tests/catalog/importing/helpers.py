"""Helpers of the import tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from xinzhi.catalog.importing import ImportOptions, ImportReport, import_file
from xinzhi.core.db import Database
from xinzhi.core.models import AuditLog


def run(db: Database, entity: str, path: Path, **options: Any) -> ImportReport:
    """Import ``path`` with :class:`ImportOptions` given as keywords."""
    return import_file(db, entity, path, ImportOptions(**options))


def count(db: Database, model: Any) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def audit_count(db: Database, entity_type: str, action: str) -> int:
    with db.read() as session:
        stmt = select(func.count()).where(
            AuditLog.entity_type == entity_type, AuditLog.action == action
        )
        return int(session.scalar(stmt) or 0)


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path
