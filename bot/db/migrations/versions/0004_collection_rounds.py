"""Collection rounds, each unit's part of each indicator with its versions, evidence files, exceptions.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _official(name: str) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.Integer(), sa.ForeignKey("officials.id", ondelete="SET NULL"), nullable=True)


def upgrade() -> None:
    op.create_table(
        "rounds",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_id", sa.String(64), nullable=False),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("letter_date", sa.Date(), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("indicators", sa.JSON(), nullable=False),
        _official("opened_by"),
        _when("opened_at"),
        _official("closed_by"),
        _when("closed_at", nullable=True),
    )
    op.create_index("ix_rounds_plan_id", "rounds", ["plan_id"])
    op.create_index(
        "uq_rounds_open_plan_period",
        "rounds",
        ["plan_id", "period"],
        unique=True,
        sqlite_where=sa.text("state = 'open'"),
        postgresql_where=sa.text("state = 'open'"),
    )
    op.create_table(
        "round_values",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("round_id", sa.Integer(), sa.ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False),
        sa.Column("indicator", sa.String(32), nullable=False),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id", ondelete="CASCADE"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("latest_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        _when("updated_at"),
        sa.UniqueConstraint("round_id", "indicator", "unit_id", name="uq_round_values_part"),
    )
    op.create_index("ix_round_values_round_id", "round_values", ["round_id"])
    op.create_index("ix_round_values_unit_id", "round_values", ["unit_id"])
    op.create_table(
        "value_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("value_id", sa.Integer(), sa.ForeignKey("round_values.id", ondelete="CASCADE"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("channel", sa.String(16), nullable=False),
        _official("official_id"),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        _official("reviewed_by"),
        _when("reviewed_at", nullable=True),
        _when("created_at"),
        sa.UniqueConstraint("value_id", "number", name="uq_value_versions_number"),
    )
    op.create_index("ix_value_versions_value_id", "value_versions", ["value_id"])
    op.create_table(
        "value_inputs",
        sa.Column(
            "version_id", sa.Integer(), sa.ForeignKey("value_versions.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("number", sa.Float(), nullable=True),
        sa.Column("answer", sa.String(255), nullable=True),
    )
    op.create_table(
        "evidence_files",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "version_id", sa.Integer(), sa.ForeignKey("value_versions.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("path", sa.String(500), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("mime", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        _official("official_id"),
        _when("created_at"),
    )
    op.create_index("ix_evidence_files_version_id", "evidence_files", ["version_id"])
    op.create_table(
        "round_exceptions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("round_id", sa.Integer(), sa.ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id", ondelete="CASCADE"), nullable=False),
        sa.Column("indicator", sa.String(32), nullable=False),
        _when("until", nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        _official("granted_by"),
        _when("created_at"),
    )
    op.create_index("ix_round_exceptions_round_unit", "round_exceptions", ["round_id", "unit_id"])


def downgrade() -> None:
    for table in ("round_exceptions", "evidence_files", "value_inputs", "value_versions", "round_values", "rounds"):
        op.drop_table(table)
