"""Officials with their channel identities, units per plan, memberships with roles, invites, requests.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "officials",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        _when("created_at"),
    )
    op.create_table(
        "identities",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("official_id", sa.Integer(), sa.ForeignKey("officials.id", ondelete="CASCADE"), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        _when("created_at"),
        sa.UniqueConstraint("channel", "user_id", name="uq_identities_channel_user"),
    )
    op.create_index("ix_identities_official_id", "identities", ["official_id"])
    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("parent_id", sa.Integer(), sa.ForeignKey("units.id", ondelete="CASCADE"), nullable=True),
        sa.Column("is_group", sa.Boolean(), nullable=False),
        _when("created_at"),
        sa.UniqueConstraint("plan_id", "name", name="uq_units_plan_name"),
    )
    op.create_index("ix_units_plan_id", "units", ["plan_id"])
    op.create_table(
        "memberships",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("official_id", sa.Integer(), sa.ForeignKey("officials.id", ondelete="CASCADE"), nullable=False),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id", ondelete="CASCADE"), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        _when("created_at"),
        sa.UniqueConstraint("official_id", "unit_id", "role", name="uq_memberships_who_where_role"),
    )
    op.create_index("ix_memberships_official_id", "memberships", ["official_id"])
    op.create_index("ix_memberships_unit_id", "memberships", ["unit_id"])
    op.create_table(
        "invites",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(32), nullable=False, unique=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id", ondelete="CASCADE"), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        _when("expires_at"),
        _when("used_at", nullable=True),
        sa.Column("used_by", sa.Integer(), sa.ForeignKey("officials.id", ondelete="SET NULL"), nullable=True),
        _when("created_at"),
    )
    op.create_table(
        "registration_requests",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id", ondelete="CASCADE"), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("decided_by", sa.Integer(), sa.ForeignKey("officials.id", ondelete="SET NULL"), nullable=True),
        _when("decided_at", nullable=True),
        _when("created_at"),
    )
    op.create_index("ix_registration_requests_unit_id", "registration_requests", ["unit_id"])


def downgrade() -> None:
    for table in ("registration_requests", "invites", "memberships", "units", "identities", "officials"):
        op.drop_table(table)
