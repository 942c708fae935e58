"""The scenario's rules as sets of allowed start minutes: the names other modules import.

The rules themselves live in `scheduler.rules`, one module each; this module re-exports what the
solver, the plan, the explanations and the tests use from it.
"""

from __future__ import annotations

from .rules.base import (
    EXPLAIN_BEYOND,
    Grid,
    Option,
    Rule,
    day_text,
    meeting_year,
    minutes,
    possessive,
)
from .rules.base import hours_text as _hours_text
from .rules.book import RuleBook, options
from .wording import span_text

__all__ = [
    "EXPLAIN_BEYOND",
    "Grid",
    "Option",
    "Rule",
    "RuleBook",
    "_hours_text",
    "day_text",
    "meeting_year",
    "minutes",
    "options",
    "possessive",
    "span_text",
]
