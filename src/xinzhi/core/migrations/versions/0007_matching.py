"""match feedback and index state

Revision ID: 0007_matching
Revises: 0006_watchlists
Create Date: 2026-11-23 05:00:00
"""

from __future__ import annotations

revision = "0007_matching"
down_revision = "0006_watchlists"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
