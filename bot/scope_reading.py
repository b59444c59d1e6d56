"""Reading the filters of /tiendo and /xuat: a unit, a document, a period of deadlines.

    /tiendo SKHCN                  one unit (an official: their own only)
    /tiendo vb 412/UBND-VX         the assignments of one document
    /tiendo tháng 5 · quý 2/2025 · năm 2025 · từ 1/5 đến 31/5/2025
                                   deadlines in that period
The parts combine in any order: "/tiendo SKHCN quý 2 vb 412/UBND-VX".
"""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot import access
from bot.commands.documents import find_one as find_document
from bot.context import Context
from bot.dates import DateError, read_date
from bot.errors import UserError
from bot.exports.scope import Scope
from storage.keys import strip_diacritics

_DOCUMENT = re.compile(r"(?:^|\s)(?:vb|van\s*ban|doc|document)\s+(\S+)", re.I)
_RANGE = re.compile(r"(?:^|\s)(?:tu|from)\s+(.+?)\s+(?:den|to)\s+(\S+)", re.I)
_MONTH = re.compile(r"(?:^|\s)(?:thang|month)\s+(\d{1,2})(?:\s*/\s*(\d{4}))?(?=\s|$)", re.I)
_QUARTER = re.compile(r"(?:^|\s)(?:quy|quarter|q)\s*([1-4])(?:\s*/\s*(\d{4}))?(?=\s|$)", re.I)
_YEAR = re.compile(r"(?:^|\s)(?:nam|year)\s+(\d{4})(?=\s|$)", re.I)


@dataclass
class ReadScope:
    scope: Scope
    # What the answer says it covers: {"document": "412/UBND-VX", "from": date, ...}
    shown: dict[str, Any] = field(default_factory=dict)


def read_scope(ctx: Context, text: str, usage: str) -> ReadScope:
    """The scope TEXT names; USAGE is the template that explains the forms."""
    text = unicodedata.normalize("NFC", text)
    # Folded letter by letter, so the patterns' spans index the original text too.
    folded = "".join(strip_diacritics(ch)[:1] or ch for ch in text)
    spans: list[tuple[int, int]] = []
    shown: dict[str, Any] = {}
    document_id = None
    if m := _DOCUMENT.search(folded):
        doc = find_document(ctx, text[m.start(1) : m.end(1)])
        document_id, shown["document"] = doc.id, doc.number
        spans.append(m.span())
    period = _period(ctx, text, folded, spans, usage)
    if period is not None:
        shown["from"], shown["to"] = period
    rest = _without(text, spans).strip()
    unit_ids: tuple[int, ...] | None
    if rest:
        unit = access.own_unit(ctx, rest, include_archived=True)
        unit_ids = (unit.id,)
    elif ctx.actor.is_admin:
        unit_ids = None
    else:
        unit_ids = tuple(ctx.actor.unit_ids)
    scope = Scope(
        document_id=document_id,
        unit_ids=unit_ids,
        due_from=period[0] if period else None,
        due_to=period[1] if period else None,
    )
    return ReadScope(scope, shown)


def _period(
    ctx: Context, text: str, folded: str, spans: list[tuple[int, int]], usage: str
) -> tuple[date, date] | None:
    today = ctx.local_now.date()
    if m := _RANGE.search(folded):
        spans.append(m.span())
        start, end = (_day(ctx, text[m.start(i) : m.end(i)], usage) for i in (1, 2))
        if end < start:
            raise UserError(usage)
        return start, end
    if m := _MONTH.search(folded):
        spans.append(m.span())
        month, year = int(m[1]), int(m[2] or today.year)
        if not 1 <= month <= 12:
            raise UserError(usage)
        return date(year, month, 1), date(year, month, monthrange(year, month)[1])
    if m := _QUARTER.search(folded):
        spans.append(m.span())
        quarter, year = int(m[1]), int(m[2] or today.year)
        last = quarter * 3
        return date(year, last - 2, 1), date(year, last, monthrange(year, last)[1])
    if m := _YEAR.search(folded):
        spans.append(m.span())
        year = int(m[1])
        return date(year, 1, 1), date(year, 12, 31)
    return None


def _day(ctx: Context, text: str, usage: str) -> date:
    try:
        return read_date(text, ctx.now, ctx.settings.timezone).day
    except DateError as error:
        raise UserError(usage) from error


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    kept, at = [], 0
    for start, end in sorted(spans):
        kept.append(text[at:start])
        at = end
    kept.append(text[at:])
    return " ".join("".join(kept).split())
