"""Every table of the schema. Import from here so the metadata is complete."""

from storage.models.assignments import Assignment, AssignmentSupport, ExtensionRequest
from storage.models.audit import AuditEntry
from storage.models.chats import CodeAttempt, GroupChat, SeenMessage, SentMessage
from storage.models.conversation import ChatFocus, ConversationState
from storage.models.documents import Document
from storage.models.outbox import OutboxMessage, OutboxSender
from storage.models.people import Account, Invite, LinkCode, Membership, Person
from storage.models.progress import ProgressReport
from storage.models.reminders import CalendarDay, ReminderPlan, Series
from storage.models.units import Unit, UnitAlias

__all__ = [
    "Account",
    "Assignment",
    "AssignmentSupport",
    "AuditEntry",
    "CalendarDay",
    "ChatFocus",
    "CodeAttempt",
    "ConversationState",
    "Document",
    "ExtensionRequest",
    "GroupChat",
    "Invite",
    "LinkCode",
    "Membership",
    "OutboxMessage",
    "OutboxSender",
    "Person",
    "ProgressReport",
    "ReminderPlan",
    "SeenMessage",
    "SentMessage",
    "Series",
    "Unit",
    "UnitAlias",
]
