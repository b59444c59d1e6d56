"""/xuat: the committee's workbook (.xlsx) or a CSV of the assignments, as a file in the
chat; /tiendo bieudo draws the status by unit."""

from __future__ import annotations

from bot.commands.scope import ReadScope, read_scope
from bot.conversation.context import Context
from bot.exports.csv import build_csv
from bot.exports.data import load
from bot.exports.labels import Labels, load_labels
from bot.exports.rows import ExportData
from bot.reading.arguments import first_word
from messages import shared_renderer
from messages.neutral import PHOTO, Attachment
from storage.keys import fold_key


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
    """/tiendo bieudo [filters]: the status table as pictures, one when its units fit on a
    phone's screen, else a few (bot/exports/chart.py), each with its own caption."""
    from bot.exports.chart import MOST_OVERDUE, build_charts  # matplotlib loads only here

    read, data, labels = _gathered(ctx, args, "status_usage")
    pictures = build_charts(data, labels)
    for page, picture in pictures:
        name = labels.file_name(data.generated_at, "png")
        if page.parts > 1:  # "tien-do-nhiem-vu-2026-01-13-2.png"
            name = f"{name.removesuffix('.png')}-{page.part}.png"
        ctx.reply(
            "status_chart",
            attachment=Attachment(name, picture, PHOTO),
            count=len(data.assignments),
            scope=read.shown,
            part=page.part,
            parts=page.parts,
            worst_first=pictures[0][0].section == MOST_OVERDUE,
            left_out=page.left_out,
        )


def _gathered(ctx: Context, args: str, usage: str) -> tuple[ReadScope, ExportData, Labels]:
    """What a file shows: the scope ARGS name (USAGE explains them), its data, and the
    words in the reader's language."""
    read = read_scope(ctx, args, usage)
    data = load(ctx.session, ctx.now, ctx.settings.timezone, read.scope)
    return read, data, load_labels(shared_renderer(), ctx.actor.lang)
