"""The buttons under messages: each is a command, so a press is the command typed, and a
channel without buttons can show the command as text. Nothing is kept between a message
and its press, so buttons work across restarts."""

from __future__ import annotations

from messages.neutral import Button


def task_buttons(number: int, lead: bool) -> tuple[Button, ...]:
    """Under a task for its unit: report, and (for the lead unit) done."""
    report = Button("button_report", f"/baocao {number}")
    return (report, Button("button_done", f"/xong {number}")) if lead else (report,)


def withdraw_button(number: int) -> Button:
    """Under a receipt for what its author just sent: take it back, if it was a mistake."""
    return Button("button_withdraw", f"/rutlai {number}")


def decision_buttons(number: int) -> tuple[Button, ...]:
    """Under an extension request, for the admins."""
    return (
        Button("button_approve", f"/duyet {number}"),
        Button("button_refuse", f"/tuchoi {number}"),
    )


def confirm_buttons() -> tuple[Button, ...]:
    return (Button("button_confirm", "có"), Button("button_cancel", "/huy"))
