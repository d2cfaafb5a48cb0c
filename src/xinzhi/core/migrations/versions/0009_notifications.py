"""notifications inbox, preferences and e-mail outbox

Revision ID: 0009_notifications
Revises: 0008_engagements
Create Date: 2026-12-06 00:30:00
"""

from __future__ import annotations

revision = "0009_notifications"
down_revision = "0008_engagements"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
