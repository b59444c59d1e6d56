"""/xuat: the committee's workbook (.xlsx) or a CSV of the assignments, as a file in the
chat; /tiendo bieudo draws the status by unit."""

from __future__ import annotations

from bot.context import Context
from bot.exports.csv import build_csv
from bot.exports.data import load
from bot.exports.labels import Labels, load_labels
from bot.exports.rows import ExportData
from bot.parsing import first_word
from bot.registry import MEMBER, command
from bot.scope_reading import ReadScope, read_scope
from messages import shared_renderer
from messages.neutral import PHOTO, Attachment
from storage.keys import fold_key


@command("xuat", "export", role=MEMBER)
def export(ctx: Context, args: str) -> None:
    word, rest = first_word(args)
    kind = "csv" if fold_key(word) == "csv" else "xlsx"
    read, data, labels = _gathered(ctx, rest if kind == "csv" else args, "export_usage")
    if kind == "csv":
        body = build_csv(data, labels)
    else:
        from bot.exports.xlsx import build_xlsx  # openpyxl loads when a workbook is asked

        body = build_xlsx(data, labels)
    ctx.reply(
        "export_ready",
        attachment=Attachment(labels.file_name(data.generated_at, kind), body),
        kind=kind,
        count=len(data.assignments),
        overdue=len(data.overdue),
        scope=read.shown,
    )


def chart(ctx: Context, args: str) -> None:
    """/tiendo bieudo [filters]: a picture of the status table."""
    from bot.exports.chart import build_chart  # matplotlib loads only when a chart is asked

    read, data, labels = _gathered(ctx, args, "status_usage")
    picture = build_chart(data, labels)
    ctx.reply(
        "status_chart",
        attachment=Attachment(labels.file_name(data.generated_at, "png"), picture, PHOTO),
        count=len(data.assignments),
        scope=read.shown,
    )


def _gathered(ctx: Context, args: str, usage: str) -> tuple[ReadScope, ExportData, Labels]:
    """What a file shows: the scope ARGS name (USAGE explains them), its data, and the
    words in the reader's language."""
    read = read_scope(ctx, args, usage)
    data = load(ctx.session, ctx.now, ctx.settings.timezone, read.scope)
    return read, data, load_labels(shared_renderer(), ctx.actor.lang)
