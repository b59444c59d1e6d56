"""The units a command names, found in the database: one ("/donvi SXD"), or a list
("giao SXD, Sở Tài chính; các đơn vị liên quan") where names may hold commas."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.errors import UserError
from bot.reading.arguments import CODE_LIKE
from storage.models import Unit
from storage.repos import units as unit_repo


@dataclass(frozen=True)
class UnitMatch:
    """One entry of a unit list: a registered unit, or words that name none."""

    text: str
    unit: Unit | None


# The most units one list may name (a province has a few hundred).
MAX_LISTED = 500


def read_units(session: Session, text: str, free_text_allowed: bool) -> list[UnitMatch]:
    """Units named in TEXT, separated by commas or semicolons.

    Unit names contain commas ("Sở Văn hóa, Thể thao và Du lịch"), so the longest run of
    pieces that names a unit wins. Pieces that name nothing are an error, unless free text
    is allowed (supporting units: "các đơn vị liên quan") and they do not look like a code,
    in which case consecutive ones stay together as written.
    """
    pieces = [p.strip() for p in re.split(r"[,;]", text) if p.strip()]
    if len(pieces) > MAX_LISTED:
        raise UserError("unit_list_too_long", count=len(pieces), limit=MAX_LISTED)
    found: list[UnitMatch] = []
    loose: list[str] = []
    # A name holds a comma or two at most: the runs tried are no longer than the longest
    # name, so a long list costs a few lookups per piece, not one per pair of pieces.
    span = unit_repo.most_name_pieces(session) if len(pieces) > 1 else 1
    i = 0
    while i < len(pieces):
        for j in range(min(len(pieces), i + span), i, -1):
            candidate = ", ".join(pieces[i:j])
            units = unit_repo.find(session, candidate)
            if len(units) > 1:
                raise UserError("unit_ambiguous", name=candidate, codes=[u.code for u in units])
            if units:
                if loose:
                    found.append(UnitMatch(", ".join(loose), None))
                    loose = []
                found.append(UnitMatch(candidate, units[0]))
                i = j
                break
        else:
            piece = pieces[i]
            if not free_text_allowed or CODE_LIKE.match(piece):
                raise UserError("unit_unknown", name=piece)
            if len(", ".join([*loose, piece])) > 300:
                raise UserError("too_long", what="support", limit=300, length=len(piece))
            loose.append(piece)
            i += 1
    if loose:
        found.append(UnitMatch(", ".join(loose), None))
    return found


def one_unit(session: Session, text: str, include_archived: bool = False) -> Unit:
    units = unit_repo.find(session, text, include_archived=include_archived)
    if not units and not include_archived:
        archived = unit_repo.find(session, text, include_archived=True)
        if archived:
            raise UserError("unit_is_archived", code=archived[0].code, name=archived[0].name)
    if not units:
        raise UserError("unit_unknown", name=text.strip())
    if len(units) > 1:
        raise UserError("unit_ambiguous", name=text.strip(), codes=[u.code for u in units])
    return units[0]
