"""enterprise profiles, yearly figures and stored assessments

Revision ID: 0003_enterprise
Revises: 0002_index_runs
Create Date: 2026-11-23 03:10:33.500097
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_enterprise"
down_revision = "0002_index_runs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "enterprise_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=True),
        sa.Column("industry", sa.String(length=128), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
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
            name=op.f("fk_enterprise_profiles_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enterprise_profiles")),
        sa.UniqueConstraint("organisation_id", name=op.f("uq_enterprise_profiles_organisation_id")),
    )
    with op.batch_alter_table("enterprise_profiles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enterprise_profiles_name"), ["name"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_enterprise_profiles_region_code"), ["region_code"], unique=False
        )

    op.create_table(
        "enterprise_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("rule_set", sa.String(length=32), nullable=False),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["enterprise_profiles.id"],
            name=op.f("fk_enterprise_assessments_profile_id_enterprise_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enterprise_assessments")),
    )
    with op.batch_alter_table("enterprise_assessments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_enterprise_assessments_profile", ["profile_id", "created_at"], unique=False
        )

    op.create_table(
        "enterprise_years",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("revenue", sa.Double(), nullable=True),
        sa.Column("main_revenue", sa.Double(), nullable=True),
        sa.Column("high_tech_revenue", sa.Double(), nullable=True),
        sa.Column("rd_expense", sa.Double(), nullable=True),
        sa.Column("rd_expense_domestic", sa.Double(), nullable=True),
        sa.Column("cost_total", sa.Double(), nullable=True),
        sa.Column("total_assets", sa.Double(), nullable=True),
        sa.Column("total_liabilities", sa.Double(), nullable=True),
        sa.Column("current_assets", sa.Double(), nullable=True),
        sa.Column("current_liabilities", sa.Double(), nullable=True),
        sa.Column("net_profit", sa.Double(), nullable=True),
        sa.Column("equity_financing", sa.Double(), nullable=True),
        sa.Column("top_customer_share", sa.Double(), nullable=True),
        sa.Column("platform_score", sa.Double(), nullable=True),
        sa.Column("employees", sa.Integer(), nullable=True),
        sa.Column("rd_staff", sa.Integer(), nullable=True),
        sa.Column("tech_staff", sa.Integer(), nullable=True),
        sa.Column("conversions", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["enterprise_profiles.id"],
            name=op.f("fk_enterprise_years_profile_id_enterprise_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enterprise_years")),
        sa.UniqueConstraint("profile_id", "year", name="uq_enterprise_year"),
    )
    with op.batch_alter_table("enterprise_years", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_enterprise_years_profile_id"), ["profile_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("enterprise_years", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enterprise_years_profile_id"))

    op.drop_table("enterprise_years")
    with op.batch_alter_table("enterprise_assessments", schema=None) as batch_op:
        batch_op.drop_index("ix_enterprise_assessments_profile")

    op.drop_table("enterprise_assessments")
    with op.batch_alter_table("enterprise_profiles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enterprise_profiles_region_code"))
        batch_op.drop_index(batch_op.f("ix_enterprise_profiles_name"))

    op.drop_table("enterprise_profiles")
