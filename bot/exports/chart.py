"""Assignments by unit and status as a PNG: one stacked horizontal bar per unit.

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
DPI = 130
LABEL_CHARS = 32


@dataclass(frozen=True, slots=True)
class Series:
    status: str
    label: str
    color: str
    # One count per unit, in ChartData.units order.
    counts: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ChartData:
    # Top to bottom, as in the workbook.
    units: tuple[str, ...]
    series: tuple[Series, ...]

    @property
    def totals(self) -> tuple[int, ...]:
        return tuple(sum(s.counts[i] for s in self.series) for i in range(len(self.units)))


def chart_series(data: ExportData, labels: Labels) -> ChartData:
    """What the chart draws: units with work, and statuses that occur at least once."""
    shown = [u for u in data.units if u.total]
    series = []
    for i, status in enumerate(data.statuses):
        counts = tuple(u.counts[i] for u in shown)
        if any(counts):
            series.append(Series(status, labels.status(status), STATUS_COLORS[status], counts))
    # Names typed with combining accents would draw as loose marks.
    names = tuple(unicodedata.normalize("NFC", u.name) for u in shown)
    return ChartData(names, tuple(series))


def build_chart(data: ExportData, labels: Labels) -> bytes:
    """The chart's PNG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    chart = chart_series(data, labels)
    height = max(3.5, 2.4 + BAR_INCHES * len(chart.units))
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    figure.suptitle(labels["chart_title"], fontsize=13, fontweight="bold")
    axes = figure.add_subplot()
    axes.set_title(f"{labels.as_of(data.generated_at)}\n{labels.scope(data.scope)}", fontsize=9)
    if not chart.units:
        axes.axis("off")
        axes.text(0.5, 0.5, labels["chart_empty"], ha="center", va="center", fontsize=11)
    else:
        rows = list(range(len(chart.units)))
        left = [0] * len(rows)
        widest = max(chart.totals)
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
    """A unit's name on two lines at most."""
    return textwrap.fill(textwrap.shorten(name, 2 * LABEL_CHARS, placeholder="…"), LABEL_CHARS)


def _ink(color: str) -> str:
    """Black on light segments, white on dark ones."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "white"
