"""engagements, contact log, technology contracts

Revision ID: 0008_engagements
Revises: 0007_matching
Create Date: 2026-12-06 00:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_engagements"
down_revision = "0007_matching"
branch_labels = None
depends_on = None

NOW = sa.text("(CURRENT_TIMESTAMP)")


def upgrade() -> None:
    op.create_table(
        "engagements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("demand_id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=True),
        sa.Column("candidate_type", sa.String(length=16), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("broker_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Double(), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=True),
        sa.Column("proposal", sa.Text(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("stage_entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("termination_reason", sa.String(length=16), nullable=True),
        sa.Column("termination_note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["broker_id"],
            ["users.id"],
            name=op.f("fk_engagements_broker_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_engagements_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["demand_id"],
            ["demands.id"],
            name=op.f("fk_engagements_demand_id_demands"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_engagements")),
    )
    with op.batch_alter_table("engagements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_engagements_broker_id"), ["broker_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_engagements_demand_id"), ["demand_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_engagements_stage"), ["stage"], unique=False)
        batch_op.create_index(
            "uq_engagements_open_pair",
            ["demand_id", "candidate_type", "candidate_id"],
            unique=True,
            sqlite_where=sa.text("stage NOT IN ('completed', 'terminated')"),
            postgresql_where=sa.text("stage NOT IN ('completed', 'terminated')"),
        )

    op.create_table(
        "engagement_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("contact_date", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("participants", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("next_follow_up", sa.Date(), nullable=True),
        sa.Column("follow_up_notified", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagements.id"],
            name=op.f("fk_engagement_contacts_engagement_id_engagements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_engagement_contacts")),
    )
    with op.batch_alter_table("engagement_contacts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_engagement_contacts_engagement_id"), ["engagement_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_engagement_contacts_next_follow_up"), ["next_follow_up"], unique=False
        )

    op.create_table(
        "engagement_stages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=16), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagements.id"],
            name=op.f("fk_engagement_stages_engagement_id_engagements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_engagement_stages")),
    )
    with op.batch_alter_table("engagement_stages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_engagement_stages_engagement_id"), ["engagement_id"], unique=False
        )

    op.create_table(
        "tech_contracts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("contract_type", sa.String(length=16), nullable=False),
        sa.Column("transfer_mode", sa.String(length=16), nullable=False),
        sa.Column("payment_form", sa.String(length=16), nullable=False),
        sa.Column("project_name", sa.String(length=512), nullable=False),
        sa.Column("amount_wan", sa.Double(), nullable=False),
        sa.Column("non_tech_amount_wan", sa.Double(), nullable=False),
        sa.Column("tech_amount_wan", sa.Double(), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("buyer_name", sa.String(length=256), nullable=False),
        sa.Column("buyer_region_code", sa.String(length=6), nullable=True),
        sa.Column("seller_name", sa.String(length=256), nullable=False),
        sa.Column("seller_region_code", sa.String(length=6), nullable=True),
        sa.Column("registering_party", sa.String(length=16), nullable=False),
        sa.Column("registration_no", sa.String(length=32), nullable=True),
        sa.Column("registration_deadline", sa.Date(), nullable=False),
        sa.Column("review_days", sa.Integer(), nullable=False),
        sa.Column("review_working_days", sa.Boolean(), nullable=False),
        sa.Column("expected_investment_wan", sa.Double(), nullable=True),
        sa.Column("expected_output_wan", sa.Double(), nullable=True),
        sa.Column("rule_version", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagements.id"],
            name=op.f("fk_tech_contracts_engagement_id_engagements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tech_contracts")),
        sa.UniqueConstraint("engagement_id", name=op.f("uq_tech_contracts_engagement_id")),
    )
    with op.batch_alter_table("tech_contracts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tech_contracts_contract_type"), ["contract_type"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_tech_contracts_signed_on"), ["signed_on"], unique=False
        )

    op.create_table(
        "payment_milestones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("amount_wan", sa.Double(), nullable=False),
        sa.Column("paid", sa.Boolean(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["tech_contracts.id"],
            name=op.f("fk_payment_milestones_contract_id_tech_contracts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_milestones")),
    )
    with op.batch_alter_table("payment_milestones", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payment_milestones_contract_id"), ["contract_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("payment_milestones", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_milestones_contract_id"))

    op.drop_table("payment_milestones")
    with op.batch_alter_table("tech_contracts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tech_contracts_signed_on"))
        batch_op.drop_index(batch_op.f("ix_tech_contracts_contract_type"))

    op.drop_table("tech_contracts")
    with op.batch_alter_table("engagement_stages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_engagement_stages_engagement_id"))

    op.drop_table("engagement_stages")
    with op.batch_alter_table("engagement_contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_engagement_contacts_next_follow_up"))
        batch_op.drop_index(batch_op.f("ix_engagement_contacts_engagement_id"))

    op.drop_table("engagement_contacts")
    with op.batch_alter_table("engagements", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_engagements_open_pair",
            sqlite_where=sa.text("stage NOT IN ('completed', 'terminated')"),
            postgresql_where=sa.text("stage NOT IN ('completed', 'terminated')"),
        )
        batch_op.drop_index(batch_op.f("ix_engagements_stage"))
        batch_op.drop_index(batch_op.f("ix_engagements_demand_id"))
        batch_op.drop_index(batch_op.f("ix_engagements_broker_id"))

    op.drop_table("engagements")
