"""Every command, in one table: its Vietnamese name, its English alias, who may use it and
its handler, in the order help lists them. The wiring hands this table to the core
(bot.conversation.core.Bot), which dispatches through it; nothing registers itself."""

from bot.commands import (
    assign,
    documents,
    export,
    general,
    groups,
    intake,
    leaders,
    linking,
    manage,
    members,
    official,
    reminders,
    status,
    units,
)
from bot.conversation.command_table import ADMIN, ANYONE, MEMBER, Command, CommandTable

COMMANDS = CommandTable(
    (
        Command("vanban", ("docs",), ADMIN, documents.documents),
        Command("giao", ("assign",), ADMIN, assign.assign),
        Command("xuat", ("export",), MEMBER, export.export),
        Command("start", ("batdau",), ANYONE, general.start),
        Command("trogiup", ("help",), ANYONE, general.help_),
        Command("ngonngu", ("language",), ANYONE, general.language),
        Command("huy", ("cancel",), ANYONE, general.abandon),
        Command("ketnoi", ("bind",), ADMIN, groups.bind),
        Command("sua", ("edit",), ADMIN, manage.edit),
        Command("huynv", ("canceltask",), ADMIN, manage.cancel),
        Command("dong", ("close",), ADMIN, manage.close),
        Command("molai", ("reopen",), ADMIN, manage.reopen),
        Command("duyet", ("approve",), ADMIN, manage.approve),
        Command("tuchoi", ("refuse",), ADMIN, manage.refuse),
        Command("lichsu", ("history",), MEMBER, manage.history),
        Command("nhapvanban", ("import",), ADMIN, intake.import_letter),
        Command("lienket", ("link",), ANYONE, linking.link),
        Command("kenh", ("channel",), MEMBER, linking.channel),
        Command("moi", ("invite",), ADMIN, members.invite),
        Command("thanhvien", ("members",), MEMBER, members.members),
        Command("lanhdao", ("head",), MEMBER, leaders.heads),
        Command("phancong", ("assignto",), MEMBER, leaders.hand),
        Command("quantri", ("admins",), ADMIN, members.admins),
        Command("nhiemvu", ("tasks",), MEMBER, official.tasks),
        Command("baocao", ("report",), MEMBER, official.report),
        Command("rutlai", ("undo",), MEMBER, official.undo),
        Command("xong", ("done",), MEMBER, official.done),
        Command("giahan", ("extend",), MEMBER, official.extend),
        Command("nhacnho", ("remind",), ADMIN, reminders.remind),
        Command("lich", ("calendar",), ADMIN, reminders.calendar),
        Command("tiendo", ("status",), MEMBER, status.status),
        Command("donvi", ("units",), MEMBER, units.units),
    ),
    # A file sent without a command is a letter to import.
    file_received=intake.file_received,
)
