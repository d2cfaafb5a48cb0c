"""accounts: server-side sessions and ids that are never reused

Revision ID: 0016_accounts
Revises: 0010_demand_status
Create Date: 2026-12-06 03:00:00

1. ``api_tokens`` holds web sessions as well as API tokens (``kind``), with an expiry, the
   address and browser they were opened from: logging out or revoking deletes the row.
2. SQLite reuses the largest deleted rowid, so a record created after deleting the newest one
   inherited its links and audit history. Every table keyed by one integer ``id`` is rebuilt
   with ``AUTOINCREMENT`` (Alembic batch mode: copy into a new table, drop, rename), keeping
   its rows, indexes, foreign keys and triggers; ``env.py`` switches SQLite's foreign keys off
   around migrations so dropping a parent does not cascade, and checks them before commit.
   The tables are found in the database itself, so a table added by any earlier revision is
   covered. PostgreSQL sequences never hand out an id twice; nothing to do there.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_accounts"
down_revision = "0015_web"
branch_labels = None
depends_on = None


def new_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("kind", sa.String(16), nullable=False, server_default="api"),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("address", sa.String(64), nullable=False, server_default=""),
        sa.Column("user_agent", sa.String(256), nullable=False, server_default=""),
    ]


def upgrade() -> None:
    with op.batch_alter_table("api_tokens") as batch:
        for column in new_columns():
            batch.add_column(column)
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for table in tables_reusing_ids(bind):
            _rebuild_with_autoincrement(bind, table)


def downgrade() -> None:
    # AUTOINCREMENT stays: it is harmless to the older code and undoing it would reuse ids.
    with op.batch_alter_table("api_tokens") as batch:
        for column in reversed(new_columns()):
            batch.drop_column(column.name)


def tables_reusing_ids(bind: sa.engine.Connection) -> list[str]:
    """Ordinary tables keyed by one INTEGER ``id`` and created without AUTOINCREMENT."""
    rows = bind.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name != 'alembic_version' ORDER BY name"
    ).all()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    found = []
    inspector = sa.inspect(bind)
    for name, sql in rows:
        if name in virtual or any(name.startswith(f"{v}_") for v in virtual):
            continue  # FTS5 tables and their shadow tables are SQLite's own
        if "AUTOINCREMENT" in (sql or "").upper():
            continue
        key = inspector.get_pk_constraint(name)["constrained_columns"]
        columns = {c["name"]: c for c in inspector.get_columns(name)}
        if key == ["id"] and isinstance(columns["id"]["type"], sa.Integer):
            found.append(name)
    return found


def _rebuild_with_autoincrement(bind: sa.engine.Connection, table: str) -> None:
    triggers = [
        sql
        for (sql,) in bind.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,)
        )
        if sql
    ]
    with op.batch_alter_table(
        table, recreate="always", table_kwargs={"sqlite_autoincrement": True}
    ):
        pass
    for sql in triggers:  # dropping the old table dropped its triggers (the FTS5 sync)
        bind.exec_driver_sql(sql)
