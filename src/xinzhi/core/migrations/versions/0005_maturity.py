"""TRL assessments

Revision ID: 0005_maturity
Revises: 0004_patent_aliases
Create Date: 2026-11-23 05:00:00
"""

from __future__ import annotations

revision = "0005_maturity"
down_revision = "0004_patent_aliases"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
