"""Plans imported from a file (`dti-bot import-plan`): the whole plan as JSON, loaded into the knowledge base at
start so that it is answered, collected and reminded like the bundled plans. Also two indexes on a round's value
rows that make the score cache's fingerprint (newest change, newest version) two index look-ups.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "imported_plans",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("framework", sa.String(32), nullable=False),
        sa.Column("label", sa.String(255), nullable=False),
        sa.Column("source", sa.String(255), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_round_values_round_updated", "round_values", ["round_id", "updated_at"])
    op.create_index("ix_round_values_round_latest", "round_values", ["round_id", "latest_id"])


def downgrade() -> None:
    op.drop_index("ix_round_values_round_latest", table_name="round_values")
    op.drop_index("ix_round_values_round_updated", table_name="round_values")
    op.drop_table("imported_plans")
