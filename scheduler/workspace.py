"""`schedule init`: copy a bundled example workspace (a scenario and its leaders' calendars) into a folder.

The examples are the repository's `calendars/` folder, installed as the package `scheduler.examples`
(pyproject.toml maps it), so an editable install and a regular one read the same files.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from .errors import InputError, OutputError, Where
from .outputs import write_all

DEFAULT_EXAMPLE = "korea-us-2025"


def examples() -> dict[str, Traversable]:
    """The bundled workspaces by name: every folder of `calendars/` with a scenario.yaml."""
    root = files("scheduler.examples")
    return {
        folder.name: folder
        for folder in sorted(root.iterdir(), key=lambda f: f.name)
        if folder.is_dir() and (folder / "scenario.yaml").is_file()
    }


def workspace_files(example: str) -> dict[str, bytes]:
    """The files a newcomer starts from: the scenario and the calendars beside it (no generated proposals/)."""
    known = examples()
    if example not in known:
        raise InputError(f"no bundled example {example!r}; examples: {', '.join(known)}", Where("--example"))
    folder = known[example]
    return {
        item.name: item.read_bytes()
        for item in sorted(folder.iterdir(), key=lambda f: f.name)
        if item.is_file() and item.name.endswith((".yaml", ".ics"))
    }


def init(folder: Path, example: str = DEFAULT_EXAMPLE, force: bool = False) -> list[Path]:
    """Write the example's files into `folder`; refuse to overwrite an existing file unless `force`."""
    content = workspace_files(example)
    existing = [name for name in content if (folder / name).exists()]
    if existing and not force:
        raise OutputError(
            f"would overwrite {', '.join(existing)}",
            Where(str(folder)),
            hint="choose an empty folder (schedule init NEW-FOLDER), or add --force to replace them",
        )
    return write_all(folder, content)
