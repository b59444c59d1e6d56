"""Queries and writes by aggregate. They flush, never commit: the caller owns the transaction."""
