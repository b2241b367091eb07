"""Links as evidence (issue 16): ``evidence_files.url``, set for a link (then ``name`` holds the text sent with
it), null for a file. Kept in the same table so that a link counts wherever a file does.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("evidence_files") as batch:
        batch.add_column(sa.Column("url", sa.String(2048), nullable=True))


def downgrade() -> None:
    op.execute("DELETE FROM evidence_files WHERE url IS NOT NULL")  # a link has no file to fall back to
    with op.batch_alter_table("evidence_files") as batch:
        batch.drop_column("url")
