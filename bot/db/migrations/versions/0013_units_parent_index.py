"""An index on ``units.parent_id``: every turn asks whether the sender's units have members (a unit with members
reports nothing itself, ``bot.services.units.has_members``), which without it reads every unit of the table
(10 000 member units in a province's communes).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_units_parent_id", "units", ["parent_id"])


def downgrade() -> None:
    op.drop_index("ix_units_parent_id", table_name="units")
