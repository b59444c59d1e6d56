"""wrong code attempts

Wrong invite and link codes, by account and chat, so that guessing codes is bounded.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.base

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "code_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("sender_id", sa.String(length=100), nullable=False),
        sa.Column("chat_id", sa.String(length=100), nullable=False),
        sa.Column("at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_code_attempts")),
    )
    op.create_index("ix_code_attempts_sender", "code_attempts", ["channel", "sender_id", "at"])
    op.create_index("ix_code_attempts_chat", "code_attempts", ["channel", "chat_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_code_attempts_chat", table_name="code_attempts")
    op.drop_index("ix_code_attempts_sender", table_name="code_attempts")
    op.drop_table("code_attempts")
