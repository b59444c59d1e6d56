"""The processes that send, and taking over what a dead one had claimed.

Each sending process has a row in outbox_senders and renews it every few seconds; its
claims carry its id. A process that ran here (this machine, this boot, this pid
namespace) is dead exactly when its pid is gone, or is ours under another id (a
container restarted): at once after a crash and restart, and never while it lives,
however slow its heartbeat (a database lock held long). A process elsewhere is dead when
its row has not been renewed for STALE, by the clock the processes read (servers sharing
a database keep their clocks agreed). A dead process's claims are pending again, for any
process to send: a crash delays them by seconds, not by a lease of minutes.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from storage.db import upsert
from storage.models import OutboxMessage, OutboxSender
from storage.models import outbox as ob

# A process renews its row every BEAT seconds; one silent for STALE is dead.
BEAT_SECONDS = 10.0
STALE = timedelta(seconds=45)


@cache
def this_host() -> str:
    """Where a pid means this process's kind of pid: the machine, its boot, and the pid
    namespace (containers sharing a hostname each have their own pids)."""
    boot = Path("/proc/sys/kernel/random/boot_id")
    suffix = boot.read_text().strip()[:8] if boot.is_file() else ""
    try:
        space = os.readlink("/proc/self/ns/pid").strip("pid:[]")
    except OSError:
        space = ""
    return f"{socket.gethostname()}/{suffix}/{space}"[:200]


def pid_alive(pid: int) -> bool:
    """Whether PID is a running process here (a zombie, killed but not reaped, is not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def register(session: Session, owner: str, now: datetime) -> None:
    """OWNER sends from now on (again, if it had stopped)."""
    values = {
        "id": owner,
        "host": this_host(),
        "pid": os.getpid(),
        "started_at": now,
        "seen_at": now,
    }
    upsert(session, OutboxSender, values, ["id"])


def beat(session: Session, owner: str, now: datetime) -> bool:
    """Renew OWNER's row; False when it was gone (taken for dead: its claims released)."""
    renewed = session.execute(
        update(OutboxSender).where(OutboxSender.id == owner).values(seen_at=now)
    ).rowcount  # type: ignore[attr-defined]
    if not renewed:
        register(session, owner, now)
    return bool(renewed)


def take_over(session: Session, owner: str, now: datetime) -> int:
    """Forget the processes that are dead and release their claims (and those of none:
    rows claimed before the outbox knew its senders). The number of rows released."""
    here = this_host()
    gone_here = [
        sender.id
        for sender in session.scalars(
            select(OutboxSender).where(OutboxSender.id != owner, OutboxSender.host == here)
        )
        if sender.pid == os.getpid() or not pid_alive(sender.pid)
    ]
    # Deleted only if still silent as the delete runs: a beat that lands meanwhile wins.
    dead = list(
        session.scalars(
            delete(OutboxSender)
            .where(
                OutboxSender.id != owner,
                or_(
                    OutboxSender.id.in_(gone_here),
                    (OutboxSender.host != here) & (OutboxSender.seen_at < now - STALE),
                ),
            )
            .returning(OutboxSender.id)
        )
    )
    released = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.state == ob.CLAIMED,
            or_(OutboxMessage.claimed_by.is_(None), OutboxMessage.claimed_by.in_(dead)),
        )
        .values(state=ob.PENDING, claimed_by=None)
    ).rowcount  # type: ignore[attr-defined]
    return int(released or 0)


def release_mine(session: Session, owner: str) -> int:
    """A clean stop: OWNER's claims not sent are pending again, and OWNER is gone."""
    released = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.state == ob.CLAIMED, OutboxMessage.claimed_by == owner)
        .values(state=ob.PENDING, claimed_by=None)
    ).rowcount  # type: ignore[attr-defined]
    session.execute(delete(OutboxSender).where(OutboxSender.id == owner))
    return int(released or 0)
