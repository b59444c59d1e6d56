"""/xuat: the committee's workbook (.xlsx) or a CSV of the assignments, as a file in the
chat; /tiendo bieudo draws the status by unit."""

from __future__ import annotations

from bot.channel import PHOTO, Attachment
from bot.context import Context
from bot.exports.csv import build_csv
from bot.exports.data import load
from bot.exports.labels import load_labels
from bot.parsing import first_word
from bot.registry import MEMBER, command
from bot.scope_reading import read_scope
from messages import shared_renderer
from storage.keys import fold_key


@command("xuat", "export", role=MEMBER)
def export(ctx: Context, args: str) -> None:
    word, rest = first_word(args)
    kind = "csv" if fold_key(word) == "csv" else "xlsx"
    read = read_scope(ctx, rest if kind == "csv" else args, "export_usage")
    data = load(ctx.session, ctx.now, ctx.settings.timezone, read.scope)
    labels = load_labels(shared_renderer(), ctx.actor.lang)
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

    read = read_scope(ctx, args, "status_usage")
    data = load(ctx.session, ctx.now, ctx.settings.timezone, read.scope)
    labels = load_labels(shared_renderer(), ctx.actor.lang)
    picture = build_chart(data, labels)
    ctx.reply(
        "status_chart",
        attachment=Attachment(labels.file_name(data.generated_at, "png"), picture, PHOTO),
        count=len(data.assignments),
        scope=read.shown,
    )
