"""Plan tasks with a status per unit (``task_status``: chưa làm / đang làm / xong, with a note, the document's
number and an optional proof file or link), and difficulties reported to the focal points with their answers
(``difficulties``), and which plan a plan continues (``plan_links``, written by ``plan rollover --apply``: an
indicator's history across years). Issue 18.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "task_status",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_id", sa.String(64), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id", ondelete="CASCADE"), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("proof_link", sa.String(500), nullable=False, server_default=""),
        sa.Column("proof_path", sa.String(500), nullable=False, server_default=""),
        sa.Column("proof_name", sa.String(255), nullable=False, server_default=""),
        sa.Column("proof_mime", sa.String(100), nullable=False, server_default=""),
        sa.Column("official_id", sa.Integer(), sa.ForeignKey("officials.id", ondelete="SET NULL"), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("unit_id", "code", name="uq_task_status_unit_code"),
    )
    op.create_index("ix_task_status_plan", "task_status", ["plan_id"])
    op.create_table(
        "difficulties",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_id", sa.String(64), nullable=False),
        sa.Column("code", sa.String(40), nullable=False, server_default=""),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id", ondelete="SET NULL"), nullable=True),
        sa.Column("official_id", sa.Integer(), sa.ForeignKey("officials.id", ondelete="SET NULL"), nullable=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False, server_default=""),
        sa.Column("answered_by", sa.Integer(), sa.ForeignKey("officials.id", ondelete="SET NULL"), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_difficulties_plan_open", "difficulties", ["plan_id", "answered_at"])
    op.create_table(
        "plan_links",
        sa.Column("plan_id", sa.String(64), primary_key=True),
        sa.Column("previous_id", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("plan_links")
    op.drop_index("ix_difficulties_plan_open", table_name="difficulties")
    op.drop_table("difficulties")
    op.drop_index("ix_task_status_plan", table_name="task_status")
    op.drop_table("task_status")
