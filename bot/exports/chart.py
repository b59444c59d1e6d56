"""Assignments by unit and status as PNGs: one stacked horizontal bar per unit.

A phone shows a picture whole, so a chart of many units comes in pages of at most
PAGE_UNITS bars, each about 1300 x 1850 px at most: first the units with the most overdue
work, then every other unit by name. Past MAX_PAGES the rest is counted, not drawn: the
workbook has every unit. (docs/decisions.md, "Charts on a phone".)

matplotlib loads only when a chart is drawn, so the bot starts without it; the Agg
backend draws to memory, with no display and no pyplot state shared between threads.
"""

from __future__ import annotations

import textwrap
import unicodedata
from dataclasses import dataclass
from io import BytesIO

from bot.exports.labels import Labels
from bot.exports.rows import ExportData
from storage.status import DONE_LATE, OVERDUE

# Red for overdue and green for done, as the committee reads a traffic light.
STATUS_COLORS = {
    "not_started": "#9e9e9e",
    "on_track": "#1f77b4",
    "overdue": "#d62728",
    "extension_requested": "#ff9f1c",
    "done_on_time": "#2ca02c",
    "done_late": "#8c564b",
    "cancelled": "#d9d9d9",
}
WIDTH_INCHES = 10.0
# Per unit: room for a name on two lines.
BAR_INCHES = 0.45
# Per line of title added on a page of a longer chart (which part; units not drawn).
TITLE_LINE_INCHES = 0.25
DPI = 130
LABEL_CHARS = 32
# Bars on one picture: 25 keep it within 1300 x 2000 px, whole on a phone's screen.
PAGE_UNITS = 25
# Pictures for one chart at most (a Telegram album's worth): 250 units.
MAX_PAGES = 10

# What a page of a longer chart holds.
MOST_OVERDUE = "most_overdue"  # the units with the most overdue work, the most first
BY_NAME = "by_name"  # units by name (no unit has overdue work)
REST_BY_NAME = "rest_by_name"  # the units not on the first page, by name


@dataclass(frozen=True, slots=True)
class Series:
    status: str
    label: str
    color: str
    # One count per unit, in ChartData.units order.
    counts: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ChartData:
    # Top to bottom: the workbook's order for a whole chart, a page's own for a page.
    units: tuple[str, ...]
    series: tuple[Series, ...]

    @property
    def totals(self) -> tuple[int, ...]:
        return tuple(sum(s.counts[i] for s in self.series) for i in range(len(self.units)))

    def only(self, rows: list[int]) -> ChartData:
        """The units at ROWS, in that order, with every series (one legend on every page)."""
        return ChartData(
            tuple(self.units[i] for i in rows),
            tuple(
                Series(s.status, s.label, s.color, tuple(s.counts[i] for i in rows))
                for s in self.series
            ),
        )


@dataclass(frozen=True, slots=True)
class ChartPage:
    """One picture of a chart."""

    chart: ChartData
    part: int  # from 1
    parts: int
    # None on a chart of one page, else MOST_OVERDUE, BY_NAME or REST_BY_NAME.
    section: str | None
    # Units with work that no page draws (beyond MAX_PAGES); the workbook has them.
    left_out: int
    # The longest bar of the whole chart: every page has the same scale.
    widest: int


def chart_series(data: ExportData, labels: Labels) -> ChartData:
    """What the chart draws: units with work, in the workbook's (natural) order, and
    statuses that occur at least once."""
    shown = [u for u in data.units if u.total]
    series = []
    for i, status in enumerate(data.statuses):
        counts = tuple(u.counts[i] for u in shown)
        if any(counts):
            series.append(Series(status, labels.status(status), STATUS_COLORS[status], counts))
    # Names typed with combining accents would draw as loose marks.
    names = tuple(unicodedata.normalize("NFC", u.name) for u in shown)
    return ChartData(names, tuple(series))


def chart_pages(data: ExportData, labels: Labels) -> tuple[ChartPage, ...]:
    """The chart as pictures: one when its units fit on a page, in natural order. Else a
    first page of the units with overdue work, the most overdue first (then the most done
    late, then by name), at most PAGE_UNITS of them; then the other units by name, shared
    evenly over as few pages as hold them, MAX_PAGES pictures in all. Each unit is on one
    page at most; those on none are counted on every page."""
    chart = chart_series(data, labels)
    widest = max(chart.totals, default=0)
    count = len(chart.units)
    if count <= PAGE_UNITS:
        return (ChartPage(chart, 1, 1, None, 0, widest),)
    overdue, late = _counts(chart, OVERDUE), _counts(chart, DONE_LATE)
    worst = sorted(
        (i for i in range(count) if overdue[i]), key=lambda i: (-overdue[i], -late[i], i)
    )[:PAGE_UNITS]
    taken = set(worst)
    rest = [i for i in range(count) if i not in taken]
    drawn = rest[: (MAX_PAGES - (1 if worst else 0)) * PAGE_UNITS]
    groups = [(MOST_OVERDUE, worst)] if worst else []
    groups += [(REST_BY_NAME if worst else BY_NAME, g) for g in _shared(drawn, PAGE_UNITS)]
    return tuple(
        ChartPage(chart.only(rows), n, len(groups), section, len(rest) - len(drawn), widest)
        for n, (section, rows) in enumerate(groups, start=1)
    )


def _counts(chart: ChartData, status: str) -> tuple[int, ...]:
    found = next((s.counts for s in chart.series if s.status == status), None)
    return found or (0,) * len(chart.units)


def _shared(rows: list[int], size: int) -> list[list[int]]:
    """ROWS in order, over as few pages of at most SIZE as hold them, as evenly as may be."""
    pages = -(-len(rows) // size)
    if not pages:
        return []
    small, extra = divmod(len(rows), pages)
    found, start = [], 0
    for n in range(pages):
        end = start + small + (n < extra)
        found.append(rows[start:end])
        start = end
    return found


def build_chart(data: ExportData, labels: Labels) -> bytes:
    """The chart's first picture (the whole chart when its units fit on one)."""
    return draw_page(chart_pages(data, labels)[0], data, labels)


def build_charts(data: ExportData, labels: Labels) -> list[tuple[ChartPage, bytes]]:
    """Every picture of the chart, with what each one shows."""
    return [(page, draw_page(page, data, labels)) for page in chart_pages(data, labels)]


def draw_page(page: ChartPage, data: ExportData, labels: Labels) -> bytes:
    """PAGE's PNG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    chart = page.chart
    title = [labels["chart_title"]]
    if page.section is not None:
        section = labels[f"chart_{page.section}"]
        title.append(labels["chart_part"].format(part=page.part, parts=page.parts, section=section))
    notes = [labels.as_of(data.generated_at), labels.scope(data.scope)]
    if page.left_out:
        notes.append(labels["chart_left_out"].format(count=page.left_out))
    extra = TITLE_LINE_INCHES * (len(title) + len(notes) - 3)
    height = max(3.5, 2.4 + extra + BAR_INCHES * len(chart.units))
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    figure.suptitle(as_typed("\n".join(title)), fontsize=13, fontweight="bold")
    axes = figure.add_subplot()
    axes.set_title(as_typed("\n".join(notes)), fontsize=9)  # scope: typed words
    if not chart.units:
        axes.axis("off")
        axes.text(0.5, 0.5, labels["chart_empty"], ha="center", va="center", fontsize=11)
    else:
        rows = list(range(len(chart.units)))
        left = [0] * len(rows)
        widest = page.widest
        for s in chart.series:
            bars = axes.barh(
                rows, s.counts, left=left, height=0.7, color=s.color, label=s.label,
                edgecolor="white", linewidth=0.8,
            )  # fmt: skip
            # A number only where the segment has room for it.
            texts = [str(n) if n and n / widest >= 0.04 else "" for n in s.counts]
            axes.bar_label(bars, labels=texts, label_type="center", fontsize=8, color=_ink(s.color))
            left = [a + b for a, b in zip(left, s.counts, strict=True)]
        for row, total in zip(rows, chart.totals, strict=True):
            axes.text(total, row, f" {total}", va="center", fontsize=9, fontweight="bold")
        axes.set_yticks(rows, [_wrapped(name) for name in chart.units], fontsize=9)
        axes.invert_yaxis()
        axes.set_xlim(0, widest * 1.1 + 0.5)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_xlabel(labels["chart_axis"])
        axes.grid(axis="x", alpha=0.3)
        axes.set_axisbelow(True)
        axes.spines[["top", "right"]].set_visible(False)
        figure.legend(
            loc="outside lower center", ncols=min(3, len(chart.series)), frameon=False, fontsize=9
        )
    out = BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def _wrapped(name: str) -> str:
    """A unit's name on two lines at most, drawn as typed."""
    shortened = textwrap.shorten(name, 2 * LABEL_CHARS, placeholder="…")
    return as_typed(textwrap.fill(shortened, LABEL_CHARS))


def as_typed(text: str) -> str:
    """TEXT for matplotlib, which reads "$…$" as a formula: "$x^2$" would be drawn as math
    and "$\\undefined$" fail the whole chart. An escaped dollar is drawn as one."""
    return text.replace("$", r"\$")


def _ink(color: str) -> str:
    """Black on light segments, white on dark ones."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "white"
