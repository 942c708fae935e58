"""Writing files atomically: everything appears whole, or nothing does."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError, Where


def write_all(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file to a temporary name in `folder`, then rename them all into place."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(
            f"cannot create the output folder: {error.strerror}",
            Where(str(folder)),
            hint="choose another folder with --out",
        ) from None
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            if Path(name).name != name or name in {"", ".", ".."}:
                raise OutputError(f"refusing to write outside the output folder: {name!r}", Where(str(folder)))
            handle, temp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            staged.append((name, Path(temp_name)))
        written = []
        for name, staged_file in staged:
            os.replace(staged_file, folder / name)
            written.append(folder / name)
        return written
    except OSError as error:
        raise OutputError(
            f"cannot write: {error.strerror}",
            Where(str(folder)),
            hint="check the folder's permissions or choose another with --out",
        ) from None
    finally:
        for _, leftover in staged:
            leftover.unlink(missing_ok=True)
