"""reports withdrawn by their author

An official may withdraw a report (or a close) they made by mistake, for a while: the
report stays, marked withdrawn, with who withdrew it and when.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 17:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.base

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("progress_reports", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("withdrawn_at", storage.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("withdrawn_by", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_progress_reports_withdrawn_by_people"),
            "people",
            ["withdrawn_by"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("progress_reports", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_progress_reports_withdrawn_by_people"), type_="foreignkey"
        )
        batch_op.drop_column("withdrawn_by")
        batch_op.drop_column("withdrawn_at")
