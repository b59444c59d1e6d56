"""The values the `extract_proposal` template shows a proposal with."""

from __future__ import annotations

from typing import Any

from bot.intake.extract import Proposal

__all__ = ["proposal_values"]


def proposal_values(proposal: Proposal) -> dict[str, Any]:
    return {
        "number": proposal.number,
        "issuer": proposal.issuer,
        "issued": proposal.issued,
        "assignments": [
            {
                "lead": a.lead,
                "lead_known": a.lead_unit_id is not None,
                "support": list(a.support),
                "task": a.task,
                "deadline": a.deadline,
                "deadline_text": a.deadline_text,
                "recurrence": a.recurrence,
                "recurrence_text": a.recurrence_text,
                "urgent": a.urgent,
            }
            for a in proposal.assignments
        ],
        "unknown_units": list(proposal.unknown_units),
    }
