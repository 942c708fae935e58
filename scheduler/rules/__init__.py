"""The scenario's rules, one module each: the set form, the verifier check and the wording side by side.

`registry.RULES` lists them in order; `book.RuleBook` builds a meeting's options from it, the
verifier (`scheduler.verify`) runs every rule's check, and the picture shades the intersection of
the venue-only rules' `venue_time`. Plain Python: nothing here imports the solver.
"""

from .base import EXPLAIN_BEYOND, At, Grid, Option, Rule, RuleSpec, Visit
from .book import RuleBook, options
from .registry import RULES, venue_hosts

__all__ = [
    "EXPLAIN_BEYOND",
    "RULES",
    "At",
    "Grid",
    "Option",
    "Rule",
    "RuleBook",
    "RuleSpec",
    "Visit",
    "options",
    "venue_hosts",
]
