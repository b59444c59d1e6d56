"""/vanban: enter documents and see the assignments under each."""

from __future__ import annotations

from datetime import date

from bot.conversation import typed_dates
from bot.conversation.context import Context
from bot.errors import UserError
from bot.reading.arguments import first_word
from bot.services import template_values
from bot.services.units import check_length
from storage.keys import document_key, fold_key
from storage.models import Document
from storage.repos import assignments as assignment_repo
from storage.repos import documents as repo


def find_one(ctx: Context, ref: str) -> Document:
    """The document REF names. An official names only the documents that gave their
    units work: the register is for admins, and a refusal must not list it."""
    found = repo.find(ctx.session, ref)
    if not ctx.actor.is_admin:
        visible = repo.ids_of_units_work(ctx.session, ctx.actor.unit_ids)
        found = [d for d in found if d.id in visible]
    if not found:
        raise UserError("doc_unknown", ref=ref)
    if len(found) > 1:
        raise UserError(
            "doc_ambiguous", ref=ref, docs=[template_values.document(ctx, d) for d in found]
        )
    return found[0]


def documents(ctx: Context, args: str) -> None:
    word, rest = first_word(args)
    if not word:
        ctx.reply(
            "docs_list", docs=[template_values.document(ctx, d) for d in repo.listing(ctx.session)]
        )
        return
    if fold_key(word) in ("them", "add"):
        _add(ctx, rest)
        return
    doc = find_one(ctx, args)
    rows = assignment_repo.for_document(ctx.session, doc.id)
    ctx.reply(
        "doc_show",
        ids=[a.id for a in rows],
        doc=template_values.document(ctx, doc),
        tasks=template_values.assignments(ctx, rows),
    )


def _add(ctx: Context, rest: str) -> None:
    fields = [f.strip() for f in rest.split("|")]
    if len(fields) < 3 or len(fields) > 4 or not all(fields[:3]):
        raise UserError("doc_usage")
    number, issuer, date_text = fields[:3]
    check_length(number, 100, "doc_number")
    check_length(issuer, 300, "issuer")
    summary = fields[3] if len(fields) == 4 else ""
    issued = typed_dates.any_day(ctx, date_text)
    if issued.day > ctx.today:
        raise UserError("doc_date_future", day=issued.day)
    if any(d.issuer.casefold() == issuer.casefold() for d in repo.find(ctx.session, number)):
        raise UserError("doc_exists", number=number)
    doc = add(ctx, number, issuer, issued.day, summary)
    ctx.reply("doc_added", doc=template_values.document(ctx, doc))


def add(ctx: Context, number: str, issuer: str, issued: date | None, summary: str) -> Document:
    """A new document row, in the audit trail (/vanban them, and letters imported)."""
    change = ctx.change(ctx.ensure_person())
    doc = Document(
        number=number,
        number_key=document_key(number),
        issuer=issuer,
        issued_on=issued,
        summary=summary,
        created_at=ctx.now,
        created_by=change.actor_id,
    )
    ctx.session.add(doc)
    ctx.session.flush()
    new = f"{number} | {issuer} | {issued.isoformat() if issued else '-'}"
    change.trail("document", doc.id, "create", new=new)
    return doc
