"""When reminders are due and how they are sent (the reminder outbox). Not yet built:
see the reminders issue; the core already keeps deadlines as UTC instants for it."""
