"""search: character bigrams for substring matching, record type inside the index

Revision ID: 0014_search
Revises: 0010_demand_status
Create Date: 2026-12-06 03:20:00

``search_entries`` gains ``grams`` (the character bigrams of a record's Chinese text), filled
here from each record's searchable fields. SQLite's FTS5 table is rebuilt with the columns
``entity_type, tokens, grams`` (the type inside the index lets a count run in FTS5 alone);
PostgreSQL gets stored ``tsv`` (words) and ``tsv_grams`` (bigrams) columns with a GIN index
each in place of the expression index, so ranking and rechecks no longer re-parse the text.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from xinzhi.core.search_query import bigrams

revision = "0014_search"
down_revision = "0013_challenges"
branch_labels = None
depends_on = None

# The searchable fields of each record type at this revision (catalog.entities.ENTITIES).
TEXT_FIELDS = {
    "organisations": ("organisations", ("name", "description", "address")),
    "experts": ("people", ("name", "title", "fields", "bio")),
    "achievements": ("achievements", ("title", "keywords", "summary", "field", "discipline")),
    "demands": ("demands", ("title", "keywords", "detail", "field")),
    "patents": ("patents", ("title", "abstract", "applicants", "ipc_main")),
    "policies": ("policies", ("title", "issuer", "doc_number", "text")),
}
OLD_SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "tokens, content='search_entries', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS search_entries_ai AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS search_entries_ad AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS search_entries_au AFTER UPDATE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); "
    "INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
]
NEW_SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "entity_type, tokens, grams, content='search_entries', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS search_entries_ai AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_fts(rowid, entity_type, tokens, grams) "
    "VALUES (new.id, new.entity_type, new.tokens, new.grams); END",
    "CREATE TRIGGER IF NOT EXISTS search_entries_ad AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, entity_type, tokens, grams) "
    "VALUES ('delete', old.id, old.entity_type, old.tokens, old.grams); END",
    "CREATE TRIGGER IF NOT EXISTS search_entries_au AFTER UPDATE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, entity_type, tokens, grams) "
    "VALUES ('delete', old.id, old.entity_type, old.tokens, old.grams); "
    "INSERT INTO search_fts(rowid, entity_type, tokens, grams) "
    "VALUES (new.id, new.entity_type, new.tokens, new.grams); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_entries_au",
    "DROP TRIGGER IF EXISTS search_entries_ad",
    "DROP TRIGGER IF EXISTS search_entries_ai",
    "DROP TABLE IF EXISTS search_fts",
]
OLD_PG = [
    "CREATE INDEX IF NOT EXISTS ix_search_entries_tsv ON search_entries "
    "USING gin (to_tsvector('simple', tokens))"
]
NEW_PG = [
    "ALTER TABLE search_entries ADD COLUMN IF NOT EXISTS tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', tokens)) STORED",
    "ALTER TABLE search_entries ADD COLUMN IF NOT EXISTS tsv_grams tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', grams)) STORED",
    "CREATE INDEX IF NOT EXISTS ix_search_entries_tsv ON search_entries USING gin (tsv)",
    "CREATE INDEX IF NOT EXISTS ix_search_entries_tsv_grams ON search_entries "
    "USING gin (tsv_grams)",
]
PG_DROP = [
    "DROP INDEX IF EXISTS ix_search_entries_tsv_grams",
    "DROP INDEX IF EXISTS ix_search_entries_tsv",
    "ALTER TABLE search_entries DROP COLUMN IF EXISTS tsv_grams",
    "ALTER TABLE search_entries DROP COLUMN IF EXISTS tsv",
]
entries = sa.table(
    "search_entries", sa.column("entity_type", sa.String), sa.column("entity_id", sa.Integer),
    sa.column("grams", sa.Text),
)  # fmt: skip


def _run(statements: list[str]) -> None:
    for stmt in statements:
        op.execute(stmt)


def _text(value: Any) -> str:
    if isinstance(value, str) and value.startswith("["):
        with contextlib.suppress(ValueError):
            value = json.loads(value)
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _fill_grams(bind: sa.engine.Connection) -> None:
    for entity_type, (table, fields) in TEXT_FIELDS.items():
        columns = ", ".join(fields)
        rows = bind.exec_driver_sql(f"SELECT id, {columns} FROM {table}").all()
        values = [
            {
                "t": entity_type,
                "i": row[0],
                "g": " ".join(g for v in row[1:] for g in bigrams(_text(v))),
            }
            for row in rows
        ]
        if values:
            bind.execute(
                entries.update()
                .where(entries.c.entity_type == sa.bindparam("t"))
                .where(entries.c.entity_id == sa.bindparam("i"))
                .values(grams=sa.bindparam("g")),
                values,
            )


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    _run(SQLITE_DROP if sqlite else ["DROP INDEX IF EXISTS ix_search_entries_tsv"])
    op.add_column(
        "search_entries", sa.Column("grams", sa.Text(), nullable=False, server_default="")
    )
    _fill_grams(bind)
    if sqlite:
        _run([*NEW_SQLITE, "INSERT INTO search_fts(search_fts) VALUES ('rebuild')"])
    else:
        _run(NEW_PG)


def downgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    _run(SQLITE_DROP if sqlite else PG_DROP)
    with op.batch_alter_table("search_entries") as batch:
        batch.drop_column("grams")
    if sqlite:
        _run([*OLD_SQLITE, "INSERT INTO search_fts(search_fts) VALUES ('rebuild')"])
    else:
        _run(OLD_PG)
