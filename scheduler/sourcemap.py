"""Where each key of a scenario stands in its file: the line numbers behind every error message."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import Where

KeyPath = tuple[str | int, ...]


@dataclass
class SourceMap:
    """Where each key path of the scenario stands in its file."""

    file: Path
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line(self, path: KeyPath) -> int | None:
        """The line of `path`, else of its nearest enclosing key."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None

    def where(self, path: KeyPath) -> Where:
        return Where(str(self.file), self.line(path), format_path(path) or None)


def format_path(path: KeyPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
