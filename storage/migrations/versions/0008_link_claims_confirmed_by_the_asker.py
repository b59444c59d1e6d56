"""link claims confirmed by the asker

A link code no longer joins the account that sends it at once: the claim (which account,
its name, its language, when) waits on the code until the person who asked for the code
confirms it from an account of theirs, or refuses it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 10:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.base

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("link_codes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim_channel", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("claim_external_id", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("claim_chat_id", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("claim_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("claim_language", sa.String(length=8), nullable=True))
        batch_op.add_column(
            sa.Column("claimed_at", storage.base.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("link_codes", schema=None) as batch_op:
        for column in (
            "claimed_at",
            "claim_language",
            "claim_name",
            "claim_chat_id",
            "claim_external_id",
            "claim_channel",
        ):
            batch_op.drop_column(column)
