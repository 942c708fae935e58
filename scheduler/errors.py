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


class ScenarioErrors(InputError):
    """Several input errors found in one pass, reported together."""

    def __init__(self, errors: list[InputError]):
        super().__init__(f"{len(errors)} error(s) in the scenario")
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)


class OutputError(SchedulerError):
    """An output file or folder cannot be written; exit code 2, nothing half-written."""


class VerificationError(SchedulerError):
    """The solver proposed something the independent verifier rejects: a bug, never shown as an answer."""

    exit_code = 3
