"""TRL assessments

Revision ID: 0005_maturity
Revises: 0004_patent_aliases
Create Date: 2026-11-23 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_maturity"
down_revision = "0004_patent_aliases"
branch_labels = None
depends_on = None


def _now() -> sa.TextClause:
    return sa.text("(CURRENT_TIMESTAMP)")


def upgrade() -> None:
    op.create_table(
        "trl_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("achievement_id", sa.Integer(), nullable=False),
        sa.Column("scale", sa.String(length=8), nullable=False),
        sa.Column("track", sa.String(length=16), nullable=False),
        sa.Column("checklist_version", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("achieved_level", sa.Integer(), nullable=True),
        sa.Column("target_level", sa.Integer(), nullable=True),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("prior", sa.JSON(), nullable=True),
        sa.Column("prior_decision", sa.String(length=16), nullable=True),
        sa.Column("prior_decided_level", sa.Integer(), nullable=True),
        sa.Column("prior_reviewer", sa.String(length=128), nullable=True),
        sa.Column("prior_reason", sa.Text(), nullable=False),
        sa.Column("prior_decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.ForeignKeyConstraint(
            ["achievement_id"],
            ["achievements.id"],
            name=op.f("fk_trl_assessments_achievement_id_achievements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["trl_assessments.id"],
            name=op.f("fk_trl_assessments_supersedes_id_trl_assessments"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trl_assessments")),
    )
    op.create_index(
        "ix_trl_assessments_achievement", "trl_assessments", ["achievement_id", "created_at"]
    )

    op.create_table(
        "trl_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.String(length=64), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("track", sa.String(length=16), nullable=False),
        sa.Column("criterion_text", sa.Text(), nullable=False),
        sa.Column("answer", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("answered_by", sa.String(length=128), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["trl_assessments.id"],
            name=op.f("fk_trl_answers_assessment_id_trl_assessments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trl_answers")),
        sa.UniqueConstraint("assessment_id", "criterion_id", name="uq_trl_answer"),
    )
    op.create_index(op.f("ix_trl_answers_assessment_id"), "trl_answers", ["assessment_id"])

    op.create_table(
        "trl_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("stored_path", sa.String(length=512), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=128), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["trl_answers.id"],
            name=op.f("fk_trl_evidence_answer_id_trl_answers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trl_evidence")),
    )
    op.create_index(op.f("ix_trl_evidence_answer_id"), "trl_evidence", ["answer_id"])
    op.create_index(op.f("ix_trl_evidence_sha256"), "trl_evidence", ["sha256"])

    op.create_table(
        "trl_approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("reviewer", sa.String(length=128), nullable=False),
        sa.Column("reviewer_user_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["trl_assessments.id"],
            name=op.f("fk_trl_approvals_assessment_id_trl_assessments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trl_approvals")),
        sa.UniqueConstraint("assessment_id", "level", name="uq_trl_approval"),
    )
    op.create_index(op.f("ix_trl_approvals_assessment_id"), "trl_approvals", ["assessment_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_trl_approvals_assessment_id"), table_name="trl_approvals")
    op.drop_table("trl_approvals")
    op.drop_index(op.f("ix_trl_evidence_sha256"), table_name="trl_evidence")
    op.drop_index(op.f("ix_trl_evidence_answer_id"), table_name="trl_evidence")
    op.drop_table("trl_evidence")
    op.drop_index(op.f("ix_trl_answers_assessment_id"), table_name="trl_answers")
    op.drop_table("trl_answers")
    op.drop_index("ix_trl_assessments_achievement", table_name="trl_assessments")
    op.drop_table("trl_assessments")
