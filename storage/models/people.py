"""People, their chat accounts, unit memberships and invitations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.base import Base, UTCDateTime


class Person(Base):
    """One human, whichever chat platforms they use."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8), default="vi")
    # Promoted by another admin; admins named in the settings are admins regardless.
    is_admin: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Where notices go when the person has accounts on several channels: None for the
    # one they wrote from last, ALL_CHANNELS for every one, or a channel's name.
    notify_channel: Mapped[str | None] = mapped_column(String(20), default=None)

    accounts: Mapped[list[Account]] = relationship(back_populates="person")


class Account(Base):
    """A person's identity on one channel, and the private chat the bot reaches them in."""

    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(100))
    chat_id: Mapped[str | None] = mapped_column(String(100), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Set when the platform refused to deliver (the person blocked the bot or never
    # opened a chat with it); cleared when they write again.
    unreachable_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # When the person last wrote from this account: "the channel they use".
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    person: Mapped[Person] = relationship(back_populates="accounts")


ALL_CHANNELS = "all"


class LinkCode(Base):
    """A one-time code that joins the account sending it to the person who asked for it:
    one official, reached on Telegram and on Zalo."""

    __tablename__ = "link_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # The account that sent the code, waiting for the asker to confirm it is theirs: a
    # code can leak, and whoever sends it must not become the asker (and get their rights).
    claim_channel: Mapped[str | None] = mapped_column(String(20), default=None)
    claim_external_id: Mapped[str | None] = mapped_column(String(100), default=None)
    claim_chat_id: Mapped[str | None] = mapped_column(String(100), default=None)
    claim_name: Mapped[str | None] = mapped_column(String(200), default=None)
    claim_language: Mapped[str | None] = mapped_column(String(8), default=None)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


# A member's part in their unit: the head (thủ trưởng, one per unit) answers for the
# unit's work, deputies (phó) share it; both may hand a task to a member.
MEMBER = "member"
HEAD = "head"
DEPUTY = "deputy"
LEADERS = (HEAD, DEPUTY)


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("person_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime())
    role: Mapped[str] = mapped_column(String(16), default=MEMBER, server_default=MEMBER)


class Invite(Base):
    """A one-time code that joins whoever sends it to a unit, until it expires."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    used_by: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), default=None
    )
