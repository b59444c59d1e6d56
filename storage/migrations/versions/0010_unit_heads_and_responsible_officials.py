"""unit heads and responsible officials

A member's role in their unit (member, head, deputy), and the official who answers for an
assignment (đầu mối) or for each occurrence of a recurring duty. Existing rows keep
today's behaviour: every member is a member, and no assignment has a responsible
official, so its reminders still go to the whole unit; and when a late task's head was
told (the escalation, once per deadline).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.base

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("role", sa.String(length=16), server_default="member", nullable=False)
        )
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("responsible_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("escalated_at", storage.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_assignments_responsible_id_people"),
            "people",
            ["responsible_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("series", schema=None) as batch_op:
        batch_op.add_column(sa.Column("responsible_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_series_responsible_id_people"),
            "people",
            ["responsible_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("series", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_series_responsible_id_people"), type_="foreignkey")
        batch_op.drop_column("responsible_id")
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_assignments_responsible_id_people"), type_="foreignkey"
        )
        batch_op.drop_column("escalated_at")
        batch_op.drop_column("responsible_id")
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_column("role")
