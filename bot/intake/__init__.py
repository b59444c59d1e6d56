"""Reading official letters into proposed assignments: `extract`, `read_file`, `read_bytes`."""

from bot.intake.extract import Proposal, ProposedAssignment, extract
from bot.intake.read_file import ReadFileError, read_bytes, read_file
from bot.intake.units import KnownUnit, UnitMatcher, unit_key

__all__ = [
    "KnownUnit",
    "Proposal",
    "ProposedAssignment",
    "ReadFileError",
    "UnitMatcher",
    "extract",
    "read_bytes",
    "read_file",
    "unit_key",
]
