"""summit-scheduler: the earliest moment leaders can meet, across venues and time zones."""

MAX_TOP = 50
"""The most ranked proposals per meeting (--top); calendars know every UID a proposal may have by it."""
