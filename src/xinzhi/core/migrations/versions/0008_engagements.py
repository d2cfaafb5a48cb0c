"""engagements, contact log, technology contracts

Revision ID: 0008_engagements
Revises: 0007_matching
Create Date: 2026-12-06 00:30:00
"""

from __future__ import annotations

revision = "0008_engagements"
down_revision = "0007_matching"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
