"""Domain operations, written once for every caller (commands, dialogs, later the scheduler
and document intake). Each takes the session first, flushes, audits, and never commits."""
