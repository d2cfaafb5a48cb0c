"""Row counts and content hashes per table, to check that a restore gave back what was saved.

Each table's rows are read in primary-key order, every value is written in one canonical form
(times as ISO 8601 in UTC, JSON with sorted keys, bytes as hex) and the lines are hashed with
SHA-256. Two databases with the same schema and the same data give the same fingerprints,
whether SQLite or PostgreSQL wrote them.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from typing import Any

from sqlalchemy import MetaData, Table, select

from xinzhi.core.db import Database

INTERNAL = ("sqlite_", "search_fts", "alembic_version")


def _canonical(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return moment.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, decimal.Decimal | float):
        return float(value)
    return value


def fingerprints(db: Database) -> dict[str, dict[str, Any]]:
    """``{table: {"rows": n, "sha256": hex}}`` for every table of the database."""
    meta = MetaData()
    meta.reflect(db.engine)
    found: dict[str, dict[str, Any]] = {}
    with db.engine.connect() as conn:
        for name in sorted(meta.tables):
            if name.startswith(INTERNAL):
                continue
            table: Table = meta.tables[name]
            order = list(table.primary_key.columns) or list(table.columns)
            digest, rows = hashlib.sha256(), 0
            for row in conn.execute(select(table).order_by(*order)):
                line = [_canonical(v) for v in row]
                digest.update(json.dumps(line, sort_keys=True, default=str).encode() + b"\n")
                rows += 1
            found[name] = {"rows": rows, "sha256": digest.hexdigest()}
    return found
