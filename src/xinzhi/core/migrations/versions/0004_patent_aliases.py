"""patent applicant aliases

Revision ID: 0004_patent_aliases
Revises: 0003_enterprise
Create Date: 2026-11-23 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_patent_aliases"
down_revision = "0003_enterprise"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "patent_applicant_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=256), nullable=False),
        sa.Column("alias_key", sa.String(length=256), nullable=False),
        sa.Column("canonical", sa.String(length=256), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
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
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patent_applicant_aliases")),
        sa.UniqueConstraint("alias_key", name=op.f("uq_patent_applicant_aliases_alias_key")),
    )
    with op.batch_alter_table("patent_applicant_aliases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_patent_applicant_aliases_canonical"), ["canonical"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("patent_applicant_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patent_applicant_aliases_canonical"))
    op.drop_table("patent_applicant_aliases")
