"""Outbox of messages the bot starts; conversation state names grow to hold flow steps.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(255), nullable=False, unique=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        sa.Column("message_id", sa.String(64), nullable=True),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_outbox_due", "outbox", ["status", "next_attempt_at"])
    with op.batch_alter_table("conversations") as batch:
        batch.alter_column("state", existing_type=sa.String(32), type_=sa.String(64), existing_nullable=False)
    op.create_index("ix_processed_updates_created", "processed_updates", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_processed_updates_created", "processed_updates")
    with op.batch_alter_table("conversations") as batch:
        batch.alter_column("state", existing_type=sa.String(64), type_=sa.String(32), existing_nullable=False)
    op.drop_index("ix_outbox_due", "outbox")
    op.drop_table("outbox")
