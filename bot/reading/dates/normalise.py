"""The text made regular before it is folded: one kind of dash, quote and space, no gap
around "/" and ":" between digits, and "tới" settled as "until" or "evening"."""

from __future__ import annotations

import re
import unicodedata

_PUNCT = str.maketrans(
    {
        "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-",
        "\u00a0": " ", "\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'",
        "\u2032": "'",
    }
)  # fmt: skip
_SPACES = re.compile(r"\s+")
_DIGIT_GAP = re.compile(r"(?<=\d) ?([/:]) ?(?=\d)")
_EDGE = " \"'«»()[]{}.,;:!?…*_~-"
# "tới" means "until" before a day or an hour ("tới ngày 12/5", "tới 17h") but folds to the
# same letters as "tối" (evening); settle it while the marks are still there.
_UNTIL_TOI = re.compile(
    r"(?<!tuần )(?<!tháng )(?<!năm )(?<!quý )(?<!ngày )(?<!giờ )"
    r"\btới(?= (?:ngày|hết|cuối|thứ|chủ|mai|hôm|\d))"
)


def _normalise(text: str) -> str:
    s = unicodedata.normalize("NFC", text).lower().translate(_PUNCT)
    s = _SPACES.sub(" ", s).strip().strip(_EDGE)
    s = _DIGIT_GAP.sub(r"\1", s)
    return _UNTIL_TOI.sub("den", s)
