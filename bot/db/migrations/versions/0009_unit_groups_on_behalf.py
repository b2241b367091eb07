"""Group memberships beyond a member unit's own group (``unit_groups``: a Sở of the plan in "Các sở, ban, ngành",
a unit in several groups), and values entered on a unit's behalf by a focal point or an admin
(``value_versions.on_behalf``).

Revision ID: 0009
Revises: 0007
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unit_groups",
        sa.Column("group_id", sa.Integer(), sa.ForeignKey("units.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("units.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_unit_groups_member", "unit_groups", ["member_id"])
    with op.batch_alter_table("value_versions") as batch:
        batch.add_column(sa.Column("on_behalf", sa.Boolean(), nullable=False, server_default=sa.text("false")))


def downgrade() -> None:
    with op.batch_alter_table("value_versions") as batch:
        batch.drop_column("on_behalf")
    op.drop_index("ix_unit_groups_member", table_name="unit_groups")
    op.drop_table("unit_groups")
