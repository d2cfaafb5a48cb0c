"""揭榜挂帅: challenges, applications and teams, reviewers, ties, recusals, scores,
milestones, payments, key needs and failure cases

Revision ID: 0013_challenges
Revises: 0010_demand_status
Create Date: 2026-12-06 03:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_challenges"
down_revision = "0012_chains"
branch_labels = None
depends_on = None

NOW = sa.text("(CURRENT_TIMESTAMP)")


def upgrade() -> None:
    op.create_table(
        "challenges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=256), nullable=False),
        sa.Column("goal", sa.Text(), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("scenario", sa.JSON(), nullable=False),
        sa.Column("validation", sa.JSON(), nullable=False),
        sa.Column("indicators", sa.JSON(), nullable=False),
        sa.Column("budget_wan", sa.Double(), nullable=False),
        sa.Column("funding_mode", sa.String(length=16), nullable=False),
        sa.Column("race_teams", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("blind", sa.Boolean(), nullable=False),
        sa.Column("rubric", sa.JSON(), nullable=False),
        sa.Column("eligibility", sa.JSON(), nullable=False),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("owner_org_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("awarded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("award_application_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_org_id"],
            ["organisations.id"],
            name=op.f("fk_challenges_owner_org_id_organisations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenges")),
    )
    op.create_index(op.f("ix_challenges_field"), "challenges", ["field"], unique=False)
    op.create_index(op.f("ix_challenges_kind"), "challenges", ["kind"], unique=False)
    op.create_index(
        op.f("ix_challenges_owner_org_id"), "challenges", ["owner_org_id"], unique=False
    )
    op.create_index(op.f("ix_challenges_status"), "challenges", ["status"], unique=False)
    op.create_index(op.f("ix_challenges_title"), "challenges", ["title"], unique=False)
    op.create_table(
        "challenge_applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("lead_org_id", sa.Integer(), nullable=False),
        sa.Column("proposal", sa.Text(), nullable=False),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("budget_wan", sa.Double(), nullable=True),
        sa.Column("achievement_ids", sa.JSON(), nullable=False),
        sa.Column("patent_ids", sa.JSON(), nullable=False),
        sa.Column("eligible", sa.Boolean(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_challenge_applications_challenge_id_challenges"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lead_org_id"],
            ["organisations.id"],
            name=op.f("fk_challenge_applications_lead_org_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_applications")),
    )
    op.create_index(
        op.f("ix_challenge_applications_challenge_id"),
        "challenge_applications",
        ["challenge_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_challenge_applications_lead_org_id"),
        "challenge_applications",
        ["lead_org_id"],
        unique=False,
    )
    op.create_table(
        "challenge_failure_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=256), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("tried", sa.Text(), nullable=False),
        sa.Column("route", sa.Text(), nullable=False),
        sa.Column("trl_reached", sa.Integer(), nullable=True),
        sa.Column("spent_wan", sa.Double(), nullable=False),
        sa.Column("main_cause", sa.String(length=16), nullable=False),
        sa.Column("causes", sa.JSON(), nullable=False),
        sa.Column("lessons", sa.Text(), nullable=False),
        sa.Column("reusable", sa.Text(), nullable=False),
        sa.Column("achievement_ids", sa.JSON(), nullable=False),
        sa.Column("patent_ids", sa.JSON(), nullable=False),
        sa.Column("publication", sa.String(length=16), nullable=False),
        sa.Column("records", sa.JSON(), nullable=False),
        sa.Column("records_hash", sa.String(length=64), nullable=False),
        sa.Column("checklist", sa.JSON(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.String(length=128), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("compensation_wan", sa.Double(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_challenge_failure_cases_challenge_id_challenges"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_failure_cases")),
    )
    op.create_index(
        op.f("ix_challenge_failure_cases_challenge_id"),
        "challenge_failure_cases",
        ["challenge_id"],
        unique=False,
    )
    op.create_table(
        "challenge_key_needs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("demand_id", sa.Integer(), nullable=False),
        sa.Column("chokepoint", sa.String(length=256), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_challenge_key_needs_challenge_id_challenges"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["demand_id"],
            ["demands.id"],
            name=op.f("fk_challenge_key_needs_demand_id_demands"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_key_needs")),
        sa.UniqueConstraint("demand_id", name=op.f("uq_challenge_key_needs_demand_id")),
    )
    op.create_index(
        op.f("ix_challenge_key_needs_challenge_id"),
        "challenge_key_needs",
        ["challenge_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_challenge_key_needs_status"), "challenge_key_needs", ["status"], unique=False
    )
    op.create_table(
        "challenge_milestones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=256), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("trl_target", sa.Integer(), nullable=False),
        sa.Column("payment_share", sa.Double(), nullable=False),
        sa.Column("achievement_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("submission", sa.Text(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_trl", sa.Integer(), nullable=True),
        sa.Column("accepted_by", sa.String(length=128), nullable=False),
        sa.Column("overdue_notified", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["achievement_id"],
            ["achievements.id"],
            name=op.f("fk_challenge_milestones_achievement_id_achievements"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_challenge_milestones_challenge_id_challenges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_milestones")),
    )
    op.create_index(
        op.f("ix_challenge_milestones_challenge_id"),
        "challenge_milestones",
        ["challenge_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_challenge_milestones_due"), "challenge_milestones", ["due"], unique=False
    )
    op.create_table(
        "challenge_payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount_wan", sa.Double(), nullable=False),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_challenge_payments_challenge_id_challenges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_payments")),
    )
    op.create_index(
        op.f("ix_challenge_payments_challenge_id"),
        "challenge_payments",
        ["challenge_id"],
        unique=False,
    )
    op.create_table(
        "challenge_reviewer_ties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_challenge_reviewer_ties_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_challenge_reviewer_ties_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_reviewer_ties")),
    )
    op.create_index(
        op.f("ix_challenge_reviewer_ties_user_id"),
        "challenge_reviewer_ties",
        ["user_id"],
        unique=False,
    )
    op.create_table(
        "challenge_reviewers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("assigned_by", sa.String(length=128), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_challenge_reviewers_challenge_id_challenges"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_challenge_reviewers_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_reviewers")),
        sa.UniqueConstraint("challenge_id", "user_id", name="uq_challenge_reviewer"),
    )
    op.create_index(
        op.f("ix_challenge_reviewers_challenge_id"),
        "challenge_reviewers",
        ["challenge_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_challenge_reviewers_user_id"), "challenge_reviewers", ["user_id"], unique=False
    )
    op.create_table(
        "challenge_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_challenge_status_changes_challenge_id_challenges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_status_changes")),
    )
    op.create_index(
        op.f("ix_challenge_status_changes_challenge_id"),
        "challenge_status_changes",
        ["challenge_id"],
        unique=False,
    )
    op.create_table(
        "challenge_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("share", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["challenge_applications.id"],
            name=op.f("fk_challenge_members_application_id_challenge_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_challenge_members_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_members")),
        sa.UniqueConstraint("application_id", "organisation_id", name="uq_member"),
    )
    op.create_index(
        op.f("ix_challenge_members_application_id"),
        "challenge_members",
        ["application_id"],
        unique=False,
    )
    op.create_table(
        "challenge_recusals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["challenge_applications.id"],
            name=op.f("fk_challenge_recusals_application_id_challenge_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_challenge_recusals_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_recusals")),
        sa.UniqueConstraint("application_id", "user_id", name="uq_recusal"),
    )
    op.create_index(
        op.f("ix_challenge_recusals_application_id"),
        "challenge_recusals",
        ["application_id"],
        unique=False,
    )
    op.create_table(
        "challenge_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.String(length=16), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("weighted", sa.Double(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["challenge_applications.id"],
            name=op.f("fk_challenge_scores_application_id_challenge_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_challenge_scores_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_scores")),
        sa.UniqueConstraint("application_id", "user_id", "round", name="uq_challenge_score"),
    )
    op.create_index(
        op.f("ix_challenge_scores_application_id"),
        "challenge_scores",
        ["application_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_challenge_scores_application_id"), table_name="challenge_scores")
    op.drop_table("challenge_scores")
    op.drop_index(op.f("ix_challenge_recusals_application_id"), table_name="challenge_recusals")
    op.drop_table("challenge_recusals")
    op.drop_index(op.f("ix_challenge_members_application_id"), table_name="challenge_members")
    op.drop_table("challenge_members")
    op.drop_index(
        op.f("ix_challenge_status_changes_challenge_id"), table_name="challenge_status_changes"
    )
    op.drop_table("challenge_status_changes")
    op.drop_index(op.f("ix_challenge_reviewers_user_id"), table_name="challenge_reviewers")
    op.drop_index(op.f("ix_challenge_reviewers_challenge_id"), table_name="challenge_reviewers")
    op.drop_table("challenge_reviewers")
    op.drop_index(op.f("ix_challenge_reviewer_ties_user_id"), table_name="challenge_reviewer_ties")
    op.drop_table("challenge_reviewer_ties")
    op.drop_index(op.f("ix_challenge_payments_challenge_id"), table_name="challenge_payments")
    op.drop_table("challenge_payments")
    op.drop_index(op.f("ix_challenge_milestones_due"), table_name="challenge_milestones")
    op.drop_index(op.f("ix_challenge_milestones_challenge_id"), table_name="challenge_milestones")
    op.drop_table("challenge_milestones")
    op.drop_index(op.f("ix_challenge_key_needs_status"), table_name="challenge_key_needs")
    op.drop_index(op.f("ix_challenge_key_needs_challenge_id"), table_name="challenge_key_needs")
    op.drop_table("challenge_key_needs")
    op.drop_index(
        op.f("ix_challenge_failure_cases_challenge_id"), table_name="challenge_failure_cases"
    )
    op.drop_table("challenge_failure_cases")
    op.drop_index(
        op.f("ix_challenge_applications_lead_org_id"), table_name="challenge_applications"
    )
    op.drop_index(
        op.f("ix_challenge_applications_challenge_id"), table_name="challenge_applications"
    )
    op.drop_table("challenge_applications")
    op.drop_index(op.f("ix_challenges_title"), table_name="challenges")
    op.drop_index(op.f("ix_challenges_status"), table_name="challenges")
    op.drop_index(op.f("ix_challenges_owner_org_id"), table_name="challenges")
    op.drop_index(op.f("ix_challenges_kind"), table_name="challenges")
    op.drop_index(op.f("ix_challenges_field"), table_name="challenges")
    op.drop_table("challenges")
