"""index runs

Revision ID: 0002_index_runs
Revises: 0001
Create Date: 2026-11-23 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_index_runs"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "index_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("system_id", sa.String(length=64), nullable=False),
        sa.Column("system_name", sa.String(length=200), nullable=False),
        sa.Column("system_version", sa.String(length=32), nullable=False),
        sa.Column("panel_name", sa.String(length=255), nullable=False),
        sa.Column("panel_sha256", sa.String(length=64), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("results", sa.JSON(), nullable=False),
        sa.Column("out_dir", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_index_runs")),
    )
    with op.batch_alter_table("index_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_index_runs_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_index_runs_system_id"), ["system_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("index_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_index_runs_system_id"))
        batch_op.drop_index(batch_op.f("ix_index_runs_created_at"))
    op.drop_table("index_runs")
