"""Reading the filters of /tiendo and /xuat: a unit, a document, a period of deadlines.

    /tiendo SKHCN                  one unit (an official: their own only)
    /tiendo vb 412/UBND-VX         the assignments of one document
    /tiendo tháng 5 · quý 2/2025 · năm 2025 · từ 1/5 đến 31/5/2025
    /tiendo tháng này · tháng trước · tuần này · quý này · năm nay · 6 tháng đầu năm
                                   deadlines in that period
The parts combine in any order: "/tiendo SKHCN quý 2 vb 412/UBND-VX".

A month or a quarter named without its year is the current one or the most recent one
("quý 2" said in December is this year's second quarter, said in February last year's):
a report is about what has begun, never about a period still to come.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from bot.commands.documents import find_one as find_document
from bot.conversation import access
from bot.conversation.context import Context
from bot.errors import UserError
from bot.exports.scope import Scope
from bot.reading.periods import Period, PeriodError, find_period
from storage.keys import fold

_DOCUMENT = re.compile(r"(?:^|\s)(?:vb|van\s*ban|doc|document)\s+(\S+)", re.I)


@dataclass
class ReadScope:
    scope: Scope
    # What the answer says it covers: {"document": "412/UBND-VX", "from": date, ...}
    shown: dict[str, Any] = field(default_factory=dict)


def read_scope(ctx: Context, text: str, usage: str) -> ReadScope:
    """The scope TEXT names; USAGE is the template that explains the forms."""
    text = unicodedata.normalize("NFC", text)
    # Folded letter by letter, so the patterns' spans index the original text too.
    folded = fold(text)
    spans: list[tuple[int, int]] = []
    shown: dict[str, Any] = {}
    document_id = None
    if m := _DOCUMENT.search(folded):
        doc = find_document(ctx, text[m.start(1) : m.end(1)])
        document_id, shown["document"] = doc.id, doc.number
        spans.append(m.span())
    period = _period(ctx, text, spans, usage)
    if period is not None:
        shown["from"], shown["to"] = period.start, period.end
    rest = _without(text, spans).strip()
    unit_ids: tuple[int, ...] | None
    if rest:
        unit_ids = (_unit(ctx, rest).id,)
    elif ctx.actor.is_admin:
        unit_ids = None
    else:
        unit_ids = tuple(ctx.actor.unit_ids)
    scope = Scope(
        document_id=document_id,
        unit_ids=unit_ids,
        due_from=period.start if period else None,
        due_to=period.end if period else None,
    )
    return ReadScope(scope, shown)


def _unit(ctx: Context, text: str) -> Any:
    """The unit the words left over name; words that are neither a unit nor a period
    get an answer that says so, with the forms that work."""
    try:
        return access.own_unit(ctx, text, include_archived=True)
    except UserError as error:
        if error.template != "unit_unknown":
            raise
        raise UserError("scope_unknown", text=text, command=f"/{ctx.command}") from None


def period_refusal(error: PeriodError, command: str, usage: str) -> UserError:
    """A reversed range says both ends; any other unreadable period, the command's forms."""
    if error.kind == "reversed":
        return UserError("period_reversed", start=error.start, end=error.end, command=command)
    return UserError(usage)


def _period(ctx: Context, text: str, spans: list[tuple[int, int]], usage: str) -> Period | None:
    """The period of deadlines TEXT names (its span joins SPANS), or None."""
    try:
        found = find_period(text, ctx.now, ctx.settings.timezone)
    except PeriodError as error:
        raise period_refusal(error, f"/{ctx.command}", usage) from None
    if found is not None:
        spans.append(found.span)
    return found


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    kept, at = [], 0
    for start, end in sorted(spans):
        kept.append(text[at:start])
        at = end
    kept.append(text[at:])
    return " ".join("".join(kept).split())
