"""Writing files atomically: every file of a run appears whole, or none of them changes."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError, Where


def _umask_mode() -> int:
    """The mode a plain `open()` would give a new file (mkstemp always uses 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_all(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Stage every file under a temporary name in `folder`, then move them all into place.

    If any move fails, the files already moved are put back as they were, so a failed run leaves
    the folder unchanged.
    """
    for name in files:
        if Path(name).name != name or name in {"", ".", ".."}:
            raise OutputError(f"refusing to write outside the output folder: {name!r}", Where(str(folder)))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(
            f"cannot create the output folder: {error.strerror}", Where(str(folder)),
            hint="choose another folder with --out",
        ) from None
    staged: list[tuple[Path, Path]] = []
    moved: list[tuple[Path, Path | None]] = []
    current = folder
    try:
        for name, data in files.items():
            current = folder / name
            if current.is_dir():
                raise IsADirectoryError(21, "a folder stands where the file should go")
            handle, temp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
            os.fchmod(handle, _umask_mode())
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            staged.append((Path(temp_name), current))
        for temp, target in staged:
            current = target
            backup = None
            if target.exists():
                backup = Path(tempfile.mkstemp(prefix=f".{target.name}.", suffix=".old", dir=folder)[1])
                os.replace(target, backup)
            moved.append((target, backup))
            os.replace(temp, target)
        return [target for _, target in staged]
    except BaseException as error:  # an error or Ctrl-C: put back what was already moved
        for target, backup in reversed(moved):
            if backup is not None:
                os.replace(backup, target)
            else:
                target.unlink(missing_ok=True)
        if not isinstance(error, OSError):
            raise
        raise OutputError(
            f"cannot write: {error.strerror}", Where(str(current)),
            hint="check the folder's permissions or choose another with --out",
        ) from None
    finally:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        for _, backup in moved:
            if backup is not None:
                backup.unlink(missing_ok=True)
