"""Invite code attempts (issue 15): wrong codes counted per account and across the bot in the database, so that
several workers share the count, and the holds they lead to (an account's for 15 minutes, everyone's for one).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "invite_attempts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("account", sa.String(255), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_invite_attempts_account_at", "invite_attempts", ["account", "at"])
    op.create_index("ix_invite_attempts_at", "invite_attempts", ["at"])
    op.create_table(
        "invite_holds",
        sa.Column("scope", sa.String(255), primary_key=True),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("invite_holds")
    op.drop_index("ix_invite_attempts_at", table_name="invite_attempts")
    op.drop_index("ix_invite_attempts_account_at", table_name="invite_attempts")
    op.drop_table("invite_attempts")
