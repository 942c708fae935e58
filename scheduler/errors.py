"""One exception hierarchy; each error knows its exit code and is caught once, at the CLI edge."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Where:
    """A place in the user's input: file, line and key path (any part may be unknown)."""

    file: str | None = None
    line: int | None = None
    key: str | None = None

    def __str__(self) -> str:
        text = self.file or "<input>"
        if self.line is not None:
            text += f":{self.line}"
        if self.key:
            text += f": {self.key}"
        return text


class SchedulerError(Exception):
    """Base of every error the CLI reports without a traceback."""

    exit_code = 2

    def __init__(self, message: str, where: Where | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class InputError(SchedulerError):
    """The scenario, a calendar or a command-line value is wrong; exit code 2."""


MAX_SHOWN = 20
"""At most this many errors of one run are shown; the rest are counted."""


def _order(error: SchedulerError) -> tuple[str, int]:
    """File, then line; errors of one line keep the order they were found in (the keys' order)."""
    where = error.where or Where()
    return (where.file or "", where.line if where.line is not None else 1 << 30)


class ScenarioErrors(InputError):
    """Several input errors found in one pass, reported together: in file and line order, the same one once."""

    def __init__(self, errors: list[InputError]):
        unique: dict[str, InputError] = {}
        for error in sorted(errors, key=_order):
            unique.setdefault(str(error), error)
        super().__init__(f"{len(unique)} error(s) in the scenario")
        self.errors = list(unique.values())

    def lines(self) -> list[str]:
        """One entry per error shown (at most MAX_SHOWN), then a count of the rest."""
        shown = [str(error) for error in self.errors[:MAX_SHOWN]]
        rest = len(self.errors) - MAX_SHOWN
        more = [f"... and {rest} more error{'s' if rest != 1 else ''} (correct these first)"] if rest > 0 else []
        return shown + more

    def __str__(self) -> str:
        return "\n".join(self.lines())


class OutputError(SchedulerError):
    """An output file or folder cannot be written; exit code 2, nothing half-written."""


class VerificationError(SchedulerError):
    """The solver proposed something the independent verifier rejects: a bug, never shown as an answer."""

    exit_code = 3
