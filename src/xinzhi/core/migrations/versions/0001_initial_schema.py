"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 02:16:03.056197
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# The search index as this revision created it (0014_search replaces it); frozen here so that
# later changes to xinzhi.core.search do not change what this revision builds.
SQLITE_DDL = [
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
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_entries_au",
    "DROP TRIGGER IF EXISTS search_entries_ad",
    "DROP TRIGGER IF EXISTS search_entries_ai",
    "DROP TABLE IF EXISTS search_fts",
]
PG_DDL = [
    "CREATE INDEX IF NOT EXISTS ix_search_entries_tsv ON search_entries "
    "USING gin (to_tsvector('simple', tokens))"
]
PG_DROP = ["DROP INDEX IF EXISTS ix_search_entries_tsv"]


def create_index_objects(conn: sa.engine.Connection) -> None:
    for stmt in SQLITE_DDL if conn.dialect.name == "sqlite" else PG_DDL:
        conn.exec_driver_sql(stmt)


def drop_index_objects(conn: sa.engine.Connection) -> None:
    for stmt in SQLITE_DROP if conn.dialect.name == "sqlite" else PG_DROP:
        conn.exec_driver_sql(stmt)


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("entity_type", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index("ix_audit_log_entity", ["entity_type", "entity_id"], unique=False)

    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("progress", sa.Double(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_jobs_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_status"), ["status"], unique=False)

    op.create_table(
        "links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_type", sa.String(length=32), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_type", sa.String(length=32), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_links")),
        sa.UniqueConstraint(
            "source_type", "source_id", "target_type", "target_id", "relation", name="uq_link"
        ),
    )
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.create_index("ix_links_target", ["target_type", "target_id"], unique=False)

    op.create_table(
        "organisations",
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("credit_code", sa.String(length=18), nullable=True),
        sa.Column("region_code", sa.String(length=6), nullable=True),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("website", sa.String(length=256), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("natural_key", sa.String(length=200), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=True),
        sa.Column("source", sa.String(length=128), nullable=False),
        sa.Column("content_hash", sa.String(length=40), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("credit_code", name=op.f("uq_organisations_credit_code")),
        sa.UniqueConstraint("natural_key", name=op.f("uq_organisations_natural_key")),
    )
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organisations_external_id"), ["external_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_organisations_name"), ["name"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_organisations_region_code"), ["region_code"], unique=False
        )

    op.create_table(
        "patents",
        sa.Column("pub_no", sa.String(length=32), nullable=False),
        sa.Column("app_no", sa.String(length=32), nullable=False),
        sa.Column("app_date", sa.Date(), nullable=True),
        sa.Column("pub_date", sa.Date(), nullable=True),
        sa.Column("grant_date", sa.Date(), nullable=True),
        sa.Column("title", sa.String(length=512), nullable=False),
        sa.Column("abstract", sa.Text(), nullable=False),
        sa.Column("applicants", sa.JSON(), nullable=False),
        sa.Column("inventors", sa.JSON(), nullable=False),
        sa.Column("ipc_main", sa.String(length=32), nullable=False),
        sa.Column("ipc", sa.JSON(), nullable=False),
        sa.Column("cpc", sa.JSON(), nullable=False),
        sa.Column("legal_status", sa.String(length=64), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("province", sa.String(length=16), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=True),
        sa.Column("cites", sa.JSON(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("natural_key", sa.String(length=200), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=True),
        sa.Column("source", sa.String(length=128), nullable=False),
        sa.Column("content_hash", sa.String(length=40), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patents")),
        sa.UniqueConstraint("natural_key", name=op.f("uq_patents_natural_key")),
        sa.UniqueConstraint("pub_no", name=op.f("uq_patents_pub_no")),
    )
    with op.batch_alter_table("patents", schema=None) as batch_op:
        batch_op.create_index("ix_patents_app_date", ["app_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_patents_app_no"), ["app_no"], unique=False)
        batch_op.create_index(batch_op.f("ix_patents_external_id"), ["external_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_patents_ipc_main"), ["ipc_main"], unique=False)
        batch_op.create_index(batch_op.f("ix_patents_province"), ["province"], unique=False)
        batch_op.create_index(batch_op.f("ix_patents_pub_date"), ["pub_date"], unique=False)

    op.create_table(
        "policies",
        sa.Column("title", sa.String(length=512), nullable=False),
        sa.Column("issuer", sa.String(length=256), nullable=False),
        sa.Column("doc_number", sa.String(length=128), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=True),
        sa.Column("effective_from", sa.Date(), nullable=True),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("conditions", sa.JSON(), nullable=False),
        sa.Column("url", sa.String(length=512), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("natural_key", sa.String(length=200), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=True),
        sa.Column("source", sa.String(length=128), nullable=False),
        sa.Column("content_hash", sa.String(length=40), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policies")),
        sa.UniqueConstraint("natural_key", name=op.f("uq_policies_natural_key")),
    )
    with op.batch_alter_table("policies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_policies_external_id"), ["external_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_policies_region_code"), ["region_code"], unique=False)

    op.create_table(
        "search_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_type", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("tokens", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_entries")),
    )
    with op.batch_alter_table("search_entries", schema=None) as batch_op:
        batch_op.create_index("uq_search_entries_entity", ["entity_type", "entity_id"], unique=True)

    op.create_table(
        "achievements",
        sa.Column("title", sa.String(length=512), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("discipline", sa.String(length=64), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("trl", sa.Integer(), nullable=True),
        sa.Column("trl_scale", sa.String(length=8), nullable=True),
        sa.Column("transfer_mode", sa.String(length=32), nullable=False),
        sa.Column("price_min_wan", sa.Double(), nullable=True),
        sa.Column("price_max_wan", sa.Double(), nullable=True),
        sa.Column("region_code", sa.String(length=6), nullable=True),
        sa.Column("owner_org_id", sa.Integer(), nullable=True),
        sa.Column("confidentiality", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("natural_key", sa.String(length=200), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=True),
        sa.Column("source", sa.String(length=128), nullable=False),
        sa.Column("content_hash", sa.String(length=40), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["owner_org_id"],
            ["organisations.id"],
            name=op.f("fk_achievements_owner_org_id_organisations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_achievements")),
        sa.UniqueConstraint("natural_key", name=op.f("uq_achievements_natural_key")),
    )
    with op.batch_alter_table("achievements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_achievements_confidentiality"), ["confidentiality"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_achievements_external_id"), ["external_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_achievements_field"), ["field"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_achievements_owner_org_id"), ["owner_org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_achievements_region_code"), ["region_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_achievements_title"), ["title"], unique=False)

    op.create_table(
        "demands",
        sa.Column("title", sa.String(length=512), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("budget_min_wan", sa.Double(), nullable=True),
        sa.Column("budget_max_wan", sa.Double(), nullable=True),
        sa.Column("budget_text", sa.String(length=64), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("target_indicators", sa.JSON(), nullable=False),
        sa.Column("poster_type", sa.String(length=32), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("owner_org_id", sa.Integer(), nullable=True),
        sa.Column("confidentiality", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("natural_key", sa.String(length=200), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=True),
        sa.Column("source", sa.String(length=128), nullable=False),
        sa.Column("content_hash", sa.String(length=40), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["owner_org_id"],
            ["organisations.id"],
            name=op.f("fk_demands_owner_org_id_organisations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demands")),
        sa.UniqueConstraint("natural_key", name=op.f("uq_demands_natural_key")),
    )
    with op.batch_alter_table("demands", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_demands_confidentiality"), ["confidentiality"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_demands_external_id"), ["external_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_demands_field"), ["field"], unique=False)
        batch_op.create_index(batch_op.f("ix_demands_owner_org_id"), ["owner_org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_demands_published_on"), ["published_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_demands_region_code"), ["region_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_demands_title"), ["title"], unique=False)

    op.create_table(
        "patent_citations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("citing_id", sa.Integer(), nullable=False),
        sa.Column("cited_number", sa.String(length=32), nullable=False),
        sa.Column("cited_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["cited_id"],
            ["patents.id"],
            name=op.f("fk_patent_citations_cited_id_patents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["citing_id"],
            ["patents.id"],
            name=op.f("fk_patent_citations_citing_id_patents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patent_citations")),
        sa.UniqueConstraint("citing_id", "cited_number", name="uq_patent_citation"),
    )
    with op.batch_alter_table("patent_citations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_patent_citations_cited_id"), ["cited_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_patent_citations_cited_number"), ["cited_number"], unique=False
        )

    op.create_table(
        "people",
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=64), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("email", sa.String(length=256), nullable=False),
        sa.Column("phone", sa.String(length=64), nullable=False),
        sa.Column("bio", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("natural_key", sa.String(length=200), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=True),
        sa.Column("source", sa.String(length=128), nullable=False),
        sa.Column("content_hash", sa.String(length=40), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_people_organisation_id_organisations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("natural_key", name=op.f("uq_people_natural_key")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_people_external_id"), ["external_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_name"), ["name"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_people_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=128), nullable=False),
        sa.Column("password_hash", sa.String(length=256), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_users_organisation_id_organisations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_users_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_tokens_user_id"), ["user_id"], unique=False)

    create_index_objects(op.get_bind())


def downgrade() -> None:
    drop_index_objects(op.get_bind())
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_user_id"))

    op.drop_table("api_tokens")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_organisation_id"))

    op.drop_table("users")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_people_name"))
        batch_op.drop_index(batch_op.f("ix_people_external_id"))

    op.drop_table("people")
    with op.batch_alter_table("patent_citations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patent_citations_cited_number"))
        batch_op.drop_index(batch_op.f("ix_patent_citations_cited_id"))

    op.drop_table("patent_citations")
    with op.batch_alter_table("demands", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_demands_title"))
        batch_op.drop_index(batch_op.f("ix_demands_region_code"))
        batch_op.drop_index(batch_op.f("ix_demands_published_on"))
        batch_op.drop_index(batch_op.f("ix_demands_owner_org_id"))
        batch_op.drop_index(batch_op.f("ix_demands_field"))
        batch_op.drop_index(batch_op.f("ix_demands_external_id"))
        batch_op.drop_index(batch_op.f("ix_demands_confidentiality"))

    op.drop_table("demands")
    with op.batch_alter_table("achievements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_achievements_title"))
        batch_op.drop_index(batch_op.f("ix_achievements_region_code"))
        batch_op.drop_index(batch_op.f("ix_achievements_owner_org_id"))
        batch_op.drop_index(batch_op.f("ix_achievements_field"))
        batch_op.drop_index(batch_op.f("ix_achievements_external_id"))
        batch_op.drop_index(batch_op.f("ix_achievements_confidentiality"))

    op.drop_table("achievements")
    with op.batch_alter_table("search_entries", schema=None) as batch_op:
        batch_op.drop_index("uq_search_entries_entity")

    op.drop_table("search_entries")
    with op.batch_alter_table("policies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_policies_region_code"))
        batch_op.drop_index(batch_op.f("ix_policies_external_id"))

    op.drop_table("policies")
    with op.batch_alter_table("patents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patents_pub_date"))
        batch_op.drop_index(batch_op.f("ix_patents_province"))
        batch_op.drop_index(batch_op.f("ix_patents_ipc_main"))
        batch_op.drop_index(batch_op.f("ix_patents_external_id"))
        batch_op.drop_index(batch_op.f("ix_patents_app_no"))
        batch_op.drop_index("ix_patents_app_date")

    op.drop_table("patents")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisations_region_code"))
        batch_op.drop_index(batch_op.f("ix_organisations_name"))
        batch_op.drop_index(batch_op.f("ix_organisations_external_id"))

    op.drop_table("organisations")
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.drop_index("ix_links_target")

    op.drop_table("links")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jobs_status"))
        batch_op.drop_index(batch_op.f("ix_jobs_kind"))

    op.drop_table("jobs")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_entity")
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
