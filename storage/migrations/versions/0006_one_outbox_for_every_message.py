"""one outbox for every message

The reminder rows become the outbox: every message the bot sends is a row (kind
"message" for a command's replies and notices, with its content), claimed by a sending
process whose liveness is kept in outbox_senders.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 13:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.base

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

UTC = storage.base.UTCDateTime(timezone=True)
# The columns both tables have, copied as they are ("offset" and "key" are SQL words).
SHARED = ("id", "assignment_id", "kind", "offset", "channel", "chat_id", "person_id",
          "due_at", "state", "attempts", "claimed_at", "sent_at", "message_id", "late",
          "error", "key")  # fmt: skip


def _columns(prefix: str = "") -> str:
    return ", ".join(f'{prefix}"{c}"' for c in SHARED)


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("priority", sa.SmallInteger(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=True),
        sa.Column("offset", sa.String(length=10), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("chat_id", sa.String(length=100), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("due_at", UTC, nullable=False),
        sa.Column("rank_at", UTC, nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_at", UTC, nullable=True),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("sent_at", UTC, nullable=True),
        sa.Column("done_at", UTC, nullable=True),
        sa.Column("message_id", sa.String(length=100), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("key", sa.String(length=200), nullable=True),
        sa.Column("template", sa.String(length=80), nullable=True),
        sa.Column("body", sa.JSON(), nullable=True),
        sa.Column("lang", sa.String(length=8), nullable=True),
        sa.Column("label", sa.String(length=200), nullable=True),
        sa.Column("assignment_ids", sa.JSON(), nullable=True),
        sa.Column("buttons", sa.JSON(), nullable=True),
        sa.Column("today", sa.Date(), nullable=True),
        sa.Column("reply_to", sa.String(length=100), nullable=True),
        sa.Column("ask", sa.Boolean(), nullable=False),
        sa.Column("pieces_sent", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=True),
        sa.Column("file_kind", sa.String(length=16), nullable=True),
        sa.Column("file_data", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignments.id"],
            name=op.f("fk_outbox_assignment_id_assignments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_outbox_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("key", name=op.f("uq_outbox_key")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_claim", ["state", "priority", "rank_at", "id"])
        batch_op.create_index("ix_outbox_state_due", ["state", "due_at"])
        batch_op.create_index("ix_outbox_chat", ["channel", "chat_id", "state"])
        batch_op.create_index("ix_outbox_done", ["done_at"])
        batch_op.create_index(batch_op.f("ix_outbox_assignment_id"), ["assignment_id"])

    # Rows planned before the outbox: reminders and digests, ranked by their deadline.
    op.execute(
        f"""
        INSERT INTO outbox ({_columns()}, priority, rank_at, done_at, ask, pieces_sent)
        SELECT {_columns("r.")}, 1, COALESCE(a.due_at, r.due_at),
               CASE WHEN r.state IN ('pending', 'claimed') THEN NULL
                    ELSE COALESCE(r.sent_at, r.due_at) END,
               false, 0
        FROM reminders r LEFT JOIN assignments a ON a.id = r.assignment_id
        """
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "SELECT setval('outbox_id_seq', COALESCE((SELECT MAX(id) FROM outbox), 0) + 1, false)"
        )
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.drop_index("ix_reminders_state_due")
        batch_op.drop_index(batch_op.f("ix_reminders_assignment_id"))
    op.drop_table("reminders")

    op.create_table(
        "outbox_senders",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("host", sa.String(length=200), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", UTC, nullable=False),
        sa.Column("seen_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_senders")),
    )


def downgrade() -> None:
    op.drop_table("outbox_senders")
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("offset", sa.String(length=10), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("chat_id", sa.String(length=100), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("due_at", UTC, nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_at", UTC, nullable=True),
        sa.Column("sent_at", UTC, nullable=True),
        sa.Column("message_id", sa.String(length=100), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("key", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignments.id"],
            name=op.f("fk_reminders_assignment_id_assignments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_reminders_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders")),
        sa.UniqueConstraint("key", name=op.f("uq_reminders_key")),
    )
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.create_index("ix_reminders_state_due", ["state", "due_at"])
        batch_op.create_index(batch_op.f("ix_reminders_assignment_id"), ["assignment_id"])
    # Planned rows go back; a command's messages have no place there and are dropped.
    op.execute(
        f"INSERT INTO reminders ({_columns()}) SELECT {_columns()} FROM outbox "
        "WHERE kind != 'message'"
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "SELECT setval('reminders_id_seq', "
            "COALESCE((SELECT MAX(id) FROM reminders), 0) + 1, false)"
        )
    op.drop_table("outbox")
