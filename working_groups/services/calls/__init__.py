"""Calls: scheduling (one call or a series, in the series' own wall clock), editing and
cancelling one occurrence, the following ones or all still to come."""

from working_groups.services.calls.changes import ALL, FOLLOWING, THIS, call_cancel, call_edit
from working_groups.services.calls.recurrence import (
    MAX_OCCURRENCES,
    describe_series,
    instants,
    zone_label,
)
from working_groups.services.calls.scheduling import call_schedule

__all__ = [
    "ALL", "FOLLOWING", "MAX_OCCURRENCES", "THIS", "call_cancel", "call_edit", "call_schedule",
    "describe_series", "instants", "zone_label",
]  # fmt: skip
