"""Pieces of the regular expressions, all on folded text: numbers in words, weekdays,
year tails, the prefixes before a deadline, the gaps between a date and a time, the
time of day, and what looks like a second date."""

from __future__ import annotations

import re

_E = r"(?![a-z0-9])"
_UNIT_WORDS = "mot|hai|ba|bon|tu|lam|nam|sau|bay|tam|chin"
_NUM = (
    rf"(?:\d{{1,3}}(?!\d)|(?:(?:(?:hai|ba|bon|nam|sau|bay|tam|chin) )?muoi(?: (?:{_UNIT_WORDS}))?"
    r"|mot|hai|ba|bon|nam|sau|bay|tam|chin)(?![a-z0-9]))"
)
_UNITS = {
    "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5,
    "sau": 6, "bay": 7, "tam": 8, "chin": 9,
}  # fmt: skip
_WEEKDAY = r"(?:thu (hai|ba|tu|nam|sau|bay|[2-7])|t([2-7])|(chu nhat|cn))"
_WEEKDAY_NO = {"hai": 0, "ba": 1, "tu": 2, "nam": 3, "sau": 4, "bay": 5}
_YEAR_TAIL = r"(?:(?:/|-|,? nam |,? )(\d{4})|,? nam (nay|sau|toi|ke tiep|truoc))?(?!\d)"
_NEXT = "sau nua|sau|toi|ke tiep"
_REL_MOD = rf"(?: (nay|{_NEXT}|truoc))?"

_PREFIX = re.compile(
    r"(?:(?:hoan thanh|xong|nop|gui)(?: truoc| vao| den)?|han chot|han cuoi|thoi han"
    r"|thoi gian(?: hoan thanh| thuc hien)?|han|truoc|"
    r"cham nhat(?: la)?|muon nhat(?: la)?|den het|den|het|vao|luc|trong(?= ngay \d)|la|"
    r"deadline|due date|due|no later than|by|before|until|on|at)"
    r"(?![a-z0-9])[ :,.-]*"
)
_PERIOD = r"(?:buoi )?(sang(?! (?:nam|tuan|thang)\b)|trua|chieu|toi|dem)"
_GAP = re.compile(
    rf"(?:[ ,;:]+|-+ |\(|{_PERIOD}{_E}|(?:vao luc|vao|luc|at|on|cua){_E}|t(?=\d{{1,2}}:\d))"
)
_TIME = re.compile(
    r"(?:(?:luc|at) )?(?:"
    r"(?P<h1>\d{1,2})(?::(?P<m1>\d{2}))? ?(?P<ampm>am|pm)"
    r"|(?P<h2>\d{1,2}):(?P<m2>\d{2})(?::\d{2})?(?!\d)"
    r"|(?P<h3>\d{1,2}) ?(?:gio|h|g)"
    # Minutes: "17h00", "17 giờ 00 phút", "8 giờ 30 ngày 20/12"; not a count of something
    # else ("5h 30 ngày nữa" is no 5:30).
    r"(?: ?(?P<m3>\d{1,2})(?![\d/.-])(?=(?: ?(?:phut|p|'))| ?$|[^ a-z0-9]| (?!(?:tieng|gio|h|tuan"
    r"|thang|nam)\b)(?:ngay (?=\d)|(?!ngay\b)))(?: ?(?:phut|p|'))?"
    r"| (?P<half>ruoi)| kem (?P<less>\d{1,2})"
    r"(?: ?(?:phut|p|'))?)?"
    rf"){_E}(?: (?:buoi )?(?P<per>sang|trua|chieu|toi|dem){_E})?(?! ?nua)"
)
_WEEKDAY_SUFFIX = re.compile(
    rf"\(?(?:{_WEEKDAY}|(monday)|(tuesday)|(wednesday)|(thursday)|(friday)|(saturday)|(sunday))"
    rf"\)?{_E}"
)
_WEEKDAY_LEAD = re.compile(rf"{_WEEKDAY}(?:,| -|\.)? \(?(?=(?:ngay )?\d)")
# What, after a complete date, would make the text name two dates.
_LOOKS_LIKE_DATE = re.compile(
    r"(?<!\d)\d{1,2}[/.-]\d{1,2}(?!\d)|(?<!\d)(?:19|20)\d\d(?!\d)|(?<!\d)\d{1,2} ?(?:h|g|gio)\b"
    r"|\d{1,2}:\d\d|\b(?:ngay|thang|quy|thu|tuan) \d|\b(?:hom nay|ngay mai|ngay kia|ngay mot"
    r"|tuan sau|tuan toi|thang sau|thang toi|nam sau|cuoi (?:tuan|thang|nam|quy)"
    r"|thu (?:hai|ba|tu|nam|sau|bay)|chu nhat|today|tomorrow|next (?:week|month|year)"
    r"|january|february|march|april|june|july|august|september|october|november|december)\b"
)
